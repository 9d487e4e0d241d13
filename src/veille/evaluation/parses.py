"""Analyse evaluation documents, optionally keeping spaCy's parses on disk between runs.

Rule development runs the same documents again and again: with a cache folder, each text is
parsed once (a ``DocBin`` file named by the model, its enabled components and the text's
hash) and later runs only re-run veille's rules on the stored parse. The analyses are the
ones ``veille analyze`` gives (a test compares them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from veille.analyze import analyze_many
from veille.analyze.nlp import parser_text
from veille.blas import one_blas_thread
from veille.errors import VeilleError
from veille.extract import extract
from veille.records import Analysis, Article, Failure, Page

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Token attributes kept with a parse: DocBin's defaults plus NORM, which tokenizer
# exceptions set ("M." → "monsieur") and rules may read.
_ATTRS = ["ORTH", "NORM", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID",
          "LEMMA", "MORPH", "POS", "SENT_START"]


def analyse_pages(pages: Sequence[Page], *, cache: Path | None = None
                  ) -> Iterator[tuple[Analysis | None, str]]:
    """Each page's analysis (None when it failed) and its extracted text, in order."""
    articles = [_extract(page) for page in pages]
    good = [a for a in articles if a is not None]
    results = iter(analyze_many(good)) if cache is None else iter(_analyse_cached(good, cache))
    for article in articles:
        if article is None:
            yield None, ""
            continue
        result = next(results)
        yield (result if isinstance(result, Analysis) else None), article.text


def _extract(page: Page) -> Article | None:
    try:
        return extract(page)
    except VeilleError:
        return None


def _analyse_cached(articles: Sequence[Article], cache: Path) -> Iterator[Analysis | Failure]:
    from veille.analyze import analyze_parsed
    from veille.analyze.nlp import load

    nlp = load()
    cache.mkdir(parents=True, exist_ok=True)
    for article in articles:
        try:
            yield analyze_parsed(article, parse(article.text, nlp, cache), nlp)
        except Exception as exc:  # as analyze_many: one odd document must not stop a run
            yield Failure(source=article.source, stage="analyze",
                          error_type=type(exc).__name__, message=str(exc))


def parse(text: str, nlp: Language, cache: Path | None = None) -> Doc:
    """``nlp(text)``, read from or written to ``cache`` when one is given."""
    text = parser_text(text)
    if cache is None:
        with one_blas_thread():
            return nlp(text)
    cache.mkdir(parents=True, exist_ok=True)
    return _parse(text, nlp, cache)


def _parse(text: str, nlp: Language, cache: Path) -> Doc:
    from spacy.tokens import DocBin

    key = "\n".join([nlp.meta.get("name", ""), nlp.meta.get("version", ""),
                     ",".join(nlp.pipe_names), text])
    path = cache / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.spacy"
    if path.exists():
        return next(iter(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab)))
    with one_blas_thread():
        doc = nlp(text)
    bin_ = DocBin(attrs=_ATTRS)
    bin_.add(doc)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(bin_.to_bytes())
    tmp.replace(path)
    return doc
