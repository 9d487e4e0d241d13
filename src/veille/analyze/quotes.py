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
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from veille.analyze.attribution import rerank
from veille.analyze.marks import QUOTE_CHARS, Quoted, quoted_spans, trim
from veille.analyze.nlp import doc_text
from veille.analyze.sentences import Span, split_sentences
from veille.analyze.speakers import (
    DETERMINERS,
    QUE,
    SUBJECTS,
    Speaker,
    SpeakerFinder,
    Tokens,
    is_cue,
)
from veille.lang.fr import (
    human_noun,
    reporting_verbs,
    singular,
    word_list,
)
from veille.records import Entity, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "veille.quotes.v1"

# Scare quotes and titles are short: measured on the annotated dev set, every cue-less
# quotation that is a real statement has at least five words.
_MIN_WORDS_WITHOUT_CUE = 5
# Cues whose report is an infinitive after "de": "a promis de travailler".
# How far after a reporting verb its object's "de"/"à" + infinitive may come ("a exhorté
# les habitants des quartiers nord à …"), and how long a reported noun phrase must be
# ("a confirmé la mort du chef rebelle"; not "a confirmé l'information").
_OBJECT_REACH = 12
_MIN_OBJECT_WORDS = 3
_DE_INFINITIVE = {"promettre", "jurer", "menacer", "annoncer", "assurer", "affirmer",
                  "exprimer", "proposer", "prévenir"}
# Verbs of declaring whose bare infinitive is a reported statement ("il dit vouloir partir"
# is "il dit qu'il veut partir"); not verbs of wanting ("souhaite partir").
_DECLARE_INFINITIVE = {"dire", "affirmer", "assurer", "expliquer", "déclarer", "estimer",
                       "reconnaître", "indiquer", "admettre", "avouer", "prétendre", "jurer",
                       "confier", "raconter", "certifier", "soutenir"}
# "pour que", "bien que", "parce que"…: a conjunction, not the start of a reported clause.
_NOT_COMPLEMENTIZER = {"pour", "afin", "bien", "avant", "parce", "alors", "tandis", "ainsi",
                       "sans", "après", "dès", "lors", "pendant", "tant", "plutôt", "si", "ce"}
_DATELINE = re.compile(r"\d{1,2}(?:er)? \w+ \d{4}\s*\.?\s*[-–—]\s*(?:[A-ZÀ-Ý][\w\-]+\s*[-–—]\s*)?")
# How far back a quotation with no cue looks for its speaker: one long paragraph
# (the longest gap between two quotations of one speaker in the annotated work halves).
_CONTINUATION_WINDOW = 1500
# Determiners of a source after "pour" ("pour les opposants", "pour ses détracteurs").
_SOURCE_DETERMINERS = {"le", "la", "les", "l'", "son", "sa", "ses", "leur", "leurs"}
_ADJECTIVES_BEFORE = {"ancien", "ancienne", "anciens", "anciennes", "nouveau", "nouvelle",
                      "nombreux", "nombreuses", "principaux", "principal", "jeune", "jeunes"}
# An apposition to a source ("Selon X, porte-parole du ministère de …, …") is rarely longer;
# the longest in the annotated work halves has 14 words.
_MAX_APPOSITION_WORDS = 16
# The subject pronoun of an inverted cue, as spaCy tokenises it ("a-t-il", "dit-elle").
_INVERTED_PRONOUNS = {"-t-il", "-t-elle", "-il", "-elle", "-ils", "-elles", "-t-on", "-on",
                      "-t"}
# Third-person endings of a verb the tagger took for a noun in an incise ("tranche",
# "résume", "sourit", "admet"); time nouns ("mardi", "hier", "soir") have none of them.
_VERB_ENDINGS = ("e", "t", "a")
# The signature under an embedded post: "— Nom (@compte) date", "Publiée par Nom sur date".
_SIGNATURE = re.compile(r"^(?P<cue>[—–]|Publiée? par)\s*(?P<name>[^\n(@]{2,80}?)\s*"
                        r"(?:\(@[\w.]+\)|\bsur\b)[^\n]{0,60}$", re.MULTILINE)
# A post is at most this long (a long tweet) and this many paragraphs.
_POST_CHARS = 600
_POST_PARAGRAPHS = 3
_POST_OPENING = re.compile(r"[^\w\s«“\"'(]|#|@")
_POST_TAIL = re.compile(r"(?:\s*(?:https?://\S+|pic\.twitter\.com/\S+|[^\w\s.!?»”\")]))+\s*$")
_WORDS = re.compile(r"\w+")
_NARRATION_OPENERS = {"qui", "ce", "selon", "dans", "lors", "alors", "tandis", "avant",
                      "après", "depuis", "afin", "pour"}
# The words before a colon that announces a quotation with no verb ("Son verdict :").
_MAX_COLON_LEAD = 12
# Words opening another clause after a quotation ("», quand le Qatar dénonçait …").
_SUBORDINATORS = {"quand", "lorsque", "alors", "tandis", "et", "mais", "si", "puis", "où"}
# A quotation with no cue repeating this many words of a cued one is its speaker's.
_MIN_REPEATED_WORDS = 4
QUOTE_OPENERS = ("«", "“", '"', "„", "'")
_SELON = re.compile(r"\b(?:[Ss]elon\b|[Dd]['’]après\b|[Dd]e l['’]avis d(?:e\b|u\b|['’])|[Pp]our\b"
                    r"|[Aa]ux yeux d(?:e\b|u\b|es\b|['’])|[AaÀà] (?:ses|leurs) yeux\b"
                    r"|[AaÀà] en croire\b)\s*")
