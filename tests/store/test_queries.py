"""The read queries behind the API and the pages give the same answers on both back ends."""

import pytest

from rashomon.store import Store
from rashomon.store import queries as q

pytestmark = pytest.mark.all_backends


def test_queries_timeline_and_event(seeded: Store) -> None:
    page = q.timeline(seeded, q.EventFilter(min_sources=2))
    assert [i["id"] for i in page.items] == ["ecl_marit_solen"]
    view = q.event_view(seeded, "ecl_marit_solen")
    assert view is not None
    assert [a["event"]["id"] for a in view.accounts] == [
        "evt_l4_strike",
        "evt_l3_strike",
        "evt_l8_strike",
        "evt_l5_strike",
        "evt_l6_strike",
        "evt_l7_denial",
    ]
    assert all(not ctx["stale"] for a in view.accounts for ctx in a["contexts"])


def test_queries_actors_claims_sources(seeded: Store) -> None:
    assert q.actors(seeded).items[0]["name"] == "Aurel Brandt"
    assert [i["status"] for i in q.claims(seeded).items] == [
        "disputed",
        "single-source",
        "single-source",
        "corroborated",
    ]
    assert [o["outlet"] for o in q.sources(seeded)][:2] == ["Coastal Wire", "Sarn Herald"]
    graph = q.stance_graph(seeded)
    assert len(graph.edges) == 5


def test_queries_search_and_locate(seeded: Store) -> None:
    page = q.search(seeded, q.SearchFilter(q="ambassador recalled", kind="claim"))
    assert {h["id"] for h in page.hits} == {"clm_l3_ambassador", "clm_l4_ambassador", "clm_l6_ambassador"}
    assert q.locate_record(seeded, "ent_l8_brant") == {
        "kind": "entity",
        "id": "act_brandt",
        "article_id": seeded.find_record("ent_l8_brant")[1]["article_id"],  # type: ignore[index]
        "sentence_index": 2,
        "page": "actor",
    }


def test_queries_group_entities_into_provisional_actors_before_fusion(seeded: Store) -> None:
    run = seeded.start_run("")
    seeded.replace_stage_records("fuse.actors.v1", [], run)
    items = q.actors(seeded).items
    brandt = [i for i in items if i["name"] == "Aurel Brandt"]
    assert len(brandt) == 1
    assert brandt[0]["provisional"] is True
    assert brandt[0]["n_articles"] == 3  # L1, L7, T1; the misspelt "Aurel Brant" stays apart
    view = q.actor_view(seeded, brandt[0]["id"])
    assert view is not None
    assert [e["id"] for e in view.events] == ["evt_t1_callup"]


def test_queries_singletons_when_nothing_is_fused(seeded: Store) -> None:
    run = seeded.start_run("")
    seeded.replace_stage_records("fuse.events.seed", [], run)
    seeded.replace_stage_records("fuse.claims.seed", [], run)
    assert q.timeline(seeded).total == 10
    assert {i["status"] for i in q.claims(seeded).items} == {"single-source"}
    copy = next(i for i in q.claims(seeded).items if i["id"] == "clm_l5_twenty")
    assert copy["independent_sources"] == 1


def test_queries_cache_is_dropped_after_a_write(seeded: Store) -> None:
    assert q.timeline(seeded).total == 5
    assert q.timeline(seeded).total == 5  # served from the cache
    seeded.replace_stage_records("fuse.events.seed", [], seeded.start_run(""))
    assert q.timeline(seeded).total == 10
    view = q.source_view(seeded, "Harbourline Daily")
    assert view is not None
    again = q.source_view(seeded, "Harbourline Daily")
    assert again is not None
    assert (
        again.outlet["signal_counts"]
        == view.outlet["signal_counts"]
        == {"name_anomaly": 1, "anonymous_source": 1}
    )
