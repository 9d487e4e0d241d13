"""Analysis processes for ``veille ingest --workers N``: the per-document work in N
processes, the results back in input order, for one writer.

The calling process reads the inputs (``fetch``) and sends chunks of pages to the
workers; each worker runs ``pipeline.process_chunk`` — the function that ``veille
analyze`` runs in one process and ``veille batch`` maps on Dask — with its own spaCy
model, and the provenance fingerprint of every article it analysed, so the sentence
encoder runs in parallel too. A worker reads the store (read-only, SQLite allows readers
beside the writer) to skip articles already stored unchanged. Results come back in input
order, so the writer stores articles in the same order as one process would.

On Linux the workers are forked from the calling process once it has loaded the model,
the gazetteer and the sentence encoder: they start at once and share those pages. A
worker that dies (killed by the system, out of memory) fails the documents it and the
others held then, each recorded as a failure; a new set of workers takes the rest. The
workers are children of the calling process: a SIGKILL of the process group (the kill
tests) takes them too, and a worker left alone exits when it finds no parent to read from.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from veille.pipeline import Result, process_chunk
from veille.records import Article, Failure, Page

__all__ = ["CHUNK", "AnalysisPool", "Analysed"]

# Documents per task: two spaCy batches (``analyze.BATCH_SIZE``), ~1.5 s of work on news
# articles of ~800 words, against ~1 ms to send the pages and return the results.
CHUNK = 8
# Tasks in flight per worker: enough that a worker never waits for the next chunk while
# the writer stores results in order, few enough that memory stays flat.
AHEAD = 3


@dataclass(frozen=True, slots=True)
class Analysed:
    """One document's result, with the fingerprint its worker computed (None when it
    computed none: provenance off, an unchanged article, or a failure)."""

    result: Result
    fingerprint: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Setup:
    store: str | None
    fingerprints: bool


_state: dict[str, Any] = {}


def _prepare(fingerprints: bool) -> None:
    """Load the model and whatever the analyzers and the encoder load on first use."""
    from veille.analyze import analyze
    from veille.analyze.nlp import fewer_collections, load

    analyze("Le ministre Jean Dupont a déclaré mardi à Paris : « Nous tiendrons. »",
            published="2025-03-04", nlp=load())
    if fingerprints:
        from veille.provenance import fingerprint

        fingerprint(Article(id="warm-up", source="warm-up", text="Un texte. Deux phrases."))
    fewer_collections(freeze=True)


def _start(setup: _Setup) -> None:
    """Worker initializer: one model, one read-only store connection, per process (after a
    fork the model, the gazetteer and the encoder are the parent's, already loaded)."""
    # Each worker is one of N on N cores: numpy's BLAS gets one thread. The fork inherits
    # the parent's OpenBLAS, already started with a thread per core (setting
    # OMP_NUM_THREADS now is too late): left so, workers spent twice the CPU (7.8-8.5 s
    # instead of 3.5-3.7 s for 20 texts each, load average 8), its threads spinning.
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    from veille.analyze import ANALYZERS
    from veille.analyze.nlp import load, model_label
    from veille.store import Store

    _prepare(setup.fingerprints)
    nlp = load()
    _state.update(nlp=nlp, fingerprints=setup.fingerprints, skip=None)
    if setup.store is not None and Path(setup.store).exists():
        store = Store(setup.store, create=False, readonly=True)
        model, analyzers = model_label(nlp), dict(ANALYZERS)
        _state["skip"] = lambda a: store.is_current(a, analyzers=analyzers, model=model)


def _fingerprint(article: Article) -> Mapping[str, Any] | None:
    from veille.provenance import fingerprint

    try:
        return fingerprint(article)
    except Exception:  # the writer computes it again, and records why if it fails there
        return None


def _work(items: list[Page | Failure]) -> list[Analysed]:
    out = []
    for result in process_chunk(items, _state["nlp"], _state["skip"]):
        article = None if result.unchanged else result.article
        fp = _fingerprint(article) if article is not None and _state["fingerprints"] else None
        out.append(Analysed(result, fp))
    return out


_DIED = ("an analysis process died while this document was in its queue (killed by the "
         "system? out of memory?)")


def _lost(items: list[Page | Failure], why: str) -> list[Analysed]:
    return [Analysed(Result(source=i.source, failure=i)) if isinstance(i, Failure) else
            Analysed(Result(source=i.source, failure=Failure(
                source=i.source, stage="analyze", error_type="WorkerDied",
                message=f"{why}; rerun the same command to retry it", level="error")))
            for i in items]


class AnalysisPool:
    """``workers`` analysis processes. ``store``: the database to skip stored articles
    against (read-only); ``fingerprints``: compute provenance fingerprints too."""

    def __init__(self, workers: int, *, store: Path | None = None, fingerprints: bool = True,
                 chunk: int = CHUNK):
        self.workers, self.chunk = workers, chunk
        self.setup = _Setup(store=str(store) if store else None, fingerprints=fingerprints)

    def _executor(self) -> ProcessPoolExecutor:
        # fork: the model is loaded once, here, and the workers share its pages (copy on
        # write) instead of each loading it (~5 s of CPU: spaCy's imports, the French
        # tokenizer's patterns, vectors, lemma tables); nothing to import again either.
        # The caller holds no lock a child could inherit (one thread, the store idle).
        fork = "fork" in multiprocessing.get_all_start_methods()
        if fork:
            _prepare(self.setup.fingerprints)
        context = multiprocessing.get_context("fork" if fork else "spawn")
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start,
                                   initargs=(self.setup,))

    def map(self, items: Iterable[Page | Failure]) -> Iterator[Analysed]:
        """Every item's result, in input order."""
        source = iter(items)
        executor = self._executor()
        flight: deque[tuple[list[Page | Failure], Future[list[Analysed]]]] = deque()
        try:
            while True:
                while len(flight) < self.workers * AHEAD and (
                        chunk := list(islice(source, self.chunk))):
                    flight.append((chunk, executor.submit(_work, chunk)))
                if not flight:
                    return
                chunk, future = flight.popleft()
                try:
                    yield from future.result()
                except BrokenProcessPool:
                    # Every task not finished is lost with the pool: its documents fail
                    # (a rerun retries them), and new workers take the rest.
                    executor.shutdown(wait=False, cancel_futures=True)
                    yield from _lost(chunk, _DIED)
                    for held, other in flight:
                        done = other.done() and other.exception() is None
                        yield from other.result() if done else _lost(held, _DIED)
                    flight.clear()
                    executor = self._executor()
                except Exception as exc:  # a bug in the worker: these documents fail
                    yield from _lost(chunk, f"unexpected error in an analysis process: "
                                            f"{type(exc).__name__}: {exc}")
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
