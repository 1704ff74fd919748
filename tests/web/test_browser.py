"""End to end in a real headless Chromium (Debian's, through Playwright): the workbench as an analyst uses it.

The server runs in a thread on a free port. Screenshots of the main pages go to
tests/screenshots/ (git-ignored) on every run. Without Chromium these tests skip with
the reason, or fail where $RASHOMON_REQUIRE_SERVICES is set (CI).
"""

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from rashomon.api import create_app
from rashomon.config import Config, load_config
from rashomon.pipeline import Pipeline, load_builtin_stages
from rashomon.store import SQLiteStore, Store

pytestmark = pytest.mark.browser
uvicorn = pytest.importorskip("uvicorn", reason="the web extra is not installed")

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "screenshots"
DEMO = ROOT / "src" / "rashomon" / "data" / "demo"
TOKEN = "browser-test-write-token"
HOSTILE_TITLE = '<img src=x onerror="window.pwned=1">Hostile title'
HOSTILE_TEXT = (
    "Officials said <script>window.pwned = 2; alert('x')</script> nothing.\n"
    '<a href="javascript:window.pwned=3">click</a> <svg onload="window.pwned=4"></svg> The end.'
)


@contextmanager
def _serve(store: Store, config: Config | None) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(store, tokens=[TOKEN], config=config)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def site(workbench_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The workbench (demo articles, hand-made records) served with a stage-less pipeline for uploads."""
    copy = tmp_path_factory.mktemp("site") / "site.db"
    shutil.copy(workbench_db, copy)
    load_builtin_stages()
    config = load_config(overrides={"pipeline": {"stages": []}})
    with SQLiteStore(copy) as store, _serve(store, config) as url:
        yield url


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser page that fails the test on any script error or dialog."""
    context = chromium.new_context(viewport={"width": 1360, "height": 900})
    p = context.new_page()
    problems: list[str] = []
    p.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    p.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    p.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    yield p
    context.close()
    assert problems == []


def _shot(page: Any, name: str, full: bool = True) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def _login(page: Any, site: str) -> None:
    page.goto(f"{site}/login")
    page.fill("input[name=token]", TOKEN)
    page.click("form.login button")
    page.wait_for_url(f"{site}/")


def test_browser_timeline_opens_an_event_with_accounts_side_by_side(page: Any, site: str) -> None:
    page.goto(f"{site}/")
    _shot(page, "overview")
    page.click("nav >> text=Timeline")
    page.wait_for_selector("[data-testid=event-card]")
    assert page.locator("[data-testid=event-card]").count() == 5
    _shot(page, "timeline")
    page.click("[data-testid=event-card] h3 a >> text=Marit Solen")
    page.wait_for_selector("[data-testid=account]")
    accounts = page.locator("[data-testid=account]")
    assert accounts.count() == 6
    first, second = accounts.nth(0).bounding_box(), accounts.nth(1).bounding_box()
    assert first["y"] == second["y"]
    assert second["x"] > first["x"] + first["width"] - 1
    assert "12 killed" in page.inner_text(".divergences")
    _shot(page, "event")


def test_browser_evidence_link_lands_on_the_highlighted_sentence(page: Any, site: str) -> None:
    page.goto(f"{site}/events/ecl_marit_solen")
    page.click("#acc-evt_l7_denial a.evlink")
    page.wait_for_url("**/articles/**#s1")
    target = page.locator(":target")
    assert target.get_attribute("id") == "s1"
    assert "No Veltrian vessel fired" in target.inner_text()
    box = target.bounding_box()
    assert 0 <= box["y"] < 900
    highlighted = page.locator("mark.hl").first
    assert highlighted.is_visible()
    assert (
        page.evaluate("getComputedStyle(document.querySelector('mark.hl')).backgroundColor")
        != "rgba(0, 0, 0, 0)"
    )
    _shot(page, "article", full=False)
    page.locator("#text mark.r.k-quote").first.click()
    assert page.locator("aside.records li.active").count() >= 1


def test_browser_search_finds_quotes_and_articles(page: Any, site: str) -> None:
    page.goto(f"{site}/events")
    page.fill(".topsearch input", "recovered bodies")
    page.press(".topsearch input", "Enter")
    page.wait_for_selector("[data-testid=search-hits] li")
    marks = page.locator("[data-testid=search-hits] .snippet mark").all_inner_texts()
    assert {m.lower() for m in marks} == {"recovered", "bodies"}
    _shot(page, "search")
    page.click("[data-testid=search-hits] li >> nth=0 >> a.title")
    page.wait_for_url("**/articles/**")
    assert page.locator("mark.hl").count() >= 1


def test_browser_upload_shows_progress_and_the_new_article(page: Any, site: str, tmp_path: Path) -> None:
    _login(page, site)
    page.click("nav >> text=Add articles")
    upload = tmp_path / "strait-brief.txt"
    upload.write_text(
        "Pilots return to work in Lisport\n\nHarbour pilots in Lisport ended their strike on Sunday.\n"
    )
    page.set_input_files("[data-testid=file-input]", str(upload))
    page.fill("input[name=title]", "Ferry line to Serrac reopens")
    page.fill("input[name=outlet]", "Browser Test Wire")
    page.fill("[data-testid=paste-text]", "The ferry line between Port Edda and Serrac reopened on Monday.")
    page.click("#ingest-form button[type=submit]")
    page.wait_for_selector("[data-testid=new-article] >> nth=1", timeout=60_000)
    titles = page.locator("[data-testid=new-article]").all_inner_texts()
    assert sorted(titles) == ["Ferry line to Serrac reopens", "Pilots return to work in Lisport"]
    assert "done" in page.inner_text("#job .status")
    _shot(page, "ingest")
    page.click("[data-testid=new-article] >> text=Ferry line to Serrac reopens")
    page.wait_for_selector("[data-testid=article-title]")
    assert page.inner_text("[data-testid=article-title]") == "Ferry line to Serrac reopens"
    page.goto(f"{site}/articles")
    assert "Ferry line to Serrac reopens" in page.inner_text("[data-testid=articles-table]")


def test_browser_hostile_article_cannot_run_script(page: Any, site: str) -> None:
    _login(page, site)
    page.goto(f"{site}/ingest")
    page.fill("input[name=title]", HOSTILE_TITLE)
    page.fill("input[name=outlet]", '<b onmouseover="window.pwned=5">Evil</b>')
    page.fill("[data-testid=paste-text]", HOSTILE_TEXT)
    page.click("#ingest-form button[type=submit]")
    link = page.wait_for_selector("[data-testid=new-article]", timeout=60_000)
    assert link.inner_text() == HOSTILE_TITLE
    link.click()
    page.wait_for_selector("[data-testid=article-text]")
    page.hover("[data-testid=article-title]")
    assert page.inner_text("[data-testid=article-title]") == HOSTILE_TITLE
    assert "<script>window.pwned = 2; alert('x')</script>" in page.inner_text("[data-testid=article-text]")
    for url in (page.url, f"{site}/articles", f"{site}/sources", f"{site}/search?q=officials"):
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.pwned") is None, url
        assert page.locator("#main script, #main img, #main svg[onload]").count() == 0, url


def test_browser_stance_network_is_drawn_and_interactive(page: Any, site: str) -> None:
    page.goto(f"{site}/network")
    page.wait_for_selector("#network[data-ready=true]", state="attached")
    assert page.locator("#network g.node").count() == 4
    assert page.locator("#network path.edge").count() == 5
    page.wait_for_timeout(800)
    _shot(page, "network")
    node = page.locator("#network g.node", has_text="Caldor")
    node.hover()
    assert "Caldor" in page.inner_text("#network-info")
    node.click()
    page.wait_for_url("**/actors/act_caldor")


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("actors", "/actors"),
        ("actor", "/actors/act_brandt"),
        ("claims", "/claims"),
        ("claim", "/claims/ccl_death_toll"),
        ("sources", "/sources"),
        ("source", "/sources/Ostmark%20Voice"),
        ("articles", "/articles"),
    ],
)
def test_browser_main_pages_render(page: Any, site: str, name: str, path: str) -> None:
    page.goto(f"{site}{path}")
    page.wait_for_load_state("load")
    assert page.locator("main h1").count() == 1
    _shot(page, name)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo corpus analysed by the real default pipeline, served as `rashomon demo` serves it."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    load_builtin_stages()
    with SQLiteStore(db) as store:
        Pipeline(load_config()).run([DEMO], store)
        with _serve(store, None) as url:
            yield url


