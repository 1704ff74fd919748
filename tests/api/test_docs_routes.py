"""docs/api.md documents every route the app serves (API and pages)."""

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from starlette.routing import Mount

from rashomon.api import create_app
from rashomon.store import SQLiteStore

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _routes(routes: Iterable[Any]) -> Iterator[tuple[str, str]]:
    for route in routes:
        if hasattr(route, "original_router"):  # an included router
            yield from _routes(route.original_router.routes)
        elif isinstance(route, Mount):
            yield "GET", route.path + "/…"
        else:
            for method in sorted(route.methods - {"HEAD"}):
                yield method, route.path


def test_every_route_is_in_docs_api_md() -> None:
    text = DOC.read_text(encoding="utf-8")
    with SQLiteStore(":memory:") as store:
        routes = sorted(set(_routes(create_app(store, tokens=[]).routes)))
    assert len(routes) > 30
    missing = [f"{m} {p}" for m, p in routes if f"{m} {p}" not in text and f"`{p}`" not in text]
    assert missing == []


def test_no_route_loads_code_from_a_cdn() -> None:
    with SQLiteStore(":memory:") as store:
        paths = {p for _, p in _routes(create_app(store, tokens=[]).routes)}
    assert "/docs" not in paths
    assert "/redoc" not in paths
