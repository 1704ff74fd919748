"""Event and claim fusion end to end on the demo corpus (real spaCy model and extractors).

Answer key: docs/demo-corpus.md, "Incident A" — the March 4 strike on the Marit Solen, told by
several outlets with conflicting death tolls, a syndicated copy and Veltria's denial.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.config import load_config
from rashomon.fuse.corroboration import parse_divergence
from rashomon.model import Article, ClaimCluster, Event, EventCluster
from rashomon.pipeline import Pipeline, load_builtin_stages
from rashomon.report import build_report, render_markdown
from rashomon.store import open_store

pytestmark = pytest.mark.slow

DEMO = Path(__file__).resolve().parents[2] / "src" / "rashomon" / "data" / "demo"


class Fused:
    def __init__(self, db: Path) -> None:
        load_builtin_stages()
        with open_store(str(db)) as store:
            Pipeline(load_config()).run([DEMO], store)
            self.articles: list[Article] = list(store.articles())
            self.events: dict[str, Event] = {e.id: e for e in store.records("event")}
            self.clusters: list[EventCluster] = list(store.records("event_cluster"))
            self.claim_clusters: list[ClaimCluster] = list(store.records("claim_cluster"))
            self.report = render_markdown(build_report(store))

    def article(self, outlet: str, published: str) -> Article:
        [found] = [a for a in self.articles if a.outlet == outlet and a.published == published]
        return found

    def strike(self) -> EventCluster:
        herald = self.article("Sarn Herald", "2031-03-04")
        [cluster] = [
            c
            for c in self.clusters
            if c.type == "ASSAULT" and any(self.events[e].article_id == herald.id for e in c.event_ids)
        ]
        return cluster


@pytest.fixture(scope="module")
def fused(tmp_path_factory: pytest.TempPathFactory) -> Fused:
    return Fused(tmp_path_factory.mktemp("fusion") / "demo.db")


def test_demo_strike_is_one_cluster_with_every_account(fused: Fused) -> None:
    strike = fused.strike()
    tellers = {
        ("Sarn Herald", "2031-03-04"),  # L3
        ("Coastal Wire", "2031-03-04"),  # L4
        ("Meridian Post", "2031-03-05"),  # L5, syndicated copy of L4
        ("Ostmark Voice", "2031-03-05"),  # L6
        ("Harbourline Daily", "2031-03-05"),  # L8
        ("Veltria Today", "2031-03-05"),  # L7, the denial
    }
    assert {fused.article(o, d).id for o, d in tellers} <= set(strike.article_ids)
    assert strike.date == "2031-03-04"


def test_demo_strike_sources_count_the_copy_once_and_keep_the_denial(fused: Fused) -> None:
    strike = fused.strike()
    wire = fused.article("Coastal Wire", "2031-03-04")
    copy = fused.article("Meridian Post", "2031-03-05")
    assert copy.duplicate_of == wire.id
    assert wire.id in strike.sources
    assert copy.id not in strike.sources
    assert fused.article("Veltria Today", "2031-03-05").id in strike.disputed_by
    assert fused.article("Sarn Herald", "2031-03-04").id not in strike.disputed_by


def test_demo_strike_death_tolls_are_side_by_side(fused: Fused) -> None:
    strike = fused.strike()
    tolls = dict(parse_divergence(v) for v in strike.divergences["counts:killed"])
    expected = {
        "12 killed": ("Sarn Herald", "2031-03-04"),
        "at least 20 killed": ("Coastal Wire", "2031-03-04"),
        "nearly 40 killed": ("Ostmark Voice", "2031-03-05"),
        "27 killed": ("Harbourline Daily", "2031-03-05"),
    }
    for value, (outlet, date) in expected.items():
        assert fused.article(outlet, date).id in tolls[value], value
    modality = dict(parse_divergence(v) for v in strike.divergences["modality"])
    assert set(modality) & {"denied", "negated"}


def test_demo_exchange_of_fire_ten_days_later_stays_apart(fused: Fused) -> None:
    # Incident B (2031-03-14): the VNS Kestrel, Veltrian sailors killed; L11 and L12 tell it.
    strike = fused.strike()
    told = " ".join(e.text for e in strike.evidence)
    assert "Kestrel" not in told
    assert "sailors" not in told


def test_demo_report_shows_where_accounts_diverge(fused: Fused) -> None:
    assert "Where accounts diverge" in fused.report
    assert "at least 20 killed" in fused.report
    assert "(copy of Coastal Wire)" in fused.report


def test_demo_claim_clusters_never_drop_a_claim(fused: Fused) -> None:
    for c in fused.claim_clusters:
        assert sorted(c.supports + c.contradicts) == sorted(c.claim_ids)
        assert set(c.reasons) == set(c.contradicts)
