"""Roles: the titles and functions an article attaches to a person (``veille.roles.v1``).

French patterns around a person's mention, all read on the tokens next to it:

* pre-nominal: "le général Frank McKenzie", "l'ancien Premier ministre australien Kevin
  Rudd", "la toxicologue Dominique Morel" — the words between a role noun (and the
  adjectives before it) and the name;
* appositive after: "Dave Butler, porte-parole de Milley,", "Paul Roche, un volcanologue
  basé à Goma,", "Léa Morin, 32 ans, chargée de cours" — a role noun opening the phrase
  after the comma that follows the name; coordinated roles ("professeure de droit et
  auteure du rapport") give one role each;
* appositive before: "le chef d'état-major général russe, le général Valery Gerasimov",
  "le président vénézuélien déchu, Nicolás Maduro" — a determiner and a role noun opening
  the phrase before the comma that precedes the name;
* predicative: "Lucas Moreau sera le premier artiste", "Anne Roy, qui est également
  présidente de la fédération" — a role after a copula;
* a plural role before a list of names goes to every name of the list ("les physiciens
  Anne Lebrun et Marc Duval"); a singular one goes to the first name only.

A role is kept only when it is headed by a role noun (``lang/fr/role_nouns.txt``), so that
"le président" counts and "le candidat malheureux de 2012 qui" does not run on; a plural
role ("les joueurs", "des athlètes") is never one person's alone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from veille.analyze.nlp import doc_text
from veille.lang.fr import role_nouns, word_list
from veille.lang.fr.calendar import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NAME = "veille.roles.v1"

_DETERMINERS = {"le", "la", "l'", "l’", "les", "un", "une", "son", "sa", "ses", "leur", "notre",
                "du", "de", "des", "cet", "cette", "ce", "leurs"}
_HONORIFICS = {"m.", "mme", "mlle", "mr", "mrs", "ms", "dr", "me", "sir", "lord"}
# Longest role kept, in tokens: the longest gold roles of the annotated dev sets run to 14
# tokens ("présidente de la commission chargée du football féminin à la Confédération …").
_MAX_TOKENS = 16
_STOP_POS = {"VERB", "AUX", "PRON", "SCONJ", "CCONJ"}
_KEEP_PUNCT = ("-", "'", "’")
_OF = ("de", "du", "des", "d'", "d’")
# Participles that give a title, opening a sentence before it ("Nommée ministre …, X").
_NAMED_TO = {"élu", "élue", "elu", "elue", "réélu", "réélue", "reelu", "reelue", "nommé",
             "nommée", "nomme", "nommee", "désigné", "désignée", "promu", "promue", "devenu",
             "devenue", "investi", "investie"}
_COPULAS = ("être", "devenir", "rester", "demeurer")
_CLAUSE_WORDS = ("qui", "ne", "n'", "n’")  # "le joueur de 27 ans n'a pas …"


def _is_role_noun(token: Token) -> bool:
    word = token.text.lower().removeprefix("ex-")  # "ex-patron de la police judiciaire"
    nouns = role_nouns()
    return word in nouns or token.lemma_.lower() in nouns or (
        word.endswith(("s", "x")) and word[:-1] in nouns)


def _relational(token: Token) -> bool:
    word = token.text.lower()
    return word in word_list("relational_role_nouns") or (
        token.lemma_.lower() in word_list("relational_role_nouns"))


def _plural(token: Token) -> bool:
    """ "physiciens", "joueurs", "députées": a role noun in the plural."""
    word = token.text.lower()
    return word not in role_nouns() and word.endswith(("s", "x")) and (
        word[:-1] in role_nouns() or token.lemma_.lower() in role_nouns())


def _premodifier(token: Token) -> bool:
    """An adjective that may stand before a role noun: "ancien", "nouveau", "Premier";
    only those of ``role_premodifiers`` stay in the role's text."""
    return token.pos_ == "ADJ" or token.lower_ in word_list("role_premodifiers")


