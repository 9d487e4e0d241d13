"""Shared fixtures: where the repository, its examples and ../shared are."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.evaluation import find_eval_dir

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
REFERENCE = "000_f2d1e054f7dda27f.txt"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    found = find_eval_dir()
    if found is None:
        pytest.skip("../shared/eval is not next to the repository (CI has it): skipped")
    return found


@pytest.fixture(scope="session")
def reference_page(eval_dir: Path) -> Path:
    path = eval_dir.parent / "examples" / REFERENCE
    if not path.exists():
        pytest.skip(f"reference article {REFERENCE} not found next to the eval data")
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from veille.analyze.nlp import load

    return load()
