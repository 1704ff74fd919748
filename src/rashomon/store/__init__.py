"""Store: the database behind every run (SQLite embedded by default). All SQL lives in this package."""

from rashomon.store.base import RecordRow, Store, StoredArticle, open_store
from rashomon.store.sqlite import SQLiteStore

__all__ = ["RecordRow", "SQLiteStore", "Store", "StoredArticle", "open_store"]
