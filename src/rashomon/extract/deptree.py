"""A sentence's dependency tree as the event stages walk it: heads, children, subtrees, spans.

Built from :class:`~rashomon.model.Token` records (model-independent), so hand-built
tokens in tests work the same as a spaCy parse. Token indices are article-wide.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from rashomon.model import Token

__all__ = ["SentenceTree"]

#: Dependency labels that attach a subject.
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "dative", "iobj"})
#: Labels through which a noun phrase continues (coordination, apposition).
CONJ_DEPS = frozenset({"conj", "appos"})


@dataclass
class SentenceTree:
    """The tokens of one sentence with their dependency links.

    Attributes:
        tokens: The sentence's tokens in order.
        parsed: Whether the tokens carry a dependency parse (hand-built tokens may not).
    """

    tokens: Sequence[Token]
    parsed: bool = False
    _by_i: dict[int, Token] = field(default_factory=dict, repr=False)
    _children: dict[int, list[Token]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, tokens: Sequence[Token]) -> SentenceTree:
        """Index ``tokens`` (one sentence) by position and by head."""
        tree = cls(tokens)
        tree._by_i = {t.i: t for t in tokens}
        tree.parsed = any(t.dep for t in tokens)
        for t in tokens:
            if t.head != t.i and t.head in tree._by_i:
                tree._children.setdefault(t.head, []).append(t)
        return tree

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def token(self, i: int) -> Token | None:
        """Return the token at article index ``i`` when it is in this sentence."""
        return self._by_i.get(i)

    def head(self, t: Token) -> Token | None:
        """Return the syntactic head of ``t`` (``None`` for the root)."""
        if t.head == t.i:
            return None
        return self._by_i.get(t.head)

    def children(self, t: Token, *deps: str) -> list[Token]:
        """Return the children of ``t``, only those with a label in ``deps`` when given."""
        kids = self._children.get(t.i, [])
        return [k for k in kids if k.dep in deps] if deps else list(kids)

    def child(self, t: Token, *deps: str) -> Token | None:
        """Return the first child of ``t`` with a label in ``deps``."""
        kids = self.children(t, *deps)
        return kids[0] if kids else None

    def subtree(self, t: Token, stop: frozenset[str] = frozenset()) -> list[Token]:
        """Return ``t`` and everything under it in text order, not descending into ``stop`` labels."""
        out = [t]
        stack = list(self._children.get(t.i, []))
        while stack:
            k = stack.pop()
            if k.dep in stop:
                continue
            out.append(k)
            stack.extend(self._children.get(k.i, []))
        out.sort(key=lambda x: x.i)
        return out

    def ancestors(self, t: Token) -> Iterator[Token]:
        """Yield the heads above ``t``, nearest first."""
        seen = {t.i}
        h = self.head(t)
        while h is not None and h.i not in seen:
            seen.add(h.i)
            yield h
            h = self.head(h)

    def span(self, tokens: Sequence[Token]) -> tuple[int, int]:
        """Return the character span (start, end) covering ``tokens``."""
        return min(t.start for t in tokens), max(t.end for t in tokens)

    def words(self, tokens: Sequence[Token]) -> frozenset[str]:
        """Return the upper-case lemmas and texts of ``tokens`` (what verb patterns match against)."""
        out: set[str] = set()
        for t in tokens:
            out.add(t.text.upper())
            if t.lemma:
                out.add(t.lemma.upper())
        return frozenset(out)

    def conjuncts(self, t: Token) -> list[Token]:
        """Return ``t`` and the tokens coordinated with it ("Russia and China" → both heads)."""
        out = [t]
        stack = self.children(t, "conj")
        while stack:
            k = stack.pop(0)
            out.append(k)
            stack.extend(self.children(k, "conj"))
        return out

    def is_passive(self, verb: Token) -> bool:
        """Whether ``verb`` is in the passive voice (has a passive subject or auxiliary)."""
        return bool(self.children(verb, "nsubjpass", "auxpass", "csubjpass"))
