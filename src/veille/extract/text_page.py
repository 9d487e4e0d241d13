"""Plain-text page dumps → Article.

Scrapers often save a page as text blocks separated by blank lines: a header (page date,
site name, slogan, headline, image caption) and then the body. The header ends where the
first *body paragraph* starts: a block of at least ``_BODY_MIN_WORDS`` words that ends like
a sentence. In the header, a date line gives the page date (a date labelled "Publié le"
first, an update "Mis à jour le" last: ``header_date``), a domain-like line the site,
and the headline is the last header block that reads like one (three words or more,
starting with a capital, not ending with a period): slogans come before it, captions are
short fragments after it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from veille.errors import EmptyDocument
from veille.extract.dates import is_date_line, labelled_dates, parse_date
from veille.extract.language import identify

NAME = "veille.extract.text_page.v1"

# A body paragraph has at least this many words and ends with sentence punctuation; chosen
# on the reference page (shortest body paragraph: 23 words; longest header line: 11 words).
_BODY_MIN_WORDS = 15
_SENTENCE_END = re.compile(r"[.!?…»”\"')]\s*$")
_DOMAIN = re.compile(r"^[\w\-]+(?:\.[\w\-]+)*\.(?:[a-z]{2,12})/?$", re.IGNORECASE | re.UNICODE)
_BLOCKS = re.compile(r"\n\s*\n")


def _is_body(block: str) -> bool:
    words = block.split()
    return len(words) >= _BODY_MIN_WORDS and bool(_SENTENCE_END.search(block))


# Photo credits and captions that sit between a headline and the body.
_CAPTION = re.compile(r"\b(?:photos?|crédits?|credits?|illustration|archives|getty|afp|reuters"
                      r"|ap|epa|dr)\b|©", re.IGNORECASE)


def _headline_like(block: str) -> bool:
    words = block.split()
    return (3 <= len(words) <= 30 and block[:1].isupper() and not block.rstrip().endswith(".")
            and not (_CAPTION.search(block) and len(words) <= 8))


def split_header(text: str) -> tuple[list[str], int]:
    """The header blocks and the offset in ``text`` where the body starts."""
    header: list[str] = []
    pos = 0
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        block = m.group(0).strip()
        if not block:
            continue
        if _is_body(block) or len(header) >= 8:
            return header, m.start()
        header.append(block)
        pos = m.end()
    return header, pos


def header_date(header: list[str]) -> dt.date | None:
    """The page date of a header: a date labelled as the publication ("Publié le …"), else
    the first bare date line; an update ("Mis à jour le …") only when nothing else dates
    the page."""
    bare = updated = None
    for block in header:
        labelled = labelled_dates(block)
        if "published" in labelled:
            return labelled["published"]
        if "updated" in labelled:
            updated = updated or labelled["updated"]
        elif bare is None and is_date_line(block):
            bare = parse_date(block)
    return bare or updated


def extract_text_page(text: str) -> dict[str, Any]:
    """The article fields of a plain-text page."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    header, body_start = split_header(text)
    body = text[body_start:].strip()
    if not body and header:  # no paragraph looked like a body: keep everything as body
        body, header = text.strip(), []
    if not body:
        raise EmptyDocument("the text page is empty")
    site = title = None
    for block in header:
        if site is None and _DOMAIN.match(block):
            site = block.rstrip("/")
    published = header_date(header)
    candidates = [b for b in header
                  if _headline_like(b) and not is_date_line(b) and not labelled_dates(b)]
    if candidates:
        title = candidates[-1]
    elif header:
        title = max(header, key=len) if len(header) == 1 else None
    return {
        "title": title,
        "site": site,
        "published": published.isoformat() if published else None,
        "published_from": "header" if published else None,
        "authors": (),
        "language": identify(body),
        "text": body,
        "extractor": NAME,
    }
