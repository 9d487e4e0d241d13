"""Analysis stages: what timexes, places and events cost on top of entities, quotes and roles.

The issue's requirement: measure the cost of timexes, places and events on top of the
quotes/people analysis (ratio of articles/s with and without, same run, same texts), and
loading the gazetteer must take under 1 s after the first run.

The texts are parsed ONCE with ``veille.analyze.nlp.load()`` (``nlp.pipe`` at
``veille.analyze.BATCH_SIZE``, after a warm-up on a few docs), timed, and the Docs kept.
Then, over those same docs, five stages run interleaved ``--repeat`` times, their order
rotating from one repeat to the next, medians reported:

- ``entities+quotes`` (a): ``entities.entities_from_doc`` then ``quotes.quotes_and_roles``;
- ``full`` (b): ``veille.analyze._build`` — entities, quotes and roles, timexes, places,
  events, the ``Analysis`` record;
- ``timexes``, ``places``, ``events``: each added analyzer alone, on inputs computed once
  beforehand and not timed (the entities of each doc; its timexes for ``events``).

Every ``Article`` is given the same ``published`` date (``PUBLISHED``), for ``full`` and
``timexes`` alike. The issue's ratio is end to end, the parse included (measured once):
``(parse + a) / (parse + b)`` in seconds, i.e. articles/s with all analyzers over articles/s
with entities and quotes only. The rules-only ratio ``a / b`` is printed for information.

Gazetteer: ``gazetteer_load._cached_load`` in fresh interpreters, the first into an empty
temporary cache directory (the first build, written to that cache), then ``GAZETTEER_LOADS``
cached loads (median); import time is excluded and printed apart. Verdict against 1 s.

Usage: python bench/analysis_stages.py [--corpus PATH] [--limit N] [--repeat R] [--json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import spacy
from _common import log, parse_bench_args, peak_rss_mib
from analysis_overhead import load_corpus, source_version
from gazetteer_load import _cached_load

from veille.analyze import BATCH_SIZE, entities, events, places, quotes, timexes
from veille.analyze.nlp import load, model_label
from veille.records import Article, Entity, Timex

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The module itself: ``veille.analyze`` as an attribute of ``veille`` is the function.
ANALYZE_MODULE: Any = importlib.import_module("veille.analyze")
DEFAULT_LIMIT = 300
PUBLISHED = "2019-10-01"
WARM_UP_DOCS = 8
GAZETTEER_LOADS = 3
GAZETTEER_LIMIT_S = 1.0
CORE, FULL = "entities+quotes", "full"
ADDED = ("timexes", "places", "events")


@dataclass(frozen=True)
class Item:
    """One parsed article, with the inputs the added analyzers take (computed once)."""

    article: Article
    doc: Doc
    entities: tuple[Entity, ...]
    timexes: tuple[Timex, ...]


# -- stages: each returns how many things it produced -------------------------------------
def _core(item: Item, nlp: Language) -> int:
    found = entities.entities_from_doc(item.doc)
    said, _learned = quotes.quotes_and_roles(item.doc, found)
    return len(found) + len(said)


def _full(item: Item, nlp: Language) -> int:
    a = ANALYZE_MODULE._build(item.article, item.doc, nlp)
    return (len(a.entities) + len(a.quotes) + len(a.timexes) + len(a.places)
            + len(a.events))


def _timexes(item: Item, nlp: Language) -> int:
    return len(timexes.timexes_from_text(item.article.text, published=PUBLISHED))


def _places(item: Item, nlp: Language) -> int:
    return len(places.places_from_entities(item.entities, item.article.text))


def _events(item: Item, nlp: Language) -> int:
    return len(events.events_from_doc(item.doc, item.entities, timexes=item.timexes))


STAGES: dict[str, Callable[[Item, Language], int]] = {
    CORE: _core, FULL: _full, "timexes": _timexes, "places": _places, "events": _events,
}


@dataclass
class Run:
    seconds: float
    outputs: int


def run_stage(stage: str, items: list[Item], nlp: Language) -> Run:
    function = STAGES[stage]
    outputs = 0
    start = time.perf_counter()
    for item in items:
        outputs += function(item, nlp)
    return Run(seconds=time.perf_counter() - start, outputs=outputs)


# -- parse once, then measure -------------------------------------------------------------
def parse(nlp: Language, articles: list[Article]) -> tuple[list[Item], float]:
    """Warm-up on a few docs, then one timed ``nlp.pipe`` over all the texts; the Docs are
    kept with their entities and timexes (computed after the timer stops)."""
    texts = [a.text for a in articles]
    list(nlp.pipe(texts[:WARM_UP_DOCS], batch_size=BATCH_SIZE))
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=BATCH_SIZE))
    seconds = time.perf_counter() - start
    items = []
    for article, doc in zip(articles, docs, strict=True):
        found = entities.entities_from_doc(doc)
        items.append(Item(article=article, doc=doc, entities=found,
                          timexes=timexes.timexes_from_text(article.text, published=PUBLISHED)))
    return items, seconds


def measure(items: list[Item], nlp: Language, repeat: int) -> dict[str, list[Run]]:
    """Each stage on a few docs untimed (gazetteer, word lists, regexes), then all stages
    interleaved ``repeat`` times, their order rotating from one repeat to the next."""
    names = tuple(STAGES)
    for stage in names:
        run_stage(stage, items[:WARM_UP_DOCS], nlp)
    runs: dict[str, list[Run]] = {stage: [] for stage in names}
    for i in range(1, repeat + 1):
        shift = (i - 1) % len(names)
        for stage in names[shift:] + names[:shift]:
            run = run_stage(stage, items, nlp)
            runs[stage].append(run)
            log(f"  repeat {i}/{repeat}  {stage:<16} {run.seconds:7.2f} s")
    return runs


def gazetteer_loads(loads: int) -> dict[str, Any]:
    """First build and cached loads of the place index, each in a fresh interpreter, into
    and from an empty temporary cache directory (``gazetteer_load._cached_load``)."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        _import_s, build = _cached_load(directory)
        log(f"  gazetteer first build {build:.2f} s")
        cached = [_cached_load(directory) for _ in range(loads)]
        size = places.cache_path(directory).stat().st_size
    median = statistics.median(load_s for _imp, load_s in cached)
    return {
        "first_build_s": round(build, 3), "cached_load_s": round(median, 3),
        "cached_runs_s": [round(load_s, 3) for _imp, load_s in cached],
        "import_s": round(statistics.median(imp for imp, _load in cached), 3),
        "cache_bytes": size, "limit_s": GAZETTEER_LIMIT_S,
        "passed": median < GAZETTEER_LIMIT_S,
    }


