"""Time expressions (timexes) of French news, normalised to ISO 8601 / TimeML values.

A French grammar of regular expressions, no model: dateparser is wrong about two times in
three on French news (KNOWHOW, Dates). Every rule finds candidate spans; candidates are
taken in text order, the longest first at each position, and one that overlaps an
accepted timex is dropped. Values are resolved against ``published``:

* dates without a year: "le 20 mai dernier" → the most recent one, "le 3 mars prochain"
  → the next one, else the nearest one; months without a year: the publication year
  ("dernier"/"prochain" move it); a bare weekday: the most recent such day on or before
  publication, unless "prochain" or a future tense in its sentence says otherwise;
* "ce week-end" is the last weekend on or before publication (``2024-W46-WE``), or the
  coming one when the sentence is in the future tense;
* clock times ("à 15 heures") take the date of the last day-level timex before them,
  "le lendemain"/"la veille" count from it, "deux ans après" from the last date.

Without ``published`` only absolute expressions (full dates, years, months with a year,
durations, sets) are returned: relative ones are skipped, never given a guessed value.
Month names count only with a day, a year, or a context word ("en", "début", "mois de",
"dernier"…): "sept enfants" is not September.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from veille.lang.fr.calendar import MONTHS, WEEKDAYS
from veille.records import Timex

__all__ = ["NAME", "timexes_from_text"]

NAME = "veille.timexes.v1"

Value = tuple[str | None, str]
"""A resolved (value, type); a rule returns None to reject its candidate."""


@cache
def _words(kind: str) -> dict[str, str]:
    """``lang/fr/time_words.txt`` entries of one kind: word → value."""
    text = (files("veille.lang.fr") / "time_words.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) in (2, 3) and parts[0] == kind:
            out[parts[1]] = parts[-1]
    return out


def _alt(words: Iterable[object]) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


_A = "['’]"
_FULL_MONTHS = {m: n for m, n in MONTHS.items() if len(m) > 4 or m in ("mars", "mai", "juin",
                                                                        "août", "aout")}
_MONTH = rf"(?P<month>{_alt(_FULL_MONTHS)})"
_WD = rf"(?P<wd>{_alt(WEEKDAYS)})"
_DAY = r"(?P<day>1er|1ᵉʳ|premier|[0-3]?\d)"
_YEAR = r"(?P<year>(?:1[0-9]|20)\d\d|\d\d(?!\d|[,.]\d|\s*(?:h\b|heures|%)))"
_UNITS = _alt(_words("unit"))
_NUM = (rf"(?:\d+(?:[,.]\d+)?|(?:{_alt(_words('number'))})(?:[\s-]+(?:et[\s-]+)?"
        rf"(?:{_alt(_words('number'))})\b)?(?:-(?:{_alt(_words('number'))}))?)")
_PART = (r"(?P<part>au\s+matin|au\s+soir|matin|après-midi|soir|dans\s+la\s+nuit|"
         r"en\s+(?:début|fin)\s+(?:d['’]après-midi|de\s+matinée|de\s+soirée)|en\s+soirée|"
         r"en\s+matinée)")
_REL = r"(?P<rel>derni[eè]re?s?|prochaine?s?|passée?s?)"
_FUTURE = re.compile(r"\b(?:(?:a|ont|est|sont)\s+(?:été\s+)?)?(?:\w+(?:era|ira|ra|rons|ront|rez)|"
                     r"va|vont|doit|doivent|devrait|devraient|prévue?s?|attendue?s?|"
                     r"programmée?s?|fixée?s?|rendez-vous)\b", re.I)
_PAST = re.compile(r"\b(?:a|ont|avait|avaient|est|sont|était|étaient|s['’]est)\s+(?:\w+\s+)?"
                   r"\w+(?:é|ée|és|ées|i|is|ie|u|us|ue|t|te)\b|\b\w+èrent\b",
                   re.I)


@dataclass
class _Context:
    text: str
    published: dt.date | None
    anchor_day: dt.date | None = None
    anchor_value: str | None = None
    found: list[Timex] = field(default_factory=list)


# ---------------------------------------------------------------- calendar helpers

def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _number(text: str) -> float:
    """"vingt-quatre" → 24, "quarante cinq" → 45, "30,4" → 30.4."""
    text = text.lower().replace(",", ".")
    if text[0].isdigit():
        return float(text)
    parts = [p for p in re.split(r"[\s-]+", text) if p != "et"]
    return float(sum(int(_words("number")[p]) for p in parts))


def _fmt(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _shift(anchor: str, n: int, unit: str) -> str | None:
    """``anchor`` (YYYY, YYYY-MM or YYYY-MM-DD) moved by n units, at the unit's grain."""
    parts = [int(p) for p in anchor.split("-")[:3] if p.isdigit()]
    if unit == "Y":
        year = parts[0] + n
        return f"{year:04d}" if 1 <= year <= 9999 else None
    if unit == "M" and len(parts) >= 2:
        year, month = _add_months(parts[0], parts[1], n)
        return f"{year:04d}-{month:02d}"
    if unit in ("W", "D") and len(parts) == 3:
        days = n * 7 if unit == "W" else n
        return (dt.date(*parts) + dt.timedelta(days=days)).isoformat()
    return None


