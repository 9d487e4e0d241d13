"""Provenance costs: fingerprinting next to the analysis, and linking against big stores.

1. **Fingerprint vs analysis** (same process, same texts): the first ``--limit`` corpus
   texts (default 60) as ``Article`` records; ``veille.analyze.analyze_many`` (spaCy and
   veille's rules) and ``veille.provenance.fingerprints`` run interleaved ``--repeat`` times
   after a warm-up; medians. The ratio fingerprint / analysis is the share that
   provenance adds to ingest; the fingerprint's parts (MinHash, sentence vector, evidence)
   are timed apart.
2. **Linking per new article** against stores of 1k, 10k and 100k synthetic fingerprints
   (``--sizes``), grown in one store: vectors are drawn around 200 topic centres plus a
   direction they all share (pairwise cosine ~0.2, same topic ~0.5, like the sentence
   encoder's vectors of unrelated news), MinHash signatures at random. At each size, 20 new
   articles — each a planted translation of a stored one (its vector plus noise, cosine
   ~0.85; its numbers) — are linked one ``link_new`` call each; medians of ms per article,
   candidates examined, and whether the planted link was found.

Usage: python bench/provenance.py [--corpus PATH] [--limit N] [--repeat R]
       [--sizes 1000,10000,100000] [--json]
"""

from __future__ import annotations

import argparse
import base64
import importlib
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from _common import log, parse_bench_args, peak_rss_mib, read_corpus

from veille.provenance import fingerprint, link_new
from veille.provenance.fingerprints import VERSION, encode_vector
from veille.records import Article
from veille.store import Store

FP = importlib.import_module("veille.provenance.fingerprints")
PROBES = 20
DIM = 512


# -- 1. fingerprint vs analysis ----------------------------------------------------------
def _articles(path: Path, limit: int) -> list[Article]:
    return [Article(id=str(row.get("doc_id") or lineno), source=f"{path.name}:{lineno}",
                    text=row["text"], title=row.get("title"), language="fr")
            for lineno, row in read_corpus(path, limit)]


def _time(fn: Any, items: list[Any]) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def fingerprint_vs_analysis(path: Path, limit: int, repeat: int) -> dict[str, Any]:
    from veille.analyze import analyze_many
    from veille.analyze.nlp import load

    articles = _articles(path, limit)
    nlp = load()
    analyse = lambda batch: list(analyze_many(batch, nlp=nlp))  # noqa: E731
    analyse(articles[:4])
    [fingerprint(a) for a in articles[:4]]
    parts = {"minhash": lambda a: FP._minhash(FP.shingles(a.text)),
             "vector": lambda a: FP.embed(a.text),
             "evidence": lambda a: (FP.numbers(a.text), FP.names(a.text))}
    runs: dict[str, list[float]] = {k: [] for k in ("analysis", "fingerprint", *parts)}
    for i in range(repeat):
        start = time.perf_counter()
        analyse(articles)
        runs["analysis"].append(time.perf_counter() - start)
        runs["fingerprint"].append(_time(fingerprint, articles))
        for name, fn in parts.items():
            runs[name].append(_time(fn, articles))
        log(f"  repeat {i + 1}/{repeat}: analysis {runs['analysis'][-1]:.2f} s, "
            f"fingerprint {runs['fingerprint'][-1]:.2f} s")
    med = {k: statistics.median(v) for k, v in runs.items()}
    return {"docs": len(articles),
            "ms_per_doc": {k: round(1000 * v / len(articles), 2) for k, v in med.items()},
            "fingerprint_over_analysis": round(med["fingerprint"] / med["analysis"], 4),
            "peak_rss_mib": round(peak_rss_mib(), 1)}


# -- 2. linking against synthetic stores ---------------------------------------------------
class Synthetic:
    """Fingerprints like real ones, drawn at random (see the module docstring)."""

    def __init__(self, seed: int = 1) -> None:
        self.rng = np.random.default_rng(seed)
        self.shared = self._unit(self.rng.standard_normal(DIM))
        self.topics = [self._unit(self.rng.standard_normal(DIM)) for _ in range(200)]

    @staticmethod
    def _unit(v: np.ndarray) -> np.ndarray:
        return (v / np.linalg.norm(v)).astype(np.float32)

    def vector(self) -> np.ndarray:
        topic = self.topics[int(self.rng.integers(len(self.topics)))]
        noise = self._unit(self.rng.standard_normal(DIM))
        return self._unit(0.45 * self.shared + 0.55 * topic + 0.7 * noise)

    def fingerprint(self, vector: np.ndarray, language: str, numbers: list[str]
                    ) -> dict[str, Any]:
        signature = self.rng.integers(0, 2**32 - 1, 128, dtype=np.uint64).astype("<u4")
        return {"version": VERSION, "content_hash": "", "language": language,
                "shingles": 300, "minhash": base64.b64encode(signature.tobytes()).decode(),
                "vector": encode_vector(vector),
                "evidence": {"numbers": numbers, "names": [], "chars": 2000}}

    def numbers(self) -> list[str]:
        return sorted({str(int(n)) for n in self.rng.integers(1, 5000, 6)})


