from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

from rashomon.extract.actors import resolve_actors
from rashomon.extract.entities import group_entities
from rashomon.fuse.actors import fuse_actors
from rashomon.model import Document
from rashomon.report import build_report, render_html, render_markdown
from rashomon.store import SQLiteStore


def _fill(store: SQLiteStore, make_article: Callable[..., Document]) -> None:
    run = store.start_run("[pipeline]\n")
    for text, mentions, published in [
        (
            "Veltria's defence minister Aurel Brant spoke. Insiders say Brandtt approved it.",
            [("Aurel Brant", "PERSON"), ("Brandtt", "PERSON")],
            "2031-03-05",
        ),
        (
            "Defence Minister Aurel Brandt warned Ostmark.",
            [("Aurel Brandt", "PERSON"), ("Ostmark", "GPE")],
            "2031-03-04",
        ),
        (
            "The Dutch journalist Aurel Brand reported from Ostmark.",
            [("Aurel Brand", "PERSON"), ("Ostmark", "GPE")],
            "2031-03-07",
        ),
    ]:
        doc = make_article(text, mentions=mentions, published=published, outlet="Wire")
        doc.entities = group_entities(doc)
        store.add_article(doc.article)
        store.save_article_records(
            doc.article.id,
            [("extract.actors.v1", e) for e in resolve_actors(doc)],
            "h",
            run,
            [(s.start, s.end) for s in doc.sentences],
        )
    store.replace_stage_records("fuse.actors.v1", fuse_actors(store), run)


def test_report_actors_section_shows_canonical_actors_flags_and_evidence(
    store: SQLiteStore, make_article: Callable[..., Document]
) -> None:
    _fill(store, make_article)
    soup = BeautifulSoup(render_html(build_report(store)), "html.parser")
    section = soup.select_one("section#actors")
    assert section is not None
    rows = {tr.td.b.text: tr for tr in section.select("tr") if tr.td is not None}
    assert next(iter(rows)) == "Aurel Brand"  # flagged actors first
    brandt = rows["Aurel Brandt"]
    cells = [td.get_text(" ", strip=True) for td in brandt.select("td")]
    assert cells[1] == "VLTMIL"
    assert cells[2] == "2"
    assert "Aurel Brant" in cells[3]
    assert "Brandtt" in cells[3]
    assert "Defence Minister of Veltria (2029-06-01 –" in cells[4]
    links = [a["href"] for a in brandt.select("a.ev")]
    assert len(links) == 2
    assert all(
        soup.select_one(href) is not None for href in links
    )  # each evidence link lands on its sentence
    assert "namesake: 'Aurel Brand' is close to Aurel Brandt" in rows["Aurel Brand"].get_text()


def test_report_actors_section_renders_markdown(
    store: SQLiteStore, make_article: Callable[..., Document], tmp_path: Path
) -> None:
    _fill(store, make_article)
    text = render_markdown(build_report(store))
    assert "## Actors\n" in text
    assert "| Aurel Brandt | person | VLTMIL | 2 |" in text


def test_report_leaves_the_actors_section_out_of_an_empty_store(store: SQLiteStore) -> None:
    assert "actors" not in [sec.anchor for sec, _ in build_report(store).sections]
