"""The workbench pages. Each calls one ``store.queries`` function and renders it, or returns it as JSON.

Every page has a JSON twin: add ``?format=json`` to its URL (or call the matching
``/api/…`` route, which runs the same query). Templates autoescape everything; article
text reaches the page only as escaped text, and the server's Content-Security-Policy lets
no inline script run (see :mod:`rashomon.web.security`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from rashomon.report import build_report, render_html
from rashomon.store import Store
from rashomon.store import queries as q
from rashomon.web.jobs import JobRunner
from rashomon.web.security import TOKEN_COOKIE, safe_next, safe_url, token_matches, writer_token

__all__ = ["PAGES", "get_store", "render", "router", "templates"]

HERE = Path(__file__).parent
#: Page paths (as routed) → what they show; docs/api.md documents each.
PAGES = {
    "/": "Overview: what the store holds",
    "/events": "Timeline of events",
    "/events/{event_id}": "One event, its accounts side by side",
    "/actors": "Canonical actors",
    "/actors/{actor_id}": "One actor and where it appears",
    "/network": "Stance network",
    "/claims": "Claims with support and contradiction",
    "/claims/{claim_id}": "One claim cluster",
    "/sources": "Outlets and their sourcing profiles",
    "/sources/{outlet}": "One outlet: articles, signals, persuasion spans",
    "/articles": "Articles",
    "/articles/{article_id}": "One article with every record highlighted",
    "/search": "Full-text search",
    "/ingest": "Add articles",
    "/jobs/{job_id}": "Progress of a pipeline job",
    "/api": "The HTTP API reference (from the OpenAPI document)",
}

router = APIRouter(include_in_schema=False)


def get_store(request: Request) -> Store:
    """Return the store the app was created with."""
    store: Store = request.app.state.store
    return store


def get_jobs(request: Request) -> JobRunner:
    """Return the app's job runner."""
    jobs: JobRunner = request.app.state.jobs
    return jobs


Store_ = Annotated[Store, Depends(get_store)]
Jobs_ = Annotated[JobRunner, Depends(get_jobs)]


def _url(path: str, **params: Any) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "", False)}
    return path + ("?" + urlencode(clean, doseq=True) if clean else "")


def _article_url(article_id: str, hl: str | None = None, sentence: int | None = None) -> str:
    return _url(f"/articles/{quote(article_id, safe='')}", hl=hl) + (
        f"#s{sentence}" if sentence is not None else ""
    )


def _evidence_url(ev: dict[str, Any], record_id: str | None = None) -> str:
    return _article_url(ev["article_id"], record_id, ev.get("sentence_index"))


def _record_url(kind: str, record: dict[str, Any]) -> str:
    rid = quote(str(record.get("id", "")), safe="")
    if kind in ("event", "event_cluster"):
        return f"/events/{rid}"
    if kind in ("claim", "claim_cluster"):
        return f"/claims/{rid}"
    if kind == "actor":
        return f"/actors/{rid}"
    if kind == "entity" and record.get("actor_id"):
        return f"/actors/{quote(record['actor_id'], safe='')}"
    return f"/records/{rid}"


def _outlet_url(outlet: str | None) -> str:
    return "/sources/" + quote(q.outlet_key(outlet), safe="")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _count(c: dict[str, Any]) -> str:
    parts = [c.get("qualifier") or "", _num(c.get("value")), c.get("unit") or ""]
    return " ".join(p for p in parts if p)


def _day(value: str) -> dt.date | None:
    """Return the first day of an ISO date, month or year (``2031-03`` → 2031-03-01), else ``None``."""
    parts = value[:10].split("-")
    parts += ["01"] * (3 - len(parts))
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _strip(by_date: list[dict[str, Any]], width: int = 1000, height: int = 64) -> dict[str, Any]:
    """Lay out the timeline strip: one bar per date at its place in time (an SVG in viewBox units)."""
    days = [(d, n, _day(d)) for d, n in ((b["date"], b["n"]) for b in by_date)]
    days = [x for x in days if x[2] is not None]
    if not days:
        return {"bars": [], "ticks": [], "width": width, "height": height}
    first, last = days[0][2], days[-1][2]
    assert first is not None
    assert last is not None
    span = max((last - first).days, 1)
    top = max(n for _, n, _ in days)
    slot = width / (span + 1)
    bar_w = max(3.0, min(slot * 0.8, 40.0))
    bars = []
    for date, n, day in days:
        assert day is not None
        x = (day - first).days * slot + (slot - bar_w) / 2
        h = max(4.0, (height - 18) * n / top)
        bars.append({"date": date, "n": n, "x": round(x, 1), "w": round(bar_w, 1), "h": round(h, 1)})
    ticks = [{"x": bars[0]["x"], "label": days[0][0], "anchor": "start"}]
    if len(bars) > 1:
        ticks.append({"x": round(bars[-1]["x"] + bar_w, 1), "label": days[-1][0], "anchor": "end"})
    return {"bars": bars, "ticks": ticks, "width": width, "height": height}


templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.globals.update(
    url=_url,
    article_url=_article_url,
    evidence_url=_evidence_url,
    record_url=_record_url,
    outlet_url=_outlet_url,
    safe_url=safe_url,
    record_label=q.record_label,
    date_strip=_strip,
)
templates.filters.update(pct=_pct, num=_num, count=_count, quote_path=lambda s: quote(str(s), safe=""))


def _wants_json(request: Request) -> bool:
    return request.query_params.get("format") == "json"


def render(request: Request, template: str, data: Any, status: int = 200, **context: Any) -> Response:
    """Render ``template`` with ``data`` and ``context``, or return ``data`` as JSON for ``?format=json``."""
    if _wants_json(request):
        return JSONResponse(jsonable_encoder(data), status_code=status)
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    html = templates.get_template(template).render(
        data=data,
        path=request.url.path,
        params=dict(params),
        json_url=request.url.path + "?" + urlencode([*params, ("format", "json")]),
        writer=writer_token(request) is not None,
        writes_enabled=bool(request.app.state.tokens),
        **context,
    )
    return HTMLResponse(html, status_code=status)


def _missing(what: str, key: str, listing: str) -> HTTPException:
    return HTTPException(404, f"no {what} {key!r} in this store; see the list at {listing}")


@router.get("/")
def overview_page(request: Request, store: Store_) -> Response:
    """The overview: counts, date range, outlets, recent runs."""
    return render(request, "index.html", q.overview(store))


@router.get("/events")
def events_page(request: Request, store: Store_, flt: Annotated[q.EventFilter, Query()]) -> Response:
    """The timeline of fused events, filtered."""
    return render(
        request, "events.html", q.timeline(store, flt), actors=q.actors(store, q.ActorFilter(limit=500))
    )


@router.get("/events/{event_id}")
def event_page(request: Request, store: Store_, event_id: str) -> Response:
    """One event with its accounts side by side."""
    view = q.event_view(store, event_id)
    if view is None:
        raise _missing("event", event_id, "/events")
    return render(request, "event.html", view)


@router.get("/actors")
def actors_page(request: Request, store: Store_, flt: Annotated[q.ActorFilter, Query()]) -> Response:
    """Canonical actors."""
    return render(request, "actors.html", q.actors(store, flt))


@router.get("/actors/{actor_id}")
def actor_page(request: Request, store: Store_, actor_id: str) -> Response:
    """One actor: merged entities, events, quotes, claims, stances."""
    view = q.actor_view(store, actor_id)
    if view is None:
        raise _missing("actor", actor_id, "/actors")
    return render(request, "actor.html", view)


@router.get("/network")
def network_page(request: Request, store: Store_) -> Response:
    """The stance network (drawn by static/network.js from /api/stances/graph)."""
    return render(request, "network.html", q.stance_graph(store))


@router.get("/claims")
def claims_page(request: Request, store: Store_, flt: Annotated[q.ClaimFilter, Query()]) -> Response:
    """Claims with support, contradiction and independence."""
    return render(request, "claims.html", q.claims(store, flt))


@router.get("/claims/{claim_id}")
def claim_page(request: Request, store: Store_, claim_id: str) -> Response:
    """One claim cluster: supporting and contradicting claims side by side."""
    view = q.claim_view(store, claim_id)
    if view is None:
        raise _missing("claim", claim_id, "/claims")
    return render(request, "claim.html", view)


@router.get("/sources")
def sources_page(request: Request, store: Store_) -> Response:
    """Outlets with their sourcing profiles."""
    return render(request, "sources.html", q.sources(store))


