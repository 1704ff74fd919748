"""Write tokens, the login cookie, and the headers that keep untrusted article text inert.

Reading is open; writing (ingest, overrides) needs one of the server's tokens, sent as
``Authorization: Bearer TOKEN`` or ``X-API-Token: TOKEN`` by scripts, or held in an
``HttpOnly``, ``SameSite=Strict`` cookie by a browser that logged in at ``/login``. A cookie
counts only on same-origin requests, so another site cannot make a visitor's browser write.

Every response carries a Content-Security-Policy that allows scripts and styles only from
the server's own ``/static`` files: even if some article text slipped past escaping, no
inline script, event handler or ``javascript:`` URL could run.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "SECURITY_HEADERS",
    "TOKEN_COOKIE",
    "load_tokens",
    "new_token",
    "require_writer",
    "safe_next",
    "safe_url",
    "token_matches",
    "writer_token",
]

#: Name of the cookie a browser holds its write token in.
TOKEN_COOKIE = "rashomon_token"
#: Environment variable with comma-separated write tokens.
TOKENS_ENV = "RASHOMON_API_TOKENS"
# Tokens shorter than this are refused: they could be guessed.
MIN_TOKEN_CHARS = 12

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Same-origin requests keep their Origin/Referer; links out to article sites send nothing.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def new_token() -> str:
    """Return a fresh random write token."""
    return secrets.token_urlsafe(24)


def load_tokens(tokens: Iterable[str] | None) -> frozenset[str]:
    """Return the write tokens: ``tokens`` if given, else those in ``$RASHOMON_API_TOKENS``.

    Raises:
        ValueError: for a token shorter than 12 characters.
    """
    if tokens is None:
        tokens = os.environ.get(TOKENS_ENV, "").split(",")
    found = frozenset(t.strip() for t in tokens if t.strip())
    short = [t for t in found if len(t) < MIN_TOKEN_CHARS]
    if short:
        raise ValueError(
            f"write tokens must have at least {MIN_TOKEN_CHARS} characters; "
            "make one with: python -c 'import secrets; print(secrets.token_urlsafe(24))'"
        )
    return found


def token_matches(token: str | None, tokens: frozenset[str]) -> bool:
    """Whether ``token`` is one of ``tokens`` (compared in constant time)."""
    if not token:
        return False
    return any(hmac.compare_digest(token.encode(), t.encode()) for t in tokens)


def _same_origin(request: Request) -> bool:
    """Whether a cookie-carrying request comes from this site's own pages.

    Browsers say so in ``Sec-Fetch-Site``; older ones in ``Origin`` (``null`` when they will not
    tell, which is refused). A request with neither is not from a browser form, so no cookie
    could have been sent for it by another site.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin != "null" and urlsplit(origin).netloc == request.headers.get("host", "")


def _presented(request: Request) -> tuple[str | None, str]:
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip(), "header"
    if request.headers.get("x-api-token"):
        return request.headers["x-api-token"].strip(), "header"
    return request.cookies.get(TOKEN_COOKIE), "cookie"


def writer_token(request: Request) -> str | None:
    """Return the valid write token the request carries (header, or same-origin cookie), else ``None``."""
    tokens: frozenset[str] = request.app.state.tokens
    token, where = _presented(request)
    if where == "cookie" and not _same_origin(request):
        return None
    return token if token_matches(token, tokens) else None


def require_writer(request: Request) -> str:
    """Return the request's write token, or raise the 401/403 that says how to get one.

    Raises:
        HTTPException: 403 when the server has no tokens or the token is wrong or cross-site,
            401 when the request carries none.
    """
    tokens: frozenset[str] = request.app.state.tokens
    if not tokens:
        raise HTTPException(
            403,
            "writing is disabled on this server: restart it with --token TOKEN "
            f"(or set {TOKENS_ENV}) to allow ingest and overrides",
        )
    token, where = _presented(request)
    if not token:
        raise HTTPException(
            401,
            "this endpoint changes the store and needs a write token: send the header "
            "'Authorization: Bearer TOKEN', or log in at /login in a browser",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if where == "cookie" and not _same_origin(request):
        raise HTTPException(403, "cross-site request refused: submit the form from the workbench itself")
    if not token_matches(token, tokens):
        raise HTTPException(
            403, "wrong write token: use one given to the server with --token or RASHOMON_API_TOKENS"
        )
    return token


def safe_url(url: Any) -> str | None:
    """Return ``url`` if it is an absolute http(s) URL, else ``None`` (never a ``javascript:`` link)."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def safe_next(target: str | None, default: str = "/") -> str:
    """Return ``target`` if it is a path on this server, else ``default`` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target
