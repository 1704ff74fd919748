import json
from pathlib import Path

import pytest

from rashomon.config import IngestOptions
from rashomon.ingest import Ingested, read_inputs
from rashomon.model import Rejection


def _read(*paths: Path, **opts: object) -> list[Ingested | Rejection]:
    return list(read_inputs([str(p) for p in paths], IngestOptions(**opts)))  # type: ignore[arg-type]


def test_ingest_plain_text_takes_first_short_line_as_title(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Strike reported at sea\r\nThe coast guard said 12 people died.  \n", encoding="utf-8")
    [item] = _read(f)
    assert isinstance(item, Ingested)
    assert item.article.title == "Strike reported at sea"
    assert item.article.text == "Strike reported at sea\nThe coast guard said 12 people died."
    assert item.article.id.startswith("art_")
    assert item.article.format == "txt"


def test_ingest_markdown_strips_markup_and_reads_date(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("# The **big** strike\n*Ostmark Voice — 2031-03-09*\n\nA [link](http://x) and `code`.\n")
    [item] = _read(f)
    assert isinstance(item, Ingested)
    assert item.article.title == "The big strike"
    assert item.article.published == "2031-03-09"
    assert item.article.outlet == "Ostmark Voice"
    assert "A link and code." in item.article.text
    assert "**" not in item.article.text


def test_ingest_html_extracts_body_and_metadata(tmp_path: Path) -> None:
    body = " ".join(["The navy said the patrol boat fired warning shots near the island on Monday."] * 4)
    html = f"""<html><head><title>Shots near Harn Island</title>
    <meta property="article:published_time" content="2031-03-14">
    <meta property="og:site_name" content="Coastal Wire"><meta name="author" content="J. Doe"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Shots near Harn Island</h1><p>{body}</p>
    <p>Officials gave no figure for casualties.</p></article>
    <footer>Copyright Coastal Wire. All rights reserved.</footer></body></html>"""
    f = tmp_path / "page.html"
    f.write_text(html)
    [item] = _read(f)
    assert isinstance(item, Ingested)
    a = item.article
    assert a.title == "Shots near Harn Island"
    assert a.published == "2031-03-14"
    assert a.outlet == "Coastal Wire"
    assert "warning shots" in a.text
    assert "All rights reserved" not in a.text
    assert "Home" not in a.text
    assert item.raw == html.encode()


def test_ingest_jsonl_reads_each_line_and_rejects_bad_ones(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    rows = [
        json.dumps(
            {
                "url": "https://x.example/1",
                "outlet": "X",
                "published": "2031-03-04T10:00:00Z",
                "title": "T",
                "text": "One.",
            }
        ),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Two.", "published": "last week"}),
        "",
    ]
    f.write_text("\n".join(rows), encoding="utf-8")
    items = _read(f)
    assert isinstance(items[0], Ingested)
    assert items[0].article.published == "2031-03-04"
    assert items[0].article.outlet == "X"
    assert items[0].article.source == f"{f}:1"
    assert [(r.source, r.reason) for r in items[1:] if isinstance(r, Rejection)] == [
        (f"{f}:2", "malformed JSON (Expecting property name enclosed in double quotes)"),
        (f"{f}:3", "no 'text' field"),
        (f"{f}:4", "'published' is not an ISO date ('last week')"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary file, not text"),
        ("latin1.txt", "Caf\u00e9 d\u00e9j\u00e0 vu".encode("latin-1"), "not valid UTF-8 (byte 3)"),
        ("doc.pdf", b"%PDF-1.4", "unknown format '.pdf'"),
        ("feed.jsonl", b"\n\n", "empty file"),
    ],
)
def test_ingest_rejects_bad_input_with_a_fix(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    [item] = _read(f)
    assert isinstance(item, Rejection)
    assert item.source == str(f)
    assert item.reason == reason
    assert item.fix


def test_ingest_rejects_oversized_file(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text("word " * 400)
    [item] = _read(f, max_bytes=1000)
    assert isinstance(item, Rejection)
    assert item.reason == "file is 0.0 MB, over the 0.001 MB limit"
    assert "max_bytes" in item.fix


def test_ingest_expands_folders_and_globs_and_reports_missing(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Alpha text here.")
    (tmp_path / "b.md").write_text("Beta text here.")
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    items = _read(tmp_path, tmp_path / "*.md", tmp_path / "missing.txt")
    texts = sorted(i.article.text for i in items if isinstance(i, Ingested))
    assert texts == ["Alpha text here.", "Beta text here."]  # b.md counted once
    [missing] = [i for i in items if isinstance(i, Rejection)]
    assert missing.reason == "no such file or folder"


def test_ingest_same_text_gets_same_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same story.\n")
    (tmp_path / "b.txt").write_text("\ufeffSame story.\r\n")
    a, b = _read(tmp_path / "a.txt", tmp_path / "b.txt")
    assert isinstance(a, Ingested)
    assert isinstance(b, Ingested)
    assert a.article.id == b.article.id


@pytest.mark.parametrize(
    ("byline", "outlet", "published"),
    [
        ("Veltria Today | Morning Briefing | 8 March 2031", "Veltria Today", "2031-03-08"),
        ("Sarn Herald — March 4, 2031", "Sarn Herald", "2031-03-04"),
        ("By Jane Roe", "", None),
        ("The navy said on March 4, 2031 that it had fired warning shots at the trawler.", "", None),
    ],
)
def test_ingest_text_byline_gives_outlet_and_date(
    tmp_path: Path, byline: str, outlet: str, published: str | None
) -> None:
    f = tmp_path / "a.txt"
    f.write_text(f"Reservists called up\n\n{byline}\n\nThe ministry announced a call-up.")
    [item] = _read(f)
    assert isinstance(item, Ingested)
    assert (item.article.outlet, item.article.published) == (outlet, published)


def test_ingest_jsonl_larger_than_max_bytes_is_read_line_by_line(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": f"Report number {i} from the strait."}) for i in range(40)]
    lines.append(json.dumps({"text": "word " * 300}))
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(f, max_bytes=1000)
    assert sum(isinstance(i, Ingested) for i in items) == 40
    [rejected] = [i for i in items if isinstance(i, Rejection)]
    assert (rejected.source, rejected.reason) == (f"{f}:41", "line is 0.0 MB, over the 0.001 MB limit")
