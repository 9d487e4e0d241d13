"""``python -m veille.training speakers [--eval-dir DIR] [--split work]``."""

from __future__ import annotations

import argparse
import sys

from veille.evaluation import find_eval_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m veille.training")
    parser.add_argument("model", choices=["speakers"], help="what to train")
    parser.add_argument("--eval-dir", help="the eval folder (default ../shared/eval)")
    parser.add_argument("--split", default="work", choices=["work", "all"],
                        help="dev halves to train on (default: work, so check stays unseen)")
    parser.add_argument("--cache", help="keep spaCy parses here between runs")
    args = parser.parse_args(argv)
    eval_dir = find_eval_dir(args.eval_dir)
    if eval_dir is None:
        print("no eval data found: pass --eval-dir or set VEILLE_EVAL", file=sys.stderr)
        return 2
    from pathlib import Path

    from veille.training.speakers import train

    report = train(eval_dir, split=args.split, cache=Path(args.cache) if args.cache else None)
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
