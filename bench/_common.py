"""What the benchmarks share: where the corpus is, reading it, logging, peak memory."""

from __future__ import annotations

import argparse
import json
import resource
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "corpus" / "masakhanews_fra.jsonl"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def peak_rss_mib() -> float:
    """The process's peak resident set size so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def read_corpus(path: Path, limit: int | None) -> list[tuple[int, dict[str, Any]]]:
    """The first ``limit`` records of a JSON Lines corpus with a ``text`` field, with their
    line numbers; exits with a message saying what is wrong."""
    if not path.is_file():
        sys.exit(f"error: corpus not found: {path}\n"
                 "Pass --corpus PATH (a JSON Lines file whose records have a 'text' field; "
                 "the default is ../shared/eval/corpus/masakhanews_fra.jsonl next to the "
                 "repository).")
    rows: list[tuple[int, dict[str, Any]]] = []
    with path.open(encoding="utf-8") as stream:
        for lineno, line in enumerate(stream, start=1):
            if limit is not None and len(rows) >= limit:
                break
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row.get("text"), str):
                    raise KeyError("text")
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                sys.exit(f"error: {path}:{lineno}: not a corpus record ({exc!r})")
            rows.append((lineno, row))
    if not rows:
        sys.exit(f"error: no documents in {path}")
    return rows
