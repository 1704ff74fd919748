import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from rashomon.analyze.ratings import RATINGS_ENV
from rashomon.cli import cli
from rashomon.model import ActorRef, Article, Event, FusedActor, Signal, Stance, evidence_for
from rashomon.report import write_report
from rashomon.store import SQLiteStore

TEXT = "Insiders say the butchers of Vessen lied. Lunesse condemned Veltria on Friday."


@pytest.fixture
def filled(store: SQLiteStore) -> SQLiteStore:
    article = Article(
        "art_1",
        TEXT,
        title="Opinion",
        outlet="Example News",
        url="https://www.example-news.com/a",
        published="2031-03-07",
    )
    store.add_article(article)
    run = store.start_run("")
    ev = lambda s, e: evidence_for(article, s, e, 0 if s < 42 else 1)  # noqa: E731
    signals = [
        Signal(
            "sig_a",
            "art_1",
            "anonymous_source",
            (ev(0, 12),),
            label="anonymous",
            detail="anonymous source: 'Insiders say'",
        ),
        Signal(
            "sig_p",
            "art_1",
            "persuasion",
            (ev(17, 35),),
            label="name_calling",
            detail="Name calling/Labeling",
            score=0.9,
        ),
        Signal(
            "sig_s",
            "art_1",
            "sourcing_profile",
            (ev(0, 12),),
            label="article",
            detail=json.dumps(
                {
                    "statements": 2,
                    "named_traceable": 1,
                    "anonymous": 1,
                    "named_share": 0.5,
                    "anonymous_share": 0.5,
                    "units": 2,
                    "hedged_share": 0.0,
                    "opinion_share": 0.5,
                }
            ),
            score=0.5,
        ),
    ]
    store.save_article_records(
        "art_1", [("analyze.credibility.v1", s) for s in signals], "h", run, [(0, 41), (42, len(TEXT))]
    )
    stance = Stance(
        "stn_1",
        "code:LUN",
        "code:VLT",
        "oppose",
        (ev(42, len(TEXT)),),
        date="2031-03-07",
        source_name="Lunesse",
        target_name="Veltria",
        article_id="art_1",
        basis=("sentence",),
    )
    store.replace_stage_records("analyze.stances.v1", [stance], run)
    states = [
        FusedActor("act_lun", "Lunesse", "state", ("Lunesse",), (), (), code="LUN"),
        FusedActor("act_vlt", "Veltria", "state", ("Veltria",), (), (), code="VLT"),
    ]
    store.replace_stage_records("fuse.actors.v1", states, run)
    events = [
        Event(
            "ev1",
            "art_1",
            "ACCUSE",
            (ActorRef("Lunesse", code="LUN"),),
            (ActorRef("Veltria", code="VLT"),),
            (ev(42, 59),),
            date="2031-03-01",
        ),
        Event(
            "ev2",
            "art_1",
            "SANCTION",
            (ActorRef("Lunesse", code="LUN"),),
            (ActorRef("Veltria", code="VLT"),),
            (ev(42, 59),),
            date="2031-03-07",
        ),
    ]
    store.save_article_records(
        "art_1",
        [("analyze.credibility.v1", s) for s in signals] + [("extract.events.v1", e) for e in events],
        "h",
        run,
        [(0, 41), (42, len(TEXT))],
    )
    return store


def test_report_sources_section_shows_profile_signals_and_highlights(
    filled: SQLiteStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(RATINGS_ENV, raising=False)
    html = write_report(filled, tmp_path / "r.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    section = soup.select_one("section#sources")
    assert section is not None
    assert section.select_one("h3").get_text() == "Example News"
    assert [m.get_text() for m in section.select("mark.tech")] == ["butchers of Vessen"]
    assert section.select_one("mark.tech")["title"] == "Name calling/Labeling"
    assert "anonymous source: 'Insiders say'" in section.get_text()
    assert section.select(".src-rating") == []
    link = section.select_one("a.ev")["href"]
    assert link == "#art_1-s0"


def test_report_sources_section_shows_third_party_ratings_apart(
    filled: SQLiteStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "golden_truth_dataset.csv").write_text(
        "domain,reliability_label,newsguard_score,label_source\nexample-news.com,-1,20.0,newsguard\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(RATINGS_ENV, str(tmp_path))
    html = write_report(filled, tmp_path / "r.html").read_text(encoding="utf-8")
    rating = BeautifulSoup(html, "html.parser").select_one("section#sources .src-rating")
    assert rating is not None
    assert "rated unreliable by NewsGuard (2018–19)" in rating.get_text()


def test_report_stances_section_draws_network_and_escalation(filled: SQLiteStore, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    html = write_report(filled, tmp_path / "r.html").read_text(encoding="utf-8")
    section = BeautifulSoup(html, "html.parser").select_one("section#stances")
    assert section is not None
    assert len(section.select("figure svg")) == 2
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in section.select("table tr")[1:]]
    assert rows[0][:3] == ["Lunesse", "oppose", "Veltria"]
    assert any("statements → sanctions" in " ".join(r) for r in rows)
    md = write_report(filled, tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Lunesse **opposes** Veltria" in md
    assert "data:image/svg+xml;base64," in md


def test_cli_graph_writes_graphml(filled: SQLiteStore, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    result = CliRunner().invoke(cli, ["graph", "--db", filled.url, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote 2 parties and 1 stance edges to {out}\n"
    root = ET.parse(out).getroot()
    assert len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}edge")) == 1


def test_cli_graph_without_a_store_names_the_fix(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["graph", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "create one with: rashomon analyze" in result.output
