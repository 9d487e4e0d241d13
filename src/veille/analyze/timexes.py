"""Time expressions (timexes) of French news, normalised to ISO 8601 / TimeML values.

A French grammar of regular expressions, no model: dateparser is wrong about two times in
three on French news (KNOWHOW, Dates). Every rule finds candidate spans; candidates are
taken in text order, the longest first at each position, and one that overlaps an
accepted timex is dropped. Two anchors resolve what is relative:

* deictic expressions count from the PUBLICATION date, never from a date of the story:
  "hier", "aujourd'hui", "ce jour", "ce matin", "la nuit dernière", "cette semaine", "il y a
  deux ans" (the year it points to), "ce jeudi" (this week's), a bare weekday (the most
  recent such day on or before publication, unless "prochain", "jusqu'à" or a future tense
  in its sentence says otherwise), "mardi 14" (the Tuesday the 14th nearest publication);
* anaphoric expressions count from the last date of the NARRATIVE: "le lendemain", "la
  veille", "ce jour-là", "cette année-là", "l'année suivante", "deux ans plus tard", and
  clock times ("à 15 heures" takes the day of the last day-level date before it).

Dates without a year take the year that the tense asks for ("a été retrouvé le 3 mars":
the last 3 March; "aura lieu le 3 mars": the next one), else the nearest. Clock times carry
their half of the day and zone ("sept heures du soir" → ``T19:00``, "9h30 UTC" →
``T09:30Z``, "20 h 30 heure de Paris" → ``T20:30+1`` as French TimeBank writes it).
Ranges give their two ends as two timexes ("du 3 au 5 mars" → ``…-03-03`` and
``…-03-05``), as the annotated gold does. Centuries and decades are ISO 8601 truncations
("XIXe siècle" → ``18``, "les années 80" → ``198``); sets are ISO-TimeML periods ("par
semaine", "chaque année" → ``P1W``, ``P1Y``; "chaque lundi" → ``XXXX-WXX-1``).

Page furniture ("Publié le …", "Mis à jour le …", the date line of an embedded post) is
valued literally and never becomes the anchor of the story. Ages ("un cycliste de 34 ans",
"Jean, 34 ans,"), counts ("1500 agriculteurs") and month names without a date context
("sept enfants") are no timexes.

Without ``published`` only absolute expressions (full dates, years, months with a year,
durations, sets) are returned: relative ones are skipped, never given a guessed value.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from veille.lang.fr.calendar import EN_MONTHS, MONTHS, WEEKDAYS
from veille.records import Timex

__all__ = ["NAME", "timexes_from_text"]

NAME = "veille.timexes.v2"

Value = tuple[str | None, str]
"""A resolved (value, type); a rule returns None to reject its candidate."""


@cache
def _words(kind: str) -> dict[str, str]:
    """``lang/fr/time_words.txt`` entries of one kind: word → value ("_" joins words)."""
    text = (files("veille.lang.fr") / "time_words.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) in (2, 3) and parts[0] == kind:
            out[parts[1].replace("_", " ")] = parts[-1]
    return out


def _alt(words: Iterable[object]) -> str:
    """Alternatives longest first; a space in a word matches any run of white space."""
    escaped = (re.escape(str(w)).replace(r"\ ", r"\s+") for w in words)
    return "|".join(sorted(escaped, key=len, reverse=True))


_A = "['’]"
_FULL_MONTHS = {m: n for m, n in MONTHS.items() if len(m) > 4 or m in ("mars", "mai", "juin",
                                                                        "août", "aout")}
_MONTH = rf"(?P<month>{_alt(_FULL_MONTHS)})"
_WDS = _alt(WEEKDAYS)
_WD = rf"(?P<wd>{_WDS})"
_DAY = r"(?P<day>1er|1ᵉʳ|premier|[0-3]?\d)"
_YEAR = r"(?P<year>(?:1[0-9]|20)\d\d|\d\d(?!\d|[,.]\d|\s*(?:h\b|heures|%)))"
_UNITS = _alt(_words("unit"))
_NUMBER_WORD = rf"(?:{_alt(_words('number'))})"
_WORD_NUM = (rf"{_NUMBER_WORD}(?:[\s-]+(?:et[\s-]+)?{_NUMBER_WORD}\b)?"
             rf"(?:-{_NUMBER_WORD})?")
_NUM = rf"(?:\d{{1,3}}(?:[\s  ]\d{{3}})+|\d+(?:[,.]\d+)?|{_WORD_NUM})"
_PART = (r"(?P<part>au\s+matin|au\s+soir|matin|après-midi|soir|dans\s+la\s+nuit|"
         r"en\s+(?:début|fin)\s+(?:d['’]après-midi|de\s+matinée|de\s+soirée)|en\s+soirée|"
         r"en\s+matinée)")
_REL = r"(?P<rel>derni[eè]re?s?|prochaine?s?|passée?s?)"
_FUTURE = re.compile(r"\b(?:(?:a|ont|est|sont)\s+(?:été\s+)?)?(?:\w+(?:era|ira|ra|rons|ront|rez)|"
                     r"va|vont|doit|doivent|devrait|devraient|prévue?s?|attendue?s?|"
                     r"programmée?s?|fixée?s?|rendez-vous)\b", re.I)
_PAST = re.compile(r"\b(?:a|ont|avait|avaient|est|sont|était|étaient|s['’]est)\s+"
                   r"(?!(?:lieu|droit|besoin|peur|raison|tort|envie|trait|cours)\b)(?:\w+\s+)?"
                   r"\w+(?:é|ée|és|ées|i|is|ie|u|us|ue|t|te)\b", re.I)
_PARTICIPLE_BEFORE = re.compile(r"(?:^|[^\w\s]|\b(?!(?:est|sont|sera|seront|serait|seraient|soit|"
                                r"soient|être|été|toutes?|tous)\b)\w+)\s+"
                                r"(\w{3,}(?:é|ée|és|ées))\s+(?:(?:le|ce)\s+)?$", re.I)
# "jusqu'à lundi", "dès mardi", "d'ici vendredi": a day still to come.
_FORWARD = re.compile(r"(?:jusqu['’](?:à|au)|dès|à\s+partir\s+d[eu]|d['’]ici(?:\s+à)?)\s+"
                      r"(?:(?:le|ce)\s+)?$", re.I)


@dataclass
class _Context:
    text: str
    published: dt.date | None
    anchor_day: dt.date | None = None
    anchor_value: str | None = None
    found: list[Timex] = field(default_factory=list)
    saved: tuple[dt.date | None, str | None, int] | None = None
    """Anchors from before a line of page furniture, and where that line ends."""


# ---------------------------------------------------------------- calendar helpers

def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _number(text: str) -> float:
    """"vingt-quatre" → 24, "quarante cinq" → 45, "30,4" → 30.4, "5 000" → 5000."""
    text = re.sub(r"(?<=\d)[\s  ](?=\d{3})", "", text.lower()).replace(",", ".")
    if text[0].isdigit():
        return float(text)
    parts = [p for p in re.split(r"[\s-]+", text) if p != "et"]
    total = 0
    for part in parts:
        value = int(_words("number")[part])
        total = total * value if value == 100 and total else total + value
    return float(total)


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


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _paris_offset(day: dt.date) -> str:
    """Paris time as French TimeBank writes it: "+2" in summer time, "+1" otherwise."""
    def last_sunday(month: int) -> dt.date:
        last = dt.date(day.year, month, 31)
        return last - dt.timedelta(days=(last.weekday() + 1) % 7)
    return "+2" if last_sunday(3) <= day < last_sunday(10) else "+1"


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


def _tense(ctx: _Context, m: re.Match[str]) -> str | None:
    """"future", "past" or None: the tense cue of ``m``'s sentence nearest to it; a past
    participle just before it speaks for it ("la grève, commencée lundi, durera")."""
    just_before = _PARTICIPLE_BEFORE.search(ctx.text, max(0, m.start() - 30), m.start())
    if just_before and not _FUTURE.fullmatch(just_before[1]):
        return "past"
    left = _sentence_start(ctx.text, m.start())
    sentence = _sentence(ctx, m.start(), m.end())
    here = m.start() - left
    future = [(c.start(), c.end()) for c in _FUTURE.finditer(sentence)]
    cues = [(abs(s - here), 1) for s, _ in future]
    cues += [(abs(c.start() - here), 0) for c in _PAST.finditer(sentence)
             if not any(s < c.end() and c.start() < e for s, e in future)]
    if not cues:
        return None
    return "future" if min(cues)[1] == 1 else "past"


def _future(ctx: _Context, m: re.Match[str]) -> bool:
    return _tense(ctx, m) == "future"


# Days from publication within which a date without a year is the nearest one whatever the
# tense says ("a été retrouvé le 3 mars" on 14 March; "jusqu'au 6 novembre" on 2 November):
# beyond, a tense cue is trusted (tense cues misread one sentence in ten on annotated work).
_NEAR_DAYS = 60


def _nearest(ref: dt.date, month: int, day: int, rel: str,
             tense: str | None = None) -> dt.date | None:
    """(month, day) in the year that ``rel`` asks for; else the nearest one, unless both
    candidates are far and the tense of the sentence chooses ("le 14 mars" in a past-tense
    sentence of September is the last 14 March)."""
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _date(y, month, day))]
    past = [d for d in options if d <= ref]
    coming = [d for d in options if d > ref]
    if rel.startswith("dern") or rel.startswith("pass"):
        return past[-1] if past else None
    if rel.startswith("proch"):
        return coming[0] if coming else None
    nearest = min(options, key=lambda d: abs((d - ref).days), default=None)
    if nearest is None or abs((nearest - ref).days) <= _NEAR_DAYS:
        return nearest
    if tense == "past" and past:
        return past[-1]
    if tense == "future" and coming:
        return coming[0]
    return nearest


def _weekday(ref: dt.date, weekday: int, *, future: bool, this_week: bool) -> dt.date:
    if this_week:
        return ref + dt.timedelta(days=weekday - ref.weekday())
    if future:
        return ref + dt.timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)
    return ref - dt.timedelta(days=(ref.weekday() - weekday) % 7)


def _part(m: re.Match[str], group: str = "part") -> str | None:
    part = (m.groupdict().get(group) or "").lower()
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


def _day_number(text: str) -> int:
    return 1 if text.lower() in ("1er", "1ᵉʳ", "premier") else int(text)


# ---------------------------------------------------------------- days named by weekday

_DAY_OFFSETS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "aujourd’hui": 0,
                "demain": 1, "après-demain": 2}


def _weekday_date(ctx: _Context, m: re.Match[str], wanted: int, *, dem: str = "",
                  rel: str = "", start: int | None = None) -> dt.date | None:
    """A weekday against the publication date: "ce jeudi" this week's, "jeudi prochain" and
    a future tense or "jusqu'à jeudi" the next one, else the last one on or before."""
    if ctx.published is None:
        return None
    dem, rel = dem.lower(), rel.lower()
    if "même" in dem and ctx.anchor_day and ctx.anchor_day.weekday() == wanted:
        return ctx.anchor_day
    here = m.start() if start is None else start
    forward = bool(_FORWARD.search(ctx.text[max(0, here - 20):here]))
    tense = None if rel else _tense(ctx, m)
    future = rel.startswith("proch") or (not rel and (tense == "future" or
                                                       (forward and tense != "past")))
    this_week = dem.startswith("ce") and not rel and "même" not in dem
    day = _weekday(ctx.published, wanted, future=future, this_week=this_week)
    if future and not rel and not this_week and wanted == ctx.published.weekday():
        day = ctx.published  # "Obama visitera vendredi…" written on a Friday: that day
    return day


def _weekday_number(ctx: _Context, wanted: int, number: int) -> dt.date | None:
    """"mardi 14": the Tuesday the 14th nearest the publication date (a wrong weekday
    keeps the 14th nearest publication)."""
    ref = ctx.published
    if ref is None:
        return None
    days = [d for k in range(-6, 7)
            if (d := _date(*_add_months(ref.year, ref.month, k), number))]
    right = [d for d in days if d.weekday() == wanted] or days
    return min(right, key=lambda d: abs((d - ref).days), default=None)


def _dayp(p: str) -> str:
    """A named day: "hier", "demain", "jeudi", "ce jeudi", "jeudi 14" (groups prefixed p)."""
    return (rf"(?:(?P<{p}rd>avant-hier|après-demain|hier|aujourd{_A}hui|demain)|"
            rf"(?:(?P<{p}dem>ce|le|ce\s+même)\s+)?(?P<{p}wd>{_WDS})"
            rf"(?:\s+(?P<{p}dn>1er|[0-3]?\d)(?!\s*(?:h\b|heures|[:.,]?\d)))?)")


def _dayp_date(m: re.Match[str], ctx: _Context, p: str) -> dt.date | None:
    if ctx.published is None:
        return None
    if m[f"{p}rd"]:
        return ctx.published + dt.timedelta(days=_DAY_OFFSETS[m[f"{p}rd"].lower()])
    wanted = WEEKDAYS[m[f"{p}wd"].lower()]
    if m[f"{p}dn"]:
        return _weekday_number(ctx, wanted, _day_number(m[f"{p}dn"]))
    return _weekday_date(ctx, m, wanted, dem=m[f"{p}dem"] or "", start=m.start(f"{p}wd"))


# ---------------------------------------------------------------- calendar dates

def _full_date(m: re.Match[str], ctx: _Context) -> Value | None:
    month = _FULL_MONTHS[m["month"].lower()]
    day = _day_number(m["day"])
    if m["year"]:
        year = int(m["year"])
        year += (1900 if year > 30 else 2000) if year < 100 else 0
        return _day_value(_date(year, month, day), m)
    if ctx.published is None:
        return None
    if m["yrel"]:
        step = 1 if "proch" in m["yrel"].lower() else -1
        return _day_value(_date(ctx.published.year + step, month, day), m)
    if m["wd"] and not m["rel"]:  # "mardi 29 août": the year whose 29 August is a Tuesday
        ref, wanted = ctx.published, WEEKDAYS[m["wd"].lower()]
        fits = [d for y in (ref.year - 1, ref.year, ref.year + 1)
                if (d := _date(y, month, day)) and d.weekday() == wanted]
        if fits:
            return _day_value(min(fits, key=lambda d: abs((d - ref).days)), m)
    tense = None if m["rel"] else _tense(ctx, m)
    return _day_value(_nearest(ctx.published, month, day, (m["rel"] or "").lower(), tense), m)


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
    elif not rel:
        year = _month_year_of(ctx, m, month)
    return f"{year:04d}-{month:02d}", "date"


# Months from publication within which a month without a year is the nearest one ("en
# décembre" written in January is the last December); beyond, the tense chooses, else the
# publication year (the convention of the annotated gold for "en juin" in July).
_NEAR_MONTHS = 2


def _month_year_of(ctx: _Context, m: re.Match[str], month: int) -> int:
    ref = ctx.published
    assert ref is not None
    here = ref.year * 12 + ref.month - 1
    options = [y * 12 + month - 1 for y in (ref.year - 1, ref.year, ref.year + 1)]
    nearest = min(options, key=lambda i: abs(i - here))
    if abs(nearest - here) <= _NEAR_MONTHS:
        return nearest // 12
    tense = _tense(ctx, m)
    if tense == "past":
        return max(i for i in options if i <= here) // 12
    if tense == "future":
        return min(i for i in options if i >= here) // 12
    return ref.year


def _shared_rel(text: str, end: int) -> str | None:
    """"mai" in "en mai et juin derniers" takes the "derniers" of the pair."""
    pair = re.match(rf"\s+et\s+{_MONTH}\s+{_REL}", text[end:end + 40], re.I)
    return pair["rel"] if pair else None


_NOT_YEAR = re.compile(rf"\s*(?:{_alt(_words('notyear'))})(?!\w)", re.I)
# Words before a bare number that make it a count: "quelque 1500 agriculteurs".
_COUNT_BEFORE = re.compile(r"(?:\bquelque|\benviron|\bprès\s+de|\bplus\s+de|\bmoins\s+de|"
                           r"\bau\s+moins|\bles|\bdes|\bses|\bces|\bleurs|\bnos|\bvos|\bsur)\s*$",
                           re.I)
_YEAR_CUE = re.compile(r"(?:\ben|\bde|\bd['’]|\bdepuis|\bdès|\bà|\bavant|\baprès|\bentre|\bet|"
                       r"\bjusqu['’]en|\bvers|\bfin|\bdébut|\bmi-|\bannée|\bl['’]an|\bd['’]ici)"
                       r"\s*$", re.I)


def _plural_noun_follows(text: str, end: int) -> bool:
    """Whether a lowercase plural-looking word follows ``end`` ("1500 agriculteurs")."""
    after = re.match(r"\s+([a-zàâçéèêëîïôûùüÿœ]{4,})\b", text[end:end + 30])
    return bool(after) and after[1][-1] in "sx" and after[1] not in _words("notnoun")  # type: ignore[index]


def _year(m: re.Match[str], ctx: _Context) -> Value | None:
    before = ctx.text[max(0, m.start("year") - 2):m.start("year")]
    if re.search(r"\d\s?$|[\d,.]$", before) or _NOT_YEAR.match(ctx.text, m.end()):
        return None
    if m.start("year") == m.start():  # a bare number: a count unless something says year
        wide = ctx.text[max(0, m.start() - 14):m.start()]
        if not _YEAR_CUE.search(wide) and (_COUNT_BEFORE.search(wide) or
                                           _plural_noun_follows(ctx.text, m.end())):
            return None
    return m["year"], "date"


def _decade(m: re.Match[str], ctx: _Context) -> Value | None:
    """"les années 1990" → ``199``, "les années 80" → ``198`` (ISO 8601 decade)."""
    digits = m["dec"]
    century = digits[:2] if len(digits) == 4 else "19"
    return f"{century}{digits[-2]}", "date"


def _roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for char, following in zip(text, [*text[1:], ""], strict=True):
        value = values[char]
        total += -value if following and values[following] > value else value
    return total


def _century(m: re.Match[str], ctx: _Context) -> Value | None:
    """"XIXe siècle" → ``18`` (ISO 8601: the first two digits of its years)."""
    if m["roman"]:
        number = _roman(m["roman"])
    elif m["cnum"]:
        number = int(m["cnum"])
    elif m["cword"]:
        number = int(_words("ordinal")[re.sub(r"\s+", " ", m["cword"].lower())])
    else:  # "le siècle dernier", "au début du siècle": the publication's century
        if ctx.published is None:
            return None
        number = ctx.published.year // 100 + 1 - (1 if m["crel"] or m["crel2"] else 0)
    return (f"{number - 1:02d}", "date") if 1 <= number <= 30 else None


def _half(m: re.Match[str], ctx: _Context) -> Value | None:
    year = m["year"] or (str(ctx.published.year) if ctx.published else None)
    if year is None:
        return None
    order = m["ord"].lower()
    index = (1 if order.startswith(("prem", "1")) else 2 if order.startswith(("sec", "deux", "2"))
             else 3 if order.startswith(("trois", "3")) else 4)
    letter = "H" if m["kind"].lower() == "semestre" else "Q"
    return f"{year}-{letter}{index}", "date"


def _holiday(m: re.Match[str], ctx: _Context) -> Value | None:
    """"Noël", "Pâques 2024", "la Toussaint dernière": the feast's day, nearest publication."""
    name = re.sub(r"\s+", " ", m["feast"].lower()).replace("’", "'")
    if " " not in name and m["feast"][0].isalpha() and not m["feast"][0].isupper():
        return None  # "l'ascension du mont Blanc"
    if re.match(r"\s+[A-ZÀ-Ý]", ctx.text[m.end():m.end() + 2]):
        return None  # "Noël Mamère", "Toussaint Louverture"
    rule = _words("holiday")[name] if name in _words("holiday") else \
        _words("holiday")[name.replace("'", "’")]

    def on(year: int) -> dt.date | None:
        if rule.startswith("E"):
            return _easter(year) + dt.timedelta(days=int(rule[1:]))
        month, day = (int(p) for p in rule.split("-"))
        return _date(year, month, day)

    if m["hyear"]:
        day = on(int(m["hyear"]))
        return (day.isoformat(), "date") if day else None
    if ctx.published is None:
        return None
    ref, rel = ctx.published, (m["rel"] or "").lower()
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := on(y))]
    if rel.startswith(("dern", "pass")):
        options = [d for d in options if d <= ref][-1:]
    elif rel.startswith("proch"):
        options = [d for d in options if d > ref][:1]
    best = min(options, key=lambda d: abs((d - ref).days), default=None)
    if best is not None and not rel and abs((best - ref).days) > _NEAR_DAYS:
        tense = _tense(ctx, m)  # "le défilé du 14-Juillet sera…" in November: the next one
        if tense == "past":
            best = max((d for d in options if d <= ref), default=best)
        elif tense == "future":
            best = min((d for d in options if d >= ref), default=best)
    return (best.isoformat(), "date") if best else None