# "selon laquelle …": the clause a noun of speech announces ("son opinion selon laquelle").
# A dialogue dash opening a paragraph: the words after it are someone's own ("— Nous ne
# céderons pas, a lancé le maire.").
_DIALOGUE_DASH = re.compile(r"[—–―]\s*")
_RELATIVE = re.compile(r"(?:lequel|laquelle|lesquels|lesquelles)\b\s*", re.IGNORECASE)


# -- the rules ------------------------------------------------------------------------------
@dataclass
class _State:
    text: str
    tokens: Tokens
    speakers: SpeakerFinder
    marks: list[Quoted]
    used: set[int]
    quotes: list[Quote]
    headings: set[int] = field(default_factory=set)
    """Indexes in ``quotes`` of quotations that are a paragraph of their own (intertitles)."""

    def marks_in(self, span: Span) -> list[int]:
        return [i for i, m in enumerate(self.marks) if m.start < span[1] and m.end > span[0]]

    def inside_marks(self, char: int) -> bool:
        return any(m.start < char < m.end - 1 for m in self.marks)

    def add(self, span: Span, kind: str, speaker: Speaker, cue: str | None) -> None:
        start, end = trim(self.text, *span)
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
    tokens = iter(doc[verb.i + 1: min(verb.i + 12, limit)])
    for token in tokens:
        if token.text in ("«", "»", "“", "”"):
            continue  # "a déclaré au quotidien « Le Monde » que …"
        if token.text.lower() in QUE:
            before = doc[token.i - 1].text.lower() if token.i else ""
            if before in _NOT_COMPLEMENTIZER or _restrictive(verb, token):
                return None
            return token
        if token.text == "," and (close := _parenthetical_end(token, limit)) is not None:
            for skipped in tokens:  # "a confié, sous couvert d'anonymat, que …"
                if skipped.i == close:
                    break
            continue
        if (token.is_punct and token.text not in ("-", "'", "’")) or (
                token.pos_ == "VERB" and token.dep_ != "xcomp"):
            return None
    return None


def _restrictive(verb: Token, que: Token) -> bool:
    """ "ne … que": "il ne prévoit qu'une intervention", "elle n'a dit que cela" — a
    restriction, not a reported clause (unless a negation word sits between them)."""
    doc = verb.doc
    start = max(0, verb.i - 4)
    negated = any(t.lower_ in ("ne", "n'", "n’") for t in doc[start:verb.i])
    between = {t.lower_ for t in doc[verb.i + 1:que.i]}
    return negated and not between & {"pas", "plus", "jamais", "point", "guère", "rien"}


def _parenthetical_end(comma: Token, limit: int) -> int | None:
    """The comma closing a short aside opened by ``comma`` and followed by "que"."""
    doc = comma.doc
    for token in doc[comma.i + 1: min(comma.i + 9, limit - 1)]:
        if token.text == ",":
            return token.i if doc[token.i + 1].lower_ in QUE else None
        if token.is_punct or token.pos_ == "VERB":
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
        if verb.lemma_.lower() in _DECLARE_INFINITIVE and "Inf" in token.morph.get(
                "VerbForm", []) and token.pos_ in ("VERB", "AUX"):
            return token  # "a expliqué vouloir rénover", "dit pouvoir compter sur …"
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
        if token.text == "," and state.text[token.idx + 1:token.idx + 9].lower().startswith(
                (" ce qui ", " ce qu'", " ce qu’")) and token.idx > start + 10:
            return token.idx  # "…, ce qui coïncide avec …": the writer's comment
        if token.idx > start + 10 and is_cue(token):
            begin = _clause_start_before(token)
            lead = state.text[max(0, begin - 6):begin].rstrip()
            head = state.text[begin:begin + 5].lower()
            if lead.endswith((",", "mais", "et")) or head.startswith((",", "et ", "mais ")):
                return begin  # "…, et affirme que", ", mais disent"
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
    for verb in state.tokens.cues_within(sentence):
        if state.inside_marks(verb.idx):
            continue
        que = _que_after(verb, limit)
        if que is not None:
            start = que.idx + len(que.text)
        elif (infinitive := _infinitive_after(verb)) is not None:
            start = infinitive.idx  # "a raconté avoir été agressée"
        elif (reported := _object_report(state, verb, sentence)) is not None:
            _add_statement(state, reported, state.speakers.from_verb(verb), _cue_text(verb))
            continue
        else:
            continue
        end = _clause_end(state, start, sentence)
        _add_statement(state, (start, end), state.speakers.from_verb(verb), _cue_text(verb))


