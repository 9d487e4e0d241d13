"""Extract: ``Page`` → ``Article``.

HTML goes through trafilatura (``html.py``); plain-text page dumps through ``text_page.py``;
JSON Lines records keep their given fields, and a given ``text`` is kept verbatim so that
offsets refer to it. A dateline opening the body gives the date when nothing better does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from typing import Any

from veille.errors import EmptyDocument, MalformedRecord
from veille.extract.dates import dateline_date, parse_date
from veille.extract.encoding import decode
from veille.extract.html import extract_html
from veille.extract.language import identify
from veille.extract.text_page import extract_text_page
from veille.records import Article, Page

__all__ = ["article_from_string", "article_id", "content_hash", "extract", "looks_like_html"]

RECORD_EXTRACTOR = "veille.extract.record.v1"
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|\?xml)",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"<(?:p|div|article|section|h1|h2|span|a|br|meta|title)\b[^>]*>",
                        re.IGNORECASE)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".html.gz", ".htm.gz")


def content_hash(text: str) -> str:
    """SHA-256 of the text after Unicode and whitespace normalisation."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def article_id(url: str | None, text: str) -> str:
    """A stable id: the same text at the same URL (or with no URL) always gets the same id."""
    digest = hashlib.sha256(f"{url or ''}\n{content_hash(text)}".encode()).hexdigest()
    return digest[:16]


def looks_like_html(text: str, *, source: str = "", content_type: str | None = None) -> bool:
    if content_type and "html" in content_type.lower():
        return True
    if source.lower().endswith(_HTML_SUFFIXES):
        return True
    head = text[:2000]
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 3


def extract(page: Page) -> Article:
    """Turn a fetched page into a clean article; raise an ``ExtractError`` if it holds none."""
    if page.record is not None:
        fields = _from_record(page)
    else:
        content_type = page.headers.get("content-type")
        decoded = decode(page.content, content_type=content_type)
        text = decoded.text
        if not text.strip():
            raise EmptyDocument("the document is empty")
        if looks_like_html(text, source=page.source, content_type=content_type):
            fields = extract_html(text, url=page.url)
        else:
            fields = extract_text_page(text)
        if decoded.replaced:
            fields["warnings"] = (
                f"{decoded.replaced} bytes were not valid {decoded.encoding} and were replaced "
                "by U+FFFD",
            )
    return _article(page, fields)


def article_from_string(text: str, *, published: str | None = None,
                        url: str | None = None) -> Article:
    """An article from a Python string: HTML is extracted, plain text is kept verbatim."""
    if looks_like_html(text):
        fields = extract_html(text, url=url)
        guess = fields.pop("published_guess", None)
        if guess and not fields.get("published"):
            fields["published"], fields["published_from"] = guess, "text-search"
    else:
        fields = {"text": text, "extractor": "veille.extract.string.v1"}
    if published:
        fields["published"], fields["published_from"] = published, "given"
    return Article(id=article_id(url, fields["text"]), source=url or "<string>", url=url,
                   content_hash=content_hash(fields["text"]), **fields)


def _article(page: Page, fields: dict[str, Any]) -> Article:
    text = fields["text"]
    guess = fields.pop("published_guess", None)
    if not fields.get("published"):
        reference = page.fetched_at.date()
        if found := dateline_date(text, reference=reference):
            fields["published"], fields["published_from"] = found.isoformat(), "dateline"
        elif guess:
            fields["published"], fields["published_from"] = guess, "text-search"
    given_id = fields.pop("id", None)
    return Article(
        id=str(given_id) if given_id else article_id(page.url, text),
        source=page.source,
        url=page.url,
        content_hash=content_hash(text),
        **fields,
    )


def _from_record(page: Page) -> dict[str, Any]:
    record = dict(page.record or {})
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        fields: dict[str, Any] = {
            "text": text,
            "title": None,
            "site": None,
            "published": None,
            "published_from": None,
            "authors": (),
            "language": None,
            "extractor": RECORD_EXTRACTOR,
        }
    elif isinstance(html, str) and html.strip():
        fields = extract_html(html, url=record.get("url"))
        fields["extractor"] = f"{RECORD_EXTRACTOR}+{fields['extractor']}"
    else:
        raise MalformedRecord('the record has neither a non-empty "text" nor "html" field')
    for key in ("id", "title", "site", "language"):
        if record.get(key):
            fields[key] = str(record[key])
    if record.get("authors"):
        authors = record["authors"]
        names = authors if isinstance(authors, list) else [authors]
        fields["authors"] = tuple(str(a).strip() for a in names if isinstance(a, str) and a.strip())
    if record.get("published"):
        fields.update(_given_date(record["published"]))
    if not fields.get("language"):
        fields["language"] = identify(fields["text"])
    return fields


def _given_date(value: Any) -> dict[str, Any]:
    day = parse_date(str(value))
    if day is None:
        try:
            day = dt.datetime.fromisoformat(str(value)).date()
        except ValueError:
            return {"warnings": (f'"published" value {value!r} is not a date; ignored',)}
    return {"published": day.isoformat(), "published_from": "given"}
