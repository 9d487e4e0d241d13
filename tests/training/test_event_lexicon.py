"""The derivation of event triggers from Verb∋Net (the parts that need neither Verb∋Net nor
spaCy: class types, nominalisations, the shipped file's form)."""

from __future__ import annotations

from importlib.resources import files

from veille.training.event_lexicon import _class_type, nominalisations


def test_subclasses_inherit_a_type_unless_left_out() -> None:
    assert _class_type("murder-42.1-1") == "ASSAULT"
    assert _class_type("admire-31.2") == "SUPPORT"
    assert _class_type("admire-31.2-1") is None  # aimer, détester: feelings
    assert _class_type("put-9.1") is None


def test_nominalisations_are_attested_nouns_only() -> None:
    nouns = frozenset({"négociation", "affrontement", "négocie", "tuerie"})
    assert nominalisations("négocier", nouns) == ["négociation"]
    assert nominalisations("tuer", nouns) == ["tuerie"]
    assert nominalisations("envahir", nouns) == ["invasion"]  # no suffix rule makes it


def test_the_shipped_lexicon_says_its_source_and_licence() -> None:
    text = (files("veille.lang.fr") / "event_lexicon.tsv").read_text(encoding="utf-8")
    assert "Verb∋Net" in text and "CC BY-SA 4.0" in text
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    assert len(rows) > 200 and all(len(r) == 4 for r in rows)
