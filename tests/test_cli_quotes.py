"""`veille quotes`, `veille people` and quotes in `veille show`, over a store built here."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from veille.cli import main
from veille.records import Analysis, Article, Entity, Quote
from veille.store import Store

TEXT = (
    "Le général Étienne Marchal a rencontré mercredi à Helsinki son homologue allemand. "
    "« Nous ne pouvons plus attendre », a déclaré Étienne Marchal, commandant adjoint des "
    "forces terrestres. Un diplomate a estimé que la rencontre avait été utile."
)
DIRECT = "Nous ne pouvons plus attendre"
INDIRECT = "la rencontre avait été utile"


def _span(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    article = Article(id="sommet-helsinki", source="sommet.txt", text=TEXT,
                      site="Veille-Exemple.info", published="2025-03-14",
                      title="À Helsinki, deux généraux", language="fr", content_hash="h1",
                      extractor="test")
    marchal = Entity(id="e1", name="Étienne Marchal", type="PER",
                     roles=("général", "commandant adjoint des forces terrestres"),
                     mentions=(_span("Étienne Marchal"),))
    helsinki = Entity(id="e2", name="Helsinki", type="LOC", mentions=(_span("Helsinki"),))
    quotes = (
        Quote(text=DIRECT, start=_span(DIRECT)[0], end=_span(DIRECT)[1], kind="direct",
              speaker="Étienne Marchal", speaker_id="e1", speaker_mention="Étienne Marchal",
              cue="a déclaré"),
        Quote(text=INDIRECT, start=_span(INDIRECT)[0], end=_span(INDIRECT)[1], kind="indirect",
              speaker_mention="Un diplomate", cue="a estimé"),
    )
    path = tmp_path_factory.mktemp("cli") / "news.db"
    with Store(path) as store:
        store.add(Analysis(article=article, entities=(marchal, helsinki), quotes=quotes,
                           analyzers={"entities": "test.v1", "quotes": "test.v1"},
                           model="test-model"))
    return path


def run(*args: str, color: bool = False) -> Result:
    result = CliRunner().invoke(main, list(args), color=color)
    assert result.exit_code == 0, result.output
    return result


def test_quotes_text(db: Path) -> None:
    out = run("quotes", "--db", str(db)).output
    assert f"« {DIRECT} »" in out and f"[reported] {INDIRECT}" in out  # not in guillemets
    assert "Étienne Marchal" in out and "Un diplomate" in out
    assert "2025-03-14  Veille-Exemple.info" in out
    assert "sommet-helsinki  À Helsinki, deux généraux" in out
    assert "\x1b[" not in out  # no styling when the output is not a terminal


def test_quotes_filters(db: Path) -> None:
    out = run("quotes", "--speaker", "marchal", "--db", str(db)).output
    assert DIRECT in out and INDIRECT not in out
    out = run("quotes", "--query", "rencontre", "--kind", "indirect", "--db", str(db)).output
    assert INDIRECT in out and DIRECT not in out
    assert run("quotes", "--speaker", "Nobody", "--db", str(db)).output == "no quote matches\n"
    assert "no quote" in run("quotes", "--query", '"', "--db", str(db)).output


def test_quotes_json_jsonl_csv(db: Path) -> None:
    rows = json.loads(run("quotes", "--db", str(db), "--format", "json").output)
    assert [r["text"] for r in rows] == [DIRECT, INDIRECT]
    assert rows[0]["speaker"] == "Étienne Marchal" and rows[1]["speaker"] is None
    assert rows[0]["article_id"] == "sommet-helsinki" and rows[0]["cue"] == "a déclaré"
    lines = run("quotes", "--db", str(db), "--format", "jsonl").output.splitlines()
    assert [json.loads(line) for line in lines] == rows
    table = list(csv.DictReader(io.StringIO(run("quotes", "--db", str(db), "--format",
                                                "csv").output)))
    assert [r["text"] for r in table] == [DIRECT, INDIRECT]
    assert table[1]["speaker_mention"] == "Un diplomate" and table[1]["kind"] == "indirect"


def test_quotes_rejects_an_unknown_kind(db: Path) -> None:
    result = CliRunner().invoke(main, ["quotes", "--kind", "rumour", "--db", str(db)])
    assert result.exit_code == 2 and "rumour" in result.output


def test_people_text_json_csv(db: Path) -> None:
    out = run("people", "--db", str(db)).output
    assert "Étienne Marchal" in out and "Helsinki" not in out
    assert "général; commandant adjoint des forces terrestres" in out
    assert "1 article · 1 mention · 1 quote · 2025-03-14" in out
    rows = json.loads(run("people", "--db", str(db), "--format", "json").output)
    assert rows == [{"name": "Étienne Marchal",
                     "roles": ["général", "commandant adjoint des forces terrestres"],
                     "articles": 1, "mentions": 1, "quotes": 1,
                     "first_published": "2025-03-14", "last_published": "2025-03-14"}]
    table = list(csv.DictReader(io.StringIO(run("people", "--db", str(db), "--format",
                                                "csv").output)))
    assert table[0]["roles"] == "général; commandant adjoint des forces terrestres"
    assert table[0]["quotes"] == "1"
    lines = run("people", "--name", "etienne", "--db", str(db), "--format", "jsonl").output
    assert [json.loads(line)["name"] for line in lines.splitlines()] == ["Étienne Marchal"]
    assert run("people", "--name", "Nobody", "--db", str(db)).output == "no person matches\n"


def test_show_lists_and_marks_quotes(db: Path) -> None:
    out = run("show", "sommet-helsinki", "--db", str(db)).output
    assert TEXT in out  # plain text when not on a terminal
    section = out[out.index("quotes (2):"):]
    assert "1. Étienne Marchal · direct · cue: a déclaré" in section
    assert f"« {DIRECT} »" in section
    assert "2. Un diplomate · indirect · cue: a estimé" in section
    styled = run("show", "sommet-helsinki", "--db", str(db), color=True).output
    assert "\x1b[4m" + DIRECT in styled  # underlined in the text on a terminal
    data = json.loads(run("show", "sommet-helsinki", "--db", str(db), "--format",
                          "json").output)
    assert [q["text"] for q in data["quotes"]] == [DIRECT, INDIRECT]


def test_stats_counts_people(db: Path) -> None:
    data = json.loads(run("stats", "--db", str(db), "--format", "json").output)
    assert (data["people"], data["quotes"], data["entities"]) == (1, 2, 2)
    assert "people 1" in run("stats", "--db", str(db)).output


@pytest.mark.parametrize("command", ["quotes", "people"])
def test_commands_have_help_with_an_example(command: str) -> None:
    out = run(command, "--help").output
    assert "Example" in out and f"veille {command}" in out


def test_missing_database_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["quotes", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "veille ingest" in result.output
