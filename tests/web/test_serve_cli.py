"""`rashomon serve` and `rashomon demo` hand the app its store and write tokens (in-process, no server)."""

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rashomon.cli import cli
from rashomon.store import SQLiteStore


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Capture what `uvicorn.run` would serve instead of serving it."""
    import uvicorn

    seen: dict[str, Any] = {}

    def fake_run(app: Any, **kwargs: Any) -> None:
        seen["app"], seen["kwargs"] = app, kwargs

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv("RASHOMON_API_TOKENS", raising=False)
    return seen


def test_serve_makes_a_token_and_prints_its_login_link(tmp_path: Path, served: dict[str, Any]) -> None:
    db = tmp_path / "s.db"
    SQLiteStore(db).close()
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    [token] = served["app"].state.tokens
    assert (
        f"To add articles from this browser, open http://127.0.0.1:8123/login?token={token}\n"
        in result.output
    )
    assert served["kwargs"]["port"] == 8123


@pytest.mark.parametrize(
    ("args", "env", "tokens", "line"),
    [
        (
            ["--token", "first-long-token", "--token", "second-long-token"],
            None,
            {"first-long-token", "second-long-token"},
            "Write access: log in at",
        ),
        (
            [],
            "env-token-number-one,env-token-number-two",
            {"env-token-number-one", "env-token-number-two"},
            "Write access",
        ),
        (["--read-only", "--token", "ignored-long-token"], None, set(), "Read-only: adding articles"),
    ],
)
def test_serve_takes_tokens_from_flags_or_env(
    tmp_path: Path,
    served: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    env: str | None,
    tokens: set[str],
    line: str,
) -> None:
    if env:
        monkeypatch.setenv("RASHOMON_API_TOKENS", env)
    db = tmp_path / "s.db"
    SQLiteStore(db).close()
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    assert set(served["app"].state.tokens) == tokens
    assert line in result.output


def test_serve_refuses_short_tokens_and_missing_stores(tmp_path: Path, served: dict[str, Any]) -> None:
    db = tmp_path / "s.db"
    SQLiteStore(db).close()
    short = CliRunner().invoke(cli, ["serve", "--db", str(db), "--token", "abc"])
    assert short.exit_code == 1
    assert "Error: write tokens must have at least 12 characters" in short.output
    missing = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "nope.db")])
    assert missing.exit_code == 1
    assert f"Error: no store at {tmp_path / 'nope.db'}; create one with: rashomon analyze" in missing.output
    assert "app" not in served
