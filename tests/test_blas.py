"""``veille.blas.one_blas_thread``: numpy's BLAS on one thread inside the block only."""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from veille.analyze.nlp import fewer_collections, parse
from veille.blas import one_blas_thread


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_one_thread_inside_and_the_callers_setting_after() -> None:
    np.ones((2, 2)) @ np.ones((2, 2))  # numpy's BLAS is loaded
    with threadpool_limits(limits=2, user_api="blas"):
        assert set(_blas_threads()) == {2}
        with one_blas_thread():
            assert set(_blas_threads()) == {1}
        assert set(_blas_threads()) == {2}


def test_parse_runs_the_pipeline_on_one_thread(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    inside: list[set[int]] = []
    tokenizer = nlp.tokenizer

    def watched(text: str):  # type: ignore[no-untyped-def]
        inside.append(set(_blas_threads()))
        return tokenizer(text)

    monkeypatch.setattr(nlp, "tokenizer", watched)
    lengths = []
    with threadpool_limits(limits=2, user_api="blas"):
        for doc in parse(nlp, ["Le ministre a parlé.", "Il pleut à Lyon."], batch_size=1):
            lengths.append(len(doc))
            assert set(_blas_threads()) == {2}  # between documents, the caller's setting
    assert lengths == [5, 5]
    assert inside == [{1}, {1}]


def test_fewer_collections_raises_the_first_threshold() -> None:
    import gc

    before = gc.get_threshold()
    try:
        fewer_collections()
        assert gc.get_threshold()[0] >= 10_000
    finally:
        gc.set_threshold(*before)
