"""Every quote and reported statement of the three seed articles and key demo cases, checked by reading."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from rashomon.extract.entities import group_entities
from rashomon.extract.quotes import extract_quotes
from rashomon.model import Article, Document, Quote

pytestmark = pytest.mark.slow


def _quotes(text: str) -> tuple[Quote, ...]:
    from rashomon.nlp.parse import parse_text

    doc = Document(Article(id="seed", text=text), **parse_text([text])[0])
    doc.entities = group_entities(doc)
    return extract_quotes(doc)


def _has(quotes: tuple[Quote, ...], speaker: str, content: str, kind: str | None = None) -> bool:
    return any(
        speaker.casefold() in q.speaker.name.casefold()
        and content in " ".join(q.content.split())
        and (kind is None or q.speaker.type == kind)
        for q in quotes
    )


def _known_miss(speaker: str, content: str, why: str) -> object:
    return pytest.param(speaker, content, None, marks=pytest.mark.xfail(strict=True, reason=why))


SEED_001 = [
    ("Henrik Hegset", "a ship with drug terrorists", "person"),
    ("Henrik Hegset", "the incident has reignited speculation", "person"),
    ("Maria Lopez", "This strike signals a shift in strategy", "person"),
    ("Maria Lopez", "The U.S. is no longer content with diplomatic pressure alone.", "person"),
    ("foreign ministry", "a provocation that threatens regional stability", "organization"),
    (
        "officials in Colombia and Brazil",
        "any escalation could destabilize the entire Caribbean",
        "collective",
    ),
    ("José Mendez", "The U.S. must remember that the Caribbean is not a blank canvas", "person"),
    ("José Mendez", "Every action has consequences", "person"),
    ("A number of experts", "the U.S. military is preparing for the start of an operation", "collective"),
    ("leaked intelligence reports", "the U.S. has been conducting covert training exercises", "document"),
    ("Thomas Carter", "This is not just about drugs", "person"),
    ("Thomas Carter", "It’s about establishing a foothold", "person"),
    ("most analysts", "hinges on a single factor", "collective"),
    ("Maria Lopez", "The U.S. has the military capability to take control of Venezuela", "person"),
    ("Maria Lopez", "But they also have the political will", "person"),
    ("Thomas Carter", "the risk of war increases dramatically", "person"),
    ("France", "concerns over the potential for conflict", None),
    ("French officials", "a violation of international law and a dangerous precedent", "collective"),
    (
        "French Ministry of Foreign Affairs",
        "France has always advocated for peaceful resolution",
        "organization",
    ),
    ("French Ministry of Foreign Affairs", "Any unilateral military action by the U.S.", "organization"),
    ("experts", "the U.S. is likely to proceed in stages", "collective"),
    ("Maria Lopez", "First, they’ll target high-value drug trafficking operations", "person"),
    ("Maria Lopez", "Only after that would a full-scale invasion be considered", "person"),
    ("Thomas Carter", "Venezuela is a large country with a resilient population", "person"),
    ("Thomas Carter", "the war could last months, if not years", "person"),
]

SEED_000 = [
    ("Venezuelan think tank", "US Caribbean operation failed to meet key goals", None),
    ("Pete Hegsett", "humanitarian mission", "person"),
    (
        "Former military legal advisors",
        "orders such as “leave no survivors” were issued or approved",
        "collective",
    ),
    ("Lula da Silva", "a threat to regional peace", "person"),
    _known_miss("Gustavo Petro", "terrorism", "one-word partial quote on a second conjunct verb"),
    _known_miss(
        "Mexican government", "an immediate end to any armed threats", "'called for' is read as a call"
    ),
    ("Russia and China", "their support for Venezuela", "collective"),
    ("Vassily Nebenzia", "unprecedented pressure", "person"),
    ("Vassily Nebenzia", "any attack would be an “irreparable mistake", "person"),
    ("Beijing", "Venezuela’s internal issues must be resolved", None),
]

SEED_002 = [
    ("US State Department", "to create a legal and psychological basis", "organization"),
    ("independent experts", "the existence of a unified “cartel", "collective"),
    _known_miss(
        "independent experts", "the official narrative is more of a political label", "second conjunct cue"
    ),
    ("Venezuelan officials", "was designed to infiltrate the country", "collective"),
    ("Iran", "a direct violation of international law", None),
    ("Iran", "even the 1988 Convention on Narcotics Control does not authorize such a move", None),
    _known_miss("UN reports", "the White House’s claims", "negated 'do not confirm' is not read as a cue"),
]


def _seed(seeds: Path, prefix: str) -> str:
    [path] = sorted(seeds.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=8)
def _cached(text: str) -> tuple[Quote, ...]:
    return _quotes(text)


@pytest.fixture
def seed_quotes(seeds: Path) -> dict[str, tuple[Quote, ...]]:
    return {p: _cached(_seed(seeds, p)) for p in ("000", "001", "002")}


@pytest.mark.parametrize(("speaker", "content", "kind"), SEED_001)
def test_quotes_seed_001(seed_quotes, speaker, content, kind):
    assert _has(seed_quotes["001"], speaker, content, kind)


@pytest.mark.parametrize(("speaker", "content", "kind"), SEED_000)
def test_quotes_seed_000(seed_quotes, speaker, content, kind):
    assert _has(seed_quotes["000"], speaker, content, kind)


@pytest.mark.parametrize(("speaker", "content", "kind"), SEED_002)
def test_quotes_seed_002(seed_quotes, speaker, content, kind):
    assert _has(seed_quotes["002"], speaker, content, kind)


def test_quotes_seed_001_sources_and_evidence(seed_quotes):
    quotes = seed_quotes["001"]
    named = {q.speaker.name for q in quotes if q.speaker.type == "person"}
    assert {"Henrik Hegset", "Maria Lopez", "José Mendez", "Thomas Carter"} <= named
    assert len(quotes) > 10
    carter = next(q for q in quotes if q.speaker.name == "Thomas Carter")
    assert carter.speaker.credentials.startswith("retired U.S. General")
    report = next(q for q in quotes if q.speaker.type == "document")
    assert report.chain == ("leaked intelligence reports", "Gazeta.ru")
    assert not any(q.speaker.name == "U.S" for q in quotes)


DEMO = [
    (1, "Brandt", "We will not allow the strait to become a highway"),
    (2, "Dalvang", "Our fishermen have worked these waters for generations"),
    (2, "Lisk", "lawfully and with restraint"),
    (3, "Pieter Hallen", "They were fishermen, not smugglers"),
    (3, "Her office", "a deliberate act of aggression against civilians"),
    (4, "official", "20 bodies"),
    (6, "Admiralty", "an act of war in all but name"),
    (7, "ministry", "No Veltrian vessel fired on any fishing boat on 4 March"),
    (8, "Ane Kolstad", "My brother phoned me"),
    (11, "Elena Varga", "What we saw on Friday is the opening move of a blockade"),
    (11, "Elena Varga", "Brandt is not bluffing"),
    (11, "leaked reports obtained by the Gazette", "five Veltrian sailors were killed"),
    (11, "Aurel Brandt", "Veltria would sink any warship"),
    (12, "Brandt", "Veltria would sink any warship entering its waters"),
]


@pytest.fixture
def demo_quotes(demo_corpus: Path) -> dict[int, tuple[Quote, ...]]:
    lines = (demo_corpus / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    wanted = {n for n, _, _ in DEMO}
    return {n: _cached(json.loads(lines[n - 1])["text"]) for n in sorted(wanted)}


@pytest.mark.parametrize(("line", "speaker", "content"), DEMO)
def test_quotes_demo_corpus(demo_quotes, line, speaker, content):
    assert _has(demo_quotes[line], speaker, content)


def test_quotes_demo_varga_credentials(demo_quotes):
    varga = [q for q in demo_quotes[11] if q.speaker.name == "Elena Varga"]
    assert len(varga) >= 5
    assert varga[0].speaker.credentials == "a security analyst at the Institute for Strategic Horizons"
