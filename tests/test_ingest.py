"""Ingest: reruns skip what is stored, failed analyses keep their article."""

from __future__ import annotations

import sys

import pytest

from veille.ingest import ingest
from veille.query import list_failures, stats
from veille.store import Store

analyze_module = sys.modules["veille.analyze"]


def test_rerun_does_not_analyse_again(tmp_path, examples, monkeypatch) -> None:
    with Store(tmp_path / "n.db") as store:
        first = ingest([str(examples)], store)
        assert first.added == 5 and not first.failures
        calls: list[int] = []
        real = analyze_module.analyze_many

        def counting(articles, **kwargs):  # type: ignore[no-untyped-def]
            articles = list(articles)
            calls.append(len(articles))
            return real(articles, **kwargs)

        monkeypatch.setattr("veille.pipeline.analyze_many", counting)
        second = ingest([str(examples)], store)
        assert (second.added, second.updated, second.unchanged) == (0, 0, 5)
        assert sum(calls) == 0


def test_article_is_kept_when_its_analysis_fails(tmp_path, examples, monkeypatch) -> None:
    monkeypatch.setattr(analyze_module, "MAX_CHARS", 1_000)  # every example is longer
    with Store(tmp_path / "n.db") as store:
        report = ingest([str(examples / "sommet-helsinki.txt")], store)
        assert report.added == 1 and len(report.failures) == 1
        assert report.failures[0].stage == "analyze"
        assert "split the document" in report.failures[0].message
        numbers = stats(store)
        assert numbers["articles"] == 1 and numbers["analyzed"] == 0
        assert [f.stage for f in list_failures(store)] == ["analyze"]


@pytest.mark.parametrize("batch", [1, 2, 100])
def test_batch_size_does_not_change_the_store(tmp_path, examples, batch) -> None:
    with Store(tmp_path / f"{batch}.db") as store:
        report = ingest([str(examples), str(examples / "nope.html")], store, batch=batch)
        assert report.added == 5 and len(report.failures) == 1
        assert stats(store)["articles"] == 5