_STOP = re.compile(r"(?<!\b[A-Z])[.!?](?=\s)|\n")
"""A sentence end: not the period of an initial ("B. Obama")."""


# Longest look-back for a sentence start; FTiB/annotated sentences are under 400 characters.
_SENTENCE_MAX = 400


def _sentence_start(text: str, start: int) -> int:
    ends = [s.end() for s in _STOP.finditer(text, max(0, start - _SENTENCE_MAX), start)]
    return ends[-1] if ends else max(0, start - _SENTENCE_MAX)


def _sentence(ctx: _Context, start: int, end: int) -> str:
    stop = _STOP.search(ctx.text, end)
    return ctx.text[_sentence_start(ctx.text, start):stop.start() if stop else len(ctx.text)]


def _future(ctx: _Context, m: re.Match[str]) -> bool:
    """Whether the sentence around ``m`` speaks of the future: the nearest tense cue wins."""
    left = _sentence_start(ctx.text, m.start())
    sentence = _sentence(ctx, m.start(), m.end())
    here = m.start() - left
    future = [(c.start(), c.end()) for c in _FUTURE.finditer(sentence)]
    cues = [(abs(s - here), 1) for s, _ in future]
    cues += [(abs(c.start() - here), 0) for c in _PAST.finditer(sentence)
             if not any(s < c.end() and c.start() < e for s, e in future)]
    return bool(cues) and min(cues)[1] == 1


def _nearest(ref: dt.date, month: int, day: int, rel: str) -> dt.date | None:
    """(month, day) in the year that ``rel`` asks for, else the occurrence nearest ``ref``."""
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _date(y, month, day))]
    if rel.startswith("dern") or rel.startswith("pass"):
        options = [d for d in options if d <= ref]
        return options[-1] if options else None
    if rel.startswith("proch"):
        options = [d for d in options if d > ref]
        return options[0] if options else None
    return min(options, key=lambda d: abs((d - ref).days), default=None)


def _weekday(ref: dt.date, weekday: int, *, future: bool, this_week: bool) -> dt.date:
    if this_week:
        return ref + dt.timedelta(days=weekday - ref.weekday())
    if future:
        return ref + dt.timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)
    return ref - dt.timedelta(days=(ref.weekday() - weekday) % 7)


def _part(m: re.Match[str]) -> str | None:
    part = (m.groupdict().get("part") or "").lower()
    for word, token in _words("part").items():
        if part.endswith(word):
            return token
    return None


def _day_value(day: dt.date | None, m: re.Match[str]) -> Value | None:
    """A day, or a part of it ("hier soir" → ``…TEV``, type time)."""
    if day is None:
        return None
    token = _part(m)
    if token:
        return f"{day.isoformat()}T{token}", "time"
    return day.isoformat(), "date"


# ---------------------------------------------------------------- rule handlers