def _object_report(state: _State, verb: Token, sentence: Span) -> Span | None:
    """What a verb reports through its object: "accuse Monsanto d'avoir produit …",
    "a exhorté les habitants à se faire vacciner", "recommande de …" (an object and an
    infinitive, ``reporting_infinitive``), or a noun phrase: "a démenti les allégations
    de …", "a déploré la mort de « familles entières »" (``reporting_object``)."""
    lemma = verb.lemma_.lower()
    doc = verb.doc
    after = [t for t in doc[verb.i + 1:min(verb.i + _OBJECT_REACH, len(doc))]
             if t.idx < sentence[1]]
    if lemma in word_list("reporting_infinitive"):
        for token in after:
            if token.lower_ in QUE or (token.is_punct and token.text not in ("'", "’")):
                return None
            if token.lower_ in ("de", "d'", "d’", "à") and _infinitive_next(token):
                first = after[1] if after[0].lower_ == "à" and len(after) > 1 else after[0]
                start = first.idx  # "s'est engagée à rouvrir …": the promise, not "à"
                return start, _clause_end(state, start, sentence)
        return None
    if lemma in ("considérer", "décrire"):
        # "Pékin considère Taïwan comme une province séparatiste": the judgement reported
        # (with an object: "X, décrit comme le cerveau du réseau" gives a role instead)
        objects = [c for c in verb.children if c.dep_ == "obj" and c.i > verb.i]
        comme = next((t for t in after if t.lower_ == "comme"), None)
        if objects and comme is not None and objects[0].i < comme.i:
            start = objects[0].left_edge.idx
            end = _clause_end(state, start, sentence)
            rest = (comme.idx + len(comme.text), end)
            if any(trim(state.text, *rest) == trim(state.text, *m.inner)
                   or trim(state.text, *rest) == (m.start, m.end)
                   for m in (state.marks[i] for i in state.marks_in(rest))):
                return None  # "décrit sa fille comme « petite-bourgeoise »": the words quoted
            return start, end
    if lemma in word_list("reporting_object"):
        objects = [c for c in verb.children if c.dep_ == "obj" and c.i > verb.i]
        # A person is no statement: "…, a annoncé la ministre Nadia Kessler" inverts the
        # subject; "a dénoncé le ministre" names whom.
        if objects and objects[0].pos_ in ("NOUN", "PROPN", "PRON") and objects[0].lower_ not in (
                "le", "la", "les", "l'", "l’", "ce", "cela") and not (
                objects[0].ent_type_ == "PER" or human_noun(objects[0].text)):
            start = objects[0].left_edge.idx
            end = _clause_end(state, start, sentence)
            if len(state.text[start:end].split()) >= _MIN_OBJECT_WORDS:
                return start, end
    return None


def _infinitive_next(token: Token) -> bool:
    """ "de"/"à" followed by an infinitive, possibly after "se", "ne pas" or a pronoun."""
    for nxt in token.doc[token.i + 1:token.i + 4]:
        if "Inf" in nxt.morph.get("VerbForm", []) or nxt.lower_ in ("avoir", "être"):
            return True
        if nxt.lower_ not in ("se", "s'", "s’", "ne", "n'", "n’", "pas", "plus", "les", "le",
                              "la", "l'", "l’", "leur", "lui", "y", "en"):
            return False
    return False


def _inverted(state: _State, sentence: Span) -> None:
    """ "Les frappes, a déclaré McKenzie, seraient …" and "…, a déclaré McKenzie." """
    for verb in state.tokens.cues_within(sentence):
        if state.inside_marks(verb.idx):
            continue
        first = verb.doc[verb.i - 1] if verb.i else verb
        while first.i > 0 and (first.dep_.startswith("aux") or first.pos_ == "ADV"):
            first = verb.doc[first.i - 1]
        if not _finite(verb):
            continue  # "…, répétant ainsi un engagement": a participle does not invert
        subject = state.speakers.inverted_subject(verb)
        # "Les frappes, a déclaré X, seraient …": a "subject" cut off by the comma is not one
        has_subject = any(c.dep_ in SUBJECTS and c.i < verb.i and "," not in
                          verb.doc[c.i:verb.i].text for c in verb.children)
        if first.text != "," or subject is None or has_subject or first.idx <= sentence[0] + 10:
            continue
        before = (sentence[0], first.idx)
        if any(q.start < before[1] and q.end > before[0] for q in state.quotes):
            continue
        marks = state.marks_in(before)
        # "« … », a déclaré X": the direct rule owns a statement that is one quotation.
        if len(marks) == 1 and trim(state.text, *before) == trim(
                state.text, *state.marks[marks[0]].inner):
            continue
        after = _after_subject(state, subject, sentence)
        span = (sentence[0], sentence[1]) if after else before
        if not after and not any(t.pos_ in ("VERB", "AUX") for t in state.tokens.within(before)):
            continue  # "La directrice, Claire Vidal, a détaillé …": a name is no statement
        inner = state.marks_in(span)
        state.used.update(inner)
        speaker = state.speakers.from_phrase(state.speakers.phrase(subject),
                                             pronoun=subject.text.lower())
        dash = _DIALOGUE_DASH.match(state.text, sentence[0])
        if dash and not inner and _at_paragraph_start(state.text, sentence[0]):
            state.add((dash.end(), span[1]), "direct", speaker, _cue_text(verb))
            continue
        state.add(span, "mixed" if inner else "indirect", speaker, _cue_text(verb))


def _at_paragraph_start(text: str, char: int) -> bool:
    """Only spaces between the start of ``char``'s line and ``char``."""
    return not text[text.rfind("\n", 0, char) + 1:char].strip(" \t")


def _comme(state: _State, sentence: Span) -> None:
    """ "Comme l'a rappelé la ministre, aucune décision n'est prise", "Comme le souligne
    le rapport, …", "…, comme l'explique Ana Roux.": a comparative clause whose verb of
    saying has its subject after it; the main clause is what that subject said."""
    for comme in state.tokens.within(sentence):
        if comme.lower_ != "comme" or state.inside_marks(comme.idx):
            continue
        verb = next((t for t in comme.doc[comme.i + 1:comme.i + 5] if is_cue(t)), None)
        if verb is None or not _finite(verb) or any(
                t.is_punct or t.pos_ in ("NOUN", "PROPN") for t in comme.doc[comme.i + 1:verb.i]):
            continue
        subject = state.speakers.inverted_subject(verb)
        if subject is None:
            continue
        end = next((t for t in comme.doc[subject.i:]
                    if t.idx >= sentence[1] or t.text in (",", ".", ";", ":")), None)
        if end is None or end.idx >= sentence[1]:
            continue
        opening = not state.text[sentence[0]:comme.idx].strip(" «\"“—–-")
        if opening and end.text == ",":
            span: Span = (end.idx + 1, sentence[1])
        elif state.text[sentence[0]:comme.idx].rstrip().endswith(","):
            span = (sentence[0], state.text.rindex(",", sentence[0], comme.idx))
        else:
            continue
        if len(state.text[span[0]:span[1]].split()) < 3 or any(
                q.start < span[1] and q.end > span[0] for q in state.quotes):
            continue
        speaker = state.speakers.from_phrase(state.speakers.phrase(subject),
                                             pronoun=subject.text.lower())
        _add_statement(state, _until_semicolon(state, span), speaker, _cue_text(verb))


