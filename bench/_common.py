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


def parse_bench_args(doc: str | None, argv: list[str] | None, *, limit: int | None,
                     repeat: int) -> argparse.Namespace:
    """The options every benchmark takes: --corpus, --limit, --repeat, --json."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0] if doc else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="JSON Lines corpus with a 'text' field per record "
                        "(default: ../shared/eval/corpus/masakhanews_fra.jsonl from the repo)")
    parser.add_argument("--limit", type=positive_int, default=limit,
                        help=f"Only the first N texts (default: {limit or 'all'}).")
    parser.add_argument("--repeat", type=positive_int, default=repeat,
                        help=f"Interleaved runs per stage; the median is reported (default: "
                        f"{repeat}).")
    parser.add_argument("--json", action="store_true",
                        help="Print the figures as one JSON object instead of a table.")
    return parser.parse_args(argv)


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
