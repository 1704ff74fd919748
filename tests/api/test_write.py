"""Write endpoints: ingest and overrides need a token; uploads are checked; bodies are capped."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rashomon.api import create_app
from rashomon.config import load_config
from rashomon.pipeline import load_builtin_stages
from rashomon.store import Store

TOKEN = "a-write-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def app_client(workbench: Store, tmp_path: Path) -> Iterator[TestClient]:
    """The app with one token and a pipeline without stages (ingest only: no model to load)."""
    load_builtin_stages()
    config = load_config(overrides={"pipeline": {"stages": []}, "ingest": {"max_bytes": 2_000}})
    app = create_app(
        workbench, tokens=[TOKEN], config=config, uploads_dir=tmp_path / "up", max_request_bytes=50_000
    )
    with TestClient(app) as c:
        yield c


def _finish(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    job = client.app.state.jobs.wait(body["job"]["id"])  # type: ignore[attr-defined]
    assert job is not None
    return client.get(body["url"]).json()


def test_ingest_pasted_text_adds_a_searchable_article(app_client: TestClient) -> None:
    text = "Harbour pilots in Lisport went on strike on Monday over unpaid wages, the union said."
    response = app_client.post(
        "/api/ingest",
        data={
            "text": text,
            "title": "Pilots strike in Lisport",
            "outlet": "Test Wire",
            "published": "2031-03-21",
        },
        headers=AUTH,
    )
    assert response.status_code == 202, response.text
    job = _finish(app_client, response.json())
    assert job["status"] == "done", job
    [new] = job["new_articles"]
    assert (new["title"], new["outlet"]) == ("Pilots strike in Lisport", "Test Wire")
    article = app_client.get(f"/api/articles/{new['id']}").json()["article"]
    assert (article["text"], article["published"]) == (text, "2031-03-21")
    hits = app_client.get("/api/search", params={"q": "pilots wages"}).json()["hits"]
    assert [h["id"] for h in hits] == [new["id"]]
    assert job["summary"].endswith("1 analyzed, 0 rejected")  # the stored articles were not re-analysed
    assert app_client.get("/api/counts").json()["quote"] == 6


def test_ingest_uploaded_files_and_json_body(app_client: TestClient) -> None:
    files = [
        (
            "files",
            ("brief.txt", b"Ferry talks resume\n\nTalks on the ferry line resumed in Serrac.", "text/plain"),
        ),
        (
            "files",
            (
                "../../etc/page.html",
                b"<html><title>Port news</title><body><p>Port of Edda reopens.</p></body></html>",
                "text/html",
            ),
        ),
    ]
    response = app_client.post("/api/ingest", files=files, headers=AUTH)
    job = _finish(app_client, response.json())
    assert len(job["new_articles"]) == 2
    assert job["inputs"] == ["brief.txt", "page.html"]  # no folders from the client's file name
    body = {"articles": [{"text": "Fishing boats returned to Port Edda on Sunday.", "title": "Boats return"}]}
    job = _finish(app_client, app_client.post("/api/ingest", json=body, headers=AUTH).json())
    assert [a["title"] for a in job["new_articles"]] == ["Boats return"]


@pytest.mark.parametrize(
    ("headers", "status", "message"),
    [
        ({}, 401, "needs a write token: send the header 'Authorization: Bearer TOKEN'"),
        ({"Authorization": "Bearer not-the-token-at-all"}, 403, "wrong write token"),
        ({"X-API-Token": TOKEN, "Content-Type": "text/plain"}, 415, "send multipart/form-data"),
    ],
)
def test_ingest_refuses_without_a_valid_token(
    app_client: TestClient, headers: dict[str, str], status: int, message: str
) -> None:
    response = app_client.post("/api/ingest", content=b"text", headers=headers)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_ingest_cookie_counts_only_from_the_same_site(app_client: TestClient) -> None:
    app_client.cookies.set("rashomon_token", TOKEN)
    data = {"text": "A short article about the strait."}
    cross = app_client.post("/api/ingest", data=data, headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    assert "cross-site request refused" in cross.json()["error"]
    fetch = app_client.post("/api/ingest", data=data, headers={"Sec-Fetch-Site": "cross-site"})
    assert fetch.status_code == 403
    hidden = app_client.post("/api/ingest", data=data, headers={"Origin": "null"})
    assert hidden.status_code == 403
    same = app_client.post("/api/ingest", data=data, headers={"Origin": "http://testserver"})
    assert same.status_code == 202
    browser_form = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    form = app_client.post("/api/ingest", data=data, headers=browser_form)
    assert form.status_code == 202


def test_writes_are_disabled_without_tokens(workbench: Store) -> None:
    with TestClient(create_app(workbench, tokens=[])) as c:
        response = c.post("/api/overrides", json={}, headers=AUTH)
    assert response.status_code == 403
    assert "restart it with --token TOKEN" in response.json()["error"]


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("report.pdf", b"%PDF-1.7 ...", 415, "unsupported file type '.pdf'; upload .htm, .html"),
        ("report.txt", b"%PDF-1.7 binary", 415, "report.txt is a PDF, not text"),
        ("photo.html", b"\x89PNG\r\n\x1a\n....", 415, "photo.html is a PNG image"),
        ("blob.txt", b"abc\x00\x01\x02def", 415, "blob.txt is binary"),
        ("big.txt", b"word " * 500, 413, "over the 0.002 MB limit per file"),
        ("empty.md", b"   \n", 400, "empty.md is empty"),
    ],
)
def test_ingest_checks_each_upload(
    app_client: TestClient, name: str, data: bytes, status: int, message: str
) -> None:
    response = app_client.post("/api/ingest", files=[("files", (name, data, "text/plain"))], headers=AUTH)
    assert response.status_code == status
    assert message in response.json()["error"]
    assert app_client.get("/api/jobs").json() == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "nothing to ingest"),
        ({"text": "Some text.", "published": "5 March"}, "'published' must be a date written YYYY-MM-DD"),
    ],
)
def test_ingest_rejects_bad_forms(app_client: TestClient, fields: dict[str, str], message: str) -> None:
    response = app_client.post("/api/ingest", data=fields or {"title": "x"}, headers=AUTH)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_request_body_limit(app_client: TestClient) -> None:
    response = app_client.post("/api/ingest", data={"text": "x" * 60_000}, headers=AUTH)
    assert response.status_code == 413
    assert "request body over the 0.05 MB limit" in response.json()["error"]


def test_browser_form_is_redirected_to_the_job_page(app_client: TestClient) -> None:
    response = app_client.post(
        "/api/ingest",
        data={"text": "Coast guard ends the search for the missing crew."},
        headers={**AUTH, "Accept": "text/html"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/jobs/job_")
    page = app_client.get(response.headers["location"])
    assert page.status_code == 200
    assert "Job job_" in page.text


def test_override_split_refuses_the_merge_and_is_kept(app_client: TestClient, workbench: Store) -> None:
    body = {
        "kind": "actor",
        "subject": "Aurel Brant",
        "object": "Aurel Brandt",
        "action": "split",
        "note": "typo?",
    }
    response = app_client.post("/api/overrides", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["job"]["kind"] == "refresh"
    [saved] = workbench.overrides("actor")
    assert (saved["subject"], saved["object"], saved["action"], saved["note"]) == (
        "Aurel Brant",
        "Aurel Brandt",
        "split",
        "typo?",
    )
    actors = [
        a for a in workbench.records("actor") if "Aurel Brant" in a.aliases or "Aurel Brandt" in a.aliases
    ]
    assert len(actors) == 2  # re-fused at once: no actor holds both names
    brandt = next(a for a in actors if a.name == "Aurel Brandt")
    view = app_client.get(f"/api/actors/{brandt.id}").json()
    assert view["overrides"][0]["subject"] == "Aurel Brant"


def test_override_names_must_be_known(app_client: TestClient) -> None:
    body = {"kind": "actor", "subject": "Nobody Atall", "object": "Aurel Brandt", "action": "split"}
    response = app_client.post("/api/overrides", json=body, headers=AUTH)
    assert response.status_code == 422
    assert "no stored actor is named 'Nobody Atall'" in response.json()["error"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"kind": "actor", "subject": "a", "object": "b", "action": "delete"},
            "action: Input should be 'split' or 'merge'",
        ),
        ({"kind": "widget", "subject": "a", "object": "b", "action": "split"}, "kind: Input should be"),
        (
            {"kind": "actor", "subject": "a", "object": "a", "action": "split"},
            "subject and object are the same id",
        ),
        ({"kind": "actor", "subject": "a", "action": "split"}, "object: Field required"),
    ],
)
def test_override_validation_names_the_fix(
    app_client: TestClient, body: dict[str, str], message: str
) -> None:
    response = app_client.post("/api/overrides", json=body, headers=AUTH)
    assert response.status_code == 422
    assert message in response.json()["error"]


def test_override_form_from_the_actor_page_redirects_back(app_client: TestClient) -> None:
    app_client.cookies.set("rashomon_token", TOKEN)
    form = {
        "kind": "actor",
        "subject": "Aurel Brant",
        "object": "Aurel Brandt",
        "action": "split",
        "next": "/actors/act_brandt",
    }
    response = app_client.post("/api/overrides", data=form, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/actors/act_brandt")
    evil = app_client.post(
        "/api/overrides", data={**form, "next": "//evil.example/x"}, follow_redirects=False
    )
    assert evil.headers["location"] == "/"


def test_login_sets_a_strict_httponly_cookie(app_client: TestClient) -> None:
    wrong = app_client.post("/login", data={"token": "nope-nope-nope"}, follow_redirects=False)
    assert wrong.status_code == 403
    ok = app_client.post("/login", data={"token": TOKEN, "next": "/ingest"}, follow_redirects=False)
    assert (ok.status_code, ok.headers["location"]) == (303, "/ingest")
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    link = app_client.get(f"/login?token={TOKEN}&next=https://evil.example", follow_redirects=False)
    assert link.headers["location"] == "/"
    assert "ingest-form" in app_client.get("/ingest").text
