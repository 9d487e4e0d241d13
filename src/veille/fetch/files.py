"""Local inputs: files, directories (recursive), JSON Lines, standard input."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from veille.errors import FetchError, MalformedRecord, SourceNotFound, TooLarge
from veille.fetch.warc import is_warc, iter_warc
from veille.records import Failure, Page

# Files a directory walk picks up; files named explicitly are always read.
PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".txt", ".text", ""}
RECORD_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc"}
_GZIP = b"\x1f\x8b"


def is_records(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in RECORD_SUFFIXES


def walk(directory: Path) -> Iterator[Path]:
    """Files under ``directory`` that can hold pages, sorted, hidden ones left out."""
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix == ".gz":
            suffix = Path(path.stem).suffix.lower()
        if suffix in PAGE_SUFFIXES or suffix in RECORD_SUFFIXES or suffix in WARC_SUFFIXES:
            yield path


def gunzip(data: bytes, *, max_bytes: int, source: str) -> bytes:
    """Decompress gzip data (all members), refusing to inflate past ``max_bytes``."""
    out = bytearray()
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(data, max_bytes + 1 - len(out))
        except zlib.error as exc:
            raise FetchError(f"corrupt gzip data ({exc})") from exc
        if len(out) > max_bytes or inflater.unconsumed_tail:
            raise TooLarge(_too_large(source, max_bytes, "once decompressed"))
        if not inflater.eof:
            raise FetchError("truncated gzip data: the file ends before its compressed "
                             "stream does (an interrupted download?)")
        data = inflater.unused_data.lstrip(b"\0")  # next member; NUL padding is allowed
    return bytes(out)


def _too_large(source: str, max_bytes: int, what: str = "") -> str:
    mb = max_bytes / 1_000_000
    return (f"over the {mb:g} MB size limit{' ' + what if what else ''}; raise it with "
            "--max-bytes if this page is genuine")


def read_file(path: Path, *, max_bytes: int) -> Page:
    """One file as a page. Gzip files are decompressed."""
    if not path.exists():
        raise SourceNotFound("no such file or directory")
    size = path.stat().st_size
    if size > max_bytes:
        mb = size / 1_000_000
        raise TooLarge(f"the file is {mb:.1f} MB, " + _too_large(str(path), max_bytes))
    with path.open("rb") as handle:  # pipes and devices report no size: cap the read
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge("the input is " + _too_large(str(path), max_bytes))
    if data.startswith(_GZIP):
        data = gunzip(data, max_bytes=max_bytes, source=str(path))
    # The file's modification time stands for the fetch time: for a scraped page it is
    # when it was saved, the reference for a dateline that gives no year.
    mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    return Page(source=str(path), content=data, fetched_at=mtime)


def open_decompressed(path: Path) -> BinaryIO:
    """``path`` for reading, decompressed when it is gzip (told by its bytes, not its name)."""
    import gzip

    with path.open("rb") as probe:
        gz = probe.read(2) == _GZIP
    return gzip.open(path, "rb") if gz else path.open("rb")  # type: ignore[return-value]


class LineReader(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


def iter_records(stream: LineReader, *, name: str, max_bytes: int, first_line: int = 1
                 ) -> Iterator[Page | Failure]:
    """Each line of a JSON Lines stream as a page carrying its record; bad lines as failures.

    ``first_line`` numbers the stream's first line (when earlier lines were consumed).
    """
    lineno = first_line - 1
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        source = f"{name}:{lineno}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield _failure(source, TooLarge("the line is " + _too_large(source, max_bytes)))
            continue
        if not line.strip():
            continue
        try:
            yield record_page(line, source=source)
        except MalformedRecord as exc:
            yield _failure(source, exc)


def record_page(line: bytes, *, source: str) -> Page:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MalformedRecord(f"not valid JSON ({exc})") from None
    if not isinstance(record, dict):
        raise MalformedRecord(f"expected a JSON object, got {type(record).__name__}")
    url = record.get("url")
    return Page(source=source, content=b"", url=url if isinstance(url, str) else None,
                record=record)


def iter_path(path: Path, *, max_bytes: int) -> Iterator[Page | Failure]:
    """Pages from a file or a directory tree; read errors become failures."""
    if path.is_dir():
        for child in walk(path):
            yield from iter_path(child, max_bytes=max_bytes)
        return
    if is_warc(path) and path.is_file():
        yield from iter_warc(path, max_bytes=max_bytes)
        return
    if is_records(path):
        yield from iter_record_file(path, max_bytes=max_bytes)
        return
    try:
        yield read_file(path, max_bytes=max_bytes)
    except FetchError as exc:
        yield _failure(str(path), exc)
    except OSError as exc:
        yield _failure(str(path), FetchError(f"cannot read the file ({exc.strerror or exc})"))


def iter_record_file(path: Path, *, max_bytes: int, offset: int = 0, first_line: int = 1,
                     lines: int | None = None) -> Iterator[Page | Failure]:
    """A JSON Lines file (gzip or not), or ``lines`` of it from byte ``offset`` of its
    decompressed content, which is line ``first_line``: ``veille batch`` partitions."""
    try:
        with open_decompressed(path) as stream:
            if offset:
                stream.seek(offset)
            reader: LineReader = stream if lines is None else _Lines(stream, lines)
            yield from iter_records(reader, name=str(path), max_bytes=max_bytes,
                                    first_line=first_line)
    except (OSError, EOFError, zlib.error) as exc:  # gzip raises EOFError when truncated
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield _failure(str(path), FetchError(
            f"cannot read the rest of the file ({reason}); the lines before were read"))


class _Lines:
    """The next ``count`` lines of a stream, then end of file (a long line read in pieces
    counts once)."""

    def __init__(self, stream: LineReader, count: int):
        self._stream, self._left = stream, count

    def readline(self, size: int = -1, /) -> bytes:
        if self._left <= 0:
            return b""
        line = self._stream.readline(size)
        if not line or line.endswith(b"\n"):
            self._left -= 1
        return line


def _failure(source: str, exc: FetchError) -> Failure:
    return Failure(source=source, stage=exc.stage, error_type=type(exc).__name__,
                   message=str(exc))