def _clean(tokens: Sequence[Token]) -> str | None:
    """The role's text: determiners and dangling words trimmed; None unless a role noun,
    after at most three adjectives ("l'ancien Premier ministre"), heads it."""
    while tokens and (tokens[-1].is_punct or tokens[-1].text.lower() in _DETERMINERS
                      or tokens[-1].pos_ in ("ADP", "CCONJ")):
        tokens = tokens[:-1]
    while tokens and tokens[0].text.lower() in _DETERMINERS:
        tokens = tokens[1:]
    head = _head(tokens)
    if head is None or _plural(head) or (_relational(head) and not any(
            t.lower_ in _OF for t in tokens[tokens.index(head) + 1:])):
        return None  # "son épouse": whose? "épouse de Robert Mugabe" is a role
    while tokens[0] is not head and tokens[0].lower_ not in word_list("role_premodifiers"):
        tokens = tokens[1:]  # "le nouveau directeur", "le célèbre militant": not the title
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text  # a span's text: Doc.text rebuilds it all


def _head(tokens: Sequence[Token]) -> Token | None:
    """The role noun heading ``tokens`` after at most three adjectives; "premier" and the
    like only modify a head ("Premier ministre"), never head alone ("premier semestre")."""
    for token in tokens[:4]:
        if token.lower_ in word_list("role_premodifiers"):
            continue
        if _is_role_noun(token):
            return token
        if not _premodifier(token):
            return None
    return None


def _with_premodifiers(doc: Doc, i: int, floor: int) -> int:
    """Step back from a role noun over the adjectives before it ("l'ancien président")."""
    while i - 1 >= floor and _premodifier(doc[i - 1]) and doc[i - 1].lower_ not in _DETERMINERS:
        i -= 1
    return i


def prenominal(doc: Doc, start: int) -> str | None:
    """ "le secrétaire américain à la Défense Lloyd Austin": the role before the name."""
    best = None
    i = start - 1
    if i < 0 or doc[i].pos_ in ("ADP", "DET"):  # "porte-parole de Milley": not Milley's
        return None
    while i >= 0 and start - i <= _MAX_TOKENS:
        token = doc[i]
        if (token.is_punct and token.text not in _KEEP_PUNCT) or token.pos_ in _STOP_POS:
            break
        if token.text.lower() in _HONORIFICS:
            break
        if _is_role_noun(token):
            best = i
        i -= 1
    if best is None:
        return None
    for k in range(best + 1, start - 1):  # "la porte-parole de la ministre Claire Fontaine"
        if doc[k].lower_ in _OF:
            nxt = k + 2 if doc[k + 1].lower_ in _DETERMINERS else k + 1
            if nxt < start and _is_role_noun(doc[nxt]):
                best = nxt
    return _clean(list(doc[_with_premodifiers(doc, best, i + 1):start]))


def _phrase_after(doc: Doc, start: int) -> tuple[list[Token], Token | None, bool]:
    """The tokens of a role phrase opening at ``start``, the token that ends it (None at
    the end of the text) and whether it ended before running over ``_MAX_TOKENS``."""
    tokens: list[Token] = []
    for token in doc[start:start + _MAX_TOKENS]:
        if tokens and token.lower_ == "et" and token.i + 1 < len(doc) and (
                doc[token.i + 1].lower_ in _OF):
            tokens.append(token)  # "ministre de l'Industrie et du Commerce"
            continue
        if token.is_space or (token.is_punct and token.text not in _KEEP_PUNCT):
            return tokens, token, True
        if token.lower_ in _CLAUSE_WORDS or (
                token.pos_ in _STOP_POS and not _inner_participle(token)
                and not (not tokens and _participle_title(token))):
            return tokens, token, True
        if tokens and _reduced_relative(token):
            return tokens, token, True  # "un prêtre présent sur le site"
        tokens.append(token)
    return tokens, None, start + _MAX_TOKENS >= len(doc)


