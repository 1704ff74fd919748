"""WARC archives (the Common Crawl News format) as an input source."""

import io
from pathlib import Path

import pytest

from rashomon.config import IngestOptions
from rashomon.ingest import Ingested, read_inputs
from rashomon.model import Rejection

pytest.importorskip("warcio", reason="WARC input needs the scale extra (warcio)")

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ARTICLE_HTML = """<html><head><title>Ceasefire holds in the Sarn Strait</title>
<meta property="og:site_name" content="Coastal Wire"></head><body><article>
<h1>Ceasefire holds in the Sarn Strait</h1>
<p>A UN-brokered ceasefire between Veltria and Ostmark took effect at midnight on Thursday, and the
strait was quiet through the day, according to coast guard officials on both sides of the water.</p>
<p>"It is a pause, not a peace," Ostmark Foreign Minister Henrik Dalvang told reporters in Kaldhavn,
adding that the search for the missing crew of the trawler Marit Solen would resume on Friday.</p>
<p>Veltria agreed to pull its patrol vessels back to its twelve-mile limit for the duration of the truce,
a concession that Ostmark had demanded since the deadly attack on the trawler earlier this month.</p>
</article></body></html>"""


def _response(writer: WARCWriter, uri: str, status: str, content_type: str, body: bytes) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": "2031-03-20T08:15:00Z"},
    )
    writer.write_record(record)


def _archive(path: Path) -> Path:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        get = StatusAndHeaders(
            "GET /truce HTTP/1.1", [("Host", "coastal-wire.example")], is_http_request=True
        )
        request = writer.create_warc_record(
            "https://coastal-wire.example/truce",
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=get,
        )
        writer.write_record(request)
        _response(
            writer,
            "https://coastal-wire.example/truce",
            "200 OK",
            "text/html; charset=utf-8",
            ARTICLE_HTML.encode(),
        )
        _response(writer, "https://coastal-wire.example/old", "301 Moved Permanently", "text/html", b"")
        _response(writer, "https://coastal-wire.example/logo.png", "200 OK", "image/png", b"\x89PNG....")
        _response(
            writer, "https://www.harbourline.example/", "200 OK", "text/html", b"<html><body></body></html>"
        )
        text = "Truce takes hold\n\nThe Sarn Strait was quiet on Thursday as the truce held, officials said."
        conversion = writer.create_warc_record(
            "https://www.harbourline.example/truce",
            "conversion",
            payload=io.BytesIO(text.encode()),
            length=len(text.encode()),
            warc_content_type="text/plain",
            warc_headers_dict={"WARC-Date": "2031-03-21T00:00:00Z"},
        )
        writer.write_record(conversion)
    return path


@pytest.mark.parametrize("name", ["news.warc.gz", "news.warc"])
def test_warc_pages_become_articles_and_other_records_are_skipped(tmp_path: Path, name: str) -> None:
    items = list(read_inputs([_archive(tmp_path / name)], IngestOptions()))
    articles = [i.article for i in items if isinstance(i, Ingested)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [a.format for a in articles] == ["warc", "warc"]
    page, plain = articles
    assert page.title == "Ceasefire holds in the Sarn Strait"
    assert page.url == "https://coastal-wire.example/truce"
    assert page.outlet == "Coastal Wire"
    assert page.published == "2031-03-20"  # the page names no date: the crawl date
    assert "It is a pause, not a peace" in page.text
    assert page.source.startswith(f"{tmp_path / name}#")
    assert plain.text.startswith("Truce takes hold")
    assert (plain.url, plain.outlet, plain.published) == (
        "https://www.harbourline.example/truce",
        "harbourline.example",
        "2031-03-21",
    )
    [rejected] = rejections
    assert rejected.source.startswith(f"{tmp_path / name}#")


def test_warc_records_are_found_in_folders(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    _archive(tmp_path / "crawl" / "a.warc.gz")
    items = list(read_inputs([tmp_path / "crawl"], IngestOptions()))
    assert sum(isinstance(i, Ingested) for i in items) == 2


def test_warc_rejects_a_file_that_is_not_an_archive(tmp_path: Path) -> None:
    bad = tmp_path / "bad.warc"
    bad.write_text("this is not a web archive\n")
    [rejected] = list(read_inputs([bad], IngestOptions()))
    assert isinstance(rejected, Rejection)
    assert rejected.reason == "not a WARC archive"
    assert rejected.fix == "give a .warc or .warc.gz file"
