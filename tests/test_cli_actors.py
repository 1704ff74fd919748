from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from rashomon.cli import cli
from rashomon.extract.actors import resolve_actors
from rashomon.extract.entities import group_entities
from rashomon.fuse.actors import fuse_actors
from rashomon.model import Document
from rashomon.store import open_store


def _db(tmp_path: Path, make_article: Callable[..., Document]) -> str:
    db = str(tmp_path / "t.db")
    doc = make_article(
        "Veltria's defence minister Aurel Brant has not commented. Insiders say Brandtt approved it.",
        mentions=[("Aurel Brant", "PERSON"), ("Brandtt", "PERSON")],
        published="2031-03-05",
    )
    doc.entities = group_entities(doc)
    with open_store(db) as store:
        run = store.start_run("[pipeline]\n")
        store.add_article(doc.article)
        store.save_article_records(
            doc.article.id, [("extract.actors.v1", e) for e in resolve_actors(doc)], "h", run
        )
        store.replace_stage_records("fuse.actors.v1", fuse_actors(store), run)
    return db


def test_cli_actors_list_split_and_merge(tmp_path: Path, make_article: Callable[..., Document]) -> None:
    db = _db(tmp_path, make_article)
    runner = CliRunner()
    listed = runner.invoke(cli, ["actors", "list", "--db", db])
    assert listed.exit_code == 0, listed.output
    assert listed.output.splitlines()[0].startswith("Aurel Brandt [VLTMIL] person, 1 article: ")

    split = runner.invoke(
        cli, ["actors", "split", "Aurel Brandt", "Brandtt", "--db", db, "--note", "another man"]
    )
    assert split.exit_code == 0, split.output
    assert split.output == f"Split 'Aurel Brandt' and 'Brandtt'; 2 actors in {db}\n"
    flagged = runner.invoke(cli, ["actors", "list", "--db", db, "--flagged"])
    assert "    ! override: kept apart from 'brandtt' by a user split\n" in flagged.output

    merged = runner.invoke(cli, ["actors", "merge", "Aurel Brandt", "Brandtt", "--db", db])
    assert merged.output == f"Merged 'Aurel Brandt' and 'Brandtt'; 1 actor in {db}\n"


def test_cli_actors_split_names_the_fix_for_an_unknown_name(
    tmp_path: Path, make_article: Callable[..., Document]
) -> None:
    db = _db(tmp_path, make_article)
    result = CliRunner().invoke(cli, ["actors", "split", "Nobody", "Brandtt", "--db", db])
    assert result.exit_code == 1
    assert result.output == (
        "Error: no stored actor is named 'Nobody'; `rashomon actors list` shows the names and aliases\n"
    )


def test_cli_actors_list_needs_an_existing_store(tmp_path: Path) -> None:
    db = str(tmp_path / "none.db")
    result = CliRunner().invoke(cli, ["actors", "list", "--db", db])
    assert result.exit_code == 1
    assert (
        result.output == f"Error: no store at {db}; create one with: rashomon analyze ARTICLES... --db {db}\n"
    )
