"""Roles: the titles and functions an article attaches to a person (``veille.roles.v1``).

Three French patterns around a person's mention, all read on the tokens:

* pre-nominal: "le général Frank McKenzie", "le secrétaire américain à la Défense Lloyd
  Austin" — the words between a role noun and the name;
* appositive after: "Dave Butler, porte-parole de Milley," — a role noun opening the phrase
  between commas after the name;
* appositive before: "le chef d'état-major général russe, le général Valery Gerasimov" —
  a determiner and a role noun opening the phrase before the comma that precedes the name.

A role is kept only when it starts with a role noun (``lang/fr/role_nouns.txt``), so that
"le président" counts and "le candidat malheureux de 2012 qui" does not run on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from veille.lang.fr import role_nouns

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "veille.roles.v1"

_DETERMINERS = {"le", "la", "l'", "l’", "les", "un", "une", "son", "sa", "ses", "leur", "notre",
                "du", "de", "des", "cet", "cette", "ce"}
_HONORIFICS = {"m.", "mme", "mlle", "mr", "mrs", "ms", "dr", "me", "sir", "lord"}
# Longest role kept, in tokens: the longest gold role of the annotated dev set is 9 tokens
# ("secrétaire général adjoint de l'Organisation des Nations unies" and the like).
_MAX_TOKENS = 12
_STOP_POS = {"VERB", "AUX", "PRON", "SCONJ", "CCONJ"}


def _is_role_noun(token: Token) -> bool:
    word = token.text.lower()
    return word in role_nouns() or token.lemma_.lower() in role_nouns()


def _clean(tokens: Sequence[Token], *, allow_adjective: bool = False) -> str | None:
    while tokens and (tokens[-1].is_punct or tokens[-1].text.lower() in _DETERMINERS
                      or tokens[-1].pos_ == "ADP"):
        tokens = tokens[:-1]
    while tokens and tokens[0].text.lower() in _DETERMINERS:
        tokens = tokens[1:]
    head = tokens[1] if allow_adjective and len(tokens) > 1 and tokens[0].pos_ == "ADJ" else (
        tokens[0] if tokens else None)
    if head is None or not _is_role_noun(head):
        return None
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text  # a span's text: Doc.text rebuilds it all


def prenominal(doc: Doc, start: int) -> str | None:
    """ "le secrétaire américain à la Défense Lloyd Austin": the role before the name."""
    best = None
    i = start - 1
    if i < 0 or doc[i].pos_ in ("ADP", "DET"):  # "porte-parole de Milley": not Milley's
        return None
    while i >= 0 and start - i <= _MAX_TOKENS:
        token = doc[i]
        if (token.is_punct and token.text not in ("-", "'", "’")) or token.pos_ in _STOP_POS:
            break
        if token.text.lower() in _HONORIFICS:
            break
        if _is_role_noun(token):
            best = i
        i -= 1
    if best is None:
        return None
    for k in range(best + 1, start - 1):  # "la porte-parole de la ministre Claire Fontaine"
        if doc[k].lower_ in ("de", "du", "des", "d'", "d’"):
            nxt = k + 2 if doc[k + 1].lower_ in _DETERMINERS else k + 1
            if nxt < start and _is_role_noun(doc[nxt]):
                best = nxt
    return _clean(list(doc[best:start]))


def appositive_after(doc: Doc, end: int) -> str | None:
    """ "Dave Butler, porte-parole de Milley, a déclaré": the phrase between commas."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    tokens = []
    for token in doc[end + 1:end + 1 + _MAX_TOKENS]:
        if token.is_space or (token.is_punct and token.text not in ("-", "'", "’")):
            break
        if token.pos_ in _STOP_POS or token.text.lower() == "qui":
            break
        tokens.append(token)
    else:
        return None
    return None if _names_someone_else(tokens) else _clean(tokens)


def _names_someone_else(tokens: Sequence[Token]) -> bool:
    """A person named in the phrase, not as a complement ("de Milley"): another person."""
    for token in tokens:
        if token.ent_type_ == "PER" and token.ent_iob_ == "B" and token.text[:1].isupper():
            before = token.doc[token.i - 1].text.lower() if token.i else ""
            if before not in ("de", "du", "d'", "d’", "des"):
                return True
    return False


def appositive_before(doc: Doc, start: int) -> str | None:
    """ "le chef d'état-major général russe, le général Valery Gerasimov", "du président de
    La Poste, Jean-Paul Bailly": the role phrase just before the comma."""
    i = start - 1
    if prenominal(doc, start):  # step over a pre-nominal title ("le général")
        while i >= 0 and not doc[i].is_punct and start - i <= _MAX_TOKENS:
            i -= 1
    if i < 1 or doc[i].text != ",":
        return None
    comma = i
    for j in range(comma - 1, max(-1, comma - 1 - _MAX_TOKENS), -1):
        token = doc[j]
        if token.is_space or token.pos_ in _STOP_POS or (
                token.is_punct and token.text not in ("-", "'", "’", "(", ")", "&")):
            return None
        if _is_role_noun(token) and _opens_phrase(doc, j):
            first = j - 1 if j > 0 and doc[j - 1].pos_ == "ADJ" else j  # "l'ancien bâtonnier"
            tokens = list(doc[first:comma])
            return None if _names_someone_else(tokens) else _clean(tokens, allow_adjective=True)
    return None


def _opens_phrase(doc: Doc, j: int) -> bool:
    """The role noun at ``j`` starts a noun phrase: after a determiner, an adjective that
    follows one ("l'ancien bâtonnier", "Autre avocat"), or at the start of a sentence."""
    for k in (j - 1, j - 2):
        if k < 0 or _starts_sentence(doc, k + 1):
            return True
        if doc[k].lower_ in _DETERMINERS or doc[k].is_punct:
            return True
        if k == j - 1 and doc[k].pos_ == "ADJ":
            continue
        return False
    return False


def _starts_sentence(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].is_space or doc[i - 1].text in (".", "!", "?", "\n")


def predicative(doc: Doc, end: int) -> str | None:
    """ "Kayrece Fotso sera le tout premier artiste": a role after a copula."""
    i = end
    while i < len(doc) and i - end < 3 and (doc[i].lemma_ in ("être", "devenir") or (
            doc[i].pos_ == "AUX")):
        i += 1
    if i == end or i >= len(doc) or doc[i].lower_ not in _DETERMINERS:
        return None
    j = i + 1
    while j < len(doc) and j - i <= 3 and doc[j].pos_ in ("ADJ", "ADV") and not _is_role_noun(
            doc[j]):
        j += 1
    if j >= len(doc) or not _is_role_noun(doc[j]):
        return None
    return appositive_after_tokens(doc, j)


def appositive_after_tokens(doc: Doc, start: int) -> str | None:
    tokens = []
    for token in doc[start:start + _MAX_TOKENS]:
        if token.is_space or (token.is_punct and token.text not in ("-", "'", "’")) or (
                token.pos_ in _STOP_POS or token.lower_ == "qui"):
            break
        tokens.append(token)
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


def roles_for(doc: Doc, mentions: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """The roles around a person's mentions (character spans), first seen first."""
    found: list[str] = []
    for start_char, end_char in mentions:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None:
            continue
        head = _list_head(doc, span.start)
        for role in (prenominal(doc, span.start), appositive_after(doc, span.end),
                     appositive_before(doc, span.start), predicative(doc, span.end),
                     prenominal(doc, head) if head != span.start else None):
            if role and role.lower() not in {r.lower() for r in found}:
                found.append(role)
    return tuple(found)
