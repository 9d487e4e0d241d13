"""Publication dates found in text: page header dates, labelled dates and wire datelines.

HTML pages get their date from htmldate (through trafilatura). These rules cover what a
plain-text page or a body shows instead: a header line ``22/11/2024`` (French day-first
order), a labelled line ``Publié le 3 mars 2024 à 10h, mis à jour le 5 mars`` (the
publication is the first date, not the update; labels in ``lang/fr/date_labels.tsv``), and a
dateline opening the body (``29 mai 2012. – …``, ``PARIS, 12 mars (AFP) – …``).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib.resources import files

from veille.lang.fr.calendar import MONTHS, WEEKDAYS

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_WEEKDAY_ALT = "|".join(WEEKDAYS)
_DAY = r"(?P<day>1er|1ᵉʳ|[0-3]?\d)"

# "22 novembre 2024", "mardi 3 mars", "1er janv. 2020"
_LONG_DATE = re.compile(
    rf"(?:(?:{_WEEKDAY_ALT})\s+)?{_DAY}\s+(?P<month>{_MONTH_ALT})\.?(?:\s+(?P<year>\d{{4}}))?\b",
    re.IGNORECASE,
)
# "22/11/2024", "22-11-2024", "22.11.24"
_NUMERIC_DMY = re.compile(
    r"\b(?P<day>[0-3]?\d)[/.\-](?P<month>[01]?\d)[/.\-](?P<year>\d{4}|\d{2})\b"
)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)")

# A dateline: optional place in capitals or Title Case, optional "le", a date, optional
# "(AGENCY)", then a dash, a period or a colon. Anchored at the start of the body.
_DATELINE = re.compile(
    rf"""^\s*
    (?:(?!(?i:hier|aujourd|demain|ce|cette|un|une)\b)(?P<place>[A-ZÀ-Ý][\w'’\-]*(?:\s+(?:(?:de|du|des|la|le|sur|en)\s+)?[A-ZÀ-Ý][\w'’\-]*){{0,3}})
       \s*(?:\([^)]{{1,30}}\))?\s*,\s*)?
    (?i:le\s+)?
    (?P<date>(?i:(?:(?:{_WEEKDAY_ALT})\s+)?(?:1er|1ᵉʳ|[0-3]?\d)\s+(?:{_MONTH_ALT})\.?(?:\s+\d{{4}})?))
    \s*\.?\s*(?:\((?P<agency>[^)]{{1,40}})\))?\s*\.?\s*[–—\-:]
    """,
    re.VERBOSE,
)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day(text: str) -> int:
    return 1 if text.lower() in ("1er", "1ᵉʳ") else int(text)


def _without_year(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The most recent (month, day) on or before ``reference``: datelines report the past.

    Eight years back reach a 29 February from any reference date.
    """
    for year in range(reference.year, reference.year - 9, -1):
        candidate = _make(year, month, day)
        if candidate and candidate <= reference:
            return candidate
    return None


def parse_date(text: str, *, reference: dt.date | None = None) -> dt.date | None:
    """Parse one French date written in full, day-first numeric or ISO form."""
    text = text.strip()
    if m := _ISO.search(text):
        return _make(int(m["year"]), int(m["month"]), int(m["day"]))
    if m := _NUMERIC_DMY.search(text):
        year = int(m["year"])
        if year < 100:  # "22.11.99": the same pivot as time expressions
            year += 2000 if year <= 30 else 1900
        return _make(year, int(m["month"]), int(m["day"]))
    if m := _LONG_DATE.search(text):
        month = MONTHS[m["month"].lower()]
        if m["year"]:
            return _make(int(m["year"]), month, _day(m["day"]))
        if reference is not None:
            return _without_year(month, _day(m["day"]), reference)
    return None


def is_date_line(line: str) -> bool:
    """True when a short line is nothing but a date (a page header line)."""
    stripped = line.strip()
    if len(stripped) > 40 or not stripped:
        return False
    for pattern in (_ISO, _NUMERIC_DMY, _LONG_DATE):
        m = pattern.search(stripped)
        if m and len(stripped) - (m.end() - m.start()) <= 12:
            return True
    return False


def dateline_date(body: str, *, reference: dt.date | None = None) -> dt.date | None:
    """The date of a dateline that opens ``body``, if there is one."""
    m = _DATELINE.match(body[:160])
    if not m:
        return None
    return parse_date(m["date"], reference=reference)


@cache
def _date_labels() -> tuple[re.Pattern[str], dict[str, str]]:
    text = (files("veille.lang.fr") / "date_labels.tsv").read_text(encoding="utf-8")
    kinds = dict(line.split("\t") for line in text.splitlines()
                 if line.strip() and not line.startswith("#"))
    alternatives = "|".join(re.escape(label).replace("\\ ", r"\s+")
                            for label in sorted(kinds, key=len, reverse=True))
    # the lookahead on first letters lets the search skip most positions at once
    initials = "".join(sorted({c for label in kinds for c in (label[0].lower(), label[0].upper())}))
    pattern = re.compile(
        rf"\b(?=[{initials}])(?P<label>{alternatives})\b\s*(?:le\b|:|à\b)?\s*", re.IGNORECASE)
    return pattern, {label.lower(): kind for label, kind in kinds.items()}


# How far after its label a date may start ("Publié le mardi 3 mars", "Publié : 03/03/2024").
_LABEL_REACH = 12


def labelled_dates(text: str, *, reference: dt.date | None = None
                   ) -> dict[str, dt.date]:
    """The first date after each kind of label: ``{"published": …, "updated": …}``.

    "Publié le 03/03/2024 à 10h12 - Mis à jour le 05/03/2024" gives both; a date that no
    label names is left out.
    """
    pattern, kinds = _date_labels()
    found: dict[str, dt.date] = {}
    for m in pattern.finditer(text):
        kind = kinds[" ".join(m["label"].lower().split())]
        after = text[m.end():m.end() + _LABEL_REACH + 30]
        date = _date_at_start(after, reference=reference)
        if kind not in found and date is not None:
            found[kind] = date
    return found


def date_label_starts(text: str) -> list[int]:
    """Where date labels of any kind ("Publié", "Mis à jour" …) start in ``text``."""
    return [m.start() for m in _date_labels()[0].finditer(text)]


def _date_at_start(text: str, *, reference: dt.date | None) -> dt.date | None:
    """A date that starts within the first ``_LABEL_REACH`` characters of ``text``."""
    for pattern in (_ISO, _NUMERIC_DMY, _LONG_DATE):
        m = pattern.search(text)
        if m and m.start() <= _LABEL_REACH:
            return parse_date(m.group(0), reference=reference)
    return None
