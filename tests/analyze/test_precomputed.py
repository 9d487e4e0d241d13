"""Per-document precomputations give what the per-token rules give (speed, same output)."""

from __future__ import annotations

import pytest

from veille.analyze import events, timexes
from veille.analyze import speakers as speakers_module

pytestmark = pytest.mark.slow

TEXTS = [
    "« Nous ne céderons pas », a déclaré mardi la ministre Ana Lima. Le syndicat affirme "
    "que la grève continuera. Rappelons que la loi a été votée en mars.",
    "L'armée a bombardé la ville. Les manifestants ont défilé à Paris, et la police a arrêté "
    "dix personnes. Le gouvernement reproche à l'opposition d'avoir bloqué le vote.",
    "Londres a gelé les avoirs de l'oligarque. Il fait savoir qu'il contestera la décision.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_cue_index_is_the_per_token_rule(nlp, text: str) -> None:
    doc = nlp(text)
    assert speakers_module.cues(doc) == {t.i for t in doc if speakers_module._is_cue(t)}


@pytest.mark.parametrize("text", TEXTS)
def test_trigger_prefilter_keeps_every_trigger(nlp, text: str) -> None:
    doc = nlp(text)
    for token in doc:
        if events._lookup(token) is not None:
            assert events._maybe_trigger(token), token.text


@pytest.mark.parametrize("text", [*TEXTS, "Le 3 mars 2024 à 14 h 10, puis lundi 5 et "
                                  "pendant deux semaines, chaque jour de l'an 2000."])
def test_one_scan_for_every_rule_core(text: str) -> None:
    lowered = text.lower()
    starts = [m.start() for m in timexes._any_core().finditer(lowered)]
    for _pattern, _handler, core in timexes._rules():
        assert timexes._core_windows(lowered, core, starts) == timexes._windows(lowered, core)