def _english_date(m: re.Match[str], ctx: _Context) -> Value | None:
    """"March 16, 2020": the date line of an embedded social post."""
    day = _date(int(m["eyear"]), EN_MONTHS[m["emonth"].lower()], int(m["eday"]))
    return (day.isoformat(), "date") if day else None


# ---------------------------------------------------------------- relative to publication

def _relative_day(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None:
        return None
    offset = _DAY_OFFSETS[m["rd"].lower()]
    return _day_value(ctx.published + dt.timedelta(days=offset), m)


def _this_part(m: re.Match[str], ctx: _Context) -> Value | None:
    """"ce matin", "ce soir", "cette nuit" (the last one, or the coming one in the future
    tense), "la nuit dernière", "ce midi", "ce jour": the publication day."""
    if ctx.published is None:
        return None
    word = m["part"].lower()
    if word == "jour":
        return ctx.published.isoformat(), "date"
    if word == "midi":
        return f"{ctx.published.isoformat()}T12:00", "time"
    token = _part(m)
    back = token == "NI" and (m["last"] is not None or not _future(ctx, m))
    day = ctx.published - dt.timedelta(days=1 if back else 0)
    return f"{day.isoformat()}T{token}", "time"


def _weekday_rule(m: re.Match[str], ctx: _Context) -> Value | None:
    day = _weekday_date(ctx, m, WEEKDAYS[m["wd"].lower()], dem=m["dem"] or "",
                        rel=m["rel"] or "")
    return _day_value(day, m)


def _weekday_day(m: re.Match[str], ctx: _Context) -> Value | None:
    """"mardi 14", "le vendredi 3 au soir": a weekday with its day number, no month."""
    if ctx.published is None or _plural_noun_follows(ctx.text, m.end("dn")):
        return None
    wanted, number = WEEKDAYS[m["wd"].lower()], _day_number(m["dn"])
    following = _range_end(ctx, m.end())
    if following is not None:  # "du lundi 3 au mercredi 5 mars": the month of the end
        return _day_value(_in_month_of(following, number), m)
    return _day_value(_weekday_number(ctx, wanted, number), m)


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


def _step(rel: str | None) -> int:
    rel = (rel or "").lower()
    return -1 if rel.startswith(("dern", "pass")) else 1 if rel.startswith("proch") else 0


def _week_rule(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None:
        return None
    return _week(ctx.published + dt.timedelta(days=7 * _step(m["rel"]))), "date"


def _month_rel(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None:
        return None
    year, month = _add_months(ctx.published.year, ctx.published.month, _step(m["rel"]))
    return f"{year:04d}-{month:02d}", "date"


def _year_rel(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None:
        return None
    return str(ctx.published.year + _step(m["rel"])), "date"


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
    return _words("unit")[re.sub(r"\s+", " ", word.lower())]


def _ago(m: re.Match[str], ctx: _Context) -> Value | None:
    """"il y a deux ans" → the year it points to; "dans trois jours" → the day."""
    if ctx.published is None:
        return None
    amount = int(_words("approx")[m["approx"].lower()]) if m["approx"] else int(_number(m["n"]))
    sign = 1 if m["dir"].lower() in ("dans", "d'ici", "d’ici") else -1
    unit = _unit(m["unit"])
    if m["exact"] and unit in ("Y", "M"):  # "il y a un an jour pour jour": that very day
        months = amount * (12 if unit == "Y" else 1) * sign
        year, month = _add_months(ctx.published.year, ctx.published.month, months)
        day = _date(year, month, min(ctx.published.day, calendar.monthrange(year, month)[1]))
        return (day.isoformat(), "date") if day else None
    return _offset(ctx.published.isoformat(), sign * amount, unit)


# ---------------------------------------------------------------- relative to the narrative

def _later(m: re.Match[str], ctx: _Context) -> Value | None:
    """"deux mois plus tard", "six ans plus tôt" from the last date of the story; "vingt ans
    plus tard que …" compares two delays: a duration."""
    after = ctx.text[m.end():m.end() + 12]
    if re.match(rf"\s+(?:que|qu{_A})", after):
        return _duration(m, ctx)
    if ctx.anchor_value is None:
        return None
    sign = 1 if re.sub(r"\s+", " ", m["dir"].lower()) == "plus tard" else -1
    return _offset(ctx.anchor_value, sign * int(_number(m["n"])), _unit(m["unit"]))


def _offset(anchor: str, n: int, unit: str) -> Value | None:
    value = _shift(anchor, n, unit)
    return (value, "date") if value else None


def _anchored(m: re.Match[str], ctx: _Context) -> Value | None:
    """"le lendemain", "la veille", "ce jour-là", "le soir même", "dans la nuit": a day
    counted from the last day of the story."""
    if ctx.anchor_day is None:
        return None
    found = m.groupdict()
    word = re.sub(r"\s+", " ", (found.get("anc") or "").lower())
    step = (2 if "surlendemain" in word else 1 if "lendemain" in word or "suivant" in word
            else -1 if "veille" in word else 0)
    day = ctx.anchor_day + dt.timedelta(days=step)
    part = next((found[k] for k in ("dpart", "part2", "part3") if found.get(k)), None)
    if found.get("anc") is None and part and part[0].isupper():
        return None  # "la Journée mondiale de…" names an event
    if found.get("anc") is None and part:
        token = _words("part").get(part.lower())
        return (f"{day.isoformat()}T{token}", "time") if token else (day.isoformat(), "date")
    for key, token in (("soir", "EV"), ("matin", "MO"), ("nuit", "NI"), ("après-midi", "AF")):
        if key in word and not _part(m):
            return f"{day.isoformat()}T{token}", "time"
    return _day_value(day, m)


def _anaphoric_period(m: re.Match[str], ctx: _Context) -> Value | None:
    """"cette année-là", "l'année suivante", "le mois précédent", "la semaine d'après":
    the year, month or week of the last date of the story, or next to it."""
    anchor = ctx.anchor_value
    if anchor is None:
        return None
    direction = (m["adir"] or "").lower()
    step = 1 if direction.startswith(("suiv", "d'ap", "d’ap")) else \
        -1 if direction.startswith(("préc", "d'av", "d’av")) else 0
    unit = m["aunit"].lower()
    if unit.startswith("an"):
        return _shift(anchor[:4], step, "Y"), "date"
    if unit == "mois":
        return (_shift(anchor[:7], step, "M"), "date") if len(anchor) >= 7 else None
    if ctx.anchor_day is None:
        return None
    return _week(ctx.anchor_day + dt.timedelta(days=7 * step)), "date"


def _part_of_day(m: re.Match[str], ctx: _Context) -> Value | None:
    """"en début de soirée", "fin de matinée vendredi": a part of a named day, else of the
    last day of the story."""
    day = _dayp_date(m, ctx, "p") if (m["prd"] or m["pwd"]) else ctx.anchor_day
    if day is None:
        return None
    token = _words("part").get(m["pp"].lower())
    return (f"{day.isoformat()}T{token}", "time") if token else (day.isoformat(), "date")


def _night(m: re.Match[str], ctx: _Context) -> Value | None:
    """"dans la nuit de mercredi à jeudi", "la nuit du 3 au 4 mars": the night that starts
    on the first day (TimeML ``TNI``)."""
    if m["nwd"] or m["nrd"]:
        day = _dayp_date(m, ctx, "n")
    else:
        view = _Match(m, {"yrel": None, "wd": None, "rel": None, "part": None})
        end = _full_date(view, ctx)  # type: ignore[arg-type]
        if end is None or end[0] is None:
            return None
        day = _in_month_of(dt.date.fromisoformat(end[0][:10]), int(m["nd"]))
    return (f"{day.isoformat()}TNI", "time") if day else None


# ---------------------------------------------------------------- clock times

def _clock_reading(m: re.Match[str]) -> tuple[int, int] | None:
    """(hour, minute) of a clock match on a 24-hour dial, or None if it is no hour."""
    if m["noon"]:
        hour, minute = (12 if m["noon"].lower() == "midi" else 0), 0
        frac = (m["frac2"] or "").lower()
    elif m["hw"]:
        hour = int(_number(m["hw"]))
        minute = int(_number(m["mw"])) if m["mw"] else 0
        frac = (m["frac"] or "").lower()
        if m["less"]:
            hour, minute = hour - 1, 45
    else:
        hour, minute, frac = int(m["h"] or m["h2"]), int(m["m"] or m["m2"] or 0), ""
    minute += 30 if frac.startswith("demi") else 15 if frac == "quart" else 0
    half = _words("clockpart").get(re.sub(r"\s+", " ", (m["q"] or "").lower()))
    if (m["cpart"] and m["cpart"].lower() in ("soir", "après-midi")) or \
            (m["tail"] or "").lower().endswith(("soir", "après-midi")):
        half = half or "PM"
    if m["noon"]:
        half = None  # "minuit ce jeudi soir" stays at 00:00
    if (half == "PM" and hour < 12) or (half == "NIGHT" and 6 <= hour < 12):
        hour += 12
    elif half == "AM" and hour == 12:
        hour = 0
    return (hour, minute) if 0 <= hour <= 23 and 0 <= minute <= 59 else None


# Characters before "15 heures" searched for a clock cue ("aux alentours de " is 17):
# measured on FTiB + annotated (2026-11-29), where it separates clock times from durations.
_CLOCK_LOOKBACK = 18
_CLOCK_CUE = re.compile(r"(?:\bà|\bvers|\bdès|\bentre|\bjusqu['’]à|\bavant|\baprès|\bsoit|"
                        r"\bpartir\s+de|\bdepuis|\balentours\s+de|\bautour\s+de|\bcoup\s+de|"
                        r"\bpeu\s+avant|\bpeu\s+après|\bil\s+est|\bil\s+était|"
                        rf"\b(?:{_WDS})|\bhier|\bdemain|\baujourd{_A}hui)\s*,?\s*$", re.I)
_DURATION_CUE = re.compile(r"(?:\bpendant|\bdurant|\ben|\bplus\s+de|\bmoins\s+de|\bprès\s+de|"
                           r"\benviron|\bau\s+bout\s+d['’]|\brecord\s+de|\bchrono\s+de|\bles|"
                           r"\bdes|\bses|\bdurée\s+de|\bd['’]une|\bd['’]un|\bpour|\bdur\w*|"
                           r"\bfallu|\bfaut|\bfaudra|\bmis|\bmet|\bmettra|\bpassé|\breste|"
                           r"\brestait|\bdernières|\bpremières|\bprochaines)\s*$", re.I)
# What follows a number of hours that measures a length: "de route", "de Paris", "d'attente".
_LENGTH_OF = re.compile(r"\s+(?:de|d['’])\s*(?:[A-ZÉÈ]|(?:route|train|vol|marche|voiture|avion|bus|"
                        r"bateau|trajet|TGV|débat|débats|discussion|discussions|négociations?|"
                        r"audience|garde|travail|grève|attente|queue|retard|décalage|cours|"
                        r"vidéo|film|programme|émission|enregistrement|sommeil|repos|"
                        r"combat|combats|match|jeu|course|marche|vol)\b)")
_RANGE_END = re.compile(r"\d\s*h(?:eures?)?(?:\s*\d\d)?\s+(?:à|et)\s*$", re.I)
_LINE_START = re.compile(r"(?:^|\n)[\s•·*–—-]*$")


def _is_clock(m: re.Match[str], ctx: _Context) -> bool:
    """Whether a number of hours is a clock time, not a duration ("3 h 30 de route")."""
    before = ctx.text[max(0, m.start() - _CLOCK_LOOKBACK):m.start()]
    cue = bool(_CLOCK_CUE.search(before))
    if _RANGE_END.search(before):  # "de 10 h à 12 h": the second end is what the first is
        return bool(ctx.found and ctx.found[-1].type == "time")
    if m["zone"] or m["zone2"] or m["q"] or m["tail"] or m["vers"]:
        return True
    if _LENGTH_OF.match(ctx.text, m.end()):
        return False  # "à deux heures de Paris", "2 h 30 de route"
    if m["noon"]:
        return m["noon"].islower() and (cue or bool(re.search(r"\b(?:de|d['’]ici)\s*$", before)))
    if _DURATION_CUE.search(before):
        return False
    if m["h2"] or m["m"]:  # "14 h 10", "16:50"; not "2 h 30 min"
        return not re.search(r"min$", m["t"])
    if m["h"] and _LINE_START.search(ctx.text[max(0, m.start() - 8):m.start()]):
        return True  # "14h : …" heading a live-blog entry
    return cue or bool(re.search(r"\bde\s*$", before) and
                       re.match(r"\s+à\s+\d", ctx.text[m.end():]))


def _clock(m: re.Match[str], ctx: _Context) -> Value | None:
    reading = _clock_reading(m)
    if reading is None or not _is_clock(m, ctx):
        return None
    hour, minute = reading
    tail = (m["tail"] or "").lower()
    day: dt.date | None
    if m["crd"] or m["cwd"]:
        day = _dayp_date(m, ctx, "c")
    elif tail.startswith(("ce ", "cet ")) and ctx.published:
        day = ctx.published
    else:
        day = ctx.anchor_day or ctx.published
    if day is None:  # a clock time on an unknown day: found, not guessed (not a duration)
        return None, "time"
    if m["noon"] and hour == 0 and ("soir" in tail or m["cpart"]):
        day += dt.timedelta(days=1)  # "minuit ce jeudi soir": the midnight that ends it
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}{_zone(m, day)}", "time"


@cache
def _zones() -> dict[str, str]:
    return {word.lower(): zone for word, zone in _words("zone").items()}


def _zone(m: re.Match[str], day: dt.date) -> str:
    written = m["zone"] or m["zone2"] or ""
    zone = _zones().get(re.sub(r"\s+", " ", written.lower().strip()), "")
    if zone == "CET":
        return _paris_offset(day)
    return "Z" if zone == "Z" else ""


def _day_clock(m: re.Match[str], ctx: _Context) -> Value | None:
    """"vendredi midi", "demain midi": a named day and its noon or midnight."""
    day = _dayp_date(m, ctx, "d")
    if day is None:
        return None
    if m["noon"].lower() == "minuit":
        return f"{(day + dt.timedelta(days=1)).isoformat()}T00:00", "time"
    return f"{day.isoformat()}T12:00", "time"


def _hours(m: re.Match[str], ctx: _Context) -> Value | None:
    """"3 h 30" that is no clock time: a duration."""
    return f"PT{int(m['h'])}H" + (f"{int(m['m'])}M" if m["m"] else ""), "duration"


# ---------------------------------------------------------------- durations and sets

_AGE_BEFORE = re.compile(r"(?:\bâgée?s?\s+d(?:e|['’])|\bl['’]âge\s+d(?:e|['’])|\b(?:a|avait|aura|"
                         r"ont|avaient|fête\s+ses|fêtait\s+ses|fêtera\s+ses)\s|[,(]|"
                         r"\b(?:les|aux|des)\s+(?:moins|plus)\s+de|\bde\s+\d+\s+à)\s*$", re.I)
_PERSON_SUFFIX = re.compile(r"(?<!m)(?:eur|euse|rice|iste|ien|ienne|ant|ante|ent|ente|ais|aise|"
                            r"ois|oise)s?$")


def _is_age(m: re.Match[str], ctx: _Context) -> bool:
    """"Jean, 34 ans,", "âgé de 34 ans", "un cycliste de 34 ans", "les 18-25 ans", "mort à
    85 ans"."""
    before = ctx.text[max(0, m.start() - 24):m.start()]
    after = ctx.text[m.end():m.end() + 2]
    if re.search(r"\d\s*[-–]\s*$", before):
        return True
    if re.match(r"(?:moins|plus)\s+d", m["t"], re.I) and \
            re.search(r"\b(?:les|aux|des)\s*$", before, re.I):
        return True  # "interdit aux moins de 16 ans"
    if re.search(r"(?:^|[^'’\w])à\s*$", before, re.I):  # "mort à 85 ans", not "à 10 ans de prison"
        return not re.match(r"\s+(?:de|d['’]|ferme|avec)\b", ctx.text[m.end():m.end() + 8])
    if _AGE_BEFORE.search(before):
        return not before.rstrip().endswith(("(", ",")) or bool(re.match(r"\s*[,)]|\s*$",
                                                                         after))
    noun = re.search(r"\b(\w+)\s+d(?:e\s+|['’])$", before)
    if noun is None:
        return False
    word = noun[1].lower()
    singular = word[:-1] if word.endswith(("s", "x")) and len(word) > 3 else word
    if word in _words("notperson"):
        return False
    return singular in _words("agenoun") or bool(_PERSON_SUFFIX.search(word))


def _duration(m: re.Match[str], ctx: _Context) -> Value | None:
    unit = _unit(m["unit"])
    if unit == "Y" and not m.groupdict().get("vague") and _is_age(m, ctx):
        return None
    amount = "X" if m.groupdict().get("vague") else _fmt(_number(m["n"]))
    if unit == "DE":
        return (f"P{amount}0Y" if amount != "X" else "PXDE"), "duration"
    if unit == "CE":
        return (f"P{amount}00Y" if amount != "X" else "PXCE"), "duration"
    if unit.startswith("T"):
        return f"PT{amount}{unit[1]}", "duration"
    return f"P{amount}{unit}", "duration"


def _set(m: re.Match[str], ctx: _Context) -> Value | None:
    """"chaque lundi", "tous les jeudis" → ``XXXX-WXX-n``; "chaque année", "par semaine",
    "deux fois par mois", "tous les trois ans" → the period; "annuel" → ``P1Y``."""
    found = m.groupdict()
    if found.get("swd"):
        return f"XXXX-WXX-{WEEKDAYS[found['swd'].lower()] + 1}", "set"
    if found.get("adj"):
        before = ctx.text[max(0, m.start() - 5):m.start()]
        if re.search(r"(?:\b(?:le|un|du|au|ce|les|des|aux|ces)\s|l['’])$", before, re.I):
            return None
        return _words("set")[m["adj"].lower()], "set"
    if found.get("per") and re.search(r"\bjour\s+par\s+jour|\bpas\s+à\s+pas",
                                       ctx.text[max(0, m.start() - 5):m.end()]):
        return None
    word = (found.get("per") or found.get("sunit") or "").lower()
    unit = {"matin": "D", "soir": "D", "nuit": "D", "week-end": "W", "trimestre": "3M",
            "semestre": "6M"}.get(word) or _unit(word)
    every = _fmt(_number(found["every"])) if found.get("every") else "1"
    if unit[0].isdigit():
        return f"P{unit}", "set"
    return (f"PT{every}{unit[1]}" if unit.startswith("T") else f"P{every}{unit}"), "set"


# ---------------------------------------------------------------- ranges

def _range_end(ctx: _Context, end: int) -> dt.date | None:
    """The full date that closes a range starting just before ``end`` ("… au 5 mars")."""
    link = re.match(rf"(?:\s*,\s*[0-3]?\d)*\s*(?:au|et|ou|à|-|–)\s+(?:le\s+)?(?:{_WDS}\s+)?"
                    rf"(?=[0-3]?\d(?:er)?\s+(?:{_alt(_FULL_MONTHS)}))", ctx.text[end:end + 60],
                    re.I)
    if link is None:
        return None
    following = _rules()[0][0].match(ctx.text, end + link.end())
    resolved = _full_date(following, ctx) if following else None
    if resolved is None or resolved[0] is None:
        return None
    return dt.date.fromisoformat(resolved[0][:10])


def _in_month_of(end: dt.date, number: int) -> dt.date | None:
    """Day ``number`` of ``end``'s month, or of the month before when it would follow it."""
    day = _date(end.year, end.month, number)
    if day is None or day > end:
        year, month = _add_months(end.year, end.month, -1)
        day = _date(year, month, number)
    return day


def _first_of_pair(m: re.Match[str], ctx: _Context) -> Value | None:
    """"6" in "les 6 et 13 avril", "3" in "du 3 au 5 mars": the month of the date after."""
    following = _range_end(ctx, m.end())
    if following is None:
        return None
    day = _in_month_of(following, int(m["d1"]))
    return (day.isoformat(), "date") if day else None


# ---------------------------------------------------------------- references, numbers

@cache
def _refs() -> dict[str, str]:
    """"actuellement" → PRESENT_REF…"""
    return dict(_words("ref"))


def _reference(m: re.Match[str], ctx: _Context) -> Value | None:
    value = _refs()[re.sub(r"\s+", " ", m["t"].lower().replace("’", "'"))]
    return value, "time"


def _period(m: re.Match[str], ctx: _Context) -> Value | None:
    return _words("period")[m["t"].lower()], "duration"


def _numeric(m: re.Match[str], ctx: _Context) -> Value | None:
    """"20/05/2012", "20.05.2012", "2012-05-20"."""
    if m["y2"]:
        day = _date(int(m["y2"]), int(m["mo2"]), int(m["d2"]))
    else:
        day = _date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return (day.isoformat(), "date") if day else None


# ---------------------------------------------------------------- the grammar

Rule = tuple[re.Pattern[str], Callable[[re.Match[str], _Context], Value | None],
             re.Pattern[str]]


def _rule(pattern: str, handler: Callable[[re.Match[str], _Context], Value | None]) -> Rule:
    """A rule: its pattern, its handler, and its core, a word that each of its matches holds
    (the pattern runs only around the core's occurrences: French text is long, timexes few)."""
    core = re.compile(rf"\b(?:{_cores()[handler.__name__]})")  # searched in lowercase text
    return re.compile(rf"(?<!\w)(?P<t>{pattern})(?!\w)", re.I), handler, core


@cache
def _cores() -> dict[str, str]:
    months, weekdays = _alt(_FULL_MONTHS), _WDS
    units = _alt(_words("unit"))
    return {
        "_full_date": months, "_numeric": r"\d+[/.-]\d", "_month_year": months, "_month": months,
        "_year": r"(?:1\d|20)\d\d", "_decade_any": r"années|décennie", "_century": "siècle",
        "_half": "semestre|trimestre", "_holiday": _alt(_words("holiday")),
        "_english_date": _alt(EN_MONTHS), "_relative_day": r"hier|demain|aujourd",
        "_this_part_any": r"matin|après-midi|soir|nuit|midi|jour",
        "_weekday_day": weekdays, "_weekday_rule": weekdays, "_weekend": "week",
        "_week_rule": "semaine", "_month_rel": "mois", "_year_rel": r"\ban(?:née)?\b",
        "_season": _alt(_words("season")), "_ago_checked": units,
        "_clock": r"\d|heure|midi|minuit", "_day_clock": "midi|minuit", "_hours": r"\d+\s*h",
        "_duration": units, "_later": r"plus\s+t", "_anchored":
            r"lendemain|veille|même|jour|là|nuit|soirée|matinée|journée|matin|après-midi",
        "_anaphoric_any": r"là|suivant|précédent|d['’]après|d['’]avant",
        "_part_of_day": r"matinée|soirée|après-midi|journée|nuit", "_night_any": "nuit",
        "_first_of_pair": months, "_reference": _alt(_refs()),
        "_period": _alt(_words("period")),
        "_set_any": rf"chaque|tous\s+les|toutes\s+les|{_alt(_words('set'))}|par\s+(?:jour|"
                    r"semaine|mois|an|année|heure|minute|nuit|week-end|trimestre|semestre)",
    }


@cache
def _rules() -> tuple[Rule, ...]:
    """The grammar, in priority order for candidates of the same span (the full date first)."""
    return _calendar_rules() + _relative_rules() + _clock_rules() + _amount_rules()


def _calendar_rules() -> tuple[Rule, ...]:
    """Dates, months, years, decades, centuries, halves, feasts: absolute expressions."""
    ordinals = _alt(_words("ordinal"))
    feasts = _alt(_words("holiday"))
    return (
        _rule(rf"(?:le\s+)?(?:{_WD}\s+)?{_DAY}\s+{_MONTH}(?:\s+{_YEAR})?(?:\s+{_REL})?"
              rf"(?:\s+(?P<yrel>l{_A}an(?:née)?\s+(?:prochaine?|derni[eè]re?|passée?)))?"
              rf"(?:\s+{_PART})?", _full_date),
        _rule(r"(?P<d>[0-3]?\d)[/.](?P<mo>[01]?\d)[/.](?P<y>\d{4})"
              r"|(?P<y2>(?:19|20)\d\d)-(?P<mo2>[01]\d)-(?P<d2>[0-3]\d)", _numeric),
        _rule(rf"(?:(?:début|fin|mi-)\s*)?{_MONTH}\s+{_YEAR}", _month_year),
        _rule(rf"(?:(?P<edge>début|fin|mi-)\s*|(?P<edge2>mois\s+d(?:e\s+|{_A})))?{_MONTH}"
              rf"(?:\s+{_REL})?",
              _month),
        _rule(rf"(?:(?:la\s+|le\s+|au\s+)?(?:début|fin|milieu)\s+(?:de\s+l{_A}année\s+)?"
              rf"|l{_A}année\s+)?(?P<year>(?:1[0-9]|20)\d\d)", _year),
        _rule(r"(?:(?:au\s+)?(?:(?:tout\s+)?début|fin|milieu)\s+des\s+|(?:dans\s+)?les\s+|"
              r"des\s+|aux\s+)?années\s+(?P<dec>(?:19|20)?\d0)(?![\d-])|"
              r"la\s+décennie\s+(?P<dec2>(?:19|20)\d0)", _decade_any),
        _rule(r"(?:(?:au\s+|le\s+|la\s+|du\s+)?(?:(?:tout\s+)?début|fin|milieu|cours|"
              r"tournant|aube)\s+du\s+|(?:au|le|du)\s+)?"
              rf"(?:(?P<roman>(?-i:[IVXL]{{1,6}}))\s?(?:e|è|ème|eme|ᵉ)|(?P<cnum>[12]?\d)\s?"
              rf"(?:e|è|ème|eme|ᵉ)|(?P<cword>{ordinals}))\s+siècles?"
              r"|(?:au\s+|le\s+|la\s+)?(?:(?:tout\s+)?début|fin|milieu)\s+du\s+siècle"
              r"(?:\s+(?P<crel>dernier|précédent|passé))?"
              r"|(?:au|le|du)\s+siècle\s+(?P<crel2>dernier|précédent|passé)"
              r"|(?:ce|notre)\s+siècle", _century),
        _rule(r"(?P<ord>premier|1er|second|deuxième|2e|troisième|3e|quatrième|4e)\s+"
              r"(?P<kind>semestre|trimestre)(?:\s+(?:de\s+)?(?P<year>(?:19|20)\d\d))?", _half),
        _rule(rf"(?P<feast>{feasts})(?:\s+(?P<hyear>(?:19|20)\d\d)|\s+{_REL})?", _holiday),
        _rule(rf"(?-i:(?P<emonth>{_alt(m.capitalize() for m in EN_MONTHS)}))\s+"
              r"(?P<eday>[0-3]?\d),\s+(?P<eyear>(?:19|20)\d\d)", _english_date),
    )


def _decade_any(m: re.Match[str], ctx: _Context) -> Value | None:
    if m["dec2"]:
        return m["dec2"][:3], "date"
    return _decade(m, ctx)


def _relative_rules() -> tuple[Rule, ...]:
    """Expressions that count from the publication date."""
    seasons = _alt(_words("season"))
    approx = _alt(_words("approx"))
    return (
        _rule(rf"(?P<rd>avant-hier|après-demain|hier|aujourd{_A}hui|demain)"
              rf"(?:\s+(?:{_WDS}))?(?:\s*,?\s+{_PART})?", _relative_day),
        _rule(r"(?:ce|cet|cette)\s+(?P<part>matin|après-midi|soir|nuit|midi|jour)(?![-‑]là)"
              r"|la\s+(?P<part_>nuit)\s+(?P<last>dernière|passée)", _this_part_any),
        _rule(rf"(?:(?P<dem>ce|le)\s+)?{_WD}\s+(?P<dn>1er|[0-3]?\d)(?!\s*(?:h\b|heures|"
              rf"[:.,]?\d|%))(?:\s+{_PART})?", _weekday_day),
        _rule(rf"(?:(?P<dem>ce|le|ce\s+même)\s+)?{_WD}(?:\s+{_REL})?(?:\s+{_PART})?",
              _weekday_rule),
        _rule(rf"(?:ce|le)\s+week-?\s?end(?:\s+{_REL})?", _weekend),
        _rule(rf"cette\s+semaine(?![-‑]là)|la\s+semaine\s+{_REL}|(?:(?:en|la|le|au|à\s+la)\s+)?"
              rf"(?:début|fin|milieu)\s+(?:de\s+la\s+|de\s+)semaine(?!\s+(?:derni|proch|pass))",
              _week_rule),
        _rule(rf"(?:(?:le\s+|au\s+)?(?:début|fin|milieu)\s+du\s+|le\s+)mois\s+{_REL}"
              r"|ce\s+mois(?:-ci)?(?![-‑]là)|(?:(?:la|le|au|à\s+la|en)\s+)?(?:début|fin|milieu)"
              rf"\s+(?:du|de)\s+mois(?!\s+(?:de\s|d{_A}|derni|proch|pass|suiv|préc))",
              _month_rel),
        _rule(rf"(?:(?:au|le|la|en)\s+)?(?:début|fin|milieu)\s+de\s+l{_A}année(?!\s+\d)"
              rf"|(?:en\s+)?(?:début|fin|milieu)\s+d{_A}année(?!\s+\d)"
              rf"|l{_A}an(?:née)?\s+{_REL}|cette\s+année(?![-‑]là)", _year_rel),
        _rule(rf"(?:(?P<det>l{_A}|le\s+|cet\s+|ce\s+))?(?P<season>{seasons})"
              rf"(?:\s+{_REL}|\s+(?P<year>(?:19|20)\d\d))?",
              _season),
        _rule(rf"(?P<dir>il\s+y\s+a|voilà|voici|dans|d{_A}ici)\s+(?:(?:maintenant|déjà|désormais|"
              r"aujourd['’]hui|tout\s+juste|juste|exactement|pile|bien|presque|près\s+de|environ|"
              rf"quelque|(?:un\s+peu\s+)?(?:plus|moins)\s+d(?:e|{_A}))\s*)*"
              rf"(?:(?P<n>{_NUM})|une\s+(?P<approx>{approx})\s+d{_A})\s*(?P<unit>{_UNITS})"
              r"(?P<exact>\s+jour\s+pour\s+jour)?", _ago_checked),
    )


def _this_part_any(m: re.Match[str], ctx: _Context) -> Value | None:
    if m["part_"]:
        if ctx.published is None:
            return None
        return f"{(ctx.published - dt.timedelta(days=1)).isoformat()}TNI", "time"
    return _this_part(m, ctx)


def _ago_checked(m: re.Match[str], ctx: _Context) -> Value | None:
    """"il y a N …" always; "dans N jours", "d'ici deux ans" only for days and longer
    units, and not "dans les …" nor "dans trois ans de prison"."""
    unit = _unit(m["unit"])
    if re.match(rf"\s+(?:que|qu{_A})", ctx.text[m.end():m.end() + 5]):
        view = _Match(m, {"n": m["n"] or _words("approx").get((m["approx"] or "").lower())})
        return _duration(view, ctx)  # type: ignore[arg-type]  # "voilà dix ans que …"
    ahead = m["dir"].lower().startswith("d")  # "dans", "d'ici"
    if ahead and (unit.startswith("T") or unit in ("DE", "CE") or
                  _NOT_AHEAD.match(ctx.text, m.end())):
        return None
    return _ago(m, ctx)


# "dans trois ans de prison", "d'ici un an à deux ans": no date ahead.
_NOT_AHEAD = re.compile(rf"\s+(?:de|d{_A})\s|\s+(?:à|et)\s+{_NUM}")


def _clock_rules() -> tuple[Rule, ...]:
    """Clock times, alone or with their day; numbers of hours that are durations."""
    zones = _alt(_words("zone"))
    halves = _alt(_words("clockpart"))
    clock = (
        r"(?P<vers>vers\s+)?(?:"
        r"(?P<h>[01]?\d|2[0-3])\s*(?:h|heures?)(?:\s*(?P<m>[0-5]\d)(?:\s*min\b)?)?(?!\s*%)"
        r"|(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)(?![:\d])"
        rf"|(?P<hw>{_WORD_NUM})\s+heures?(?:\s+(?:et\s+(?P<frac>demie|quart)|moins\s+(?:le\s+)?"
        rf"(?P<less>quart)|(?P<mw>{_WORD_NUM})(?!\s+(?:{_UNITS}))))?"
        r"|(?P<noon>midi|minuit)(?:\s+et\s+(?P<frac2>demie?|quart))?)"
        rf"(?:\s+(?P<q>{halves}))?"
        rf"(?:\s*(?P<zone>(?-i:GMT|UTC|TU)|{zones})|,\s+(?P<zone2>heure\s+(?:de\s+Paris|française"
        r"|de\s+France|locale)))?"
        rf"(?:[^\S\n]+(?P<tail>ce\s+matin|ce\s+soir|cet\s+après-midi|{_dayp('c')}"
        r"(?:\s+(?P<cpart>matin|soir|après-midi))?))?")
    return (
        _rule(clock, _clock),
        _rule(rf"{_dayp('d')}\s+(?P<noon>midi|minuit)", _day_clock),
        _rule(r"(?P<h>\d{1,2})\s*h(?:\s*(?P<m>[0-5]\d))?", _hours),
    )


def _amount_rules() -> tuple[Rule, ...]:
    """Durations, anchored days and periods, parts of days, nights, ranges, sets."""
    anchor = (rf"(?:le\s+|au\s+)?(?:sur)?lendemain(?:\s+{_PART})?|la\s+veille(?:\s+au\s+soir)?"
              r"|le\s+même\s+jour|le\s+jour\s+(?:même|suivant)|ce\s+(?:jour|soir|matin)[-‑]là"
              r"|cette\s+nuit[-‑]là|cet\s+après-midi[-‑]là|le\s+(?:soir|matin)\s+même")
    parts = (r"(?:tard\s+|tôt\s+)?(?:dans\s+)?(?:la\s+|l['’])(?P<dpart>nuit|soirée|matinée|journée|"
             r"après-midi)(?![-‑]là)|(?:tard\s+|tôt\s+)?en\s+(?P<part2>soirée|matinée)"
             r"|le\s+(?P<part3>matin)\s+même")
    per = r"jour|semaine|mois|an|année|heure|minute|nuit|week-end|trimestre|semestre"
    return (
        _rule(r"(?:(?:un\s+peu\s+)?(?:plus|moins)\s+d(?:e\s+|['’])|environ\s+|près\s+de\s+)?"
              r"(?:(?:les|ces)\s+)?(?:(?:dernières?|derniers?|premières?|premiers?)\s+)?"
              rf"(?:(?P<vague>plusieurs|quelques|(?<=pendant\s)des|(?<=depuis\s)des|"
              rf"(?<=durant\s)des)|(?P<n>{_NUM}))\s+"
              r"(?:(?:dernières?|derniers?|premières?|premiers?)\s+)?"
              rf"(?P<unit>{_UNITS})(?![-‑]lumière)(?:\s+(?:à|et)\s+{_NUM}\s+(?:{_UNITS}))?",
              _duration),
        _rule(rf"(?P<n>{_NUM})\s+(?P<unit>{_UNITS})\s+(?P<dir>plus\s+tard|plus\s+tôt)", _later),
        _rule(rf"(?P<anc>{anchor})|{parts}", _anchored),
        _rule(r"(?:cette\s+(?P<a1>année|semaine)[-‑]là|ce\s+mois[-‑]là)"
              r"|(?:l['’](?P<a2>année|an)|le\s+(?P<a3>mois)|la\s+(?P<a4>semaine))\s+"
              r"(?P<adir>suivante?|précédente?|d['’]après|d['’]avant)", _anaphoric_any),
        _rule(r"(?:en\s+|dans\s+la\s+|tard\s+dans\s+la\s+|tôt\s+dans\s+la\s+)?(?:début|fin|milieu)"
              r"\s+(?:de\s+|d['’])(?P<pp>matinée|soirée|après-midi|journée|nuit)"
              rf"(?:\s*,?\s+(?:de\s+)?{_dayp('p')})?", _part_of_day),
        _rule(rf"(?:dans\s+)?la\s+nuit\s+(?:de\s+|du\s+)(?:{_dayp('n')}(?:\s+(?:à|au)\s+(?:{_WDS})"
              rf"(?:\s+[0-3]?\d)?)?|(?P<nd>[0-3]?\d)(?:er)?\s+au\s+{_DAY}\s+{_MONTH}"
              rf"(?:\s+{_YEAR})?)", _night_any),
        _rule(r"(?:les\s+|du\s+)?(?P<d1>[0-3]?\d)(?:er)?(?=(?:\s*,\s*[0-3]?\d)*\s*(?:et|ou|au|à|-|–)"
              rf"\s+(?:le\s+)?(?:{_WDS}\s+)?[0-3]?\d(?:er)?\s+(?:{_alt(_FULL_MONTHS)}))",
              _first_of_pair),
        _rule(_alt(_refs()), _reference),
        _rule(_alt(_words("period")), _period),
        _rule(rf"chaque\s+(?:(?P<swd>{_WDS})|(?P<sunit>année|an|jour|semaine|mois|matin|soir|"
              rf"nuit|week-end|trimestre|semestre))|tous\s+les\s+(?P<swd2>{_WDS})s"
              rf"|(?:tous|toutes)\s+les\s+(?:(?P<every>{_NUM})\s+)?(?P<sunit2>jours|semaines|mois"
              r"|ans|années|heures|minutes|matins|soirs|nuits|week-ends|trimestres)"
              rf"|(?:(?:{_NUM})\s+(?:fois|jours|heures|nuits|soirs|matinées|séances)\s+)?par\s+"
              rf"(?P<per>{per})(?![-‑\w])"
              rf"|(?P<adj>{_alt(_words('set'))})", _set_any),
    )


def _anaphoric_any(m: re.Match[str], ctx: _Context) -> Value | None:
    unit = m["a1"] or m["a2"] or m["a3"] or m["a4"] or \
        ("mois" if "mois" in m["t"].lower() else None)
    if unit is None:
        return None
    view = _Match(m, {"aunit": unit, "adir": m["adir"]})
    return _anaphoric_period(view, ctx)  # type: ignore[arg-type]


def _night_any(m: re.Match[str], ctx: _Context) -> Value | None:
    if ctx.published is None and not m["year"]:
        return None
    return _night(m, ctx)


def _set_any(m: re.Match[str], ctx: _Context) -> Value | None:
    found = m.groupdict()
    extra = {"swd": found["swd"] or found["swd2"],
             "sunit": _singular_unit(found["sunit"] or found["sunit2"])}
    return _set(_Match(m, extra), ctx)  # type: ignore[arg-type]


def _singular_unit(word: str | None) -> str | None:
    if word is None:
        return None
    word = word.lower()
    return {"ans": "an", "années": "année", "jours": "jour", "semaines": "semaine",
            "heures": "heure", "minutes": "minute", "matins": "matin", "soirs": "soir",
            "nuits": "nuit", "week-ends": "week-end", "trimestres": "trimestre"}.get(word, word)


class _Match:
    """A match with some groups replaced: lets one handler serve several spellings."""

    def __init__(self, m: re.Match[str], extra: dict[str, str | None]) -> None:
        self._m, self._extra = m, extra

    def __getitem__(self, key: str) -> str | None:
        return self._extra[key] if key in self._extra else self._m[key]

    def groupdict(self) -> dict[str, str | None]:
        return {**self._m.groupdict(), **self._extra}

    def start(self, group: str | int = 0) -> int:
        return self._m.start(group)

    def end(self, group: str | int = 0) -> int:
        return self._m.end(group)


# ---------------------------------------------------------------- the resolver

_FURNITURE = re.compile(r"(?:publiée?|mise?\s+à\s+jour|modifiée?|actualisée?|màj|postée?|"
                        r"mis\s+en\s+ligne|@\w+\))\s*(?:le|:|à|sur|,)?\s*"
                        rf"(?:(?:{_WDS})\s+)?$", re.I)
"""The words before a date or time that are page furniture, not narrative."""


# Characters around a rule's core searched by its pattern: the longest timex starts 50
# characters before its core ("au tout début des années") and ends under 80 after it.
_BEFORE, _AFTER = 60, 100


def _windows(text: str, core: re.Pattern[str]) -> list[tuple[int, int]]:
    """The text around each match of ``core``, overlapping windows merged."""
    spans: list[tuple[int, int]] = []
    for hit in core.finditer(text):
        _widen(spans, hit, len(text))
    return spans


def _widen(spans: list[tuple[int, int]], hit: re.Match[str], length: int) -> None:
    lo, hi = max(0, hit.start() - _BEFORE), min(length, hit.end() + _AFTER)
    if spans and lo <= spans[-1][1]:
        spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
    else:
        spans.append((lo, hi))


@cache
def _any_core() -> re.Pattern[str]:
    """Where any rule's core may start: one scan of the text instead of one per rule."""
    cores = dict.fromkeys(core.pattern.removeprefix(r"\b") for _, _, core in _rules())
    return re.compile(rf"\b(?=(?:{'|'.join(cores)}))")


def _core_windows(text: str, core: re.Pattern[str], starts: list[int]
                  ) -> list[tuple[int, int]]:
    """``_windows`` of ``core``, trying it only where some core starts."""
    spans: list[tuple[int, int]] = []
    end = -1
    for start in starts:
        if start < end:
            continue  # inside the previous match, as ``finditer`` would skip it
        hit = core.match(text, start)
        if hit is None:
            continue
        end = hit.end()
        _widen(spans, hit, len(text))
    return spans


def _candidates(text: str) -> Iterator[tuple[int, int, int, re.Match[str]]]:
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lowercase is longer ("İ"): offsets differ
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    starts = [m.start() for m in _any_core().finditer(lowered)]
    for index, (pattern, _, core) in enumerate(_rules()):
        for lo, hi in _core_windows(lowered, core, starts):
            for m in pattern.finditer(text, lo, hi):
                if m.end() < hi or hi == len(text):  # not cut by the window's end
                    yield m.start("t"), -(m.end("t") - m.start("t")), index, m


def _remember(ctx: _Context, timex: Timex) -> None:
    if timex.value is None or timex.type not in ("date", "time"):
        return
    line_start = ctx.text.rfind("\n", 0, timex.start) + 1
    if ctx.saved is None and \
            _FURNITURE.search(ctx.text[max(line_start, timex.start - 40):timex.start]):
        line_end = ctx.text.find("\n", timex.end)
        ctx.saved = (ctx.anchor_day, ctx.anchor_value,
                     len(ctx.text) if line_end < 0 else line_end)
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
        if ctx.saved is not None and start > ctx.saved[2]:  # the furniture line is over
            ctx.anchor_day, ctx.anchor_value, _ = ctx.saved
            ctx.saved = None
        try:
            resolved = _rules()[index][1](m, ctx)
        except (OverflowError, ValueError, KeyError):  # "il y a 10000000 jours", year 10000
            continue
        if resolved is None:
            continue
        timex = Timex(text=text[start:end], start=start, end=end, value=resolved[0],
                      type=resolved[1])  # type: ignore[arg-type]
        reach = max(reach, end)
        ctx.found.append(timex)
        _remember(ctx, timex)
    return tuple(sorted(ctx.found, key=lambda t: t.start))
