"""The analyze stages on the real seed articles and the demo corpus, through the whole default pipeline."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from rashomon.config import load_config
from rashomon.model import Article, Signal
from rashomon.pipeline import Pipeline, load_builtin_stages
from rashomon.registry import registered_stages
from rashomon.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
DEMO = ROOT / "src" / "rashomon" / "data" / "demo"

pytestmark = pytest.mark.slow


def _run(folder: Path, tmp: Path) -> SQLiteStore:
    store = SQLiteStore(tmp / "s.db")
    load_builtin_stages()
    Pipeline(load_config()).run([folder], store)
    return store


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is absent (a user's clone)")
    store = _run(SEEDS, tmp_path_factory.mktemp("seeds"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    store = _run(DEMO, tmp_path_factory.mktemp("demo"))
    yield store
    store.close()


def _article(store: SQLiteStore, suffix: str) -> Article:
    return next(a for a in store.articles() if a.source.endswith(suffix))


def _signals(store: SQLiteStore, suffix: str, kind: str) -> list[Signal]:
    aid = _article(store, suffix).id
    return [s for s in store.records("signal", aid) if s.kind == kind]


def _texts(signals: list[Signal]) -> list[str]:
    return [" ".join(e.text.split()) for s in signals for e in s.evidence]


def test_seeds_international_security_institute_expert_is_untraceable(seeds_store: SQLiteStore) -> None:
    found = _texts(_signals(seeds_store, "001_5bf8df06a36c766c.txt", "untraceable_source"))
    assert "Maria Lopez, a geopolitical analyst at the International Security Institute" in found


def test_seeds_year_22025_is_an_impossible_date(seeds_store: SQLiteStore) -> None:
    assert _texts(_signals(seeds_store, "002_85b3ff8408fd65c9.txt", "impossible_date")) == [
        "November 19, 22025"
    ]


def test_seeds_anonymous_and_collective_sources(seeds_store: SQLiteStore) -> None:
    found = _texts(_signals(seeds_store, "001_5bf8df06a36c766c.txt", "anonymous_source"))
    for expected in (
        "A number of experts",
        "leaked intelligence reports obtained by Gazeta.ru",
        "most analysts",
    ):
        assert expected in found


def test_seeds_henrik_hegset_is_flagged_as_a_borrowed_name(seeds_store: SQLiteStore) -> None:
    load_builtin_stages()
    if "fuse.actors.v1" not in {s.name for s in registered_stages()}:
        pytest.skip("needs the actor dictionary and fuse.actors.v1 to know Pete Hegseth")
    found = _signals(seeds_store, "001_5bf8df06a36c766c.txt", "name_anomaly")
    assert [s.label for s in found if "Hegset" in s.evidence[0].text] == ["other_identity"]


def test_seeds_every_signal_points_at_its_text(seeds_store: SQLiteStore) -> None:
    texts = {a.id: a.text for a in seeds_store.articles()}
    for s in seeds_store.records("signal"):
        for e in s.evidence:
            assert texts[e.article_id][e.start : e.end] == e.text


def test_demo_signals_of_the_answer_key(demo_store: SQLiteStore) -> None:
    untraceable = _texts(_signals(demo_store, "articles.jsonl:11", "untraceable_source"))
    assert untraceable == ["Elena Varga, a security analyst at the Institute for Strategic Horizons"]
    assert _texts(_signals(demo_store, "articles.jsonl:11", "impossible_date")) == ["March 16, 20031"]
    assert _signals(demo_store, "articles.jsonl:8", "inconsistent_date")
    names = {(s.label, s.evidence[0].text) for s in _signals(demo_store, "articles.jsonl:8", "name_anomaly")}
    assert {("misspelling", "Aurel Brant"), ("misspelling", "Brandtt")} <= names
    # The namesake journalist says he is no relation: not an anomaly.
    assert _signals(demo_store, "articles.jsonl:10", "name_anomaly") == []


def test_demo_stances_and_graph(demo_store: SQLiteStore) -> None:
    stances = list(demo_store.records("stance"))
    assert any(
        "Lunesse" in s.source_name and s.polarity == "support" and "Ostmark" in s.target_name for s in stances
    )
    for s in stances:
        assert s.date
        assert s.evidence
        assert s.article_id
