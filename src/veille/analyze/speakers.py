"""Speakers: from a cue verb or a "selon" phrase to the person or organisation speaking.

The parse gives the cue verb's subject; inverted subjects ("a déclaré McKenzie",
"a-t-il ajouté"), pronouns, titles naming a known person ("le président") and institutions
("la préfecture") are resolved here, over the article's entities.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from veille.analyze.marks import Quoted
from veille.analyze.nlp import doc_text
from veille.analyze.roles import titles_clash
from veille.analyze.sentences import Span
from veille.lang.fr import (
    human_noun,
    noun_gender,
    reporting_forms,
    reporting_verbs,
    role_nouns,
    source_nouns,
    word_list,
)
from veille.records import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

QUE = {"que", "qu'", "qu’", "qu"}
# Two-word cues: (infinitive, verb before it).
_PHRASAL_CUES = {("savoir", "faire"), ("entendre", "laisser"), ("valoir", "faire"),
                 ("remarquer", "faire"), ("observer", "faire")}
_PHRASAL_FIRST = frozenset(first for first, _ in _PHRASAL_CUES)
# Tokens after which a reporting-verb form is a verb even if tagged otherwise.
_CUE_BEFORE = {",", "»", "”", '"', "a", "ont", "avait", "avaient"}
SUBJECTS = {"nsubj", "nsubj:pass", "expl:subj"}
PERSONAL = {"il": "sg", "elle": "sg", "-il": "sg", "-elle": "sg", "ils": "pl", "elles": "pl",
             "-ils": "pl", "-elles": "pl", "lui": "sg", "eux": "pl"}
DETERMINERS = {"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "son", "sa", "ses",
                "leur", "leurs", "ce", "cette", "ces"}


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None = None
    entity_id: str | None = None
    mention: str | None = None


# -- tokens ---------------------------------------------------------------------------------
class Tokens:
    """Character → token lookups over a parsed document."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.starts: list[int] = doc.to_array("IDX").tolist() if len(doc) else []
        self._within: dict[Span, list[Token]] = {}

    @classmethod
    def of(cls, doc: Doc) -> Tokens:
        """The document's one ``Tokens``, kept with it: the analyzers walk the same
        sentences, and each ``within`` list is built once for all of them. Its tokens
        point back at the document: ``release`` breaks that cycle when the analysis is
        done, so that reference counting frees the document."""
        found = doc.user_data.get(_TOKENS)
        if not isinstance(found, Tokens):
            found = doc.user_data[_TOKENS] = cls(doc)
        return found

    @staticmethod
    def release(doc: Doc) -> None:
        doc.user_data.pop(_TOKENS, None)

    def at(self, char: int) -> Token | None:
        i = bisect_right(self.starts, char) - 1
        if i < 0:
            return None
        token = self.doc[i]
        return token if token.idx <= char < token.idx + len(token.text) + 1 else None

    def within(self, span: Span) -> list[Token]:
        """The tokens starting inside ``span`` (the same span asked again is not rebuilt:
        each rule walks each sentence)."""
        found = self._within.get(span)
        if found is None:
            i, j = bisect_left(self.starts, span[0]), bisect_left(self.starts, span[1])
            found = self._within[span] = list(self.doc[i:j]) if i < j else []
        return found

    def cues_within(self, span: Span) -> list[Token]:
        """The tokens of ``within(span)`` that are cues (``is_cue``), in order."""
        found = cues(self.doc)
        return [t for t in self.within(span) if t.i in found] if found else []


_TOKENS = "veille.tokens"


def is_cue(token: Token) -> bool:
    """A reporting verb that reports: not an infinitive ("pour s'assurer que") unless after
    "venir de", not reflexive. Recognised by lemma, or by form where the tagger slips
    ("», juge le ministère" tagged as a noun). Decided once per document (``cues``)."""
    return token.i in cues(token.doc)


_CUES = "veille.cues"


def cues(doc: Doc) -> frozenset[int]:
    """The indexes of the document's cue tokens, found in one pass and kept with it."""
    found = doc.user_data.get(_CUES)
    if found is None:
        wanted = _cue_hashes()
        rows: list[list[int]] = doc.to_array(["LEMMA", "LOWER"]).tolist() if len(doc) else []
        found = frozenset(i for i, (lemma, lower) in enumerate(rows)
                          if (lemma in wanted or lower in wanted) and _is_cue(doc[i]))
        doc.user_data[_CUES] = found
    return found


