"""How a stored analysis is packed: compact JSON, compressed, without copies of the text.

The ``veille.analysis.v1`` object of each article is kept in ``analyses.data`` (it is what
``veille show`` and the article page return). Packing drops what the ``articles`` row holds
(the ``article`` object and ``source``, which ``veille.query.get_article`` rebuilds from it)
and what the article's text already holds — a quote's ``text``, a time expression's
``text``, an event's ``trigger`` are ``text[start:end]``; they are stored as null, which
they never are otherwise — and compresses the rest with zlib: measured on the 300 articles of
``bench/web_store.py --limit 300``, 8,431 bytes of JSON per analysis become 1,481 (level 6:
level 9 saves 0.3 % more for 16 % more time). A span whose words differ from the text at its
offsets keeps them. Rows written before this packing hold plain JSON text and read as is.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

LEVEL = 6
_SPANS = (("quotes", "text"), ("timexes", "text"), ("events", "trigger"))


def pack(data: dict[str, Any], text: str) -> bytes:
    """``data`` (an analysis) as stored bytes, without its ``article`` and ``source``."""
    slim = {k: v for k, v in data.items() if k not in ("article", "source")}
    for part, field in _SPANS:
        items = slim.get(part)
        if isinstance(items, list):
            slim[part] = [_without(item, field, text) for item in items]
    raw = json.dumps(slim, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(raw.encode("utf-8"), LEVEL)


def _without(item: Any, field: str, text: str) -> Any:
    if not isinstance(item, dict):
        return item
    start, end = item.get("start"), item.get("end")
    value = item.get(field)
    if isinstance(start, int) and isinstance(end, int) and isinstance(value, str) and (
            value == text[start:end]):
        return {**item, field: None}  # the key keeps its place; these are never null
    return item


def unpack(stored: bytes | str, text: str) -> dict[str, Any]:
    """The analysis object ``pack`` stored, without ``article`` and ``source`` (or a plain
    JSON row of an older store, whole)."""
    if isinstance(stored, str):
        loaded: dict[str, Any] = json.loads(stored)
        return loaded
    data: dict[str, Any] = json.loads(zlib.decompress(stored).decode("utf-8"))
    for part, field in _SPANS:
        items = data.get(part)
        if not isinstance(items, list):
            continue
        for item in items:
            if isinstance(item, dict) and field in item and item[field] is None:
                item[field] = text[item["start"]:item["end"]]
    return data
