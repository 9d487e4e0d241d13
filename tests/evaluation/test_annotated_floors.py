"""Quality floors for quotes, speakers, people and roles on ../shared/eval/annotated.

Measured 2026-11-29 (`veille eval annotated`): quote F1 0.864 (overlap ≥ 0.3) and 0.777
(≥ 0.8), speaker accuracy 0.862, person F1 0.921, role recall 0.741. The floors are the
issue's; a change that drops below them fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from veille.evaluation.annotated import Finder, evaluate_annotated, names_match, overlap
from veille.pipeline import iter_analyses


@pytest.fixture(scope="module")
def figures(eval_dir: Path) -> dict[str, Any]:
    return evaluate_annotated(eval_dir)


def test_quote_floors(figures) -> None:
    quotes = figures["quotes"]
    assert quotes["loose"]["f1"] >= 0.85
    assert quotes["strict"]["f1"] >= 0.75
    for kind in ("direct", "indirect", "mixed"):
        assert quotes["recall_by_kind"][kind]["recall"] >= 0.65, kind


def test_speaker_floor(figures) -> None:
    assert figures["speakers"]["accuracy"] >= 0.85


def test_people_and_role_floors(figures) -> None:
    assert figures["people"]["f1"] >= 0.90
    assert figures["roles"]["recall"] >= 0.70


def test_reference_quotes_go_to_the_right_official(eval_dir: Path, reference_page) -> None:
    """Every quotation of Ryabkov, Butler, Milley and McKenzie, attributed to them."""
    gold = json.loads((eval_dir / "annotated" / "gold" / "ref-000_f2d1e054f7dda27f.json")
                      .read_text(encoding="utf-8"))
    analysis = next(iter(iter_analyses([str(reference_page)]))).analysis
    assert analysis is not None
    finder = Finder(analysis.article.text)
    officials = {"Sergueï Ryabkov", "Dave Butler", "Mark Milley", "Frank McKenzie"}
    checked = 0
    for quote in gold["quotes"]:
        if quote["speaker"] not in officials:
            continue
        where = finder.find(quote["text"])
        assert where is not None, quote["text"]
        best = max(analysis.quotes, key=lambda q: overlap(where, (q.start, q.end)))
        assert overlap(where, (best.start, best.end)) >= 0.3, quote["text"]
        assert names_match(best.speaker, [quote["speaker"]]), (quote["text"], best.speaker)
        checked += 1
    assert checked >= 14  # the reference gold has 14 of them


def test_event_floors(figures) -> None:
    """PLOVER events: typed F1 ≥ 0.55 and actor accuracy ≥ 0.75 (0.630 and 0.792 on
    2026-11-29)."""
    assert figures["events"]["typed"]["f1"] >= 0.55
    assert figures["events"]["actors"]["accuracy"] >= 0.75
