"""Evaluation on public gold data (``../shared/eval``): the figures that tests pin.

``python -m veille.evaluation extraction`` prints the scores; tests call the same
functions and assert floors.
"""

from __future__ import annotations

import os
from pathlib import Path


def resolve_eval_dir(path: str | Path) -> Path:
    """The eval root from what a user names: the root itself or one task's folder
    (``../shared/eval/annotated`` → ``../shared/eval``)."""
    path = Path(path)
    if (path / "gold").is_dir() or (path / "gold.jsonl").is_file():
        return path.parent
    return path


def find_eval_dir(explicit: str | Path | None = None) -> Path | None:
    """``../shared/eval`` next to the repository, or ``$VEILLE_EVAL``, or ``explicit``."""
    candidates = [explicit, os.environ.get("VEILLE_EVAL")]
    here = Path(__file__).resolve()
    candidates += [parent / "shared" / "eval" for parent in here.parents[3:6]]
    candidates += [parent.parent / "shared" / "eval" for parent in here.parents[3:6]]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None
