"""Sentence spans over the raw text, independent of the parser.

spaCy's parser splits French news badly around quotation marks and datelines (KNOWHOW: lone
« / ” tokens become sentences; "Mais il y a quelques jours à peine | , Milley a …"). Quote
and role rules need sentences that never cut inside a quotation: these are split at . ! ?
… followed by a space and a capital or an opening quotation mark, and at paragraph breaks,
but not after abbreviations and initials ("M.", "B. Obama"), nor inside « … ».
"""

from __future__ import annotations

import re

Span = tuple[int, int]

_END = re.compile(r"[.!?…]+(?:\s?[»”\"’)])*(?=\s+[«“\"(A-ZÀ-ÝÉ0-9])")
_PARAGRAPH = re.compile(r"\n\s*\n")
# Links to other articles inside the body: "Lire aussi :", "A ne pas manquer sur BBC Afrique :".
_TEASER = re.compile(r"\b(?:[AÀ] (?:lire|ne pas manquer|surtout lire|voir)|Lire|Voir)"
                     r"(?: aussi| également)?(?: sur [^:\n]{1,40})? ?:\s*", re.IGNORECASE)
_END_OF_TEASERS = re.compile(r"[.!?…](?=\s)")
# A new title or sentence inside a run of teasers: a word, no punctuation, then a
# capitalised word that opens French sentences.
_TITLE_BREAK = re.compile(
    r"[\w»\"”)] ((?:Le|La|Les|L['’]|Un|Une|Des|Il|Elle|Ils|Elles|En|Au|Aux|Dans|Pour|Selon|"
    r"Mais|Ce|Cette|Ces|Cet|Parmi|Plusieurs|Après|Avant|Depuis|Si|Quand|Lors|Alors|Sur|"
    r"Son|Sa|Ses|Leur|Leurs|On|Nous|Beaucoup|Certains|D['’]après)\b|[\"«“](?=[A-ZÀ-Ý]))")
# Short tokens after which a period does not end a sentence.
_ABBREVIATIONS = {"m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "st", "ste", "av", "apr",
                  "j.-c", "etc", "cf", "p", "vol", "no", "n°", "art", "gén", "col", "lt", "cdt"}


def _protected(text: str) -> list[Span]:
    """Spans inside « … » and “ … ”, where no sentence may end."""
    spans, stack = [], []
    for m in re.finditer(r"[«»“”]", text):
        if m.group() in "«“":
            stack.append(m.start())
        elif stack:
            start = stack.pop()
            if not stack:
                spans.append((start, m.end()))
    return spans


def _is_abbreviation(text: str, end: int) -> bool:
    word = re.search(r"([\w.\-]+)\.$", text[max(0, end - 12):end])
    if not word:
        return False
    token = word.group(1).lower()
    if re.fullmatch(r"(?:\w\.-)+\w", token):  # "J.-P."
        return True
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def teaser_cuts(text: str) -> set[int]:
    """Where links to other articles, pasted into the body without punctuation ("Lire
    aussi : Le Zimbabwe veut vendre son ivoire Les autorités américaines accusent …"),
    begin and end: the marker, and each capitalised function word that follows a word
    with no punctuation between them, up to the next sentence end."""
    cuts: set[int] = set()
    for marker in _TEASER.finditer(text):
        cuts.add(marker.start())
        stop = _END_OF_TEASERS.search(text, marker.end())
        end = stop.start() if stop else len(text)
        cuts.update(m.start(1) for m in _TITLE_BREAK.finditer(text, marker.end(), end))
        cuts.add(marker.end())
    return cuts


def split_sentences(text: str) -> list[Span]:
    """Sentence spans ``(start, end)`` covering the non-blank text, in order."""
    protected = _protected(text)
    cuts = {m.start() for m in _PARAGRAPH.finditer(text)} | teaser_cuts(text)
    for m in _END.finditer(text):
        if any(s < m.end() < e for s, e in protected):
            continue
        if m.group().startswith(".") and _is_abbreviation(text, m.start() + 1):
            continue
        cuts.add(m.end())
    spans, start = [], 0
    for cut in [*sorted(cuts), len(text)]:
        chunk = text[start:cut]
        if chunk.strip():
            left = start + len(chunk) - len(chunk.lstrip())
            right = start + len(chunk.rstrip())
            spans.append((left, right))
        start = cut
    return spans
