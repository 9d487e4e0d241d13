"""Cheap document counts for progress bars (no parsing, no decoding)."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable
from pathlib import Path

from veille.fetch.files import is_records, walk
from veille.fetch.warc import is_warc, scan_warc


def _count_lines(path: Path) -> int:
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as stream:
            return sum(1 for line in stream if line.strip())
    except (OSError, EOFError, zlib.error):  # truncated gzip: the reader reports it later
        return 1


def _count(path: Path) -> int:
    if is_warc(path):
        return scan_warc(path, every=1 << 62)[1]  # HTML records, payloads unread
    return _count_lines(path) if is_records(path) else 1


def estimate_documents(inputs: Iterable[str]) -> int:
    """How many documents ``inputs`` hold: one per page file, one per JSON Lines line."""
    total = 0
    for item in inputs:
        path = Path(item)
        if item == "-" or "://" in item or not path.exists():
            total += 1
        elif path.is_dir():
            total += sum(_count(p) for p in walk(path))
        else:
            total += _count(path)
    return max(total, 1)
