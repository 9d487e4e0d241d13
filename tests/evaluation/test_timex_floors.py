"""Quality floors for time expressions (``veille.analyze.timexes``).

Measured 2026-12-04 on the whole sets (`python -m veille.evaluation.timebank`, `veille eval
annotated`): French TimeBank value accuracy 0.849 over all gold timexes (detection P 0.959,
R 0.932, type 0.970); annotated value accuracy 0.913, recall 0.983; annotated-web value
accuracy 0.892, recall 0.969. The floors sit about 0.02 below; the lead pins the check
halves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from veille.evaluation.timebank import annotated_timex_figures, evaluate_timebank, format_table


@pytest.fixture(scope="module")
def timebank(eval_dir: Path) -> dict[str, Any]:
    return evaluate_timebank(eval_dir)


def test_timebank_floors(timebank) -> None:
    assert timebank["value_accuracy"] >= 0.83
    assert timebank["detection"]["recall"] >= 0.90
    assert timebank["detection"]["precision"] >= 0.93
    assert timebank["type_accuracy"] >= 0.95


def test_timebank_table(timebank) -> None:
    table = format_table(timebank)
    assert "value accuracy" in table and f"{timebank['value_accuracy']:.3f}" in table


def test_annotated_floors(eval_dir: Path) -> None:
    figures = annotated_timex_figures(eval_dir)["timexes"]
    assert figures["value_accuracy"] >= 0.90
    assert figures["recall"] >= 0.97


def test_annotated_web_floors(eval_dir: Path) -> None:
    figures = annotated_timex_figures(eval_dir, set_name="annotated-web")["timexes"]
    assert figures["value_accuracy"] >= 0.87
    assert figures["recall"] >= 0.95


def test_timebank_check_half_floor(eval_dir: Path) -> None:
    """The half of French TimeBank no rule was read on: 0.891 (detection P 0.958, R 0.950)
    on 2026-12-04."""
    check = evaluate_timebank(eval_dir, split="check")
    assert check["value_accuracy"] >= 0.86
    assert check["detection"]["recall"] >= 0.92 and check["detection"]["precision"] >= 0.93
