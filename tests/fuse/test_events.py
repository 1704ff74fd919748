from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import pytest

from rashomon.fuse.corroboration import parse_divergence
from rashomon.fuse.events import EventFusionOptions, cluster_events, plan_refusion
from rashomon.model import ActorRef, Article, Count, Document, Event, FusedActor, record_id

OPTIONS = EventFusionOptions(encoder="hashing")

Maker = Callable[..., Document]


def report(
    make_article: Maker,
    text: str,
    outlet: str,
    published: str = "2031-03-05",
    *,
    type: str = "ASSAULT",
    date: str | None = "2031-03-04",
    precision: str = "day",
    actors: Sequence[tuple[str, str]] = (("Veltrian patrol vessel", "VELMIL"),),
    recipients: Sequence[tuple[str, str]] = (("Marit Solen", "OSTCIV"),),
    place: str = "Harn Bank",
    counts: Sequence[Count] = (),
    modality: str = "asserted",
    trigger: str = "fired",
    duplicate_of: str | None = None,
    entity_ids: Sequence[str] = (),
) -> tuple[Article, Event]:
    doc = make_article(text, outlet=outlet, published=published)
    article = doc.article
    if duplicate_of is not None:
        article = dataclasses.replace(article, duplicate_of=duplicate_of)
    refs = [ActorRef(n, code=c) for n, c in actors]
    if entity_ids:
        refs = [dataclasses.replace(r, entity_id=e) for r, e in zip(refs, entity_ids, strict=False)]
    event = Event(
        id=record_id("ev", article.id, type, date, text),
        article_id=article.id,
        type=type,
        actors=tuple(refs),
        recipients=tuple(ActorRef(n, code=c) for n, c in recipients),
        evidence=(doc.evidence(0, len(doc.text)),),
        date=date,
        date_precision=precision if date else "",
        place=place,
        counts=tuple(counts),
        modality=modality,
        trigger=trigger,
    )
    return article, event


def killed(value: float, qualifier: str = "") -> Count:
    return Count(value, "killed", qualifier)


@pytest.fixture
def strike(make_article: Maker) -> list[tuple[Article, Event]]:
    """The March 4 strike as five outlets tell it: four figures, a syndicated copy and a denial."""
    herald = report(
        make_article,
        "A naval vessel fired on the trawler Marit Solen. Twelve people were killed.",
        "Sarn Herald",
        "2031-03-04",
        counts=[killed(12)],
        actors=[("a naval vessel", "")],
    )
    wire = report(
        make_article,
        "At least 20 people were killed when a patrol vessel fired on the trawler.",
        "Coastal Wire",
        "2031-03-04",
        counts=[killed(20, "at least")],
    )
    copy = report(
        make_article,
        "At least 20 people were killed when a patrol vessel fired on the trawler!",
        "Meridian Post",
        "2031-03-05",
        counts=[killed(20, "at least")],
        duplicate_of=wire[0].id,
    )
    voice = report(
        make_article,
        "Nearly 40 fishermen were killed when a Veltrian warship fired on the Marit Solen.",
        "Ostmark Voice",
        counts=[killed(40, "nearly")],
        actors=[("Veltrian warship", "VELMIL")],
    )
    denial = report(
        make_article,
        "No Veltrian vessel fired on any fishing boat on 4 March.",
        "Veltria Today",
        modality="denied",
        place="",
        recipients=[("fishing boat", "")],
        actors=[("Veltrian vessel", "VELMIL")],
    )
    return [herald, wire, copy, voice, denial]


def fuse(pairs: Sequence[tuple[Article, Event]], **kwargs: object) -> list:
    return cluster_events([e for _, e in pairs], [a for a, _ in pairs], options=OPTIONS, **kwargs)


def test_events_one_strike_many_accounts_is_one_cluster(strike: list[tuple[Article, Event]]) -> None:
    [cluster] = fuse(strike)
    assert set(cluster.event_ids) == {e.id for _, e in strike}
    assert cluster.type == "ASSAULT"
    assert cluster.date == "2031-03-04"


def test_events_near_copy_counts_once_and_denial_disputes(strike: list[tuple[Article, Event]]) -> None:
    [cluster] = fuse(strike)
    herald, wire, copy, voice, denial = (a.id for a, _ in strike)
    assert set(cluster.sources) == {herald, wire, voice}  # the syndicated copy counts as its original
    assert copy in cluster.article_ids
    assert cluster.disputed_by == (denial,)


def test_events_divergent_counts_are_kept_side_by_side(strike: list[tuple[Article, Event]]) -> None:
    [cluster] = fuse(strike)
    herald, wire, copy, voice, denial = (a.id for a, _ in strike)
    values = dict(parse_divergence(v) for v in cluster.divergences["counts:killed"])
    assert values == {
        "12 killed": (herald,),
        "at least 20 killed": tuple(sorted((wire, copy))),
        "nearly 40 killed": (voice,),
    }
    modality = dict(parse_divergence(v) for v in cluster.divergences["modality"])
    assert modality["denied"] == (denial,)


