"""A learned second look at who said each quotation (``veille.speakers.v1`` weights).

The rules of ``quotes.py`` and ``speakers.py`` name a speaker for each quotation, or none.
This step ranks the people and organisations of the article as candidates for each
quotation with a logistic model over a few features (is it the rules' choice, how far back
was it named, was it a subject, did it speak the quotation before, does it agree with the
pronoun …) and keeps the rules' choice unless the model is clearly more confident in
another candidate. It is trained on the ``work`` halves of the dev sets by
``python -m veille.training speakers`` (``make train``), which writes
``models/speakers.json``; with no weights file the rules' choices stand.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from veille.analyze.roles import titles_clash
from veille.analyze.sentences import Span
from veille.lang.fr import human_noun, word_list
from veille.records import Entity, Quote

if TYPE_CHECKING:
    from veille.analyze.speakers import SpeakerFinder

# How far before a quotation a candidate may have been named: a long paragraph or two.
WINDOW = 2500
# Mentions just after a quotation that may still be its inverted speaker ("», dit X").
AFTER = 200
PRONOUN_GENDER = {"il": "m", "elle": "f", "-il": "m", "-elle": "f", "lui": "m"}
FEATURES = (
    "bias", "rule_pick", "rule_pick_cue", "rule_pick_nocue", "rule_pick_pronoun",
    "rule_none", "log_distance", "after_quote", "same_sentence", "previous_sentence",
    "subject", "last_speaker", "spoke_before", "person", "organisation", "gender_agrees",
    "gender_clashes", "log_mentions", "first_person", "in_mention", "quoted_only")


@dataclass(frozen=True, slots=True)
class Candidate:
    entity: Entity
    features: tuple[float, ...]


def candidates(quote: Quote, previous: Sequence[Quote], speakers: SpeakerFinder,
               sentences: Sequence[Span]) -> list[Candidate]:
    """The people and organisations named near ``quote``, each with its features."""
    text = speakers.text
    people = [e for e in speakers.entities if e.type in ("PER", "ORG")]
    first_person = min((e for e in people if e.type == "PER"),
                       key=lambda e: e.mentions[0][0], default=None)
    sentence = _sentence_of(sentences, quote.start)
    out = []
    for entity in people:
        before = [s for s, e in entity.mentions
                  if quote.start - WINDOW <= s < quote.start and not speakers.quoted(s)]
        after = [s for s, e in entity.mentions
                 if quote.end <= s < quote.end + AFTER and not speakers.quoted(s)]
        if not before and not after and entity.id != quote.speaker_id:
            continue
        out.append(Candidate(entity, _features(
            entity, quote, previous, speakers, sentences, sentence, before, after,
            first_person, text)))
    return out


def _features(entity: Entity, quote: Quote, previous: Sequence[Quote],
              speakers: SpeakerFinder, sentences: Sequence[Span], sentence: int,
              before: list[int], after: list[int], first_person: Entity | None,
              text: str) -> tuple[float, ...]:
    pick = float(entity.id == quote.speaker_id)
    mention = (quote.speaker_mention or "").lower()
    pronoun = PRONOUN_GENDER.get(mention)
    gender = speakers.gender(entity) if entity.type == "PER" else None
    last = max(before, default=None)
    distance = quote.start - last if last is not None else WINDOW
    last_speaker = previous[-1].speaker_id if previous else None
    here = [s for s in before + after if _sentence_of(sentences, s) == sentence]
    earlier = [s for s in before if _sentence_of(sentences, s) == sentence - 1]
    values = {
        "bias": 1.0, "rule_pick": pick, "rule_pick_cue": pick * (quote.cue is not None),
        "rule_pick_nocue": pick * (quote.cue is None), "rule_pick_pronoun": pick * (
            pronoun is not None), "rule_none": float(quote.speaker_id is None),
        "log_distance": math.log1p(distance) / math.log1p(WINDOW),
        "after_quote": float(bool(after)), "same_sentence": float(bool(here)),
        "previous_sentence": float(bool(earlier)),
        "subject": float(last is not None and speakers.is_subject(last)),
        "last_speaker": float(entity.id == last_speaker),
        "spoke_before": min(3.0, sum(q.speaker_id == entity.id for q in previous)) / 3,
        "person": float(entity.type == "PER"), "organisation": float(entity.type == "ORG"),
        "gender_agrees": float(pronoun is not None and gender == pronoun),
        "gender_clashes": float(pronoun is not None and gender not in (None, pronoun)),
        "log_mentions": math.log1p(len(entity.mentions)) / math.log(10),
        "first_person": float(first_person is not None and entity.id == first_person.id),
        "in_mention": float(bool(mention) and entity.name.lower() in mention),
        "quoted_only": float(not before and not after),
    }
    return tuple(values[f] for f in FEATURES)


def _sentence_of(sentences: Sequence[Span], char: int) -> int:
    for i, (start, end) in enumerate(sentences):
        if char < end:
            return i if char >= start else max(0, i - 1)
    return len(sentences) - 1


@cache
def weights() -> dict[str, float] | None:
    """The trained weights (``models/speakers.json``), or None when none are shipped."""
    path = files("veille") / "models" / "speakers.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"_switch": data["switch"], "_adopt": data["adopt"],
            **dict(zip(data["features"], data["weights"], strict=True))}


def unattributed(quote: Quote) -> bool:
    """No speaker, and no words for one or words that point back to someone (a pronoun,
    "l'ingénieur", "le quotidien"). An unnamed source ("une habitante", "un responsable du
    ministère", "des témoins") stays unnamed."""
    if quote.speaker is not None:
        return False
    words = (quote.speaker_mention or "").lower().replace("’", "'").lstrip("-").split()
    if words and words[0].startswith("l'") and len(words[0]) > 2:
        words = ["l'", words[0][2:], *words[1:]]
    if (quote.cue or "").lower().startswith(("selon laquelle", "selon lequel", "selon lesquel")) \
            and len(words) > 1 and words[0] in _DEFINITE and not (
            human_noun(words[1]) or words[1] in word_list("document_nouns")):
        return False  # "l'idée commune selon laquelle …": a belief, nobody's words
    return not words or words[0] not in INDEFINITE


# Determiners of a source the article leaves unnamed.
INDEFINITE = {"un", "une", "des", "certains", "certaines", "plusieurs", "quelques", "d'autres",
              "on", "beaucoup", "nombre", "la plupart"}
# Determiners of a definite phrase ("l'idée commune", "le communiqué").
_DEFINITE = {"le", "la", "l'", "son", "sa", "ce", "cet", "cette"}


def _clashes(entity: Entity, mention: str | None) -> bool:
    """The words for the speaker name a title this candidate holds differently ("l'envoyé
    chinois" for the "envoyé américain")."""
    return bool(mention) and any(titles_clash(mention or "", role) for role in entity.roles)


def score(features: tuple[float, ...], w: dict[str, float]) -> float:
    z = sum(w.get(name, 0.0) * value for name, value in zip(FEATURES, features, strict=True))
    return 1 / (1 + math.exp(-z))


def rerank(quotes: Sequence[Quote], speakers: SpeakerFinder,
           sentences: Sequence[Span]) -> list[Quote]:
    """The quotations with a speaker the model prefers clearly to the rules' choice."""
    w = weights()
    if w is None:
        return list(quotes)
    out: list[Quote] = []
    for quote in quotes:
        found = [c for c in candidates(quote, out, speakers, sentences)
                 if not _clashes(c.entity, quote.speaker_mention)]
        if not found:
            out.append(quote)
            continue
        best = max(found, key=lambda c: score(c.features, w))
        best_p = score(best.features, w)
        rule = next((c for c in found if c.entity.id == quote.speaker_id), None)
        rule_p = score(rule.features, w) if rule is not None else 0.0
        if best.entity.id != quote.speaker_id and (
                (rule is not None and best_p - rule_p >= w["_switch"])
                or (unattributed(quote) and best_p >= w["_adopt"])):
            quote = replace(quote, speaker=best.entity.name, speaker_id=best.entity.id)
        out.append(quote)
    return out