def _grow(store: Store, synth: Synthetic, start: int, stop: int) -> None:
    """Articles ``start … stop-1`` with their fingerprints, written in chunks (no linking:
    this is the store as it stands, built fast)."""
    from veille.provenance.link import _save

    for first in range(start, stop, 2000):
        ids = [f"a{n}" for n in range(first, min(stop, first + 2000))]
        store.write(articles=[Article(id=i, source="bench", text=i, content_hash=i,
                                      language="en", extractor="bench") for i in ids])
        with store.db:
            for i in ids:
                row = store.db.execute("SELECT pk, content_hash, published, language, title, "
                                       "site FROM articles WHERE id = ?", (i,)).fetchone()
                _save(store.db, row, synth.fingerprint(synth.vector(), "en", synth.numbers()))


def _probe(store: Store, synth: Synthetic, size: int, n: int) -> dict[str, Any]:
    times, candidates, found = [], [], 0
    from veille.provenance import link as link_module

    real = link_module._candidates
    seen: list[int] = []

    def counted(db: Any, parsed: Any) -> list[int]:
        out = real(db, parsed)
        seen.append(len(out))
        return out

    link_module._candidates = counted
    try:
        for k in range(n):
            target = f"a{int(synth.rng.integers(size))}"
            row = store.db.execute("SELECT f.vector, f.data FROM provenance_fingerprints f "
                                   "JOIN articles a ON a.pk = f.article_pk WHERE a.id = ?",
                                   (target,)).fetchone()
            base = np.frombuffer(row["vector"], dtype="<f2").astype(np.float32)
            vector = synth._unit(base + 0.65 * synth._unit(synth.rng.standard_normal(DIM)))
            numbers = json.loads(row["data"])["evidence"]["numbers"]
            new_id = f"probe-{size}-{k}"
            store.write(articles=[Article(id=new_id, source="bench", text=new_id,
                                          content_hash=new_id, language="fr",
                                          extractor="bench")])
            fp = synth.fingerprint(vector, "fr", numbers)
            start = time.perf_counter()
            link_new(store, {new_id: fp})
            times.append(time.perf_counter() - start)
            candidates.append(seen[-1])
            found += store.db.execute(
                "SELECT count(*) FROM provenance_links l JOIN articles x ON x.pk = l.a_pk "
                "JOIN articles y ON y.pk = l.b_pk WHERE x.id = ? AND y.id = ?",
                (target, new_id)).fetchone()[0]
    finally:
        link_module._candidates = real
    return {"store": size, "ms_per_article": round(1000 * statistics.median(times), 2),
            "candidates_median": statistics.median(candidates),
            "planted_links_found": f"{found}/{n}"}


def linking(sizes: list[int]) -> list[dict[str, Any]]:
    synth = Synthetic()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        have = 0
        for size in sorted(sizes):
            start = time.perf_counter()
            _grow(store, synth, have, size)
            have = size
            log(f"  store of {size:,} synthetic fingerprints built in "
                f"{time.perf_counter() - start:.1f} s")
            results.append(_probe(store, synth, size, PROBES))
            log(f"  {results[-1]}")
        store.close()
    return results


def main(argv: list[str] | None = None) -> None:
    extra = argparse.ArgumentParser(add_help=False)
    extra.add_argument("--sizes", default="1000,10000,100000")
    known, rest = extra.parse_known_args(argv)
    args = parse_bench_args(__doc__, rest, limit=60, repeat=2)
    sizes = [int(s) for s in known.sizes.split(",") if s]
    log(f"fingerprint vs analysis on {args.limit} texts, {args.repeat} repeats")
    cost = fingerprint_vs_analysis(args.corpus, args.limit, args.repeat)
    log(f"linking against stores of {sizes}")
    links = linking(sizes)
    result = {"fingerprint": cost, "linking": links}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    ms = cost["ms_per_doc"]
    print(f"fingerprint {ms['fingerprint']} ms/article (MinHash {ms['minhash']}, vector "
          f"{ms['vector']}, evidence {ms['evidence']}) vs analysis {ms['analysis']} ms/article:"
          f" {cost['fingerprint_over_analysis']:.3f}x the analysis ({cost['docs']} texts)")
    for row in links:
        print(f"store {row['store']:>7,}: {row['ms_per_article']:8.2f} ms per new article, "
              f"{row['candidates_median']} candidates (median), planted links found "
              f"{row['planted_links_found']}")
    first, last = links[0], links[-1]
    growth = last["ms_per_article"] / first["ms_per_article"]
    print(f"{last['store'] // first['store']}x the store -> {growth:.1f}x the linking time "
          f"({'sub-linear' if growth < last['store'] / first['store'] else 'NOT sub-linear'})")


if __name__ == "__main__":
    main()
