"""The publication date of an HTML page, not the date of its last update.

Metadata first (meta tags, JSON-LD, URL) through htmldate, asking for the original date
rather than the last update (``original_date``); its search of the visible text is a
fallback that comes after a dateline (see extract.__init__): on Wikinews pages it picks
dates mentioned in the story (2012-01-01 for a story of 2012-08-07). A date line of the page
labelled "Publié le …" (labels in ``lang/fr/date_labels.tsv``) gives the publication when the
metadata has no date, or when it dates only an update (``article:modified_time`` and no
publication time) later than that line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from htmldate import find_date
from lxml.html import HtmlElement

from veille.extract.dates import date_label_starts, labelled_dates


def publication_date(html: str, tree: HtmlElement, *, url: str | None = None
                     ) -> tuple[str | None, str | None]:
    """The publication date of a page (ISO) and where it came from ("metadata", "header")."""
    published = find_date(html, url=url, extensive_search=False, original_date=True)
    if not published or _dated_by_update_only(tree, html):
        shown = _shown_publication(tree)
        if shown and (not published or shown < published[:10]):
            return shown, "header"
    return published, "metadata" if published else None


# Names of meta tags and JSON-LD keys that date a page: its publication or a later update.
_PUBLISHED_KEY = re.compile(r"publi|pubdate|created|issued|^date$", re.IGNORECASE)
_UPDATED_KEY = re.compile(r"modif|updat", re.IGNORECASE)
_JSON_DATE_KEY = re.compile(r'"(date\w*)"\s*:')


def _dated_by_update_only(tree: HtmlElement, html: str) -> bool:
    keys = [meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
            for meta in tree.iter("meta")]
    keys += _JSON_DATE_KEY.findall(html)
    return (any(_UPDATED_KEY.search(k) for k in keys)
            and not any(_PUBLISHED_KEY.search(k) for k in keys))


# A date line is short and is no sentence: "Publié le 07/02/2025 à 18h04 - Mis à jour le
# 09/02/2025" (63 characters); "… un rapport publié le 3 mars." in prose is not one.
_DATE_LINE_CHARS = 150
_SENTENCE_END = (".", "!", "?", "…")


def _shown_publication(tree: HtmlElement) -> str | None:
    """The date that the page's first date line labels as its publication ("Publié le …").

    A line is the largest element around a label whose text stays short.
    """
    body = tree.find("body")
    root = body if body is not None else tree
    nodes = root.xpath(".//text()[not(ancestor::script or ancestor::style)]")
    ends = list(accumulate(len(node) + 1 for node in nodes))  # joined with one space
    seen: set[int] = set()
    for start in date_label_starts(" ".join(nodes)):
        index = bisect_right(ends, start)
        if index in seen or index >= len(nodes):
            continue
        seen.add(index)
        element, line = nodes[index].getparent(), ""
        while element is not None:
            text = " ".join(element.text_content().split())
            if len(text) > _DATE_LINE_CHARS:
                break
            line, element = text, element.getparent()
        found = labelled_dates(line).get("published") if line else None
        if found and not line.endswith(_SENTENCE_END):
            return found.isoformat()
    return None
