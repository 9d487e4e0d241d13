"""Hostile and odd input found in review: each case gives a clear answer, never a crash."""

from __future__ import annotations

import json
import multiprocessing
import pickle
from pathlib import Path

from click.testing import CliRunner

from veille.analyze.timexes import timexes_from_text
from veille.cli import main
from veille.cli._common import _safe
from veille.store import Store


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_absurd_dates_do_not_crash() -> None:
    found = timexes_from_text("il y a 10000000 jours, demain", published="2024-11-22")
    assert [t.text for t in found][-1] == "demain"
    assert timexes_from_text("demain et lundi prochain", published="9999-12-31") == ()


def test_terminal_control_sequences_are_not_printed() -> None:
    hostile = "Titre \x1b]0;pwned\x07\x1b[2J \x9b fin"
    assert _safe(hostile) == "Titre   fin"
    assert _safe("\x1b[1mgras\x1b[0m\n\tfin") == "\x1b[1mgras\x1b[0m\n\tfin"


def test_hostile_title_is_shown_without_escapes(tmp_path: Path) -> None:
    record = {"id": "evil", "title": "Titre \x1b]0;pwned\x07", "text": "Un texte assez long."}
    (tmp_path / "r.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = str(tmp_path / "n.db")
    assert _run("ingest", str(tmp_path / "r.jsonl"), "--db", db).exit_code == 0
    shown = _run("show", "evil", "--db", db)
    assert shown.exit_code == 0 and "\x1b]" not in shown.output and "Titre" in shown.output


def test_ids_with_underscores_and_bad_dates(tmp_path: Path) -> None:
    record = {"id": "my_article_1", "text": "Un texte assez long pour être un article.",
              "authors": [1, {"a": 2}, "Jeanne Roy"]}
    (tmp_path / "r.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = str(tmp_path / "n.db")
    _run("ingest", str(tmp_path / "r.jsonl"), "--db", db)
    shown = _run("show", "my_art", "--db", db)
    assert shown.exit_code == 0 and "Jeanne Roy" in shown.output
    assert _run("show", "MY_ART", "--db", db).exit_code == 1  # ids are case-sensitive
    bad = _run("quotes", "--since", "2024-1-5", "--db", db)
    assert bad.exit_code == 2 and "not a date" in bad.output


def test_unwritable_output_and_invalid_url(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    Store(db).close()
    out = _run("export", "quotes", "--format", "csv", "--output", "/nonexistent/x.csv",
               "--db", db)
    assert out.exit_code == 1 and "No such file or directory" in out.output
    assert "Traceback" not in out.output
    url = _run("analyze", "http://[::1")
    assert url.exit_code == 0 and "not a valid URL" in url.stderr


def test_whitespace_only_change_updates_the_stored_text(tmp_path: Path) -> None:
    import veille

    first = veille.analyze("Le ministre Jean Dupont a déclaré : « Tout va bien ».")
    second = veille.analyze("Le ministre Jean Dupont  a déclaré :  « Tout va bien ».")
    second = type(second)(**{**{f: getattr(second, f) for f in second.__dataclass_fields__},
                             "article": type(second.article)(**{
                                 **{f: getattr(second.article, f)
                                    for f in second.article.__dataclass_fields__},
                                 "id": first.article.id}),
                             "model": "another-model"})
    with Store(tmp_path / "n.db") as store:
        store.add(first)
        store.add(second)
        text = store.db.execute("SELECT text FROM articles").fetchone()[0]
        start, end = store.db.execute('SELECT start, "end" FROM quotes').fetchone()
    assert text == second.article.text and text[start:end] == "Tout va bien"


def _open(path: str) -> str:
    try:
        Store(path).close()
        return "ok"
    except Exception as exc:  # reported to the test
        return repr(exc)


def test_two_processes_open_a_new_database_at_once(tmp_path: Path) -> None:
    for trial in range(3):
        path = str(tmp_path / f"{trial}.db")
        with multiprocessing.get_context("spawn").Pool(3) as pool:
            assert pool.map(_open, [path] * 3) == ["ok"] * 3


def test_unreadable_gazetteer_cache_is_rebuilt(tmp_path: Path, monkeypatch) -> None:
    from veille.analyze import places

    path = places.cache_path(tmp_path)
    path.write_bytes(b"\x80\x09")  # a pickle protocol that does not exist
    built = places.Gazetteer(countries={"finlande": "FI"}, cities={}, capitals={})
    monkeypatch.setattr(places, "build_gazetteer", lambda: built)
    assert places.load_gazetteer(tmp_path) is built
    assert pickle.loads(path.read_bytes()) == built  # the cache was rewritten
