"""``veille eval``: scores on public gold data.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from veille.cli._common import (
    _echo,
    _format_option,
)


# -- eval -------------------------------------------------------------------------------
@click.command(name="eval")
@click.argument("task", type=click.Choice(["annotated", "extraction", "timebank",
                                           "crosslingual"]))
@click.argument("path", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--details", is_flag=True,
              help="annotated: list what each document missed or got wrong.")
@_format_option(["text", "json"])
def eval_command(task: str, path: Path | None, details: bool, fmt: str) -> None:
    """Score veille on public gold data and print the figures.

    annotated: quotes (P/R/F1 at overlap 0.3 and 0.8, recall per kind), speaker accuracy,
    people P/R/F1 and role recall, on French news annotated for veille.
    extraction: title, date, author and body of HTML pages, next to bare trafilatura.
    timebank: time expressions of French TimeBank (detection, type, value).
    crosslingual: translation links on NTREX (en/fr/de/es) and near-duplicates among
    edited copies of the French corpus, P/R/F1.
    PATH is the eval folder or the task's folder (default: ../shared/eval).

    \b
    Example:
      veille eval annotated ../shared/eval/annotated
      veille eval extraction --format json
    """
    from veille.evaluation import find_eval_dir, resolve_eval_dir

    eval_dir = resolve_eval_dir(path) if path else find_eval_dir()
    if eval_dir is None:
        raise click.ClickException("no eval data found: give its folder as PATH")
    if task == "annotated":
        from veille.evaluation.annotated import evaluate_annotated, format_table

        result = evaluate_annotated(eval_dir)
        if fmt == "json" and not details:
            for row in result["per_document"]:
                row.pop("details", None)
        text = format_table(result, details=details)
    elif task == "timebank":
        from veille.evaluation.timebank import evaluate_timebank
        from veille.evaluation.timebank import format_table as timebank_table

        result = evaluate_timebank(eval_dir)
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
