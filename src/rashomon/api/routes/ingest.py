"""Add articles over HTTP: upload files or send text; a background job runs the pipeline on them.

Uploads are checked before anything is stored: at most ``MAX_FILES`` files, each within the
store's ``[ingest] max_bytes``, with a known suffix and text content (a PDF, image or
archive renamed ``.txt`` is refused). The whole request is capped by the app's body limit.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from rashomon.api.deps import JobsDep, WriterDep
from rashomon.ingest.files import FORMATS
from rashomon.web.jobs import Job, PastedArticle

__all__ = ["MAX_FILES", "router"]

router = APIRouter(prefix="/api", tags=["ingest"])

#: Files one request may upload.
MAX_FILES = 50
#: Longest pasted text (characters) and longest metadata field.
MAX_TEXT_CHARS = 2_000_000
MAX_FIELD_CHARS = 2_000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Leading bytes of formats that are not article text, whatever their file name says.
_BINARY_MAGIC = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (or .docx/.odt)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x7fELF": "a program",
}
_SUFFIXES = ", ".join(sorted(FORMATS))
JSON_SHAPE = '{"articles": [{"text": "…", "title": "…", "outlet": "…", "published": "YYYY-MM-DD"}]}'


def _check_file(name: str, data: bytes, max_bytes: int) -> None:
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in FORMATS:
        raise HTTPException(
            415, f"{name}: unsupported file type {suffix or '(no suffix)'!r}; upload {_SUFFIXES} files"
        )
    if len(data) > max_bytes:
        raise HTTPException(
            413,
            f"{name} is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit per file; "
            "split it, or raise [ingest] max_bytes in the server's config",
        )
    if not data.strip():
        raise HTTPException(400, f"{name} is empty; give it article text")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise HTTPException(415, f"{name} is {what}, not text; save the article as .txt or .html first")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise HTTPException(415, f"{name} is binary, not text; save the article as .txt or .html first")


def _field(value: Any, name: str, limit: int = MAX_FIELD_CHARS) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise HTTPException(400, f"field {name!r} must be text")
    if len(value) > limit:
        raise HTTPException(413, f"field {name!r} has {len(value):,} characters, over the {limit:,} limit")
    return value.strip()


def _pasted(fields: dict[str, Any]) -> PastedArticle | None:
    text = _field(fields.get("text"), "text", MAX_TEXT_CHARS)
    if not text:
        return None
    published = _field(fields.get("published"), "published") or None
    if published and not _DATE.match(published):
        raise HTTPException(400, f"'published' must be a date written YYYY-MM-DD, not {published!r}")
    return PastedArticle(
        text=text,
        title=_field(fields.get("title"), "title"),
        outlet=_field(fields.get("outlet"), "outlet"),
        published=published,
        url=_field(fields.get("url"), "url"),
        author=_field(fields.get("author"), "author"),
    )


async def _read(request: Request, max_bytes: int) -> tuple[list[tuple[str, bytes]], list[PastedArticle]]:
    content_type = request.headers.get("content-type", "")
    files: list[tuple[str, bytes]] = []
    pasted: list[PastedArticle] = []
    if content_type.startswith("application/json"):
        try:
            body = json.loads(await request.body())
        except ValueError as exc:
            raise HTTPException(
                400, f'malformed JSON body ({exc}); send {{"articles": [{{"text": …}}]}}'
            ) from None
        items = body.get("articles") if isinstance(body, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise HTTPException(400, f"send {JSON_SHAPE}")
        for item in items:
            article = _pasted(item)
            if article is None:
                raise HTTPException(400, "every article needs a non-empty 'text'")
            pasted.append(article)
    elif content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        async with request.form(max_files=MAX_FILES, max_fields=50, max_part_size=4 * MAX_TEXT_CHARS) as form:
            uploads = [v for v in form.getlist("files") if isinstance(v, UploadFile) and v.filename]
            if len(uploads) > MAX_FILES:
                raise HTTPException(
                    413, f"{len(uploads)} files in one request; send at most {MAX_FILES} at a time"
                )
            for upload in uploads:
                data = await upload.read(max_bytes + 1)
                _check_file(upload.filename or "upload", data, max_bytes)
                files.append((upload.filename or "upload", data))
            article = _pasted({k: v for k, v in form.multi_items() if isinstance(v, str)})
        if article is not None:
            pasted.append(article)
    else:
        raise HTTPException(
            415,
            "send multipart/form-data (fields 'files' and/or 'text') or application/json {\"articles\": […]}",
        )
    if not files and not pasted:
        raise HTTPException(
            400, "nothing to ingest: attach files (field 'files') or paste text (field 'text')"
        )
    return files, pasted


def _job_body(job: Job) -> dict[str, Any]:
    return {"job": job.to_dict(), "url": f"/api/jobs/{job.id}", "page": f"/jobs/{job.id}"}


@router.post("/ingest", status_code=202)
async def ingest(request: Request, jobs: JobsDep, _: WriterDep) -> Response:
    """Queue uploaded files (``files``) and/or pasted text (``text``, ``title``, ``outlet``, ``published``).

    Also accepts JSON ``{"articles": [{"text", "title", "outlet", "published", "url", "author"}]}``.
    Needs a write token. Answers 202 with the job; follow ``url`` for progress. A browser form
    (``Accept: text/html``) is redirected to the job's page instead.
    """
    files, pasted = await _read(request, request.app.state.max_file_bytes)
    job = jobs.ingest(files, pasted)
    accept = request.headers.get("accept", "")
    if "text/html" in accept and "application/json" not in accept:
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)
    return JSONResponse(_job_body(job), status_code=202)


@router.get("/jobs")
def list_jobs(jobs: JobsDep) -> list[dict[str, Any]]:
    """Return the recent pipeline jobs, newest first."""
    return [j.to_dict() for j in jobs.jobs()]


@router.get("/jobs/{job_id}")
def get_job(jobs: JobsDep, job_id: str) -> dict[str, Any]:
    """Return one job's status and progress (``phase``, ``done``/``total``), and its result when done."""
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r} (jobs are kept in memory until the server stops)")
    return job.to_dict()
