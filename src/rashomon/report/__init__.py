"""The report: one self-contained HTML file (or Markdown) of everything the store holds.

Sections are registered in :mod:`rashomon.report.sections`; each gathers its data from the
store and renders through its own template, so a new kind of record adds a section
without touching the others.
"""

from rashomon.report import actors as _actors  # noqa: F401  (registers the "Actors" section)
from rashomon.report import divergence as _divergence  # noqa: F401  (registers "Where accounts diverge")
from rashomon.report import events as _events  # noqa: F401  (registers the events timeline section)
from rashomon.report import quotes as _quotes  # noqa: F401  (registers the quotes and claims sections)
from rashomon.report import sources as _sources  # noqa: F401  (registers the "Sources" section)
from rashomon.report import stances as _stances  # noqa: F401  (registers the "Stances" section)
from rashomon.report.build import ReportData, build_report, render_html, render_markdown, write_report
from rashomon.report.sections import SECTIONS, Section, section

__all__ = [
    "SECTIONS",
    "ReportData",
    "Section",
    "build_report",
    "render_html",
    "render_markdown",
    "section",
    "write_report",
]
