"""The README's commands work, and every CLI command documents itself with an example."""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from veille.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


def _section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def _blocks(section: str, lang: str) -> list[str]:
    return [body for kind, body in _BLOCK.findall(_section(section)) if kind == lang]


def _commands(section: str) -> list[str]:
    lines = "\n".join(_blocks(section, "bash")).splitlines()
    return [line.split("  #")[0].strip() for line in lines
            if line.strip() and not line.lstrip().startswith("#")]


def test_quick_start_is_exactly_two_make_commands() -> None:
    assert _commands("Quick start") == ["make demo", "make test"]


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("VEILLE_DB", None)
    return env


def test_use_it_commands_run(workdir: Path) -> None:
    commands = _commands("Use it")
    assert len(commands) >= 8 and all("veille" in c for c in commands)
    for command in commands:
        done = subprocess.run(["bash", "-c", "set -o pipefail; " + command], cwd=workdir,
                              env=_env(), capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        assert "Traceback" not in done.stderr, command
        assert done.stdout.strip() or ">" in command, f"no output: {command}"
    assert (workdir / "news.db").exists()


def test_python_api_example_runs(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    for block in _blocks("Python API", "python"):
        script = workdir / "example.py"
        script.write_text(block, encoding="utf-8")
        runpy.run_path(str(script), run_name="__main__")
    assert (workdir / "news.db").exists()


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    command = main.commands[name]
    assert command.help and "Example" in command.help, name


def test_readme_mentions_every_command() -> None:
    for name in main.commands:
        assert f"veille {name}" in README, name


@pytest.mark.slow
def test_watch_the_press_commands_run(workdir: Path) -> None:
    """The section's commands, against a local copy of the site they name: its URLs point
    at the test site on 127.0.0.1, so `sources add` and `watch` get --allow-private."""
    from watch.local_site import Site, serve

    commands = _commands("Watch the press")
    assert any(c.startswith("veille watch") for c in commands)
    with serve(Site()) as site:
        for command in commands:
            command = command.replace("https://www.example.fr", site.base)
            if command.startswith(("veille sources add", "veille watch")):
                command = command.replace(" --db ", " --allow-private --db ")
            if command.startswith("veille watch"):
                command += " --delay 0s"
            done = subprocess.run(["bash", "-c", "set -o pipefail; " + command],
                                  cwd=workdir, env=_env(), capture_output=True, text=True,
                                  timeout=300)
            assert done.returncode == 0, f"{command}\n{done.stderr}"
            assert "Traceback" not in done.stderr, command
            assert done.stdout.strip() or ">" in command, f"no output: {command}"
    assert "Helsinki" in (workdir / "sommet.html").read_text(encoding="utf-8")
    assert list((workdir / "warc").glob("veille-*.warc.gz"))
