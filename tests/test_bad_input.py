"""Hostile and broken inputs, end to end through the command line.

Every bad input must give one line on stderr that names it and says what went wrong, one
``{"schema", "source", "error"}`` object in its place in ``analyze`` output, and one row in
``veille failures`` after ``ingest``; the run itself goes on and exits 0 (1 with --strict).
"""

from __future__ import annotations

import gzip
import json
import random
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from samples import ARTICLE, ARTICLE_PLAIN
from samples import break_utf8 as _with_ff
from veille.cli import main
from veille.records import SCHEMA

TEXT_PAGE = (
    "14/03/2025\n\nexemple-hebdo.fr\n\n"
    "Saint-Aubin : le conseil municipal vote la rénovation du théâtre\n\n" + ARTICLE + "\n"
)

# A real-looking article page, cut in the middle of a tag (a download that stopped).
TRUNCATED_HTML = """<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Grève des éboueurs à Rennes : la collecte suspendue pour la troisième journée</title>
  <meta property="og:site_name" content="Le Courrier de l'Ouest (exemple)">
  <meta property="article:published_time" content="2025-02-18T07:45:00+01:00">
</head>
<body>
  <header><nav><a href="/">Accueil</a> · <a href="/rennes">Rennes</a></nav></header>
  <main>
    <article>
      <h1>Grève des éboueurs à Rennes : la collecte suspendue pour la troisième journée</h1>
      <p class="byline">Par Claire Le Goff</p>
      <p>Les agents de collecte des déchets de Rennes Métropole ont reconduit mardi leur
      mouvement de grève, entamé dimanche soir pour réclamer une revalorisation de la prime de
      pénibilité et le recrutement de quinze agents supplémentaires.</p>
      <p>« Nous travaillons de nuit, par tous les temps, avec des tournées qui s'allongent
      chaque année », a déclaré Yann Cadiou, délégué syndical, devant le dépôt de la route de
      Lorient. Selon lui, près de 80 % des agents ont cessé le travail.</p>
      <p>La métropole a indiqué dans un communiqué qu'une réunion de négociation était
      prévue jeudi matin et appelé les habitants à ne pas sortir leurs bacs d'ici là.</p>
      <p>Dans plusieurs quartiers du centre-ville, les poubelles s'entassent déjà sur les
      trottoirs. Une médiation pourrait toutefois être propos</p>
      <p cla"""

RECORDS = [
    {"id": "bad-input-tram", "url": "https://exemple.org/lyon/tram",
     "text": "Le maire de Lyon a inauguré mardi une nouvelle ligne de tramway entre la "
             "Part-Dieu et Villeurbanne, en présence de la présidente de la région."},
    {"id": "bad-input-louvre", "url": "https://exemple.org/culture/louvre",
     "text": "La ministre de la Culture a visité jeudi le chantier du musée du Louvre à "
             "Paris, où une nouvelle entrée doit ouvrir à l'automne."},
]


@dataclass(frozen=True)
class Bad:
    """What one bad input must produce: the line prefix on stderr and a message pattern."""

    source: str
    level: str
    stage: str
    pattern: str


