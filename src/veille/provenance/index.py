"""Locality-sensitive bucket keys: how a new article finds its candidates without a scan.

Each fingerprint gets a few dozen integer keys ``(band, key)``, stored in the indexed
``provenance_buckets`` table; two articles become candidates when they share one key, so a
look-up costs one index probe per band plus the candidates found, not one comparison per
stored article.

* MinHash bands (bands ``0 … b-1``): datasketch's ``MinHashLSH`` chooses ``b`` bands of
  ``r`` rows for a Jaccard threshold of 0.15 (128 permutations: 51 bands of 2 rows): a
  pair at Jaccard 0.2 is a candidate 88 % of the time, at 0.3 99 %, so a truncated copy
  with added boilerplate is still found; unrelated news (Jaccard ~0.005) almost never is.
* Random-hyperplane bands (bands ``1000 … 1000+L-1``) over the sentence-encoder vector:
  ``L = 32`` tables of ``K = 14`` sign bits, each stored once; a look-up also probes, in
  every table, the buckets one flip away on the 3 bits whose hyperplanes pass closest to
  the vector (multi-probe LSH: 128 probes, 32 stored keys). Measured on
  ../shared/eval/crosslingual: every translation pair is found by the later document's
  probes, and 7.4 % of the other pairs become candidates (a topically narrow set: the same
  events in four languages). Random hyperplanes make the expected number of candidates
  grow as N^rho with rho ~ 0.5 for the cosines involved (0.75 vs 0.2), i.e. sub-linearly.
"""

from __future__ import annotations

import hashlib
from functools import cache

import numpy as np

__all__ = ["LSH_THRESHOLD", "MINHASH_BANDS", "bucket_keys", "minhash_bands", "probe_keys",
           "vector_bands"]

# datasketch's threshold for its band parameters. Edited copies of ../shared/eval/corpus
# reach Jaccard 0.1-0.3 when a short body is both cut and padded with boilerplate: 0.15.
LSH_THRESHOLD = 0.15
VECTOR_BAND_BASE = 1000
# Chosen on ../shared/eval/crosslingual among (K, L, probes) in {(8..14, 16..64, 0..3)}: the
# only setting with recall 1.0 on translation pairs and a candidate rate under 10 % (7.4 %).
VECTOR_TABLES = 32
VECTOR_BITS = 14
VECTOR_FLIPS = 3
_SEED = 20261129


# The bands datasketch's ``MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)`` chooses:
# (bands, rows). Importing its LSH imports scipy (0.27 s a process, the largest import of
# `veille load`), so the pair is written here and a test checks it against datasketch.
MINHASH_BANDS = (51, 2)


@cache
def _hyperplanes(dim: int = 512) -> np.ndarray:
    rng = np.random.default_rng(_SEED)
    return rng.standard_normal((VECTOR_TABLES * VECTOR_BITS, dim)).astype(np.float32)


def _key(data: bytes) -> int:
    """A signed 64-bit key (what SQLite's INTEGER holds)."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


def minhash_bands(signature: np.ndarray) -> list[tuple[int, int]]:
    bands, rows = MINHASH_BANDS
    return [(band, _key(signature[band * rows:(band + 1) * rows].tobytes()))
            for band in range(bands)]


def vector_bands(vector: np.ndarray, *, flips: int = 0) -> list[tuple[int, int]]:
    """The vector's bucket in each table; with ``flips``, also the buckets reached by
    flipping, one at a time, the ``flips`` least certain bits of each table."""
    if not np.any(vector):
        return []
    margins = (_hyperplanes(vector.shape[0]) @ vector).reshape(VECTOR_TABLES, VECTOR_BITS)
    weights = 1 << np.arange(VECTOR_BITS, dtype=np.int64)
    codes = (margins > 0).astype(np.int64) @ weights
    keys = [(VECTOR_BAND_BASE + table, int(code)) for table, code in enumerate(codes)]
    if flips:
        uncertain = np.argsort(np.abs(margins), axis=1)[:, :flips]
        keys += [(VECTOR_BAND_BASE + table, int(codes[table] ^ weights[bit]))
                 for table in range(VECTOR_TABLES) for bit in uncertain[table]]
    return keys


def bucket_keys(signature: np.ndarray, vector: np.ndarray, *, empty: bool) -> list[
        tuple[int, int]]:
    """Every (band, key) of one fingerprint; an empty text has no MinHash bands (all empty
    texts would otherwise collide)."""
    keys = [] if empty else minhash_bands(signature)
    return keys + vector_bands(vector)


def probe_keys(signature: np.ndarray, vector: np.ndarray, *, empty: bool) -> list[
        tuple[int, int]]:
    """The keys a look-up probes: the stored ones plus the multi-probe neighbours."""
    keys = [] if empty else minhash_bands(signature)
    return keys + vector_bands(vector, flips=VECTOR_FLIPS)
