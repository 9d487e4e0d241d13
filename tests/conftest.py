"""Shared fixtures: where the repository, its examples and ../shared are."""

from __future__ import annotations

import os
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


def _missing(what: str) -> None:
    """Skip on a developer's machine without ../shared; in CI (which has it) fail, so that
    quality floors can never pass by not running."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: the evaluation floors cannot run")
    pytest.skip(f"{what} is not next to the repository (CI has it): skipped")


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    found = find_eval_dir()
    if found is None:
        _missing("../shared/eval")
    assert found is not None
    return found


@pytest.fixture(scope="session")
def reference_page(eval_dir: Path) -> Path:
    path = eval_dir.parent / "examples" / REFERENCE
    if not path.exists():
        _missing(f"the reference article {REFERENCE}")
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from veille.analyze.nlp import load

    return load()
