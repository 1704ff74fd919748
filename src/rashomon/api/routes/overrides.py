"""User decisions that re-runs must respect, such as undoing a wrong actor merge."""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rashomon.api.deps import JobsDep, StoreDep, WriterDep
from rashomon.errors import ConfigError
from rashomon.fuse.actors import FusionOptions, apply_override
from rashomon.web.jobs import JobRunner
from rashomon.web.security import safe_next

__all__ = ["OverrideIn", "router"]

router = APIRouter(prefix="/api/overrides", tags=["overrides"])


class OverrideIn(BaseModel):
    """An override: ``split`` keeps ``subject`` and ``object`` apart, ``merge`` joins them.

    For actors, ``subject`` and ``object`` are two names the stored entities answer to (as
    ``rashomon actors split NAME_A NAME_B`` takes them): after a ``split``, no actor holds both.
    """

    model_config = ConfigDict(extra="forbid")

    kind: Literal["actor", "event_cluster", "claim_cluster"]
    subject: str = Field(min_length=1, max_length=200)
    object: str = Field(min_length=1, max_length=200)
    action: Literal["split", "merge"]
    note: str = Field(default="", max_length=1000)
    refresh: bool = Field(default=True, description="Re-run the corpus stages so the change shows.")


@router.get("")
def list_overrides(store: StoreDep, kind: str | None = None) -> list[dict[str, Any]]:
    """Return the recorded overrides (of one ``kind`` if given), oldest first."""
    return store.overrides(kind)


def _fusion_options(jobs: JobRunner) -> FusionOptions:
    """The server's options for actor fusion (the defaults when its pipeline does not fuse actors)."""
    config = jobs.config
    if config is not None and "fuse.actors.v1" in config.stages:
        options = config.options_for("fuse.actors.v1")
        if isinstance(options, FusionOptions):
            return options
    return FusionOptions()


def _problem(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "body"
        parts.append(f"{where}: {err['msg']}")
    return "invalid override (" + "; ".join(parts) + "); send kind, subject, object and action (split|merge)"


@router.post("", status_code=201)
async def add_override(request: Request, store: StoreDep, jobs: JobsDep, _: WriterDep) -> Response:
    """Record an override (JSON body, or a form from the workbench) and re-run the corpus stages.

    Needs a write token. Answers 201 with the override and the refresh job; a form with a
    ``next`` field is redirected there instead.
    """
    next_page: str | None = None
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            raw: Any = json.loads(await request.body())
        except ValueError as exc:
            raise HTTPException(400, f"malformed JSON body ({exc})") from None
    else:
        async with request.form(max_files=0, max_fields=20) as form:
            raw = {k: v for k, v in form.items() if isinstance(v, str)}
        next_page = raw.pop("next", None)
        raw["refresh"] = raw.get("refresh", "true") not in ("false", "0", "")
    try:
        body = OverrideIn.model_validate(raw)
    except ValidationError as exc:
        raise HTTPException(422, _problem(exc)) from None
    if body.subject == body.object:
        raise HTTPException(422, "subject and object are the same id; name two different records")
    if body.kind == "actor":
        # The actor fusion's own entry point: it checks both names, records the override and
        # re-fuses the actors at once, exactly as `rashomon actors split|merge` does.
        try:
            apply_override(store, body.subject, body.object, body.action, body.note, _fusion_options(jobs))
        except ConfigError as exc:
            raise HTTPException(422, str(exc)) from None
    else:
        store.add_override(body.kind, body.subject, body.object, body.action, body.note)
    job = jobs.refresh(f"{body.action} {body.subject} / {body.object}") if body.refresh else None
    if next_page is not None:
        return RedirectResponse(safe_next(next_page), status_code=303)
    payload = {"override": body.model_dump(exclude={"refresh"}), "job": job.to_dict() if job else None}
    return JSONResponse(payload, status_code=201)