@router.get("/sources/{outlet:path}")
def source_page(request: Request, store: Store_, outlet: str) -> Response:
    """One outlet: its articles' profiles, signals and persuasion spans."""
    view = q.source_view(store, outlet)
    if view is None:
        raise _missing("outlet", outlet, "/sources")
    return render(request, "source.html", view)


@router.get("/articles")
def articles_page(request: Request, store: Store_, flt: Annotated[q.ArticleFilter, Query()]) -> Response:
    """Articles, newest first."""
    return render(request, "articles.html", q.articles(store, flt))


@router.get("/articles/{article_id}")
def article_page(request: Request, store: Store_, article_id: str, hl: str | None = None) -> Response:
    """One article with every extracted record highlighted; ``hl`` marks one record's evidence."""
    view = q.article_view(store, article_id, hl)
    if view is None:
        raise _missing("article", article_id, "/articles")
    return render(request, "article.html", view)


@router.get("/search")
def search_page(request: Request, store: Store_, flt: Annotated[q.SearchFilter, Query()]) -> Response:
    """Full-text search across articles, quotes and claims."""
    return render(request, "search.html", q.search(store, flt))


@router.get("/records/{record_id}")
def record_page(request: Request, store: Store_, record_id: str) -> Response:
    """Open the page that shows record ``record_id`` best (its event, claim, actor or article)."""
    where = q.locate_record(store, record_id)
    if where is None:
        raise _missing("record", record_id, "/search")
    if _wants_json(request):
        return JSONResponse(where)
    target = {
        "event": f"/events/{quote(where['id'], safe='')}",
        "claim": f"/claims/{quote(where['id'], safe='')}",
        "actor": f"/actors/{quote(where['id'], safe='')}",
    }.get(where["page"]) or _article_url(where["article_id"], record_id, where["sentence_index"])
    return RedirectResponse(target, status_code=303)


@router.get("/ingest")
def ingest_page(request: Request, jobs: Jobs_) -> Response:
    """The form to upload files or paste an article, with recent jobs."""
    data = {"jobs": [j.to_dict() for j in jobs.jobs()[:10]], "max_bytes": request.app.state.max_file_bytes}
    return render(request, "ingest.html", data)


@router.get("/jobs/{job_id}")
def job_page(request: Request, jobs: Jobs_, job_id: str) -> Response:
    """Progress of one pipeline job (the page refreshes itself until the job ends)."""
    job = jobs.get(job_id)
    if job is None:
        raise _missing("job", job_id, "/ingest")
    return render(request, "job.html", job.to_dict())


@router.get("/api")
def api_page(request: Request) -> Response:
    """The HTTP API reference, rendered from the app's OpenAPI document (its JSON twin is /openapi.json)."""
    spec = request.app.openapi()
    routes = [
        {"path": path, "method": method.upper(), **op}
        for path, methods in spec["paths"].items()
        for method, op in methods.items()
    ]
    return render(request, "api.html", {"info": spec["info"], "routes": routes})


@router.get("/login")
def login_page(request: Request, token: str | None = None, next: str | None = None) -> Response:
    """The login form; ``?token=`` (the link ``rashomon serve`` prints) logs in directly."""
    if token is not None:
        return _login(request, token, next)
    return render(request, "login.html", {"next": safe_next(next)})


@router.post("/login")
def login_form(
    request: Request, token: Annotated[str, Form(max_length=500)], next: Annotated[str, Form()] = "/"
) -> Response:
    """Check the token and keep it in an HttpOnly, SameSite=Strict cookie."""
    return _login(request, token, next)


def _login(request: Request, token: str, next_: str | None) -> Response:
    if not token_matches(token, request.app.state.tokens):
        data = {"next": safe_next(next_), "error": "That token is not one of this server's write tokens."}
        return render(request, "login.html", data, status=403)
    response = RedirectResponse(safe_next(next_), status_code=303)
    response.set_cookie(
        TOKEN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=30 * 24 * 3600,
    )
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    """Forget the browser's write token."""
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(TOKEN_COOKIE)
    return response


#: The report is one self-contained page with an inline stylesheet and no script.
REPORT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
)


@router.get("/report")
def report_page(store: Store_) -> Response:
    """The self-contained report of the store (as ``rashomon report`` writes it)."""
    html = render_html(build_report(store))
    return HTMLResponse(html, headers={"Content-Security-Policy": REPORT_POLICY})