@cache
def _cue_hashes() -> frozenset[int]:
    """spaCy's hashes of every cue lemma and form, in lower and capitalised case (a
    sentence-initial lemma keeps its capital)."""
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    words = reporting_verbs() | word_list("reporting_reflexive") | _PHRASAL_FIRST | (
        reporting_forms())
    return frozenset(hash_string(w) for word in words for w in (word, word.capitalize()))


def _is_cue(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.i > 0 and (lemma, token.doc[token.i - 1].lemma_) in _PHRASAL_CUES:
        return True  # "fait savoir que", "laisse entendre que"
    by_lemma = token.pos_ in ("VERB", "AUX") and lemma != "avoir" and (
        lemma in reporting_verbs() or lemma in word_list("reporting_reflexive"))
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    by_form = token.text.lower() in reporting_forms() and (
        token.pos_ == "VERB" or (token.i > 0 and token.doc[token.i - 1].text in _CUE_BEFORE)
        or (nxt is not None and nxt.lower_ in QUE))  # "l'Observatoire note que", tagged NOUN
    if not (by_lemma or by_form):
        return False
    if "Inf" in token.morph.get("VerbForm", []) and token.head.lemma_ not in ("venir", "tenir"):
        return False
    if token.lower_.endswith("ons") and _que_soon(token) and not any(
            c.dep_ in SUBJECTS for c in token.children):
        return False  # "Rappelons (tout d'abord) que …", "Notons que …": the writer's voice
    reflexive = any(c.text.lower() in ("se", "s'", "s’") for c in token.children)
    return not reflexive or lemma in word_list("reporting_reflexive")


# -- speakers -------------------------------------------------------------------------------
def _que_soon(token: Token) -> bool:
    """"que" right after ``token``, or after adverbs and commas ("tout d'abord", "au
    passage", ", ici,")."""
    for nxt in token.doc[token.i + 1:token.i + 6]:
        if nxt.lower_ in QUE:
            return True
        if not (nxt.pos_ in ("ADV", "PUNCT", "ADP", "DET") or nxt.lower_ in ("tout", "abord")):
            return False
    return False


class SpeakerFinder:
    """Turns a cue verb (or a "selon" phrase) into a speaker: entity, mention words."""

    def __init__(self, doc: Doc, entities: Sequence[Entity], tokens: Tokens,
                 marks: Sequence[Quoted] = ()):
        self.text = doc_text(doc)
        self.tokens = tokens
        self.marks = marks
        self.entities = entities
        self.mentions = sorted(
            ((s, e, ent) for ent in entities for s, e in ent.mentions), key=lambda m: m[0])
        self.learned_roles: dict[str, list[str]] = {}
        """Roles met as a speaker's only name ("estime le président de la République")."""
        self._genders: dict[str, str | None] = {}
        self.speakers: list[tuple[int, Entity]] = []
        """Speakers found so far, with where they were named: pronouns refer to them too."""

    def quoted(self, char: int) -> bool:
        return any(m.start < char < m.end for m in self.marks)

    def entity_in(self, span: Span) -> tuple[Entity, Span] | None:
        """The best entity mentioned inside ``span``: a person first, then an organisation."""
        found = [(ent, (s, e)) for s, e, ent in self.mentions if s >= span[0] and e <= span[1]]
        if not found:  # the phrase cut a name: "Mitt" of "Mitt Romney"
            found = [(ent, (s, e)) for s, e, ent in self.mentions if s < span[1] and e > span[0]]
        for kind in ("PER", "ORG", "LOC", "MISC"):
            for ent, where in found:
                if ent.type == kind:
                    return ent, where
        return None

    def person_before(self, char: int, *, window: int = 2500,
                      gender: str | None = None) -> Entity | None:
        """The person a pronoun at ``char`` refers to: the last person before it that was
        a subject or a speaker, else the last person named (names inside quotations do not
        count). With ``gender`` ("m" for "il", "f" for "elle"), a person known to be of
        the other gender is passed over."""
        last: Entity | None = None
        last_subject: tuple[int, Entity] | None = None
        for s, _e, ent in self.mentions:
            if s >= char:
                break
            if ent.type != "PER" or char - s > window or self.quoted(s):
                continue
            if gender and self.gender(ent) not in (None, gender):
                continue
            last = ent
            if self.is_subject(s):
                last_subject = (s, ent)
        spoke = [(s, ent) for s, ent in self.speakers if s < char and ent.type == "PER"
                 and not (gender and self.gender(ent) not in (None, gender))]
        candidates = [c for c in (last_subject, max(spoke, key=lambda c: c[0], default=None))
                      if c is not None]
        if candidates:
            return max(candidates, key=lambda c: c[0])[1]
        return last

    def gender(self, person: Entity) -> str | None:
        """ "m", "f" or None: from an honorific before a mention ("Mme Binet"), the form of
        a title the article gives ("la directrice", "présidente"), else the first name."""
        if person.id not in self._genders:
            self._genders[person.id] = _gender_of(person, self.text)
        return self._genders[person.id]

    def subject_between(self, start: int, end: int) -> Entity | None:
        """The last person who is the subject of a sentence of the narration between
        ``start`` and ``end`` (names inside quotations do not count)."""
        found: Entity | None = None
        for s, _e, ent in self.mentions:
            if s >= end:
                break
            if s < start or ent.type != "PER" or self.quoted(s):
                continue
            if self.is_subject(s):
                found = ent
        return found

    def is_subject(self, char: int) -> bool:
        """The name at ``char`` is a subject, or opens its sentence. The name may hang off
        its title ("le leader frontiste Jean-Marie Le Pen décrit", "La maire de Rouen,
        Claire Bouchard, a présenté", an apposition the parser takes for a conjunct); a
        name opening a sentence is its subject whatever a parse that ran across a
        paragraph break says."""
        token = self.tokens.at(char)
        while token is not None and token.i != token.head.i and (
                token.dep_ in ("flat:name", "appos", "flat") or (
                token.dep_ == "nmod" and token.head.pos_ == "NOUN") or (
                token.dep_ == "conj" and token.head.pos_ == "NOUN"
                and not any(c.dep_ == "cc" for c in token.children))):
            token = token.head
        opens = self.text[:char].rstrip(" ")[-1:] in ("", "\n", ".", "!", "?")
        return opens or (token is not None and token.dep_ in ("nsubj", "nsubj:pass"))

    def from_verb(self, verb: Token, *, after_quote: bool = False) -> Speaker:
        """The speaker of a cue verb; after a quotation the subject follows the verb."""
        clitic = next((t for t in verb.doc[max(0, verb.i - 2):verb.i]
                       if t.lower_ in ("-il", "-elle", "-ils", "-elles", "-on")), None)
        if after_quote and clitic is not None:
            subject: Token | None = clitic  # "a-t-il déclaré à BBC Afrique": "il" speaks
        else:
            subject = (self.inverted_subject(verb) or self._subject(verb)) if after_quote else (
                self._subject(verb))
        if subject is not None and subject.lower_ in ("-t", "t", "-") and (
                subject.i + 1 < len(subject.doc)):
            subject = subject.doc[subject.i + 1]  # "a-t-il déclaré"
        if subject is None:
            return self._named_in_clause(verb)
        phrase = self.phrase(subject)
        if phrase[0] < verb.idx and (voice := _VOICE.search(self.text, phrase[0], verb.idx)):
            spokesman = self.entity_in((voice.end(), verb.idx))
            if spokesman is not None and spokesman[0].type == "PER":  # "L'ONU, par la voix
                return Speaker(spokesman[0].name, spokesman[0].id,  # de son chef, X, a …"
                               self.text[phrase[0]:verb.idx].strip(" ,"))
        speaker = self.from_phrase(phrase, pronoun=subject.text.lower())
        if speaker.name is None and subject.pos_ == "PROPN" and subject.text[:1].isupper() and (
                not _indefinite_person(speaker.mention or "")):
            name = [subject]
            while name[-1].i + 1 < len(subject.doc) and subject.doc[name[-1].i + 1].pos_ == (
                    "PROPN") and subject.doc[name[-1].i + 1].text[:1].isupper():
                name.append(subject.doc[name[-1].i + 1])
            return Speaker(" ".join(t.text for t in name), None, speaker.mention)
        return speaker

    def _named_in_clause(self, verb: Token) -> Speaker:
        """No subject in the parse: the person named last in the clause before the verb
        ("le ministre des finances, Pierre Moscovici, a pour sa part ajouté : « … »")."""
        start = max(self.text.rfind(mark, 0, verb.idx) for mark in (";", ". ", "»", "\n"))
        named = [(s, e, ent) for s, e, ent in self.mentions
                 if start < s and e <= verb.idx and ent.type == "PER" and not self.quoted(s)]
        if not named:
            return Speaker()
        s, e, ent = named[-1]
        self.speakers.append((s, ent))
        return Speaker(ent.name, ent.id, self.text[s:e])

    def by_role(self, mention: str, before: int) -> Entity | None:
        """ "le président a déclaré": the person the article gave that role."""
        raw = mention.lower().replace("’", "'").split()
        definite = raw and (raw[0] in ("le", "la", "l'", "son", "sa") or raw[0].startswith("l'"))
        if not definite:
            return None  # "un responsable" is someone new, "le président" someone known
        words = [w for w in raw if w not in DETERMINERS]
        if not words or words[0].removeprefix("l'") not in role_nouns():
            return None
        words[0] = words[0].removeprefix("l'")
        holders = [e for e in self.entities if e.type == "PER" and any(
            r.lower().split()[0] == words[0] and not titles_clash(" ".join(words), r)
            for r in e.roles if r.split())]
        earlier = [e for e in holders if e.mentions[0][0] < before]
        chosen = earlier or holders
        return max(chosen, key=lambda e: max((s for s, _ in e.mentions if s < before),
                                              default=-1)) if chosen else None

    def from_phrase(self, span: Span, *, pronoun: str = "") -> Speaker:
        mention = self.text[span[0]:span[1]].strip(" ,.")
        if pronoun in PERSONAL or mention.lower() in PERSONAL:
            number = PERSONAL.get(pronoun) or PERSONAL.get(mention.lower())
            said = (pronoun or mention.lower()).lstrip("-t")
            person = self.person_before(span[0], gender=_PRONOUN_GENDER.get(said)) if (
                number == "sg") else None
            if person is None:
                return Speaker(mention=mention.lstrip("-"))
            return Speaker(person.name, person.id, mention.lstrip("-"))
        found = self.entity_in(span)
        institution = _institution(mention)
        if institution and (found is None or found[0].type in ("LOC", "MISC")):
            named = self.organisation_named(institution, span[0])
            if named is not None:  # "l'ambassade" of "l'ambassade de France au Mali"
                return Speaker(named.name, named.id, mention)
            return Speaker(institution, None, mention)  # "la préfecture des Bouches-du-Rhône"
        # "le président de la République": a title naming a known person beats the
        # place or organisation inside it.
        if _indefinite_person(mention) and (found is None or found[0].type != "PER" or (
                found[1][0] > span[0] + len(" ".join(mention.split()[:2])))):
            # "une habitante de la rue", "un proche conseiller de la maire Sophie Garnier":
            # someone unnamed, whoever their complement names
            return Speaker(mention=mention)
        holder = self.by_role(mention, span[0]) if found is None or found[0].type != "PER" else None
        if found is not None and holder is None and titled(mention) and found[1][0] > span[0]:
            member = self._member_of(found[0], span[0]) if found[0].type == "ORG" else None
            if member is not None:  # "la dirigeante de la CGT": its leader named before
                return Speaker(member.name, member.id, mention)
            if found[0].type in ("LOC", "MISC"):
                return Speaker(mention=mention)  # "le président de la République": unknown
        if found is not None and holder is None:
            self.speakers.append((found[1][0], found[0]))
            return Speaker(found[0].name, found[0].id, mention)
        if holder is None and found is None and _description(mention):
            holder = self.person_before(  # "l'ancien défenseur", "l'athlète", "la jeune femme"
                span[0], gender=_description_gender(mention))
            if holder is not None and any(titles_clash(mention, r) for r in holder.roles):
                holder = None  # "l'envoyé chinois" is not "l'envoyé américain" named before
            if holder is not None:
                return Speaker(holder.name, holder.id, mention)
        if holder is not None:
            if (role := _learnable_role(mention)) is not None:
                self.learned_roles.setdefault(holder.id, []).append(role)
            return Speaker(holder.name, holder.id, mention)
        return Speaker(institution, None, mention or None)

    def _member_of(self, organisation: Entity, before: int) -> Entity | None:
        """The one person named before whose roles name ``organisation`` ("secrétaire
        générale de la CGT"), or who was named right beside it."""
        wanted = _folded_words(organisation.name)
        members = {e.id: e for e in self.entities if e.type == "PER" and any(
            e_s < before for e_s, _ in e.mentions) and any(
            _contains(_folded_words(r), wanted) for r in e.roles)}
        return next(iter(members.values())) if len(members) == 1 else None

    def organisation_named(self, words: str, before: int) -> Entity | None:
        """The organisation, named earlier, that a common noun phrase stands for: "la
        direction" → "direction générale de la santé", "l'armée" → "armée chinoise"."""
        folded = _folded_words(words)
        wanted = [w for w in folded if w not in _GENERIC_ORG_WORDS]
        if not wanted:
            return None
        generic = folded[0] in _GENERIC_ORG_HEADS and "de" not in folded and "du" not in folded
        best: tuple[int, Entity] | None = None
        last_org: tuple[int, Entity] | None = None
        for s, _e, ent in self.mentions:
            if s >= before:
                break
            if ent.type != "ORG" or self.quoted(s):
                continue
            last_org = (s, ent)
            if _contains(_folded_words(ent.name), wanted):
                best = (s, ent)
        if best is None and generic and last_org and before - last_org[0] < _ORG_WINDOW:
            best = last_org  # "l'organisation islamiste", "le groupe": the last one named
        return best[1] if best else None

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject; a participle ("affirmant") or a coordinated verb ("mais
        disent") shares the subject of the reporting verb it depends on. When the parse
        has none: an inverted subject, or the word before the verb."""
        return (self.parsed_subject(verb) or self.inverted_subject(verb) or self.preceding(verb)
                or self._phrase_before(verb))

    def _phrase_before(self, verb: Token) -> Token | None:
        """A cue the parser took for a noun or an adjective ("l'Observatoire de l'air note
        que") has no subject: the noun phrase right before it."""
        if not verb.i or (verb.pos_ == "VERB" and verb.dep_ != "amod"):
            return None
        doc = verb.doc
        head = doc[verb.i - 1]
        while head.i != head.head.i and head.head.i < verb.i and head.dep_ in (
                "amod", "nmod", "flat:name", "case", "det", "fixed"):
            head = head.head
        return head if head.pos_ in ("NOUN", "PROPN") else None

    def from_parsed_subject(self, verb: Token) -> Speaker:
        """Who does what ``verb`` says, from the parse alone (events: no inversion guess)."""
        subject = self.parsed_subject(verb)
        if subject is None:
            return Speaker()
        return self.from_phrase(self.phrase(subject), pronoun=subject.text.lower())

    def parsed_subject(self, verb: Token) -> Token | None:
        """The subject the parse gives ``verb``, or the verb it depends on."""
        node = verb
        for _ in range(3):
            for child in node.children:
                if child.dep_ in ("nsubj", "nsubj:pass") and not self.quoted(child.idx):
                    if child.lower_ in ("qui", "lequel", "laquelle") and node.dep_ == "acl:relcl":
                        return _antecedent(node.head)  # "Montebourg, …, qui a déclaré"
                    return child
            if node.dep_ in ("advcl", "acl", "xcomp", "parataxis") and node.i != node.head.i:
                node = node.head
            elif node.dep_ == "conj":
                head = node.head
                # Attached inside an earlier reported clause (a parser slip): coordinate
                # with the reporting verb before it instead.
                reported = not is_cue(head) and any(is_cue(a) for a in head.ancestors)
                node = (self._previous_cue(node) or node) if reported else head
                if node.i == verb.i:
                    break
            else:
                break
        return None

    def preceding(self, verb: Token) -> Token | None:
        """A subject the parse missed: "il confie" (the verb tagged as a noun), or, for a
        present participle ("…, estimant que"), the last subject before it in the text."""
        doc = verb.doc
        i = verb.i - 1
        while i >= 0 and (doc[i].lower_ in _CLITICS or doc[i].dep_.startswith("aux")):
            i -= 1
        if i >= 0 and (doc[i].lower_ in PERSONAL or doc[i].pos_ == "PROPN"):
            return doc[i]
        if verb.lower_.endswith("ant"):
            for token in reversed(doc[max(0, verb.i - 30):verb.i]):
                if token.dep_ in ("nsubj", "nsubj:pass") and not self.quoted(token.idx):
                    return token
                if token.text in (".", "!", "?", "»") or token.is_space:
                    break
        return None

    def _previous_cue(self, verb: Token) -> Token | None:
        doc = verb.doc
        for token in reversed(doc[max(0, verb.i - 40):verb.i]):
            if is_cue(token) and any(c.dep_ in ("nsubj", "nsubj:pass") for c in token.children):
                return token
        return None

    def inverted_subject(self, verb: Token) -> Token | None:
        """The subject after the verb: "a déclaré McKenzie", "dit-il", "estime le syndicat",
        also past time words and an addressee ("a averti mardi sur une radio locale le
        ministre …"): a person's name or a title after a determiner."""
        doc = verb.doc
        for token in doc[verb.i + 1: min(verb.i + 14, len(doc))]:
            if token.text in (".", ";", "«", "“", "»", "”") or token.lower_ in QUE:
                break
            if token.ent_type_ == "PER" and token.ent_iob_ == "B" and not self.quoted(token.idx):
                return token
            if token.pos_ == "PROPN" and token.text[:1].isupper() and token.i > 0 and (
                    doc[token.i - 1].pos_ not in ("ADP", "DET", "NOUN", "PROPN")):
                return token  # a name the NER missed: "explique Joechen Zaumseil"
            if token.lower_ in role_nouns() and token.i > 0 and doc[token.i - 1].lower_ in (
                    "le", "la", "l'", "l’"):
                # "le Premier ministre": the adjective's noun heads the phrase
                return token.head if token.dep_ == "amod" and token.head.i > token.i else token
        for token in doc[verb.i + 1: min(verb.i + 5, len(doc))]:
            if token.text.lower() in PERSONAL:
                return token
            if token.pos_ in ("PROPN", "NOUN") or token.ent_type_:
                return token
            if token.is_punct or token.pos_ in ("VERB", "SCONJ", "ADP") or (
                    token.text.lower() in QUE):
                return None
        return None

    def phrase(self, head: Token) -> Span:
        """The subject's noun phrase with its appositions, without relative clauses."""
        left, right = head.left_edge.i, head.i
        skip: set[int] = set()
        for token in head.subtree:
            if token.i in skip:
                continue
            if token.i > head.i and (token.dep_ == "acl:relcl" or _addressee(token)):
                skip.update(t.i for t in token.subtree)
                continue
            if token.i > right and not token.is_punct:
                right = token.i
        if head.pos_ == "PROPN":
            left = _noun_phrase_start(head.doc, left)
        tokens = head.doc[left:right + 1]
        end = tokens.end_char
        for s, e, ent in self.mentions:  # "le président de l'Ufip, Jean Louis Schilansky"
            if ent.type == "PER" and 0 <= s - end <= 8 and _HONORIFIC_GAP.fullmatch(
                    self.text[end:s]):
                end = e  # also ", Me Rachid Benyamina"
        return self._listed_before(tokens.start_char), end

    def _listed_before(self, start: int) -> int:
        """ "Milley, le secrétaire … et des responsables … ont averti": a person named first
        in a list of subjects belongs to the subject phrase."""
        before = self.text[max(0, start - 80):start]
        if not before.rstrip().endswith(","):
            return start
        for s, e, ent in self.mentions:
            gap = self.text[e:start]
            if ent.type == "PER" and gap.strip() == "," and (
                    s == 0 or self.text[:s].rstrip()[-1:] in ("", ".", "\n", ":", ";")):
                return s
        return start


def _noun_phrase_start(doc: Doc, left: int) -> int:
    """Where the noun phrase a name closes begins, when the parse made the name alone the
    subject ("[Un proche conseiller de la maire Sophie] Garnier a confié"): back over
    nouns, adjectives, names and "de" to a determiner opening the clause."""
    i = left - 1
    while i >= 0 and doc[i].pos_ in ("NOUN", "ADJ", "PROPN", "ADP", "DET") and (
            doc[i].pos_ != "ADP" or doc[i].lower_ in ("de", "du", "des", "d'", "d’")):
        i -= 1
    first = i + 1
    opens = i < 0 or doc[i].is_punct or doc[i].is_space
    return first if first < left and opens and doc[first].pos_ == "DET" else left


def _addressee(token: Token) -> bool:
    """ "a répondu la porte-parole à une question de la RTBF": a complement introduced by
    a preposition other than "de" is not part of the speaker's name."""
    case = [c for c in token.children if c.dep_ == "case"]
    return bool(case) and case[0].lower_ not in ("de", "du", "des", "d'", "d’") and (
        token.dep_.startswith(("obl", "nmod")))


def _antecedent(token: Token) -> Token:
    """The noun a relative clause describes, climbing appositions to the name."""
    while token.dep_ in ("appos", "flat:name") and token.i != token.head.i:
        token = token.head
    return token


def titled(mention: str) -> bool:
    """The phrase is headed by a person's title: "le président de …", "la porte-parole"."""
    words = [w for w in mention.lower().replace("’", "'").split() if w not in DETERMINERS]
    return bool(words) and words[0].removeprefix("l'") in role_nouns()


def _institution(mention: str) -> str | None:
    """An organisation named by a common noun ("le ministère de la Défense", "la préfecture")."""
    words = mention.replace("’", "'").split()
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    if words and words[0].lower().startswith("l'"):
        words[0] = words[0][2:]  # "L'armée chinoise"
    if words and words[0].lower() in source_nouns() and (
            words[0].lower() not in word_list("document_nouns")):
        return " ".join(words)  # not "le communiqué": a document speaks for whoever issued it
    return None




def _description(mention: str) -> bool:
    """A definite noun phrase headed by a noun for a person, with nothing but adjectives
    ("l'ancien défenseur", "l'attaquant ghanéen", "le prêtre"): it refers back to someone
    named before. One with a complement ("le président de la République", "le patron
    d'Arsenal") names an office, which only a known holder of that office may answer."""
    words = mention.lower().replace("’", "'").split()
    if not words or not (words[0] in ("le", "la", "l'") or words[0].startswith("l'")):
        return False
    words[0] = words[0].removeprefix("l'")
    words = [w for w in words if w not in ("le", "la") and w not in _FORMER]
    if not words or not human_noun(words[0]) or words[0] in source_nouns():
        return False
    return not any(w in ("de", "du", "des", "d'") or w.startswith("d'") for w in words[1:])


def _description_gender(mention: str) -> str | None:
    """The gender a description tells: "la jeune femme" f, "l'élu" m."""
    words = mention.lower().replace("’", "'").replace("l'", "l' ").split()
    nouns = [w for w in words[1:] if w not in _FORMER]
    return noun_gender(words[0], nouns[0]) if words and nouns else None


def _indefinite_person(mention: str) -> bool:
    """ "une habitante de la rue des Lilas", "un proche conseiller du maire", "des
    témoins": someone the article does not name, whatever names their complement holds."""
    words = mention.lower().replace("’", "'").split()
    if len(words) < 2 or words[0] not in ("un", "une", "des", "plusieurs", "certains"):
        return False
    head = [w for w in words[1:3] if w not in _FORMER and w not in ("proche", "haut", "hauts")]
    return bool(head) and (head[0] in role_nouns() or head[0] in word_list("person_nouns")
                           or head[0].rstrip("sx") in role_nouns()
                           or head[0].rstrip("sx") in word_list("person_nouns"))


def _folded_words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", unicodedata.normalize("NFKD", text.lower())
                                   .encode("ascii", "ignore").decode()) if len(w) > 1]


def _contains(have: list[str], wanted: list[str]) -> bool:
    return all(w in have for w in wanted)


# Pronouns between a subject and its verb ("Tsahal l'accuse", "il ne le dit pas").
_CLITICS = {"ne", "n'", "n’", "lui", "leur", "se", "s'", "s’", "y", "en", "l'", "l’", "le",
            "la", "les", "me", "m'", "m’", "te", "t'", "t’", "nous", "vous"}
_PRONOUN_GENDER = {"il": "m", "elle": "f", "lui": "m"}
# Honorifics and the gender they tell.
_HONORIFICS = {"m.": "m", "monsieur": "m", "mr": "m", "mme": "f", "madame": "f", "mlle": "f",
               "mademoiselle": "f", "sir": "m", "lady": "f"}
# Endings of a feminine or masculine title ("directrice", "présidente"; "directeur").
_FEMININE_ROLE = ("rice", "euse", "esse", "ière", "ienne", "ante", "ente", "ée", "ine", "ère")
_MASCULINE_ROLE = ("eur", "ier", "ien", "ant", "ent", "é", "in", "er")
# "L'ONU, par la voix de son porte-parole, X, …": X speaks.
_VOICE = re.compile(r"\bpar la voix d(?:e|u|es|['’])", re.IGNORECASE)
# Between a title and the name in apposition: ", Me Rachid Benyamina", ", Dr Ana Lima".
_HONORIFIC_GAP = re.compile(r"\s*,\s*(?:(?:M\.|Mme|Mlle|Me|Maître|Dr|Pr)\s+)?")
# Adjectives that come before a person noun without changing who it is.
_FORMER = {"ancien", "ancienne", "nouveau", "nouvel", "nouvelle", "jeune", "vieux", "vieille",
           "futur", "future", "actuel", "actuelle", "célèbre"}
# Heads of a description that stands for the organisation named last ("l'organisation
# islamiste", "le groupe", "l'entreprise"), within this many characters (two paragraphs).
_GENERIC_ORG_HEADS = {"organisation", "mouvement", "groupe", "entreprise", "societe",
                      "compagnie", "firme", "formation", "parti", "association", "ong",
                      "syndicat", "federation", "club", "institution", "agence"}
_ORG_WINDOW = 1200
# Words of an institution's noun phrase too general to pick out one organisation.
_GENERIC_ORG_WORDS = {"le", "la", "les", "de", "du", "des", "et", "en"}


def _gender_of(person: Entity, text: str) -> str | None:
    """A person's gender as the article tells it, else as the first name usually is."""
    for s, _e in person.mentions:
        before = text[max(0, s - 12):s].lower().split()
        if before and before[-1] in _HONORIFICS:
            return _HONORIFICS[before[-1]]
    masculine = False
    for role in person.roles:
        words = role.lower().split()
        word = next((w for w in words if w in role_nouns()), None)
        if word and word.endswith(_FEMININE_ROLE) and word[:-1] in role_nouns():
            return "f"  # "présidente" beside "président"
        if word and word.endswith(_FEMININE_ROLE[:2]):
            return "f"  # "directrice", "chercheuse"
        if word and word.endswith(_MASCULINE_ROLE) and (word + "e") in role_nouns():
            masculine = True
    # A title in the masculine form is also said of women ("Marie-Pierre Dausse,
    # professeur d'histoire"): the first name outranks it.
    words = person.name.split()  # a lone word is often a first name ("Natalia a admis")
    first = words[0] if words else ""
    names = first_names()
    # "Marie-Claude", "Jean-Baptiste": a compound first name has its first part's gender
    found = names.get(first) or names.get(first.split("-")[0]) if first else None
    if found == "x":  # "Dominique", "Camille": either
        found = None
    return found or ("m" if masculine else None)


@cache
def first_names() -> dict[str, str]:
    """``lang/fr/first_names.tsv``: first name → "m", "f", or "x" for a name of either."""
    text = (files("veille.lang.fr") / "first_names.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {name: gender.strip() for name, gender in rows}


def _learnable_role(mention: str) -> str | None:
    """The title a speaker was named by, as a role to remember: its words after the
    determiner, verbatim, when it is a short singular noun phrase (no clause, figure or
    bracket: "président de la République", not "… répétant ainsi un engagement")."""
    words = mention.replace("’", "'").split()
    if words and words[0].lower() in DETERMINERS:
        words = words[1:]
    elif words and words[0].lower().startswith("l'"):
        words[0] = words[0][2:]
    phrase = " ".join(words).split(",")[0].strip()
    parts = phrase.lower().split()
    if not parts or len(parts) > _MAX_LEARNED_ROLE_WORDS or parts[0] not in role_nouns():
        return None
    if any(c.isdigit() or c in "()[]«»\"" for c in phrase) or any(
            w.endswith("ant") and w not in role_nouns() for w in parts[1:]):
        return None
    return phrase


# A title learned from a speaker's naming is at most this long ("secrétaire d'État chargé
# du numérique" has six words).
_MAX_LEARNED_ROLE_WORDS = 8
