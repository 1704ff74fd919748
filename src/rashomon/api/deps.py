"""Request dependencies, as ``Annotated`` aliases for route signatures."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from rashomon.store import Store
from rashomon.web.jobs import JobRunner
from rashomon.web.security import require_writer

__all__ = ["JobsDep", "StoreDep", "WriterDep", "get_jobs", "get_store"]


def get_store(request: Request) -> Store:
    """Return the store the app was created with."""
    store: Store = request.app.state.store
    return store


def get_jobs(request: Request) -> JobRunner:
    """Return the app's pipeline job runner."""
    jobs: JobRunner = request.app.state.jobs
    return jobs


StoreDep = Annotated[Store, Depends(get_store)]
JobsDep = Annotated[JobRunner, Depends(get_jobs)]
#: The write token of a request allowed to change the store (401/403 otherwise).
WriterDep = Annotated[str, Depends(require_writer)]
