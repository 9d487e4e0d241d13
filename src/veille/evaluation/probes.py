"""Behavioural probes (``eval/probes``): one French construction per text.

veille analyses each probe's text (with its ``published`` date) and the probes' own scorer,
``probes/score.py``, judges the analyses: the figures are the scorer's, unchanged. The
scorer's printed table is kept as is; the pass count is read from its last line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from veille.evaluation.parses import analyse_pages
from veille.fetch.files import record_page

_PASSED = re.compile(r"probes passed: (\d+)/(\d+)")


def evaluate_probes(eval_dir: Path, *, cache: Path | None = None) -> dict[str, Any]:
    """Pass rates per capability, as ``score.py --failures`` prints them."""
    folder = Path(eval_dir) / "probes"
    probes_path = folder / "probes.jsonl"
    probes = [json.loads(line) for line in probes_path.read_text(encoding="utf-8").splitlines()
              if line.strip()]
    pages = [record_page(json.dumps({"id": p["id"], "text": p["text"], "language": "fr",
                                     "published": p["published"]}).encode(),
                         source=f"probes#{p['id']}") for p in probes]
    lines = []
    for (analysis, text), probe in zip(analyse_pages(pages, cache=cache), probes, strict=True):
        data = analysis.to_dict() if analysis else {"article": {"text": text or probe["text"]}}
        lines.append(json.dumps(data, ensure_ascii=False))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "predictions.jsonl"
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        run = subprocess.run([sys.executable, str(folder / "score.py"), str(probes_path),
                              str(out), "--failures"], capture_output=True, text=True,
                             check=True)
    found = _PASSED.search(run.stdout)
    passed, total = (int(found[1]), int(found[2])) if found else (0, len(probes))
    return {"passed": passed, "total": total, "rate": round(passed / max(total, 1), 3),
            "report": run.stdout}


def format_table(result: dict[str, Any], *, details: bool = False) -> str:
    """The scorer's table; without ``details`` the failures are left out."""
    report = result["report"]
    if not details:
        keep = [line for line in report.splitlines()
                if line.startswith("  ") and not line.startswith("  missing")
                and not line.startswith("  forbidden")]
        keep.append(report.strip().splitlines()[-1] if report.strip() else "")
        report = "\n".join(keep)
    return report.rstrip()
