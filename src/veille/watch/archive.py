"""The archive: every HTTP response that watch receives, as WARC files rotated per day.

``veille-YYYYMMDD.warc.gz`` (UTC day of the fetch) holds one gzip member per ``response``
record, written with warcio: ``veille batch``, ``veille analyze`` and any WARC tool read
it, and ``read_record(path, offset)`` gets one record back (``veille show ID --raw``).

A record is serialised in memory and appended with one ``write`` on a file opened in
append mode, so a process killed mid-run leaves whole records behind it. The payload
stored is the body as veille read it: decompressed (the original ``Content-Encoding`` is
kept as ``X-Archive-Orig-Content-Encoding``), cut at the size cap (then the record says
``WARC-Truncated: length``).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from veille.errors import FetchError

__all__ = ["Archive", "ArchivedRecord", "read_record"]

# Hop-by-hop and encoding headers that no longer describe the stored (decoded) payload.
_DROPPED = frozenset({"content-encoding", "transfer-encoding", "content-length", "connection",
                      "keep-alive"})


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchivedRecord:
    """One response read back from the archive."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    date: str


class Archive:
    """WARC files under ``folder``, one per UTC day, appended to."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).resolve()

    def path_for(self, when: dt.datetime) -> Path:
        return self.folder / f"veille-{when.astimezone(dt.UTC):%Y%m%d}.warc.gz"

    def write(self, *, url: str, status: int, reason: str, headers: Mapping[str, str],
              content: bytes, fetched_at: dt.datetime, address: str | None = None,
              truncated: bool = False) -> tuple[str, int]:
        """Append one ``response`` record; return (file, byte offset) of its gzip member."""
        data = _record_bytes(url=url, status=status, reason=reason, headers=headers,
                             content=content, fetched_at=fetched_at, address=address,
                             truncated=truncated)
        path = self.path_for(fetched_at)
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            offset = os.lseek(fd, 0, os.SEEK_END)
            view = memoryview(data)
            while view:  # one write for a regular file; the loop is for the odd short write
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        return str(path), offset


def _record_bytes(*, url: str, status: int, reason: str, headers: Mapping[str, str],
                  content: bytes, fetched_at: dt.datetime, address: str | None,
                  truncated: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    http_headers = [(k, v) for k, v in headers.items() if k.lower() not in _DROPPED]
    if encoding := headers.get("content-encoding"):
        http_headers.append(("X-Archive-Orig-Content-Encoding", encoding))
    http_headers.append(("Content-Length", str(len(content))))
    status_line = f"{status} {reason or 'Unknown'}"
    warc_headers = {"WARC-Date": fetched_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    if address:
        warc_headers["WARC-IP-Address"] = address
    if truncated:
        warc_headers["WARC-Truncated"] = "length"
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(content), length=len(content),
        http_headers=StatusAndHeaders(status_line, http_headers, protocol="HTTP/1.1"),
        warc_headers_dict=warc_headers)
    writer.write_record(record)
    return buffer.getvalue()


def read_record(path: str | Path, offset: int) -> ArchivedRecord:
    """The response record at ``offset`` of the WARC file ``path``."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        with Path(path).open("rb") as raw:
            raw.seek(offset)
            for record in ArchiveIterator(raw):
                http = record.http_headers
                status = int(http.get_statuscode() or 0) if http else 0
                headers = {k.lower(): v for k, v in http.headers} if http else {}
                return ArchivedRecord(
                    url=record.rec_headers.get_header("WARC-Target-URI") or "",
                    status=status, headers=headers, content=record.content_stream().read(),
                    date=record.rec_headers.get_header("WARC-Date") or "")
    except OSError as exc:
        raise FetchError(f"cannot read the archive {path}: {exc.strerror or exc}") from None
    except Exception as exc:  # warcio on a damaged file
        raise FetchError(f"cannot read the record at {path}@{offset}: {exc}") from None
    raise FetchError(f"no WARC record at {path}@{offset}")
