"""Train ``models/speakers.json``: candidate ranking for quotation speakers.

Rows are (quotation, candidate) pairs from veille's own quotations that match a gold
quotation with a named speaker (overlap ≥ 0.3, as the scorer counts them); a candidate is
right when it names the gold speaker. The model is scikit-learn's logistic regression.
The two thresholds (how much more likely another candidate must be to replace the rules'
choice, and how likely one must be to fill a speaker the rules left empty) are chosen on
the training rows by leave-one-document-out predictions, so they are not fitted to the
documents that fit the weights.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veille.analyze.attribution import FEATURES, candidates, unattributed

MODEL = Path(__file__).resolve().parents[1] / "models" / "speakers.json"
SETS = ("annotated", "annotated-news", "annotated-web")
# Regularisation of the logistic regression: the default, the weights are few.
C = 1.0
THRESHOLDS = [x / 20 for x in range(0, 20)]


@dataclass
class Row:
    doc: str
    quote: int
    features: tuple[float, ...]
    right: bool
    rule: bool
    open: bool
    """The rules left the quotation without a speaker or its words (see ``rerank``)."""


def rows_for(eval_dir: Path, *, split: str = "work", cache: Path | None = None) -> list[Row]:
    from veille.analyze import nlp as nlp_module
    from veille.analyze.entities import entities_from_doc
    from veille.analyze.quotes import find_quotes
    from veille.evaluation.annotated import (
        LOOSE,
        Finder,
        _quote_pairs,
        gold_names,
        load_gold,
        names_match,
        page_of,
    )
    from veille.evaluation.parses import parse
    from veille.extract import extract

    nlp = nlp_module.load()
    rows: list[Row] = []
    for set_name in SETS:
        for doc in load_gold(eval_dir, set_name=set_name, split=split):
            article = extract(page_of(doc))
            parsed = parse(article.text, nlp, cache)
            found = find_quotes(parsed, entities_from_doc(parsed))
            finder = Finder(article.text)
            golds = doc.gold.get("quotes") or []
            spans = [finder.find(q["text"]) for q in golds]
            pairs = _quote_pairs(spans, [(q.start, q.end) for q in found.quotes], LOOSE)
            for g, p in pairs:
                speaker = golds[g].get("speaker")
                if speaker is None:
                    continue
                quote = found.quotes[p]
                names = gold_names(doc.gold, speaker)
                for cand in candidates(quote, found.quotes[:p], found.speakers,
                                       found.sentences):
                    rows.append(Row(doc.doc_id, p, cand.features,
                                    names_match(cand.entity.name, names),
                                    cand.entity.id == quote.speaker_id,
                                    unattributed(quote)))
    return rows


def fit(rows: Sequence[Row]) -> Any:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, fit_intercept=False, max_iter=2000)
    model.fit([r.features for r in rows], [r.right for r in rows])
    return model


def _choose(groups: dict[tuple[str, int], list[tuple[Row, float]]], switch: float,
            adopt: float) -> tuple[int, int]:
    """Right choices and quotations with a right candidate, for given thresholds."""
    right = total = 0
    for group in groups.values():
        total += 1
        best_row, best_p = max(group, key=lambda x: x[1])
        rule = next(((r, p) for r, p in group if r.rule), None)
        chosen = rule[0] if rule else None
        if rule and not best_row.rule and best_p - rule[1] >= switch:
            chosen = best_row
        if rule is None and best_row.open and best_p >= adopt:
            chosen = best_row
        right += bool(chosen and chosen.right)
    return right, total


def train(eval_dir: Path, *, split: str = "work", cache: Path | None = None) -> str:
    rows = rows_for(eval_dir, split=split, cache=cache)
    docs = sorted({r.doc for r in rows})
    held: dict[tuple[str, int], list[tuple[Row, float]]] = {}
    for doc in docs:  # leave-one-document-out probabilities, for the thresholds
        model = fit([r for r in rows if r.doc != doc])
        mine = [r for r in rows if r.doc == doc]
        for row, p in zip(mine, model.predict_proba([r.features for r in mine])[:, 1],
                          strict=True):
            held.setdefault((row.doc, row.quote), []).append((row, float(p)))
    rule_only = _choose(held, switch=2.0, adopt=2.0)
    best = max(((s, a) for s in THRESHOLDS for a in THRESHOLDS),
               key=lambda t: (_choose(held, *t)[0], t[0], t[1]))
    model = fit(rows)
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    MODEL.write_text(json.dumps({
        "name": "veille.speakers.v1", "features": list(FEATURES),
        "weights": [round(float(w), 5) for w in model.coef_[0]],
        "switch": best[0], "adopt": best[1],
        "trained_on": {"sets": list(SETS), "split": split, "documents": len(docs),
                       "rows": len(rows)}}, indent=1) + "\n", encoding="utf-8")
    chosen = _choose(held, *best)
    return (f"{len(rows)} candidate rows from {len(docs)} documents; held-out speaker choices "
            f"right: rules {rule_only[0]}/{rule_only[1]}, with the model {chosen[0]}/"
            f"{chosen[1]} (switch {best[0]}, adopt {best[1]}); written to {MODEL}")
