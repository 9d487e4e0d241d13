"""Partitions: stable keys, and reading every partition gives each document exactly once,
as ``iter_sources`` reads the same inputs (no model needed)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from hostile.make_corpus import article, html_records, warc_record, write_warc
from veille.batch.plan import plan
from veille.batch.worker import read_partition
from veille.fetch import iter_sources
from veille.records import Failure, Page

TOWNS = [f"Ville-{i}" for i in range(23)]


def _jsonl(path: Path, n: int, *, gz: bool = False, bad: int | None = None) -> Path:
    lines = [json.dumps({"id": f"r{i}", "text": article(f"Ville-{i}", i)}) for i in range(n)]
    if bad is not None:
        lines[bad] = "{not json"
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def _warc(path: Path, *, gz: bool) -> Path:
    records = html_records("p", TOWNS)
    extra = warc_record("https://exemple.org/x.png", b"\x89PNG" + b"\0" * 40,
                        content_type="image/png")
    mixed = [r for pair in zip(records, [extra] * len(records), strict=True) for r in pair]
    write_warc(path, mixed, gz=gz)
    return path


def _identity(item: Page | Failure) -> tuple[str, str]:
    if isinstance(item, Failure):
        return item.source, item.message
    return item.source, (item.content.decode() if item.content else json.dumps(item.record))


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(7):
        (pages / f"p{i}.txt").write_text(article(f"Page-{i}", i), encoding="utf-8")
    return [str(pages), str(_jsonl(tmp_path / "a.jsonl", 25, bad=11)),
            str(_jsonl(tmp_path / "b.jsonl.gz", 20, gz=True)),
            str(_warc(tmp_path / "c.warc.gz", gz=True)), str(_warc(tmp_path / "d.warc", gz=False)),
            str(tmp_path / "missing.html")]


@pytest.mark.parametrize("size", [1, 4, 10, 100])
def test_partitions_read_every_document_once(inputs: list[str], size: int) -> None:
    parts = plan(inputs, size=size)
    got = [_identity(x) for p in parts for x in read_partition(p, max_bytes=10**7)]
    expected = [_identity(x) for x in iter_sources(inputs)]
    assert got == expected
    assert len(expected) == 7 + 25 + 20 + 23 + 23 + 1
    assert all(p.docs <= size for p in parts)
    assert len({p.key for p in parts}) == len(parts)


def test_keys_are_stable_and_follow_size_and_content(inputs: list[str], tmp_path: Path) -> None:
    keys = [p.key for p in plan(inputs, size=10)]
    assert keys == [p.key for p in plan(inputs, size=10)]
    assert not set(keys) & {p.key for p in plan(inputs, size=9)}
    _jsonl(tmp_path / "a.jsonl", 26)  # a changed file: its partitions get new keys
    changed = [p.key for p in plan(inputs, size=10)]
    assert len(set(keys) - set(changed)) == 3 and len(changed) == len(keys)


def test_truncated_warc_gives_its_records_then_one_failure(tmp_path: Path) -> None:
    path = _warc(tmp_path / "t.warc.gz", gz=True)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) - 30])
    for size in (3, 100):
        items = [x for p in plan([str(path)], size=size)
                 for x in read_partition(p, max_bytes=10**7)]
        pages = [x for x in items if isinstance(x, Page)]
        failures = [x for x in items if isinstance(x, Failure)]
        assert len(pages) == len(TOWNS) and len(failures) == 1
        assert items[-1] is failures[0] and "truncated WARC" in failures[0].message
        assert all(p.url and p.headers["content-type"].startswith("text/html") for p in pages)


def test_warc_gzipped_as_one_stream_is_read_whole(tmp_path: Path) -> None:
    """`gzip file.warc` makes one gzip stream, not one member per record: still read."""
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(b"".join(html_records("w", TOWNS))))
    items = [x for p in plan([str(path)], size=5) for x in read_partition(p, max_bytes=10**7)]
    assert [x.url for x in items if isinstance(x, Page)] == [
        f"https://exemple.org/w/{i}" for i in range(len(TOWNS))]
    path.write_bytes(path.read_bytes()[:-100])
    items = list(iter_sources([str(path)]))
    assert isinstance(items[-1], Failure) and "truncated WARC" in items[-1].message
    assert sum(isinstance(x, Failure) for x in items) == 1


def test_default_partition_size_balances_local_workers(tmp_path: Path) -> None:
    from veille.batch.run import partition_size

    records = tmp_path / "r.jsonl"
    records.write_text("".join(f'{{"id": "d{i}", "text": "mot {i}"}}\n' for i in range(300)))
    assert partition_size([str(records)], tmp_path / "out", 2) == 38  # 8 partitions, 4 each
    assert partition_size([str(records)], tmp_path / "out", 1) == 75
    small = tmp_path / "s.jsonl"
    small.write_text('{"id": "a", "text": "x"}\n')
    assert partition_size([str(small)], tmp_path / "out", 2) == 10  # never tiny
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "manifest.json").write_text('{"partition_size": 7, "partitions": []}')
    assert partition_size([str(records)], tmp_path / "out", 2) == 7  # a rerun keeps its own
