"""Scores of ``veille.analyze.timexes`` on French TimeBank and on ``eval/annotated``.

French TimeBank (``timex/ftib.jsonl``): each document's ``dct`` is the publication date.
A gold timex is found when a predicted one overlaps it (detection recall; precision is the
share of predictions overlapping some gold timex); strict spans must match exactly. Type
and value accuracy are given over the found timexes, and value accuracy also over all gold
timexes (found with exactly the gold value / all gold), the figure the floor pins.

``annotated_timex_figures`` runs veille's extraction (no analysis) on the annotated pages,
puts ``timexes_from_text`` in the ``timexes`` field and scores with ``evaluate_annotated``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from veille.analyze.timexes import timexes_from_text
from veille.records import Timex

__all__ = ["annotated_timex_figures", "evaluate_timebank", "format_table", "score_timebank_doc"]

_TYPES = {"DATE": "date", "TIME": "time", "DURATION": "duration", "SET": "set"}


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def _best(gold: Mapping[str, Any], predicted: Sequence[Timex]) -> Timex | None:
    """The predicted timex overlapping ``gold`` most, or None."""
    def shared(t: Timex) -> int:
        return min(t.end, gold["end"]) - max(t.start, gold["start"])
    overlapping = [t for t in predicted if shared(t) > 0]
    return max(overlapping, key=shared, default=None)


def score_timebank_doc(doc: Mapping[str, Any]) -> tuple[Counter[str], list[dict[str, Any]]]:
    """Counts for one FTiB document and the gold timexes it got wrong."""
    predicted = timexes_from_text(doc["text"], published=doc.get("dct"))
    golds = doc.get("timexes") or []
    counts: Counter[str] = Counter(gold=len(golds), predicted=len(predicted))
    misses = []
    for gold in golds:
        best = _best(gold, predicted)
        counts["found"] += best is not None
        if best is None:
            misses.append({"text": gold["text"], "value": gold["value"], "predicted": None})
            continue
        counts["strict"] += (best.start, best.end) == (gold["start"], gold["end"])
        counts["type"] += best.type == _TYPES.get(gold["type"])
        counts["value"] += best.value == gold["value"]
        if best.value != gold["value"]:
            misses.append({"text": gold["text"], "value": gold["value"],
                           "predicted": best.value, "predicted_text": best.text})
    counts["predicted_ok"] = sum(
        any(min(t.end, g["end"]) > max(t.start, g["start"]) for g in golds) for t in predicted)
    return counts, misses


def evaluate_timebank(eval_dir: Path, *, split: str = "all") -> dict[str, Any]:
    """Micro-averaged figures over ``timex/ftib.jsonl`` (or one half of it, ``split``:
    ``work``/``check`` as ``split_of`` draws them), plus the misses per document."""
    from veille.evaluation.annotated import SPLITS, split_of

    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    total: Counter[str] = Counter()
    misses: dict[str, list[dict[str, Any]]] = {}
    path = Path(eval_dir) / "timex" / "ftib.jsonl"
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    halves = split_of(d["doc_id"] for d in docs)
    docs = [d for d in docs if split == "all" or halves[d["doc_id"]] == split]
    for doc in docs:
        counts, wrong = score_timebank_doc(doc)
        total.update(counts)
        if wrong:
            misses[doc["doc_id"]] = wrong
    precision = _ratio(total["predicted_ok"], total["predicted"])
    recall = _ratio(total["found"], total["gold"])
    strict_p = _ratio(total["strict"], total["predicted"])
    strict_r = _ratio(total["strict"], total["gold"])
    return {
        "split": split, "documents": len(docs),
        "gold": total["gold"], "predicted": total["predicted"],
        "detection": {"precision": precision, "recall": recall,
                      "f1": _ratio(2 * precision * recall, precision + recall)},
        "strict_f1": _ratio(2 * strict_p * strict_r, strict_p + strict_r),
        "type_accuracy": _ratio(total["type"], total["found"]),
        "value_accuracy_found": _ratio(total["value"], total["found"]),
        "value_accuracy": _ratio(total["value"], total["gold"]),
        "misses": misses,
    }


def annotated_timex_figures(eval_dir: Path, *, set_name: str = "annotated",
                            split: str = "all") -> dict[str, Any]:
    """``evaluate_annotated``'s timex figures with ``timexes_from_text`` as the predictor."""
    from veille.evaluation.annotated import (
        empty_prediction,
        evaluate_annotated,
        load_gold,
        page_of,
    )
    from veille.extract import extract

    docs = load_gold(Path(eval_dir), set_name=set_name, split=split)
    predictions: dict[str, dict[str, Any]] = {}
    for doc in docs:
        article = extract(page_of(doc))
        prediction = empty_prediction(article.text)
        prediction["timexes"] = [t.to_dict() for t in timexes_from_text(
            article.text, published=article.published)]
        predictions[doc.doc_id] = prediction
    figures = evaluate_annotated(Path(eval_dir), set_name=set_name, split=split,
                                 predictions=predictions)
    return {"timexes": figures["timexes"], "per_document": figures["per_document"]}


def format_table(figures: Mapping[str, Any]) -> str:
    """The FTiB figures as a short text table."""
    d = figures["detection"]
    return "\n".join([
        f"French TimeBank timexes: {figures['gold']} gold, {figures['predicted']} predicted"
        + ("" if figures.get("split", "all") == "all" else
           f" ({figures['split']} half, {figures['documents']} documents)"),
        f"  detection (overlap)  P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}",
        f"  strict span F1       {figures['strict_f1']:.3f}",
        f"  type accuracy        {figures['type_accuracy']:.3f} (over found)",
        f"  value accuracy       {figures['value_accuracy_found']:.3f} (over found)  "
        f"{figures['value_accuracy']:.3f} (over all gold)",
    ])


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m veille.evaluation.timebank [EVAL_DIR]``: both tables."""
    import sys

    from veille.evaluation import find_eval_dir

    args = list(sys.argv[1:] if argv is None else argv)
    eval_dir = find_eval_dir(args[0] if args else None)
    if eval_dir is None:
        raise SystemExit("no eval data: pass the path of ../shared/eval or set VEILLE_EVAL")
    print(format_table(evaluate_timebank(eval_dir)))
    t = annotated_timex_figures(eval_dir)["timexes"]
    print(f"annotated timexes: {t['gold']} gold, {t['predicted']} predicted\n"
          f"  recall {t['recall']:.3f}  precision {t['precision']:.3f}  "
          f"value accuracy {t['value_accuracy']:.3f}")


if __name__ == "__main__":
    main()
