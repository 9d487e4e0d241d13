"""What changed between two versions of an article: a word-level diff of title and body
(difflib), and the changes in veille's terms — a quotation altered, removed or added, a
speaker changed, a date changed.

Quotations of two versions are paired greedily by word-level similarity: the same words
with another speaker is ``speaker-changed``; a pair at least ``SAME_QUOTE`` similar is
``quotation-altered`` (with its own diff); what is left unpaired is ``quotation-removed``
or ``quotation-added``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["SAME_QUOTE", "changes", "word_diff"]

# Two different quotations of one article score at most 0.44 (558 pairs of gold
# quotations in ../shared/eval/annotated; 0.22 at most among examples/), a quotation with
# one clause reworded keeps well over 0.6: 0.5 separates them.
SAME_QUOTE = 0.5
# Words of unchanged text kept around each change in a diff; the rest becomes "…".
CONTEXT = 8
_TOKEN = re.compile(r"\S+\s*")

Diff = list[tuple[str, str]]
"""``(op, text)`` pieces: ``=`` unchanged, ``-`` removed, ``+`` added."""


def word_diff(before: str | None, after: str | None, *, context: int | None = CONTEXT) -> Diff:
    """A word-level diff; with ``context``, long unchanged runs are cut to that many words
    on each side of a change."""
    a, b = _TOKEN.findall(before or ""), _TOKEN.findall(after or "")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pieces: Diff = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("=", _equal(a[i1:i2], context, first=i1 == 0, last=i2 == len(a))))
            continue
        if i2 > i1:
            pieces.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("+", "".join(b[j1:j2])))
    return [p for p in pieces if p[1]]


def _equal(words: list[str], context: int | None, *, first: bool, last: bool) -> str:
    if context is None or len(words) <= 2 * context + 1:
        return "".join(words)
    head = [] if first else words[:context]
    tail = [] if last else words[-context:]
    return "".join(head) + "… " + "".join(tail)


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Changes from version ``before`` to ``after`` (each with ``title``, ``published``,
    ``text`` and ``quotes``: dicts with ``text``, ``speaker``, ``kind``)."""
    out: list[dict[str, Any]] = []
    if (before.get("title") or "") != (after.get("title") or ""):
        out.append({"kind": "title-changed", "before": before.get("title"),
                    "after": after.get("title")})
    if before.get("published") != after.get("published"):
        out.append({"kind": "date-changed", "before": before.get("published"),
                    "after": after.get("published")})
    if " ".join((before.get("text") or "").split()) != " ".join((after.get("text") or "").split()):
        diff = word_diff(before.get("text"), after.get("text"), context=None)
        out.append({"kind": "text-changed",
                    "words_removed": sum(len(t.split()) for op, t in diff if op == "-"),
                    "words_added": sum(len(t.split()) for op, t in diff if op == "+")})
    out += quote_changes(before.get("quotes") or [], after.get("quotes") or [])
    return out


def quote_changes(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
                  ) -> list[dict[str, Any]]:
    pairs = sorted(((_similarity(o["text"], n["text"]), i, j)
                    for i, o in enumerate(old) for j, n in enumerate(new)), reverse=True)
    used_old: set[int] = set()
    used_new: set[int] = set()
    out: list[dict[str, Any]] = []
    for score, i, j in pairs:
        if score < SAME_QUOTE or i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        o, n = old[i], new[j]
        if o["text"] != n["text"]:
            out.append({"kind": "quotation-altered", "speaker": n.get("speaker"),
                        "before": o["text"], "after": n["text"],
                        "diff": word_diff(o["text"], n["text"], context=None)})
        if (o.get("speaker") or None) != (n.get("speaker") or None):
            out.append({"kind": "speaker-changed", "quotation": n["text"],
                        "before": o.get("speaker"), "after": n.get("speaker")})
    out += [{"kind": "quotation-removed", "speaker": q.get("speaker"), "text": q["text"]}
            for i, q in enumerate(old) if i not in used_old]
    out += [{"kind": "quotation-added", "speaker": q.get("speaker"), "text": q["text"]}
            for j, q in enumerate(new) if j not in used_new]
    return out
