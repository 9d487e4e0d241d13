"""Quotations and their speakers, for French news (``veille.quotes.v1``).

Three kinds, all as character spans of the article text:

* **direct**: words between quotation marks (« … », “ … ”, "…"), across sentences and
  paragraphs, with a cue next to them ("…, a déclaré X", "X a déclaré : « … »") or standing
  as whole sentences in a run of quotations; short fragments with no cue are scare quotes
  and titles, not quotations.
* **indirect**: the clause after a reporting verb and "que" ("X a déclaré que …"), or the
  statement around "selon X" / "d'après X".
* **mixed**: an indirect clause that contains a quoted fragment ("a déclaré que la Russie
  avait eu une « conversation franche »").

Quotation spans are found on the raw text, above sentences (spaCy's parser splits at lone
quotation marks); the parse is used only to find the speaker: the cue verb's subject,
an inverted subject ("a déclaré McKenzie", "dit-il"), the object of "selon", and pronouns
resolved to the nearest person before them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from veille.analyze.sentences import Span, split_sentences
from veille.lang.fr import (
    reporting_forms,
    reporting_verbs,
    role_nouns,
    source_nouns,
    word_list,
)
from veille.records import Entity, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "veille.quotes.v1"

_OPEN = {"«": "»", "“": "”", "„": "“", '"': '"'}
_PAIRS = {"»": "«", "”": "“", "«": "»", "“": "”"}
_QUOTE_CHARS = re.compile(r"[«»“”„\"]")
# Scare quotes and titles are short: measured on the annotated dev set, every cue-less
# quotation that is a real statement has at least five words.
_MIN_WORDS_WITHOUT_CUE = 5
_QUE = {"que", "qu'", "qu’", "qu"}
# Two-word cues: (infinitive, verb before it).
_PHRASAL_CUES = {("savoir", "faire"), ("entendre", "laisser"), ("valoir", "faire"),
                 ("remarquer", "faire"), ("observer", "faire")}
# Cues whose report is an infinitive after "de": "a promis de travailler".
_DE_INFINITIVE = {"promettre", "jurer", "menacer", "annoncer", "assurer", "affirmer",
                  "exprimer", "proposer", "prévenir"}
# Tokens after which a reporting-verb form is a verb even if tagged otherwise.
_CUE_BEFORE = {",", "»", "”", '"', "a", "ont", "avait", "avaient"}
_SUBJECTS = {"nsubj", "nsubj:pass", "expl:subj"}
_PERSONAL = {"il": "sg", "elle": "sg", "-il": "sg", "-elle": "sg", "ils": "pl", "elles": "pl",
             "-ils": "pl", "-elles": "pl", "lui": "sg", "eux": "pl"}
_DETERMINERS = {"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "son", "sa", "ses",
                "leur", "leurs", "ce", "cette", "ces"}
# "pour que", "bien que", "parce que"…: a conjunction, not the start of a reported clause.
_NOT_COMPLEMENTIZER = {"pour", "afin", "bien", "avant", "parce", "alors", "tandis", "ainsi",
                       "sans", "après", "dès", "lors", "pendant", "tant", "plutôt", "si", "ce"}
_DATELINE = re.compile(r"\d{1,2}(?:er)? \w+ \d{4}\s*\.?\s*[-–—]\s*(?:[A-ZÀ-Ý][\w\-]+\s*[-–—]\s*)?")
_SELON = re.compile(r"\b(?:[Ss]elon\b|[Dd]['’]après\b|[Dd]e l['’]avis d(?:e\b|u\b|['’])|[Pp]our\b)"
                    r"\s*")


@dataclass(frozen=True, slots=True)
class Quoted:
    """One top-level quoted span: marks at ``start``/``end - 1``, words inside."""

    start: int
    end: int

    @property
    def inner(self) -> Span:
        return self.start + 1, self.end - 1


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None = None
    entity_id: str | None = None
    mention: str | None = None


# -- quotation marks ------------------------------------------------------------------------
def quoted_spans(text: str) -> list[Quoted]:
    """Top-level quoted spans; nested marks stay inside; an unclosed mark runs to the end of
    its paragraph (or on, when the next paragraph reopens it: French multi-paragraph quotes)."""
    spans: list[Quoted] = []
    stack: list[tuple[str, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if stack and ch == _OPEN[stack[-1][0]] and not (ch == '"' and _opens_straight(text, i)):
            _opener, start = stack.pop()
            if not stack:
                spans.append(Quoted(start, i + 1))
        elif ch in _OPEN and (ch != '"' or _opens_straight(text, i)):
            stack.append((ch, i))
        elif ch == "\n" and stack and text.startswith("\n", i + 1):
            nxt = text[i:].lstrip()[:1]
            if nxt != stack[0][0]:  # the quote does not go on in the next paragraph
                spans.append(Quoted(stack[0][1], i))
                stack.clear()
        i += 1
    if stack:
        spans.append(Quoted(stack[0][1], len(text)))
    return [s for s in spans if s.end - s.start > 2]


def _opens_straight(text: str, i: int) -> bool:
    """A straight quote opens when it follows a space or an opening bracket."""
    return i == 0 or text[i - 1] in " \n\t(\u00a0[:"


def _trim(text: str, start: int, end: int) -> Span:
    """Shrink ``(start, end)`` past spaces, a final period or comma, quotation marks that
    wrap the whole span, and lone marks whose partner is not inside; an inner pair stays
    ("… « plus urgente que jamais »" keeps its closing mark)."""
    while True:
        while start < end and (text[start].isspace() or text[start] in "\"„"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in "\",;:."):
            if text[end - 3:end] == "...":
                break
            end -= 1
        if end - start < 2:
            return start, end
        first, last = text[start], text[end - 1]
        if first in "«“" and last == _PAIRS[first]:
            start, end = start + 1, end - 1  # a pair around everything
        elif first in "«“" and _PAIRS[first] not in text[start:end]:
            start += 1
        elif last in "»”" and _PAIRS[last] not in text[start:end]:
            end -= 1
        else:
            return start, end


# -- tokens ---------------------------------------------------------------------------------
class Tokens:
    """Character → token lookups over a parsed document."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def at(self, char: int) -> Token | None:
        from bisect import bisect_right

        i = bisect_right(self.starts, char) - 1
        if i < 0:
            return None
        token = self.doc[i]
        return token if token.idx <= char < token.idx + len(token.text) + 1 else None

    def within(self, span: Span) -> list[Token]:
        from bisect import bisect_left

        i = bisect_left(self.starts, span[0])
        out = []
        while i < len(self.doc) and self.doc[i].idx < span[1]:
            out.append(self.doc[i])
            i += 1
        return out