def _participle_title(token: Token) -> bool:
    """ "élu d'opposition", "élue municipale": a title the tagger read as a participle, with
    a noun or an adjective after it; not "accusé d'avoir …", a clause."""
    doc = token.doc
    if token.pos_ != "VERB" or token.lower_ not in role_nouns() or token.i + 2 >= len(doc):
        return False
    nxt, then = doc[token.i + 1], doc[token.i + 2]
    return nxt.pos_ in ("ADJ", "NOUN", "PROPN") or (
        nxt.pos_ == "ADP" and then.pos_ in ("NOUN", "PROPN", "DET", "ADJ"))


def _inner_participle(token: Token) -> bool:
    """ "chargée de communication", "ministre délégué aux Transports": a participle that
    is part of the title itself."""
    return token.lower_ in word_list("role_participles") and token.i + 1 < len(token.doc) and (
        token.doc[token.i + 1].pos_ == "ADP")


def _reduced_relative(token: Token) -> bool:
    """An adjective that opens a clause about the person, not the title: "présent sur
    le site", "originaire de Lyon", "âgé de 42 ans"."""
    return token.lower_ in word_list("role_clause_adjectives")


def _ends_apposition(token: Token | None) -> bool:
    """An apposition ends at a comma, a full stop, a bracket or a quote mark, or where a
    relative or participial clause starts; not at a finite verb, which makes the phrase
    the subject of a new clause ("Selon M. Roy, les athlètes doivent …")."""
    if token is None or token.is_punct or token.is_space or token.lower_ == "qui":
        return True
    if token.lower_ in _CLAUSE_WORDS:
        return False  # "Selon Léa Roy, le directeur ne viendra pas"
    if token.pos_ == "CCONJ":
        return True
    if token.pos_ in ("VERB", "AUX"):
        return "Fin" not in token.morph.get("VerbForm", [])
    return token.pos_ != "PRON" or token.lower_ in ("dont", "lequel", "laquelle")


def appositive_after(doc: Doc, end: int) -> list[str]:
    """ "Dave Butler, porte-parole de Milley, a déclaré": the phrase between commas; an age
    before it is skipped ("Léa Morin, 32 ans, étudiante"), coordinated roles split."""
    if end < len(doc) and doc[end].text == "*":
        end += 1  # "Antoine*, 32 ans, …": a first name changed by the writer
    if end < len(doc) and doc[end].text == "(":  # "Jean Dupont (LR), maire de Brest"
        close = next((t.i for t in doc[end + 1:end + 6] if t.text == ")"), None)
        if close is not None:
            end = close + 1
    if end >= len(doc) or doc[end].text != ",":
        return []
    start = _after_age(doc, end + 1)
    while start < len(doc) and doc[start].lower_ in _WHEN_WORDS:
        start += 1  # "Gabriel Attal, alors ministre de l'Éducation, …"
    if (described := _presented_as(doc, start)) is not None:
        return [described]
    if start < len(doc) and doc[start].lower_ in ("de", "du", "d'", "d’"):
        return []  # "Union Flag, de l'artiste Santiago Sierra": a complement, no apposition
    if (headed := _at_the_head(doc, start)) is not None:
        return [headed]
    found: list[str] = []
    while start < len(doc):
        tokens, stop, ended = _phrase_after(doc, start)
        if not ended or not _ends_apposition(stop) or _names_someone_else(tokens) or (
                not found and _followed_by_name(doc, stop)):
            return found
        role = _clean(tokens)
        if role is None:
            return found
        found.append(role)
        nxt = _coordinated(doc, stop)
        if nxt is None:
            return found
        start = nxt
    return found


_TRAILING_DATE = re.compile(
    r"\s+(?:en \d{4}|depuis\b.*|l['’]an (?:dernier|passé)|l['’]année (?:dernière|passée)"
    r"|(?:le|au|en) (?:\d{1,2}(?:er)? )?(?:" + "|".join(MONTHS) + r")\b.*)$", re.IGNORECASE)
# Adverbs of time before a title in apposition: "alors ministre", "aujourd'hui retraité".
_WHEN_WORDS = {"alors", "aujourd'hui", "aujourd’hui", "désormais", "jadis", "naguère",
               "toujours", "déjà", "actuellement"}
_PRESENTED = {"présenté", "présentée", "décrit", "décrite", "considéré", "considérée",
              "désigné", "désignée", "identifié", "identifiée"}


