"""Quotation marks in French news text: « … », “ … ”, „ … “, ‹ … ›, straight "…", ''…''
and << … >> (typed for « … » on keyboards without them).

Marks are paired on the raw text. What French news does with them, each handled as a class:

* **nesting**: an inner quotation inside an outer one stays inside it (« … “ … ” … »,
  "… je dirais "non" …");
* **quotations over several paragraphs**: each paragraph reopens the mark and only the last
  one closes it (the English manner, common in agency copy); a mark that reopens at the start
  of a sentence or a paragraph while a quotation of the same kind is open continues it;
* **straight quotes**, which look the same open or closed: a mark after a space or an opening
  bracket, before a word, opens; one after a word or punctuation closes;
* **mixed pairs**: a straight mark closed by a curly one, or the other way round;
* **doubled apostrophes** ('' … '') typed for a double quote;
* **a mark never closed** runs to the end of its paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from veille.analyze.sentences import Span

_OPEN = {"«": "»", "“": "”", "„": "“", '"': '"', "''": "''", "‹": "›", "<<": ">>"}
_PAIRS = {"»": "«", "”": "“", "«": "»", "“": "”", "›": "‹", "‹": "›"}
QUOTE_CHARS = re.compile(r"[«»“”„‹›\"]|''|<<|>>")
_MARK = re.compile(r"''|<<|>>|[«»“”„‹›\"]")
# Pairs of different marks that still close each other.
_MIXED = {('"', "”"), ('"', "»"), ("“", '"'), ("«", '"')}
# What may come before a straight opening mark, and start the words after it.
_OPEN_BEFORE = "([:—–-\u00a0/"
_WORD_START = "«“‘'([¿¡…-—–$€£#@"
# Characters after which a mark starts a new sentence (continuation of an open quotation).
_SENTENCE_END = ".!?…»”\""


@dataclass(frozen=True, slots=True)
class Quoted:
    """One top-level quoted span: the opening mark at ``start``, the closing one ending at
    ``end`` (each ``width`` characters long), words inside."""

    start: int
    end: int
    width: int = 1

    @property
    def inner(self) -> Span:
        return self.start + self.width, self.end - self.width


@dataclass
class _Open:
    mark: str
    start: int
    last: int = -1
    """Where the quotation was last opened or reopened."""


# -- quotation marks ------------------------------------------------------------------------
def quoted_spans(text: str) -> list[Quoted]:
    """Top-level quoted spans, in order (see the module docstring for the classes)."""
    spans: list[Quoted] = []
    stack: list[_Open] = []
    for m in _MARK.finditer(text):
        mark, i = m.group(), m.start()
        if stack and _paragraph_between(text, stack, i):
            opened = stack[0]
            if not _reopens(text, i, mark, opened.mark):
                spans.append(_quoted(opened, _paragraph_end(text, opened.start)))
                stack.clear()
        if stack and _closes(text, i, mark, stack[-1].mark):
            opened = stack.pop()
            if not stack:
                spans.append(_quoted(opened, i + len(mark)))
        elif mark in _OPEN and _opens(text, i, mark):
            if stack and mark == stack[0].mark and _starts_sentence(text, i):
                stack[0].last = i  # the same quotation goes on in a new sentence or paragraph
                continue
            stack.append(_Open(mark, i, i))
    if stack:
        spans.append(_quoted(stack[0], _paragraph_end(text, stack[0].start)))
    return [s for s in spans if s.end - s.start > 2 * s.width]


def _quoted(opened: _Open, end: int) -> Quoted:
    return Quoted(opened.start, end, len(opened.mark))


def _closes(text: str, i: int, mark: str, opener: str) -> bool:
    """``mark`` closes the innermost open quotation; a straight mark and a curly one may
    pair up (\"intenable” typed with two keyboards)."""
    if (opener, mark) in _MIXED:
        return mark != '"' or _shape(text, i, mark) != "open"
    if mark != _OPEN[opener]:
        return False
    return mark not in ('"', "''") or _shape(text, i, mark) != "open"


def _opens(text: str, i: int, mark: str) -> bool:
    """A curly or angle mark always may; a straight one (or '') unless it has the shape of
    a closing mark."""
    return mark not in ('"', "''") or _shape(text, i, mark) != "close"


def _shape(text: str, i: int, mark: str) -> str:
    """``open`` after a space, an opening bracket, a dash or a colon and before a word;
    ``close`` after a word or a punctuation mark and before a space, a punctuation mark or
    the end; ``either`` otherwise (spaces on both sides: " écart important ")."""
    before = text[i - 1] if i else " "
    after = text[i + len(mark):i + len(mark) + 1] or " "
    open_before = before.isspace() or before in _OPEN_BEFORE
    word_after = after.isalnum() or after in _WORD_START
    if open_before and word_after:
        return "open"
    if not open_before and not word_after:
        return "close"
    return "either"


def _starts_sentence(text: str, i: int) -> bool:
    before = text[:i].rstrip(" \u00a0\t")
    return not before or before[-1] in _SENTENCE_END or before.endswith("\n")


def _paragraph_between(text: str, stack: list[_Open], i: int) -> bool:
    since = max(stack[0].start, stack[0].last)
    return "\n\n" in text[since:i].replace("\r", "").replace("\n \n", "\n\n")


def _reopens(text: str, i: int, mark: str, opener: str) -> bool:
    """The quotation open in an earlier paragraph goes on: this paragraph starts with the
    same opening mark."""
    return mark == opener and not text[text.rfind("\n", 0, i) + 1:i].strip()


def _paragraph_end(text: str, start: int) -> int:
    """Where the paragraph holding ``start`` ends (an unclosed mark stops there)."""
    found = re.compile(r"\n\s*\n").search(text, start)
    if found is None:
        return len(text)
    end = found.start()
    # The quotation may go on: paragraphs that reopen it belong to it.
    while found is not None:
        rest = text[found.end():]
        nxt = rest.lstrip()[:2]
        if not (nxt.startswith(text[start]) or (text[start:start + 2] == "''" and
                                                 nxt == "''")):
            break
        found = re.compile(r"\n\s*\n").search(text, found.end())
        end = found.start() if found else len(text)
    return end


def trim(text: str, start: int, end: int) -> Span:
    """Shrink ``(start, end)`` past spaces, a final period or comma, quotation marks that
    wrap the whole span, and lone marks whose partner is not inside; an inner pair stays
    ("… « plus urgente que jamais »" keeps its closing mark)."""
    while True:
        while start < end and (text[start].isspace() or text[start] in "\"„"
                               or text.startswith("''", start)):
            start += 2 if text.startswith("''", start) else 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in "\",;:."
                               or text[end - 2:end] == "''"):
            if text[end - 3:end] == "...":
                break
            end -= 2 if text[end - 2:end] == "''" else 1
        if end - start < 2:
            return start, end
        first, last = text[start], text[end - 1]
        if text.startswith("<<", start) and text.endswith(">>", start, end):
            start, end = start + 2, end - 2  # << … >>, typed for « … »
        elif first in "«“‹" and last == _PAIRS[first]:
            start, end = start + 1, end - 1  # a pair around everything
        elif first in "«“‹" and _PAIRS[first] not in text[start:end]:
            start += 1
        elif last in "»”›" and _PAIRS[last] not in text[start:end]:
            end -= 1
        else:
            return start, end
