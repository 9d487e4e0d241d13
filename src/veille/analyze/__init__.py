"""Analyze: ``Article`` → ``Analysis``: entities with roles, quotes, timexes, places, events.

``analyze`` takes one article, or raw text or HTML as a Python user would pass it;
``analyze_many`` runs spaCy over many articles with ``nlp.pipe`` and keeps their order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from veille.analyze import entities, events, places, quotes, timexes
from veille.analyze.nlp import (
    MAX_CHARS,
    doc_text,
    load,
    model_label,
    parse,
    parser_text,
    remember_text,
)
from veille.analyze.speakers import Tokens
from veille.errors import AnalyzeError
from veille.extract import article_from_string
from veille.records import Analysis, Article, Entity, Failure

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["ANALYZERS", "analyze", "analyze_many", "analyze_parsed"]

ANALYZERS = {"entities": entities.NAME, "quotes": quotes.NAME, "timexes": timexes.NAME,
             "places": places.NAME, "events": events.NAME}
# Documents per nlp.pipe batch: KNOWHOW measured the same speed at 4 and 32 with a third
# of the memory (430 MB vs 1.2 GB for the md model). Re-measured on 64 corpus texts: CPU
# 8.16 s at 4, 8.2-8.4 s at 8, 8.4-9.0 s at 32-64, the same annotations at every size;
# peak RSS grows with it (754 MiB at 8, 1,233 at 32). 4 leaves room under 1 GiB per worker.
BATCH_SIZE = 4


def _build(article: Article, doc: Doc, nlp: Language) -> Analysis:
    read = remember_text(doc, parser_text(article.text))
    try:
        found = entities.entities_from_doc(doc)
        said, learned = quotes.quotes_and_roles(doc, found)
        when = timexes.timexes_from_text(article.text, published=article.published)
        happened = events.events_from_doc(doc, found, timexes=when, quotes=said)
    finally:
        Tokens.release(doc)
    if doc_text(read) != article.text:  # the parser read no-break spaces as spaces
        said = tuple(replace(q, text=article.text[q.start:q.end]) for q in said)
        happened = tuple(replace(e, trigger=article.text[e.start:e.end]) for e in happened)
    return Analysis(
        article=article,
        entities=tuple(_with_roles(e, learned.get(e.id, ())) for e in found),
        quotes=said,
        timexes=when,
        places=places.places_from_entities(found, article.text),
        events=happened,
        analyzers=dict(ANALYZERS),
        model=model_label(nlp),
    )


def analyze_parsed(article: Article, doc: Doc, nlp: Language) -> Analysis:
    """The analysis of an article whose text ``nlp`` has already parsed into ``doc``."""
    _check(article)
    return _build(article, doc, nlp)


def _with_roles(entity: Entity, extra: Iterable[str]) -> Entity:
    known = {r.lower() for r in entity.roles}
    new = [r for r in dict.fromkeys(extra) if r.lower() not in known]
    return replace(entity, roles=entity.roles + tuple(new)) if new else entity


def _check(article: Article) -> None:
    if len(article.text) > MAX_CHARS:
        raise AnalyzeError(
            f"the text has {len(article.text):,} characters, over the {MAX_CHARS:,} that one "
            "analysis takes; split the document"
        )


def analyze(
    article: Article | str,
    *,
    published: str | None = None,
    url: str | None = None,
    nlp: Language | None = None,
) -> Analysis:
    """Analyse one article. A string is read as HTML if it looks like HTML, else as text."""
    if isinstance(article, str):
        article = article_from_string(article, published=published, url=url)
    _check(article)
    nlp = nlp or load()
    (doc,) = parse(nlp, [parser_text(article.text)], batch_size=1)
    return _build(article, doc, nlp)


def analyze_many(
    articles: Iterable[Article], *, nlp: Language | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[Analysis | Failure]:
    """Analyses in input order; an article that cannot be analysed yields a ``Failure``."""
    nlp = nlp or load()
    items = list(articles)
    ok: list[Article] = []
    failed: dict[int, Failure] = {}
    for i, article in enumerate(items):
        try:
            _check(article)
            ok.append(article)
        except AnalyzeError as exc:
            failed[i] = Failure(source=article.source, stage=exc.stage,
                                error_type=type(exc).__name__, message=str(exc))
    texts = [parser_text(a.text) for a in ok]
    docs = zip(ok, parse(nlp, texts, batch_size=batch_size), strict=True)
    for i in range(len(items)):
        if i in failed:
            yield failed[i]
        else:
            article, doc = next(docs)
            try:
                yield _build(article, doc, nlp)
            except Exception as exc:  # one odd document must not stop a corpus
                yield Failure(source=article.source, stage="analyze",
                              error_type=type(exc).__name__,
                              message=f"unexpected error in an analyzer: {exc}")