def is_cue(token: Token) -> bool:
    """A reporting verb that reports: not an infinitive ("pour s'assurer que") unless after
    "venir de", not reflexive. Recognised by lemma, or by form where the tagger slips
    ("», juge le ministère" tagged as a noun)."""
    lemma = token.lemma_.lower()
    if token.i > 0 and (lemma, token.doc[token.i - 1].lemma_) in _PHRASAL_CUES:
        return True  # "fait savoir que", "laisse entendre que"
    by_lemma = token.pos_ in ("VERB", "AUX") and lemma != "avoir" and (
        lemma in reporting_verbs() or lemma in word_list("reporting_reflexive"))
    by_form = token.text.lower() in reporting_forms() and (
        token.pos_ == "VERB" or (token.i > 0 and token.doc[token.i - 1].text in _CUE_BEFORE))
    if not (by_lemma or by_form):
        return False
    if "Inf" in token.morph.get("VerbForm", []) and token.head.lemma_ not in ("venir", "tenir"):
        return False
    reflexive = any(c.text.lower() in ("se", "s'", "s’") for c in token.children)
    return not reflexive or lemma in word_list("reporting_reflexive")


# -- speakers -------------------------------------------------------------------------------
class SpeakerFinder:
    """Turns a cue verb (or a "selon" phrase) into a speaker: entity, mention words."""

    def __init__(self, doc: Doc, entities: Sequence[Entity], tokens: Tokens,
                 marks: Sequence[Quoted] = ()):
        self.text = doc.text
        self.tokens = tokens
        self.marks = marks
        self.entities = entities
        self.mentions = sorted(
            ((s, e, ent) for ent in entities for s, e in ent.mentions), key=lambda m: m[0])
        self.learned_roles: dict[str, list[str]] = {}
        """Roles met as a speaker's only name ("estime le président de la République")."""
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

    def person_before(self, char: int, *, window: int = 2500) -> Entity | None:
        """The person a pronoun at ``char`` refers to: the last person before it that was
        a subject, else the last person named (names inside quotations do not count)."""
        last: Entity | None = None
        last_subject: tuple[int, Entity] | None = None
        for s, _e, ent in self.mentions:
            if s >= char:
                break
            if ent.type != "PER" or char - s > window or self.quoted(s):
                continue
            last = ent
            token = self.tokens.at(s)
            # "le leader frontiste Jean-Marie Le Pen décrit": the name hangs off its title.
            while token is not None and token is not token.head and (
                    token.dep_ in ("flat:name", "appos", "flat") or (
                    token.dep_ == "nmod" and token.head.pos_ == "NOUN")):
                token = token.head
            if token is not None and token.dep_ in ("nsubj", "nsubj:pass"):
                last_subject = (s, ent)
        spoke = [(s, ent) for s, ent in self.speakers if s < char and ent.type == "PER"]
        candidates = [c for c in (last_subject, max(spoke, key=lambda c: c[0], default=None))
                      if c is not None]
        if candidates:
            return max(candidates, key=lambda c: c[0])[1]
        return last

    def from_verb(self, verb: Token, *, after_quote: bool = False) -> Speaker:
        """The speaker of a cue verb; after a quotation the subject follows the verb."""
        subject = (self._inverted(verb) or self._subject(verb)) if after_quote else (
            self._subject(verb))
        if subject is not None and subject.lower_ in ("-t", "t", "-") and (
                subject.i + 1 < len(subject.doc)):
            subject = subject.doc[subject.i + 1]  # "a-t-il déclaré"
        if subject is None:
            return self._named_in_clause(verb)
        speaker = self.from_phrase(self._phrase(subject), pronoun=subject.text.lower())
        if speaker.name is None and subject.pos_ == "PROPN" and subject.text[:1].isupper():
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
        words = [w for w in raw if w not in _DETERMINERS]
        if not words or words[0].removeprefix("l'") not in role_nouns():
            return None
        words[0] = words[0].removeprefix("l'")
        holders = [e for e in self.entities if e.type == "PER" and any(
            r.lower().split()[0] == words[0] for r in e.roles if r.split())]
        earlier = [e for e in holders if e.mentions[0][0] < before]
        chosen = earlier or holders
        return max(chosen, key=lambda e: max((s for s, _ in e.mentions if s < before),
                                              default=-1)) if chosen else None

    def from_phrase(self, span: Span, *, pronoun: str = "") -> Speaker:
        mention = self.text[span[0]:span[1]].strip(" ,.")
        if pronoun in _PERSONAL or mention.lower() in _PERSONAL:
            number = _PERSONAL.get(pronoun) or _PERSONAL.get(mention.lower())
            person = self.person_before(span[0]) if number == "sg" else None
            if person is None:
                return Speaker(mention=mention.lstrip("-"))
            return Speaker(person.name, person.id, mention.lstrip("-"))
        found = self.entity_in(span)
        institution = _institution(mention)
        if institution and (found is None or found[0].type in ("LOC", "MISC")):
            return Speaker(institution, None, mention)  # "la préfecture des Bouches-du-Rhône"
        # "le président de la République": a title naming a known person beats the
        # place or organisation inside it.
        holder = self.by_role(mention, span[0]) if found is None or found[0].type != "PER" else None
        if found is not None and holder is None:
            if found[0].type in ("LOC", "MISC") and _titled(mention) and found[1][0] > span[0]:
                return Speaker(mention=mention)  # "le président de la République": unknown
            self.speakers.append((found[1][0], found[0]))
            return Speaker(found[0].name, found[0].id, mention)
        if holder is not None:
            role = " ".join(w for w in mention.split() if w.lower() not in _DETERMINERS)
            self.learned_roles.setdefault(holder.id, []).append(role)
            return Speaker(holder.name, holder.id, mention)
        institution = _institution(mention)
        return Speaker(institution, None, mention or None)

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject; a participle ("affirmant") or a coordinated verb ("mais
        disent") shares the subject of the reporting verb it depends on."""
        node = verb
        for _ in range(3):
            for child in node.children:
                if child.dep_ in ("nsubj", "nsubj:pass") and not self.quoted(child.idx):
                    if child.lower_ in ("qui", "lequel", "laquelle") and node.dep_ == "acl:relcl":
                        return _antecedent(node.head)  # "Montebourg, …, qui a déclaré"
                    return child
            if node.dep_ in ("advcl", "acl", "xcomp", "parataxis") and node is not node.head:
                node = node.head
            elif node.dep_ == "conj":
                head = node.head
                # Attached inside an earlier reported clause (a parser slip): coordinate
                # with the reporting verb before it instead.
                reported = not is_cue(head) and any(is_cue(a) for a in head.ancestors)
                node = (self._previous_cue(node) or node) if reported else head
                if node is verb:
                    break
            else:
                break
        return self._inverted(verb) or self._preceding(verb)

    def _preceding(self, verb: Token) -> Token | None:
        """A subject the parse missed: "il confie" (the verb tagged as a noun), or, for a
        present participle ("…, estimant que"), the last subject before it in the text."""
        doc = verb.doc
        i = verb.i - 1
        while i >= 0 and (doc[i].lower_ in ("ne", "n'", "n’", "lui", "leur", "se", "s'", "s’",
                                            "y", "en") or doc[i].dep_.startswith("aux")):
            i -= 1
        if i >= 0 and (doc[i].lower_ in _PERSONAL or doc[i].pos_ == "PROPN"):
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

    def _inverted(self, verb: Token) -> Token | None:
        """The subject after the verb: "a déclaré McKenzie", "dit-il", "estime le syndicat",
        also past time words and an addressee ("a averti mardi sur une radio locale le
        ministre …"): a person's name or a title after a determiner."""
        doc = verb.doc
        for token in doc[verb.i + 1: min(verb.i + 14, len(doc))]:
            if token.text in (".", ";", "«", "“", "»", "”") or token.lower_ in _QUE:
                break
            if token.ent_type_ == "PER" and token.ent_iob_ == "B" and not self.quoted(token.idx):
                return token
            if token.pos_ == "PROPN" and token.text[:1].isupper() and token.i > 0 and (
                    doc[token.i - 1].pos_ not in ("ADP", "DET", "NOUN", "PROPN")):
                return token  # a name the NER missed: "explique Joechen Zaumseil"
            if token.lower_ in role_nouns() and token.i > 0 and doc[token.i - 1].lower_ in (
                    "le", "la", "l'", "l’"):
                return token
        for token in doc[verb.i + 1: min(verb.i + 5, len(doc))]:
            if token.text.lower() in _PERSONAL:
                return token
            if token.pos_ in ("PROPN", "NOUN") or token.ent_type_:
                return token
            if token.is_punct or token.pos_ in ("VERB", "SCONJ", "ADP") or (
                    token.text.lower() in _QUE):
                return None
        return None

    def _phrase(self, head: Token) -> Span:
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
        tokens = head.doc[left:right + 1]
        end = tokens.end_char
        for s, e, ent in self.mentions:  # "le président de l'Ufip, Jean Louis Schilansky"
            if ent.type == "PER" and self.text[end:s].strip() == "," and s - end <= 3:
                end = e
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


def _addressee(token: Token) -> bool:
    """ "a répondu la porte-parole à une question de la RTBF": a complement introduced by
    a preposition other than "de" is not part of the speaker's name."""
    case = [c for c in token.children if c.dep_ == "case"]
    return bool(case) and case[0].lower_ not in ("de", "du", "des", "d'", "d’") and (
        token.dep_.startswith(("obl", "nmod")))


def _antecedent(token: Token) -> Token:
    """The noun a relative clause describes, climbing appositions to the name."""
    while token.dep_ in ("appos", "flat:name") and token is not token.head:
        token = token.head
    return token


def _titled(mention: str) -> bool:
    """The phrase is headed by a person's title: "le président de …", "la porte-parole"."""
    words = [w for w in mention.lower().replace("’", "'").split() if w not in _DETERMINERS]
    return bool(words) and words[0].removeprefix("l'") in role_nouns()


def _institution(mention: str) -> str | None:
    """An organisation named by a common noun ("le ministère de la Défense", "la préfecture")."""
    words = mention.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if words and words[0].lower().strip("'’") in source_nouns():
        return " ".join(words)
    return None


# -- the rules ------------------------------------------------------------------------------
@dataclass
class _State:
    text: str
    tokens: Tokens
    speakers: SpeakerFinder
    marks: list[Quoted]
    used: set[int]
    quotes: list[Quote]

    def marks_in(self, span: Span) -> list[int]:
        return [i for i, m in enumerate(self.marks) if m.start < span[1] and m.end > span[0]]

    def inside_marks(self, char: int) -> bool:
        return any(m.start < char < m.end - 1 for m in self.marks)

    def add(self, span: Span, kind: str, speaker: Speaker, cue: str | None) -> None:
        start, end = _trim(self.text, *span)
        if dateline := _DATELINE.match(self.text, start, end):  # "4 juillet 2012. - …"
            start = dateline.end()
        if end - start < 3:
            return
        self.quotes.append(Quote(
            text=self.text[start:end], start=start, end=end, kind=kind,  # type: ignore[arg-type]
            speaker=speaker.name, speaker_id=speaker.entity_id,
            speaker_mention=speaker.mention, cue=cue))


def _cue_text(verb: Token) -> str:
    """The cue as written: auxiliary, adverbs and verb ("a également déclaré")."""
    first = verb
    for child in verb.children:
        if child.i < verb.i and child.dep_.startswith("aux"):
            first = min(first, child, key=lambda t: t.i)
    return verb.doc[first.i:verb.i + 1].text


def _que_after(verb: Token, limit: int) -> Token | None:
    """The "que" that opens the verb's reported clause, within a few tokens."""
    doc = verb.doc
    for token in doc[verb.i + 1: min(verb.i + 12, limit)]:
        if token.text in ("«", "»", "“", "”"):
            continue  # "a déclaré au quotidien « Le Monde » que …"
        if token.text.lower() in _QUE:
            before = doc[token.i - 1].text.lower() if token.i else ""
            return None if before in _NOT_COMPLEMENTIZER else token
        if (token.is_punct and token.text not in ("-", "'", "’")) or (
                token.pos_ == "VERB" and token.dep_ != "xcomp"):
            return None
    return None


def _infinitive_after(verb: Token) -> Token | None:
    """ "affirme avoir découvert": a past infinitive right after the reporting verb;
    "a promis de travailler": "de" and an infinitive after a promise or announcement."""
    doc = verb.doc
    if verb.lemma_.lower() in _DE_INFINITIVE:
        for token in doc[verb.i + 1: min(verb.i + 6, len(doc))]:
            if token.lower_ in ("de", "d'", "d’") and token.i + 1 < len(doc):
                nxt = doc[token.i + 1]
                if nxt.pos_ in ("VERB", "AUX") or nxt.lower_ in ("se", "s'", "s’"):
                    return nxt
            if token.is_punct or token.pos_ == "VERB":
                break
    for token in doc[verb.i + 1: min(verb.i + 3, len(doc))]:
        if token.lower_ in ("avoir", "être") and token.i + 1 < len(doc) and (
                "Part" in doc[token.i + 1].morph.get("VerbForm", [])
                or doc[token.i + 1].lower_ in ("été", "eu")):
            return token
        if token.pos_ != "ADV":
            return None
    return None


def _clause_end(state: _State, start: int, sentence: Span) -> int:
    """Where a reported clause ends: the sentence end, a new cue after a comma, a ";"."""
    end = sentence[1]
    for token in state.tokens.within((start, sentence[1])):
        if state.inside_marks(token.idx):
            continue
        if token.text in (";",) or (token.text == "." and token.idx + 1 < sentence[1]):
            return token.idx
        if token.idx > start + 10 and is_cue(token):
            begin = _clause_start_before(token)
            lead = state.text[max(0, begin - 6):begin + 1].rstrip()
            if lead.endswith((",", "mais", "et")) or state.text[begin] == ",":
                return begin
            if token.i and token.doc[token.i - 1].lower_ in ("en", "an"):  # "en ajoutant"
                return token.doc[token.i - 1].idx
    return end


def _clause_start_before(verb: Token) -> int:
    """Where the words introducing ``verb`` begin: ", mais disent", ", affirmant"."""
    first = verb
    doc = verb.doc
    while first.i > 0 and (doc[first.i - 1].dep_.startswith(("aux", "nsubj", "cc", "advmod"))
                           or doc[first.i - 1].text == ","):
        first = doc[first.i - 1]
        if first.text == ",":
            break
    return first.idx


def _indirect(state: _State, sentence: Span) -> None:
    """ "X a déclaré que …", "…, affirmant qu'il …": the clause after "que"."""
    tokens = state.tokens.within(sentence)
    limit = tokens[-1].i + 1 if tokens else 0
    for verb in tokens:
        if not is_cue(verb) or state.inside_marks(verb.idx):
            continue
        que = _que_after(verb, limit)
        if que is not None:
            start = que.idx + len(que.text)
        elif (infinitive := _infinitive_after(verb)) is not None:
            start = infinitive.idx  # "a raconté avoir été agressée"
        else:
            continue
        end = _clause_end(state, start, sentence)
        _add_statement(state, (start, end), state.speakers.from_verb(verb), _cue_text(verb))


def _inverted(state: _State, sentence: Span) -> None:
    """ "Les frappes, a déclaré McKenzie, seraient …" and "…, a déclaré McKenzie." """
    for verb in state.tokens.within(sentence):
        if not is_cue(verb) or state.inside_marks(verb.idx):
            continue
        first = verb.doc[verb.i - 1] if verb.i else verb
        while first.i > 0 and (first.dep_.startswith("aux") or first.pos_ == "ADV"):
            first = verb.doc[first.i - 1]
        if not _finite(verb):
            continue  # "…, répétant ainsi un engagement": a participle does not invert
        subject = state.speakers._inverted(verb)
        # "Les frappes, a déclaré X, seraient …": a "subject" cut off by the comma is not one
        has_subject = any(c.dep_ in _SUBJECTS and c.i < verb.i and "," not in
                          verb.doc[c.i:verb.i].text for c in verb.children)
        if first.text != "," or subject is None or has_subject or first.idx <= sentence[0] + 10:
            continue
        before = (sentence[0], first.idx)
        if any(q.start < before[1] and q.end > before[0] for q in state.quotes):
            continue
        marks = state.marks_in(before)
        # "« … », a déclaré X": the direct rule owns a statement that is one quotation.
        if len(marks) == 1 and _trim(state.text, *before) == _trim(
                state.text, *state.marks[marks[0]].inner):
            continue
        after = _after_subject(state, subject, sentence)
        span = (sentence[0], sentence[1]) if after else before
        inner = state.marks_in(span)
        state.used.update(inner)
        speaker = state.speakers.from_phrase(state.speakers._phrase(subject),
                                             pronoun=subject.text.lower())
        state.add(span, "mixed" if inner else "indirect", speaker, _cue_text(verb))


def _finite(verb: Token) -> bool:
    """ "déclare", "a déclaré": a conjugated verb, or a past participle with its auxiliary."""
    if "Fin" in verb.morph.get("VerbForm", []):
        return True
    doc = verb.doc
    return verb.i > 0 and (doc[verb.i - 1].pos_ == "AUX" or any(
        c.dep_.startswith("aux") for c in verb.children)) and not verb.lower_.endswith("ant")


def _after_subject(state: _State, subject: Token, sentence: Span) -> bool:
    """True when the statement goes on after ", a déclaré X," (a parenthetical cue)."""
    for token in state.tokens.within((subject.idx, sentence[1])):
        if token.text == ",":
            rest = state.text[token.idx + 1:sentence[1]].strip(" .")
            return len(rest.split()) >= 3
    return False


def _selon(state: _State, sentence: Span) -> None:
    """ "Selon X, …", "…, selon X.", "d'après X", "pour X, …": X is the source."""
    text = state.text
    for m in _SELON.finditer(text, sentence[0], sentence[1]):
        if state.inside_marks(m.start()) or any(q.start <= m.start() < q.end
                                                 for q in state.quotes):
            continue
        source = _source_phrase(state, m.end(), sentence)
        speaker = _selon_speaker(state, source, sentence)
        is_pour = m.group().lower().startswith("pour")
        if speaker is None or (is_pour and not _pour_source(state, speaker)):
            continue
        before = text[sentence[0]:m.start()].strip()
        after = (source[1] + 1, sentence[1])
        after_words = len(text[after[0]:after[1]].split()) if text[source[1]:][:1] == "," else 0
        if after_words >= 3 and len(before.split()) >= 3 and before.endswith(","):
            span: Span = sentence
        elif after_words >= 3:
            span = after
        elif len(before.split()) >= 3:
            span = (sentence[0], m.start())
        else:
            continue
        _add_statement(state, _until_semicolon(state, span), speaker, m.group().strip().lower())


def _until_semicolon(state: _State, span: Span) -> Span:
    for pos in range(span[0], span[1]):
        if state.text[pos] == ";" and not state.inside_marks(pos):
            return span[0], pos
    return span


def _source_phrase(state: _State, start: int, sentence: Span) -> Span:
    """The source after "selon": up to a comma, with an apposition ("…, Michel Spiro,")."""
    text = state.text
    comma = text.find(",", start, sentence[1])
    if comma < 0:
        return start, sentence[1]
    nxt = text.find(",", comma + 1, sentence[1])
    if nxt < 0:
        return start, comma
    apposition = text[comma + 1:nxt].split()
    if len(apposition) <= 4 and state.speakers.entity_in((comma + 1, nxt)):
        return start, nxt
    head = [w for w in apposition[:2] if w.lower() not in _DETERMINERS]
    if len(apposition) <= 12 and head and head[0].lower() in role_nouns():
        return start, nxt  # "Selon Anna Virtanen, porte-parole du ministère, …"
    return start, comma


def _selon_speaker(state: _State, source: Span, sentence: Span) -> Speaker | None:
    words = state.text[source[0]:source[1]].strip()
    if words.lower() in ("eux", "elles"):
        found = [(s, ent) for s, _e, ent in state.speakers.mentions
                 if sentence[0] <= s < source[0]]
        return Speaker(found[0][1].name, found[0][1].id, words) if found else Speaker(
            mention=words)
    speaker = state.speakers.from_phrase(source)
    if speaker.name is None and not _is_source(speaker.mention):
        return None
    return speaker


def _pour_source(state: _State, speaker: Speaker) -> bool:
    """ "Pour Obama, …", "Pour lui, …", "Pour le procureur fédéral, …": a person or a
    title, not "pour la Corse", "pour 2014" or "pour démonter la stratégie Romney"."""
    words = (speaker.mention or "").replace("’", "'").split()
    if not words or len(words) > 6:
        return False
    if _pronoun(speaker.mention):
        return True
    if words[0].lower() in _DETERMINERS and len(words) > 1:
        return words[0].lower() in ("le", "la", "les", "l'") and (
            words[1].lower() in role_nouns() or words[1].lower() in source_nouns())
    person = [e for e in state.speakers.entities if e.id == speaker.entity_id]
    return bool(person) and person[0].type == "PER" and words[0][:1].isupper()


def _pronoun(mention: str | None) -> bool:
    return (mention or "").lower() in ("lui", "elle", "eux", "elles")


def _add_statement(state: _State, span: Span, speaker: Speaker, cue: str) -> None:
    """A statement, or a statement and the quotation it announces with a colon."""
    marks = state.marks_in(span)
    if marks:  # "« … » dénonce le président-candidat": the cue closing the statement
        last = state.marks[marks[-1]]
        after = [t for t in state.tokens.within((last.end, span[1])) if not t.is_punct][:2]
        if after and any(is_cue(t) for t in after):
            span = (span[0], last.end)
    state.used.update(marks)
    if len(marks) == 1:
        inner = state.marks[marks[0]].inner
        if _trim(state.text, *span) == _trim(state.text, *inner):
            state.add(inner, "direct", speaker, cue)
            return
    rest = _QUOTE_CHARS.sub("", "".join(
        state.text[a:b] for a, b in _gaps(span, [state.marks[i] for i in marks])))
    if marks and not re.sub(r"[\s.,:;!?…\-–—]", "", rest):  # « … » : « … »
        for i in marks:
            state.add(state.marks[i].inner, "direct", speaker, cue)
        return
    if marks:
        mark = state.marks[marks[0]]
        lead = state.text[span[0]:mark.start].rstrip()
        if lead.endswith(":") and len(lead.split()) >= 3:
            state.add((span[0], len(lead) + span[0] - 1), "indirect", speaker, cue)
            for i in marks:
                state.add(state.marks[i].inner, "direct", speaker, cue)
            return
    state.add(span, "mixed" if marks else "indirect", speaker, cue)


def _gaps(span: Span, marks: Sequence[Quoted]) -> list[Span]:
    """The parts of ``span`` outside the quotation marks' spans."""
    out, pos = [], span[0]
    for m in sorted(marks, key=lambda m: m.start):
        out.append((pos, max(pos, m.start)))
        pos = max(pos, m.end)
    out.append((pos, span[1]))
    return out


def _is_source(mention: str | None) -> bool:
    words = (mention or "").lower().replace("’", "'").split()
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return bool(words) and (words[0] in source_nouns() or words[0] in role_nouns() or words[0] in (
        "lui", "elle", "eux", "elles", "source", "sources", "témoin", "témoins", "expert",
        "experts", "analyste", "analystes", "responsable", "responsables", "médias"))


def _conditional(state: _State, sentence: Span) -> None:
    """ "D'après V. Sapounov, le Kouzbass ne serait pas … . Ces espèces seraient également
    présentes …": a sentence in the conditional right after a report goes on reporting."""
    if not state.quotes or state.quotes[-1].kind == "direct":
        return
    last = state.quotes[-1]
    gap = state.text[last.end:sentence[0]]
    if len(gap) > 6 or "\n" in gap or state.marks_in(sentence):
        return
    roots = [t for t in state.tokens.within(sentence) if t.dep_ == "ROOT"]
    moods = [m for t in roots for c in (t, *t.children) if c.pos_ in ("AUX", "VERB")
             for m in c.morph.get("Mood", [])]
    conditional = any(t.lower_.endswith(("rait", "raient")) and t.pos_ in ("AUX", "VERB")
                      for t in state.tokens.within(sentence))
    if "Cnd" in moods or conditional:
        speaker = Speaker(last.speaker, last.speaker_id, last.speaker_mention)
        state.add(sentence, "indirect", speaker, None)


def _sentence_of(sentences: Sequence[Span], char: int) -> int:
    for i, (start, end) in enumerate(sentences):
        if start <= char < end or (char < start):
            return i
    return len(sentences) - 1


def _is_direct_cue(token: Token) -> bool:
    """A cue for words in quotation marks: reporting verbs, naming verbs ("appeler",
    "qualifier"), also as infinitives ("avant de poursuivre : « … »")."""
    return is_cue(token) or (token.pos_ == "VERB" and token.lemma_.lower() in (
        word_list("naming_verbs") | reporting_verbs()))


def _cue_near(state: _State, mark: Quoted, sentences: Sequence[Span]) -> Token | None:
    """A reporting verb right after the closing mark, or before the opening one; with
    "X …: « … »", the verb of the clause the colon ends."""
    first = sentences[_sentence_of(sentences, mark.start)]
    last = sentences[_sentence_of(sentences, mark.end - 1)]
    for token in state.tokens.within((mark.end, last[1]))[:6]:
        if is_cue(token):
            return token
        if token.pos_ == "VERB" or token.text in ("«", "“", ";"):
            break
    before = [t for t in state.tokens.within((first[0], mark.start))
              if not state.inside_marks(t.idx)]
    for token in reversed(before[-10:]):
        if _is_direct_cue(token):
            return token
        if token.text.lower() in _QUE or token.text in ("»", "”", ";"):
            return None
    if before and before[-1].text == ":":
        verbs = [t for t in before if t.pos_ == "VERB" and not state.inside_marks(t.idx)]
        with_subject = [v for v in verbs if any(c.dep_ in ("nsubj", "nsubj:pass")
                                                for c in v.children)]
        chosen = with_subject or verbs
        return chosen[-1] if chosen else None
    return None


def _direct(state: _State, sentences: Sequence[Span], sentence: Span) -> None:
    """Quoted words that open in ``sentence``: with a cue next to them (any length: "décrit
    sa fille comme « petite-bourgeoise »"), or whole sentences in a run of quotations."""
    for i, mark in enumerate(state.marks):
        if i in state.used or not sentence[0] <= mark.start < sentence[1]:
            continue
        state.used.add(i)
        inner = _trim(state.text, *mark.inner)
        words = len(state.text[inner[0]:inner[1]].split())
        cue = _cue_near(state, mark, sentences)
        if cue is not None and words < 4 and not _attributed_phrase(state, mark, cue):
            continue
        if cue is not None:
            speaker = state.speakers.from_verb(cue, after_quote=cue.idx > mark.start)
            state.add(inner, "direct", speaker, _cue_text(cue))
        elif words >= _MIN_WORDS_WITHOUT_CUE and _stands_alone(state, mark, sentences):
            state.add(inner, "direct", _continuation(state, mark), None)


def _attributed_phrase(state: _State, mark: Quoted, cue: Token) -> bool:
    """A short quotation is a quotation when its cue is right next to it ("l'avait appelé
    la « châtelaine »", "décrit sa fille comme « petite-bourgeoise »") and it is not a name
    ("« Nintendo Direct »", "« PH1 »")."""
    words = state.text[mark.start + 1:mark.end - 1].split()
    if all(w[:1].isupper() or any(c.isdigit() for c in w) for w in words):
        return False
    between = state.text[cue.idx + len(cue.text):mark.start] if cue.idx < mark.start else (
        state.text[mark.end:cue.idx])
    return len(between.split()) <= 4 or between.rstrip().endswith("comme")


def _stands_alone(state: _State, mark: Quoted, sentences: Sequence[Span]) -> bool:
    """The quotation is its sentence(s): nothing but punctuation around it."""
    first = sentences[_sentence_of(sentences, mark.start)]
    last = sentences[_sentence_of(sentences, mark.end - 1)]
    before = state.text[first[0]:mark.start].strip(" .:-–—")
    after = state.text[mark.end:last[1]].strip(" .!?…")
    return not before and not after


def _continuation(state: _State, mark: Quoted) -> Speaker:
    """A quotation standing alone continues the speaker of a quotation just before it."""
    previous = [q for q in state.quotes if q.end <= mark.start]
    if previous:
        q = max(previous, key=lambda q: q.end)
        if mark.start - q.end < 400 and q.speaker:
            return Speaker(q.speaker, q.speaker_id, None)
    return Speaker()


def _dedupe(quotes: Iterable[Quote]) -> tuple[Quote, ...]:
    """Drop a quotation inside another one (rules run from the widest statement down)."""
    kept: list[Quote] = []
    for q in quotes:
        if any(k.start <= q.start and q.end <= k.end for k in kept):
            continue
        kept = [k for k in kept if not (q.start <= k.start and k.end <= q.end)]
        kept.append(q)
    return tuple(sorted(kept, key=lambda q: q.start))


def quotes_from_doc(doc: Doc, entities: Sequence[Entity]) -> tuple[Quote, ...]:
    """Every quotation of a parsed article, with its speaker and cue."""
    return quotes_and_roles(doc, entities)[0]


def quotes_and_roles(doc: Doc, entities: Sequence[Entity]
                     ) -> tuple[tuple[Quote, ...], dict[str, list[str]]]:
    """The quotations, and the roles that naming speakers by their title taught
    ("« … » estime le président de la République" → that person's role)."""
    text = doc.text
    tokens = Tokens(doc)
    marks = quoted_spans(text)
    state = _State(text=text, tokens=tokens, marks=marks, used=set(), quotes=[],
                   speakers=SpeakerFinder(doc, entities, tokens, marks))
    sentences = split_sentences(text)
    for sentence in sentences:  # in text order, so that pronouns see earlier speakers
        before = len(state.quotes)
        _indirect(state, sentence)
        _inverted(state, sentence)
        _selon(state, sentence)
        _direct(state, sentences, sentence)
        if len(state.quotes) == before:
            _conditional(state, sentence)
    return _dedupe(state.quotes), state.speakers.learned_roles
