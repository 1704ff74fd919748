"""The listed alias groups, end to end on the seed articles and the demo corpus (real spaCy model)."""

from pathlib import Path

import pytest

from rashomon.config import load_config
from rashomon.model import Article, FusedActor
from rashomon.pipeline import Pipeline, load_builtin_stages
from rashomon.store import open_store

pytestmark = pytest.mark.slow


def _run(paths: list[Path], db: Path) -> tuple[list[Article], list[FusedActor]]:
    load_builtin_stages()
    with open_store(str(db)) as store:
        Pipeline(load_config()).run(paths, store)
        return list(store.articles()), list(store.records("actor"))


@pytest.fixture(scope="module")
def seed_actors(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Article], list[FusedActor]]:
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/corpus/seeds is absent (a user's clone); the demo corpus test still runs")
    return _run(sorted(seeds.glob("*.txt")), tmp_path_factory.mktemp("seeds") / "s.db")


@pytest.fixture(scope="module")
def demo_actors(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Article], list[FusedActor]]:
    demo = Path(__file__).resolve().parents[2] / "src" / "rashomon" / "data" / "demo"
    return _run([demo], tmp_path_factory.mktemp("demo") / "d.db")


def named(actors: list[FusedActor], alias: str) -> FusedActor:
    found = [a for a in actors if alias in a.aliases]
    assert len(found) == 1, (alias, [a.name for a in found])
    return found[0]


@pytest.mark.parametrize(
    ("canonical", "aliases"),
    [
        ("Pete Hegseth", {"Pete Hegsett", "Hegsett", "US Secretary of Defense"}),
        ("Luiz Inácio Lula da Silva", {"Lula da Silva", "Brazilian President"}),
        ("Gustavo Petro", {"Gustavo Petro", "Colombian President"}),
        ("Vassily Nebenzia", {"Vassily Nebenzia", "the Russian representative to the Security Council"}),
        ("Cartel de los Soles", {"Cartel de los Soles", "Cartel de los Sols"}),
        ("China", {"China", "Beijing"}),
        ("United States armed forces", {"the US armed forces", "the U.S. military"}),
        ("US Department of Defense", {"the Pentagon"}),
    ],
)
def test_seed_alias_groups(
    seed_actors: tuple[list[Article], list[FusedActor]], canonical: str, aliases: set[str]
) -> None:
    _, actors = seed_actors
    # A capital can also stand as a place ("in Kaldhavn") beside the government it names
    # ("Kaldhavn said"), so the check is that one canonical actor holds every alias.
    [actor] = [a for a in actors if a.name == canonical]
    assert aliases <= set(actor.aliases)


def test_seed_namesake_is_flagged_not_merged(seed_actors: tuple[list[Article], list[FusedActor]]) -> None:
    _, actors = seed_actors
    hegset = named(actors, "Henrik Hegset")
    assert hegset is not named(actors, "Pete Hegsett")
    assert hegset.flags[0].startswith("namesake: 'Henrik Hegset' is close to Pete Hegseth")
    assert named(actors, "Maria Lopez").flags == ()


@pytest.mark.parametrize(
    ("canonical", "aliases"),
    [
        (
            "Aurel Brandt",
            {"Aurel Brandt", "Aurel Brant", "Brandtt", "Butcher Brandt", "The Defence Minister"},
        ),
        ("Kingdom of Ostmark", {"Ostmark", "Kaldhavn", "The Ostmark government"}),
        ("Republic of Veltria", {"Veltria", "Vessen", "Veltrian"}),
        ("Catarina Oduya", {"Catarina Oduya", "the United Nations envoy"}),
        ("Sarn Liberation Front", {"the Sarn Liberation Front", "SLF"}),
        ("Ostmark Admiralty", {"the Admiralty", "Ostmark's Admiralty"}),
        ("Veltrian Navy", {"the Veltrian Navy", "Veltria's navy"}),
    ],
)
def test_demo_alias_groups(
    demo_actors: tuple[list[Article], list[FusedActor]], canonical: str, aliases: set[str]
) -> None:
    _, actors = demo_actors
    # A capital can also stand as a place ("in Kaldhavn") beside the government it names
    # ("Kaldhavn said"), so the check is that one canonical actor holds every alias.
    [actor] = [a for a in actors if a.name == canonical]
    assert aliases <= set(actor.aliases)


def test_demo_namesake_journalist_is_flagged(demo_actors: tuple[list[Article], list[FusedActor]]) -> None:
    _, actors = demo_actors
    brand = named(actors, "Aurel Brand")
    assert brand is not named(actors, "Aurel Brandt")
    assert "presented as Dutch journalist" in brand.flags[0]
    assert [a.name for a in actors if a.flags] == ["Aurel Brand"]


def test_every_fused_evidence_span_is_exact(
    seed_actors: tuple[list[Article], list[FusedActor]], demo_actors: tuple[list[Article], list[FusedActor]]
) -> None:
    for articles, actors in (seed_actors, demo_actors):
        text = {a.id: a.text for a in articles}
        for actor in actors:
            assert len(actor.scores) == len(actor.entity_ids)
            for ev in actor.evidence:
                assert text[ev.article_id][ev.start : ev.end] == ev.text
