"""``veille eval`` on every dev set, by half, and its probes and PLOVER comparisons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from veille.cli import main

pytestmark = pytest.mark.slow


def test_annotated_one_set_by_half_as_json(eval_dir: Path) -> None:
    out = CliRunner().invoke(main, ["eval", "annotated", str(eval_dir / "annotated-web"),
                                    "--split", "check", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert (data["set"], data["split"], data["documents"]) == ("annotated-web", "check", 10)
    assert "precision" in data["roles"] and "details" not in data["per_document"][0]


def test_probes_print_the_scorers_table(eval_dir: Path) -> None:
    out = CliRunner().invoke(main, ["eval", "probes", str(eval_dir)])
    assert out.exit_code == 0, out.output
    assert "probes passed:" in out.output and "inserted_cue" in out.output


def test_plover_compares_types(eval_dir: Path) -> None:
    out = CliRunner().invoke(main, ["eval", "plover", str(eval_dir), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)
