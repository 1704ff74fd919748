"""Shared fixtures: hand-built documents (no model), a fresh store, no network, the shared data."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from rashomon.ingest import article_id, normalize_text
from rashomon.model import Article, Document, Mention, Sentence, Token
from rashomon.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
DEMO = ROOT / "src" / "rashomon" / "data" / "demo"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow", action="store_true", default=False, help="also run tests that load real models"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="loads real models; run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


_SENT = re.compile(r"[^.!?]+(?:[.!?]+[’”\"']?|$)")
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*\.?|[^\w\s]")


def build_document(
    text: str,
    mentions: Sequence[tuple[str, str]] = (),
    published: str | None = None,
    title: str = "",
    outlet: str = "",
) -> Document:
    """Build an annotated document by hand: sentences split on . ! ?, tokens by regex, given mentions."""
    text = normalize_text(text)
    article = Article(id=article_id(text), text=text, title=title, outlet=outlet, published=published)
    sentences = []
    for m in _SENT.finditer(text):
        chunk = m.group(0)
        start = m.start() + (len(chunk) - len(chunk.lstrip()))
        end = m.end() - (len(chunk) - len(chunk.rstrip()))
        if end > start:
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    sent_of = lambda off: max([s.index for s in sentences if s.start <= off] or [0])  # noqa: E731
    tokens = tuple(
        Token(i, t.start(), t.end(), t.group(0), sentence=sent_of(t.start()))
        for i, t in enumerate(_TOKEN.finditer(text))
    )
    found: list[Mention] = []
    cursor: dict[str, int] = {}
    for surface, etype in mentions:
        start = text.index(surface, cursor.get(surface, 0))
        cursor[surface] = start + len(surface)
        found.append(Mention(surface, start, start + len(surface), sent_of(start), etype))
    doc = Document(
        article,
        sentences=tuple(sentences),
        tokens=tokens,
        mentions=tuple(sorted(found, key=lambda m: m.start)),
    )
    doc.assigned.update({"sentences", "tokens", "mentions"})
    return doc


@pytest.fixture
def make_article() -> Callable[..., Document]:
    """Build a :class:`Document` by hand (see :func:`build_document`)."""
    return build_document


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """A fresh SQLite store in a temporary folder."""
    s = SQLiteStore(tmp_path / "test.db")
    yield s
    s.close()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to open a network connection."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("test tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture
def seeds() -> Path:
    """The three seed articles in ../shared (skipped in a clone without it)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is absent (a user's clone); the demo corpus tests still run")
    return SEEDS


@pytest.fixture
def demo_corpus() -> Path:
    """The bundled demo corpus."""
    return DEMO
