"""Build a store of N articles (10,000 by default) for the web latency benchmark.

The French news corpus (``../shared/eval/corpus/masakhanews_fra.jsonl``, 881 articles) is
analysed once; each analysis is then stored again and again with a new id, URL, site and
publication date until the store holds N articles. The copies share text, so the full-text
index and the per-article tables (entities, quotes, events, places) grow as they would
with N real articles of the same length; only the vocabulary stays that of 881 articles.

With ``--analyses FILE`` the analyses are read from FILE when it exists (JSON Lines of
articles and their ``veille.analysis.v1`` records) and written there otherwise, so that
building stores of several sizes analyses the corpus once. After writing, the full-text
indexes are merged (``veille optimize``, as a bulk load should end) and the script prints
one JSON line: articles, seconds to write, bytes per article, the load average.

Usage: python bench/web_store.py OUT.db [--articles 10000] [--corpus PATH] [--limit N]
                                        [--analyses FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from _common import DEFAULT_CORPUS, log, read_corpus

from veille.batch.shards import analysis_from_json, article_from_json
from veille.pipeline import iter_analyses
from veille.records import Analysis
from veille.store import Store, optimize

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


def cached_analyses(corpus: Path, limit: int | None, cache: Path | None) -> list[Analysis]:
    """The corpus analysed, from ``cache`` when it holds them (written on first use)."""
    if cache is not None and cache.exists():
        with cache.open(encoding="utf-8") as lines:
            rows = [json.loads(line) for line in lines]
        return [analysis_from_json(json.dumps(r["analysis"]), article_from_json(
            json.dumps(r["article"]))) for r in rows]
    analyses = analyse_corpus(corpus, limit)
    if cache is not None:
        with cache.open("w", encoding="utf-8") as out:
            for a in analyses:
                out.write(json.dumps({"article": dataclasses.asdict(a.article),
                                      "analysis": a.to_dict()}, ensure_ascii=False) + "\n")
    return analyses


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
    parser.add_argument("--analyses", type=Path, default=None,
                        help="Cache of the corpus's analyses (JSON Lines): read when it exists, "
                        "else written.")
    args = parser.parse_args(argv)
    if args.out.exists():
        sys.exit(f"error: {args.out} exists; remove it or choose another path")
    start = time.perf_counter()
    analyses = cached_analyses(args.corpus, args.limit, args.analyses)
    log(f"{len(analyses)} analysed articles ready in {time.perf_counter() - start:.0f} s")
    everything = copies(analyses, args.articles)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with Store(args.out) as store:
        for i in range(0, len(everything), WRITE_BATCH):
            store.write(everything[i:i + WRITE_BATCH])
        written = time.perf_counter() - start
        optimize(store)
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in args.out.parent.glob(args.out.name + "*"))
    log(f"wrote {len(everything)} articles to {args.out} in {written:.0f} s "
        f"({seconds - written:.0f} s more to merge the indexes)")
    print(json.dumps({"articles": len(everything), "write_seconds": round(written, 1),
                      "build_seconds": round(seconds, 1), "bytes": size,
                      "bytes_per_article": round(size / max(1, len(everything))),
                      "load_before": round(load, 2),
                      "load_after": round(os.getloadavg()[0], 2)}))


if __name__ == "__main__":
    main()