def _finite(verb: Token) -> bool:
    """ "déclare", "a déclaré": a conjugated verb, or a past participle with its auxiliary."""
    if "Fin" in verb.morph.get("VerbForm", []):
        return True
    doc = verb.doc
    if verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ in _INVERTED_PRONOUNS:
        return True  # "dit-il", tagged as a participle
    return verb.i > 0 and (doc[verb.i - 1].pos_ == "AUX" or any(
        c.dep_.startswith("aux") for c in verb.children)) and not verb.lower_.endswith("ant")


def _after_subject(state: _State, subject: Token, sentence: Span) -> bool:
    """True when the statement goes on after ", a déclaré X," (a parenthetical cue)."""
    for token in state.tokens.within((subject.idx, sentence[1])):
        if token.text == ",":
            rest = state.text[token.idx + 1:sentence[1]].strip(" .").split()
            # "…, a précisé l'agence Reuters, citant des documents": the narration goes on
            return len(rest) >= 3 and not _narration_goes_on(rest[0])
    return False


def _narration_goes_on(word: str) -> bool:
    """A word opening what the writer adds after a cue: a present participle
    ("citant"), a relative ("qui", "ce qui"), "selon", "dans", "lors"."""
    word = word.lower()
    return (word.endswith("ant") and len(word) > 4) or word in _NARRATION_OPENERS


def _selon(state: _State, sentence: Span) -> None:
    """ "Selon X, …", "…, selon X.", "d'après X", "pour X, …": X is the source."""
    text = state.text
    for m in _SELON.finditer(text, sentence[0], sentence[1]):
        if state.inside_marks(m.start()) or any(q.start <= m.start() < q.end
                                                 for q in state.quotes):
            continue
        if relative := _RELATIVE.match(text, m.end()):
            _selon_relative(state, m.start(), relative.end(), sentence)
            continue
        if m.group().rstrip().endswith("yeux"):  # "À ses yeux, …": the person named before
            person = state.speakers.person_before(m.start())
            source: Span = (m.start(), m.end())
            speaker: Speaker | None = Speaker(person.name, person.id, m.group().strip()) if (
                person) else None
        else:
            source = _source_phrase(state, m.end(), sentence)
            speaker = _selon_speaker(state, source, sentence)
        is_pour = m.group().lower().startswith("pour")
        if speaker is None or (is_pour and not (_pour_source(state, speaker)
                                                and _opens_clause(text, m.start(), sentence))):
            continue
        before = text[sentence[0]:m.start()].strip()
        after = (source[1] + 1, sentence[1])
        after_words = len(text[after[0]:after[1]].split()) if text[source[1]:][:1] == "," else 0
        whole = trim(text, sentence[0], m.start())
        quoted = [state.marks[i] for i in state.marks_in(whole)]
        if len(quoted) == 1 and whole == trim(text, quoted[0].start, quoted[0].end):
            span = (quoted[0].start, quoted[0].end)  # "« … », selon X, …": the quotation
        elif after_words >= 3 and len(before.split()) >= 3 and before.endswith(","):
            span = sentence
        elif after_words >= 3:
            span = after
        elif len(before.split()) >= 3:
            span = (sentence[0], m.start())
        else:
            continue
        _add_statement(state, _until_semicolon(state, span), speaker, m.group().strip().lower())


_WHOSE_VIEW = re.compile(r",\s*(?:pour|selon|d['’]après) qui\s+", re.IGNORECASE)


def _whose_view(state: _State, sentence: Span) -> None:
    """ "Paul Roux, pour qui la réforme est injuste, appelle à la grève", "Anne Petit,
    selon qui le projet ne verra pas le jour": the relative clause is the view of the person
    named just before it."""
    text = state.text
    for m in _WHOSE_VIEW.finditer(text, sentence[0], sentence[1]):
        if state.inside_marks(m.start()):
            continue
        named = [(s, e, ent) for s, e, ent in state.speakers.mentions
                 if sentence[0] <= s and e <= m.start() and ent.type in ("PER", "ORG")]
        if not named or text[named[-1][1]:m.start()].strip(" *"):
            continue  # only right after a name: "…, pour qui" after a title names no one
        s, e, ent = named[-1]
        comma = text.find(",", m.end(), sentence[1])
        end = comma if comma >= 0 else _clause_end(state, m.end(), sentence)
        if len(text[m.end():end].split()) >= 3:
            _add_statement(state, (m.end(), end), Speaker(ent.name, ent.id, text[s:e]),
                           m.group().strip(" ,").lower())


