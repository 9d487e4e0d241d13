"""What a source lists: article URLs from an RSS or Atom feed (feedparser), a sitemap or a
news sitemap (defusedxml), and the feeds that a home page links to (trafilatura's finder).

Nothing here fetches: ``read_listing`` takes the bytes a ``PoliteClient`` got. URLs are
normalised (courlan: host in lower case, tracking parameters such as ``utm_*``, ``xtor``,
``fbclid`` removed, parameters sorted) and lose their fragment, so that one article listed
twice is fetched once. A document that declares XML entities is refused before any parser
sees it; a compressed one is inflated under the size cap.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit, urlunsplit

from veille.errors import MalformedFeed
from veille.watch.safety import guard_xml, gunzip_file

__all__ = ["Entry", "Listing", "normalise_url", "read_listing"]

Kind = Literal["feed", "sitemap", "sitemap-index", "home"]
# The sitemap protocol's own limit on URLs in one file (sitemaps.org).
MAX_URLS = 50_000
_XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?"
                        rb"(?:<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)*"
                        rb"<(?:[\w-]+:)?([\w-]+)",
                        re.DOTALL)
_FEED_ROOTS = frozenset({b"rss", b"feed", b"rdf", b"channel"})
_HTML_ROOTS = frozenset({b"html", b"head", b"body", b"!doctype"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One article URL a listing names, with its date stamp when the listing gives one."""

    url: str
    stamp: str | None = None
    """When the listing says the article last changed (ISO 8601, UTC), if it says so."""
    title: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Listing:
    kind: Kind
    entries: tuple[Entry, ...] = ()
    children: tuple[str, ...] = ()
    """Further listings: the sitemaps of an index, the feeds a home page links to."""
    warnings: tuple[str, ...] = ()


def normalise_url(url: str, base: str | None = None) -> str | None:
    """The canonical form of an article URL, or None when it is not an http(s) URL."""
    from courlan import normalize_url

    url = urljoin(base, url.strip()) if base else url.strip()
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        clean = normalize_url(url)
    except (ValueError, AttributeError):
        return None
    return urlunsplit(urlsplit(clean)._replace(fragment=""))


def read_listing(content: bytes, *, url: str, content_type: str = "",
                 max_bytes: int) -> Listing:
    """The entries of a feed, a sitemap or a home page; ``MalformedFeed`` when the document
    is none of them or cannot be read safely."""
    data = gunzip_file(content, max_bytes=max_bytes)
    root = _root(data)
    if root not in _HTML_ROOTS:
        guard_xml(data, what="feed" if root in _FEED_ROOTS else "document")
    if root in (b"urlset", b"sitemapindex"):
        return _sitemap(data, url=url)
    if root in _FEED_ROOTS or (root is None and _feedish(content_type)):
        return _feed(data, url=url, content_type=content_type)
    if root in _HTML_ROOTS or "html" in content_type.lower():
        return _home(data, url=url)
    raise MalformedFeed("not a feed (RSS, Atom), a sitemap or an HTML page")


def _root(data: bytes) -> bytes | None:
    head = data[:4096]
    if re.match(rb"^(?:\xef\xbb\xbf)?\s*<!doctype\s+html", head, re.IGNORECASE):
        return b"html"
    match = _XML_START.match(head)
    return match[1].lower() if match else None


def _feedish(content_type: str) -> bool:
    return any(t in content_type.lower() for t in ("rss", "atom", "xml"))


def _stamp(value: Any) -> str | None:
    """A feedparser ``*_parsed`` time (UTC struct_time) as ISO 8601."""
    if not value:
        return None
    try:
        when = dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC)
    except (OverflowError, ValueError, TypeError):
        return None
    return when.isoformat(timespec="seconds")


def _feed(data: bytes, *, url: str, content_type: str) -> Listing:
    import feedparser

    guard_xml(data, what="feed")
    # A stream, never bytes or a string: given a string, feedparser fetches URLs and opens
    # local files named by it.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, response_headers={
        "content-location": url, "content-type": content_type or "application/xml"})
    entries = []
    for item in parsed.entries:
        link = item.get("link") or next((x.get("href") for x in item.get("links", [])
                                         if x.get("href")), None)
        if not link or not (clean := normalise_url(str(link), url)):
            continue
        stamp = _stamp(item.get("updated_parsed") if "updated" in item else None
                       ) or _stamp(item.get("published_parsed"))
        entries.append(Entry(url=clean, stamp=stamp, title=item.get("title")))
    if parsed.get("bozo") and not entries:
        reason = parsed.get("bozo_exception")
        raise MalformedFeed(f"not a readable feed ({reason or 'malformed'})")
    problem = parsed.get("bozo_exception")
    # A declared charset that the bytes contradict is common and harmless: not reported.
    serious = parsed.get("bozo") and not isinstance(
        problem, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType)
    warnings = (f"feed is malformed, entries read anyway ({problem})",) if serious else ()
    return Listing(kind="feed", entries=_unique(entries), warnings=warnings)


def _sitemap(data: bytes, *, url: str) -> Listing:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    guard_xml(data, what="sitemap")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException) as exc:
        raise MalformedFeed(f"not a readable sitemap ({exc})") from None
    index = _local(root.tag) == "sitemapindex"
    entries: list[Entry] = []
    children: list[str] = []
    warnings: list[str] = []
    for node in root:
        if _local(node.tag) not in ("url", "sitemap"):
            continue
        if len(entries) + len(children) >= MAX_URLS:
            warnings.append(f"over {MAX_URLS} URLs: the rest is ignored")
            break
        fields = _fields(node)
        loc = fields.get("loc")
        if not loc or not (clean := normalise_url(loc, url)):
            continue
        if index:
            children.append(clean)
        else:
            stamp = _iso(fields.get("lastmod") or fields.get("publication_date"))
            entries.append(Entry(url=clean, stamp=stamp, title=fields.get("title")))
    return Listing(kind="sitemap-index" if index else "sitemap", entries=_unique(entries),
                   children=tuple(dict.fromkeys(children)), warnings=tuple(warnings))


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()


def _fields(node: Any) -> dict[str, str]:
    """Text of every descendant by local name (``loc``, ``lastmod``, news ``title`` …)."""
    out: dict[str, str] = {}
    for child in node.iter():
        if child is not node and child.text and child.text.strip():
            out.setdefault(_local(child.tag), child.text.strip())
    return out


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat(timespec="seconds")


def _home(data: bytes, *, url: str) -> Listing:
    from trafilatura.feeds import FeedParameters, determine_feed

    from veille.extract.encoding import decode

    html = decode(data, content_type="text/html").text
    host = urlsplit(url).hostname or ""
    base = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    feeds = [f for link in determine_feed(html, FeedParameters(base, host, url))
             if (f := normalise_url(link, url))]
    return Listing(kind="home", children=tuple(dict.fromkeys(feeds)))


def _unique(entries: list[Entry]) -> tuple[Entry, ...]:
    """One entry per URL, keeping the latest stamp."""
    best: dict[str, Entry] = {}
    for entry in entries:
        kept = best.get(entry.url)
        if kept is None or (entry.stamp or "") > (kept.stamp or ""):
            best[entry.url] = entry
    return tuple(best.values())
