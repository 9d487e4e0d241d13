"""Scores of ``veille.provenance`` linking: translations (NTREX) and near-duplicates.

* **Translations** (``crosslingual/docs.jsonl``, ``pairs.tsv``): every document goes into a
  fresh store, in a shuffled order, given only its ``doc_id`` (as article id), ``lang``,
  ``title`` and ``text``, and is linked incrementally in batches of 32 as ingest does.
  Predicted pairs are the links (any kind); P/R/F1 against the gold pairs, overall and per
  language pair. The *story* figures count two documents as paired when they are in one
  story (transitive closure). False positives are listed: several different articles
  report one event (Sulawesi, Kavanaugh …), the hard negatives the README warns about.
* **Near-duplicates** (``corpus/masakhanews_fra.jsonl``): every article, plus an edited
  copy of some of them (``veille.provenance.edits``: boilerplate, changed headline,
  truncated or extended body); gold pairs are (article, its copy); any other link counts
  as a false positive, and links between two corpus articles are listed so they can be
  checked by eye.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from veille.provenance import fingerprint, link_new
from veille.provenance.edits import EditedCopy, SourceText, make_copies
from veille.query.provenance import list_links
from veille.records import Article
from veille.store import Store

__all__ = ["evaluate_crosslingual", "format_table", "link_documents", "near_duplicate_scores",
           "prf", "translation_scores"]

BATCH = 32
SEED = 13
NEAR_DUPLICATE_COPIES = 200


def prf(predicted: set[frozenset[str]], gold: set[frozenset[str]]) -> dict[str, Any]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "tp": tp,
            "predicted": len(predicted), "gold": len(gold)}


def _article(doc: dict[str, Any]) -> Article:
    text = doc["text"]
    return Article(id=doc["id"], source=f"eval:{doc['id']}", text=text, title=doc.get("title"),
                   language=doc.get("lang"), published=doc.get("published"),
                   content_hash=hashlib.sha256(text.encode()).hexdigest(), extractor="eval")


def link_documents(docs: Sequence[dict[str, Any]], *, seed: int = SEED, vectors: bool = True
                   ) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Store ``docs`` (``id``, ``lang``, ``title``, ``text``) in a fresh store in a shuffled
    order, link them incrementally; return the links and each article's story.
    ``vectors=False``: fingerprints without the sentence encoder (same-language only)."""
    order = list(docs)
    random.Random(seed).shuffle(order)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "eval.db")
        try:
            for start in range(0, len(order), BATCH):
                articles = [_article(d) for d in order[start:start + BATCH]]
                store.write(articles=articles)
                link_new(store, {a.id: fingerprint(a, vector=vectors) for a in articles})
            links = list_links(store)
            stories = {r["id"]: r["story"] for r in store.db.execute(
                "SELECT a.id, s.story FROM provenance_stories s JOIN articles a ON "
                "a.pk = s.article_pk")}
        finally:
            store.close()
    return links, stories


