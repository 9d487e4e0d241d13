"""Ingest: inputs → the store, idempotently. What ``veille ingest`` runs.

Articles that the store already holds unchanged, analysed by the current analyzers and
model, are not analysed again, so a rerun after an interruption only does the rest.
Results are written in transactions of ``batch`` documents: a killed run loses at most
the batch in flight, and a rerun completes it without duplicates.

With ``workers`` > 1 the analysis (and the provenance fingerprints) run in that many
processes (``veille.pool``) and this process only reads the inputs and writes: the same
results, stored in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from veille.analyze import ANALYZERS
from veille.analyze.nlp import load, model_label
from veille.fetch import DEFAULT_MAX_BYTES, iter_sources
from veille.pipeline import Result, iter_analyses
from veille.pool import Analysed, AnalysisPool
from veille.records import Article, Failure
from veille.store import Store

if TYPE_CHECKING:
    from spacy.language import Language

# Documents per transaction: measured on masakhanews_fra (881 articles), writing is 0.7 % of
# ingest time at 32; larger batches gain nothing and lose more work to a kill.
BATCH = 32


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.added + self.updated + self.unchanged


def ingest(
    inputs: Iterable[str],
    store: Store,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    nlp: Language | None = None,
    batch: int = BATCH,
    progress: Callable[[Result], None] | None = None,
    provenance: bool = True,
    workers: int = 1,
) -> IngestReport:
    """Fetch, extract, analyse and store every document of ``inputs``; record failures.

    With ``provenance`` (the default) each batch's new or changed articles are fingerprinted
    and linked against the store (``veille.provenance``); without it, `veille relink`
    does that later. ``workers`` > 1 analyses in that many processes (``nlp`` is then
    not used: each process loads the model)."""
    report = IngestReport()
    pending: list[Analysed] = []
    for item in _analysed(inputs, store, max_bytes=max_bytes, nlp=nlp, workers=workers,
                          provenance=provenance):
        pending.append(item)
        if progress is not None:
            progress(item.result)
        if len(pending) >= batch:
            _flush(store, pending, report, provenance=provenance)
    _flush(store, pending, report, provenance=provenance)
    return report


def _analysed(inputs: Iterable[str], store: Store, *, max_bytes: int, nlp: Language | None,
              workers: int, provenance: bool) -> Iterator[Analysed]:
    if workers > 1:
        pool = AnalysisPool(workers, store=store.path, fingerprints=provenance)
        yield from pool.map(iter_sources(inputs, max_bytes=max_bytes))
        return
    nlp = nlp or load()
    model = model_label(nlp)

    def skip(article: Article) -> bool:
        return store.is_current(article, analyzers=dict(ANALYZERS), model=model)

    for result in iter_analyses(inputs, max_bytes=max_bytes, nlp=nlp, skip=skip):
        yield Analysed(result)


def _flush(store: Store, pending: list[Analysed], report: IngestReport, *,
           provenance: bool = True) -> None:
    results = [p.result for p in pending]
    analyses = [r.analysis for r in results if r.analysis is not None]
    # An article whose analysis failed is kept without one; the failure says why.
    unanalysed = [r.article for r in results if r.failure is not None and r.article is not None]
    problems = [f for r in results for f in (*r.warnings, *([r.failure] if r.failure else []))]
    written = store.write(analyses, problems, unanalysed)
    if provenance:
        # Unchanged articles too: a run killed between writing a batch and linking it left
        # them stored without fingerprints (``_link`` skips those already current).
        kept = [r.article for r in results if r.unchanged and r.article is not None]
        known = {p.result.article.id: p.fingerprint for p in pending
                 if p.fingerprint is not None and p.result.article is not None}
        _link(store, [a.article for a in analyses] + unanalysed + kept, report, known)
    report.added += written["added"]
    report.updated += written["updated"]
    report.unchanged += written["unchanged"] + sum(r.unchanged for r in results)
    report.failures += [r.failure for r in results if r.failure is not None]
    report.warnings += [w for r in results for w in r.warnings]
    pending.clear()


def _link(store: Store, articles: list[Article], report: IngestReport,
          known: Mapping[str, Mapping[str, Any]] | None = None) -> None:
    """Provenance, incrementally: articles added or changed by this batch get a fingerprint
    (``known``: computed by the analysis processes) and are linked against the store. A
    failure here loses links, never the articles."""
    from veille.provenance import fingerprints_for, link_new, stale_articles

    stale = stale_articles(store, [a.id for a in articles])
    if not stale:
        return
    known = known or {}
    try:
        computed = fingerprints_for(store, [i for i in stale if i not in known])
        link_new(store, {i: known.get(i) or computed[i] for i in stale
                         if i in known or i in computed})
    except Exception as exc:  # recorded, and `veille relink` retries
        failure = Failure(source=", ".join(stale[:3]) + (" …" if len(stale) > 3 else ""),
                          stage="provenance", error_type=type(exc).__name__,
                          message=f"{exc} (retry with `veille relink`)", level="warning")
        store.add_failure(failure)
        report.warnings.append(failure)
