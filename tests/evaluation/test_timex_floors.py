"""Quality floors for time expressions (``veille.analyze.timexes``).

Measured 2026-11-29 (`python -m veille.evaluation.timebank`): French TimeBank value accuracy
0.829 over all gold timexes (detection P 0.913, R 0.917); annotated value accuracy 0.917,
recall 0.983. The floors sit just below; the issue's are 0.80 (FTiB) and 0.85 (annotated).
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
    assert timebank["value_accuracy"] >= 0.82
    assert timebank["detection"]["recall"] >= 0.90
    assert timebank["detection"]["precision"] >= 0.90
    assert timebank["type_accuracy"] >= 0.95


def test_timebank_table(timebank) -> None:
    table = format_table(timebank)
    assert "value accuracy" in table and f"{timebank['value_accuracy']:.3f}" in table


def test_annotated_floors(eval_dir: Path) -> None:
    figures = annotated_timex_figures(eval_dir)["timexes"]
    assert figures["value_accuracy"] >= 0.90
    assert figures["recall"] >= 0.97