def _selon_relative(state: _State, selon: int, start: int, sentence: Span) -> None:
    """ "Il a réitéré son opinion selon laquelle X …", "les affirmations de l'armée selon
    lesquelles …": the clause is reported; its source is the noun's owner ("de l'armée")
    or else the subject of the verb governing the noun."""
    end = _clause_end(state, start, sentence)
    token = state.tokens.at(selon)
    at = token.i if token is not None else 0
    noun = token.doc[at - 1] if token is not None and at else None
    while noun is not None and noun.i and (noun.pos_ == "ADJ" or "Part" in noun.morph.get(
            "VerbForm", [])):  # "l'idée reçue selon laquelle"
        noun = noun.doc[noun.i - 1]
    speaker = Speaker()
    if noun is not None and noun.pos_ == "NOUN":
        owner = [c for c in noun.children if c.dep_ == "nmod" and c.i < at]
        if owner:
            speaker = state.speakers.from_phrase(state.speakers.phrase(owner[0]))
        elif noun.head.i != noun.i:
            speaker = state.speakers.from_parsed_subject(noun.head)
        if speaker.name is None and speaker.mention is None:
            # "l'idée commune selon laquelle …": a belief nobody here voices
            first = noun
            while first.i and first.doc[first.i - 1].pos_ == "ADJ":
                first = first.doc[first.i - 1]
            if first.i and first.doc[first.i - 1].pos_ == "DET":
                first = first.doc[first.i - 1]
            speaker = Speaker(mention=state.text[first.idx:selon].strip())
    _add_statement(state, (start, end), speaker, state.text[selon:start].strip())


def _until_semicolon(state: _State, span: Span) -> Span:
    for pos in range(span[0], span[1]):
        if state.text[pos] == ";" and not state.inside_marks(pos):
            return span[0], pos
    return span


def _source_phrase(state: _State, start: int, sentence: Span) -> Span:
    """The source after "selon" or "pour": up to a comma, with its appositions ("Pour
    Javier López, directeur de campagne à Oceana, une organisation de défense des océans,
    …"): a segment between commas with no conjugated verb, headed by a name, a title or a
    noun phrase, belongs to the source."""
    text = state.text
    comma = text.find(",", start, sentence[1])
    if comma < 0:
        return start, sentence[1]
    end = comma
    while (nxt := text.find(",", end + 1, sentence[1])) >= 0:
        if not _apposition(state, (end + 1, nxt)):
            break
        end = nxt
    return start, end


def _apposition(state: _State, span: Span) -> bool:
    words = state.text[span[0]:span[1]].split()
    if not words or len(words) > _MAX_APPOSITION_WORDS or state.marks_in(span):
        return False
    if words[0].lower() in ("qui", "dont"):
        return True  # "Selon X, qui dirige les évaluations de la zone, …": about the source
    tokens = state.tokens.within(span)
    relative = next((t.i for t in tokens if t.lower_ in ("qui", "dont", "que", "où")), None)
    if any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", [])
           and (relative is None or t.i < relative) for t in tokens):
        return False  # a clause, unless its verb is in a relative ("une ONG qui regroupe …")
    if len(words) <= 4 and state.speakers.entity_in(span):
        return True
    head = [w.lower() for w in words[:3] if w.lower() not in DETERMINERS]
    return bool(head) and (human_noun(head[0]) or words[0].lower() in ("un", "une"))


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


# Words that may open a sentence before "pour X, …" ("Mais pour lui, …").
_CONNECTIVES = {"mais", "et", "or", "donc", "ainsi", "aussi", "enfin", "cependant", "toutefois",
                "pourtant", "néanmoins", "alors", "car"}


def _opens_clause(text: str, start: int, sentence: Span) -> bool:
    """ "Pour X, …" opens its sentence or follows a comma ("…, pour X."); a "pour" inside
    a clause ("des exonérations pour les entreprises") introduces no source."""
    before = text[sentence[0]:start].rstrip()
    last = before.split()[-1].lower() if before else ""
    return not before or before.endswith((",", ":", "«", "—")) or last in _CONNECTIVES


