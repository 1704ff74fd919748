from collections.abc import Iterable
from typing import Any

import pytest

from rashomon.analyze.anomalies import count_interval, counts_conflict, find_anomalies
from rashomon.model import (
    ActorRef,
    Article,
    Count,
    Entity,
    Event,
    EventCluster,
    FusedActor,
    Mention,
    evidence_for,
    record_id,
)


class Corpus:
    """A hand-built corpus view: articles and records by kind."""

    def __init__(self, articles: list[Article], **records: list[Any]) -> None:
        self._articles = articles
        self._records = records

    def articles(self) -> Iterable[Article]:
        return iter(self._articles)

    def records(self, kind: str) -> Iterable[Any]:
        return iter(self._records.get(kind, []))

    def overrides(self, kind: str | None = None) -> list[dict[str, Any]]:
        return []


def _article(aid: str, text: str, outlet: str = "", duplicate_of: str | None = None) -> Article:
    return Article(id=aid, text=text, outlet=outlet, published="2031-03-05", duplicate_of=duplicate_of)


def _person(article: Article, name: str, *surfaces: str, dictionary_id: str | None = None) -> Entity:
    mentions = []
    for surface in surfaces or (name,):
        start = article.text.index(surface)
        mentions.append(Mention(surface, start, start + len(surface), 0, "PERSON"))
    return Entity(
        id=record_id("ent", article.id, name),
        article_id=article.id,
        name=name,
        type="PERSON",
        aliases=tuple(surfaces or (name,)),
        mentions=tuple(mentions),
        evidence=tuple(evidence_for(article, m.start, m.end) for m in mentions),
        dictionary_id=dictionary_id,
    )


@pytest.fixture
def brandt_corpus() -> tuple[list[Article], list[Entity]]:
    a1 = _article("a1", "Defence Minister Aurel Brandt spoke.", "Sarn Herald")
    a2 = _article("a2", "Aurel Brandt said the navy was ready.", "Veltria Today")
    a3 = _article(
        "a3", "Fingers point at Aurel Brant. Insiders say Brandtt approved it.", "Harbourline Daily"
    )
    a4 = _article(
        "a4",
        "The journalist Aurel Brand said families waited. Brand, who is no relation to the minister, smiled.",
    )
    ents = [
        _person(a1, "Aurel Brandt"),
        _person(a2, "Aurel Brandt"),
        _person(a3, "Aurel Brant"),
        _person(a3, "Brandtt"),
        _person(a4, "Aurel Brand"),
    ]
    return [a1, a2, a3, a4], ents


def test_anomalies_flag_misspellings_of_an_attested_name(brandt_corpus: Any) -> None:
    articles, entities = brandt_corpus
    signals = find_anomalies(Corpus(articles, entity=entities))
    assert sorted((s.article_id, s.label, s.evidence[0].text) for s in signals) == [
        ("a3", "misspelling", "Aurel Brant"),
        ("a3", "misspelling", "Brandtt"),
    ]
    for s in signals:
        assert s.kind == "name_anomaly"


def test_anomalies_read_fused_actor_flags_and_merges(brandt_corpus: Any) -> None:
    articles, entities = brandt_corpus
    brandt = FusedActor(
        "act_brandt",
        "Aurel Brandt",
        "person",
        ("Aurel Brandt", "Aurel Brant", "Brandtt"),
        tuple(e.id for e in entities[:4]),
        (),
        dictionary_id="aurel-brandt",
    )
    hegset_article = _article("a5", "Norwegian journalist Henrik Hegset reported a strike.")
    hegset = _person(hegset_article, "Henrik Hegset")
    flagged = FusedActor(
        "act_hegset",
        "Henrik Hegset",
        "person",
        ("Henrik Hegset",),
        (hegset.id,),
        (),
        flags=("namesake: 'Henrik Hegset' is close to Pete Hegseth but is presented as journalist",),
    )
    brand = FusedActor(
        "act_brand",
        "Aurel Brand",
        "person",
        ("Aurel Brand",),
        (entities[4].id,),
        (),
        flags=("namesake: 'Aurel Brand' is close to Aurel Brandt but is presented as journalist",),
    )
    corpus = Corpus([*articles, hegset_article], entity=[*entities, hegset], actor=[brandt, flagged, brand])
    found = sorted((s.article_id, s.label, s.evidence[0].text) for s in find_anomalies(corpus))
    # Aurel Brand is not flagged: the article says he is no relation.
    assert found == [
        ("a3", "misspelling", "Aurel Brant"),
        ("a3", "misspelling", "Brandtt"),
        ("a5", "other_identity", "Henrik Hegset"),
    ]


