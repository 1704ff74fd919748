"""The coded events of the seed articles and the demo corpus, checked by reading the texts.

Seeds: ../shared/corpus/seeds (skipped in a clone without it). Demo: the answer key in
docs/demo-corpus.md (escalation ladder, incidents A and B, sourcing).
"""

from pathlib import Path

import pytest

from rashomon.config import IngestOptions, load_config
from rashomon.ingest.files import read_inputs
from rashomon.model import Document, Event
from rashomon.pipeline import Pipeline, load_builtin_stages

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
DEMO = ROOT / "src" / "rashomon" / "data" / "demo"

pytestmark = pytest.mark.slow


def _annotate(path: Path) -> dict[str, Document]:
    load_builtin_stages()
    articles = [i.article for i in read_inputs([str(path)], IngestOptions()) if hasattr(i, "article")]
    docs = Pipeline(load_config()).annotate_many(articles)
    return {Path(d.article.source).name: d for d in docs}


@pytest.fixture(scope="module")
def seed_docs() -> dict[str, Document]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is absent (a user's clone); the demo corpus tests still run")
    return _annotate(SEEDS)


@pytest.fixture(scope="module")
def demo_docs() -> dict[str, Document]:
    return _annotate(DEMO)


def find(doc: Document, type_: str, trigger: str = "", **where: object) -> Event:
    """The one event of ``type_`` whose trigger contains ``trigger`` (and matches ``where``)."""
    hits = [e for e in doc.events if e.type == type_ and trigger in e.trigger]
    for key, value in where.items():
        hits = [e for e in hits if getattr(e, key) == value]
    assert len(hits) == 1, [(e.type, e.trigger, [a.name for a in e.actors]) for e in doc.events]
    return hits[0]


def names(refs: tuple[object, ...]) -> list[str]:
    return [r.name for r in refs]  # type: ignore[attr-defined]


def coded(refs: tuple[object, ...]) -> list[tuple[str, str]]:
    return [(r.name, r.code) for r in refs]  # type: ignore[attr-defined]


def seed(docs: dict[str, Document], prefix: str) -> Document:
    return next(d for name, d in docs.items() if name.startswith(prefix))


def test_seed_events_carry_exact_evidence(seed_docs: dict[str, Document]) -> None:
    for doc in seed_docs.values():
        assert doc.events
        for ev in doc.events:
            for e in ev.evidence:
                assert doc.text[e.start : e.end] == e.text
            assert ev.reported_by[0].article_id == doc.article.id


def test_seed_russia_and_china_declare_support_for_venezuela(seed_docs: dict[str, Document]) -> None:
    ev = find(seed(seed_docs, "000"), "SUPPORT", "support")
    assert coded(ev.actors) == [("Russia", "RUS"), ("China", "CHN")]
    assert coded(ev.recipients) == [("Venezuela", "VEN")]
    assert ev.modality == "asserted"


def test_seed_petro_suspends_intelligence_cooperation_with_the_us(seed_docs: dict[str, Document]) -> None:
    ev = find(seed(seed_docs, "000"), "SANCTION", "suspended")
    assert ev.mode == "discontinue"
    assert coded(ev.actors) == [("Gustavo Petro", "COLGOV")]
    assert coded(ev.recipients) == [("United States", "USA")]


def test_seed_petro_calls_the_attacks_terrorism(seed_docs: dict[str, Document]) -> None:
    ev = find(
        seed(seed_docs, "000"), "ACCUSE", "called", actors=find(seed(seed_docs, "000"), "SANCTION").actors
    )
    # Who carried out the attacks, two sentences earlier.
    assert coded(ev.recipients) == [("United States armed forces", "USAMIL")]


def test_seed_airstrikes_keep_their_hedged_counts(seed_docs: dict[str, Document]) -> None:
    ev = find(seed(seed_docs, "000"), "ASSAULT", "airstrikes")
    assert (ev.mode, coded(ev.actors)) == ("aerial", [("United States armed forces", "USAMIL")])
    assert [(c.value, c.unit, c.qualifier) for c in ev.counts] == [
        (20, "strikes", "more than"),
        (100, "killed", "nearly"),
    ]


def test_seed_september_2_strike_on_survivors(seed_docs: dict[str, Document]) -> None:
    ev = find(seed(seed_docs, "000"), "ASSAULT", "eliminated")
    assert ev.date is not None
    assert ev.date.endswith("-09-02")
    assert ev.date_text == "September 2"
    assert names(ev.recipients) == ["two survivors"]
    assert [(c.value, c.unit) for c in ev.counts] == [(2, "killed")]
    # The sentence names no attacker: the actor of the airstrikes just before, marked as borrowed.
    assert names(ev.actors) == ["United States armed forces"]
    assert ev.method.endswith("+context-actor")


def test_seed_caribbean_deployment_of_tens_of_thousands(seed_docs: dict[str, Document]) -> None:
    ev = find(seed(seed_docs, "000"), "MOBILIZE", "deployed")
    assert ev.place == "Caribbean"
    [count] = ev.counts
    assert (count.low, count.high, count.unit, count.qualifier) == (
        20000,
        90000,
        "troops",
        "tens of thousands",
    )


def test_seed_november_strike_is_unconfirmed_and_sourced_to_hegset(seed_docs: dict[str, Document]) -> None:
    doc = seed(seed_docs, "001")
    ev = find(doc, "ASSAULT", "strike")
    assert ev.modality == "unconfirmed"  # "The alleged strike, though unconfirmed by U.S. officials"
    assert ev.date is not None
    assert ev.date.endswith("-11-07")
    [_, source] = ev.reported_by
    assert "Henrik Hegset" in source.source
    assert source.source_type == "named"
    assert any("alleged strike" in e.text for e in ev.evidence)
    assert names(ev.recipients) == ["ship with drug terrorists"]


def test_seed_covert_exercises_are_alleged_by_leaked_reports(seed_docs: dict[str, Document]) -> None:
    ev = find(seed(seed_docs, "001"), "MOBILIZE", "exercises")
    assert ev.modality == "alleged"
    assert [(a.source, a.source_type) for a in ev.reported_by[1:]] == [
        ("leaked intelligence reports obtained by Gazeta.ru", "document")
    ]


def test_seed_conditional_attack_is_hypothetical(seed_docs: dict[str, Document]) -> None:
    ev = find(seed(seed_docs, "001"), "ASSAULT", "attacking")
    assert ev.modality == "hypothetical"
    assert coded(ev.actors) == [("Venezuela", "VENGOV")]  # "the Venezuelan government"
    assert coded(ev.recipients) == [("U.S. assets", "USA")]


def test_seed_gerald_ford_deployment_and_cartel_designation(seed_docs: dict[str, Document]) -> None:
    doc = seed(seed_docs, "002")
    deployment = find(doc, "MOBILIZE", "deployment")
    assert coded(deployment.actors) == [("United States armed forces", "USAMIL")]  # "US military presence"
    designation = find(doc, "ACCUSE", "designation")
    assert designation.mode == "allege"
    assert coded(designation.recipients) == [("Cartel de los Soles", "VENCRM")]
    assert [a.code[:3] for a in designation.actors] == ["USA"]


def test_seed_threats_against_venezuela_and_the_panama_invasion(seed_docs: dict[str, Document]) -> None:
    doc = seed(seed_docs, "002")
    threat = find(doc, "THREATEN", "threats")
    assert coded(threat.actors) == [("United States", "USAGOV")]  # "the Trump administration"
    assert coded(threat.recipients) == [("Venezuela", "VEN")]
    invasion = find(doc, "ASSAULT", "invasion")
    assert coded(invasion.actors) == [("United States", "USA")]
    assert coded(invasion.recipients) == [("Panama", "PAN")]


# ----------------------------------------------------------------------------- demo corpus


def test_demo_designation_and_launch_of_iron_tide(demo_docs: dict[str, Document]) -> None:
    doc = demo_docs["articles.jsonl:1"]
    designation = find(doc, "ACCUSE", "designated", date="2031-02-20")
    assert names(designation.recipients) == ["Sarn Liberation Front"]
    launch = find(doc, "MOBILIZE", "launched")
    assert (launch.date, coded(launch.actors)) == ("2031-02-27", [("Republic of Veltria", "VLT")])


def test_demo_ostmark_threatens_veltria(demo_docs: dict[str, Document]) -> None:
    ev = find(demo_docs["articles.jsonl:2"], "THREATEN", "warned")
    assert ev.date == "2031-03-01"
    assert coded(ev.actors) == [("Henrik Dalvang", "OSTGOV")]  # "Ostmark's foreign minister"
    assert coded(ev.recipients) == [("Republic of Veltria", "VLT")]


@pytest.mark.parametrize(
    ("key", "counts", "modality"),
    [
        ("articles.jsonl:3", [(12, "killed", ""), (9, "missing", "")], "asserted"),  # coast guard figures
        ("articles.jsonl:4", [(20, "killed", "at least")], "alleged"),  # anonymous hospital official
        ("articles.jsonl:6", [(40, "killed", "nearly")], "asserted"),
    ],
)
def test_demo_trawler_strike_counts_differ_by_account(
    demo_docs: dict[str, Document], key: str, counts: list[tuple[float, str, str]], modality: str
) -> None:
    ev = next(e for e in demo_docs[key].events if e.type == "ASSAULT" and e.date == "2031-03-04")
    assert [(c.value, c.unit, c.qualifier) for c in ev.counts] == counts
    assert ev.modality == modality


def test_demo_veltria_denies_the_strike(demo_docs: dict[str, Document]) -> None:
    doc = demo_docs["articles.jsonl:7"]
    fired = [e for e in doc.events if e.type == "ASSAULT"]
    assert fired
    assert all(e.modality in ("denied", "negated") for e in fired)


def test_demo_lunesse_sanctions_shipbuilders(demo_docs: dict[str, Document]) -> None:
    ev = find(demo_docs["articles.jsonl:10"], "SANCTION", "sanctions")
    assert ev.date == "2031-03-07"
    assert coded(ev.actors) == [("Republic of Lunesse", "LUN")]
    assert coded(ev.recipients) == [("three Veltrian state-owned shipbuilders", "VLT")]


def test_demo_envoy_proposes_ceasefire_and_ostmark_mobilizes(demo_docs: dict[str, Document]) -> None:
    doc = demo_docs["coastal-wire-ceasefire.html"]
    proposal = find(doc, "REQUEST", "proposed")
    assert proposal.date == "2031-03-11"
    assert coded(proposal.actors) == [("Catarina Oduya", "IGOUNO")]
    assert names(proposal.recipients) == ["Republic of Veltria", "Kingdom of Ostmark"]
    shield = find(doc, "MOBILIZE", "launched")
    assert shield.date == "2031-03-10"


def test_demo_call_up_of_reservists(demo_docs: dict[str, Document]) -> None:
    ev = find(demo_docs["veltria-today-briefing.txt"], "MOBILIZE", "ordered")
    assert coded(ev.actors) == [("Aurel Brandt", "VLTMIL")]  # "The Defence Minister, Aurel Brandt"
    assert [(c.value, c.unit) for c in ev.counts] == [(15000, "troops")]


def test_demo_kestrel_casualties_are_sourced(demo_docs: dict[str, Document]) -> None:
    gazette = find(demo_docs["articles.jsonl:11"], "ASSAULT", "killed")
    assert (gazette.modality, [(c.value, c.unit) for c in gazette.counts]) == ("alleged", [(5, "killed")])
    assert gazette.reported_by[1].source == "leaked reports obtained by the Gazette"
    herald = find(demo_docs["articles.jsonl:12"], "ASSAULT", "killed")
    assert [(c.value, c.unit) for c in herald.counts] == [(3, "killed")]
    assert herald.reported_by[1].source == "Veltrian Navy"
