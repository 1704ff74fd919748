"""The read API over the workbench store (demo articles with hand-made records)."""

from typing import Any

import pytest

from rashomon.api import create_app


def _ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["items"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["evt_l1_launch", "evt_l2_threat", "ecl_marit_solen", "evt_l10_sanction", "evt_t1_callup"]),
        ({"type": "assault"}, ["ecl_marit_solen"]),
        ({"min_sources": 2}, ["ecl_marit_solen"]),
        ({"modality": "denied"}, ["ecl_marit_solen"]),
        ({"modality": "threatened"}, ["evt_l2_threat"]),
        ({"date_from": "2031-03-05"}, ["evt_l10_sanction", "evt_t1_callup"]),
        ({"date_from": "2031-03", "date_to": "2031-03-04"}, ["evt_l2_threat", "ecl_marit_solen"]),
        ({"actor": "act_brandt"}, ["ecl_marit_solen", "evt_t1_callup"]),
        ({"actor": "lunesse"}, ["evt_l10_sanction"]),
        ({"disputed": "true"}, ["ecl_marit_solen"]),
        ({"type": "", "actor": "", "min_sources": ""}, None),
    ],
)
def test_api_events_filter(client: Any, params: dict[str, Any], expected: list[str] | None) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    unfiltered = ["evt_l1_launch", "evt_l2_threat", "ecl_marit_solen", "evt_l10_sanction", "evt_t1_callup"]
    assert _ids(body) == (expected if expected is not None else unfiltered)
    assert body["total"] == len(_ids(body))


def test_api_events_paginate_with_total(client: Any) -> None:
    first = client.get("/api/events", params={"limit": 2}).json()
    second = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert (first["total"], second["total"]) == (5, 5)
    assert _ids(first) == ["evt_l1_launch", "evt_l2_threat"]
    assert _ids(second) == ["ecl_marit_solen", "evt_l10_sanction"]
    assert first["facets"]["types"]["MOBILIZE"] == 2


def test_api_event_shows_every_account_with_evidence(client: Any) -> None:
    body = client.get("/api/events/ecl_marit_solen").json()
    assert body["item"]["n_sources"] == 4
    assert len(body["accounts"]) == 6
    outlets = [a["article"]["outlet"] for a in body["accounts"]]
    assert outlets[:2] == ["Coastal Wire", "Sarn Herald"]  # by date, then outlet
    denial = next(a for a in body["accounts"] if a["event"]["id"] == "evt_l7_denial")
    assert denial["disputes"] is True
    ctx = denial["contexts"][0]
    assert ctx["match"] == "No Veltrian vessel fired on any fishing boat on 4 March."
    assert ctx["stale"] is False
    assert body["divergences"][0] == {
        "field": "counts",
        "values": ["12 killed", "at least 20 killed", "nearly 40 killed", "27 killed"],
    }


def test_api_event_by_member_id_opens_its_cluster(client: Any) -> None:
    body = client.get("/api/events/evt_l8_strike").json()
    assert body["item"]["id"] == "ecl_marit_solen"
    assert body["focus"] == "evt_l8_strike"


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/events?limit=999", 422, "query parameter 'limit': Input should be less than or equal to 500"),
        ("/api/events?date_from=March", 422, "query parameter 'date_from': String should match pattern"),
        ("/api/claims?status=maybe", 422, "query parameter 'status'"),
        ("/api/events/nope", 404, "no event 'nope'; list them at /api/events"),
        ("/api/records/widgets", 404, "unknown record kind 'widgets'; use one of entity, event"),
        ("/api/records/quote/quo_nope", 404, "no quote 'quo_nope'; list them at /api/records/quote"),
        ("/api/articles/art_nope", 404, "no article 'art_nope'; list them at /api/articles"),
    ],
)
def test_api_errors_name_the_fix(client: Any, url: str, status: int, message: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_api_records_by_kind_and_id(client: Any) -> None:
    page = client.get("/api/records/quotes", params={"limit": 2}).json()
    assert page["total"] == 6
    assert len(page["items"]) == 2
    one = client.get("/api/records/quote/quo_l1_brandt").json()
    assert one["record"]["speaker"]["name"] == "Aurel Brandt"
    assert one["location"]["page"] == "article"
    claim = client.get("/api/records/claim/clm_l8_rules").json()
    assert claim["record"]["kind"] == "factual"  # the record's own field, not the stored kind
    assert claim["location"]["page"] == "claim"


def test_api_actors_and_actor_view(client: Any) -> None:
    page = client.get("/api/actors", params={"type": "PERSON"}).json()
    assert _ids(page)[0] == "act_brandt"
    assert client.get("/api/actors", params={"flagged": "true"}).json()["items"][0]["id"] == "act_brand"
    view = client.get("/api/actors/ent_l8_brant").json()  # an entity id opens its actor
    assert view["item"]["id"] == "act_brandt"
    assert {e["id"] for e in view["entities"]} == {
        "ent_l1_brandt",
        "ent_l7_brandt",
        "ent_l8_brant",
        "ent_t1_brandt",
    }
    assert [e["id"] for e in view["events"]] == ["ecl_marit_solen", "evt_t1_callup"]
    assert [q["quote"]["id"] for q in view["quotes"]] == ["quo_l1_brandt"]


def test_api_stance_graph_aggregates_edges(client: Any) -> None:
    graph = client.get("/api/stances/graph").json()
    assert {n["label"] for n in graph["nodes"]} == {"Lunesse", "Ostmark", "Veltria", "Caldor"}
    edge = next(e for e in graph["edges"] if (e["source"], e["target"]) == ("act_caldor", "act_veltria"))
    assert (edge["polarity"], edge["count"], edge["dates"]) == ("support", 1, ["2031-03-07"])


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("all", ["ccl_death_toll", "clm_l8_rules", "clm_m1_opinion", "ccl_ambassador"]),
        ("disputed", ["ccl_death_toll"]),
        ("single-source", ["clm_l8_rules", "clm_m1_opinion"]),
        ("corroborated", ["ccl_ambassador"]),
    ],
)
def test_api_claims_filter_by_status(client: Any, status: str, expected: list[str]) -> None:
    assert _ids(client.get("/api/claims", params={"status": status}).json()) == expected