def _presented_as(doc: Doc, start: int) -> str | None:
    """ "Ibrahim Biari, présenté comme un des organisateurs des attaques", "X, décrit comme
    le cerveau du réseau": the role the writer or a source gives, after "comme", headed by
    any noun; "un des" and "l'un des" keep their plural noun ("un des organisateurs")."""
    if start + 2 >= len(doc) or doc[start].lower_ not in _PRESENTED or (
            doc[start + 1].lower_ != "comme"):
        return None
    first = start + 2
    words = [t.lower_ for t in doc[first:first + 3]]
    if words[:2] in (["un", "des"], ["une", "des"]) or words in (
            ["l'", "un", "des"], ["l’", "un", "des"], ["l'", "une", "des"], ["l’", "une", "des"]):
        head = first + (3 if words[0] in ("l'", "l’") else 2)
        tokens, stop, ended = _phrase_after(doc, head)
        if ended and _ends_apposition(stop) and tokens and tokens[0].pos_ == "NOUN":
            return doc[first:tokens[-1].i + 1].text  # "un des organisateurs de …"
        return None
    tokens, stop, ended = _phrase_after(doc, first)
    if not ended or not _ends_apposition(stop) or not tokens:
        return None
    # The construction says it is a role: any noun heads it ("le cerveau du réseau").
    while tokens and tokens[0].lower_ in _DETERMINERS:
        tokens = tokens[1:]
    if not tokens or tokens[0].pos_ != "NOUN" or _plural(tokens[0]):
        return None
    return doc[tokens[0].i:tokens[-1].i + 1].text


# Words that open a date after a role ("… à la tête de l'agence le 2 mai", "depuis mars").
_DATE_WORDS = frozenset({*MONTHS, *WEEKDAYS, "depuis"})


def _at_the_head(doc: Doc, start: int) -> str | None:
    """ "Marylise Léon, à la tête de la CFDT, …", "…, nommée à la tête de l'agence le 2
    mai", "…, en charge de l'Agriculture, …": "à la tête de" or "en charge de" something is
    a role, whatever noun heads it (a participle before it is left out, and so is what
    its parse does not hang on "tête" or "charge")."""
    if start < len(doc) and "Part" in doc[start].morph.get("VerbForm", []):
        start += 1
    words = [t.lower_ for t in doc[start:start + 4]]
    if words[:3] == ["à", "la", "tête"]:
        head, after = doc[start + 2], start + 4
    elif words[:2] == ["en", "charge"]:
        head, after = doc[start + 1], start + 3  # "…, en charge de l'Agriculture, …"
        words = [*words[:2], "", *words[2:]]
    else:
        return None
    if len(words) < 4 or words[3] not in ("de", "du", "des", "d'", "d’"):
        return None
    end = max(head.right_edge.i, after)
    for token in doc[after:end + 1]:  # "… de l'agence le 2 mai": a date is no role
        if token.like_num or token.lower_ in _DATE_WORDS:
            end = token.i - 1 - (doc[token.i - 1].pos_ == "DET")
            break
    if end - start > _MAX_TOKENS or end < after or any(
            t.is_punct and t.text not in _KEEP_PUNCT for t in doc[start:end + 1]):
        return None
    return doc[start:end + 1].text


def _after_age(doc: Doc, i: int) -> int:
    """ "32 ans ," : the token after an age in apposition, else ``i``."""
    if i + 2 < len(doc) and doc[i].like_num and doc[i + 1].lower_ == "ans" and (
            doc[i + 2].text == ","):
        return i + 3
    return i


def _coordinated(doc: Doc, stop: Token | None) -> int | None:
    """ "professeure de droit et auteure du rapport": where a second role opens."""
    if stop is None or stop.lower_ != "et" or stop.i + 1 >= len(doc):
        return None
    nxt = stop.i + 1
    if doc[nxt].lower_ in _DETERMINERS:
        nxt += 1
    return nxt if nxt < len(doc) and _head(list(doc[nxt:nxt + 4])) is not None else None


