"""The learned second look at speakers (``veille.analyze.attribution``) and its training."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from veille.analyze.attribution import FEATURES, unattributed, weights
from veille.records import Quote
from veille.training.speakers import Row, _choose, fit


def _quote(**kw: object) -> Quote:
    base = {"text": "x", "start": 0, "end": 1, "kind": "direct", "speaker": None,
            "speaker_id": None, "speaker_mention": None, "cue": None}
    return Quote(**{**base, **kw})  # type: ignore[arg-type]


def test_shipped_weights_match_the_features() -> None:
    data = json.loads((files("veille") / "models" / "speakers.json").read_text("utf-8"))
    assert data["features"] == list(FEATURES) and len(data["weights"]) == len(FEATURES)
    assert data["trained_on"]["split"] == "work"  # check stays an honest estimate
    w = weights()
    assert w is not None and 0 <= w["_adopt"] <= 1


@pytest.mark.parametrize(("mention", "open_"), [
    (None, True), ("il", True), ("l'ingénieur", True), ("le quotidien", True),
    ("une habitante de la rue", False), ("des témoins", False), ("un responsable", False),
])
def test_unnamed_sources_stay_unnamed(mention: str | None, open_: bool) -> None:
    assert unattributed(_quote(speaker_mention=mention)) is open_
    assert not unattributed(_quote(speaker="Ana Lima", speaker_mention=mention))


def _row(doc: str, q: int, right: bool, rule: bool, signal: float) -> Row:
    features = tuple(1.0 if f == "bias" else signal if f == "subject" else float(rule)
                     if f == "rule_pick" else 0.0 for f in FEATURES)
    return Row(doc, q, features, right, rule, open=not rule)


def test_training_learns_a_signal_and_thresholds_choose_by_it() -> None:
    rows = [r for i in range(20) for r in (
        _row(f"d{i}", 0, True, False, 1.0), _row(f"d{i}", 0, False, False, 0.0))]
    model = fit(rows)
    assert model.coef_[0][FEATURES.index("subject")] > 0
    groups = {}
    for r, p in zip(rows, model.predict_proba([r.features for r in rows])[:, 1], strict=True):
        groups.setdefault((r.doc, r.quote), []).append((r, float(p)))
    assert _choose(groups, switch=2.0, adopt=0.5) == (20, 20)
    assert _choose(groups, switch=2.0, adopt=1.01) == (0, 20)
