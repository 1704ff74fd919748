"""Report sections: each collects data from the store for its own HTML and Markdown templates."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rashomon.store import Store

__all__ = ["SECTIONS", "Section", "section"]


@dataclass(frozen=True, slots=True)
class Section:
    """A report section: an anchor, a title, its templates and the function that gathers its data.

    ``collect(store, context)`` returns the section's data, or ``None`` to leave the section
    out (nothing to show). ``context`` holds corpus-wide helpers (article titles, ordering).
    """

    anchor: str
    title: str
    order: int
    collect: Callable[[Store, dict[str, Any]], Any]

    @property
    def html_template(self) -> str:
        """The HTML template file of this section."""
        return f"_{self.anchor}.html.j2"

    @property
    def md_template(self) -> str:
        """The Markdown template file of this section."""
        return f"_{self.anchor}.md.j2"


SECTIONS: list[Section] = []


def section(
    anchor: str, title: str, order: int
) -> Callable[[Callable[[Store, dict[str, Any]], Any]], Callable[[Store, dict[str, Any]], Any]]:
    """Register the decorated function as the data collector of a report section."""

    def decorate(func: Callable[[Store, dict[str, Any]], Any]) -> Callable[[Store, dict[str, Any]], Any]:
        SECTIONS[:] = [s for s in SECTIONS if s.anchor != anchor]
        SECTIONS.append(Section(anchor, title, order, func))
        SECTIONS.sort(key=lambda s: s.order)
        return func

    return decorate


@section("overview", "Corpus overview", 10)
def collect_overview(store: Store, ctx: dict[str, Any]) -> dict[str, Any]:
    """Counts of articles, outlets, records and rejections, and the latest runs."""
    articles = ctx["articles"]
    outlets = Counter(a.outlet or "(unknown outlet)" for a in articles)
    dates = sorted(a.published for a in articles if a.published)
    return {
        "counts": store.counts(),
        "outlets": outlets.most_common(),
        "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None,
        "runs": store.runs()[:5],
        "rejections": store.rejections(),
    }


@section("articles", "Articles and near-duplicate groups", 20)
def collect_articles(store: Store, ctx: dict[str, Any]) -> dict[str, Any]:
    """Articles grouped with their near-copies; a group counts once as a source."""
    articles = ctx["articles"]
    copies: dict[str, list[Any]] = defaultdict(list)
    for a in articles:
        if a.duplicate_of:
            copies[a.duplicate_of].append(a)
    originals = [a for a in articles if not a.duplicate_of]
    return {"groups": [(a, copies.get(a.id, [])) for a in originals], "independent": len(originals)}


@section("entities", "Entities", 40)
def collect_entities(store: Store, ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Entities by name across articles, with every mention's evidence."""
    by_name: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for ent in store.records("entity"):
        by_name[(ent.name, ent.type)].append(ent)
    if not by_name:
        return None
    rows = sorted(by_name.items(), key=lambda kv: (-sum(len(e.mentions) for e in kv[1]), kv[0]))
    return {"rows": rows}
