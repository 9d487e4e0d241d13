"""Cutting inputs into partitions whose identity survives a rerun.

A partition is a short list of slices: a page file or URL (one document), ``lines`` lines of
a JSON Lines file from a byte offset, or HTML records of a WARC file from a record offset.
Its key hashes the partition size and each slice (resolved path, file size and
modification time, offsets), so the same inputs with the same ``--partition-size`` give
the same keys and a rerun finds the shards it already wrote; a file that changed gets new
keys and is done again.

Planning reads JSON Lines and WARC files once, without parsing payloads, to find where
every K-th document starts (decompressing ``.gz``): measured on 68 MB of WARC, 0.2 s.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from veille.fetch.files import is_records, open_decompressed, walk
from veille.fetch.http import is_url
from veille.fetch.warc import is_warc, scan_warc

Kind = Literal["source", "jsonl", "warc"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Slice:
    """Some documents of one input. ``offset``: bytes (decompressed for JSON Lines);
    ``first``: first line number (JSON Lines) or HTML records to skip (WARC); ``count``:
    documents to read, ``None`` for all to the end of the file."""

    kind: Kind
    path: str
    offset: int = 0
    first: int = 0
    count: int | None = 1
    docs: int = 1
    """Documents planned (an estimate for the last slice of a file)."""
    stamp: str = ""
    """File size and modification time: a changed file gets a new partition key."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Partition:
    key: str
    slices: tuple[Slice, ...]

    @property
    def docs(self) -> int:
        return sum(s.docs for s in self.slices)


def _stamp(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _key(size: int, slices: Iterable[Slice]) -> str:
    data = json.dumps([size, [[s.kind, s.path, s.offset, s.first, s.count, s.stamp]
                              for s in slices]])
    return hashlib.sha256(data.encode()).hexdigest()[:20]


def _jsonl_slices(path: Path, size: int) -> Iterator[Slice]:
    """Every ``size`` lines of a JSON Lines file, from where they start."""
    stamp, starts, lines = _stamp(path), [(0, 1)], 0
    try:
        with open_decompressed(path) as stream:
            offset = 0
            for line in stream:
                offset += len(line)
                lines += 1
                if lines % size == 0:
                    starts.append((offset, lines + 1))
    except (OSError, EOFError, ValueError):  # a truncated file: its reader records why
        pass
    if len(starts) > 1 and starts[-1][1] > lines:  # the file ends exactly on a boundary
        starts.pop()
    for i, (offset, first) in enumerate(starts):
        last = i == len(starts) - 1
        yield Slice(kind="jsonl", path=str(path), offset=offset, first=first,
                    count=None if last else size,
                    docs=max(lines - first + 1, 1) if last else size, stamp=stamp)


def _warc_slices(path: Path, size: int) -> Iterator[Slice]:
    stamp = _stamp(path)
    starts, total = scan_warc(path, every=size)
    for i, (offset, skip) in enumerate(starts):
        last = i == len(starts) - 1
        yield Slice(kind="warc", path=str(path), offset=offset, first=skip,
                    count=None if last else size,
                    docs=max(total - i * size, 1) if last else size, stamp=stamp)


def _slices(item: str, size: int) -> Iterator[Slice]:
    if is_url(item):
        yield Slice(kind="source", path=item)
        return
    path = Path(item).resolve()
    files = list(walk(path)) if path.is_dir() else [path]
    for file in files:
        if file.is_file() and is_warc(file):
            yield from _warc_slices(file, size)
        elif file.is_file() and is_records(file):
            yield from _jsonl_slices(file, size)
        else:  # a page, or a missing file whose reader records the failure
            yield Slice(kind="source", path=str(file),
                        stamp=_stamp(file) if file.exists() else "")


def plan(inputs: Iterable[str], *, size: int) -> list[Partition]:
    """Partitions of at most ``size`` documents, in input order.

    Slices of a JSON Lines or WARC file fill partitions of their own; single pages are
    grouped ``size`` at a time.
    """
    parts: list[Partition] = []
    pages: list[Slice] = []

    def close_pages() -> None:
        if pages:
            parts.append(Partition(key=_key(size, pages), slices=tuple(pages)))
            pages.clear()

    for item in inputs:
        for piece in _slices(item, size):
            if piece.kind == "source":
                pages.append(piece)
                if len(pages) >= size:
                    close_pages()
            else:
                close_pages()
                parts.append(Partition(key=_key(size, [piece]), slices=(piece,)))
    close_pages()
    return parts
