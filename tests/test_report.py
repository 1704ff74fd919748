from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rashomon.errors import ConfigError
from rashomon.model import Article, Entity, Evidence, Mention, Quote, Rejection, Speaker
from rashomon.report import write_report
from rashomon.store import SQLiteStore

TEXT = "Strike at sea\n“We fired warning shots,” said Maria Lopez. <script>alert(1)</script> Lopez left."


@pytest.fixture
def filled(store: SQLiteStore) -> SQLiteStore:
    store.add_article(Article(id="art_1", text=TEXT, title="Strike <b>at</b> sea", outlet="Coastal Wire"))
    store.add_article(
        Article(id="art_2", text=TEXT + " Also.", title="Copy", duplicate_of="art_1", duplicate_score=0.93)
    )
    store.add_rejection(Rejection("bad.pdf", "unknown format '.pdf'", "convert it"))
    start = TEXT.index("Maria Lopez")
    ev = Evidence("art_1", 1, start, start + 11, "Maria Lopez")
    ent = Entity(
        "ent_1",
        "art_1",
        "Maria Lopez",
        "PERSON",
        ("Maria Lopez",),
        (Mention("Maria Lopez", start, start + 11, 1, "PERSON", "ent_1"),),
        (ev,),
    )
    q0 = TEXT.index("We fired")
    quote = Quote(
        "quo_1",
        "art_1",
        Speaker("Maria Lopez", "ent_1"),
        "said",
        "We fired warning shots,",
        True,
        (Evidence("art_1", 1, q0, q0 + 23, TEXT[q0 : q0 + 23]),),
    )
    s1 = TEXT.index("“")
    store.save_article_records(
        "art_1",
        [("e", ent), ("q", quote)],
        "h",
        store.start_run(""),
        [(0, 13), (s1, TEXT.index("Lopez left") - 1), (TEXT.index("Lopez left"), len(TEXT))],
    )
    return store


def test_report_html_links_every_item_to_its_sentence(filled: SQLiteStore, tmp_path: Path) -> None:
    out = write_report(filled, tmp_path / "r.html")
    soup = BeautifulSoup(out.read_text(), "html.parser")
    links = [a["href"] for a in soup.select("a.ev")]
    assert "#art_1-s1" in links
    target = soup.find(id="art_1-s1")
    assert target is not None
    assert "We fired warning shots" in target.get_text()
    assert soup.select_one("#quotes blockquote").get_text().startswith("“We fired warning shots,”")
    assert "near-copy of" in soup.find(id="art_2").get_text()
    assert "unknown format '.pdf'" in soup.find(id="overview").get_text()


def test_report_html_escapes_article_text(filled: SQLiteStore, tmp_path: Path) -> None:
    html = write_report(filled, tmp_path / "r.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Strike &lt;b&gt;at&lt;/b&gt; sea" in html
    assert "http://" not in html.replace("http://www.w3.org", "")  # self-contained: nothing to fetch


def test_report_markdown_lists_quotes_with_offsets(filled: SQLiteStore, tmp_path: Path) -> None:
    md = write_report(filled, tmp_path / "r.md").read_text()
    q0 = TEXT.index("We fired")
    assert f"> “We fired warning shots,” — Maria Lopez (said) [art_1 {q0}:{q0 + 23}]" in md
    assert "| Maria Lopez | PERSON | 1 | Maria Lopez |" in md


def test_report_refuses_unknown_suffix(filled: SQLiteStore, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"must end in \.html or \.md"):
        write_report(filled, tmp_path / "r.pdf")
