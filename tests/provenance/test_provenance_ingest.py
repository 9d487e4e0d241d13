"""Linking at ingest (with the French analysis: its timexes feed date-contradiction)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from provenance_samples import ALL, ORIGINAL_EN, TRANSLATION_FR, UNRELATED_FR

from veille.ingest import ingest
from veille.query import get_article
from veille.query.provenance import article_provenance, list_links
from veille.store import Store


@pytest.mark.slow
def test_ingest_links_incrementally(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(ORIGINAL_EN) + "\n" + json.dumps(UNRELATED_FR) + "\n")
    later = tmp_path / "later.jsonl"
    later.write_text("".join(json.dumps(r) + "\n" for r in ALL))
    with Store(tmp_path / "i.db") as store:
        ingest([str(first)], store, nlp=nlp)
        assert list_links(store) == []
        ingest([str(later)], store, nlp=nlp)  # the new articles meet the stored ones
        links = list_links(store)
        assert (ORIGINAL_EN["id"], TRANSLATION_FR["id"], "translation") in {
            (link["a"], link["b"], link["kind"]) for link in links}
        found = article_provenance(store, TRANSLATION_FR["id"])
        assert found is not None
        flags = {flag["kind"]: flag["detail"] for flag in found["flags"]}
        assert set(flags) == {"republished", "translation", "date-contradiction"}
        # "mercredi" in a page of Friday 22/11/2024 is 20/11/2024, yet the story is of 2021.
        assert "20 November 2024" in flags["date-contradiction"]
        assert get_article(store, TRANSLATION_FR["id"])["article"]["id"] == TRANSLATION_FR["id"]
        report = ingest([str(later)], store, nlp=nlp)  # nothing new: no new link either
        assert report.added == 0 and list_links(store) == links
