"""``veille eval``: scores on public gold data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from veille.cli._common import (
    _echo,
    _format_option,
)


@click.command(name="eval")
@click.argument("task", type=click.Choice(["annotated", "extraction", "timebank",
                                           "crosslingual", "probes", "plover"]))
@click.argument("path", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--split", type=click.Choice(["work", "check", "all"]), default="all",
              show_default=True,
              help="annotated, timebank: score one fixed half of each set (by a hash of the "
              "document id). Read misses on work only; judge changes by check.")
@click.option("--details", is_flag=True,
              help="annotated, probes, plover: list what each document missed or got wrong.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path),
              help="annotated: keep spaCy's parses in this folder between runs (the rules "
              "run again, the model does not).")
@_format_option(["text", "json"])
def eval_command(task: str, path: Path | None, split: str, details: bool,
                 cache: Path | None, fmt: str) -> None:
    """Score veille on public gold data and print the figures.

    annotated: quotes (P/R/F1 at overlap 0.3 and 0.8, recall per kind), speakers, people
    P/R/F1, role recall and precision, timexes, PLOVER events, on each dev set
    (annotated/ Wikinews, annotated-news/ BBC Afrique, annotated-web/ French web press).
    extraction: title, date, author and body of HTML pages, next to bare trafilatura.
    timebank: time expressions of French TimeBank (detection, type, value).
    crosslingual: translation links on NTREX (en/fr/de/es) and near-duplicates among
    edited copies of the French corpus, P/R/F1.
    probes: one construction per text (eval/probes), pass rate per capability.
    plover: the PLOVER types of veille's French triggers against PLOVER's English gold
    records, through a French translation of each record's event word.
    PATH is the eval folder (every dev set) or one set's folder (default: ../shared/eval).

    \b
    Example:
      veille eval annotated ../shared/eval --split check
      veille eval annotated ../shared/eval/annotated-web --split work --details
      veille eval timebank --split check --format json
    """
    from veille.evaluation import find_eval_dir, resolve_eval_dir

    eval_dir = resolve_eval_dir(path) if path else find_eval_dir()
    if eval_dir is None:
        raise click.ClickException("no eval data found: give its folder as PATH")
    if task == "annotated":
        result, text = _annotated(eval_dir, path, split=split, details=details, cache=cache,
                                  fmt=fmt)
    elif task == "probes":
        from veille.evaluation.probes import evaluate_probes
        from veille.evaluation.probes import format_table as probes_table

        result = evaluate_probes(eval_dir)
        text = probes_table(result, details=details)
    elif task == "plover":
        from veille.evaluation.plover import compare_plover, format_plover

        result = compare_plover(eval_dir)
        text = format_plover(result, details=details)
    elif task == "timebank":
        from veille.evaluation.timebank import evaluate_timebank
        from veille.evaluation.timebank import format_table as timebank_table

        result = evaluate_timebank(eval_dir, split=split)
        text = timebank_table(result)
    elif task == "crosslingual":
        from veille.evaluation.crosslingual import evaluate_crosslingual
        from veille.evaluation.crosslingual import format_table as crosslingual_table

        result = evaluate_crosslingual(eval_dir)
        text = crosslingual_table(result)
    else:
        from veille.evaluation.extraction import evaluate
        from veille.evaluation.extraction import format_table as extraction_table

        result = evaluate(eval_dir)
        text = extraction_table(result)
    _echo(json.dumps(result, ensure_ascii=False, indent=2) if fmt == "json" else text)


def _annotated(eval_dir: Path, path: Path | None, *, split: str, details: bool,
               cache: Path | None, fmt: str) -> tuple[dict[str, Any], str]:
    """One set when PATH names one, else every set present, each scored on ``split``."""
    from veille.evaluation.annotated import (
        evaluate_sets,
        format_sets,
        format_table,
        set_names,
    )

    named = path.resolve().name if path is not None else None
    sets = [named] if named in set_names(eval_dir) else set_names(eval_dir)
    if not sets:
        raise click.ClickException(f"no annotated dev set in {eval_dir}")
    result: dict[str, Any] = evaluate_sets(eval_dir, sets=sets, split=split, cache=cache)
    if fmt == "json" and not details:
        for one in result["sets"].values():
            for row in one["per_document"]:
                row.pop("details", None)
    if len(sets) == 1:
        one = result["sets"][sets[0]]
        return one, format_table(one, details=details)
    return result, format_sets(result, details=details)
