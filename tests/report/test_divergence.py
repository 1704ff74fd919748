from __future__ import annotations

import dataclasses

from bs4 import BeautifulSoup

from rashomon.fuse.claims import ClaimFusionOptions, cluster_claims
from rashomon.fuse.events import EventFusionOptions, cluster_events
from rashomon.model import ActorRef, Article, Attribution, Claim, Count, Event, evidence_for, record_id
from rashomon.report import build_report, render_html, render_markdown
from rashomon.store import SQLiteStore


def killed(value: float, qualifier: str = "") -> Count:
    return Count(value, "killed", qualifier)


def report(
    make_article,
    text,
    outlet,
    published="2031-03-05",
    *,
    counts=(),
    modality="asserted",
    place="Harn Bank",
    duplicate_of=None,
):
    doc = make_article(text, outlet=outlet, published=published)
    article = dataclasses.replace(doc.article, duplicate_of=duplicate_of)
    event = Event(
        id=record_id("ev", article.id),
        article_id=article.id,
        type="ASSAULT",
        actors=(ActorRef("Veltrian patrol vessel", "VELMIL"),),
        recipients=(ActorRef("Marit Solen", "OSTCIV"),),
        evidence=(doc.evidence(0, len(doc.text)),),
        date="2031-03-04",
        date_precision="day",
        place=place,
        counts=tuple(counts),
        modality=modality,
        trigger="fired",
    )
    return article, event


def claim(article: Article, text: str) -> Claim:
    start = article.text.index(text)
    return Claim(
        record_id("clm", article.id, text),
        article.id,
        text,
        Attribution(article.id),
        (evidence_for(article, start, start + len(text)),),
    )


def fill(store: SQLiteStore, make_article) -> dict[str, str]:
    herald = report(
        make_article,
        "A naval vessel fired on the trawler Marit Solen. Twelve people were killed.",
        "Sarn Herald",
        "2031-03-04",
        counts=[killed(12)],
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
        counts=[killed(20, "at least")],
        duplicate_of=wire[0].id,
    )
    denial = report(
        make_article,
        "No Veltrian vessel fired on any fishing boat on 4 March.",
        "Veltria Today",
        modality="denied",
        place="",
    )
    pairs = [herald, wire, copy, denial]
    claims = [
        claim(herald[0], "Twelve people were killed."),
        claim(wire[0], "At least 20 people were killed"),
    ]
    run = store.start_run("")
    for article, event in pairs:
        store.add_article(article)
        extra = [c for c in claims if c.article_id == article.id]
        store.save_article_records(article.id, [("t", event), *[("t", c) for c in extra]], "h", run)
    clusters = cluster_events(
        [e for _, e in pairs], [a for a, _ in pairs], options=EventFusionOptions(encoder="hashing")
    )
    store.replace_stage_records("fuse.events.v1", clusters, run)
    cc = cluster_claims(claims, [a for a, _ in pairs], options=ClaimFusionOptions(encoder="hashing"))
    store.replace_stage_records("fuse.claims.v1", cc, run)
    return {"herald": herald[0].id, "denial": denial[0].id}


def test_divergence_section_shows_accounts_side_by_side(store: SQLiteStore, make_article) -> None:
    ids = fill(store, make_article)
    data = build_report(store)
    [value] = [v for s, v in data.sections if s.anchor == "divergence"]
    [event] = value["events"]
    assert {a.outlet for a in event.sources} == {"Sarn Herald", "Coastal Wire"}
    assert [a.role for a in event.accounts].count("disputes") == 1
    assert {a.outlet for a in event.disputed_by} == {"Veltria Today"}
    html = render_html(data)
    soup = BeautifulSoup(html, "html.parser")
    block = soup.select_one("#divergence")
    text = block.get_text(" ")
    assert "disputed by Veltria Today" in text
    assert "copy of Coastal Wire" in text
    assert "12 killed" in text
    assert "at least 20 killed" in text
    assert block.select(f'a.ev[href^="#{ids["herald"]}-s"]')
    md = render_markdown(data)
    assert "Where accounts diverge" in md
    assert "| Veltria Today |" in md
    assert "contradicts: conflicting figure" in md


def test_divergence_section_is_left_out_without_fused_records(store: SQLiteStore) -> None:
    data = build_report(store)
    assert all(s.anchor != "divergence" for s, _ in data.sections)
