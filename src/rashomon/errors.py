"""Every exception Rashomon raises; each message names the fix.

Hierarchy::

    RashomonError
    ├── ConfigError            bad option, unknown stage, mis-ordered pipeline
    ├── IngestError            an input that cannot become an article
    │   ├── FetchError         a URL that could not be fetched
    │   └── ParseError         a file that is empty, binary, oversized or malformed
    ├── StageError             a stage failed on one article (carries stage and article id)
    ├── StoreError             the database could not be opened, migrated or written
    └── EvalError              gold data missing or malformed
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EvalError",
    "FetchError",
    "IngestError",
    "ParseError",
    "RashomonError",
    "StageError",
    "StoreError",
]


class RashomonError(Exception):
    """Base class of every error Rashomon raises on purpose."""


class ConfigError(RashomonError):
    """A configuration, option or pipeline order that cannot work."""


class IngestError(RashomonError):
    """An input that cannot become an article.

    Args:
        source: The file path or URL.
        reason: What is wrong, in a few words ("empty file").
        fix: What the user can do about it.
    """

    def __init__(self, source: str, reason: str, fix: str) -> None:
        super().__init__(f"{source}: {reason}; {fix}")
        self.source = source
        self.reason = reason
        self.fix = fix


class FetchError(IngestError):
    """A URL that could not be fetched."""


class ParseError(IngestError):
    """A file that is empty, binary, undecodable, oversized, malformed or of unknown format."""


class StageError(RashomonError):
    """A stage that failed on one article.

    Args:
        stage: The registered stage name.
        article_id: The article it failed on.
        message: What went wrong.
    """

    def __init__(self, stage: str, article_id: str, message: str) -> None:
        super().__init__(f"{stage} failed on article {article_id}: {message}")
        self.stage = stage
        self.article_id = article_id


class StoreError(RashomonError):
    """The store could not be opened, migrated or written."""


class EvalError(RashomonError):
    """Gold data missing or malformed."""
