"""How veille's French trigger types compare with PLOVER's English gold records.

``eval/events/plover_gsr.jsonl`` holds PLOVER's Gold Standard Records: English sentences,
each with its ``event_type`` and the words that express the event (``event_text``). No
English model is built from them; they check the type mapping: each record's event word
is translated into the French trigger a French news text would use
(``lang/fr/plover_en_fr.tsv``, written by the team), looked up in veille's trigger tables
(``veille.analyze.events.triggers``), and the type veille gives it is compared with the
gold type.

The records follow an older PLOVER inventory than the one veille emits: DEMAND is
REQUEST, DISAPPROVE is ACCUSE, FIGHT is ASSAULT (heavy weapons), and INVESTIGATE has no
counterpart (OTHER). Words such as "said", "will", "announced" carry no type of their own
and are skipped, so a record is typed by its first content word that has a translation
("announced will withdraw peacekeeping" → "withdraw" → "retirer" → RETREAT, where PLOVER
codes the announcement as THREATEN: veille leaves announced, future acts out).

    from veille.evaluation.plover import compare_plover, format_plover
    print(format_plover(compare_plover(Path("../shared/eval"))))
    # or: python -m veille.evaluation.plover ../shared/eval
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

# The gold records' older PLOVER categories → the ones veille emits.
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT",
           "INVESTIGATE": "OTHER"}
# Words of an event text that do not say which event it is.
_SKIPPED = {"said", "says", "say", "saying", "will", "would", "may", "is", "was", "were",
            "are", "be", "been", "have", "has", "had", "to", "of", "in", "for", "with",
            "against", "from", "the", "a", "an", "quoted", "ready", "willing",
            "prepared", "announced", "claims", "plans", "issued", "declared", "concluded",
            "reiterated", "continued", "continuing", "started", "staged", "organized",
            "attempt", "attempted", "taken", "steps", "must", "not", "no", "longer",
            "decided", "committed", "up", "into", "out", "on", "as", "...", "roadside",
            "suicide", "improvised", "aircraft", "predator", "helicopters", "minefield",
            "held", "undertook", "renewed", "completed", "put", "under", "sent",
            "peacekeeping", "peacekeepers", "guilty", "hunger", "used", "stopped"}
_IRREGULAR = {"held": "hold", "beat": "beat", "sworn": "swear", "sought": "seek",
              "taken": "take", "died": "die", "paid": "pay", "froze": "freeze",
              "bombers": "bomb", "riots": "riot", "rioted": "riot", "demands": "demand",
              "talks": "talks", "negotiations": "negotiations", "sanctions": "sanctions"}


@cache
def translations() -> dict[str, str]:
    """English event word → French trigger lemma."""
    text = (files("veille.lang.fr") / "plover_en_fr.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#"))
    return {english: french for english, french in rows}


def _lemmas(word: str) -> list[str]:
    """Candidate English lemmas of a word form: "kidnapped" → kidnapp, kidnap…"""
    word = word.lower()
    if word in _IRREGULAR:
        return [_IRREGULAR[word]]
    out = [word]
    for suffix, repl in (("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
                         ("s", ""), ("es", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)] + repl
            out.append(stem)
            if len(stem) > 3 and stem[-1] == stem[-2]:  # kidnapped → kidnap
                out.append(stem[:-1])
    return out


def event_word(event_text: str) -> tuple[str, str] | None:
    """(English lemma, French trigger) of an event text's first translatable content word."""
    table = translations()
    for word in re.findall(r"[A-Za-z][A-Za-z-]*", event_text):
        if word.lower() in _SKIPPED:
            continue
        for lemma in _lemmas(word):
            if lemma in table:
                return lemma, table[lemma]
    return None


def compare_records(records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Per record: the gold type (renamed), the words, the type veille gives the French
    trigger (None when it is no trigger); and the totals."""
    from veille.analyze.events import triggers

    rows = []
    for record in records:
        gold = RENAMED.get(record["event_type"], record["event_type"])
        found = event_word(record.get("event_text") or "")
        ours = None
        if found is not None:
            entry = triggers().get(found[1])
            ours = entry[0] if entry else None
        rows.append({"id": record["id"], "gold": gold, "original": record["event_type"],
                     "english": found[0] if found else None,
                     "french": found[1] if found else None, "ours": ours})
    return {"records": rows, **_totals(rows)}


def _totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    translated = [r for r in rows if r["french"]]
    typed = [r for r in translated if r["ours"]]
    agree = [r for r in typed if r["ours"] == r["gold"]]
    per_type: dict[str, Counter[str]] = {}
    for r in rows:
        c = per_type.setdefault(r["gold"], Counter())
        c["records"] += 1
        c["translated"] += bool(r["french"])
        c["typed"] += bool(r["ours"])
        c["agree"] += r["ours"] == r["gold"]
    confusion = Counter((r["gold"], r["ours"]) for r in typed if r["ours"] != r["gold"])
    return {"total": len(rows), "translated": len(translated), "typed": len(typed),
            "agree": len(agree), "agreement": len(agree) / len(typed) if typed else 0.0,
            "per_type": {k: dict(v) for k, v in sorted(per_type.items())},
            "confusion": [{"gold": g, "ours": o, "n": n}
                          for (g, o), n in confusion.most_common()]}


def compare_plover(eval_dir: Path) -> dict[str, Any]:
    """The comparison over ``<eval_dir>/events/plover_gsr.jsonl``."""
    path = Path(eval_dir) / "events" / "plover_gsr.jsonl"
    with path.open(encoding="utf-8") as lines:
        return compare_records(json.loads(line) for line in lines if line.strip())


def format_plover(result: Mapping[str, Any], *, details: bool = False) -> str:
    """The comparison as a table: per gold type, then the disagreements."""
    lines = [f"PLOVER gold records: {result['total']}; event word translated: "
             f"{result['translated']}; a French trigger of veille: {result['typed']}; "
             f"same type: {result['agree']} ({result['agreement']:.3f})",
             f"{'gold type':12}{'records':>9}{'transl.':>9}{'trigger':>9}{'same':>7}"]
    for kind, c in result["per_type"].items():
        lines.append(f"{kind:12}{c.get('records', 0):>9}{c.get('translated', 0):>9}"
                     f"{c.get('typed', 0):>9}{c.get('agree', 0):>7}")
    lines.append("different types (gold → veille):")
    lines += [f"  {c['gold']:10} → {c['ours']:10} {c['n']}" for c in result["confusion"]]
    if details:
        lines.append("records whose French trigger veille types otherwise:")
        lines += [f"  {r['id']}: {r['english']} → {r['french']}: gold {r['gold']}, "
                  f"veille {r['ours']}" for r in result["records"]
                  if r["ours"] and r["ours"] != r["gold"]]
        lines.append("records whose French word is no trigger of veille:")
        lines += [f"  {r['id']}: {r['english']} → {r['french']} (gold {r['gold']})"
                  for r in result["records"] if r["french"] and not r["ours"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    eval_dir = Path(args[0]) if args and not args[0].startswith("-") else Path("../shared/eval")
    print(format_plover(compare_plover(eval_dir), details="--details" in args))


if __name__ == "__main__":
    main()
