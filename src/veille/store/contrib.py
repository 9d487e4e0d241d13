"""What one stored article contributes to the store's aggregates, as pure data.

An article's rows (its entities, quotes, events, places and the aliases it defines) are
reduced to contributions keyed by *form* (``veille.store.identity.Form``), place and
relation. The same function runs when the article is written (from its ``Analysis``) and
when it is removed or re-analysed (from the rows the store holds), so what is subtracted
is exactly what was added. Which person or organisation a form belongs to is decided later
(``veille.store.aggregates``): a contribution does not depend on it.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from veille.records import Analysis
from veille.store.identity import Form, aliases_defined, fold, form_of, spelling

JOINT_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
"""Event types whose co-actors act together: each also links first to later co-actor."""
CO_QUOTED = "co-quoted"
PROFILED = frozenset({"PER", "ORG"})
"""Types whose actors have pages (articles, quotes, events and roles listed by date)."""


@dataclass(frozen=True, slots=True)
class EntityRow:
    entity_id: str
    name: str
    type: str
    roles: tuple[str, ...]
    mentions: int


@dataclass(frozen=True, slots=True)
class QuoteRow:
    idx: int
    speaker: str | None
    speaker_id: str | None


@dataclass(frozen=True, slots=True)
class EventRow:
    idx: int
    type: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    date: str | None


@dataclass(frozen=True, slots=True)
class PlaceRow:
    name: str
    entity_id: str | None
    country: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """One article's rows as the store holds them."""

    pk: int
    published: str | None
    entities: tuple[EntityRow, ...] = ()
    quotes: tuple[QuoteRow, ...] = ()
    events: tuple[EventRow, ...] = ()
    places: tuple[PlaceRow, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()
    """(alias, entity id): the article defines ``alias`` for that organisation."""


def rows_from_analysis(pk: int, analysis: Analysis) -> ArticleRows:
    """The rows ``Store`` writes for ``analysis`` (see ``Store._replace_analysis``)."""
    text = analysis.article.text
    aliases = sorted({(alias, e.id) for e in analysis.entities if e.type == "ORG"
                      for alias in aliases_defined(e.name, text, e.mentions)})
    return ArticleRows(
        pk=pk, published=analysis.article.published,
        entities=tuple(EntityRow(e.id, e.name, e.type, tuple(e.roles), len(e.mentions))
                       for e in analysis.entities),
        quotes=tuple(QuoteRow(i, q.speaker, q.speaker_id)
                     for i, q in enumerate(analysis.quotes)),
        events=tuple(EventRow(i, e.type, tuple(e.actors), tuple(e.targets), e.date)
                     for i, e in enumerate(analysis.events)),
        places=tuple(PlaceRow(p.name, p.entity_id, p.country, p.lat, p.lon)
                     for p in analysis.places),
        aliases=tuple(aliases))


def entity_row(entity_id: str, name: str, type: str, roles: str, mentions: int) -> EntityRow:
    """An ``entities`` table row (roles as stored: a JSON list)."""
    listed = json.loads(roles or "[]")
    return EntityRow(entity_id, name, type,
                     tuple(r for r in listed if isinstance(r, str)), int(mentions))


def event_row(idx: int, type: str, actors: str, targets: str, date: str | None) -> EventRow:
    """An ``events`` table row (actors and targets as stored: JSON lists)."""
    return EventRow(idx, type, tuple(n for n in json.loads(actors or "[]") if isinstance(n, str)),
                    tuple(n for n in json.loads(targets or "[]") if isinstance(n, str)), date)


def role_key(role: str) -> str:
    return " ".join(role.casefold().split())


@dataclass
class FormPart:
    """What one article gives one form."""

    form: Form
    mentions: int = 0
    spellings: Counter[str] = field(default_factory=Counter)
    """How the article writes the name, titles and determiners dropped."""
    roles: dict[str, str] = field(default_factory=dict)
    """Role key → the spelling this article uses."""
    quotes: list[int] = field(default_factory=list)
    """Indexes of the article's quotes whose speaker is this form."""
    events: list[tuple[int, str, str]] = field(default_factory=list)
    """(event index, ``actor`` or ``target``, event type)."""


@dataclass
class PlacePart:
    name: str
    mentions: int = 0
    spellings: Counter[str] = field(default_factory=Counter)
    points: Counter[tuple[float, float]] = field(default_factory=Counter)


@dataclass
class Contribution:
    """One article's share of every aggregate, keyed by form, place and relation."""

    pk: int
    published: str | None
    forms: dict[tuple[str, str], FormPart] = field(default_factory=dict)
    places: dict[tuple[str, str], PlacePart] = field(default_factory=dict)
    """(lowercased name, country or "") → the place's part."""
    edges: list[tuple[tuple[str, str], tuple[str, str], str, str]] = field(
        default_factory=list)
    """(source form, target form, relation type, date): one per fact."""
    event_dates: dict[int, str | None] = field(default_factory=dict)
    aliases: set[tuple[str, tuple[str, str]]] = field(default_factory=set)
    """(alias, form of the full name it stands for)."""


class _Names:
    """An article's entities, by id and by name, to tell who a speaker or actor is."""

    def __init__(self, entities: Sequence[EntityRow]) -> None:
        self.by_id = {e.entity_id: e for e in entities}
        self.forms = {e.entity_id: form_of(e.name, e.type) for e in entities}
        self.by_name: dict[str, list[str]] = {}
        for e in entities:
            self.by_name.setdefault(fold(e.name), []).append(e.entity_id)
        self.words = {e.entity_id: frozenset(fold(e.name).split()) for e in entities}

    def form(self, name: str, entity_id: str | None = None) -> Form | None:
        """The form a name stands for in this article: its entity's (by id, same name, or
        the one entity whose name holds all its words: "Milley" in "Mark Milley"), else a
        form of type UNKNOWN. None for an empty name."""
        if entity_id in self.forms:
            return self.forms[entity_id]
        folded = fold(name)
        if not folded:
            return None
        same = self.by_name.get(folded)
        if same:
            return self.forms[same[0]]
        words = frozenset(folded.split())
        holders = {self.forms[i] for i, w in self.words.items() if words <= w}
        if len(holders) == 1:
            return holders.pop()
        return Form(type="UNKNOWN", key=folded)


def contribution(rows: ArticleRows) -> Contribution:
    """What ``rows`` give the aggregates (see the module's docstring)."""
    out = Contribution(pk=rows.pk, published=rows.published)
    names = _Names(rows.entities)

    def part(form: Form) -> FormPart:
        return out.forms.setdefault((form.type, form.key), FormPart(form=form))

    for e in rows.entities:
        p = part(names.forms[e.entity_id])
        p.mentions += e.mentions
        p.spellings[spelling(e.name, e.type)] += 1
        for role in e.roles:
            if role.strip():
                p.roles.setdefault(role_key(role), role)
    speakers: list[tuple[str, str]] = []
    for q in rows.quotes:
        form = names.form(q.speaker or "", q.speaker_id) if (q.speaker or q.speaker_id) else None
        if form is not None:
            p = part(form)
            p.quotes.append(q.idx)
            if form.type == "UNKNOWN":  # its name is how quotes and events write it
                p.spellings[q.speaker or form.key] += 1
            speakers.append((form.type, form.key))
    for ev in rows.events:
        _add_event(out, names, part, ev)
    _add_co_quotations(out, speakers)
    _add_places(out, rows, names)
    out.aliases = {(alias, (names.forms[i].type, names.forms[i].key))
                   for alias, i in rows.aliases if i in names.forms}
    return out


def _add_event(out: Contribution, names: _Names, part: object, ev: EventRow) -> None:
    date = ev.date or out.published
    out.event_dates[ev.idx] = date
    ends: dict[str, list[tuple[str, str]]] = {"actor": [], "target": []}
    for role, listed in (("actor", ev.actors), ("target", ev.targets)):
        for name in listed:
            form = names.form(name)
            if form is None:
                continue
            key = (form.type, form.key)
            p = part(form)  # type: ignore[operator]
            if form.type == "UNKNOWN":
                p.spellings[name] += 1
            if (ev.idx, role, ev.type) not in p.events:
                p.events.append((ev.idx, role, ev.type))
            ends[role].append(key)
    for source, target in itertools.product(ends["actor"], ends["target"]):
        out.edges.append((source, target, ev.type, date or ""))
    if ev.type in JOINT_TYPES:
        for first, later in itertools.combinations(dict.fromkeys(ends["actor"]), 2):
            out.edges.append((first, later, ev.type, date or ""))


def _add_co_quotations(out: Contribution, speakers: Iterable[tuple[str, str]]) -> None:
    for first, later in itertools.combinations(dict.fromkeys(speakers), 2):
        out.edges.append((first, later, CO_QUOTED, out.published or ""))


def _add_places(out: Contribution, rows: ArticleRows, names: _Names) -> None:
    for place in rows.places:
        if not place.name.strip():
            continue
        key = (" ".join(place.name.casefold().split()), place.country or "")
        entity = names.by_id.get(place.entity_id or "")
        p = out.places.setdefault(key, PlacePart(name=place.name))
        p.mentions += entity.mentions if entity is not None else 1
        p.spellings[place.name] += 1
        if place.lat is not None and place.lon is not None:
            p.points[(place.lat, place.lon)] += 1


@dataclass
class Share:
    """A contribution translated to the rows of each aggregate table, once every form is
    assigned an actor (``actor_of``): what ``Aggregator`` adds or subtracts and what
    ``totals`` sums. Actor ids are opaque (row keys in SQL, ``(type, key)`` in memory)."""

    actors: dict[Any, tuple[str, int, int]] = field(default_factory=dict)
    """Actor → (type, mentions, quotes): the article counts once for each."""
    names: Counter[tuple[Any, str, int]] = field(default_factory=Counter)
    """(actor, spelling, 1 if a full name) → entity rows."""
    articles: list[tuple[Any, int, int]] = field(default_factory=list)
    """Profiled actors: (actor, mentions, quotes)."""
    roles: dict[tuple[Any, str], tuple[str, int]] = field(default_factory=dict)
    """Profiled actors: (actor, role key) → (spelling, position among the actor's roles in
    this article)."""
    quotes: list[tuple[Any, int]] = field(default_factory=list)
    events: list[tuple[Any, str, int, str]] = field(default_factory=list)
    """(actor, date or "~", event index, "actor" or "target")."""
    edges: dict[tuple[Any, Any, str], list[Any]] = field(default_factory=dict)
    """(source, target, type) → [facts, first date or None, last date or None]."""


def share(c: Contribution, actor_of: Any) -> Share:
    """``c`` in rows of the aggregate tables, forms assigned by ``actor_of(form key)``."""
    out = Share()
    parts_of: dict[Any, list[FormPart]] = {}
    for key, part in c.forms.items():
        parts_of.setdefault(actor_of(key), []).append(part)
    for actor, parts in parts_of.items():
        type = parts[0].form.type
        mentions = sum(p.mentions for p in parts)
        quotes = sorted({i for p in parts for i in p.quotes})
        out.actors[actor] = (type, mentions, len(quotes))
        for p in parts:
            for written, n in p.spellings.items():
                out.names[(actor, written, int(not p.form.short))] += n
        if type not in PROFILED:
            continue
        out.articles.append((actor, mentions, len(quotes)))
        for p in parts:
            for role, written in p.roles.items():
                if (actor, role) not in out.roles:
                    out.roles[(actor, role)] = (written, sum(1 for k in out.roles
                                                              if k[0] == actor))
        out.quotes += [(actor, i) for i in quotes]
        events: dict[int, str] = {}
        for p in parts:
            for idx, role, _ in p.events:
                if events.get(idx) != "actor":
                    events[idx] = role
        out.events += [(actor, c.event_dates.get(i) or "~", i, role)
                       for i, role in sorted(events.items())]
    for source, target, kind, date in c.edges:
        a, b = actor_of(source), actor_of(target)
        if a == b:
            continue
        entry = out.edges.setdefault((a, b, kind), [0, None, None])
        entry[0] += 1
        if date:
            entry[1] = min(entry[1] or date, date)
            entry[2] = max(entry[2] or date, date)
    return out
