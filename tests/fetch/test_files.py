"""Local inputs → Page: files, directory trees, gzip, JSON Lines and standard input."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import pickle
import random
from pathlib import Path

import pytest

from veille.errors import TooLarge
from veille.fetch import iter_sources
from veille.fetch.files import gunzip
from veille.records import Failure, Page

HTML = "<html><body><p>Le port de Marseille est à l’arrêt.</p></body></html>".encode()


def _records(*items: object) -> bytes:
    return b"".join(json.dumps(item, ensure_ascii=False).encode() + b"\n" for item in items)


def _only(results: list[Page | Failure]) -> Page | Failure:
    assert len(results) == 1, results
    return results[0]


# -- single files ----------------------------------------------------------------------
def test_file_is_one_page_dated_by_its_mtime(tmp_path: Path) -> None:
    path = tmp_path / "article.html"
    path.write_bytes(HTML)
    saved = dt.datetime(2024, 11, 22, 8, 30, tzinfo=dt.UTC)
    os.utime(path, (saved.timestamp(), saved.timestamp()))
    page = _only(list(iter_sources([str(path)])))
    assert isinstance(page, Page)
    assert page.source == str(path)
    assert page.content == HTML
    assert page.record is None
    assert page.fetched_at == saved


def test_file_named_explicitly_is_read_whatever_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "page.php"
    path.write_bytes(HTML)
    page = _only(list(iter_sources([str(path)])))
    assert isinstance(page, Page) and page.content == HTML


def test_missing_file_is_a_failure(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.html"
    failure = _only(list(iter_sources([str(missing)])))
    assert isinstance(failure, Failure)
    assert failure.source == str(missing)
    assert (failure.stage, failure.error_type) == ("fetch", "SourceNotFound")
    assert "no such file" in failure.message


def test_file_over_the_cap_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    path.write_bytes(b"<p>" + b"x" * 3_000 + b"</p>")
    failure = _only(list(iter_sources([str(path)], max_bytes=1_000)))
    assert isinstance(failure, Failure)
    assert failure.error_type == "TooLarge"
    assert "--max-bytes" in failure.message


def test_inputs_keep_their_order_and_failures_their_place(tmp_path: Path) -> None:
    first, last = tmp_path / "b.html", tmp_path / "a.html"
    first.write_bytes(b"<p>b</p>")
    last.write_bytes(b"<p>a</p>")
    inputs = [str(first), str(tmp_path / "missing.html"), str(last)]
    results = list(iter_sources(inputs))
    assert [r.source for r in results] == inputs
    assert [type(r) for r in results] == [Page, Failure, Page]


def test_pages_and_failures_pickle(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_bytes(HTML)
    results = list(iter_sources([str(path), str(tmp_path / "missing.html")]))
    assert pickle.loads(pickle.dumps(results)) == results


# -- directories -------------------------------------------------------------------------
def test_directory_is_walked_recursively_sorted_without_hidden_files(tmp_path: Path) -> None:
    root = tmp_path / "scraped"
    files = {
        "b.html": b"b",
        "a.txt": b"a",
        "2024/11/c.htm": b"c",
        "2024/01/d": b"d",
        "z/e.jsonl": _records({"text": "e"}),
        ".cache.html": b"hidden file",
        ".git/f.html": b"hidden directory",
        "sub/.drafts/g.html": b"nested hidden directory",
        "style.css": b"not a page",
        "logo.png": b"\x89PNG not a page",
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    results = list(iter_sources([str(root)]))
    assert [Path(r.source).relative_to(root).as_posix() for r in results] == [
        "2024/01/d", "2024/11/c.htm", "a.txt", "b.html", "z/e.jsonl:1"]
    assert all(isinstance(r, Page) for r in results)


def test_empty_directory_gives_nothing(tmp_path: Path) -> None:
    assert list(iter_sources([str(tmp_path)])) == []


# -- gzip --------------------------------------------------------------------------------
def test_gzip_file_is_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "article.html.gz"
    path.write_bytes(gzip.compress(HTML))
    page = _only(list(iter_sources([str(path)])))
    assert isinstance(page, Page) and page.content == HTML


def test_gzip_files_are_found_in_a_directory_walk(tmp_path: Path) -> None:
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(HTML))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(_records({"text": "b"}, {"text": "c"})))
    (tmp_path / "c.tar.gz").write_bytes(gzip.compress(b"an archive"))
    results = list(iter_sources([str(tmp_path)]))
    assert [Path(r.source).name for r in results] == ["a.html.gz", "b.jsonl.gz:1", "b.jsonl.gz:2"]
    assert [r.record for r in results if isinstance(r, Page)][1:] == [{"text": "b"}, {"text": "c"}]


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"\0" * 5_000_000))  # 5 kB on disk, 5 MB inflated
    assert path.stat().st_size < 1_000_000
    failure = _only(list(iter_sources([str(path)], max_bytes=1_000_000)))
    assert isinstance(failure, Failure)
    assert failure.error_type == "TooLarge"
    assert "decompressed" in failure.message


def test_gunzip_stops_inflating_at_the_cap() -> None:
    with pytest.raises(TooLarge):
        gunzip(gzip.compress(b"a" * 100_001), max_bytes=100_000, source="x.gz")
    assert gunzip(gzip.compress(b"a" * 100_000), max_bytes=100_000, source="x.gz") == b"a" * 100_000


def test_corrupt_gzip_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "broken.html.gz"
    path.write_bytes(b"\x1f\x8b" + b"this is not deflate data")
    failure = _only(list(iter_sources([str(path)])))
    assert isinstance(failure, Failure)
    assert failure.stage == "fetch"
    assert "gzip" in failure.message


def test_truncated_gzip_page_is_a_failure(tmp_path: Path) -> None:
    data = gzip.compress(random.Random(0).randbytes(20_000).hex().encode())
    path = tmp_path / "cut.html.gz"
    path.write_bytes(data[: len(data) // 2])
    failure = _only(list(iter_sources([str(path)])))
    assert isinstance(failure, Failure)
    assert (failure.stage, failure.error_type) == ("fetch", "FetchError")
    assert "truncated" in failure.message


def test_multi_member_gzip_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "joined.html.gz"
    path.write_bytes(gzip.compress(b"<p>first</p>") + gzip.compress(b"<p>second</p>"))
    page = _only(list(iter_sources([str(path)])))
    assert isinstance(page, Page) and page.content == b"<p>first</p><p>second</p>"


def test_truncated_gzip_records_give_a_failure_not_a_crash(tmp_path: Path) -> None:
    data = gzip.compress(_records(*({"text": f"dépêche {i} " * 5} for i in range(2_000))))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    results = list(iter_sources([str(path), str(tmp_path / "after.html")]))
    assert isinstance(results[-1], Failure) and results[-1].error_type == "SourceNotFound"
    assert any(isinstance(r, Failure) and r.source.startswith(str(path)) for r in results)


# -- JSON Lines --------------------------------------------------------------------------
def test_records_become_pages_carrying_their_fields(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    first = {"id": "a1", "url": "https://exemple.org/a", "text": "Texte de la dépêche."}
    second = {"id": "a2", "html": "<p>Autre dépêche.</p>", "url": 12}
    path.write_bytes(_records(first, second))
    results = list(iter_sources([str(path)]))
    assert [r.source for r in results] == [f"{path}:1", f"{path}:2"]
    one, two = results
    assert isinstance(one, Page) and isinstance(two, Page)
    assert (one.record, one.url, one.content) == (first, "https://exemple.org/a", b"")
    assert two.record == second
    assert two.url is None  # a url that is not a string is not a URL


def test_malformed_line_is_a_failure_and_the_others_still_come(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(_records({"text": "un"}) + b'{"text": "deux",\n' + _records({"text": "trois"}))
    results = list(iter_sources([str(path)]))
    assert [r.source for r in results] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    ok1, bad, ok3 = results
    assert isinstance(bad, Failure)
    assert (bad.stage, bad.error_type) == ("fetch", "MalformedRecord")
    assert "JSON" in bad.message
    assert isinstance(ok1, Page) and ok1.record == {"text": "un"}
    assert isinstance(ok3, Page) and ok3.record == {"text": "trois"}


@pytest.mark.parametrize("line", [b"[1, 2]", b'"texte"', b"42", b"null", b"true"])
def test_line_that_is_not_an_object_is_a_failure(tmp_path: Path, line: bytes) -> None:
    path = tmp_path / "records.ndjson"
    path.write_bytes(line + b"\n" + _records({"text": "suite"}))
    bad, ok = list(iter_sources([str(path)]))
    assert isinstance(bad, Failure) and bad.source == f"{path}:1"
    assert bad.error_type == "MalformedRecord"
    assert "expected a JSON object" in bad.message
    assert isinstance(ok, Page) and ok.source == f"{path}:2"


def test_line_numbers_count_blank_lines_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "un"}\r\n\r\n   \r\n'
                     b'{"text": "\xff"}\r\n{"text": "cinq"}')
    results = list(iter_sources([str(path)]))
    assert [r.source for r in results] == [f"{path}:1", f"{path}:4", f"{path}:5"]
    first, invalid, last = results
    assert isinstance(first, Page) and first.record == {"text": "un"}
    assert isinstance(invalid, Failure) and invalid.error_type == "MalformedRecord"
    assert isinstance(last, Page) and last.record == {"text": "cinq"}


@pytest.mark.parametrize("size", [300, 3_000_000], ids=["just-over", "megabytes-over"])
def test_oversize_line_is_refused_and_the_next_line_still_parsed(
    tmp_path: Path, size: int
) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(_records({"text": "avant"}, {"text": "x" * size}, {"text": "après"}))
    results = list(iter_sources([str(path)], max_bytes=200))
    assert [r.source for r in results] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    before, big, after = results
    assert isinstance(big, Failure)
    assert big.error_type == "TooLarge"
    assert "--max-bytes" in big.message
    assert isinstance(before, Page) and before.record == {"text": "avant"}
    assert isinstance(after, Page) and after.record == {"text": "après"}


def test_oversize_last_line_without_newline_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(_records({"text": "avant"}) + json.dumps({"text": "x" * 500}).encode())
    before, big = list(iter_sources([str(path)], max_bytes=200))
    assert isinstance(before, Page)
    assert isinstance(big, Failure) and big.error_type == "TooLarge"


def test_line_exactly_at_the_cap_is_accepted(tmp_path: Path) -> None:
    line = json.dumps({"text": "x" * 100}).encode()
    path = tmp_path / "records.jsonl"
    path.write_bytes(line + b"\n")
    page = _only(list(iter_sources([str(path)], max_bytes=len(line))))
    assert isinstance(page, Page)


# -- standard input --------------------------------------------------------------------
def test_stdin_text_is_one_page() -> None:
    data = "Le port de Marseille est à l’arrêt.\n\n{pas du JSON}\n".encode()
    page = _only(list(iter_sources(["-"], stdin=io.BytesIO(data))))
    assert isinstance(page, Page)
    assert (page.source, page.content, page.record) == ("<stdin>", data, None)


def test_stdin_is_records_when_every_line_is_an_object() -> None:
    data = _records({"text": "un"}) + b'\n{"text": "deux"\n' + _records({"text": "trois"})
    results = list(iter_sources(["-"], stdin=io.BytesIO(data)))
    assert [r.source for r in results] == ["<stdin>:1", "<stdin>:3", "<stdin>:4"]
    one, bad, three = results
    assert isinstance(one, Page) and one.record == {"text": "un"}
    assert isinstance(bad, Failure) and bad.error_type == "MalformedRecord"
    assert isinstance(three, Page) and three.record == {"text": "trois"}


def test_stdin_over_the_cap_is_refused() -> None:
    failure = _only(list(iter_sources(["-"], stdin=io.BytesIO(b"x" * 1_001), max_bytes=1_000)))
    assert isinstance(failure, Failure)
    assert (failure.source, failure.error_type) == ("<stdin>", "TooLarge")


def test_stdin_records_are_capped_one_by_one() -> None:
    data = _records(*({"text": "x" * 400} for _ in range(5)))
    results = list(iter_sources(["-"], stdin=io.BytesIO(data), max_bytes=1_000))
    assert [type(r) for r in results] == [Page] * 5


def test_stdin_records_over_the_cap_are_refused_one_by_one() -> None:
    data = _records({"text": "un"}, {"text": "x" * 3_000}, {"text": "trois"})
    results = list(iter_sources(["-"], stdin=io.BytesIO(data), max_bytes=1_000))
    assert [(r.source, type(r)) for r in results] == [
        ("<stdin>:1", Page), ("<stdin>:2", Failure), ("<stdin>:3", Page)]


def test_stdin_line_numbers_match_the_same_file(tmp_path: Path) -> None:
    data = b'\n\n{"text": "un"}\n{"text": \n'
    path = tmp_path / "records.jsonl"
    path.write_bytes(data)
    from_file = [r.source.rsplit(":", 1)[1] for r in iter_sources([str(path)])]
    from_stdin = [r.source.rsplit(":", 1)[1] for r in iter_sources(["-"], stdin=io.BytesIO(data))]
    assert from_file == ["3", "4"]
    assert from_stdin == from_file


def test_stdin_among_other_inputs_keeps_its_place(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_bytes(HTML)
    results = list(iter_sources([str(path), "-", str(path)], stdin=io.BytesIO(b"du texte")))
    assert [r.source for r in results] == [str(path), "<stdin>", str(path)]
