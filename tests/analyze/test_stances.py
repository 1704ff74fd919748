import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from rashomon.analyze.escalation import LADDER, escalation_series, flag_escalation
from rashomon.analyze.parties import PartyResolver
from rashomon.analyze.stances import (
    StanceOptions,
    derive_stances,
    stance_graph,
    text_polarity,
    write_graphml,
)
from rashomon.model import (
    ActorRef,
    Article,
    Entity,
    Event,
    FusedActor,
    Mention,
    Quote,
    Speaker,
    evidence_for,
    record_id,
)


class Corpus:
    def __init__(self, articles: list[Article], **records: list[Any]) -> None:
        self._articles = articles
        self._records = records

    def articles(self) -> Iterable[Article]:
        return iter(self._articles)

    def records(self, kind: str) -> Iterable[Any]:
        return iter(self._records.get(kind, []))

    def overrides(self, kind: str | None = None) -> list[dict[str, Any]]:
        return []


STATES = {"Veltria": "VLT", "Ostmark": "OST", "Lunesse": "LUN", "Caldor": "CLD"}


def _entities(article: Article, names: dict[str, tuple[str, str]]) -> list[Entity]:
    """names: surface → (type, country code); every occurrence becomes a mention."""
    out = []
    for surface, (etype, country) in names.items():
        mentions = []
        at = article.text.find(surface)
        while at >= 0:
            mentions.append(Mention(surface, at, at + len(surface), 0, etype))
            at = article.text.find(surface, at + 1)
        if not mentions:
            continue
        out.append(
            Entity(
                id=record_id("ent", article.id, surface),
                article_id=article.id,
                name=surface,
                type=etype,
                aliases=(surface,),
                mentions=tuple(mentions),
                evidence=tuple(evidence_for(article, m.start, m.end) for m in mentions),
                code=country if etype == "GPE" else "",
                country=country,
            )
        )
    return out


def _state_actors() -> list[FusedActor]:
    return [
        FusedActor(f"act_{code}", f"Republic of {name}", "state", (name,), (), (), code=code)
        for name, code in STATES.items()
    ]


NAMES = {
    "Veltria": ("GPE", "VLT"),
    "Ostmark": ("GPE", "OST"),
    "Lunesse": ("GPE", "LUN"),
    "Caldor": ("GPE", "CLD"),
    "Amélie Rocheval": ("PERSON", "LUN"),
    "Teodora Lisk": ("PERSON", "VLT"),
}


@pytest.mark.parametrize(
    ("text", "party", "polarity"),
    [
        ("Lunesse stands with Ostmark.", "Ostmark", "support"),
        ("An attack on Ostmark is an attack on us all.", "Ostmark", "support"),
        ("Veltria's strikes are a violation of international law.", "Veltria", "oppose"),
        ("The strikes on Veltria are a violation of international law.", "Veltria", "support"),
        ("Caldor backed Veltria.", "Veltria", "support"),
    ],
)
def test_stances_polarity_of_words_near_a_party(text: str, party: str, polarity: str) -> None:
    start = text.index(party)
    found = text_polarity(text, start, start + len(party))
    assert found is not None
    assert found[0] == polarity


def test_stances_from_events_roll_up_to_states() -> None:
    article = Article(
        "a1", "Lunesse imposed sanctions on Veltria. Caldor agreed to aid Veltria.", published="2031-03-07"
    )
    ents = _entities(article, NAMES)
    by = {e.name: e for e in ents}

    def event(etype: str, src: str, dst: str, phrase: str, modality: str = "asserted") -> Event:
        start = article.text.index(phrase)
        return Event(
            id=f"ev_{etype}",
            article_id="a1",
            type=etype,
            actors=(ActorRef(src, entity_id=by[src].id),),
            recipients=(ActorRef(dst, entity_id=by[dst].id),),
            evidence=(evidence_for(article, start, start + len(phrase)),),
            date="2031-03-07",
            modality=modality,
        )

    events = [
        event("SANCTION", "Lunesse", "Veltria", "imposed sanctions"),
        event("AID", "Caldor", "Veltria", "agreed to aid"),
        event("ASSAULT", "Veltria", "Lunesse", "Lunesse", modality="denied"),
    ]
    corpus = Corpus([article], entity=ents, event=events, actor=_state_actors())
    stances = derive_stances(corpus, StanceOptions(from_statements=False))
    assert sorted((s.source_name, s.polarity, s.target_name, s.date) for s in stances) == [
        ("Republic of Caldor", "support", "Republic of Veltria", "2031-03-07"),
        ("Republic of Lunesse", "oppose", "Republic of Veltria", "2031-03-07"),
    ]
    for s in stances:
        assert s.basis[0].startswith("event:")
        assert article.text[s.evidence[0].start : s.evidence[0].end] == s.evidence[0].text