def _story_pairs(stories: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, list[str]] = {}
    for article_id, story_id in stories.items():
        groups.setdefault(story_id, []).append(article_id)
    return {frozenset(p) for members in groups.values()
            for p in itertools.combinations(members, 2)}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def translation_scores(folder: Path) -> dict[str, Any]:
    """Links over the NTREX documents of ``folder`` scored against its ``pairs.tsv``."""
    rows = _read_jsonl(folder / "docs.jsonl")
    lang = {r["doc_id"]: r["lang"] for r in rows}
    docs = [{"id": r["doc_id"], "lang": r["lang"], "title": r.get("title"), "text": r["text"]}
            for r in rows]
    gold = set()
    for line in (folder / "pairs.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            a, b = line.split("\t")[:2]
            gold.add(frozenset((a, b)))
    links, stories = link_documents(docs)
    predicted = {frozenset((link["a"], link["b"])) for link in links}
    by_pair: dict[str, dict[str, Any]] = {}
    for pair in sorted({"-".join(sorted(lang[i] for i in p)) for p in gold}):
        keep = {p for p in predicted | gold if "-".join(sorted(lang[i] for i in p)) == pair}
        by_pair[pair] = prf(predicted & keep, gold & keep)
    group = {r["doc_id"]: r.get("pair_id") for r in rows}
    errors = [{"a": link["a"], "b": link["b"], "kind": link["kind"], "score": link["score"],
               "titles": [_first_line(rows, link["a"]), _first_line(rows, link["b"])]}
              for link in links if frozenset((link["a"], link["b"])) not in gold]
    missed = sorted(" ".join(sorted(p)) for p in gold - predicted)
    return {"links": prf(predicted, gold), "stories": prf(_story_pairs(stories), gold),
            "by_language_pair": by_pair, "false_positives": errors, "missed": missed,
            "documents": len(rows), "articles": len(set(group.values()))}


def _first_line(rows: Iterable[dict[str, Any]], doc_id: str) -> str:
    for r in rows:
        if r["doc_id"] == doc_id:
            return str(r["text"].split("\n", 1)[0][:90])
    return ""


def near_duplicate_scores(corpus: Path, *, limit: int | None = None,
                          copies: int = NEAR_DUPLICATE_COPIES, seed: int = SEED,
                          vectors: bool = True) -> dict[str, Any]:
    """The first ``limit`` corpus articles plus edited copies of ``copies`` of them.
    ``vectors=False`` skips the sentence encoder: the corpus is French only, so vectors
    can only add candidates, never links; the MinHash index alone must find the copies."""
    rows = _read_jsonl(corpus)[:limit]
    sources = [SourceText(id=r["doc_id"], title=r.get("title"), text=r["text"]) for r in rows]
    made = make_copies(sources, seed=seed, count=min(copies, len(sources)))
    return _score_copies(sources, made, vectors=vectors)


def _score_copies(sources: list[SourceText], copies: list[EditedCopy], *, vectors: bool
                  ) -> dict[str, Any]:
    docs = [{"id": s.id, "lang": "fr", "title": s.title, "text": s.text} for s in sources]
    docs += [{"id": c.id, "lang": "fr", "title": c.title, "text": c.text} for c in copies]
    links, _ = link_documents(docs, vectors=vectors)
    gold = {frozenset((c.id, c.source_id)) for c in copies}
    predicted = {frozenset((link["a"], link["b"])) for link in links}
    edits = {c.id: c.edits for c in copies}
    by_edit: dict[str, Counter[str]] = {}
    for c in copies:
        for edit in c.edits:
            counts = by_edit.setdefault(edit, Counter())
            counts["gold"] += 1
            counts["found"] += frozenset((c.id, c.source_id)) in predicted
    corpus_links = [link for link in links
                    if link["a"] not in edits and link["b"] not in edits]
    return {"links": prf(predicted, gold),
            "recall_by_edit": {e: round(c["found"] / c["gold"], 4) for e, c in
                               sorted(by_edit.items())},
            "corpus_articles": len(sources), "copies": len(copies),
            "corpus_links": corpus_links}


def evaluate_crosslingual(eval_dir: Path) -> dict[str, Any]:
    """Translation and near-duplicate linking scores on ``eval_dir`` (../shared/eval)."""
    eval_dir = Path(eval_dir)
    folder = eval_dir / "crosslingual" if (eval_dir / "crosslingual").is_dir() else eval_dir
    result: dict[str, Any] = {"translation": translation_scores(folder)}
    corpus = folder.parent / "corpus" / "masakhanews_fra.jsonl"
    if corpus.is_file():
        result["near_duplicate"] = near_duplicate_scores(corpus)
    return result


def _row(name: str, s: dict[str, Any]) -> str:
    return (f"  {name:<28} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
            f"({s['tp']}/{s['predicted']} predicted, {s['gold']} gold)")


def format_table(result: dict[str, Any]) -> str:
    t = result["translation"]
    lines = [f"translation pairs (NTREX: {t['documents']} documents, {t['articles']} articles)",
             _row("links", t["links"]), _row("stories (transitive)", t["stories"])]
    lines += [_row(pair, s) for pair, s in t["by_language_pair"].items()]
    for fp in t["false_positives"]:
        lines.append(f"  false positive {fp['kind']} {fp['score']:.3f}: "
                     f"{fp['titles'][0][:50]} | {fp['titles'][1][:50]}")
    n = result.get("near_duplicate")
    if n:
        lines += [f"near-duplicates (edited copies of {n['copies']} of "
                  f"{n['corpus_articles']} corpus articles)", _row("links", n["links"])]
        lines += [f"  recall, {edit:<20} {recall:.3f}"
                  for edit, recall in n["recall_by_edit"].items()]
        lines.append(f"  links between two corpus articles: {len(n['corpus_links'])}")
        lines += [f"    {link['a']} {link['b']} {link['kind']} {link['score']:.3f}"
                  for link in n["corpus_links"]]
    return "\n".join(lines)