def _full_date(m: re.Match[str], ctx: _Context) -> Value | None:
    month = _FULL_MONTHS[m["month"].lower()]
    day = 1 if m["day"].lower() in ("1er", "1ᵉʳ", "premier") else int(m["day"])
    if m["year"]:
        year = int(m["year"])
        year += (1900 if year > 30 else 2000) if year < 100 else 0
        return _day_value(_date(year, month, day), m)
    if ctx.published is None:
        return None
    if m["yrel"]:
        step = 1 if "proch" in m["yrel"].lower() else -1
        return _day_value(_date(ctx.published.year + step, month, day), m)
    return _day_value(_nearest(ctx.published, month, day, (m["rel"] or "").lower()), m)


def _month_year(m: re.Match[str], ctx: _Context) -> Value | None:
    year = int(m["year"])
    year += (1900 if year > 30 else 2000) if year < 100 else 0
    return f"{year:04d}-{_FULL_MONTHS[m['month'].lower()]:02d}", "date"


# Characters before a bare month searched for a context word: "jusqu'en " is the longest
# cue (9); 12 measured on annotated + FTiB (2026-11-29), no false month found there.
_MONTH_LOOKBACK = 12
_MONTH_CONTEXT = re.compile(r"(?:\ben|\bentre|\bdepuis|\bet|\bjusqu['’]en|\bd['’]ici|\bdès|"
                            r"\bcourant|\bavant|\baprès|\bfin|\bdébut|\bmi-|\bde|\bd['’])"
                            r"\s*$", re.I)


def _month(m: re.Match[str], ctx: _Context) -> Value | None:
    before = ctx.text[max(0, m.start() - _MONTH_LOOKBACK):m.start()]
    rel = m["rel"] or _shared_rel(ctx.text, m.end())
    if not (rel or m["edge"] or m["edge2"] or _MONTH_CONTEXT.search(before)):
        return None
    if ctx.published is None:
        return None
    month, ref = _FULL_MONTHS[m["month"].lower()], ctx.published
    rel, year = (rel or "").lower(), ref.year
    if rel.startswith(("dern", "pass")) and month >= ref.month:
        year -= 1
    elif rel.startswith("proch") and month <= ref.month:
        year += 1
    return f"{year:04d}-{month:02d}", "date"


def _shared_rel(text: str, end: int) -> str | None:
    """"mai" in "en mai et juin derniers" takes the "derniers" of the pair."""
    pair = re.match(rf"\s+et\s+{_MONTH}\s+{_REL}", text[end:end + 40], re.I)
    return pair["rel"] if pair else None


_NOT_YEAR = re.compile(rf"\s*(?:{_alt(_words('notyear'))})(?!\w)", re.I)


def _year(m: re.Match[str], ctx: _Context) -> Value | None:
    before = ctx.text[max(0, m.start("year") - 2):m.start("year")]
    if re.search(r"\d\s?$|[\d,.]$", before) or _NOT_YEAR.match(ctx.text, m.end()):
        return None
    return m["year"], "date"


def _decade(m: re.Match[str], ctx: _Context) -> Value | None:
    digits = m["dec"]
    century = digits[:2] if len(digits) == 4 else "19"
    return f"{century}{digits[-2]}X", "date"


def _half(m: re.Match[str], ctx: _Context) -> Value | None:
    year = m["year"] or (str(ctx.published.year) if ctx.published else None)
    if year is None:
        return None
    order = m["ord"].lower()
    index = (1 if order.startswith(("prem", "1")) else 2 if order.startswith(("sec", "deux", "2"))
             else 3 if order.startswith(("trois", "3")) else 4)
    letter = "H" if m["kind"].lower() == "semestre" else "Q"
    return f"{year}-{letter}{index}", "date"


_DAY_OFFSETS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "aujourd’hui": 0,
                "demain": 1, "après-demain": 2}