@dataclass(frozen=True)
class Corpus:
    inputs: list[str]
    """In the order given on the command line."""
    documents: list[str]
    """The source of every document ``analyze`` must print, in order."""
    good: list[str]
    bad: dict[str, Bad]

    def errors(self) -> list[str]:
        return [name for name, b in self.bad.items() if b.level == "error"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    d = tmp_path_factory.mktemp("inputs")
    rng = random.Random(1789)
    files: dict[str, bytes] = {
        "good.txt": TEXT_PAGE.encode(),
        "empty.html": b"",
        "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4_000),
        "truncated.html": TRUNCATED_HTML.encode(),
        "broken-curly.txt": _with_ff(ARTICLE.encode(), 3),
        "broken-plain.txt": _with_ff(ARTICLE_PLAIN.encode(), 2),
        "garbage.txt": bytes(rng.randrange(0x80, 0x100) for _ in range(4_000)),
        "records.jsonl": (json.dumps(RECORDS[0], ensure_ascii=False) + "\n"
                          + '{"id": "broken", "text": "coupé\n'
                          + json.dumps(RECORDS[1], ensure_ascii=False) + "\n").encode(),
    }
    for name, data in files.items():
        (d / name).write_bytes(data)
    with (d / "huge.html").open("wb") as f:  # 50 MB, over the default 20 MB cap
        block = b"<p>" + b"Du texte sans fin. " * 50 + b"</p>\n"
        f.write(block * (50_000_000 // len(block) + 1))
    path = {name: str(d / name) for name in [*files, "huge.html", "missing.html"]}
    url = f"http://127.0.0.1:{_closed_port()}/x"
    jsonl = path["records.jsonl"]
    order = ["good.txt", "empty.html", "image.png", "truncated.html", "broken-curly.txt",
             "broken-plain.txt", "garbage.txt", "huge.html", "missing.html"]
    bad = {
        "empty.html": Bad(path["empty.html"], "error", "extract", "empty"),
        "image.png": Bad(path["image.png"], "error", "extract", "PNG"),
        "broken-curly.txt": Bad(path["broken-curly.txt"], "warning", "extract",
                                r"3 bytes .*not valid utf-8"),
        "broken-plain.txt": Bad(path["broken-plain.txt"], "warning", "extract",
                                r"2 bytes .*not valid utf-8"),
        "garbage.txt": Bad(path["garbage.txt"], "error", "extract",
                           r"not valid|not text|binary"),
        "huge.html": Bad(path["huge.html"], "error", "fetch", r"5\d\.\d MB.*--max-bytes"),
        "missing.html": Bad(path["missing.html"], "error", "fetch", "no such file"),
        "url": Bad(url, "error", "fetch", "cannot reach"),
        "records.jsonl:2": Bad(f"{jsonl}:2", "error", "fetch", "JSON"),
    }
    return Corpus(
        inputs=[*(path[name] for name in order), url, jsonl],
        documents=[*(path[name] for name in order), url, f"{jsonl}:1", f"{jsonl}:2",
                   f"{jsonl}:3"],
        good=[path["good.txt"], path["truncated.html"], path["broken-curly.txt"],
              path["broken-plain.txt"], f"{jsonl}:1", f"{jsonl}:3"],
        bad=bad,
    )


def _run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    return result


def _lines_about(stderr: str, bad: Bad) -> list[str]:
    return [line for line in stderr.splitlines()
            if line.startswith(f"{bad.level}: {bad.source}: ")]


def _check_line(stderr: str, bad: Bad) -> None:
    lines = _lines_about(stderr, bad)
    assert len(lines) == 1, (bad.source, stderr)
    rest = lines[0][len(f"{bad.level}: {bad.source}: "):]
    assert rest.startswith(f"{bad.stage}: "), lines[0]
    assert re.search(bad.pattern, rest), lines[0]


def _bad_params(*, ingest: bool) -> list[Any]:
    """Every bad input, for analyze and for ingest (both print warnings and failures)."""
    names = ["empty.html", "image.png", "broken-curly.txt", "broken-plain.txt",
             "garbage.txt", "huge.html", "missing.html", "url", "records.jsonl:2"]
    return [pytest.param(name, id=name) for name in names]


# -- analyze -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def analyzed(corpus: Corpus) -> Result:
    return _run("analyze", *corpus.inputs, "--format", "json")


def test_analyze_goes_on_and_exits_0(analyzed: Result) -> None:
    assert analyzed.exit_code == 0, analyzed.output


def test_analyze_prints_one_object_per_document_in_input_order(
    corpus: Corpus, analyzed: Result
) -> None:
    objects = [json.loads(line) for line in analyzed.stdout.splitlines()]
    assert [o["source"] for o in objects] == corpus.documents
    assert all(o["schema"] == SCHEMA for o in objects)
    failed = {o["source"] for o in objects if "error" in o}
    assert failed == {corpus.bad[name].source for name in corpus.errors()}


def test_analyze_failed_documents_are_error_objects(corpus: Corpus, analyzed: Result) -> None:
    objects = {o["source"]: o for o in map(json.loads, analyzed.stdout.splitlines())}
    for name in corpus.errors():
        bad = corpus.bad[name]
        obj = objects[bad.source]
        assert set(obj) == {"schema", "source", "error"}
        assert obj["error"]["stage"] == bad.stage
        assert obj["error"]["type"]
        assert re.search(bad.pattern, obj["error"]["message"])


def test_analyze_good_documents_are_analysed(corpus: Corpus, analyzed: Result) -> None:
    objects = {o["source"]: o for o in map(json.loads, analyzed.stdout.splitlines())}
    for source in corpus.good:
        assert objects[source]["article"]["text"], source
    for name in ("broken-curly.txt", "broken-plain.txt"):  # damaged, not mojibake
        text = objects[corpus.bad[name].source]["article"]["text"]
        assert "Hélène Vautrin" in text and "\ufffd" in text, name
    tram = objects[f"{corpus.inputs[-1]}:1"]["article"]
    assert tram["id"] == "bad-input-tram"
    assert tram["text"] == RECORDS[0]["text"]


def test_analyze_recovers_the_text_of_a_truncated_page(corpus: Corpus, analyzed: Result) -> None:
    objects = {o["source"]: o for o in map(json.loads, analyzed.stdout.splitlines())}
    article = objects[corpus.inputs[3]]["article"]
    assert article["title"].startswith("Grève des éboueurs à Rennes")
    assert "Yann Cadiou, délégué syndical" in article["text"]
    assert "<p" not in article["text"]


@pytest.mark.parametrize("name", _bad_params(ingest=False))
def test_analyze_reports_each_bad_input_on_one_stderr_line(
    corpus: Corpus, analyzed: Result, name: str
) -> None:
    _check_line(analyzed.stderr, corpus.bad[name])


def test_analyze_stderr_only_names_bad_inputs(corpus: Corpus, analyzed: Result) -> None:
    for line in analyzed.stderr.splitlines():
        assert any(line.startswith(f"{b.level}: {b.source}: ") for b in corpus.bad.values()), line


# -- ingest ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ingested:
    first: Result
    second: Result
    failures_first: list[dict[str, Any]]
    failures_second: list[dict[str, Any]]
    stats_first: dict[str, Any]
    stats_second: dict[str, Any]


@pytest.fixture(scope="module")
def ingested(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    db = str(tmp_path_factory.mktemp("db") / "veille.db")

    def failures() -> list[dict[str, Any]]:
        return json.loads(_run("failures", "--db", db, "--format", "json").stdout)

    def stats() -> dict[str, Any]:
        return json.loads(_run("stats", "--db", db, "--format", "json").stdout)

    first = _run("ingest", *corpus.inputs, "--db", db)
    failures_first, stats_first = failures(), stats()
    second = _run("ingest", *corpus.inputs, "--db", db)
    return Ingested(first, second, failures_first, failures(), stats_first, stats())


def test_ingest_goes_on_and_exits_0(ingested: Ingested) -> None:
    assert ingested.first.exit_code == 0, ingested.first.output
    assert ingested.second.exit_code == 0, ingested.second.output


@pytest.mark.parametrize("name", _bad_params(ingest=True))
def test_ingest_reports_each_bad_input_on_one_stderr_line(
    corpus: Corpus, ingested: Ingested, name: str
) -> None:
    _check_line(ingested.first.stderr, corpus.bad[name])


def test_ingest_records_every_failure_with_its_source(
    corpus: Corpus, ingested: Ingested
) -> None:
    rows = {r["source"]: r for r in ingested.failures_first if r["level"] == "error"}
    assert set(rows) == {corpus.bad[name].source for name in corpus.errors()}
    for name in corpus.errors():
        bad = corpus.bad[name]
        assert rows[bad.source]["stage"] == bad.stage
        assert re.search(bad.pattern, rows[bad.source]["message"])


def test_ingest_records_warnings_too(corpus: Corpus, ingested: Ingested) -> None:
    warned = {r["source"] for r in ingested.failures_first if r["level"] == "warning"}
    assert corpus.bad["broken-curly.txt"].source in warned


def test_ingest_stores_the_good_documents(corpus: Corpus, ingested: Ingested) -> None:
    assert ingested.stats_first["articles"] == len(corpus.good)
    assert ingested.stats_first["failures"] == len(corpus.errors())
    assert f"{len(corpus.good)} added" in ingested.first.stdout


def test_ingest_twice_adds_nothing_and_duplicates_no_failure(ingested: Ingested) -> None:
    assert ingested.stats_second["articles"] == ingested.stats_first["articles"]
    assert ingested.stats_second["failures"] == ingested.stats_first["failures"]
    assert "0 added" in ingested.second.stdout

    def key(row: dict[str, Any]) -> tuple[str, ...]:
        return row["source"], row["stage"], row["error_type"], row["message"]

    first = sorted(map(key, ingested.failures_first))
    second = sorted(map(key, ingested.failures_second))
    assert second == first
    assert len(set(second)) == len(second)
    assert all(row["count"] == 2 for row in ingested.failures_second)


# -- --strict ------------------------------------------------------------------------------
def test_strict_analyze_exits_1_on_a_failure(corpus: Corpus) -> None:
    result = _run("analyze", corpus.bad["missing.html"].source, corpus.inputs[0], "--strict")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2  # the good document is still printed


def test_strict_analyze_exits_0_without_failures(corpus: Corpus) -> None:
    assert _run("analyze", corpus.inputs[0], "--strict").exit_code == 0


def test_strict_ingest_exits_1_on_a_failure(corpus: Corpus, tmp_path: Path) -> None:
    db = str(tmp_path / "strict.db")
    result = _run("ingest", corpus.bad["empty.html"].source, corpus.inputs[0], "--db", db,
                  "--strict")
    assert result.exit_code == 1
    stats = json.loads(_run("stats", "--db", db, "--format", "json").stdout)
    assert (stats["articles"], stats["failures"]) == (1, 1)


# -- a compressed file cut short ---------------------------------------------------------------
@pytest.mark.parametrize("command", [
    "analyze",
    "ingest",
])
def test_truncated_gzip_records_do_not_crash(tmp_path: Path, command: str) -> None:
    lines = (json.dumps({"text": f"Dépêche numéro {i}."}) for i in range(3_000))
    data = gzip.compress("\n".join(lines).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    extra = ["--db", str(tmp_path / "cut.db")] if command == "ingest" else []
    result = CliRunner().invoke(main, [command, str(path), *extra])
    assert result.exception is None, repr(result.exception)
    assert result.exit_code == 0
    (line,) = [x for x in result.stderr.splitlines() if x.startswith(f"error: {path}: ")]
    assert "fetch: " in line
