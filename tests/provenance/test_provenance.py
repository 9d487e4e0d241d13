"""Provenance: fingerprints, links, stories, flags, reads and commands (no spaCy here)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from provenance_samples import COPY_FR, ORIGINAL_EN, TRANSLATION_FR, UNRELATED_FR

from veille.cli import main
from veille.errors import NotFound
from veille.provenance import ProvenanceOptions, fingerprint, link_new, relink
from veille.provenance.edits import SourceText, make_copies
from veille.query.provenance import article_provenance, list_links, list_stories, story
from veille.records import Article
from veille.store import Store


def article(record: dict[str, Any], **changes: Any) -> Article:
    fields = {**record, **changes}
    return Article(id=fields["id"], source=f"test:{fields['id']}", text=fields["text"],
                   title=fields["title"], published=fields["published"], site=fields["site"],
                   language=fields["language"], extractor="test",
                   content_hash=hashlib.sha256(fields["text"].encode()).hexdigest())


def add(store: Store, *records: dict[str, Any], options: ProvenanceOptions | None = None
        ) -> int:
    """Write ``records`` as articles, then link them as ingest does."""
    articles = [article(r) for r in records]
    store.write(articles=articles)
    return link_new(store, {a.id: fingerprint(a) for a in articles}, options=options)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "p.db")


@pytest.fixture
def linked(store: Store) -> Store:
    add(store, ORIGINAL_EN, UNRELATED_FR)
    add(store, TRANSLATION_FR)  # incrementally, against the store
    add(store, COPY_FR)
    return store


def test_fingerprint_is_json_and_needs_no_store() -> None:
    first = fingerprint(article(TRANSLATION_FR))
    assert json.loads(json.dumps(first)) == first
    assert first == fingerprint(article(TRANSLATION_FR))
    assert "4.5" in first["evidence"]["numbers"] and "18000" in first["evidence"]["numbers"]


def test_minhash_bands_are_datasketchs() -> None:
    """``MINHASH_BANDS`` is written out so that linking does not import datasketch's LSH
    (and scipy): it must stay what datasketch chooses for the threshold."""
    from datasketch import MinHashLSH

    from veille.provenance.fingerprints import NUM_PERM
    from veille.provenance.index import LSH_THRESHOLD, MINHASH_BANDS

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == MINHASH_BANDS


def test_links_translation_and_near_duplicate(linked: Store) -> None:
    links = {(link["a"], link["b"]): link for link in list_links(linked)}
    pair = (ORIGINAL_EN["id"], TRANSLATION_FR["id"])
    assert links[pair]["kind"] == "translation"
    assert links[(TRANSLATION_FR["id"], COPY_FR["id"])]["kind"] == "near-duplicate"
    assert all(UNRELATED_FR["id"] not in key for key in links)
    assert {link["kind"] for link in list_links(linked, kind="translation")} == {"translation"}
    everything = list_links(linked)
    assert [link["score"] for link in everything] == sorted(
        (link["score"] for link in everything), reverse=True)
    assert list_links(linked, limit=1, offset=1) == everything[1:2]


def test_translation_dated_years_later_is_flagged(linked: Store) -> None:
    found = article_provenance(linked, TRANSLATION_FR["id"])
    assert found is not None
    assert found["story"] == found["first"] == ORIGINAL_EN["id"]
    kinds = {flag["kind"]: flag["detail"] for flag in found["flags"]}
    assert {"republished", "translation"} <= set(kinds)
    assert "22 September 2021" in kinds["republished"]
    assert "English" in kinds["translation"] and "French" in kinds["translation"]
    relations = {c["id"]: c["relation"] for c in found["copies"]}
    assert relations == {ORIGINAL_EN["id"]: "translation", TRANSLATION_FR["id"]: "self",
                         COPY_FR["id"]: "near-duplicate"}
    original = article_provenance(linked, ORIGINAL_EN["id"])
    assert original is not None and original["flags"] == []
    assert article_provenance(linked, "no-such-id") is None


def test_unlinked_article_has_no_story(linked: Store) -> None:
    found = article_provenance(linked, UNRELATED_FR["id"])
    assert found == {"story": None, "first": None, "flags": [], "copies": [
        {"id": UNRELATED_FR["id"], "title": UNRELATED_FR["title"], "site": UNRELATED_FR["site"],
         "language": "fr", "published": UNRELATED_FR["published"], "relation": "self",
         "score": None}]}


def test_linking_is_idempotent(linked: Store) -> None:
    before = list_links(linked)
    assert add(linked, ORIGINAL_EN, TRANSLATION_FR, COPY_FR, UNRELATED_FR) == 0
    assert list_links(linked) == before


def test_republished_days_is_configurable(store: Store) -> None:
    add(store, ORIGINAL_EN, TRANSLATION_FR,
        options=ProvenanceOptions(republished_days=5000))
    found = article_provenance(store, TRANSLATION_FR["id"])
    assert found is not None
    assert [f["kind"] for f in found["flags"]] == ["translation"]


def test_changed_text_moves_the_article(linked: Store) -> None:
    changed = {**COPY_FR, "text": UNRELATED_FR["text"].replace("jazz", "rock")}
    add(linked, changed)
    found = article_provenance(linked, COPY_FR["id"])
    assert found is not None and found["story"] == UNRELATED_FR["id"]
    assert story(linked, TRANSLATION_FR["id"])["size"] == 2
    assert ("near-duplicate", UNRELATED_FR["id"]) in {
        (link["kind"], link["a"]) for link in list_links(linked) if link["b"] == COPY_FR["id"]}


def test_stories_and_story(linked: Store) -> None:
    stories = list_stories(linked)
    assert len(stories) == 1
    only = stories[0]
    assert (only["story"], only["first"], only["size"]) == (ORIGINAL_EN["id"],
                                                            ORIGINAL_EN["id"], 3)
    assert only["languages"] == ["en", "fr"]
    assert only["first_published"] == "2021-09-22"
    assert only["last_published"] == "2024-11-23"
    assert set(only["flags"]) == {"republished", "translation"}
    assert list_stories(linked, flag="date-contradiction") == []
    assert list_stories(linked, flag="translation") == stories
    assert list_stories(linked, offset=1) == []
    shown = story(linked, "sans-buzz")  # an unambiguous prefix
    assert shown["article"]["id"] == TRANSLATION_FR["id"] and shown["size"] == 3
    with pytest.raises(NotFound):
        story(linked, "nothing-like-this")


def test_first_copy_ties_and_missing_dates(store: Store) -> None:
    undated = {**ORIGINAL_EN, "published": None}
    add(store, TRANSLATION_FR, undated)  # same batch: the dated one comes first
    found = article_provenance(store, ORIGINAL_EN["id"])
    assert found is not None and found["first"] == TRANSLATION_FR["id"]
    same_day = {**COPY_FR, "published": TRANSLATION_FR["published"]}
    add(store, same_day)  # a tie: the article stored first stays first
    assert story(store, COPY_FR["id"])["first"] == TRANSLATION_FR["id"]


def test_relink_rebuilds(linked: Store) -> None:
    before = list_links(linked)
    linked.db.execute("DELETE FROM provenance_fingerprints WHERE article_pk = 1")
    linked.db.commit()
    counts = relink(linked)
    assert counts == {"fingerprinted": 1, "articles": 4, "links": len(before)}
    assert list_links(linked) == before


def test_commands(linked: Store) -> None:
    db = str(linked.path)
    linked.close()
    runner = CliRunner()
    out = runner.invoke(main, ["duplicates", "--db", db, "--format", "json"])
    assert out.exit_code == 0, out.output
    assert {(r["a"], r["b"]) for r in json.loads(out.output)} >= {
        (ORIGINAL_EN["id"], TRANSLATION_FR["id"])}
    csv = runner.invoke(main, ["duplicates", "--db", db, "--kind", "translation",
                               "--format", "csv"])
    assert csv.output.splitlines()[0] == "a,b,kind,score"
    text = runner.invoke(main, ["story", "sans-buzz", "--db", db])
    assert text.exit_code == 0 and "republished:" in text.output
    assert "first copy wire-harbour-strike-en" in text.output
    missing = runner.invoke(main, ["story", "nope", "--db", db])
    assert missing.exit_code == 1 and "no article with id 'nope'" in missing.output
    again = runner.invoke(main, ["relink", "--db", db, "--republished-days", "9999"])
    assert again.exit_code == 0 and "4 articles linked" in again.output
    shown = json.loads(runner.invoke(main, ["story", TRANSLATION_FR["id"], "--db", db,
                                            "--format", "json"]).output)
    assert [f["kind"] for f in shown["flags"]] == ["translation"]


def test_edit_generator_is_deterministic() -> None:
    sources = [SourceText(id=f"s{i}", title=f"Titre {i}", text=TRANSLATION_FR["text"])
               for i in range(8)]
    first = make_copies(sources, seed=3, count=6)
    assert first == make_copies(sources, seed=3, count=6)
    assert first != make_copies(sources, seed=4, count=6)
    assert {e for c in first for e in c.edits} == {"boilerplate", "headline", "truncate",
                                                  "extend"}