def _relative_day(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None:
        return None
    offset = _DAY_OFFSETS[m["rd"].lower()]
    return _day_value(ctx.published + dt.timedelta(days=offset), m)


def _this_part(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None:
        return None
    token = _part(m)
    day = ctx.published - dt.timedelta(days=1 if token == "NI" else 0)
    return f"{day.isoformat()}T{token}", "time"


def _weekday_rule(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None:
        return None
    rel = (m["rel"] or "").lower()
    future = rel.startswith("proch") or (not rel and _future(ctx, m))
    this_week = bool(m["dem"]) and m["dem"].lower().startswith("ce") and not rel
    wanted = WEEKDAYS[m["wd"].lower()]
    if m["dem"] and "même" in m["dem"].lower() and ctx.anchor_day and \
            ctx.anchor_day.weekday() == wanted:
        return _day_value(ctx.anchor_day, m)
    day = _weekday(ctx.published, wanted, future=future, this_week=this_week)
    if future and not rel and wanted == ctx.published.weekday():
        day = ctx.published  # "Obama visitera vendredi…" written on a Friday: that day
    return _day_value(day, m)


def _weekend(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None:
        return None
    rel, ref = (m["rel"] or "").lower(), ctx.published
    saturday = _weekday(ref, 5, future=False, this_week=False)
    if rel.startswith("proch") or (not rel and _future(ctx, m)):
        saturday = _weekday(ref, 5, future=True, this_week=False)
    elif rel.startswith("dern") and ref.weekday() >= 5:
        saturday -= dt.timedelta(days=7)
    return f"{_week(saturday)}-WE", "date"


def _week_rule(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None:
        return None
    rel = (m["rel"] or "").lower()
    step = -7 if rel.startswith(("dern", "pass")) else 7 if rel.startswith("proch") else 0
    return _week(ctx.published + dt.timedelta(days=step)), "date"


def _month_rel(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None:
        return None
    rel = (m["rel"] or "").lower()
    step = -1 if rel.startswith(("dern", "pass")) else 1 if rel.startswith("proch") else 0
    year, month = _add_months(ctx.published.year, ctx.published.month, step)
    return f"{year:04d}-{month:02d}", "date"


def _year_rel(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None:
        return None
    rel = (m["rel"] or "").lower()
    step = -1 if rel.startswith(("dern", "pass")) else 1 if rel.startswith("proch") else 0
    return str(ctx.published.year + step), "date"


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season(m: re.Match[str], ctx: _Context) -> Value | None:
    token = _words("season")[m["season"].lower()]
    if m["year"]:
        return f"{m['year']}-{token}", "date"
    if ctx.published is None or not (m["det"] or m["rel"]):
        return None
    rel, ref = (m["rel"] or "").lower(), ctx.published
    year = ref.year
    if rel.startswith("dern") and _SEASON_START[token] > ref.month:
        year -= 1
    elif rel.startswith("proch") and _SEASON_START[token] <= ref.month:
        year += 1
    return f"{year}-{token}", "date"


def _unit(word: str) -> str:
    return _words("unit")[word.lower()]


def _ago(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None:
        return None
    sign = -1
    return _offset(ctx.published.isoformat(), sign * int(_number(m["n"])), _unit(m["unit"]))


def _later(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.anchor_value is None:
        return None
    sign = 1 if m["dir"].lower() == "plus tard" else -1
    return _offset(ctx.anchor_value, sign * int(_number(m["n"])), _unit(m["unit"]))


def _offset(anchor: str, n: int, unit: str) -> Value | None:
    value = _shift(anchor, n, unit)
    return (value, "date") if value else None


def _duration(m: re.Match[str], ctx: _Context) -> Value | None:
    unit = _unit(m["unit"])
    amount = "X" if m["vague"] else _fmt(_number(m["n"]))
    if unit == "DE":
        return (f"P{amount}0Y" if amount != "X" else "PXDE"), "duration"
    if unit == "CE":
        return (f"P{amount}00Y" if amount != "X" else "PXCE"), "duration"
    if unit.startswith("T"):
        return f"PT{amount}{unit[1]}", "duration"
    return f"P{amount}{unit}", "duration"


# Characters before "15 heures" searched for a clock cue ("à partir de " is 12): measured on
# FTiB + annotated (2026-11-29), where it separates clock times from durations.
_CLOCK_LOOKBACK = 14
_CLOCK_CUE = re.compile(r"(?:\bà|\bvers|\bdès|\bentre|\bjusqu['’]à|\bavant|\baprès|\bsoit|"
                        r"\bpartir\s+de)\s*$", re.I)
_RANGE_END = re.compile(r"\d\s*h(?:eures?)?(?:\s*\d\d)?\s+(?:à|et)\s*$", re.I)


def _clock(m: re.Match[str], ctx: _Context) -> Value | None:
    hour, minute = int(m["h"] or m["h2"]), int(m["m"] or m["m2"] or 0)
    before = ctx.text[max(0, m.start() - _CLOCK_LOOKBACK):m.start()]
    if _RANGE_END.search(before):  # "de 10 h à 12 h": the second end is what the first is
        if not (ctx.found and ctx.found[-1].type == "time"):
            return None
    elif not (m["h2"] or m["vers"] or m["tpart"] or _CLOCK_CUE.search(before)
              or (re.search(r"\bde\s*$", before) and re.match(r"\s+à\s+\d", ctx.text[m.end():]))):
        return None
    if m["tpart"] and ctx.published:
        day: dt.date | None = ctx.published
    else:
        day = ctx.anchor_day or ctx.published
    if day is None:  # a clock time on an unknown day: found, not guessed (not a duration)
        return None, "time"
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}", "time"


def _anchored(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.anchor_day is None:
        return None
    found = m.groupdict()
    word = (found.get("anc") or "").lower()
    step = 1 if "lendemain" in word else -1 if "veille" in word else 0
    day = ctx.anchor_day + dt.timedelta(days=step)
    part = next((found[k] for k in ("dpart", "part2", "part3", "part4") if found.get(k)), None)
    if found.get("anc") is None and part and part[0].isupper():
        return None  # "la Journée mondiale de…" names an event
    if found.get("anc") is None and part:
        token = _words("part").get(part.lower())
        return (f"{day.isoformat()}T{token}", "time") if token else (day.isoformat(), "date")
    if "soir" in word:
        return f"{day.isoformat()}TEV", "time"
    return _day_value(day, m)


def _set(m: re.Match[str], ctx: _Context) -> Value | None:
    if m["wd"]:
        return f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}", "set"
    if m["adj"]:
        before = ctx.text[max(0, m.start() - 4):m.start()]
        if re.search(r"(?:\b(?:le|un|du|au|ce)\s|l['’])$", before, re.I):
            return None
        return _words("set")[m["adj"].lower()], "set"
    return f"P1{_unit(m['unit'])}", "set"


# ---------------------------------------------------------------- the grammar

Rule = tuple[re.Pattern[str], Callable[[re.Match[str], _Context], Value | None]]


def _rule(pattern: str, handler: Callable[[re.Match[str], _Context], Value | None]) -> Rule:
    return re.compile(rf"(?<!\w)(?P<t>{pattern})(?!\w)", re.I), handler


@cache
def _rules() -> tuple[Rule, ...]:
    """The grammar, in priority order for candidates of the same span (the full date first)."""
    return _calendar_rules() + _relative_rules() + _amount_rules()


def _calendar_rules() -> tuple[Rule, ...]:
    """Dates, months, years, decades, halves: absolute expressions."""
    return (
        _rule(rf"(?:le\s+)?(?:{_WD}\s+)?{_DAY}\s+{_MONTH}(?:\s+{_YEAR})?(?:\s+{_REL})?"
              rf"(?:\s+(?P<yrel>l{_A}an(?:née)?\s+(?:prochaine?|derni[eè]re?|passée?)))?"
              rf"(?:\s+{_PART})?", _full_date),
        _rule(r"(?P<d>[0-3]?\d)[/.](?P<mo>[01]?\d)[/.](?P<y>\d{4})", _numeric),
        _rule(rf"(?:(?:début|fin|mi-)\s*)?{_MONTH}\s+{_YEAR}", _month_year),
        _rule(rf"(?:(?P<edge>début|fin|mi-)\s*|(?P<edge2>mois\s+d(?:e\s+|{_A})))?{_MONTH}"
              rf"(?:\s+{_REL})?",
              _month),
        _rule(rf"(?:(?:la\s+|le\s+|au\s+)?(?:début|fin|milieu)\s+(?:de\s+l{_A}année\s+)?"
              rf"|l{_A}année\s+)?(?P<year>(?:1[0-9]|20)\d\d)", _year),
        _rule(r"(?:(?:début|fin|milieu)\s+des\s+|les\s+)?années\s+(?P<dec>(?:19|20)?\d0)",
              _decade),
        _rule(r"(?P<ord>premier|1er|second|deuxième|2e|troisième|3e|quatrième|4e)\s+"
              r"(?P<kind>semestre|trimestre)(?:\s+(?:de\s+)?(?P<year>(?:19|20)\d\d))?", _half),
    )


def _relative_rules() -> tuple[Rule, ...]:
    """Expressions that count from the publication date."""
    seasons = _alt(_words("season"))
    return (
        _rule(rf"(?P<rd>avant-hier|après-demain|hier|aujourd{_A}hui|demain)"
              rf"(?:\s+(?:{_WD}))?(?:\s*,?\s+{_PART})?", _relative_day),
        _rule(r"(?:ce|cet|cette)\s+(?P<part>matin|après-midi|soir|nuit)", _this_part),
        _rule(rf"(?:(?P<dem>ce|le|ce\s+même)\s+)?{_WD}(?:\s+{_REL})?(?:\s+{_PART})?",
              _weekday_rule),
        _rule(rf"(?:ce|le)\s+week-?\s?end(?:\s+{_REL})?", _weekend),
        _rule(rf"cette\s+semaine|la\s+semaine\s+{_REL}", _week_rule),
        _rule(rf"(?:(?:le\s+|au\s+)?(?:début|fin|milieu)\s+du\s+|le\s+)mois\s+{_REL}"
              r"|ce\s+mois(?:-ci)?", _month_rel),
        _rule(rf"(?:(?:au|le|la|en)\s+)?(?:début|fin|milieu)\s+de\s+l{_A}année(?!\s+\d)"
              rf"|l{_A}an(?:née)?\s+{_REL}|cette\s+année", _year_rel),
        _rule(rf"(?:(?P<det>l{_A}|le\s+|cet\s+|ce\s+))?(?P<season>{seasons})"
              rf"(?:\s+{_REL}|\s+(?P<year>(?:19|20)\d\d))?",
              _season),
        _rule(rf"(?P<dir>il\s+y\s+a)\s+(?P<n>{_NUM})\s+(?P<unit>{_UNITS})", _ago),
        _rule(rf"(?P<n>{_NUM})\s+(?P<unit>{_UNITS})\s+(?P<dir>plus\s+tard|plus\s+tôt)",
              _later),
    )


def _amount_rules() -> tuple[Rule, ...]:
    """Clock times, durations, anchored days, sets."""
    anchor = (rf"(?:le\s+|au\s+)?lendemain(?:\s+{_PART})?|la\s+veille(?:\s+au\s+soir)?|"
              r"le\s+même\s+jour|ce\s+jour-là")
    parts = (r"(?:tard\s+)?(?:dans\s+)?la\s+(?P<dpart>nuit|soirée|matinée|journée)|"
             r"tard\s+(?:en\s+)?(?P<part2>soirée)|le\s+(?P<part3>matin)\s+même|"
             r"(?:en\s+)?fin\s+d['’](?P<part4>après-midi)")
    return (
        _rule(r"(?P<vers>vers\s+)?(?P<h>[01]?\d|2[0-3])\s*(?:h|heures?)(?:\s*(?P<m>[0-5]\d))?"
              r"(?:\s+(?P<tpart>ce\s+matin|ce\s+soir))?|(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)",
              _clock),
        _rule(r"(?P<h>\d{1,2})\s*h(?:\s*(?P<m>[0-5]\d))?", _hours),
        _rule(r"(?:(?:un\s+peu\s+)?(?:plus|moins)\s+d(?:e\s+|['’])|environ\s+|près\s+de\s+)?"
              r"(?:(?:les|ces)\s+)?(?:(?:dernières?|derniers?|premières?|premiers?)\s+)?"
              rf"(?:(?P<vague>plusieurs|quelques)|(?P<n>{_NUM}))\s+"
              r"(?:(?:dernières?|derniers?|premières?|premiers?)\s+)?"
              rf"(?P<unit>{_UNITS})(?:\s+(?:à|et)\s+{_NUM}\s+(?:{_UNITS}))?", _duration),
        _rule(rf"(?P<anc>{anchor})|{parts}", _anchored),
        _rule(rf"(?:les\s+)?(?P<d1>[0-3]?\d)(?=\s+(?:et|au)\s+(?:le\s+)?[0-3]?\d\s+{_MONTH})",
              _first_of_pair),
        _rule(_alt(_refs()), _reference),
        _rule(_alt(_words("period")), _period),
        _rule(rf"chaque\s+(?P<unit>année|an|jour|semaine|mois)|tous\s+les\s+{_WD}s"
              rf"|(?P<adj>{_alt(_words('set'))})", _set),
    )


def _hours(m: re.Match[str], ctx: _Context) -> Value | None:
    """"3 h 30" that is no clock time: a duration."""
    return f"PT{int(m['h'])}H" + (f"{int(m['m'])}M" if m["m"] else ""), "duration"


def _first_of_pair(m: re.Match[str], ctx: _Context) -> Value | None:
    """"6" in "les 6 et 13 avril prochains": the day of the date that follows."""
    following = _rules()[0][0].search(ctx.text, m.end())
    resolved = _full_date(following, ctx) if following else None
    if resolved is None or resolved[0] is None or resolved[1] != "date":
        return None
    day = _date(*(int(p) for p in resolved[0].split("-")[:2]), int(m["d1"]))  # type: ignore[call-arg]
    return (day.isoformat(), "date") if day else None


@cache
def _refs() -> dict[str, str]:
    """"actuellement" → PRESENT_REF…: multi-word entries are written with underscores."""
    return {w.replace("_", " "): v for w, v in _words("ref").items()}


def _reference(m: re.Match[str], ctx: _Context) -> Value | None:
    value = _refs()[m["t"].lower().replace("’", "'")]
    return value, "time"


def _period(m: re.Match[str], ctx: _Context) -> Value | None:
    return _words("period")[m["t"].lower()], "duration"


def _numeric(m: re.Match[str], ctx: _Context) -> Value | None:
    day = _date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return (day.isoformat(), "date") if day else None


def _candidates(text: str) -> Iterator[tuple[int, int, int, re.Match[str]]]:
    for index, (pattern, _) in enumerate(_rules()):
        for m in pattern.finditer(text):
            yield m.start("t"), -(m.end("t") - m.start("t")), index, m


def _remember(ctx: _Context, timex: Timex) -> None:
    if timex.value is None or timex.type not in ("date", "time"):
        return
    if re.fullmatch(r"\d{4}(?:-\d\d){0,2}", timex.value):
        ctx.anchor_value = timex.value
    if re.match(r"\d{4}-\d\d-\d\d", timex.value):
        ctx.anchor_day = dt.date.fromisoformat(timex.value[:10])


def timexes_from_text(text: str, *, published: str | None) -> tuple[Timex, ...]:
    """The timexes of ``text`` in order, values resolved against ``published`` (ISO date)."""
    ref = None
    if published:
        try:
            ref = dt.date.fromisoformat(published[:10])
        except ValueError:
            ref = None
    ctx = _Context(text=text, published=ref, anchor_day=ref,
                   anchor_value=ref.isoformat() if ref else None)
    reach = 0  # candidates come by start: one overlaps an accepted span iff it starts before
    for start, negative, index, m in sorted(_candidates(text), key=lambda c: c[:3]):
        end = start - negative
        if start < reach:
            continue
        try:
            resolved = _rules()[index][1](m, ctx)
        except (OverflowError, ValueError):  # "il y a 10000000 jours", year 10000
            continue
        if resolved is None:
            continue
        timex = Timex(text=text[start:end], start=start, end=end, value=resolved[0],
                      type=resolved[1])  # type: ignore[arg-type]
        reach = max(reach, end)
        ctx.found.append(timex)
        _remember(ctx, timex)
    return tuple(sorted(ctx.found, key=lambda t: t.start))