def test_api_claim_view_splits_support_and_contradiction(client: Any) -> None:
    view = client.get("/api/claims/ccl_death_toll").json()
    assert [m["claim"]["id"] for m in view["contradicts"]] == ["clm_l7_denial"]
    assert len(view["supports"]) == 4
    assert view["item"]["independent_sources"] == 3


def test_api_sources_profile_outlets(client: Any) -> None:
    outlets = {o["outlet"]: o for o in client.get("/api/sources").json()}
    assert outlets["Meridian Post"]["n_copies"] == 1
    harbour = client.get("/api/sources/Harbourline%20Daily").json()
    assert [r["signal"]["label"] for r in harbour["ratings"]] == ["mixed"]
    assert sorted(s["signal"]["kind"] for s in harbour["signals"]) == ["anonymous_source", "name_anomaly"]
    voice = client.get("/api/sources/Ostmark%20Voice").json()  # a news report and an opinion piece
    assert voice["outlet"]["technique_counts"]["Flag-waving"] == 1
    assert voice["outlet"]["profile"]["claims"] == 3
    assert voice["outlet"]["profile"]["shares"]["opinion_claims"] == 0.333


def test_api_article_cuts_text_into_highlighted_pieces(client: Any) -> None:
    aid = client.get("/api/records/quote/quo_l1_brandt").json()["record"]["article_id"]
    view = client.get(f"/api/articles/{aid}", params={"hl": "quo_l1_brandt"}).json()
    pieces = [p for para in view["paragraphs"] for run in para for p in run["pieces"]]
    assert "".join(p["text"] for p in pieces) == view["article"]["text"].replace("\n", "")
    quote = [p for p in pieces if "quo_l1_brandt" in p.get("records", [])]
    assert "".join(p["text"] for p in quote).startswith("We will not allow the strait")
    assert all(p["hl"] for p in quote)
    assert not any(p.get("hl") for p in pieces if "quo_l1_brandt" not in p.get("records", []))
    assert {r["id"] for r in view["records"]["quote"]} == {"quo_l1_brandt"}


@pytest.mark.parametrize(
    ("page", "api"),
    [
        ("/events?type=ASSAULT", "/api/events?type=ASSAULT"),
        ("/events/ecl_marit_solen", "/api/events/ecl_marit_solen"),
        ("/actors", "/api/actors"),
        ("/actors/act_brandt", "/api/actors/act_brandt"),
        ("/network", "/api/stances/graph"),
        ("/claims?status=disputed", "/api/claims?status=disputed"),
        ("/claims/ccl_ambassador", "/api/claims/ccl_ambassador"),
        ("/sources", "/api/sources"),
        ("/sources/Sarn%20Herald", "/api/sources/Sarn%20Herald"),
        ("/articles?outlet=Coastal%20Wire", "/api/articles?outlet=Coastal%20Wire"),
        ("/search?q=ambassador", "/api/search?q=ambassador"),
        ("/", "/api/overview"),
    ],
)
def test_every_page_has_a_json_twin(client: Any, page: str, api: str) -> None:
    sep = "&" if "?" in page else "?"
    twin = client.get(f"{page}{sep}format=json")
    assert twin.headers["content-type"] == "application/json"
    assert twin.json() == client.get(api).json()


def test_openapi_documents_every_api_route(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/events" in spec["paths"]
    assert "/api/ingest" in spec["paths"]
    assert "limit" in {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}


def test_app_refuses_short_tokens(workbench: Any) -> None:
    with pytest.raises(ValueError, match="at least 12 characters"):
        create_app(workbench, tokens=["short"])
