"""``python -m veille.evaluation [extraction|annotated] [--eval-dir DIR] [--json] [--details]``.

``extraction`` scores HTML extraction against ``eval/extraction``; ``annotated`` runs the
whole pipeline over ``eval/annotated`` and scores quotes, speakers, people, roles, timexes
and events (``--details`` lists, per document, what was missed or wrong).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from veille.evaluation import find_eval_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m veille.evaluation")
    parser.add_argument("task", nargs="?", default="extraction",
                        choices=["extraction", "annotated"],
                        help="what to score (e.g. `python -m veille.evaluation annotated "
                             "--details`)")
    parser.add_argument("--eval-dir", help="folder of the eval data (default ../shared/eval)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--details", action="store_true",
                        help="annotated: list what each document missed or got wrong")
    args = parser.parse_args(argv)
    eval_dir = find_eval_dir(args.eval_dir)
    if eval_dir is None:
        print("no eval data found: pass --eval-dir or set VEILLE_EVAL", file=sys.stderr)
        return 2
    if args.task == "annotated":
        return _annotated(eval_dir, as_json=args.json, details=args.details)
    from veille.evaluation.extraction import evaluate, format_table

    results = evaluate(eval_dir)
    print(json.dumps(results, indent=2) if args.json else format_table(results))
    return 0


def _annotated(eval_dir: Path, *, as_json: bool, details: bool) -> int:
    from veille.evaluation.annotated import evaluate_annotated, format_table

    result = evaluate_annotated(eval_dir)
    if as_json:
        if not details:
            for row in result["per_document"]:
                row.pop("details")
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(format_table(result, details=details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
