"""Per-article entities: the mentions of one person, state or group within an article, grouped.

"Dr. Maria Lopez" … "Lopez" … "Dr. Lopez" become one entity named "Maria Lopez" with three
mentions and their evidence. Resolution across articles is ``fuse``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rashomon.model import Document, Entity, Mention, record_id
from rashomon.registry import stage

__all__ = ["EntityOptions", "canonical_key", "group_entities", "strip_title"]

#: Mention types that name actors or places (others, like LAW or EVENT, are kept when asked).
ACTOR_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "ROLE")

_TITLES = re.compile(
    r"^(?:(?:former|retired|acting|then|late|u\.s\.|us)\s+)*"
    r"(?:dr|mr|mrs|ms|prof|professor|gen|general|adm|admiral|col|colonel|lt|capt|captain|sgt|"
    r"president|vice president|prime minister|minister|secretary|senator|sen|rep|representative|"
    r"governor|gov|ambassador|judge|justice|king|queen|prince|sheikh|pope|chancellor|commander|"
    r"defense secretary|defence secretary|foreign minister|spokesperson|spokesman|spokeswoman)\.?\s+",
    re.I,
)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass(frozen=True, slots=True)
class EntityOptions:
    """Options of entity grouping.

    Attributes:
        types: Mention types that become entities.
        link_surnames: Link a one-word person mention ("Lopez") to an earlier full name
            ("Maria Lopez") in the same article.
    """

    types: tuple[str, ...] = ACTOR_TYPES
    link_surnames: bool = True


def strip_title(text: str) -> str:
    """Return ``text`` without a leading article, honorific or office ("Dr. Maria Lopez" → "Maria Lopez")."""
    text = _POSSESSIVE.sub("", text.strip())
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    previous = None
    while previous != text:
        previous = text
        text = _TITLES.sub("", text)
    return text.strip(" .,")


def canonical_key(text: str) -> str:
    """Return the grouping key of a mention: title-less, case-folded, single-spaced."""
    return " ".join(strip_title(text).casefold().split())


def _group(mentions: Iterable[Mention], options: EntityOptions) -> list[list[Mention]]:
    groups: dict[tuple[str, str], list[Mention]] = {}
    surname_owner: dict[str, tuple[str, str]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.type not in options.types:
            continue
        key = canonical_key(m.text)
        if not key:
            continue
        gkey = ("PERSON" if m.type == "PERSON" else m.type, key)
        words = key.split()
        if m.type == "PERSON" and options.link_surnames:
            if len(words) == 1 and words[0] in surname_owner:
                gkey = surname_owner[words[0]]
            elif len(words) > 1:
                surname_owner.setdefault(words[-1], gkey)
        groups.setdefault(gkey, []).append(m)
    return list(groups.values())


DEFAULT_OPTIONS = EntityOptions()


@stage("extract.entities.v1", requires=("mentions",), assigns=("entities",))
def group_entities(doc: Document, options: EntityOptions = DEFAULT_OPTIONS) -> tuple[Entity, ...]:
    """Group ``doc``'s mentions into one :class:`Entity` per person, organisation or place.

    Args:
        doc: A document whose mentions are set.
        options: See :class:`EntityOptions`.

    Returns:
        Entities in order of first mention, each with every mention's evidence.
    """
    out = []
    for group in _group(doc.mentions, options):
        names = [strip_title(m.text) for m in group]
        name = max(names, key=lambda n: (len(n.split()), len(n)))
        etype = group[0].type
        eid = record_id("ent", doc.article.id, etype, canonical_key(name))
        aliases = tuple(dict.fromkeys(m.text for m in group))
        linked = tuple(Mention(m.text, m.start, m.end, m.sentence_index, m.type, eid) for m in group)
        evidence = tuple(doc.evidence(m.start, m.end) for m in group)
        out.append(Entity(eid, doc.article.id, name, etype, aliases, linked, evidence))
    return tuple(out)
