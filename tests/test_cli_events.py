"""`veille events`, `veille places` and `veille timeline`, over a store built here."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from query.test_events_places import build_store
from veille.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("cli-events") / "news.db")


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_events_text(db: Path) -> None:
    out = run("events", "--db", str(db)).output
    assert "2025-03-12  CONSULT  Étienne Marchal, Anna Virtanen @ Helsinki  (a rencontré)" in out
    assert "2025-03-20  ACCUSE  Mark Milley → Moscou  (a critiqué)" in out
    assert "sommet-helsinki  Titre de sommet-helsinki" in out
    assert "\x1b[" not in out
    assert run("events", "--type", "PROTEST", "--db", str(db)).output == "no event matches\n"


def test_events_filters_and_formats(db: Path) -> None:
    rows = json.loads(run("events", "--actor", "marchal", "--db", str(db), "--format",
                          "json").output)
    assert [r["trigger"] for r in rows] == ["a rencontré", "a reçu"]
    assert rows[1]["targets"] == ["Étienne MARCHAL"] and rows[1]["place"] == "Paris"
    lines = run("events", "--type", "accuse", "--since", "2025-03-15", "--db", str(db),
                "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["trigger"] for line in lines] == ["a critiqué"]
    table = list(csv.DictReader(io.StringIO(run(
        "events", "--place", "helsinki", "--until", "2025-03-31", "--limit", "5", "--db",
        str(db), "--format", "csv").output)))
    assert [r["actors"] for r in table] == ["Étienne Marchal; Anna Virtanen"]
    assert table[0]["date"] == "2025-03-12"


def test_places(db: Path) -> None:
    out = run("places", "--db", str(db)).output
    assert "Helsinki  FI  60.1700, 24.9400  2 articles · 2 mentions" in out
    assert "Moscou  RU  1 article · 1 mention" in out
    rows = json.loads(run("places", "--country", "fi", "--db", str(db), "--format",
                          "json").output)
    assert rows == [{"name": "Helsinki", "country": "FI", "lat": 60.17, "lon": 24.94,
                     "articles": 2, "mentions": 2}]
    table = list(csv.DictReader(io.StringIO(run("places", "--db", str(db), "--format",
                                                "csv").output)))
    assert [r["name"] for r in table] == ["Helsinki", "Moscou", "Paris", "Russie"]
    assert run("places", "--country", "US", "--db", str(db)).output == "no place matches\n"


def test_timeline(db: Path) -> None:
    out = run("timeline", "Marchal", "--db", str(db)).output
    assert "2025-03-12  CONSULT (actor)  a rencontré" in out
    assert "2025-03-14  quote (speaker)  Nous devons agir" in out
    assert out.index("CONSULT (actor)") < out.index("quote (speaker)") < out.index(
        "CONSULT (target)")
    rows = json.loads(run("timeline", "etienne marchal", "--db", str(db), "--format",
                          "json").output)
    assert [(r["kind"], r["role"], r["article_id"]) for r in rows] == [
        ("CONSULT", "actor", "sommet-helsinki"), ("quote", "speaker", "sommet-helsinki"),
        ("CONSULT", "target", "milley-paris")]
    table = list(csv.DictReader(io.StringIO(run("timeline", "Milley", "--db", str(db),
                                                "--format", "csv").output)))
    assert [r["kind"] for r in table] == ["CONSULT", "quote", "ACCUSE"]
    assert run("timeline", "Nobody", "--db", str(db)).output == (
        "nothing stored about 'Nobody'\n")


@pytest.mark.parametrize("command", ["events", "places", "timeline"])
def test_commands_have_help_with_an_example(command: str) -> None:
    out = run(command, "--help").output
    assert "Example" in out and f"veille {command}" in out


@pytest.mark.parametrize("command", [["events"], ["places"], ["timeline", "Marchal"]])
def test_missing_database_is_an_error(tmp_path: Path, command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "veille ingest" in result.output