def _followed_by_name(doc: Doc, stop: Token | None) -> bool:
    """ "Robert Mugabe, son épouse, Grace Mugabe": the phrase introduces the next name."""
    if stop is None or stop.text != "," or stop.i + 1 >= len(doc):
        return False
    return doc[stop.i + 1].ent_type_ == "PER"


def _names_someone_else(tokens: Sequence[Token]) -> bool:
    """A person named in the phrase, not as a complement ("de Milley"): another person."""
    for token in tokens:
        if token.ent_type_ == "PER" and token.ent_iob_ == "B" and token.text[:1].isupper():
            before = token.doc[token.i - 1].text.lower() if token.i else ""
            if before not in _OF:
                return True
    return False


def appositive_before(doc: Doc, start: int) -> str | None:
    """ "le chef d'état-major général russe, le général Valery Gerasimov", "du président de
    La Poste, Jean-Paul Bailly": the role phrase just before the comma."""
    i = start - 1
    if i >= 1 and doc[i].lower_.rstrip(".") in _HONORIFICS | {"me", "maître", "maitre"}:
        i -= 1  # "L'avocate de la famille, Me Nadia Ferhat"
    if prenominal(doc, start):  # step over a pre-nominal title ("le général")
        while i >= 0 and not doc[i].is_punct and start - i <= _MAX_TOKENS:
            i -= 1
    if i < 1 or doc[i].text != ",":
        return None
    comma = i
    for j in range(comma - 1, max(-1, comma - 1 - _MAX_TOKENS), -1):
        token = doc[j]
        if token.lower_ == "et" and doc[j + 1].lower_ in _OF:
            continue  # "ministre de l'Industrie et du Commerce": coordinated complements
        if token.is_space or (token.pos_ in _STOP_POS and not _participle(token)) or (
                token.is_punct and token.text not in ("-", "'", "’", "(", ")", "&")):
            return None
        # "le patron des Républicains": a plural noun is the complement's, read on
        if _is_role_noun(token) and _opens_phrase(doc, j) and not _plural(token):
            first = _with_premodifiers(doc, j, max(0, j - 3))
            tokens = list(doc[first:comma])
            role = None if _names_someone_else(tokens) else _clean(tokens)
            # "Élu maire de Quimper en 2020, …": the date is when, not part of the title
            return _TRAILING_DATE.sub("", role) if role else role
    return None


def _participle(token: Token) -> bool:
    """ "déchu", "chargé": a past participle inside a noun phrase."""
    return token.pos_ == "VERB" and "Part" in token.morph.get("VerbForm", []) and (
        "Pres" not in token.morph.get("Tense", []))


def _opens_phrase(doc: Doc, j: int) -> bool:
    """The role noun at ``j`` starts a noun phrase: after a determiner, adjectives that
    follow one ("l'ancien bâtonnier", "Autre avocat"), or at the start of a sentence."""
    k = j - 1
    while k >= 0 and j - k <= 3:
        if _starts_sentence(doc, k + 1):
            return True
        if doc[k].lower_ in _DETERMINERS or doc[k].is_punct:
            return True
        if doc[k].lower_ in _NAMED_TO and _starts_sentence(doc, k):
            return True  # "Élu maire de Bordeaux en 2020, Pierre Hurmic …"
        if not _premodifier(doc[k]):
            return False
        k -= 1
    return k < 0


def _starts_sentence(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].is_space or doc[i - 1].text in (".", "!", "?", "\n")


def predicative(doc: Doc, end: int) -> str | None:
    """ "Kayrece Fotso sera le tout premier artiste", "Anne Roy, qui est aussi présidente
    de la fédération", "Léon Petit est devenu maire": a role after a copula."""
    i = end
    if i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ == "qui":
        i += 2
    copula = i
    while i < len(doc) and i - copula < 3 and (doc[i].lemma_ in _COPULAS or (
            doc[i].pos_ == "AUX")):
        i += 1
    if i == copula or doc[i - 1].lemma_ not in _COPULAS:
        return None  # "Paul Roy a un fils": no copula
    while i < len(doc) and i - copula < 6 and doc[i].pos_ == "ADV":
        i += 1  # "est aujourd'hui", "est également"
    if i < len(doc) and doc[i].lower_ in _DETERMINERS:
        i += 1
    j = i
    while j < len(doc) and j - i <= 3 and _premodifier(doc[j]) and (
            not _is_role_noun(doc[j]) or doc[j].lower_ in word_list("role_premodifiers")):
        j += 1
    if j >= len(doc) or not _is_role_noun(doc[j]) or doc[j].pos_ not in ("NOUN", "PROPN"):
        return None
    return appositive_after_tokens(doc, i)


