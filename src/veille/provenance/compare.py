"""Whether two fingerprints are copies of one article, and how: the link decision.

* **near-duplicate**: the MinHash estimate of the Jaccard similarity of the two bodies'
  shingle sets, turned into *containment* (the share of the smaller body found in the
  larger) with the two set sizes, so that a truncated or extended copy, or one with added
  boilerplate, still counts.
* **translation** (two different languages): the cosine of the sentence-encoder vectors,
  with the numbers as a veto: translations keep the figures ("384", "26 750 $"); two
  articles on one event written separately do not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from veille.provenance.fingerprints import decode_minhash, decode_vector

__all__ = ["Parsed", "ProvenanceOptions", "compare", "parse"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProvenanceOptions:
    """The tuning knobs of linking and flags."""

    republished_days: int = 30
    """A copy dated more than this many days after its story's first copy is republished."""
    # Edited copies of ../shared/eval/corpus (edits.py, seed 13; with min_jaccard and the
    # names veto): F1 1.0 / 0.998 / 0.995 / 0.990 at 0.4 / 0.5 / 0.6 / 0.7; half the shorter
    # text is the natural line (a copy keeps at least half of what it copies).
    containment: float = 0.5
    # 5-word shingles: below this a text is too short to call a copy of anything.
    min_shingles: int = 20
    # Below this Jaccard estimate (13 of 128 values) containment is noise: a 16-shingle text
    # sharing 1 value by chance with a 4,000-shingle one "contains" it (seen in the corpus).
    min_jaccard: float = 0.1
    # Names veto for near-duplicates: with >= 3 names in the shorter text, at least this
    # share of them in the other. Edited copies: >= 0.8; two BBC pages built on one template
    # about different athletes: 0.67 (../shared/eval/corpus).
    names_contained: float = 0.75
    names_needed: int = 3
    # Tuned on ../shared/eval/crosslingual (pairs compared without the index): with the
    # number veto, F1 is 0.991-0.993 for any threshold in 0.73-0.77, under 0.98 outside
    # 0.72-0.80; 0.75 is the middle of that plateau.
    translation_cosine: float = 0.75
    # Number veto: with >= 3 distinct numbers (as significant digits) in the two texts
    # together, at least this Jaccard overlap. Same set, thresholds 0.2/0.25/0.3: best F1
    # 0.991/0.993/0.989 (translation pairs: median 1.0; separately written articles ~0.1).
    numbers_agree: float = 0.25
    numbers_needed: int = 3
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> ProvenanceOptions:
        """Defaults, with ``VEILLE_REPUBLISHED_DAYS`` when set (what ingest uses)."""
        days = os.environ.get("VEILLE_REPUBLISHED_DAYS")
        return cls(republished_days=int(days)) if days and days.isdigit() else cls()


@dataclass(slots=True)
class Parsed:
    """A fingerprint decoded once for comparisons."""

    pk: int
    language: str | None
    shingles: int
    minhash: np.ndarray
    vector: np.ndarray
    numbers: frozenset[str]
    chars: int
    names: frozenset[str] = frozenset()


def parse(pk: int, fp: dict[str, Any]) -> Parsed:
    evidence = fp.get("evidence") or {}
    return Parsed(pk=pk, language=fp.get("language"), shingles=int(fp.get("shingles", 0)),
                  minhash=decode_minhash(fp["minhash"]), vector=decode_vector(fp["vector"]),
                  numbers=frozenset(evidence.get("numbers", ())),
                  chars=int(evidence.get("chars", 0)),
                  names=frozenset(evidence.get("names", ())))


def containment(a: Parsed, b: Parsed) -> tuple[float, float]:
    """(Jaccard estimate, containment estimate) of the two bodies' shingle sets."""
    jaccard = float(np.mean(a.minhash == b.minhash))
    small = min(a.shingles, b.shingles)
    if not small:
        return jaccard, 0.0
    shared = jaccard * (a.shingles + b.shingles) / (1 + jaccard)
    return jaccard, min(1.0, shared / small)


def digits(number: str) -> str:
    """A number's significant digits: "1.5" (million), "1500000" and "15" (Millionen, in
    tenths) look alike, as translations write magnitudes differently."""
    return number.replace(".", "").strip("0") or "0"


def _numbers_agree(a: Parsed, b: Parsed, options: ProvenanceOptions) -> float | None:
    first, second = {digits(n) for n in a.numbers}, {digits(n) for n in b.numbers}
    union = first | second
    if len(union) < options.numbers_needed:
        return None
    return len(first & second) / len(union)


def _names_agree(a: Parsed, b: Parsed, options: ProvenanceOptions) -> bool:
    """Copies name the same people and places; pages built on one template do not."""
    shorter, longer = sorted((a.names, b.names), key=len)
    if len(shorter) < options.names_needed:
        return True
    return len(shorter & longer) / len(shorter) >= options.names_contained


def compare(a: Parsed, b: Parsed, options: ProvenanceOptions,
            cosine: float | None = None) -> tuple[str, float, dict[str, Any]] | None:
    """``(kind, score, evidence)`` when ``a`` and ``b`` are copies, else None."""
    if min(a.shingles, b.shingles) >= options.min_shingles:
        jaccard, contained = containment(a, b)
        if (contained >= options.containment and jaccard >= options.min_jaccard
                and _names_agree(a, b, options)):
            return "near-duplicate", contained, {"jaccard": round(jaccard, 4),
                                                 "containment": round(contained, 4)}
    if not (a.language and b.language) or a.language == b.language:
        return None
    if cosine is None:
        cosine = float(a.vector @ b.vector)
    if cosine < options.translation_cosine:
        return None
    agree = _numbers_agree(a, b, options)
    if agree is not None and agree < options.numbers_agree:
        return None
    return "translation", cosine, {"cosine": round(cosine, 4), "numbers": agree}
