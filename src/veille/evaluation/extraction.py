"""Extraction scores on ``eval/extraction`` — veille side by side with bare trafilatura.

Metrics follow the eval README: title, date and author exact match (whitespace-normalised,
plus a case-folded variant); trafilatura's ``with``/``without`` snippets; ScrapingHub's
4-token shingle precision/recall/F1 for full bodies, each document's counts normalised to
sum to 1 before averaging; the median CPU milliseconds per page (a median, because
libraries set themselves up on the first page that needs them: dateparser's locales cost
over a second, paid by whichever system meets such a page first).

``annotated-web`` (French web pages with gold quotes, people, timexes and events) adds what
extraction decides for the analysis: how many gold spans each half's extracted texts still
contain (a span the extraction drops is a miss for every analyser), and how many gold
``published`` dates it gives.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

from veille.errors import VeilleError
from veille.evaluation.annotated import Finder, load_gold, locate_in_order
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
    """Scores per system, for French pages and for all pages, and on annotated-web."""
    folder = eval_dir / "extraction"
    golds = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
    results: dict[str, Any] = {}
    for name in systems:
        run = SYSTEMS[name]
        run(folder / golds[0]["file"], golds[0].get("url"))  # set-up, not timed
        subsets = {"fr": Scores(), "all": Scores()}
        cpu: list[float] = []
        for gold in golds:
            start = time.process_time()
            got = run(folder / gold["file"], gold.get("url"))
            cpu.append(time.process_time() - start)
            score_page(gold, got, subsets["all"])
            if gold.get("lang") == "fr":
                score_page(gold, got, subsets["fr"])
        results[name] = {k: v.summary() for k, v in subsets.items()}
        results[name]["speed"] = {"cpu_ms_median": round(1000 * statistics.median(cpu), 1),
                                  "pages": len(golds)}
        if (eval_dir / "annotated-web" / "gold").is_dir():
            results[name]["annotated-web"] = {
                split: located_gold(eval_dir, run, split=split) for split in ("work", "check")}
    return results


def located_gold(eval_dir: Path, run: Callable[[Path, str | None], Extracted], *,
                 split: str) -> dict[str, dict[str, int]]:
    """How many gold spans of annotated-web's ``split`` half the extracted texts contain.

    Quotes, timexes (each occurrence in order), people (the name or an alias), event
    sentences and triggers (inside their sentence), as the annotated scorer locates them;
    and the gold ``published`` dates given.
    """
    counts: Counter[str] = Counter()
    for doc in load_gold(eval_dir, set_name="annotated-web", split=split):
        assert doc.page is not None
        got = run(doc.page, None)
        finder, gold = Finder(got.text), doc.gold
        for key, found in _located(gold, finder):
            counts[f"{key}_gold"] += 1
            counts[f"{key}_found"] += found
        counts["published_gold"] += 1
        counts["published_found"] += got.date == gold.get("published")
    keys = ("quotes", "timexes", "people", "event_sentences", "event_triggers", "published")
    return {k: {"found": counts[f"{k}_found"], "gold": counts[f"{k}_gold"]} for k in keys}


def _located(gold: dict[str, Any], finder: Finder) -> Iterable[tuple[str, bool]]:
    for quote in gold.get("quotes") or ():
        yield "quotes", finder.find(quote["text"]) is not None
    timexes = [t["text"] for t in gold.get("timexes") or ()]
    for span in locate_in_order(finder, timexes):
        yield "timexes", span is not None
    for person in gold.get("people") or ():
        names = [person["name"], *(person.get("aliases") or ())]
        yield "people", any(finder.find(name) for name in names)
    for event in gold.get("events") or ():
        sentence = finder.find(event.get("sentence") or "")
        yield "event_sentences", sentence is not None
        trigger = sentence and finder.find(event.get("trigger") or "", within=sentence)
        yield "event_triggers", bool(trigger)


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
    lines.append(f"{'CPU ms per page (median)':28}" + "".join(
        f"{r.get('speed', {}).get('cpu_ms_median', '—'):>14}" for r in results.values()))
    lines += _located_lines(results)
    return "\n".join(lines)


def _located_lines(results: dict[str, Any]) -> list[str]:
    systems: list[dict[str, Any]] = list(results.values())
    first: dict[str, Any] = (systems[0].get("annotated-web") if systems else None) or {}
    if not first:
        return []
    lines = ["\n[annotated-web: gold spans in the extracted text, found/gold]"]
    lines.append(f"{'':28}" + "".join(f"{name:>14}" for name in results))
    for split, keys in first.items():
        for key in keys:
            cells = "".join(
                f"{'{found}/{gold}'.format(**r['annotated-web'][split][key]):>14}"
                for r in results.values())
            lines.append(f"{split + ' ' + key:28}{cells}")
    return lines
