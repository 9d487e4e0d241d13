"""The annotated-data scorer itself (eval README section 0), on synthetic predictions.

No spaCy: predictions are plain ``veille.analysis.v1`` dicts built here. One test scores a
real gold file against a "perfect" prediction made from the gold itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from veille.evaluation.annotated import (
    Finder,
    evaluate_annotated,
    format_table,
    gold_names,
    greedy_pairs,
    load_gold,
    names_match,
    overlap,
    predict,
    role_found,
    role_right,
    score_document,
    set_names,
    split_of,
)
from veille.extract import extract
from veille.records import Page

TEXT = ("Le ministre Jean Dupont a déclaré : « Nous  ne céderons pas ». "
        "Selon le syndicat SUD-PTT, la grève continuera lundi.")


def _gold(**parts: Any) -> dict[str, Any]:
    return {"doc_id": "t", "people": [], "quotes": [], "timexes": [], "events": [], **parts}


def _pred(text: str = TEXT, **parts: Any) -> dict[str, Any]:
    return {"article": {"text": text}, "entities": [], "quotes": [], "timexes": [],
            "events": [], **parts}


def _quote(text: str, needle: str, speaker: str | None = None) -> dict[str, Any]:
    start = text.index(needle)
    return {"text": needle, "start": start, "end": start + len(needle), "speaker": speaker}


def _counts(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, int]:
    return score_document(gold, pred)["counts"]


# ---------------------------------------------------------------- locating, overlap, greedy

def test_finder_tolerates_quote_marks_and_whitespace() -> None:
    text = "Il a dit\u00a0: «\u202fNous ne\n  céderons  pas\u00a0» et l’ Afghanistan."
    finder = Finder(text)
    span = finder.find("“Nous ne céderons pas”")
    assert span is not None and text[span[0]:span[1]] == "«\u202fNous ne\n  céderons  pas\u00a0»"
    inner = finder.find("Nous ne céderons pas")
    assert inner is not None and text[inner[0]:inner[1]] == "Nous ne\n  céderons  pas"
    assert finder.find("l'Afghanistan") is not None
    assert finder.find("Nous ne cederons pas") is None  # accents are not folded in text


def test_finder_prefers_whole_words_and_occurrences_in_order() -> None:
    finder = Finder("En maison, mai 2012 ; puis mai 2013.")
    first = finder.find_all("mai")
    assert [finder.text[s:e] for s, e in first] == ["mai", "mai"]
    assert first[0][0] == finder.text.index("mai 2012")
    sentence = (finder.text.index("puis"), len(finder.text))
    assert finder.find("mai", within=sentence) == (first[1][0], first[1][0] + 3)


def test_overlap_is_intersection_over_longest() -> None:
    assert overlap((0, 10), (0, 10)) == 1.0
    assert overlap((0, 10), (5, 10)) == 0.5
    assert overlap((0, 10), (10, 20)) == 0.0
    assert overlap(None, (0, 1)) == 0.0


def test_greedy_takes_best_pair_first_one_to_one() -> None:
    # gold 0 overlaps pred 0 best, so gold 1 cannot take pred 0 and gets pred 1
    pairs = greedy_pairs([(0.6, 0, 0), (0.9, 1, 0), (0.4, 1, 1), (0.5, 0, 1)])
    assert sorted(pairs) == [(0, 1), (1, 0)]
    assert greedy_pairs([(0.5, 0, 0), (0.5, 0, 1)]) == [(0, 0)]


# ---------------------------------------------------------------- names and roles

@pytest.mark.parametrize(("predicted", "gold", "same"), [
    ("jean-paul BAILLY", "Jean-Paul Bailly", True),       # case
    ("Jeremy Buan", "Jérémy Buan", True),                 # accents
    ("Milley", "Mark Milley", True),                      # final tokens
    ("Mark Milley", "Milley", True),
    ("syndicat SUD-PTT", "SUD-PTT", True),                # whole-token containment
    ("Le syndicat SUD-PTT", "SUD-PTT", True),
    ("la Poste", "La Poste", True),                       # leading article
    ("l’OTAN", "OTAN", True),                             # elided article
    ("Millet", "Mark Milley", False),
    ("Postes", "La Poste", False),                        # not a whole token
    ("syndicat SUD", "SUD-PTT", False),
    ("il", "Mark Milley", False),
    (None, "Mark Milley", False),
    ("Le", "Le Monde", False),                            # an article alone names nothing
])
def test_name_rule(predicted: str | None, gold: str, same: bool) -> None:
    assert names_match(predicted, [gold]) is same


def test_gold_aliases_count_for_people_only() -> None:
    gold = _gold(people=[{"name": "Valery Gerasimov", "aliases": ["le général russe"],
                          "roles": []}])
    assert gold_names(gold, "Valery Gerasimov") == ["Valery Gerasimov", "le général russe"]
    assert names_match("général russe", gold_names(gold, "Valery Gerasimov"))
    assert gold_names(gold, "OTAN") == ["OTAN"]


def test_role_needs_half_of_the_gold_words() -> None:
    assert role_found("président de La Poste", ["président de la poste"])
    assert role_found("président de l’état-major", ["président", "chef de l'état-major"])
    assert not role_found("président de l’état-major interarmées américain", ["président"])
    assert role_found("Général", ["general"])
    assert not role_found("ministre", [])


# ---------------------------------------------------------------- quotes and speakers

def test_quote_thresholds_loose_and_strict() -> None:
    needle = "la grève continuera lundi"
    gold = _gold(quotes=[{"text": needle, "kind": "indirect", "speaker": "SUD-PTT"}])
    start = TEXT.index(needle)
    half = {"text": "", "start": start, "end": start + len(needle) // 2, "speaker": "SUD-PTT"}
    counts = _counts(gold, _pred(quotes=[half]))
    assert (counts["quotes_loose"], counts["quotes_strict"]) == (1, 0)
    tiny = {**half, "end": start + 3}
    assert _counts(gold, _pred(quotes=[tiny]))["quotes_loose"] == 0
    whole = _quote(TEXT, needle + ".", "SUD-PTT")
    assert _counts(gold, _pred(quotes=[whole]))["quotes_strict"] == 1


def test_quotes_match_one_to_one_and_count_unlocated() -> None:
    gold = _gold(quotes=[
        {"text": "Nous ne céderons pas", "kind": "direct", "speaker": "Jean Dupont"},
        {"text": "absent du texte", "kind": "direct", "speaker": None}])
    pred_quote = _quote(TEXT, "Nous  ne céderons pas", "Dupont")
    counts = _counts(gold, _pred(quotes=[pred_quote, dict(pred_quote)]))
    assert counts["quotes_gold"] == 2 and counts["quotes_pred"] == 2
    assert counts["quotes_loose"] == 1 and counts["quotes_not_located"] == 1
    assert (counts["kind_direct_gold"], counts["kind_direct_loose"]) == (2, 1)
    assert (counts["speaker_n"], counts["speaker_ok"]) == (1, 1)


def test_speaker_wrong_or_missing() -> None:
    gold = _gold(quotes=[{"text": "la grève continuera lundi", "kind": "indirect",
                          "speaker": "SUD-PTT"}])
    for speaker, ok in (("syndicat SUD-PTT", 1), ("Jean Dupont", 0), (None, 0)):
        scored = score_document(gold, _pred(quotes=[
            _quote(TEXT, "la grève continuera lundi", speaker)]))
        assert scored["counts"]["speaker_ok"] == ok
        assert len(scored["details"]["wrong_speakers"]) == 1 - ok


def test_null_gold_speaker_is_not_scored() -> None:
    gold = _gold(quotes=[{"text": "la grève continuera lundi", "kind": "indirect",
                          "speaker": None}])
    counts = _counts(gold, _pred(quotes=[_quote(TEXT, "la grève continuera lundi", "X")]))
    assert counts["quotes_loose"] == 1 and counts.get("speaker_n", 0) == 0


# ---------------------------------------------------------------- people, timexes, events

def test_people_one_to_one_with_aliases_and_roles() -> None:
    gold = _gold(people=[{"name": "Jean Dupont", "aliases": ["JD"], "roles": ["ministre"]},
                         {"name": "Marie Curie", "aliases": [], "roles": []}])
    pred = _pred(entities=[
        {"name": "JD", "type": "PER", "roles": ["ministre de l'Intérieur"]},
        {"name": "Dupont", "type": "PER", "roles": []},
        {"name": "SUD-PTT", "type": "ORG", "roles": []}])
    scored = score_document(gold, pred)
    counts = scored["counts"]
    assert (counts["people_gold"], counts["people_pred"], counts["people_matched"]) == (2, 2, 1)
    assert (counts["roles_gold"], counts["roles_found"]) == (1, 1)
    assert scored["details"]["people_missed"] == ["Marie Curie"]
    assert scored["details"]["people_spurious"] == ["Dupont"]


def test_timexes_found_values_and_precision() -> None:
    text = "Lundi 5 mai, puis lundi 12 mai."
    gold = _gold(timexes=[{"text": "mai", "value": "2012-05-05"},
                          {"text": "mai", "value": "2012-05-12"},
                          {"text": "mardi", "value": "2012-05-06"}])
    second = text.rindex("12 mai")
    pred = _pred(text, timexes=[
        {"start": 6, "end": 11, "value": "2012-05-05"},
        {"start": second, "end": second + 6, "value": "2012-05-13"},
        {"start": 0, "end": 5, "value": "2012-05-07"}])
    counts = _counts(gold, pred)
    assert (counts["timex_found"], counts["timex_value"]) == (2, 1)
    assert (counts["timex_not_located"], counts["timex_pred_ok"]) == (1, 2)


def test_events_plover_only_sentence_and_type_or_trigger() -> None:
    text = "Les syndicats protestent. La police arrête dix personnes. Il pleut."
    sentence = (text.index("La police"), text.index(" Il pleut"))
    gold = _gold(events=[
        {"type": "COERCE", "trigger": "arrête", "actors": ["police"],
         "sentence": "La police arrête dix personnes."},
        {"type": "OTHER", "trigger": "pleut", "actors": [], "sentence": "Il pleut."}])
    trigger = text.index("arrête")
    wrong_type = {"type": "ASSAULT", "start": trigger, "end": trigger + 6,
                  "sentence": list(sentence), "actors": ["la police"]}
    counts = _counts(gold, _pred(text, events=[wrong_type, {**wrong_type, "type": "OTHER"}]))
    assert (counts["events_gold"], counts["events_pred"]) == (1, 1)
    assert (counts["events_matched"], counts["events_typed"]) == (1, 0)
    assert (counts["actors_n"], counts["actors_ok"]) == (1, 1)
    elsewhere = {**wrong_type, "start": 0, "end": 3}
    assert _counts(gold, _pred(text, events=[elsewhere]))["events_matched"] == 0
    other_sentence = {**wrong_type, "type": "COERCE", "sentence": [0, 25]}
    assert _counts(gold, _pred(text, events=[other_sentence]))["events_matched"] == 0


# ---------------------------------------------------------------- whole harness

def _write_eval(tmp: Path, gold: dict[str, Any]) -> Path:
    (tmp / "annotated" / "gold").mkdir(parents=True)
    (tmp / "annotated" / "gold" / "t.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp


def test_evaluate_micro_totals_and_table(tmp_path: Path) -> None:
    gold = _gold(quotes=[{"text": "Nous ne céderons pas", "kind": "direct",
                          "speaker": "Jean Dupont"}],
                 people=[{"name": "Jean Dupont", "aliases": [], "roles": ["ministre"]}])
    pred = _pred(quotes=[_quote(TEXT, "Nous  ne céderons pas", "Dupont")],
                 entities=[{"name": "Jean Dupont", "type": "PER", "roles": []}])
    result = evaluate_annotated(_write_eval(tmp_path, gold), predictions={"t": pred})
    assert result["documents"] == 1
    assert result["quotes"]["loose"]["f1"] == 1.0 and result["speakers"]["accuracy"] == 1.0
    assert result["people"]["f1"] == 1.0 and result["roles"]["recall"] == 0.0
    table = format_table(result, details=True)
    assert "speaker accuracy" in table
    assert "- roles  Jean Dupont (predicted []): 'ministre'" in table


def test_missing_prediction_scores_as_empty(tmp_path: Path) -> None:
    gold = _gold(quotes=[{"text": "x", "kind": "direct", "speaker": None}])
    result = evaluate_annotated(_write_eval(tmp_path, gold), predictions={})
    assert result["quotes"]["loose"]["recall"] == 0.0
    assert result["quotes"]["not_located"] == 1


def _perfect(gold: dict[str, Any], text: str) -> dict[str, Any]:
    """A prediction made from the gold, located with plain ``str.find`` (no tolerance)."""
    quotes = []
    for q in gold["quotes"]:
        start = text.find(q["text"])
        assert start >= 0, q["text"]
        quotes.append({"text": q["text"], "start": start, "end": start + len(q["text"]),
                       "kind": q["kind"], "speaker": q["speaker"]})
    people = [{"name": p["name"], "type": "PER", "roles": list(p["roles"]), "mentions": []}
              for p in gold["people"]]
    return _pred(text, quotes=quotes, entities=people)


@pytest.mark.parametrize("doc_id", ["ref-000_f2d1e054f7dda27f", "wikinews-fr-44046"])
def test_perfect_prediction_on_real_gold(eval_dir: Path, doc_id: str) -> None:
    doc = next((d for d in load_gold(eval_dir) if d.doc_id == doc_id), None)
    assert doc is not None and doc.page.exists(), f"{doc_id} or its page is not in {eval_dir}"
    article = extract(Page(source=str(doc.page), content=doc.page.read_bytes()))
    result = evaluate_annotated(eval_dir, predictions={doc_id: _perfect(doc.gold, article.text)})
    row = next(r for r in result["per_document"] if r["doc_id"] == doc_id)
    assert row["figures"]["quote_f1"] == 1.0
    assert row["figures"]["speaker_accuracy"] == 1.0
    assert row["figures"]["person_f1"] == 1.0
    assert row["figures"]["role_recall"] == 1.0


# ---------------------------------------------------------------- sets, halves, role precision

def test_split_is_half_and_half_and_stable() -> None:
    ids = [f"doc-{i}" for i in range(21)]
    halves = split_of(ids)
    assert sum(h == "work" for h in halves.values()) == 11
    assert split_of(reversed(ids)) == halves  # order of the folder does not matter
    assert split_of(ids[:20])["doc-3"] in ("work", "check")


def test_role_precision_counts_words_of_the_predicted_role() -> None:
    assert role_right("président turc", ["président de la Turquie", "chef de l'État"])
    assert not role_right("ministre russe de la Défense", ["président turc"])
    assert role_right("porte-parole", ["porte-parole du gouvernement"])
    gold = _gold(people=[{"name": "Ana Lima", "aliases": [], "roles": ["ministre de la Santé"]}])
    pred = _pred(entities=[{"name": "Ana Lima", "type": "PER",
                            "roles": ["ministre de la Santé", "président"]}])
    counts = _counts(gold, pred)
    assert (counts["roles_pred"], counts["roles_pred_ok"]) == (2, 1)


def test_records_set_and_both_halves(tmp_path: Path) -> None:
    folder = tmp_path / "annotated-news"
    (folder / "gold").mkdir(parents=True)
    records = []
    for i in range(4):
        doc_id = f"n-{i}"
        records.append(json.dumps({"id": doc_id, "title": "T", "text": TEXT}))
        (folder / "gold" / f"{doc_id}.json").write_text(
            json.dumps(_gold(doc_id=doc_id, quotes=[{"text": "Nous ne céderons pas",
                                                     "kind": "direct", "speaker": None}])),
            encoding="utf-8")
    (folder / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    docs = load_gold(tmp_path, set_name="annotated-news")
    assert [d.record["id"] for d in docs if d.record] == ["n-0", "n-1", "n-2", "n-3"]
    work = {d.doc_id for d in load_gold(tmp_path, set_name="annotated-news", split="work")}
    check = {d.doc_id for d in load_gold(tmp_path, set_name="annotated-news", split="check")}
    assert len(work) == len(check) == 2 and not work & check
    preds = {d.doc_id: _pred(quotes=[_quote(TEXT, "Nous  ne céderons pas")]) for d in docs}
    result = evaluate_annotated(tmp_path, set_name="annotated-news", split="check",
                                predictions=preds)
    assert result["documents"] == 2 and result["quotes"]["loose"]["f1"] == 1.0
    assert "annotated-news: 2 documents" in format_table(result)
    assert set_names(tmp_path) == ["annotated-news"]


@pytest.mark.slow
def test_parse_cache_gives_the_same_analyses(eval_dir: Path, tmp_path: Path) -> None:
    docs = load_gold(eval_dir, set_name="annotated-web")[:2] + load_gold(eval_dir)[:2]
    plain = predict(docs)
    assert predict(docs, cache=tmp_path) == plain  # parses written
    assert predict(docs, cache=tmp_path) == plain  # parses read back
