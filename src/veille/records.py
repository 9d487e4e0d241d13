"""Frozen records that travel between stages.

Every stage takes one record type and returns the next (see DESIGN.md): ``Page`` (fetch)
→ ``Article`` (extract) → ``Analysis`` (analyze). ``Failure`` stands in for a document that
could not go further. All records are frozen, slotted, keyword-only and picklable, so that
Dask can ship them between processes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "veille.analysis.v1"

Span = tuple[int, int]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """Raw bytes of one document, as fetched, before any decoding."""

    source: str
    """Where it came from, for people: a path, a URL, or ``file.jsonl:12``."""
    content: bytes
    url: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    fetched_at: dt.datetime = field(default_factory=_now)
    record: Mapping[str, Any] | None = None
    """Fields given by a JSON Lines record (id, title, published, text or html …)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """The clean article: metadata and body text. All offsets refer to ``text``."""

    id: str
    source: str
    text: str
    url: str | None = None
    site: str | None = None
    title: str | None = None
    published: str | None = None
    """ISO date ``YYYY-MM-DD`` (or ``YYYY-MM-DDTHH:MM…`` when a time is known)."""
    published_from: str | None = None
    """Which signal gave ``published``: given, metadata, header, dateline."""
    authors: tuple[str, ...] = ()
    language: str | None = None
    content_hash: str = ""
    extractor: str = ""
    warnings: tuple[str, ...] = ()
    blocks: tuple[tuple[int, int, str], ...] = ()
    """Paragraphs of ``text`` that are not running prose, as ``(start, end, kind)`` in text
    order: ``"heading"`` (an intertitle), ``"quote"`` (a block quotation or pull quote set
    apart from the prose), ``"post"`` (an embedded social-media post, its attribution line
    "— Name (@account) date" included). Given by HTML extraction; empty for plain text and
    records."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "site": self.site,
            "title": self.title,
            "published": self.published,
            "authors": list(self.authors),
            "language": self.language,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    id: str
    name: str
    type: Literal["PER", "ORG", "LOC", "MISC"]
    mentions: tuple[Span, ...]
    roles: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "roles": list(self.roles),
            "mentions": [list(m) for m in self.mentions],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    text: str
    start: int
    end: int
    kind: Literal["direct", "indirect", "mixed"]
    speaker: str | None = None
    speaker_id: str | None = None
    speaker_mention: str | None = None
    cue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "speaker_mention": self.speaker_mention,
            "cue": self.cue,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Timex:
    text: str
    start: int
    end: int
    value: str | None
    type: Literal["date", "time", "duration", "set"] = "date"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end,
                "value": self.value, "type": self.type}


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    type: str
    trigger: str
    start: int
    end: int
    sentence: Span
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    place: str | None = None
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "trigger": self.trigger,
            "start": self.start,
            "end": self.end,
            "actors": list(self.actors),
            "targets": list(self.targets),
            "place": self.place,
            "date": self.date,
            "sentence": list(self.sentence),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    name: str
    entity_id: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "entity_id": self.entity_id, "country": self.country,
                "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """Everything veille knows about one article (the ``veille.analysis.v1`` contract)."""

    article: Article
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timexes: tuple[Timex, ...] = ()
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    analyzers: Mapping[str, str] = field(default_factory=dict)
    """Which versioned analyzer produced each part, e.g. ``{"entities": "veille.entities.v1"}``."""
    model: str | None = None
    """The spaCy model that the analyzers ran on, e.g. ``fr_core_news_md-3.8.0``."""

    def to_dict(self, *, source: str | None = None) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "source": source if source is not None else self.article.source,
            "article": self.article.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "timexes": [t.to_dict() for t in self.timexes],
            "events": [e.to_dict() for e in self.events],
            "places": [p.to_dict() for p in self.places],
            "analyzers": dict(self.analyzers),
            "model": self.model,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """A document that could not be processed, or a problem worth recording.

    ``level`` is ``"error"`` when the document was lost for the stage, ``"warning"`` when
    it went through with a caveat (for instance bytes that were not valid in its encoding).
    """

    source: str
    stage: str
    error_type: str
    message: str
    level: Literal["error", "warning"] = "error"
    occurred_at: dt.datetime = field(default_factory=_now)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "source": self.source,
            "error": {"stage": self.stage, "type": self.error_type, "message": self.message},
        }