# -- report -------------------------------------------------------------------------------
def _median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def _stage_figures(runs: list[Run], docs: int) -> dict[str, Any]:
    seconds = _median(runs)
    return {"seconds": round(seconds, 3), "ms_per_doc": round(1000 * seconds / docs, 3),
            "outputs": runs[-1].outputs, "runs_seconds": [round(r.seconds, 3) for r in runs]}


def summarise(runs: dict[str, list[Run]], parse_s: float, docs: int,
              meta: dict[str, Any]) -> dict[str, Any]:
    """All figures as one JSON-ready dict (the gazetteer's are added by ``main``)."""
    core, full = _median(runs[CORE]), _median(runs[FULL])
    added_alone = sum(_median(runs[s]) for s in ADDED)
    ratio = (parse_s + core) / (parse_s + full)
    return {
        **meta, "docs": docs,
        "parse": {"seconds": round(parse_s, 3), "ms_per_doc": round(1000 * parse_s / docs, 3)},
        "stages": {s: _stage_figures(r, docs) for s, r in runs.items()},
        "added": {"by_difference_ms_per_doc": round(1000 * (full - core) / docs, 3),
                  "sum_alone_ms_per_doc": round(1000 * added_alone / docs, 3)},
        "articles_per_s": {"parse_core": round(docs / (parse_s + core), 2),
                           "parse_full": round(docs / (parse_s + full), 2)},
        "ratio_end_to_end": round(ratio, 3), "ratio_rules_only": round(core / full, 3),
        "verdict": f"timexes + places + events: articles/s with / without = {ratio:.3f}× "
                   f"end to end ({1 - ratio:.1%} slower; parse + entities + quotes vs parse "
                   "+ full analysis)",
    }


