"""The analyst's workbench: HTML pages over the same store queries as the API.

Pages live in :mod:`rashomon.web.views` (each with a ``?format=json`` twin), pipeline jobs
started from the browser in :mod:`rashomon.web.jobs`, and write tokens and the security
headers in :mod:`rashomon.web.security`. :func:`rashomon.api.create_app` serves them all.
"""

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"

__all__ = ["STATIC_DIR"]