def _pour_source(state: _State, speaker: Speaker) -> bool:
    """ "Pour Obama, …", "Pour lui, …", "Pour le procureur fédéral, …", "Pour ses
    opposants, …": a person, a title or people, not "pour la Corse", "pour 2014" or "pour
    démonter la stratégie Romney"."""
    words = (speaker.mention or "").replace("’", "'").replace("l'", "l' ").split()
    if not words:
        return False
    if _pronoun(speaker.mention):
        return True
    if words[0].lower() in DETERMINERS and len(words) > 1:
        head = [w.lower() for w in words[1:3] if w.lower() not in _ADJECTIVES_BEFORE]
        return words[0].lower() in _SOURCE_DETERMINERS and bool(head) and human_noun(head[0])
    person = [e for e in state.speakers.entities if e.id == speaker.entity_id]
    return bool(person) and person[0].type in ("PER", "ORG") and words[0][:1].isupper()


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
        if trim(state.text, *span) == trim(state.text, *inner):
            state.add(inner, "direct", speaker, cue)
            return
    rest = QUOTE_CHARS.sub("", "".join(
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
    """A phrase naming a source though no entity: people ("les experts", "notre
    journaliste"), an institution, or a document ("une étude", "le rapport")."""
    words = (mention or "").lower().replace("’", "'").split()
    while words and (words[0] in DETERMINERS or words[0] in _ADJECTIVES_BEFORE
                     or words[0] in ("notre", "nos", "votre", "certains", "plusieurs")):
        words = words[1:]
    if words and words[0].startswith("l'"):
        words[0] = words[0][2:]
    return bool(words) and (human_noun(words[0]) or singular(words[0]) in word_list(
        "document_nouns") or words[0] in ("lui", "elle", "eux", "elles"))


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
            lead = state.text[mark.end:token.idx].lstrip(" ,").split()
            if lead and lead[0].lower() in _SUBORDINATORS:
                break  # "« … », quand le Qatar dénonçait …": another clause's cue
            return token
        if token.pos_ == "VERB" or token.text in ("«", "“", ";"):
            break
    if (incise := _incise(state, mark, last)) is not None:
        return incise
    before = [t for t in state.tokens.within((first[0], mark.start))
              if not state.inside_marks(t.idx)]
    for token in reversed(before[-10:]):
        if _is_direct_cue(token):
            return token
        if token.text.lower() in QUE or token.text in ("»", "”", ";"):
            return None
    if before and before[-1].text == ":":
        verbs = [t for t in before if t.pos_ == "VERB" and not state.inside_marks(t.idx)]
        with_subject = [v for v in verbs if any(c.dep_ in ("nsubj", "nsubj:pass")
                                                for c in v.children)]
        chosen = with_subject or verbs
        return chosen[-1] if chosen else None
    return None


def _incise(state: _State, mark: Quoted, sentence: Span) -> Token | None:
    """ "« … », sourit-elle", "« … », tranche le maire", "« … », a réagi l'avocate": right
    after a quotation and its comma, a verb with its subject after it reports the words,
    whatever the verb (French news puts any verb of manner in this incise)."""
    tokens = state.tokens.within((mark.end, sentence[1]))[:5]
    if not tokens or tokens[0].text != ",":
        return None
    for token in tokens[1:]:
        if token.dep_.startswith("aux") or token.pos_ == "ADV":
            continue
        verbal = token.pos_ == "VERB" or (  # "», tranche le maire" tagged as a noun
            token.pos_ in ("NOUN", "ADJ") and token.lower_.endswith(_VERB_ENDINGS))
        if not verbal or not token.text[:1].islower():
            return None
        has_subject = any(c.dep_ in SUBJECTS and mark.end <= c.idx < token.idx
                          for c in token.children)  # not the quotation's own subjects
        inverted = _inverted_pronoun(token) or state.speakers.inverted_subject(token)
        return token if inverted is not None and not has_subject else None
    return None


def _direct(state: _State, sentences: Sequence[Span], sentence: Span) -> None:
    """Quoted words that open in ``sentence``: with a cue next to them (any length: "décrit
    sa fille comme « petite-bourgeoise »"), or whole sentences in a run of quotations."""
    for i, mark in enumerate(state.marks):
        if i in state.used or not sentence[0] <= mark.start < sentence[1]:
            continue
        state.used.add(i)
        inner = trim(state.text, *mark.inner)
        if _inserted_cue(state, mark, inner, sentences):
            continue
        words = len(state.text[inner[0]:inner[1]].split())
        if _nickname(state, mark):
            continue  # "Jean-Pierre Morel, dit « le Sanglier », …"
        cue = _cue_near(state, mark, sentences)
        clause = words >= 3 and _holds_clause(state, inner)
        if cue is not None and words < 4 and not clause and not _attributed_phrase(
                state, mark, cue):
            continue
        if cue is not None:
            speaker = state.speakers.from_verb(cue, after_quote=cue.idx > mark.start)
            state.add(inner, "direct", speaker, _cue_text(cue))
        elif words >= 3 and _announced_by_colon(state, mark, sentences):
            state.add(inner, "direct", _continuation(state, mark), ":")
        elif words >= _MIN_WORDS_WITHOUT_CUE and _stands_alone(state, mark, sentences):
            state.add(inner, "direct", _continuation(state, mark), None)
        elif words >= 2 and _is_paragraph(state.text, mark):
            state.headings.add(len(state.quotes))  # « Désaccord total », an intertitle
            state.add(inner, "direct", _continuation(state, mark), None)
        elif clause:
            state.add(inner, "direct", _continuation(state, mark), None)


_NAMED = re.compile(r"(?:,|\b(?!(?:a|ai|as|avait|avais|ont|avaient|aurait|avons|avez|eut|"
                    r"il|elle|on|je|tu|nous|vous|ils|elles|lui|qui|le|la|l|en|y)\b)\w+)"
                    r"\s*dit(?:e|s|es)?\s*$", re.IGNORECASE)


def _nickname(state: _State, mark: Quoted) -> bool:
    """ "Jean Morel, dit « le Sanglier »", "la manifestation dite « la fête à Macron »":
    "dit" after a comma or a noun, right before the marks, gives a name, not words said
    ("il a dit « non »" is a cue)."""
    return bool(_NAMED.search(state.text, max(0, mark.start - 40), mark.start))


def _holds_clause(state: _State, inner: Span) -> bool:
    """Quoted words that make a clause, with a conjugated verb ("« le placement de
    produits est devenu complètement fou »", "« Wikipédia est incontournable »"): someone's
    words, wherever they sit in the sentence. A quoted noun phrase ("« affront »", "la
    « planète Tatooine »", "« Just Do It »") may be a scare quote, a name or a title."""
    return any("Fin" in t.morph.get("VerbForm", []) for t in state.tokens.within(inner))


def _inserted_cue(state: _State, mark: Quoted, inner: Span,
                  sentences: Sequence[Span]) -> bool:
    """ "« Nous irons, affirme la maire, jusqu'au bout »", "« C'est fini, dit-il. Nous
    partons »", "« Rien n'est joué – prévient-elle – tout reste à faire »": a cue inserted
    between commas or dashes inside one pair of marks splits it into two quotations by the
    same speaker (the cue's inverted subject)."""
    tokens = state.tokens.within(inner)
    for verb in tokens:
        if verb.idx < inner[0] + 8 or not (
                (is_cue(verb) and _finite(verb)) or _incise_with_person(state, verb)):
            continue
        first = verb
        while first.i > 0 and (first.doc[first.i - 1].dep_.startswith("aux") or
                               first.doc[first.i - 1].lower_ in _INVERTED_PRONOUNS):
            first = first.doc[first.i - 1]
        comma = first.doc[first.i - 1] if first.i else None
        subject = state.speakers.inverted_subject(verb) or _inverted_pronoun(verb)
        # ", affirme-t-il," or between dashes: "– observe-t-il dans un livre –"
        if comma is None or comma.text not in (",", "–", "—") or subject is None:
            continue
        stop = _insertion_end(state, subject, inner)
        if stop is None:
            continue
        before, after = (inner[0], comma.idx), (stop + 1, inner[1])
        if min(len(state.text[a:b].split()) for a, b in (before, after)) < 2:
            continue
        speaker = state.speakers.from_phrase(state.speakers.phrase(subject),
                                             pronoun=subject.text.lower().lstrip("-t"))
        state.add(before, "direct", speaker, _cue_text(verb))
        _after_insertion(state, mark, after, speaker, _cue_text(verb), sentences)
        return True
    return False


def _incise_with_person(state: _State, verb: Token) -> bool:
    """Inside quote marks, ", pointe le maire," or ", sourit-elle,": any verb between
    commas whose subject comes after it and is a person (a name, a title, "-il")."""
    doc = verb.doc
    if not (verb.pos_ == "VERB" or verb.lower_.endswith(_VERB_ENDINGS)) or not verb.i or (
            doc[verb.i - 1].text != "," and not doc[verb.i - 1].dep_.startswith("aux")):
        return False
    if _inverted_pronoun(verb) is not None:
        return True
    nxt = doc[verb.i + 1:verb.i + 4]
    if nxt and nxt[0].ent_type_ == "PER":
        return True
    return len(nxt) >= 2 and nxt[0].pos_ == "DET" and human_noun(nxt[1].text) and (
        nxt[0].lower_ in ("le", "la", "l'", "l’"))


def _inverted_pronoun(verb: Token) -> Token | None:
    """The "-il" of "a-t-il dit", "dit-elle", as a token before or after the verb."""
    doc = verb.doc
    for i in (verb.i - 1, verb.i + 1, verb.i + 2):
        if 0 <= i < len(doc) and doc[i].lower_ in _INVERTED_PRONOUNS - {"-t"} and (
                i != verb.i + 2 or doc[verb.i + 1].lower_ == "-t"):
            return doc[i]  # "soupire-t-elle" is "soupire", "-t", "-elle"
    return None


def _after_insertion(state: _State, mark: Quoted, after: Span, speaker: Speaker,
                     cue: str, sentences: Sequence[Span]) -> None:
    """The words after an inserted cue: the same speaker's, unless they reopen a
    quotation mark whose own cue follows the closing one ("« …, a-t-il dit. « … », a
    déclaré X"): a new quotation of that cue's speaker."""
    reopened = state.text[after[0]:after[1]].lstrip()[:1] in QUOTE_OPENERS
    own = _cue_near(state, mark, sentences) if reopened else None
    if own is not None and own.idx > mark.start:
        speaker = state.speakers.from_verb(own, after_quote=True)
        cue = _cue_text(own)
    state.add(after, "direct", speaker, cue)


def _insertion_end(state: _State, subject: Token, inner: Span) -> int | None:
    """The comma or period closing an inserted cue, after its subject."""
    for token in state.tokens.within((subject.idx, inner[1])):
        if token.text in (",", ".", ";", ":", "!", "?", "–", "—"):
            return token.idx
    return None


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
    """Who says a quotation standing alone, with no cue: the person just introduced as the
    subject of the narration before it ("La maire, Claire Bouchard, a présenté son plan.
    « … »"), else the speaker of the quotation before it (a run of quotations)."""
    previous = [q for q in state.quotes if q.end <= mark.start and q.speaker]
    last = max(previous, key=lambda q: q.end) if previous else None
    since = last.end if last is not None else max(0, mark.start - _CONTINUATION_WINDOW)
    introduced = state.speakers.subject_between(since, mark.start)
    if introduced is not None:
        return Speaker(introduced.name, introduced.id, None)
    if last is not None and mark.start - last.end < _CONTINUATION_WINDOW:
        return Speaker(last.speaker, last.speaker_id, None)
    return Speaker()


def _announced_by_colon(state: _State, mark: Quoted, sentences: Sequence[Span]) -> bool:
    """ "Son verdict : « … »", "Le message est clair : « … »": a colon with no reporting
    verb before it still announces the words of whoever the narration is about."""
    first = sentences[_sentence_of(sentences, mark.start)]
    before = state.text[first[0]:mark.start].rstrip()
    return before.endswith(":") and len(before.split()) <= _MAX_COLON_LEAD


def _is_paragraph(text: str, mark: Quoted) -> bool:
    """The quotation is a paragraph of its own: an intertitle in quote marks."""
    start = text.rfind("\n", 0, mark.start) + 1
    end = text.find("\n", mark.end)
    end = len(text) if end < 0 else end
    return start > 0 and not text[start:mark.start].strip() and not text[
        mark.end:end].strip(" .!?…")


def _repeated_words_speakers(state: _State) -> None:
    """An intertitle in quote marks, or a quotation with no cue, that repeats words said
    elsewhere in the article goes to the speaker of the cued quotation that holds them
    ("… une « atrocité » où « les combats sont entrés dans une phase terrifiante »", said
    X. Later: « Les combats sont entrés dans une phase terrifiante »)."""
    for i, quote in enumerate(state.quotes):
        if quote.cue is not None or quote.kind != "direct":
            continue
        words = " ".join(_WORDS.findall(quote.text.lower()))
        if i not in state.headings and len(words.split()) < _MIN_REPEATED_WORDS:
            continue
        for other in state.quotes:
            if other is not quote and other.speaker and other.cue and words in " ".join(
                    _WORDS.findall(other.text.lower())):
                state.quotes[i] = replace(quote, speaker=other.speaker,
                                          speaker_id=other.speaker_id)
                break


# An intertitle without marks: a line of its own, a few words, no closing full stop.
_INTERTITLE_WORDS = (5, 20)
_INTERTITLE_REACH = 4000


def _unmarked_intertitles(state: _State) -> None:
    """An intertitle without quote marks that repeats, word for word and in order, what a
    quotation below it says ("Je suis obligé de donner des cours au noir", over a section
    where someone says « … Je suis obligé de donner des cours au noir et j'ajoute des
    heures … »): web pages set a source's words as a heading; they are that source's."""
    text = state.text
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        words = _WORDS.findall(line.lower())
        if not (_INTERTITLE_WORDS[0] <= len(words) <= _INTERTITLE_WORDS[1]) or (
                line.rstrip()[-1:] in ".!?:;…,»”\"") or not m.start() or QUOTE_CHARS.search(line):
            continue
        if any(q.start < m.end() and q.end > m.start() for q in state.quotes):
            continue
        for quote in state.quotes:
            if quote.cue is None or quote.speaker is None or not (
                    m.end() <= quote.start <= m.end() + _INTERTITLE_REACH):
                continue
            said = _WORDS.findall(quote.text.lower())
            if _in_order(words, said, slack=len(words)):
                state.add((m.start(), m.end()), "direct", Speaker(
                    quote.speaker, quote.speaker_id, quote.speaker_mention), None)
                break


def _in_order(words: Sequence[str], said: Sequence[str], *, slack: int) -> bool:
    """Whether ``words`` occur in ``said`` in order, with at most ``slack`` words between."""
    for start, word in enumerate(said):
        if word != words[0]:
            continue
        at, skipped = start + 1, 0
        for wanted in words[1:]:
            while at < len(said) and said[at] != wanted:
                at, skipped = at + 1, skipped + 1
            if at >= len(said) or skipped > slack:
                break
            at += 1
        else:
            return True
    return False


def _social_posts(state: _State) -> None:
    """An embedded post ("… https://t.co/…\n\n— Nom (@compte) March 16, 2020", "Publiée
    par Nom sur …"): the paragraphs above the signature are the account holder's words,
    without links and a leading "⚠️ #tag |"."""
    for sign in _SIGNATURE.finditer(state.text):
        name = (sign.start("name"), sign.end("name"))
        start, end = _post_span(state.text, sign.start())
        if start is None:
            continue
        found = state.speakers.entity_in(name)
        written = state.text[name[0]:name[1]].strip()
        speaker = Speaker(found[0].name, found[0].id, written) if (
            found and found[1] == name) else Speaker(written, None, written)
        state.used.update(state.marks_in((start, end)))
        state.add((start, end), "direct", speaker, sign.group("cue").strip())


def _post_span(text: str, signature: int) -> tuple[int | None, int]:
    """The post above a signature: one paragraph, or up to three when an earlier one opens
    like a post (an emoji, a hashtag, a mention), each short as posts are."""
    paragraphs: list[Span] = []
    end = text.rfind("\n\n", 0, signature)
    while end > 0 and len(paragraphs) < _POST_PARAGRAPHS:
        start = text.rfind("\n\n", 0, end) + 2 if text.rfind("\n\n", 0, end) >= 0 else 0
        if end - start > _POST_CHARS or not text[start:end].strip() or _SIGNATURE.match(
                text, start):
            break
        paragraphs.append((start, end))
        end = start - 2
    if not paragraphs:
        return None, 0
    opening = [i for i, (s, _e) in enumerate(paragraphs) if _POST_OPENING.match(text, s)]
    first = paragraphs[opening[-1]] if opening else paragraphs[0]
    start, stop = first[0], paragraphs[0][1]
    if (bar := text.find("|", start, start + 40)) >= 0 and _POST_OPENING.match(text, start):
        start = bar + 1  # "⚠️ #COVID-19 | La prise …"
    body = _POST_TAIL.sub("", text[start:stop])
    return start, start + len(body.rstrip())


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
    found = find_quotes(doc, entities)
    return tuple(rerank(found.quotes, found.speakers, found.sentences)), found.learned_roles


@dataclass(frozen=True, slots=True)
class Found:
    """What the rules found, before the learned second look at speakers."""

    quotes: tuple[Quote, ...]
    speakers: SpeakerFinder
    sentences: list[Span]
    learned_roles: dict[str, list[str]]


def find_quotes(doc: Doc, entities: Sequence[Entity]) -> Found:
    """The quotations and speakers the rules give, with what attributed them."""
    text = doc_text(doc)
    tokens = Tokens.of(doc)
    marks = quoted_spans(text)
    state = _State(text=text, tokens=tokens, marks=marks, used=set(), quotes=[],
                   speakers=SpeakerFinder(doc, entities, tokens, marks))
    sentences = split_sentences(text)
    _social_posts(state)
    for sentence in sentences:  # in text order, so that pronouns see earlier speakers
        _indirect(state, sentence)
        _inverted(state, sentence)
        _selon(state, sentence)
        _whose_view(state, sentence)
        _comme(state, sentence)
        _direct(state, sentences, sentence)
    _unmarked_intertitles(state)
    _repeated_words_speakers(state)
    return Found(_dedupe(state.quotes), state.speakers, sentences,
                 state.speakers.learned_roles)
