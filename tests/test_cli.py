import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.cli import cli


def _run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_help_lists_commands_with_examples() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("analyze", "report", "export", "demo", "serve", "stages", "config", "eval"):
        assert f"  {command} " in result.output
    assert "Example:" in result.output


@pytest.mark.parametrize(
    "command", ["analyze", "report", "export", "demo", "serve", "stages", "config", "eval"]
)
def test_cli_every_command_has_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"rashomon {command}" in result.output


def test_cli_report_without_store_names_the_fix(tmp_path: Path) -> None:
    db = tmp_path / "missing.db"
    result = CliRunner().invoke(cli, ["report", "--db", str(db)])
    assert result.exit_code == 1
    assert (
        result.output == f"Error: no store at {db}; create one with: rashomon analyze ARTICLES... --db {db}\n"
    )
    assert not db.exists()


def test_cli_export_rejects_unknown_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "x.db"), "--format", "xml"])
    assert result.exit_code == 2
    assert "'xml' is not one of 'jsonl', 'csv', 'parquet'" in result.output


def test_cli_config_prints_resolved_defaults() -> None:
    result = CliRunner().invoke(cli, ["config"])
    assert result.exit_code == 0
    assert result.output.startswith('[pipeline]\nstages = ["nlp.spacy.v1", ')
    assert "\n[ingest]\nmax_bytes = 5000000\n" in result.output


def test_cli_config_reports_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[pipeline\n")
    result = CliRunner().invoke(cli, ["config", "--config", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: config file {bad} is not valid TOML (")
    assert result.output.endswith("; fix the line it names\n")


def test_cli_stages_json_lists_contracts() -> None:
    result = CliRunner().invoke(cli, ["stages", "--json"])
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert rows["nlp.spacy.v1"]["assigns"] == ["sentences", "tokens", "mentions"]
    assert rows["extract.quotes.v1"]["scope"] == "article"


def test_cli_eval_unknown_suite_names_choices() -> None:
    result = CliRunner().invoke(cli, ["eval", "nonsense"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown evaluation 'nonsense'; choose from ")


@pytest.mark.slow
def test_cli_analyze_report_export_round_trip(tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Navy fires on trawler\n“We fired warning shots,” said Maria Lopez, a spokeswoman for the navy."
    )
    (articles / "b.md").write_text("# Ministry statement\n\nThe ministry of Ostmark denied any role.")
    (articles / "empty.txt").write_text("")
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    first = runner.invoke(cli, ["analyze", str(articles), "--db", db])
    assert first.exit_code == 2  # one input was rejected
    assert first.output == (
        f"Rejected {articles / 'empty.txt'}: empty file; remove it or give it article text\n"
        f"2 new articles, 0 already stored, 0 near-duplicates, 2 analyzed, 1 rejected; stored in {db}\n"
    )
    second = runner.invoke(cli, ["analyze", str(articles / "a.txt"), str(articles / "b.md"), "--db", db])
    assert second.exit_code == 0
    assert (
        second.output
        == f"0 new articles, 2 already stored, 0 near-duplicates, 0 analyzed, 0 rejected; stored in {db}\n"
    )

    out = tmp_path / "report.html"
    rep = runner.invoke(cli, ["report", "--db", db, "-o", str(out)])
    assert rep.output == f"Wrote {out}\n"
    assert "Maria Lopez" in out.read_text()

    exp = runner.invoke(cli, ["export", "--db", db, "--format", "jsonl", "-o", str(tmp_path / "x")])
    assert exp.exit_code == 0
    articles_out = [json.loads(line) for line in (tmp_path / "x" / "articles.jsonl").read_text().splitlines()]
    assert {a["title"] for a in articles_out} == {"Navy fires on trawler", "Ministry statement"}
    quotes = [json.loads(line) for line in (tmp_path / "x" / "quotes.jsonl").read_text().splitlines()]
    [quote] = [q for q in quotes if q["direct"]]
    assert quote["content"] == "We fired warning shots"
    assert quote["speaker"]["name"] == "Maria Lopez"
