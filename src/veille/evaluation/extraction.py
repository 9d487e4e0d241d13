"""Extraction scores on ``eval/extraction`` — veille side by side with bare trafilatura.

Metrics follow the eval README: title, date and author exact match (whitespace-normalised,
plus a case-folded variant); trafilatura's ``with``/``without`` snippets; ScrapingHub's
4-token shingle precision/recall/F1 for full bodies, each document's counts normalised to
sum to 1 before averaging.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

from veille.errors import VeilleError
from veille.extract import extract
from veille.records import Page

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Extracted:
    title: str | None
    date: str | None
    author: str | None
    text: str


def _ws(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def run_veille(path: Path, url: str | None) -> Extracted:
    try:
        a = extract(Page(source=str(path), content=path.read_bytes(), url=url))
    except VeilleError:
        return Extracted(None, None, None, "")
    return Extracted(a.title, (a.published or "")[:10] or None, "; ".join(a.authors) or None,
                     a.text)


def run_trafilatura(path: Path, url: str | None) -> Extracted:
    doc = trafilatura.bare_extraction(path.read_bytes(), url=url, with_metadata=True)
    if doc is None or isinstance(doc, dict):
        return Extracted(None, None, None, "")
    return Extracted(doc.title, doc.date, doc.author, doc.text or "")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    return Counter(tuple(tokens[i:i + n]) for i in range(max(len(tokens) - n + 1, 0)))


def shingle_counts(gold: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one document, normalised to sum to 1 (ScrapingHub's convention)."""
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (1.0, 0.0, 0.0)


@dataclass
class Scores:
    """Running counts for one system on one subset of pages."""

    n: Counter[str] = field(default_factory=Counter)
    hits: dict[str, float] = field(default_factory=dict)

    def add(self, key: str, value: float) -> None:
        self.n[key] += 1
        self.hits[key] = self.hits.get(key, 0.0) + value

    def summary(self) -> dict[str, Any]:
        h, n = self.hits, self.n
        out: dict[str, Any] = {}
        for key in ("title", "title_folded", "date", "author", "author_folded"):
            if n[key]:
                out[key] = {"accuracy": round(h[key] / n[key], 3), "n": n[key]}
        tp, fp, fn = h.get("with_tp", 0), h.get("without_fp", 0), h.get("with_fn", 0)
        if n["with_tp"]:
            out["snippets"] = {"precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
                               "pages": n["with_tp"]}
        if n["body_tp"]:
            btp, bfp, bfn = h["body_tp"], h["body_fp"], h["body_fn"]
            p, r = btp / (btp + bfp), btp / (btp + bfn)
            out["body"] = {"precision": round(p, 3), "recall": round(r, 3),
                           "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                           "pages": n["body_tp"]}
        return out


def _ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else 0.0


def score_page(gold: dict[str, Any], got: Extracted, scores: Scores) -> None:
    for key, value in (("title", got.title), ("author", got.author)):
        if gold[key] is not None:
            scores.add(key, _ws(value) == _ws(gold[key]))
            scores.add(f"{key}_folded", _ws(value).casefold() == _ws(gold[key]).casefold())
    if gold["date"] is not None:
        scores.add("date", got.date == gold["date"])
    text = _ws(got.text)
    if gold.get("with") is not None:
        found = [_ws(s) in text for s in gold["with"]]
        scores.add("with_tp", sum(found))
        scores.add("with_fn", len(found) - sum(found))
        scores.add("without_fp", sum(_ws(s) in text for s in gold.get("without") or []))
    if gold.get("body") is not None:
        counts = shingle_counts(gold["body"], got.text)
        for key, count in zip(("body_tp", "body_fp", "body_fn"), counts, strict=True):
            scores.add(key, count)


SYSTEMS: dict[str, Callable[[Path, str | None], Extracted]] = {
    "veille": run_veille, "trafilatura": run_trafilatura}


def evaluate(eval_dir: Path, *, systems: Iterable[str] = tuple(SYSTEMS)) -> dict[str, Any]:
    """Scores per system, for French pages and for all pages."""
    folder = eval_dir / "extraction"
    golds = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
    results: dict[str, Any] = {}
    for name in systems:
        subsets = {"fr": Scores(), "all": Scores()}
        for gold in golds:
            got = SYSTEMS[name](folder / gold["file"], gold.get("url"))
            score_page(gold, got, subsets["all"])
            if gold.get("lang") == "fr":
                score_page(gold, got, subsets["fr"])
        results[name] = {k: v.summary() for k, v in subsets.items()}
    return results


def format_table(results: dict[str, Any]) -> str:
    """Metrics as rows, systems as columns, for French pages and for all pages."""
    lines = []
    for subset in ("fr", "all"):
        lines.append(f"\n[{subset} pages]")
        metrics = sorted({m for sys_ in results.values() for m in sys_[subset]})
        lines.append(f"{'metric':28}" + "".join(f"{name:>14}" for name in results))
        for metric in metrics:
            first = next(iter(results.values()))[subset].get(metric, {})
            for name in (k for k in first if k not in ("n", "pages")):
                cells = "".join(f"{results[s][subset].get(metric, {}).get(name, '—'):>14}"
                                for s in results)
                n = first.get("n", first.get("pages"))
                lines.append(f"{metric + ' ' + name + f' (n={n})':28}{cells}")
    return "\n".join(lines)
