"""Quotation marks in French news text: « … », “ … ”, „ … “ and straight "…"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from veille.analyze.sentences import Span

_OPEN = {"«": "»", "“": "”", "„": "“", '"': '"'}
_PAIRS = {"»": "«", "”": "“", "«": "»", "“": "”"}
QUOTE_CHARS = re.compile(r"[«»“”„\"]")


@dataclass(frozen=True, slots=True)
class Quoted:
    """One top-level quoted span: marks at ``start``/``end - 1``, words inside."""

    start: int
    end: int

    @property
    def inner(self) -> Span:
        return self.start + 1, self.end - 1


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


def trim(text: str, start: int, end: int) -> Span:
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


