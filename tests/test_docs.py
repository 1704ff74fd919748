"""The docs stay honest: generated sections are current, and every command, stage and route is documented."""

import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.cli import cli
from rashomon.pipeline import load_builtin_stages

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_docs_generated_sections_are_current() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cogapp",
            "--check",
            "-c",
            "docs/cli.md",
            "docs/stages.md",
            "docs/data-model.md",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, f"run `make docs` to regenerate:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_docs_every_command_has_help_and_a_section(name: str) -> None:
    command = cli.commands[name]
    assert command.help, f"rashomon {name} has no help text"
    assert f"## rashomon {name}\n" in (DOCS / "cli.md").read_text()


def test_docs_every_stage_is_in_the_stage_table() -> None:
    table = (DOCS / "stages.md").read_text()
    # Stages registered by tests themselves (named *.test*.vN) are not product stages.
    missing = [
        s.name for s in load_builtin_stages() if f"| `{s.name}` |" not in table and ".test" not in s.name
    ]
    assert not missing, f"run `make docs`; missing from docs/stages.md: {missing}"


def test_docs_every_api_route_is_documented() -> None:
    from rashomon.api import create_app
    from rashomon.store import SQLiteStore

    app = create_app(SQLiteStore(":memory:"))
    text = (DOCS / "api.md").read_text()
    paths = set(app.openapi()["paths"])
    assert len(paths) > 5
    missing = sorted(p for p in paths if f"`{p}`" not in text)
    assert not missing, f"document these routes in docs/api.md: {missing}"


def test_docs_readme_shows_the_two_quick_start_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme
    assert "make test" in readme