def test_stances_from_a_quote_name_the_speakers_state() -> None:
    text = "‘Lunesse stands with Ostmark,’ said Amélie Rocheval in Serrac."
    article = Article("a2", text, published="2031-03-07")
    ents = _entities(article, NAMES)
    roc = next(e for e in ents if e.name == "Amélie Rocheval")
    quote = Quote(
        "quo_1",
        "a2",
        Speaker("Amélie Rocheval", roc.id, "person", start=roc.mentions[0].start, end=roc.mentions[0].end),
        "said",
        "Lunesse stands with Ostmark,",
        True,
        (evidence_for(article, 1, 29),),
    )
    corpus = Corpus([article], entity=ents, quote=[quote], actor=_state_actors())
    found = [(s.source_name, s.polarity, s.target_name) for s in derive_stances(corpus)]
    assert ("Republic of Lunesse", "support", "Republic of Ostmark") in found
    assert all(t != "Republic of Lunesse" for _, _, t in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russia and China have declared their support for Venezuela.",
            [("China", "support", "Venezuela"), ("Russia", "support", "Venezuela")],
        ),
        ("Lunesse condemned Veltria on Friday.", [("Lunesse", "oppose", "Veltria")]),
        (
            "Lunesse and Ostmark, long wary of Caldor, made it clear that they oppose Veltria.",
            [("Lunesse", "oppose", "Veltria"), ("Ostmark", "oppose", "Veltria")],
        ),
        # Passive: Caldor does the backing.
        ("Veltria, which is backed by Caldor, sent ships.", []),
        # The object of "warned" is who is warned, not who is named after "that".
        ("Ostmark warned that Veltria would pay.", []),
        ("‘Veltria will pay,’ warned Ostmark.", []),
    ],
)
def test_stances_from_sentences(text: str, expected: list[tuple[str, str, str]]) -> None:
    article = Article("a3", text, published="2025-11-10")
    names = {**NAMES, "Russia": ("GPE", "RUS"), "China": ("GPE", "CHN"), "Venezuela": ("GPE", "VEN")}
    corpus = Corpus([article], entity=_entities(article, names))
    found = sorted((s.source_name, s.polarity, s.target_name) for s in derive_stances(corpus))
    assert found == expected


def test_stances_graphml_parses_with_polarity_and_dates(tmp_path: Path) -> None:
    article = Article("a4", "Lunesse condemned Veltria. Caldor backed Veltria.", published="2031-03-07")
    stances = derive_stances(Corpus([article], entity=_entities(article, NAMES)))
    graph = stance_graph(stances)
    path = write_graphml(graph, tmp_path / "stances.graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(path).getroot()
    nodes = {n.get("id"): n.find("g:data", ns).text for n in root.iter(f"{{{ns['g']}}}node")}  # type: ignore[union-attr]
    assert sorted(nodes.values()) == ["Caldor", "Lunesse", "Veltria"]
    edges = []
    for e in root.iter(f"{{{ns['g']}}}edge"):
        data = {d.get("key"): d.text for d in e.findall("g:data", ns)}
        edges.append(
            (
                nodes[e.get("source")],
                data["polarity"],
                nodes[e.get("target")],
                data["sign"],
                data["first_date"],
            )
        )
    assert sorted(edges) == [
        ("Caldor", "support", "Veltria", "1", "2031-03-07"),
        ("Lunesse", "oppose", "Veltria", "-1", "2031-03-07"),
    ]
    nx = pytest.importorskip("networkx")
    g = nx.read_graphml(path)
    assert g.number_of_edges() == 2


# ------------------------------------------------------------------- escalation


def _events(article: Article, rows: list[tuple[str, str, str | None, str]]) -> list[Event]:
    out = []
    for i, (etype, src, dst, date) in enumerate(rows):
        out.append(
            Event(
                id=f"ev{i}",
                article_id=article.id,
                type=etype,
                actors=(ActorRef(src, code=STATES[src]),),
                recipients=(ActorRef(dst, code=STATES[dst]),) if dst else (),
                evidence=(evidence_for(article, 0, 7),),
                date=date,
            )
        )
    return out


def _series(rows: list[tuple[str, str, str | None, str]]) -> Any:
    article = Article("a5", "Veltria and Ostmark.", published="2031-03-20")
    events = _events(article, rows)
    return escalation_series(events, PartyResolver([], _state_actors()), {"a5": article}), events, article


def test_escalation_flags_each_new_rung() -> None:
    series, _, _ = _series(
        [
            ("THREATEN", "Ostmark", "Veltria", "2031-03-01"),
            ("ASSAULT", "Veltria", "Ostmark", "2031-03-04"),
            ("SANCTION", "Ostmark", "Veltria", "2031-03-06"),
            ("ACCUSE", "Veltria", "Ostmark", "2031-03-07"),
        ]
    )
    [pair] = series
    assert [p.date for p in pair.points] == ["2031-03-01", "2031-03-04", "2031-03-06", "2031-03-07"]
    assert pair.points[1].intensity == -10.0
    # Sanctions after force is no step up: the pair already stood higher.
    assert [(s.date, s.label) for s in pair.steps] == [("2031-03-04", "statements->force")]


def test_escalation_counts_one_event_once_and_gives_mobilisation_to_adversaries() -> None:
    series, _, _ = _series(
        [
            ("ACCUSE", "Ostmark", "Veltria", "2031-03-01"),
            ("SANCTION", "Ostmark", "Veltria", "2031-03-06"),
            ("SANCTION", "Ostmark", "Veltria", "2031-03-06"),
            ("MOBILIZE", "Veltria", None, "2031-03-08"),
        ]
    )
    [pair] = series
    assert [p.intensity for p in pair.points] == [-3.0, -6.5, -7.0]
    assert pair.points[1].event_ids == ("ev1", "ev2")
    assert [s.label for s in pair.steps] == ["statements->sanctions", "sanctions->mobilisation"]
    assert LADDER[pair.steps[-1].to_rung] == "mobilisation"


def test_escalation_stage_stores_signals_with_the_events_behind_them() -> None:
    _, events, article = _series(
        [("THREATEN", "Ostmark", "Veltria", "2031-03-01"), ("ASSAULT", "Veltria", "Ostmark", "2031-03-04")]
    )
    [signal] = flag_escalation(Corpus([article], event=events, actor=_state_actors()))
    assert signal.kind == "escalation"
    assert signal.label == "statements->force"
    assert signal.record_ids == ("ev1",)
    assert "Republic of" in signal.detail
    assert "2031-03-04" in signal.detail
