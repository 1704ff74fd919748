"""The workbench pages, read with BeautifulSoup: content, links, empty states and hostile input."""

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from rashomon.api import create_app
from rashomon.model import Article, Entity, Evidence, Mention, Quote, Speaker
from rashomon.store import SQLiteStore

PAGES = [
    "/",
    "/events",
    "/events/ecl_marit_solen",
    "/actors",
    "/actors/act_brandt",
    "/network",
    "/claims",
    "/claims/ccl_death_toll",
    "/sources",
    "/sources/Harbourline%20Daily",
    "/articles",
    "/search?q=trawler",
    "/ingest",
    "/login",
]


def _soup(response: Any) -> BeautifulSoup:
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


@pytest.mark.parametrize("url", PAGES)
def test_page_renders_with_json_link_and_security_headers(client: Any, url: str) -> None:
    response = client.get(url)
    soup = _soup(response)
    json_link = soup.select_one("[data-testid=json-link]")
    assert json_link is not None
    assert "format=json" in json_link["href"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert all(s.get("src", "").startswith("/static/") for s in soup.find_all("script"))


def test_event_page_shows_accounts_side_by_side(client: Any) -> None:
    soup = _soup(client.get("/events/ecl_marit_solen"))
    accounts = soup.select("[data-testid=account]")
    assert len(accounts) == 6
    assert [a.select_one(".outlet").get_text() for a in accounts][:3] == [
        "Coastal Wire",
        "Sarn Herald",
        "Harbourline Daily",
    ]
    denial = soup.select_one("#acc-evt_l7_denial")
    assert "disputes" in denial["class"]
    assert (
        denial.select_one("blockquote.evidence mark").get_text()
        == "No Veltrian vessel fired on any fishing boat on 4 March."
    )
    link = denial.select_one("a.evlink")["href"]
    assert link.startswith("/articles/art_")
    assert "hl=evt_l7_denial" in link
    assert link.endswith("#s1")
    assert [c.get_text() for c in soup.select(".divergences tr:first-child .chip")] == [
        "12 killed",
        "at least 20 killed",
        "nearly 40 killed",
        "27 killed",
    ]


def test_evidence_link_lands_on_the_highlighted_sentence(client: Any) -> None:
    soup = _soup(client.get("/events/ecl_marit_solen"))
    href = soup.select_one("#acc-evt_l7_denial a.evlink")["href"]
    path, _, anchor = href.partition("#")
    article = _soup(client.get(path))
    sentence = article.find(id=anchor)
    assert sentence is not None
    assert "sent" in sentence["class"]
    marked = " ".join(m.get_text() for m in sentence.select("mark.hl"))
    assert "No Veltrian vessel fired on any fishing boat on 4 March." in marked
    assert article.select_one("li.hl")["data-rec"] == "evt_l7_denial"


def test_article_page_makes_every_record_clickable(client: Any) -> None:
    aid = client.get("/api/records/quote/quo_l1_brandt").json()["record"]["article_id"]
    soup = _soup(client.get(f"/articles/{aid}"))
    marked = {r for m in soup.select("#text mark.r") for r in m["data-r"].split()}
    listed = {li["data-rec"] for li in soup.select("aside.records li[data-rec]")}
    assert (
        marked
        == listed
        == {"ent_l1_brandt", "ent_l1_veltria", "ent_l1_ostmark", "evt_l1_launch", "quo_l1_brandt"}
    )
    assert soup.select_one("li#rec-evt_l1_launch a.more")["href"] == "/events/evt_l1_launch"
    assert soup.select_one("li#rec-ent_l1_brandt a.more")["href"] == "/actors/ent_l1_brandt"
    text = "".join(p.get_text() for p in soup.select("#text p"))
    assert text.startswith("VESSEN, Veltria — The Republic of Veltria")


def test_search_page_marks_matches(client: Any) -> None:
    soup = _soup(client.get("/search", params={"q": "recovered bodies"}))
    hits = soup.select("[data-testid=search-hits] li")
    assert hits
    assert {m.get_text().lower() for m in hits[0].select(".snippet mark")} == {"recovered", "bodies"}


def test_actor_page_offers_split_only_to_writers(client: Any) -> None:
    assert not _soup(client.get("/actors/act_brandt")).select("form[action='/api/overrides']")
    client.post("/login", data={"token": "test-write-token"})
    forms = _soup(client.get("/actors/act_brandt")).select("form[action='/api/overrides']")
    # One per mention group written under another name than the actor's (the most specific such name).
    pairs = [
        (f.select_one("input[name=subject]")["value"], f.select_one("input[name=object]")["value"])
        for f in forms
    ]
    assert pairs == [
        ("Brandt", "Aurel Brandt"),
        ("The Defence Minister", "Aurel Brandt"),
        ("Aurel Brant", "Aurel Brandt"),
    ]


def test_missing_pages_answer_404_in_html(client: Any) -> None:
    response = client.get("/events/nope", headers={"Accept": "text/html"})
    assert response.status_code == 404
    soup = BeautifulSoup(response.text, "html.parser")
    assert (
        "no event 'nope' in this store; see the list at /events"
        in soup.select_one("[data-testid=error]").get_text()
    )


@pytest.mark.parametrize(
    "url", ["/", "/events", "/actors", "/network", "/claims", "/sources", "/articles", "/search?q=x"]
)
def test_empty_store_pages_say_so(tmp_path: Path, url: str) -> None:
    with SQLiteStore(tmp_path / "empty.db") as store, TestClient(create_app(store, tokens=[])) as c:
        soup = _soup(c.get(url))
    assert soup.select_one(".empty") is not None, url


HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2"> and text'


@pytest.fixture
def hostile(tmp_path: Path) -> Any:
    """A store with an article whose every field tries to inject markup or script."""
    text = f'Breaking: {HOSTILE}. The minister said: "<svg onload=alert(1)>" was fine.'
    article = Article(
        id="art_hostile0000000",
        text=text,
        title='<img src=x onerror="window.pwned=3">Title',
        url="javascript:window.pwned=4",
        outlet='<b onmouseover="window.pwned=5">Evil Outlet</b>',
        published="2031-03-21",
    )
    start = text.index("<svg")
    quote = Quote(
        id="quo_hostile",
        article_id=article.id,
        speaker=Speaker(name='"><script>window.pwned=6</script>'),
        cue="said",
        content="<svg onload=alert(1)>",
        direct=True,
        evidence=(Evidence(article.id, 1, start, start + 21, text[start : start + 21]),),
    )
    e0 = text.index("<script>")
    entity = Entity(
        id="ent_hostile",
        article_id=article.id,
        name="<script>",
        type="ORG",
        aliases=("<script>",),
        mentions=(Mention("<script>", e0, e0 + 8, 0, "ORG"),),
        evidence=(Evidence(article.id, 0, e0, e0 + 8, "<script>"),),
    )
    store = SQLiteStore(tmp_path / "hostile.db")
    store.add_article(article)
    run = store.start_run("")
    store.save_article_records(
        article.id, [("s", quote), ("s", entity)], "h", run, [(0, e0 + 90), (e0 + 91, len(text))]
    )
    with TestClient(create_app(store, tokens=[])) as c:
        yield c
    store.close()


@pytest.mark.parametrize(
    "url",
    [
        "/articles/art_hostile0000000",
        "/articles",
        "/sources",
        "/search?q=script",
        "/search?q=minister",
        "/actors",
        "/",
    ],
)
def test_hostile_article_stays_text(hostile: Any, url: str) -> None:
    soup = _soup(hostile.get(url))
    assert [s.get("src") for s in soup.find_all("script")] == ["/static/app.js"]
    assert not soup.find_all(["img", "svg"], src="x")
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
        assert not str(tag.get("href", "")).lower().startswith("javascript:"), tag


def test_hostile_article_text_is_shown_escaped(hostile: Any) -> None:
    response = hostile.get("/articles/art_hostile0000000")
    assert "&lt;script&gt;" in response.text
    assert "window.pwned=1&lt;/script&gt;" in response.text
    soup = _soup(response)
    assert HOSTILE in soup.select_one("#text").get_text()
    assert (
        soup.select_one("[data-testid=article-title]").get_text()
        == '<img src=x onerror="window.pwned=3">Title'
    )
    assert "<svg onload=alert(1)>" in soup.select_one("#text").get_text()
    assert not soup.select("a[href^=javascript]")
