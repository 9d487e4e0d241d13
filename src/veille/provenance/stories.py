"""Stories and flags, recomputed for the connected components that a change touched.

A *story* is a set of articles linked transitively (two or more). Its id is the id of its
first copy, and its **first copy** is the earliest ``published`` date (compared as days):

* ties (same day) go to the article ingested first (lowest store key) — veille cannot tell
  hours apart when pages give only a day, and the first one it saw is the stable choice;
* an article without a date never comes before a dated one (an unknown date proves
  nothing); a story with no dated copy takes the article ingested first.

Flags, each with one sentence for a journalist:

* ``republished``: this copy is dated more than N days (``republished_days``) after the
  story's first copy;
* ``translation``: this copy is in another language than the first copy (which it names);
* ``date-contradiction``: a republished copy that dates events as recent ("mercredi",
  "hier" resolved a few days before its page date) although its story was first
  published long before: the page date makes those events look current when they are not.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from veille.provenance.compare import ProvenanceOptions

__all__ = ["components", "update_stories"]

LANGUAGES = {"fr": "French", "en": "English", "de": "German", "es": "Spanish",
             "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "ar": "Arabic",
             "ru": "Russian", "zh": "Chinese", "uk": "Ukrainian", "pl": "Polish"}
# Relative expressions ("mercredi", "hier", "la semaine dernière") resolve to dates within a
# week before the page date; absolute dates in a republished text rarely land there.
_RECENT_DAYS = 7


@dataclass(frozen=True, slots=True)
class Member:
    pk: int
    id: str
    title: str | None
    site: str | None
    language: str | None
    published: str | None

    @property
    def day(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.published[:10]) if self.published else None
        except ValueError:
            return None


def components(db: sqlite3.Connection, start: Iterable[int]) -> list[set[int]]:
    """The connected components (over links) containing the articles ``start``."""
    seen: set[int] = set()
    found = []
    for pk in start:
        if pk in seen:
            continue
        group, todo = {pk}, [pk]
        while todo:
            current = todo.pop()
            for r in db.execute("SELECT b_pk FROM provenance_links WHERE a_pk = ? UNION "
                                "SELECT a_pk FROM provenance_links WHERE b_pk = ?",
                                (current, current)):
                if r[0] not in group:
                    group.add(r[0])
                    todo.append(r[0])
        seen |= group
        found.append(group)
    return found


def _order_key(m: Member) -> tuple[bool, dt.date, int]:
    return (m.day is None, m.day or dt.date.max, m.pk)


def _language(code: str | None) -> str:
    return LANGUAGES.get(code or "", code or "an unknown language")


def _when(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _cite(m: Member) -> str:
    title = f"“{m.title}”" if m.title else f"article {m.id}"
    where = f" ({m.site})" if m.site else ""
    return f"{title}{where}"


def _recent_timexes(db: sqlite3.Connection, m: Member) -> list[tuple[str, dt.date]]:
    if m.day is None:
        return []
    found = []
    for r in db.execute("SELECT text, value FROM timexes WHERE article_pk = ? AND "
                        "length(value) = 10 ORDER BY start", (m.pk,)):
        try:
            day = dt.date.fromisoformat(r["value"])
        except ValueError:
            continue
        if 0 <= (m.day - day).days <= _RECENT_DAYS:
            found.append((r["text"], day))
    return found


def _flags(db: sqlite3.Connection, m: Member, first: Member,
           options: ProvenanceOptions) -> list[tuple[str, str, int]]:
    flags = []
    if m.pk != first.pk and m.language and first.language and m.language != first.language:
        dated = f", published on {_when(first.day)}" if first.day else ""
        flags.append(("translation", (
            f"This {_language(m.language)} article is a translation of the "
            f"{_language(first.language)} {_cite(first)}{dated}."), first.pk))
    if m.pk == first.pk or m.day is None or first.day is None:
        return flags
    late = (m.day - first.day).days
    if late <= options.republished_days:
        return flags
    flags.insert(0, ("republished", (
        f"This page is dated {_when(m.day)} but the same story was first published on "
        f"{_when(first.day)} in {_cite(first)}, {late} days earlier."), first.pk))
    recent = _recent_timexes(db, m)
    if recent:
        text, day = recent[0]
        flags.append(("date-contradiction", (
            f"It reports events of “{text}”, which its page date puts on {_when(day)}, yet "
            f"the same story was already told on {_when(first.day)}: those events are "
            f"{late} days older than this page suggests."), first.pk))
    return flags


def _members(db: sqlite3.Connection, pks: set[int]) -> list[Member]:
    marks = ",".join("?" * len(pks))
    return [Member(r["pk"], r["id"], r["title"], r["site"], r["language"], r["published"])
            for r in db.execute(f"SELECT pk, id, title, site, language, published FROM "
                                f"articles WHERE pk IN ({marks})", list(pks))]


def update_stories(db: sqlite3.Connection, touched: Iterable[int],
                   options: ProvenanceOptions) -> None:
    """Recompute story membership and flags of every component holding a touched article.
    Runs inside the caller's transaction."""
    for group in components(db, sorted(set(touched))):
        marks = ",".join("?" * len(group))
        db.execute(f"DELETE FROM provenance_stories WHERE article_pk IN ({marks})", list(group))
        db.execute(f"DELETE FROM provenance_flags WHERE article_pk IN ({marks})", list(group))
        if len(group) < 2:
            continue
        members = sorted(_members(db, group), key=_order_key)
        first = members[0]
        db.executemany(
            "INSERT INTO provenance_stories (article_pk, story, first_pk, size) "
            "VALUES (?,?,?,?)", [(m.pk, first.id, first.pk, len(members)) for m in members])
        db.executemany(
            "INSERT INTO provenance_flags (article_pk, kind, detail, other_pk) "
            "VALUES (?,?,?,?)",
            [(m.pk, kind, detail, other) for m in members
             for kind, detail, other in _flags(db, m, first, options)])