@pytest.mark.slow
def test_browser_demo_corpus_with_the_real_pipeline(page: Any, demo_site: str) -> None:
    page.goto(f"{demo_site}/")
    assert page.inner_text(".tiles .tile >> nth=0").startswith("14")
    _shot(page, "demo-overview")
    page.goto(f"{demo_site}/events")
    cards = page.locator("[data-testid=event-card]")
    if cards.count():
        cards.first.locator("h3 a").click()
        page.wait_for_selector("[data-testid=account]")
        _shot(page, "demo-event")
    page.goto(f"{demo_site}/actors")
    assert page.locator("[data-testid=actor-card]").count() >= 10
    _shot(page, "demo-actors")
    page.click("[data-testid=actor-card] >> nth=0 >> h3 a")
    page.wait_for_selector("[data-testid=merged-entity]")
    _shot(page, "demo-actor")
    page.goto(f"{demo_site}/claims")
    _shot(page, "demo-claims")
    page.goto(f"{demo_site}/sources")
    _shot(page, "demo-sources")
    page.goto(f"{demo_site}/search?q=%22Marit+Solen%22")
    assert page.locator("[data-testid=search-hits] li").count() >= 5
    page.goto(f"{demo_site}/articles")
    page.click("[data-testid=article-link] >> text=Twelve dead after Ostmark trawler")
    page.wait_for_selector("#text mark.r")
    _shot(page, "demo-article")
    _login(page, demo_site)
    page.goto(f"{demo_site}/ingest")
    page.fill("input[name=title]", "Envoy meets both fleets")
    page.fill(
        "[data-testid=paste-text]",
        '"Both navies have agreed to keep their distance," the envoy Catarina Oduya said on Friday.',
    )
    page.click("#ingest-form button[type=submit]")
    page.wait_for_selector("[data-testid=new-article]", timeout=120_000)
    page.click("[data-testid=new-article]")
    page.wait_for_selector("[data-testid=article-text]")
    assert page.locator("aside.records li[data-rec]").count() >= 1
    # Undo a merge from the actor page: the split is recorded and the actors are re-fused at once.
    page.goto(f"{demo_site}/actors?q=Aurel+Brandt&type=PERSON")
    page.click("[data-testid=actor-card] h3 a >> text=Aurel Brandt")
    button = page.locator("[data-testid=merged-entity] form button").first
    name = button.inner_text().removeprefix("Split out “").removesuffix("”")
    button.click()
    page.wait_for_selector("text=Recorded decisions")
    assert f"“{name}” kept apart from “Aurel Brandt”" in page.inner_text("main")
    _shot(page, "demo-actor-split")
