"""Read queries shared by the HTTP API and the web workbench: each page and its JSON twin call these.

Every function takes a :class:`~rashomon.store.base.Store` and returns JSON-ready data
(dataclasses of dictionaries and lists). Filters are pydantic models, so the API and the
web pages validate query parameters the same way. The queries use only the ``Store``
interface, so they work the same on SQLite and PostgreSQL; the SQL stays in the back ends.
"""

from rashomon.store.queries._common import UNKNOWN_OUTLET, Filter, Page, outlet_key
from rashomon.store.queries.actors import (
    ActorFilter,
    ActorView,
    StanceGraph,
    actor_view,
    actors,
    stance_graph,
)
from rashomon.store.queries.articles import ArticleFilter, ArticleView, article_view, articles, record_label
from rashomon.store.queries.claims import ClaimFilter, ClaimView, claim_view, claims
from rashomon.store.queries.events import EventFilter, EventView, event_view, timeline
from rashomon.store.queries.records import RecordFilter, kind_name, locate_record, overview, records
from rashomon.store.queries.search import SearchFilter, SearchPage, search
from rashomon.store.queries.sources import SourceView, source_view, sources

__all__ = [
    "UNKNOWN_OUTLET",
    "ActorFilter",
    "ActorView",
    "ArticleFilter",
    "ArticleView",
    "ClaimFilter",
    "ClaimView",
    "EventFilter",
    "EventView",
    "Filter",
    "Page",
    "RecordFilter",
    "SearchFilter",
    "SearchPage",
    "SourceView",
    "StanceGraph",
    "actor_view",
    "actors",
    "article_view",
    "articles",
    "claim_view",
    "claims",
    "event_view",
    "kind_name",
    "locate_record",
    "outlet_key",
    "overview",
    "record_label",
    "records",
    "search",
    "source_view",
    "sources",
    "stance_graph",
    "timeline",
]
