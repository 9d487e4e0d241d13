"""HTML news page → Article, over trafilatura (body, metadata) and htmldate (dates)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import trafilatura

from veille.errors import EmptyDocument
from veille.extract.authors import clean_authors
from veille.extract.language import html_lang, identify

NAME = "veille.extract.html.v1"

# trafilatura's options for news: no comments (reader comments are not the article), tables
# kept (results, figures), images out (captions are not body text).
_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
}
_SPACES = re.compile(r"[ \t\u00a0]+")


def paragraphs(text: str) -> str:
    """One paragraph per non-empty line, separated by blank lines."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def extract_html(html: str, *, url: str | None = None) -> dict[str, Any]:
    """The article fields of an HTML page; raise ``EmptyDocument`` when it has no body text."""
    doc = trafilatura.bare_extraction(html, url=url, **_OPTIONS)
    if isinstance(doc, dict) or doc is None or not (doc.text or "").strip():
        raise EmptyDocument(
            "no article text found in this HTML page (is it a home page, a login wall, or "
            "a page built by JavaScript?)"
        )
    text = paragraphs(doc.text or "")
    site = doc.sitename or (urlsplit(url).hostname if url else None)
    return {
        "title": _clean_title(doc.title),
        "site": site,
        "published": doc.date,
        "published_from": "metadata" if doc.date else None,
        "authors": clean_authors(doc.author),
        "language": identify(text, hint=html_lang(html)),
        "text": text,
        "extractor": NAME,
    }


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    return _SPACES.sub(" ", title).strip() or None
