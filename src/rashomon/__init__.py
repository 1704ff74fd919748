"""Rashomon: turn many conflicting news accounts of a crisis into one sourced picture.

The public API::

    from rashomon import Pipeline, open_store, load_config

    with open_store("crisis.db") as store:
        Pipeline(load_config()).run(["articles/"], store)
"""

import logging

from rashomon.config import Config, load_config
from rashomon.errors import ConfigError, IngestError, RashomonError, StageError, StoreError
from rashomon.model import (
    Article,
    Claim,
    Document,
    Entity,
    Event,
    Evidence,
    Quote,
    Signal,
    Stance,
)
from rashomon.pipeline import Pipeline, RunReport
from rashomon.registry import stage
from rashomon.store import Store, open_store

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Claim",
    "Config",
    "ConfigError",
    "Document",
    "Entity",
    "Event",
    "Evidence",
    "IngestError",
    "Pipeline",
    "Quote",
    "RashomonError",
    "RunReport",
    "Signal",
    "StageError",
    "Stance",
    "Store",
    "StoreError",
    "load_config",
    "open_store",
    "stage",
]
