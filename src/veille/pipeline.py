"""Compose the stages for documents: fetch → extract → analyze.

``iter_analyses`` is what ``veille analyze`` and ``veille ingest`` run: one ``Result`` per
document, in input order, a failed document giving a ``Failure`` in its place.
``process_chunk`` is the per-document step under it (extract, then analyse a chunk with one
``nlp.pipe``): ``veille batch`` maps the same function over partitions on Dask workers.
``on_error`` says what a failure does: ``"raise"`` stops, ``"skip"`` drops it,
``"record"`` (the default) yields it so that the caller can store it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Literal

from veille.analyze import analyze_many
from veille.errors import VeilleError
from veille.extract import article_from_string, extract
from veille.fetch import DEFAULT_MAX_BYTES, iter_sources
from veille.records import Analysis, Article, Failure, Page

if TYPE_CHECKING:
    import httpx
    from spacy.language import Language

__all__ = ["CHUNK", "OnError", "Result", "article_from_string", "iter_analyses",
           "process_chunk"]

OnError = Literal["raise", "skip", "record"]
# Documents extracted before one nlp.pipe call: enough to fill spaCy's batches, few enough
# that a progress bar moves and memory stays flat.
CHUNK = 32


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """What became of one document: its analysis, or why it failed."""

    source: str
    analysis: Analysis | None = None
    failure: Failure | None = None
    warnings: tuple[Failure, ...] = ()
    article: Article | None = None
    """The extracted article, also when its analysis failed or was skipped."""
    unchanged: bool = False
    """True when ``skip`` said the article is already stored as is: it was not analysed."""


def _extract(item: Page | Failure) -> Article | Failure:
    if isinstance(item, Failure):
        return item
    try:
        return extract(item)
    except VeilleError as exc:
        return Failure(source=item.source, stage=exc.stage, error_type=type(exc).__name__,
                       message=str(exc))
    except Exception as exc:  # a library bug on hostile input must not stop the run
        return Failure(source=item.source, stage="extract", error_type=type(exc).__name__,
                       message=f"unexpected error: {exc}")


def _warnings(article: Article) -> tuple[Failure, ...]:
    return tuple(Failure(source=article.source, stage="extract", error_type="Warning",
                         message=w, level="warning") for w in article.warnings)


def process_chunk(items: list[Page | Failure], nlp: Language | None = None,
                  skip: Callable[[Article], bool] | None = None) -> Iterator[Result]:
    """Extract and analyse fetched items, one ``Result`` each, in order; never raises for
    one bad document (its ``Result`` carries the failure)."""
    extracted = [_extract(item) for item in items]
    skipped = {i for i, a in enumerate(extracted) if isinstance(a, Article) and skip and skip(a)}
    todo = [a for i, a in enumerate(extracted) if isinstance(a, Article) and i not in skipped]
    analyses = iter(analyze_many(todo, nlp=nlp) if todo else ())
    for i, item in enumerate(extracted):
        if isinstance(item, Failure):
            yield Result(source=item.source, failure=item)
        elif i in skipped:
            yield Result(source=item.source, article=item, unchanged=True,
                         warnings=_warnings(item))
        elif isinstance(out := next(analyses), Failure):
            yield Result(source=item.source, failure=out, article=item,
                         warnings=_warnings(item))
        else:
            yield Result(source=item.source, analysis=out, article=item,
                         warnings=_warnings(item))


def iter_analyses(
    inputs: Iterable[str],
    *,
    on_error: OnError = "record",
    max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.Client | None = None,
    nlp: Language | None = None,
    chunk: int = CHUNK,
    skip: Callable[[Article], bool] | None = None,
) -> Iterator[Result]:
    """Fetch, extract and analyse every document of ``inputs``, in order.

    ``skip(article)`` returning True leaves an article unanalysed (``Result.unchanged``):
    ingest uses it for articles the store already holds with the current analyzers.
    """
    sources = iter_sources(inputs, max_bytes=max_bytes, client=client)
    while batch := list(islice(sources, chunk)):
        for result in process_chunk(batch, nlp, skip):
            if result.failure is not None:
                if on_error == "raise":
                    raise _as_error(result.failure)
                if on_error == "skip":
                    continue
            yield result


def _as_error(failure: Failure) -> VeilleError:
    return VeilleError(f"{failure.source}: {failure.stage}: {failure.message}")
