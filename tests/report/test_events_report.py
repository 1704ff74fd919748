from rashomon.model import ActorRef, Article, Attribution, Count, Event, Evidence
from rashomon.report import build_report, render_html, render_markdown
from rashomon.report.events import collect_events, format_count
from rashomon.store import SQLiteStore

TEXT = "Veltria struck the trawler on March 4, killing nearly 40 fishermen. Later, talks began."
AID = "art_00000000000000e1"


def _event(date: str | None, type_: str = "ASSAULT", start: int = 0, end: int = 67) -> Event:
    return Event(
        id=f"evt_{type_}_{date}",
        article_id=AID,
        type=type_,
        actors=(ActorRef("Veltria", "VLT", "ent_1", 0, 7),),
        recipients=(ActorRef("trawler", "", None, 19, 26),),
        evidence=(Evidence(AID, 0, start, end, TEXT[start:end]),),
        cameo="18",
        intensity=-9.0,
        date=date,
        counts=(Count(40, "killed", "nearly", "nearly 40 fishermen"),),
        modality="alleged",
        reported_by=(Attribution(AID), Attribution(AID, "coast guard officials", "anonymous")),
        trigger="struck",
    )


def _store(store: SQLiteStore, events: list[Event]) -> SQLiteStore:
    store.add_article(Article(id=AID, text=TEXT, outlet="Sarn Herald", published="2031-03-05"))
    run = store.start_run("")
    store.save_article_records(AID, [("extract.events.v1", e) for e in events], "h", run, [(0, 67), (68, 87)])
    return store


def test_events_report_groups_by_date_undated_last(store: SQLiteStore) -> None:
    _store(store, [_event(None, "CONSULT", 68, 87), _event("2031-03-04")])
    data = collect_events(store, {"by_id": {a.id: a for a in store.articles()}})
    assert data is not None
    assert [day for day, _ in data["days"]] == ["2031-03-04", "undated"]
    row = data["days"][0][1][0]
    assert (row.actors, row.recipients, row.counts, row.outlet) == (
        "Veltria (VLT)",
        "trawler",
        "nearly 40 killed",
        "Sarn Herald",
    )
    assert row.sources == "coast guard officials (anonymous)"


def test_events_report_renders_timeline_with_evidence_links(store: SQLiteStore) -> None:
    _store(store, [_event("2031-03-04")])
    report = build_report(store)
    html = render_html(report)
    assert 'id="events"' in html
    assert "Events timeline" in html
    assert f'href="#{AID}-s0"' in html
    md = render_markdown(report)
    assert "| Veltria (VLT) → trawler | ASSAULT (CAMEO 18) “struck” | nearly 40 killed | alleged |" in md


def test_events_report_is_left_out_without_events(store: SQLiteStore) -> None:
    assert collect_events(store, {"by_id": {}}) is None


def test_format_count_reads_like_prose() -> None:
    assert format_count(Count(100, "killed", "nearly")) == "nearly 100 killed"
    assert format_count(Count(20, "injured", "between", low=20, high=30)) == "20–30 injured"
    assert (
        format_count(Count(20000, "troops", "tens of thousands", low=20000, high=90000))
        == "20,000–90,000 troops"
    )
