"""``create_app(store)``: the FastAPI application serving the API and the report."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from rashomon.api.routes import records
from rashomon.report import build_report, render_html
from rashomon.store import Store

__all__ = ["create_app"]


def create_app(store: Store) -> FastAPI:
    """Build the application over ``store``: JSON under ``/api``, the report at ``/``."""
    app = FastAPI(
        title="Rashomon", version="0.1.0", description="Sourced records from conflicting news accounts."
    )
    app.state.store = store
    app.include_router(records.router)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> str:
        return render_html(build_report(store))

    return app
