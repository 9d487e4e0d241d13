"""Records are frozen and pickle (Dask ships them between processes)."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from veille.pipeline import iter_analyses
from veille.records import Failure, Page


def test_every_record_of_a_real_analysis_pickles(examples) -> None:
    results = list(iter_analyses([str(examples / "sommet-helsinki.txt")]))
    analysis = results[0].analysis
    assert analysis is not None and analysis.entities
    copy = pickle.loads(pickle.dumps(analysis))
    assert copy == analysis
    assert copy.to_dict() == analysis.to_dict()
    for record in (analysis.article, *analysis.entities, results[0]):
        assert pickle.loads(pickle.dumps(record)) == record


def test_page_and_failure_pickle() -> None:
    page = Page(source="a.html", content=b"<p>x</p>", headers={"content-type": "text/html"})
    failure = Failure(source="a.html", stage="extract", error_type="EmptyDocument", message="x")
    assert pickle.loads(pickle.dumps(page)) == page
    assert pickle.loads(pickle.dumps(failure)) == failure


def test_records_are_frozen() -> None:
    page = Page(source="a", content=b"")
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.source = "b"  # type: ignore[misc]