def gazetteer_verdict(gaz: dict[str, Any]) -> str:
    outcome = "pass" if gaz["passed"] else "FAIL"
    return (f"gazetteer cached load {gaz['cached_load_s']:.3f} s (limit "
            f"{gaz['limit_s']:.0f} s, median of {len(gaz['cached_runs_s'])}): {outcome}")


def print_table(report: dict[str, Any]) -> None:
    """The human-readable report: parse, one row per stage, ratios, gazetteer, verdicts."""
    docs, p = report["docs"], report["parse"]
    print(f"corpus   {report['corpus']}  ({docs} docs, {report['words']:,} words)")
    print(f"model    {report['model']}  batch_size {report['batch_size']}  spaCy "
          f"{report['spacy']}  veille source {report['source']}  published {PUBLISHED}")
    print(f"machine  {report['cpus']} CPUs, Python {report['python']}; median of "
          f"{report['repeat']} interleaved run(s); peak RSS {report['peak_rss_mib']:,.0f} MiB\n")
    print(f"spaCy parse (once): {p['seconds']:.2f} s = {p['ms_per_doc']:.1f} ms/doc\n")
    head = f"{'stage':<17}{'seconds':>9}{'ms/doc':>9}{'outputs':>9}  runs (s)"
    print(head)
    print("-" * (len(head) + 12))
    for name, s in report["stages"].items():
        runs = ", ".join(f"{x:.2f}" for x in s["runs_seconds"])
        print(f"{name:<17}{s['seconds']:>9.2f}{s['ms_per_doc']:>9.2f}{s['outputs']:>9,}  {runs}")
    added, aps = report["added"], report["articles_per_s"]
    print(f"\ntimexes + places + events: full − entities+quotes = "
          f"{added['by_difference_ms_per_doc']:.2f} ms/doc; each alone, summed = "
          f"{added['sum_alone_ms_per_doc']:.2f} ms/doc")
    print(f"articles/s: parse + entities + quotes {aps['parse_core']:.2f}, parse + full "
          f"analysis {aps['parse_full']:.2f}; rules only (no parse) "
          f"{report['ratio_rules_only']:.3f}×")
    g = report["gazetteer"]
    print(f"gazetteer (fresh interpreters): first build {g['first_build_s']:.2f} s into an "
          f"empty cache dir; cached loads {', '.join(f'{x:.3f}' for x in g['cached_runs_s'])}"
          f" s (import veille.analyze.places {g['import_s']:.2f} s apart; cache "
          f"{g['cache_bytes'] / 2**20:.1f} MiB)")
    print(report["verdict"])
    print(gazetteer_verdict(g))


# -- main ---------------------------------------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    return parse_bench_args(__doc__, argv, limit=DEFAULT_LIMIT, repeat=3)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    articles = [replace(a, published=PUBLISHED) for a in load_corpus(args.corpus, args.limit)]
    log(f"loading the model; parsing {len(articles)} documents from {args.corpus}")
    nlp = load()
    items, parse_s = parse(nlp, articles)
    log(f"  parse {parse_s:.2f} s")
    runs = measure(items, nlp, args.repeat)
    meta = {
        "corpus": str(args.corpus), "limit": args.limit, "repeat": args.repeat,
        "words": sum(len(a.text.split()) for a in articles), "source": source_version(),
        "model": model_label(nlp), "batch_size": BATCH_SIZE, "published": PUBLISHED,
        "spacy": spacy.__version__, "python": platform.python_version(),
        "cpus": os.cpu_count(), "peak_rss_mib": round(peak_rss_mib(), 1),
    }
    report = summarise(runs, parse_s, len(items), meta)
    report["gazetteer"] = gazetteer_loads(GAZETTEER_LOADS)
    report["gazetteer_verdict"] = gazetteer_verdict(report["gazetteer"])
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
