"""Scores on ``eval/annotated``: quotes and speakers, people and roles, timexes, events.

The metrics are those of the eval README (section 0), computed on plain dicts in the
``veille.analysis.v1`` shape (``Analysis.to_dict()``), so that tests can score synthetic
predictions without spaCy:

* quotes: each gold quote is located in the predicted ``article.text`` (quote-mark and
  whitespace tolerant); gold and predicted spans are paired one-to-one, greedily by
  overlap = |intersection| / max(|gold|, |predicted|); loose ≥ 0.3, strict ≥ 0.8;
* speakers: over loose matches whose gold speaker is not null, the predicted ``speaker``
  must name the same entity (``names_match``; the gold person's aliases count);
* people: ``PER`` entities vs gold ``people``, one-to-one by name; role recall over the
  roles of the people found (a predicted role shares ≥ 50 % of the gold role's words);
* timexes: a gold timex is found when a predicted one overlaps it; value accuracy;
* events: PLOVER types only; same sentence (overlap > 0.5) and same type or overlapping
  trigger; typed scores and actor accuracy.

Counts are summed over documents (micro-averages); each document also gets its own row.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veille.fetch.files import record_page
from veille.records import Page

Span = tuple[int, int]
Details = dict[str, list[Any]]
Scored = tuple[Counter[str], Details]

REFERENCE_ID = "ref-000_f2d1e054f7dda27f"
LOOSE, STRICT = 0.3, 0.8
EVENT_SENTENCE_OVERLAP = 0.5
ROLE_SHARE = 0.5
KINDS = ("direct", "indirect", "mixed")
PLOVER = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
# Marks unified when locating gold text: French and English quotes, apostrophes.
QUOTE_MARKS = frozenset("«»“”„‟\"‘’‚‛'‹›")
# Leading articles dropped before comparing names ("le syndicat SUD" ~ "syndicat SUD").
ARTICLES = frozenset({"le", "la", "les", "l", "un", "une", "des", "du", "the", "a", "an"})
_WORD = re.compile(r"\w+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


# ---------------------------------------------------------------------------- locating

class Finder:
    """Finds gold strings in a text, tolerant of quote marks and whitespace.

    Both sides are normalised: every quote mark becomes ``"``, each run of whitespace
    (no-break spaces included) one space, and spaces next to a quote mark are dropped, so
    that « mot », “mot” and "mot" compare equal. Matches map back to offsets in the text.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm, self.index = normalise(text)

    def find_all(self, needle: str, *, within: Span | None = None) -> list[Span]:
        """Non-overlapping occurrences, preferring those at word boundaries."""
        pattern = normalise(needle)[0]
        if not pattern:
            return []
        lo, hi = (0, len(self.norm)) if within is None else self._norm_range(within)
        found, pos = [], self.norm.find(pattern, lo, hi)
        while pos >= 0:
            found.append(pos)
            pos = self.norm.find(pattern, pos + len(pattern), hi)
        bounded = [p for p in found if self._bounded(p, pattern)]
        return [self._span(p, len(pattern)) for p in (bounded or found)]

    def find(self, needle: str, *, within: Span | None = None) -> Span | None:
        spans = self.find_all(needle, within=within)
        return spans[0] if spans else None

    def _norm_range(self, span: Span) -> Span:
        return bisect_left(self.index, span[0]), bisect_left(self.index, span[1])

    def _bounded(self, pos: int, pattern: str) -> bool:
        end = pos + len(pattern)
        before = pos == 0 or not (_is_word(pattern[0]) and _is_word(self.norm[pos - 1]))
        after = end == len(self.norm) or not (_is_word(pattern[-1]) and _is_word(self.norm[end]))
        return before and after

    def _span(self, pos: int, length: int) -> Span:
        return self.index[pos], self.index[pos + length - 1] + 1


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` with quote marks and whitespace normalised, and each kept char's offset."""
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        if char in QUOTE_MARKS:
            char = '"'
            if out and out[-1] == " ":
                out.pop()
                index.pop()
        elif char.isspace():
            if not out or out[-1] in ' "':
                continue
            char = " "
        out.append(char)
        index.append(i)
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def overlap(a: Span | None, b: Span | None) -> float:
    """|intersection| / max(|a|, |b|): 1.0 for the same span, 0.0 for disjoint ones."""
    if a is None or b is None:
        return 0.0
    longest = max(a[1] - a[0], b[1] - b[0])
    return _intersection(a, b) / longest if longest > 0 else 0.0


def _intersection(a: Span | None, b: Span | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def greedy_pairs(candidates: Iterable[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one (gold, predicted) pairs: repeatedly take the best-scoring remaining pair.

    Ties go to the earlier gold item, then the earlier prediction.
    """
    pairs: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, g, p in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if g not in used_gold and p not in used_pred:
            pairs.append((g, p))
            used_gold.add(g)
            used_pred.add(p)
    return pairs


# ---------------------------------------------------------------------------- names

def fold(text: str) -> str:
    """Case- and accent-folded text ("Érable" → "erable", "Œuvre" → "oeuvre")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """Folded ``\\w+`` tokens; elided articles split off ("l’état" → ["l", "etat"])."""
    return _WORD.findall(fold(text))


def name_tokens(name: str) -> tuple[str, ...]:
    tokens = words(name)
    if tokens and tokens[0] in ARTICLES:
        tokens = tokens[1:]
    return tuple(tokens)


def name_strength(a: str | None, b: str | None) -> int:
    """How well two names designate the same entity: 3 equal (folded, without leading
    article), 2 one is the other's final tokens, 1 one contains the other as whole tokens,
    0 no match."""
    if not a or not b:
        return 0
    short, long = sorted((name_tokens(a), name_tokens(b)), key=len)
    if not short:
        return 0
    if short == long:
        return 3
    if long[len(long) - len(short):] == short:
        return 2
    n = len(short)
    return 1 if any(long[i:i + n] == short for i in range(len(long) - n + 1)) else 0


def names_match(predicted: str | None, gold_names: Sequence[str]) -> bool:
    """True when ``predicted`` names the entity known by any of ``gold_names``."""
    return any(name_strength(predicted, name) for name in gold_names)


def gold_names(gold: Mapping[str, Any], name: str) -> list[str]:
    """A gold entity's name and, for a person of ``gold["people"]``, its aliases."""
    for person in gold.get("people") or ():
        forms = [person["name"], *(person.get("aliases") or ())]
        if name in forms or fold(name) == fold(person["name"]):
            return forms
    return [name]


def role_found(gold_role: str, predicted_roles: Iterable[str]) -> bool:
    """A predicted role shares at least half of the gold role's words."""
    wanted = Counter(words(gold_role))
    total = sum(wanted.values())
    return total > 0 and any(
        sum((wanted & Counter(words(role))).values()) / total >= ROLE_SHARE
        for role in predicted_roles)


def role_right(predicted_role: str, gold_roles: Iterable[str]) -> bool:
    """At least half of the predicted role's words are in one gold role (role precision)."""
    have = Counter(words(predicted_role))
    total = sum(have.values())
    return total > 0 and any(
        sum((have & Counter(words(role))).values()) / total >= ROLE_SHARE for role in gold_roles)


# ---------------------------------------------------------------------------- scoring

def _quote_pairs(gold_spans: Sequence[Span | None], pred_spans: Sequence[Span],
                 threshold: float) -> list[tuple[int, int]]:
    candidates = [(o, g, p) for g, gs in enumerate(gold_spans)
                  for p, ps in enumerate(pred_spans) if (o := overlap(gs, ps)) >= threshold]
    return greedy_pairs(candidates)


def score_quotes(gold: Mapping[str, Any], pred: Mapping[str, Any], finder: Finder) -> Scored:
    golds = gold.get("quotes") or []
    preds = pred.get("quotes") or []
    gold_spans = [finder.find(q["text"]) for q in golds]
    pred_spans = [(q["start"], q["end"]) for q in preds]
    loose = _quote_pairs(gold_spans, pred_spans, LOOSE)
    counts = Counter(quotes_gold=len(golds), quotes_pred=len(preds),
                     quotes_loose=len(loose),
                     quotes_strict=len(_quote_pairs(gold_spans, pred_spans, STRICT)),
                     quotes_not_located=sum(s is None for s in gold_spans))
    for kind in KINDS:
        counts[f"kind_{kind}_gold"] += sum(q.get("kind") == kind for q in golds)
        counts[f"kind_{kind}_loose"] += sum(golds[g].get("kind") == kind for g, _ in loose)
    details = _quote_details(golds, preds, gold_spans, loose)
    for g, p in loose:
        if golds[g].get("speaker") is not None:
            ok = names_match(preds[p].get("speaker"), gold_names(gold, golds[g]["speaker"]))
            counts["speaker_n"] += 1
            counts["speaker_ok"] += ok
            if not ok:
                details["wrong_speakers"].append(
                    {"text": golds[g]["text"][:80], "gold": golds[g]["speaker"],
                     "predicted": preds[p].get("speaker")})
    return counts, details


def _quote_details(golds: Sequence[Mapping[str, Any]], preds: Sequence[Mapping[str, Any]],
                   gold_spans: Sequence[Span | None], pairs: list[tuple[int, int]]) -> Details:
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    details: Details = {"wrong_speakers": []}
    details["quotes_missed"] = [
        {"text": q["text"][:80], "kind": q.get("kind"), "speaker": q.get("speaker"),
         "located": gold_spans[i] is not None}
        for i, q in enumerate(golds) if i not in matched_gold]
    details["quotes_spurious"] = [
        {"text": str(q.get("text", ""))[:80], "speaker": q.get("speaker")}
        for i, q in enumerate(preds) if i not in matched_pred]
    return details


def score_people(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> Scored:
    people = gold.get("people") or []
    persons = [e for e in pred.get("entities") or [] if e.get("type") == "PER"]
    candidates = [
        (float(s), g, p) for g, person in enumerate(people) for p, entity in enumerate(persons)
        if (s := max(name_strength(entity["name"], n)
                     for n in [person["name"], *(person.get("aliases") or ())]))]
    pairs = greedy_pairs(candidates)
    counts = Counter(people_gold=len(people), people_pred=len(persons),
                     people_matched=len(pairs))
    details: Details = {"roles_missed": [], "roles_wrong": []}
    for g, p in pairs:
        for role in people[g].get("roles") or ():
            ok = role_found(role, persons[p].get("roles") or ())
            counts["roles_gold"] += 1
            counts["roles_found"] += ok
            if not ok:
                details["roles_missed"].append(
                    {"person": people[g]["name"], "role": role,
                     "predicted": list(persons[p].get("roles") or ())})
        gold_roles = people[g].get("roles") or ()
        for role in persons[p].get("roles") or ():
            ok = role_right(role, gold_roles)
            counts["roles_pred"] += 1
            counts["roles_pred_ok"] += ok
            if not ok:
                details["roles_wrong"].append({"person": people[g]["name"], "role": role,
                                               "gold": list(gold_roles)})
    details["people_missed"] = sorted(
        people[g]["name"] for g in set(range(len(people))) - {g for g, _ in pairs})
    details["people_spurious"] = sorted(
        persons[p]["name"] for p in set(range(len(persons))) - {p for _, p in pairs})
    return counts, details


def locate_in_order(finder: Finder, texts: Sequence[str]) -> list[Span | None]:
    """Each text's span; the k-th entry with a given text takes its k-th occurrence."""
    seen: Counter[str] = Counter()
    spans: list[Span | None] = []
    for text in texts:
        occurrences = finder.find_all(text)
        k = seen[text]
        seen[text] += 1
        spans.append(occurrences[k] if k < len(occurrences) else None)
    return spans


def score_timexes(gold: Mapping[str, Any], pred: Mapping[str, Any], finder: Finder) -> Scored:
    golds = gold.get("timexes") or []
    preds = pred.get("timexes") or []
    gold_spans = locate_in_order(finder, [t["text"] for t in golds])
    pred_spans: list[Span] = [(t["start"], t["end"]) for t in preds]
    counts = Counter(timex_gold=len(golds), timex_pred=len(preds),
                     timex_not_located=sum(s is None for s in gold_spans))
    details: Details = {"timexes_missed": []}
    for timex, span in zip(golds, gold_spans, strict=True):
        hits = [p for p, ps in enumerate(pred_spans) if _intersection(span, ps) > 0]
        best = max(hits, key=lambda p: overlap(span, pred_spans[p]), default=None)
        counts["timex_found"] += best is not None
        right = best is not None and preds[best].get("value") == timex.get("value")
        counts["timex_value"] += right
        if not right:
            details["timexes_missed"].append(
                {"text": timex["text"], "value": timex.get("value"),
                 "predicted": None if best is None else preds[best].get("value")})
    counts["timex_pred_ok"] = sum(
        any(_intersection(s, ps) > 0 for s in gold_spans) for ps in pred_spans)
    return counts, details


@dataclass(frozen=True, slots=True)
class _GoldEvent:
    type: str
    actors: list[str]
    sentence: Span | None
    trigger: Span | None
    label: str


def _gold_events(gold: Mapping[str, Any], finder: Finder) -> list[_GoldEvent]:
    events = []
    for event in gold.get("events") or ():
        if event.get("type") not in PLOVER:
            continue
        sentence = finder.find(event.get("sentence") or "")
        trigger = finder.find(event.get("trigger") or "", within=sentence) if sentence else None
        events.append(_GoldEvent(event["type"], list(event.get("actors") or ()), sentence,
                                 trigger, f"{event['type']} {event.get('trigger')!r}"))
    return events


def _event_score(gold: _GoldEvent, pred: Mapping[str, Any]) -> float:
    """0 when they do not match; else same type (2) + trigger overlap (1) + sentence overlap."""
    start, end = pred.get("sentence") or (0, 0)
    sentence = overlap(gold.sentence, (start, end))
    same_type = gold.type == pred.get("type")
    trigger = _intersection(gold.trigger, (pred.get("start", 0), pred.get("end", 0))) > 0
    if sentence <= EVENT_SENTENCE_OVERLAP or not (same_type or trigger):
        return 0.0
    return 2.0 * same_type + 1.0 * trigger + sentence


def score_events(gold: Mapping[str, Any], pred: Mapping[str, Any], finder: Finder) -> Scored:
    golds = _gold_events(gold, finder)
    preds = [e for e in pred.get("events") or () if e.get("type") in PLOVER]
    candidates = [(s, g, p) for g, ge in enumerate(golds) for p, pe in enumerate(preds)
                  if (s := _event_score(ge, pe)) > 0]
    pairs = greedy_pairs(candidates)
    counts = Counter(events_gold=len(golds), events_pred=len(preds),
                     events_matched=len(pairs),
                     events_typed=sum(golds[g].type == preds[p]["type"] for g, p in pairs),
                     events_not_located=sum(e.sentence is None for e in golds))
    details: Details = {"actors_wrong": []}
    for g, p in pairs:
        if golds[g].actors:
            ok = any(names_match(actor, gold_names(gold, name))
                     for actor in preds[p].get("actors") or () for name in golds[g].actors)
            counts["actors_n"] += 1
            counts["actors_ok"] += ok
            if not ok:
                details["actors_wrong"].append(
                    {"event": golds[g].label, "gold": golds[g].actors,
                     "predicted": list(preds[p].get("actors") or ())})
    matched, matched_pred = {g for g, _ in pairs}, {p for _, p in pairs}
    details["events_missed"] = [e.label for i, e in enumerate(golds) if i not in matched]
    details["events_spurious"] = [f"{e['type']} {e.get('trigger')!r}"
                                  for i, e in enumerate(preds) if i not in matched_pred]
    return counts, details


def score_document(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> dict[str, Any]:
    """Counts and details of one document; ``pred`` is an ``Analysis.to_dict()``."""
    finder = Finder((pred.get("article") or {}).get("text") or "")
    counts: Counter[str] = Counter()
    details: Details = {}
    for part, part_details in (score_quotes(gold, pred, finder), score_people(gold, pred),
                               score_timexes(gold, pred, finder),
                               score_events(gold, pred, finder)):
        counts.update(part)
        details.update(part_details)
    return {"doc_id": gold.get("doc_id"), "counts": dict(counts), "details": details}


# ---------------------------------------------------------------------------- figures

def _ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else 0.0


def _prf(matched: int, predicted: int, gold: int) -> dict[str, Any]:
    p, r = (matched / predicted if predicted else 0.0), (matched / gold if gold else 0.0)
    return {"matched": matched, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def summarise(c: Mapping[str, int]) -> dict[str, Any]:
    """Figures from summed counts (missing keys count as 0)."""
    c = Counter(c)
    return {
        "quotes": {
            "gold": c["quotes_gold"], "predicted": c["quotes_pred"],
            "not_located": c["quotes_not_located"],
            "loose": _prf(c["quotes_loose"], c["quotes_pred"], c["quotes_gold"]),
            "strict": _prf(c["quotes_strict"], c["quotes_pred"], c["quotes_gold"]),
            "recall_by_kind": {k: {"gold": c[f"kind_{k}_gold"], "matched": c[f"kind_{k}_loose"],
                                   "recall": _ratio(c[f"kind_{k}_loose"], c[f"kind_{k}_gold"])}
                               for k in KINDS}},
        "speakers": {"n": c["speaker_n"], "correct": c["speaker_ok"],
                     "accuracy": _ratio(c["speaker_ok"], c["speaker_n"])},
        "people": {"gold": c["people_gold"], "predicted": c["people_pred"],
                   **_prf(c["people_matched"], c["people_pred"], c["people_gold"])},
        "roles": {"gold": c["roles_gold"], "found": c["roles_found"],
                  "recall": _ratio(c["roles_found"], c["roles_gold"]),
                  "predicted": c["roles_pred"], "right": c["roles_pred_ok"],
                  "precision": _ratio(c["roles_pred_ok"], c["roles_pred"])},
        "timexes": {"gold": c["timex_gold"], "predicted": c["timex_pred"],
                    "not_located": c["timex_not_located"], "found": c["timex_found"],
                    "recall": _ratio(c["timex_found"], c["timex_gold"]),
                    "precision": _ratio(c["timex_pred_ok"], c["timex_pred"]),
                    "value_accuracy": _ratio(c["timex_value"], c["timex_gold"])},
        "events": {"gold": c["events_gold"], "predicted": c["events_pred"],
                   "not_located": c["events_not_located"],
                   **_prf(c["events_matched"], c["events_pred"], c["events_gold"]),
                   "typed": _prf(c["events_typed"], c["events_pred"], c["events_gold"]),
                   "actors": {"n": c["actors_n"], "correct": c["actors_ok"],
                              "accuracy": _ratio(c["actors_ok"], c["actors_n"])}},
    }


# ---------------------------------------------------------------------------- data

SETS = ("annotated", "annotated-news", "annotated-web")
"""The dev sets, each a folder of ``../shared/eval``: Wikinews with the reference article
(``pages/*.html``), BBC Afrique records (``records.jsonl``), French web press (``pages/``)."""
SPLITS = ("work", "check", "all")


@dataclass(frozen=True, slots=True)
class GoldDoc:
    doc_id: str
    page: Path | None
    gold: dict[str, Any]
    record: dict[str, Any] | None = None
    """The JSON Lines record to analyse, for sets given as ``records.jsonl``."""
    set_name: str = "annotated"


def split_of(doc_ids: Iterable[str]) -> dict[str, str]:
    """``work`` or ``check`` for each document id: a fixed half-and-half split of one set.

    Ids are ranked by the SHA-256 of ``veille-split:<id>``; the first half (rounded up) is
    ``work``. A document keeps its half whatever else the folder holds, as long as the set
    is the same; the hash makes the halves independent of how the ids were named.
    """
    ranked = sorted(doc_ids, key=lambda d: hashlib.sha256(f"veille-split:{d}".encode())
                    .hexdigest())
    half = (len(ranked) + 1) // 2
    return {d: "work" if i < half else "check" for i, d in enumerate(ranked)}


def set_names(eval_dir: Path) -> list[str]:
    """The dev sets present under ``eval_dir``, in the order of ``SETS``."""
    return [name for name in SETS if (Path(eval_dir) / name / "gold").is_dir()]


def load_gold(eval_dir: Path, *, set_name: str = "annotated",
              split: str = "all") -> list[GoldDoc]:
    """The gold documents of one dev set with what to analyse for each, in id order.

    The reference article's page is ``../examples``; a set with ``records.jsonl`` gives
    each document's record instead of a page. ``split`` keeps one half (``split_of``).
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    folder = Path(eval_dir) / set_name
    records = _records(folder / "records.jsonl")
    docs = []
    for path in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc_id = gold.get("doc_id") or path.stem
        if doc_id == REFERENCE_ID:
            page: Path | None = Path(eval_dir).parent / "examples" / gold["source"]
        else:
            page = None if doc_id in records else folder / "pages" / f"{doc_id}.html"
        docs.append(GoldDoc(doc_id, page, gold, records.get(doc_id), set_name))
    halves = split_of(d.doc_id for d in docs)
    return [d for d in docs if split == "all" or halves[d.doc_id] == split]


def _records(path: Path) -> dict[str, dict[str, Any]]:
    if not path.is_file():
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip())
    return {str(r["id"]): r for r in rows}


def empty_prediction(text: str = "") -> dict[str, Any]:
    return {"article": {"text": text}, "entities": [], "quotes": [], "timexes": [],
            "events": []}


def predict(docs: Sequence[GoldDoc], *, cache: Path | None = None
            ) -> dict[str, dict[str, Any]]:
    """Run veille over the documents; a failed one gives an empty prediction.

    ``cache`` is a folder where spaCy's parses are kept between runs (rule development:
    the rules run again, the model does not); the analyses are the same as without it.
    """
    from veille.evaluation.parses import analyse_pages

    out: dict[str, dict[str, Any]] = {}
    pages = [page_of(d) for d in docs]
    for doc, (analysis, text) in zip(docs, analyse_pages(pages, cache=cache), strict=True):
        out[doc.doc_id] = analysis.to_dict() if analysis is not None else empty_prediction(text)
    return out


def page_of(doc: GoldDoc) -> Page:
    if doc.record is not None:
        line = json.dumps(doc.record, ensure_ascii=False).encode("utf-8")
        return record_page(line, source=f"{doc.set_name}/records.jsonl#{doc.doc_id}")
    assert doc.page is not None
    return Page(source=str(doc.page), content=doc.page.read_bytes())


def _row(scored: Mapping[str, Any]) -> dict[str, Any]:
    """A document's counts, details and main figures (None where nothing was to score)."""
    c = Counter(scored["counts"])
    f = summarise(c)
    quote_n, people_n = c["quotes_gold"] + c["quotes_pred"], c["people_gold"] + c["people_pred"]
    figures = {
        "quote_f1": (f["quotes"]["loose"]["f1"], quote_n),
        "speaker_accuracy": (f["speakers"]["accuracy"], c["speaker_n"]),
        "person_f1": (f["people"]["f1"], people_n),
        "role_recall": (f["roles"]["recall"], c["roles_gold"]),
        "timex_recall": (f["timexes"]["recall"], c["timex_gold"]),
        "timex_value": (f["timexes"]["value_accuracy"], c["timex_gold"]),
        "event_f1": (f["events"]["f1"], c["events_gold"] + c["events_pred"])}
    return {**scored, "figures": {k: v if n else None for k, (v, n) in figures.items()}}


def evaluate_annotated(eval_dir: Path, *, set_name: str = "annotated", split: str = "all",
                       predictions: Mapping[str, Mapping[str, Any]] | None = None,
                       cache: Path | None = None) -> dict[str, Any]:
    """Micro-averaged figures over one dev set (or one half of it), plus a row per document.

    ``predictions`` maps doc_id → ``Analysis.to_dict()``; without it veille runs on the
    documents. A document missing from ``predictions`` scores as an empty prediction.
    """
    docs = load_gold(eval_dir, set_name=set_name, split=split)
    if predictions is None:
        predictions = predict(docs, cache=cache)
    rows = [_row(score_document(d.gold, predictions.get(d.doc_id) or empty_prediction()))
            for d in docs]
    total: Counter[str] = Counter()
    for row in rows:
        total.update(row["counts"])
    return {"set": set_name, "split": split, "documents": len(rows), **summarise(total),
            "per_document": rows}


def evaluate_sets(eval_dir: Path, *, sets: Sequence[str] | None = None, split: str = "all",
                  cache: Path | None = None) -> dict[str, Any]:
    """``evaluate_annotated`` for each dev set (all those present by default)."""
    names = list(sets) if sets else set_names(eval_dir)
    return {"split": split, "sets": {name: evaluate_annotated(eval_dir, set_name=name,
                                                              split=split, cache=cache)
                                     for name in names}}


# ---------------------------------------------------------------------------- table

def _prf_line(label: str, figures: Mapping[str, Any], gold: int, pred: int) -> str:
    return (f"  {label:18}{gold:>6}{pred:>6}{figures['matched']:>7}"
            f"{figures['precision']:>8.3f}{figures['recall']:>8.3f}{figures['f1']:>8.3f}")


def _summary_lines(r: Mapping[str, Any]) -> list[str]:
    q, s, pe, ro, t, e = (r[k] for k in ("quotes", "speakers", "people", "roles", "timexes",
                                          "events"))
    kinds = "  ".join(f"{k} {v['recall']:.3f} ({v['matched']}/{v['gold']})"
                      for k, v in q["recall_by_kind"].items())
    return [
        f"{r.get('set', 'annotated')}: {r['documents']} documents (micro-averaged"
        f"{'' if r.get('split', 'all') == 'all' else ', ' + r['split'] + ' half'})",
        f"  {'':18}{'gold':>6}{'pred':>6}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}",
        _prf_line(f"quotes ≥{LOOSE}", q["loose"], q["gold"], q["predicted"]),
        _prf_line(f"quotes ≥{STRICT}", q["strict"], q["gold"], q["predicted"]),
        _prf_line("people (PER)", pe, pe["gold"], pe["predicted"]),
        _prf_line("events", e, e["gold"], e["predicted"]),
        _prf_line("events typed", e["typed"], e["gold"], e["predicted"]),
        f"  quote recall by kind: {kinds}",
        f"  gold quotes not located in article.text: {q['not_located']}",
        f"  speaker accuracy  {s['accuracy']:.3f} ({s['correct']}/{s['n']} loose matches)",
        f"  role recall       {ro['recall']:.3f} ({ro['found']}/{ro['gold']} roles of found"
        f" people)  precision {ro['precision']:.3f} ({ro['right']}/{ro['predicted']})",
        _timex_line(t),
        f"  event actors      {e['actors']['accuracy']:.3f} "
        f"({e['actors']['correct']}/{e['actors']['n']}); gold events not located "
        f"{e['not_located']}",
    ]


def _timex_line(t: Mapping[str, Any]) -> str:
    if not t["gold"]:
        return f"  timexes           not annotated in this set ({t['predicted']} predicted)"
    return (f"  timexes           recall {t['recall']:.3f}  precision {t['precision']:.3f}  "
            f"value accuracy {t['value_accuracy']:.3f}  (gold {t['gold']}, pred "
            f"{t['predicted']}, not located {t['not_located']})")


_COLUMNS = {"quote_f1": "quoteF1", "speaker_accuracy": "speaker", "person_f1": "perF1",
            "role_recall": "roles", "timex_recall": "timexR", "timex_value": "tvalue",
            "event_f1": "eventF1"}


def _document_lines(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    lines = ["", f"{'document':28}{'quotes':>7}" + "".join(f"{h:>9}" for h in _COLUMNS.values())]
    for row in rows:
        counts = row["counts"]
        quotes = f"{counts.get('quotes_gold', 0)}/{counts.get('quotes_pred', 0)}"
        lines.append(f"{row['doc_id']:28}{quotes:>7}"
                     + "".join(_cell(row["figures"][k]) for k in _COLUMNS))
    lines.append("(quotes = gold/predicted; — = nothing to score)")
    return lines


def _cell(value: float | None) -> str:
    return f"{'—':>9}" if value is None else f"{value:>9.3f}"


def _detail_lines(row: Mapping[str, Any]) -> list[str]:
    """What one document missed or got wrong; nothing when it has nothing to report."""
    d = row["details"]
    lines: list[str] = []
    lines += [f"  - quote  [{q['kind']}|{q['speaker']}] {q['text']!r}"
              + ("" if q["located"] else "  (not located)") for q in d["quotes_missed"]]
    lines += [f"  + quote  [{q['speaker']}] {q['text']!r}" for q in d["quotes_spurious"]]
    lines += [f"  ≠ speaker gold {w['gold']!r} / predicted {w['predicted']!r}: {w['text']!r}"
              for w in d["wrong_speakers"]]
    if d["people_missed"]:
        lines.append("  - people " + "; ".join(d["people_missed"]))
    if d["people_spurious"]:
        lines.append("  + PER    " + "; ".join(d["people_spurious"]))
    missed: dict[str, list[str]] = {}
    for m in d["roles_missed"]:
        missed.setdefault(f"{m['person']} (predicted {m['predicted']})", []).append(m["role"])
    lines += [f"  - roles  {who}: " + "; ".join(map(repr, roles)) for who, roles in missed.items()]
    lines += [f"  + role   {w['person']}: {w['role']!r} (gold {w['gold']})"
              for w in d.get("roles_wrong", ())]
    lines += [f"  - timex  {m['text']!r} gold {m['value']} / predicted {m['predicted']}"
              for m in d.get("timexes_missed", ())]
    lines += [f"  - event  {label}" for label in d.get("events_missed", ())]
    lines += [f"  + event  {label}" for label in d.get("events_spurious", ())]
    lines += [f"  ≠ actors {w['event']}: gold {w['gold']} / predicted {w['predicted']}"
              for w in d.get("actors_wrong", ())]
    return [f"\n== {row['doc_id']}", *lines] if lines else []


def format_table(result: Mapping[str, Any], *, details: bool = False) -> str:
    """A readable table; ``details`` adds what each document missed or got wrong."""
    lines = _summary_lines(result) + _document_lines(result["per_document"])
    if details:
        for row in result["per_document"]:
            lines += _detail_lines(row)
    return "\n".join(lines)


def format_sets(result: Mapping[str, Any], *, details: bool = False) -> str:
    """``evaluate_sets``'s figures: one summary per set; ``details`` adds each document."""
    blocks = []
    for one in result["sets"].values():
        lines = _summary_lines(one)
        if details:
            lines += _document_lines(one["per_document"])
            for row in one["per_document"]:
                lines += _detail_lines(row)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
