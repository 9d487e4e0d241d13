"""`veille export`: tables as CSV, JSONL and Parquet, the actor graph as GraphML and GEXF.

Every export is read back with the library a user would read it with.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from query.test_events_places import build_store
from veille.cli import main
from veille.query.export import columns
from veille.query.graph import build_graph
from veille.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("export") / "news.db")


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


# -- tables -----------------------------------------------------------------------------
def test_quotes_csv_to_stdout(db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run("export", "quotes", "--db", str(db)).stdout)))
    assert [r["text"] for r in rows] == ["Nous devons agir", "l'exercice aura lieu en juillet",
                                         "Nous parlons franchement"]
    assert rows[0]["speaker"] == "Étienne Marchal" and rows[0]["article_id"] == (
        "sommet-helsinki")
    assert list(rows[0]) == columns("quotes")


def test_events_jsonl_and_csv_file(db: Path, tmp_path: Path) -> None:
    lines = run("export", "events", "--db", str(db), "--format", "jsonl").stdout.splitlines()
    events = [json.loads(line) for line in lines]
    assert [e["trigger"] for e in events] == ["a rencontré", "a accusé", "a reçu",
                                              "a critiqué"]
    assert events[0]["actors"] == ["Étienne Marchal", "Anna Virtanen"]
    out = tmp_path / "events.csv"
    result = run("export", "events", "--db", str(db), "--output", str(out))
    assert result.stdout == f"4 rows written to {out}\n"  # the rows went to the file
    with out.open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert table[0]["actors"] == "Étienne Marchal; Anna Virtanen"


def test_people_and_articles_jsonl(db: Path) -> None:
    people = [json.loads(line) for line in run(
        "export", "people", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    assert [p["name"] for p in people] == ["Étienne Marchal", "Anna Virtanen", "Mark Milley"]
    articles = [json.loads(line) for line in run(
        "export", "articles", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    assert [a["id"] for a in articles] == ["sommet-helsinki", "milley-paris",
                                           "helsinki-suite"]
    assert articles[0]["text"].startswith("Le général Étienne Marchal")
    assert articles[0]["authors"] == [] and articles[0]["language"] == "fr"


@pytest.mark.parametrize("table", ["quotes", "events", "people", "articles"])
def test_parquet_reads_back(db: Path, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.parquet"
    run("export", table, "--db", str(db), "--format", "parquet", "--output", str(out))
    read = pq.read_table(out)
    assert read.column_names == columns(table)  # type: ignore[arg-type]
    expected = [json.loads(line) for line in run(
        "export", table, "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    assert read.to_pylist() == expected


def test_parquet_of_an_empty_table_keeps_its_types(tmp_path: Path) -> None:
    Store(tmp_path / "empty.db").close()
    out = tmp_path / "events.parquet"
    run("export", "events", "--db", str(tmp_path / "empty.db"), "--format", "parquet",
        "--output", str(out))
    read = pq.read_table(out)
    assert read.num_rows == 0 and read.schema.field("actors").type.value_type == pa.string()


@pytest.mark.parametrize("args", [
    ["quotes", "--format", "parquet"],  # a file format needs --output
    ["graph", "--format", "graphml"],
    ["graph", "--format", "csv", "--output", "x.csv"],
    ["people", "--format", "gexf", "--output", "x.gexf"],
])
def test_bad_combinations_are_usage_errors(db: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["export", *args, "--db", str(db)])
    assert result.exit_code == 2
    assert "--output" in result.output or "exports as" in result.output


# -- graph ------------------------------------------------------------------------------
def _edges(graph: nx.MultiDiGraph) -> set[tuple[str, str, str, str, str]]:
    return {(u, v, d["type"], d["date"], d["article_id"])
            for u, v, d in graph.edges(data=True)}


EDGES = {
    ("Étienne Marchal", "Anna Virtanen", "CONSULT", "2025-03-12", "sommet-helsinki"),
    ("Anna Virtanen", "Russie", "ACCUSE", "2025-03-14", "sommet-helsinki"),
    ("Étienne Marchal", "Anna Virtanen", "co-quoted", "2025-03-14", "sommet-helsinki"),
    ("Mark Milley", "Étienne Marchal", "CONSULT", "2025-03-20", "milley-paris"),
    ("Mark Milley", "Moscou", "ACCUSE", "2025-03-20T09:30", "milley-paris"),
}


def test_graph_nodes_and_edges(db: Path) -> None:
    with Store(db) as store:
        graph = build_graph(store)
    assert _edges(graph) == EDGES and graph.number_of_edges() == 5
    marchal = graph.nodes["Étienne Marchal"]  # the spelling most rows use
    assert (marchal["type"], marchal["articles"]) == ("PER", 2)
    assert graph.nodes["Moscou"]["type"] == "LOC"
    assert set(graph.nodes) == {"Étienne Marchal", "Anna Virtanen", "Russie", "Mark Milley",
                                "Moscou"}


def test_graphml_reads_back(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "actors.graphml"
    result = run("export", "graph", "--db", str(db), "--output", str(out))
    assert result.stdout == f"5 actors and 5 links written to {out}\n"
    graph = nx.read_graphml(out)
    assert _edges(graph) == EDGES
    assert graph.nodes["Étienne Marchal"] == {"name": "Étienne Marchal", "type": "PER",
                                              "articles": 2}
    triggers = {d["trigger"] for _, _, d in graph.edges(data=True)}
    assert triggers == {"a rencontré", "a accusé", "a reçu", "a critiqué", ""}


def test_gexf_reads_back(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "actors.gexf"
    run("export", "graph", "--db", str(db), "--format", "gexf", "--output", str(out))
    graph = nx.read_gexf(out)
    assert set(graph.nodes) == {"Étienne Marchal", "Anna Virtanen", "Russie", "Mark Milley",
                                "Moscou"}
    assert graph.nodes["Mark Milley"]["type"] == "PER"
    # GEXF reserves an edge's "type" for its direction: the relation is its label
    edges = {(u, v, d["label"], d["relation"], d["date"], d["article_id"])
             for u, v, d in graph.edges(data=True)}
    assert edges == {(u, v, t, t, date, a) for u, v, t, date, a in EDGES}
    assert {d.get("type", "directed") for _, _, d in graph.edges(data=True)} == {"directed"}


def test_export_has_help_with_an_example() -> None:
    out = run("export", "--help").output
    assert "Example" in out and "veille export graph" in out


def test_graph_nodes_are_the_stores_people_across_articles(tmp_path: Path) -> None:
    """"Poutine" in one article and "Vladimir Poutine" in another are one node."""
    from store.test_aggregates import POUTINE_BARE, POUTINE_FULL

    with Store(tmp_path / "p.db") as store:
        store.write([POUTINE_FULL, POUTINE_BARE])
        graph = build_graph(store)
    assert "Poutine" not in graph
    assert {(u, v, d["type"]) for u, v, d in graph.edges(data=True)} == {
        ("Vladimir Poutine", "Anatole Brisquet", "CONSULT"),
        ("Vladimir Poutine", "Anatole Brisquet", "ACCUSE")}
    assert graph.nodes["Vladimir Poutine"]["articles"] == 2
