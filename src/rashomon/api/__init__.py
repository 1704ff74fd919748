"""The HTTP API (FastAPI) and the workbench that shares its queries."""

from rashomon.api.app import create_app

__all__ = ["create_app"]
