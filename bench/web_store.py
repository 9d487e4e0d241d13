"""Build a store of N articles (10,000 by default) for the web latency benchmark.

The French news corpus (``../shared/eval/corpus/masakhanews_fra.jsonl``, 881 articles) is
analysed once; each analysis is then stored again and again with a new id, URL, site and
publication date until the store holds N articles. The copies share text, so the full-text
index and the per-article tables (entities, quotes, events, places) grow as they would
with N real articles of the same length; only the vocabulary stays that of 881 articles.

Usage: python bench/web_store.py OUT.db [--articles 10000] [--corpus PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from _common import DEFAULT_CORPUS, log, read_corpus

from veille.pipeline import iter_analyses
from veille.records import Analysis
from veille.store import Store

SITES = ("Le Veilleur", "Dépêches du Sud", "L'Écho du Matin", "Nouvelles d'Afrique",
         "Le Quotidien Libre", "Info-Monde", "La Gazette Ouest", "Le Fil Continental")
FIRST_DAY = dt.date(2023, 1, 1)
DAYS = 3 * 365
WRITE_BATCH = 500


def analyse_corpus(corpus: Path, limit: int | None) -> list[Analysis]:
    """Every corpus record analysed once (as a JSON Lines input, with its title)."""
    rows = read_corpus(corpus, limit)
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "corpus.jsonl"
        with records.open("w", encoding="utf-8") as out:
            for lineno, row in rows:
                out.write(json.dumps({"id": row.get("doc_id") or f"doc-{lineno}",
                                      "title": row.get("title"), "text": row["text"],
                                      "language": "fr"}, ensure_ascii=False) + "\n")
        return [r.analysis for r in iter_analyses([str(records)]) if r.analysis is not None]


def copies(analyses: list[Analysis], total: int, seed: int = 7) -> list[Analysis]:
    """``total`` analyses cycling over ``analyses``, each with its own id, site and date."""
    rng = random.Random(seed)
    result = []
    for n in range(total):
        base = analyses[n % len(analyses)]
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        article = dataclasses.replace(
            base.article, id=f"{base.article.id}-c{n // len(analyses):03d}",
            url=f"https://bench.example/{n}", site=SITES[rng.randrange(len(SITES))],
            published=day.isoformat(), source=f"bench:{n}")
        result.append(dataclasses.replace(base, article=article))
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="The database to create (must not exist).")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N records.")
    args = parser.parse_args(argv)
    if args.out.exists():
        sys.exit(f"error: {args.out} exists; remove it or choose another path")
    start = time.perf_counter()
    analyses = analyse_corpus(args.corpus, args.limit)
    log(f"analysed {len(analyses)} articles in {time.perf_counter() - start:.0f} s")
    everything = copies(analyses, args.articles)
    with Store(args.out) as store:
        for i in range(0, len(everything), WRITE_BATCH):
            store.write(everything[i:i + WRITE_BATCH])
        store.db.execute("PRAGMA optimize")
    log(f"wrote {len(everything)} articles to {args.out} in "
        f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