@pytest.mark.parametrize(
    ("count", "interval"),
    [
        (Count(20, "killed", "at least"), (20, float("inf"))),
        (Count(40, "killed", "nearly"), (34, 40)),
        (Count(12, "killed"), (12, 12)),
        (Count(100, "killed", "up to"), (0, 100)),
    ],
)
def test_anomalies_read_hedged_counts_as_ranges(count: Count, interval: tuple[float, float]) -> None:
    assert count_interval(count) == pytest.approx(interval)


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        (Count(12, "killed"), Count(20, "killed", "at least"), True),
        (Count(27, "killed"), Count(20, "killed", "at least"), False),
        (Count(38, "killed"), Count(40, "killed", "nearly"), False),
        (Count(3, "killed"), Count(5, "killed"), True),
        (Count(100, "killed"), Count(102, "killed"), False),
    ],
)
def test_anomalies_counts_conflict_only_when_no_reading_agrees(a: Count, b: Count, conflict: bool) -> None:
    assert counts_conflict(a, b) is conflict
    assert counts_conflict(b, a) is conflict


def _event(article: Article, phrase: str, count: Count, eid: str) -> Event:
    start = article.text.index(phrase)
    return Event(
        id=eid,
        article_id=article.id,
        type="ASSAULT",
        actors=(ActorRef("navy", code="VLTMIL"),),
        recipients=(ActorRef("trawler", code="OST"),),
        evidence=(evidence_for(article, start, start + len(phrase)),),
        date="2031-03-04",
        counts=(count,),
    )


@pytest.mark.parametrize("with_clusters", [True, False])
def test_anomalies_flag_every_side_of_a_disputed_figure(with_clusters: bool) -> None:
    a = _article("a", "Twelve people were killed on the trawler.", "Sarn Herald")
    b = _article("b", "At least 20 people were killed on the trawler.", "Coastal Wire")
    c = _article("c", "At least 20 people were killed on the trawler, a copy says.", "Meridian Post", "b")
    d = _article("d", "Twenty-seven people are feared dead.", "Harbourline Daily")
    events = [
        _event(a, "Twelve people were killed", Count(12, "killed", "", "Twelve people"), "e1"),
        _event(
            b, "At least 20 people were killed", Count(20, "killed", "at least", "At least 20 people"), "e2"
        ),
        _event(
            c, "At least 20 people were killed", Count(20, "killed", "at least", "At least 20 people"), "e3"
        ),
        _event(d, "Twenty-seven people are feared dead", Count(27, "dead", "", "Twenty-seven people"), "e4"),
    ]
    clusters = (
        [EventCluster("clu", "ASSAULT", ("e1", "e2", "e3", "e4"), ("a", "b", "d"), ())]
        if with_clusters
        else []
    )
    signals = find_anomalies(Corpus([a, b, c, d], event=events, event_cluster=clusters))
    got = {s.article_id: s for s in signals if s.kind == "number_conflict"}
    # 12 contradicts everyone; "at least 20" and 27 agree with each other but not with 12.
    assert sorted(got) == ["a", "b", "c", "d"]
    assert got["a"].evidence[0].text == "Twelve people"
    assert "At least 20 people" in got["a"].detail
    assert "Twelve people" in got["d"].detail
    assert "At least 20" not in got["d"].detail