def appositive_after_tokens(doc: Doc, start: int) -> str | None:
    tokens, _stop, _ended = _phrase_after(doc, start)
    return None if _names_someone_else(tokens) else _clean(tokens)


def _list_head(doc: Doc, start: int) -> int:
    """ "les physiciens Robert Brout, François Englert et Peter Higgs": for a name listed
    after others, the token where the list's first name starts."""
    i = start
    while i >= 2 and doc[i - 1].text in (",", "et") and doc[i - 2].ent_type_ == "PER":
        j = i - 2
        while j > 0 and doc[j].ent_iob_ == "I":
            j -= 1
        i = j
    return i


def _shared(doc: Doc, head: int) -> str | None:
    """The plural role before the first name of a list, which every listed name has."""
    i = head - 1
    while i >= 0 and head - i <= _MAX_TOKENS and not doc[i].is_punct and (
            doc[i].pos_ not in _STOP_POS):
        if _plural(doc[i]):
            tokens = list(doc[_with_premodifiers(doc, i, 0):head])
            if _names_someone_else(tokens):
                return None
            return doc[tokens[0].i:tokens[-1].i + 1].text
        i -= 1
    return None


def _listed_next(doc: Doc, end: int) -> bool:
    """ "Anne Lebrun, Marc Duval et …": another name follows this one in a list."""
    return end + 1 < len(doc) and doc[end].text in (",", "et") and (
        doc[end + 1].ent_type_ == "PER")


