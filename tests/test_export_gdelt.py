import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.cli import cli
from rashomon.errors import ConfigError
from rashomon.export_gdelt import GDELT_COLUMNS, RASHOMON_COLUMNS, write_gdelt
from rashomon.model import ActorRef, Article, Attribution, Count, Event, Evidence
from rashomon.store import SQLiteStore

TEXT = "US forces struck a vessel on September 2. Petro suspended cooperation."
AID = "art_00000000000000f1"


def _events() -> list[Event]:
    strike = Event(
        id="evt_1",
        article_id=AID,
        type="ASSAULT",
        mode="aerial",
        actors=(ActorRef("US forces", "USAMIL", "ent_us", 0, 9),),
        recipients=(ActorRef("vessel", "", None, 19, 25),),
        evidence=(Evidence(AID, 0, 0, 41, TEXT[0:41]),),
        cameo="19",
        intensity=-9.5,
        date="2025-09-02",
        date_precision="day",
        date_text="September 2",
        counts=(Count(2, "killed"),),
        reported_by=(Attribution(AID),),
        trigger="struck",
    )
    sanction = Event(
        id="evt_2",
        article_id=AID,
        type="SANCTION",
        actors=(ActorRef("Petro", "COLGOV", "ent_p", 42, 47),),
        recipients=(),
        evidence=(Evidence(AID, 1, 42, 70, TEXT[42:70]),),
        cameo="16",
        intensity=-6.0,
        modality="alleged",
        reported_by=(Attribution(AID), Attribution(AID, "officials", "anonymous")),
    )
    return [strike, sanction]


@pytest.fixture
def filled(store: SQLiteStore) -> SQLiteStore:
    store.add_article(Article(id=AID, text=TEXT, url="https://example.test/a", published="2025-11-19"))
    run = store.start_run("")
    store.save_article_records(
        AID, [("extract.events.v1", e) for e in _events()], "h", run, [(0, 41), (42, 70)]
    )
    return store


def _read(path: Path, delimiter: str = "\t") -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def test_gdelt_export_writes_gdelt_columns_then_rashomons(filled: SQLiteStore, tmp_path: Path) -> None:
    out = tmp_path / "gdelt_events.tsv"
    assert write_gdelt(filled, out) == 2
    header = out.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert len(GDELT_COLUMNS) == 58
    assert header == [*GDELT_COLUMNS, *RASHOMON_COLUMNS]
    strike, sanction = _read(out)
    assert (strike["SQLDATE"], strike["MonthYear"], strike["DateSource"]) == ("20250902", "202509", "text")
    assert (strike["Actor1Code"], strike["Actor1CountryCode"], strike["Actor1Type1Code"]) == (
        "USAMIL",
        "USA",
        "MIL",
    )
    assert (strike["EventCode"], strike["EventRootCode"], strike["QuadClass"], strike["GoldsteinScale"]) == (
        "190",
        "19",
        "4",
        "-9.5",
    )
    assert (strike["PloverType"], strike["PloverMode"], strike["Counts"]) == ("ASSAULT", "aerial", "2 killed")
    assert strike["SOURCEURL"] == "https://example.test/a"
    # No date in its sentence: the publication date, and the export says so.
    assert (sanction["SQLDATE"], sanction["DateSource"], sanction["Modality"]) == (
        "20251119",
        "published",
        "alleged",
    )
    assert sanction["ReportedBy"] == "article (outlet); officials (anonymous)"


def test_gdelt_export_writes_csv(filled: SQLiteStore, tmp_path: Path) -> None:
    out = tmp_path / "gdelt.csv"
    write_gdelt(filled, out, "csv")
    assert [r["EventId"] for r in _read(out, ",")] == ["evt_1", "evt_2"]


def test_gdelt_export_rejects_unknown_format(filled: SQLiteStore, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="use tsv or csv"):
        write_gdelt(filled, tmp_path / "x", "xml")


def test_cli_export_gdelt(filled: SQLiteStore, tmp_path: Path) -> None:
    db = filled.url
    out = tmp_path / "g.tsv"
    result = CliRunner().invoke(cli, ["export-gdelt", "--db", db, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote 2 events to {out}\n"


def test_cli_export_gdelt_needs_a_store(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    result = CliRunner().invoke(cli, ["export-gdelt", "--db", str(db)])
    assert result.exit_code == 1
    assert (
        result.output == f"Error: no store at {db}; create one with: rashomon analyze ARTICLES... --db {db}\n"
    )
