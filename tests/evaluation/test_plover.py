"""The PLOVER type-mapping comparison: English gold records against veille's French triggers."""

from __future__ import annotations

from pathlib import Path

from veille.evaluation.plover import compare_plover, compare_records, event_word, format_plover


def test_the_event_word_skips_words_that_carry_no_type() -> None:
    assert event_word("said will boycott unless step down") == ("boycott", "boycotter")
    assert event_word("have been killed in suicide bombing") == ("kill", "tuer")
    assert event_word("kidnapped") == ("kidnap", "enlever")
    assert event_word("held a press briefing") is None


def test_old_categories_are_renamed_and_agreement_is_counted() -> None:
    records = [
        {"id": "r1", "event_type": "DEMAND", "event_text": "demanded release"},
        {"id": "r2", "event_type": "DISAPPROVE", "event_text": "accused"},
        {"id": "r3", "event_type": "SANCTION", "event_text": "expelled diplomats"},
        {"id": "r4", "event_type": "CONSULT", "event_text": "telephoned"},
    ]
    result = compare_records(records)
    rows = {r["id"]: r for r in result["records"]}
    assert (rows["r1"]["gold"], rows["r1"]["ours"]) == ("REQUEST", "REQUEST")
    assert (rows["r2"]["gold"], rows["r2"]["ours"]) == ("ACCUSE", "ACCUSE")
    assert rows["r3"]["ours"] == "COERCE"  # "expulser" alone; diplomats make it SANCTION
    assert rows["r4"]["ours"] is None  # "téléphoner" is no trigger
    assert (result["typed"], result["agree"]) == (3, 2)
    assert "SANCTION   → COERCE" in format_plover(result)


def test_on_the_gold_records(eval_dir: Path) -> None:
    result = compare_plover(eval_dir)
    assert result["total"] == 215
    # measured 2026-12: 146 records reach a trigger, 109 with the gold type
    assert result["typed"] >= 120 and result["agreement"] >= 0.70