def roles_for(doc: Doc, mentions: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """The roles around a person's mentions (character spans), first seen first."""
    found: list[str] = []
    for start_char, end_char in mentions:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None:
            continue
        head = _list_head(doc, span.start)
        roles = [prenominal(doc, span.start), *appositive_after(doc, span.end),
                 appositive_before(doc, span.start), predicative(doc, span.end)]
        if head != span.start or _listed_next(doc, span.end):
            roles.append(_shared(doc, head))
        for role in roles:
            if role and role.lower() not in {r.lower() for r in found}:
                found.append(role)
    return tuple(found)


def described_roles(doc: Doc, people: Sequence[Sequence[tuple[int, int]]]
                    ) -> dict[int, list[str]]:
    """Roles from a definite description that opens the sentence after the one naming a
    person: "Emmanuel Roux a reçu les syndicats. Le chef de l'Etat souhaitait …",
    "Marc Sorel a été abattu mardi. L'ancien bâtonnier était …". The description goes to
    the only person the previous sentence of the paragraph names (or to its subject when
    it names several), when their genders do not disagree. ``people`` holds each person's
    mention spans (characters); the result maps a person's index to its new roles."""
    starts = sorted((s, e, k) for k, spans in enumerate(people) for s, e in spans)
    sentences = list(doc.sents)
    text = doc_text(doc)
    found: dict[int, list[str]] = {}
    for previous, sentence in itertools.pairwise(sentences):
        if "\n" in text[previous.end_char - 1:sentence.start_char + 1]:
            continue  # a new paragraph
        role = _opening_description(doc, sentence.start)
        if role is None:
            continue
        named = [(s, k) for s, e, k in starts if previous.start_char <= s < previous.end_char]
        person = _antecedent(doc, named, previous)
        if person is None:
            continue
        known = roles_for(doc, people[person])
        if _gender_agrees(doc, sentence.start, people[person], known, text) and not any(
                titles_clash(role, r) for r in known):
            found.setdefault(person, []).append(role)
    return found


def _opening_description(doc: Doc, start: int) -> str | None:
    """ "Le chef de l'Etat souhaitait", "L'ancien bâtonnier était": a determiner, a role
    and a verb, with no name in apposition."""
    if start >= len(doc) or doc[start].lower_ not in ("le", "la", "l'", "l’"):
        return None
    tokens, stop, ended = _phrase_after(doc, start)
    if not ended or stop is None or (stop.lower_ not in _CLAUSE_WORDS[1:] and (
            stop.pos_ not in ("VERB", "AUX")
            or ("Fin" not in stop.morph.get("VerbForm", []) and stop.pos_ != "AUX"))):
        return None
    if _names_someone_else(tokens) or any(t.ent_type_ for t in tokens if t.text[:1].isupper()
                                          and t.ent_type_ == "PER"):
        return None
    return _clean(tokens)


def _antecedent(doc: Doc, named: Sequence[tuple[int, int]], previous: Span) -> int | None:
    """The only person the previous sentence names, else the only one that is a subject
    in it."""
    people = list(dict.fromkeys(k for _s, k in named))
    if len(people) == 1:
        return people[0]
    subjects = list(dict.fromkeys(
        k for s, k in named
        if (span := doc.char_span(s, s + 1, alignment_mode="expand")) is not None
        and span[0].dep_.startswith("nsubj")))
    return subjects[0] if len(subjects) == 1 else None


def _gender_agrees(doc: Doc, start: int, spans: Sequence[tuple[int, int]],
                   roles: Sequence[str], text: str) -> bool:
    """The description's gender ("la", "le", its noun's form) against the person's, known
    from an honorific before one of their mentions ("M.", "Mme") or from the form of the
    roles the article gives them ("correspondante", "directeur")."""
    det = doc[start].lower_
    words = [t.lower_ for t in doc[start + 1:start + 4] if _is_role_noun(t)]
    gender = {"la": "Fem", "le": "Masc"}.get(det) or (_noun_gender(words[0]) if words else None)
    known = {g for role in roles if (g := _noun_gender(role.split()[0].lower()))}
    for s, _e in spans:
        before = text[max(0, s - 5):s].split()
        if before and before[-1].lower() in ("mme", "mlle"):
            known.add("Fem")
        elif before and before[-1].lower() in ("m.", "mr"):
            known.add("Masc")
    return gender is None or not known or known == {gender}


def _noun_gender(word: str) -> str | None:
    """ "directrice", "présidente" → Fem; "directeur", "président" → Masc; None when the
    form says nothing ("ministre", "porte-parole")."""
    nouns = role_nouns()
    if (word.endswith("e") and word[:-1] in nouns) or word.endswith(("trice", "euse", "esse")):
        return "Fem"
    if word + "e" in nouns or (word.endswith("eur") and word[:-3] + "rice" in nouns):
        return "Masc"
    return None


def _qualifiers(title: str) -> tuple[str | None, set[str]]:
    """A title's head noun and the adjectives right after it ("envoyé", {"chinois"})."""
    words = title.lower().replace("’", "'").split()
    while words and (words[0] in ("le", "la", "les", "l'", "un", "une", "son", "sa")
                     or words[0] in ("ancien", "ancienne", "nouveau", "nouvelle")):
        words = words[1:]
    if words and words[0].startswith("l'"):
        words[0] = words[0][2:]
    if not words:
        return None, set()
    out: set[str] = set()
    for word in words[1:]:
        if word in ("de", "du", "des", "d'", "pour", "à", "au", "aux", "en") or (
                word.startswith("d'")):
            break
        out.add(word.strip(","))
        if word.endswith(","):
            break
    return words[0], out


def titles_clash(one: str, other: str) -> bool:
    """Two titles with the same head qualified differently name different people:
    "l'envoyé chinois" and "envoyé américain pour le climat", "président turc" and
    "président russe"."""
    head_a, quals_a = _qualifiers(one)
    head_b, quals_b = _qualifiers(other)
    return head_a is not None and head_a == head_b and bool(quals_a) and bool(quals_b) and (
        not quals_a & quals_b)