def test_events_keep_every_merged_events_evidence(strike: list[tuple[Article, Event]]) -> None:
    [cluster] = fuse(strike)
    assert len(cluster.evidence) == len(strike)
    by_id = {a.id: a for a, _ in strike}
    for ev in cluster.evidence:
        assert by_id[ev.article_id].text[ev.start : ev.end] == ev.text


def test_events_one_day_apart_join_with_the_date_divergence(make_article: Maker) -> None:
    a = report(make_article, "A patrol vessel fired on the Marit Solen on Tuesday.", "Sarn Herald")
    b = report(
        make_article,
        "The March 3 sinking of the Marit Solen by a patrol vessel.",
        "Harbourline Daily",
        date="2031-03-03",
    )
    [cluster] = fuse([a, b])
    dates = dict(parse_divergence(v) for v in cluster.divergences["date"])
    assert dates == {"2031-03-04": (a[0].id,), "2031-03-03": (b[0].id,)}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"date": "2031-03-14"}, 2),  # ten days later, same actors: another incident
        ({"date": "2031-03-07"}, 2),  # three days later: beyond the tolerance
        ({"type": "SANCTION", "trigger": "sanctioned"}, 2),  # a different kind of event
        ({"type": "COERCE", "trigger": "seized"}, 1),  # a compatible type for the same incident
        ({"date": "2031-03", "precision": "month"}, 1),  # a month-precise date is compatible
        ({"date": None}, 1),  # undated, published the next day: compatible
        (
            {
                "actors": [("Lunesse coast guard", "LUNGOV")],
                "recipients": [("ferry", "LUNCIV")],
                "place": "Port Serrac",
            },
            2,
        ),  # same day and type, other actors in another place
    ],
)
def test_events_cluster_only_compatible_reports(make_article: Maker, change: dict, expected: int) -> None:
    a = report(make_article, "A patrol vessel fired on the Marit Solen near Harn Bank.", "Sarn Herald")
    b = report(
        make_article, "Shots were fired at the trawler Marit Solen near Harn Bank.", "Coastal Wire", **change
    )
    assert len(fuse([a, b])) == expected


def test_events_fused_actor_ids_link_different_names(make_article: Maker) -> None:
    a = report(
        make_article,
        "The Veltrian Navy fired on the trawler.",
        "Sarn Herald",
        actors=[("Veltrian Navy", "")],
        entity_ids=["ent_a"],
        place="",
        recipients=[],
    )
    b = report(
        make_article,
        "Vessen's sailors shot at the fishing boat.",
        "Coastal Wire",
        actors=[("Vessen's sailors", "")],
        entity_ids=["ent_b"],
        place="",
        recipients=[],
        trigger="shot",
    )
    unlinked = fuse([a, b])
    navy = FusedActor("act_navy", "Veltrian Navy", "ORG", (), ("ent_a", "ent_b"), ())
    linked = fuse([a, b], actors=[navy])
    assert len(linked) == 1
    assert len(unlinked) == 2
    assert [r.name for r in linked[0].actors] == ["Veltrian Navy"]


def test_events_incremental_refusion_touches_only_affected_blocks(
    make_article: Maker, strike: list[tuple[Article, Event]]
) -> None:
    other = report(
        make_article,
        "Lunesse froze the assets of three shipbuilders.",
        "Lunesse Observer",
        "2031-03-07",
        type="SANCTION",
        date="2031-03-07",
        actors=[("Lunesse", "LUN")],
        recipients=[("Veltria", "VEL")],
        place="Serrac",
        trigger="froze",
    )
    first = fuse([*strike[:3], other])
    everything = [*strike, other]
    plan = plan_refusion([e for _, e in everything], [a for a, _ in everything], first, options=OPTIONS)
    assert [c.type for c in plan.kept] == ["SANCTION"]  # the sanction's block is untouched
    new_ids = {strike[3][1].id, strike[4][1].id}
    assert new_ids <= {everything[i][1].id for i in plan.refuse}
    again = fuse([*strike, other], previous=first)
    full = fuse([*strike, other])
    assert sorted(map(sorted, (c.event_ids for c in again))) == sorted(
        map(sorted, (c.event_ids for c in full))
    )
    kept = next(c for c in again if c.type == "SANCTION")
    assert kept is next(c for c in first if c.type == "SANCTION")


def test_events_clusters_from_other_options_are_not_reused(strike: list[tuple[Article, Event]]) -> None:
    first = fuse(strike)
    plan = plan_refusion(
        [e for _, e in strike],
        [a for a, _ in strike],
        first,
        options=EventFusionOptions(encoder="hashing", min_score=0.7),
    )
    assert plan.kept == ()
    assert len(plan.refuse) == len(strike)


def test_events_removed_event_rebuilds_its_cluster(strike: list[tuple[Article, Event]]) -> None:
    first = fuse(strike)
    again = fuse(strike[:-1], previous=first)
    assert [len(c.event_ids) for c in again] == [4]
    assert again[0].disputed_by == ()
