"""Per-article actors: each entity resolved to a canonical dictionary actor, role nouns added.

After ``extract.entities.v1`` has grouped the tagger's mentions, this stage

* resolves each entity to an actor of the dictionary (:mod:`rashomon.extract.actor_dictionary`)
  by exact alias, folded spelling, composite ("US armed forces"), metonym ("Beijing" said →
  China's government) or a role noun valid on the article's date ("the Secretary of War");
* reads a title written next to a person's name ("US Secretary of Defense Pete Hegsett",
  "Amélie Rocheval, Lunesse's foreign minister") as that person's role, and resolves the
  person to the title's holder when the name is a spelling of the holder's;
* adds the role nouns and composites the tagger missed as entities, with evidence;
* fills ``Entity.name`` (canonical), ``code``, ``country``, ``sector``, ``dictionary_id`` and
  ``roles`` (dated roles held on the article's date; for unknown people, the descriptions
  the text gives them, such as "Norwegian journalist and defense analyst").

The dictionary API (:class:`ActorDictionary`, :class:`ActorEntry`) is re-exported here.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from rashomon.extract.actor_dictionary import (
    ActorDictionary,
    ActorEntry,
    ActorMatch,
    PhraseMatch,
    RoleEntry,
)
from rashomon.extract.actor_names import compare_person_names, fold
from rashomon.model import Document, Entity, Mention, Role, record_id
from rashomon.registry import stage

__all__ = [
    "ActorDictionary",
    "ActorEntry",
    "ActorMatch",
    "ActorOptions",
    "RoleEntry",
    "load_dictionary",
    "reference_date",
    "resolve_actors",
]

logger = logging.getLogger(__name__)

#: Spacy-style entity label for each dictionary actor type.
NER_LABEL = {"person": "PERSON", "state": "GPE", "place": "LOC"}
#: Prepositions after which a capital is the city, not its government ("strikes in Caracas").
LOCATIVE = frozenset(
    [
        "in",
        "at",
        "near",
        "from",
        "into",
        "inside",
        "outside",
        "across",
        "around",
        "to",
        "toward",
        "towards",
        "through",
        "over",
        "off",
    ]
)
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.I)
_PRE_BOUNDARY = re.compile(
    r"(?:[,;:()\[\]\"“”‘’—–]|\b(?:by|said|says|told|warned|added|according to|with|from|to|in|the|a|an)\s)",
    re.I,
)
_APPOSITIVE = re.compile(r"^,\s+((?:(?:a|an|the)\s+)?[^,.;()\n]{2,120}?)(?=[,.;()\n]|$)")
_HONORIFICS = frozenset(["dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.", "sir"])
_NOT_DESCRIPTOR = re.compile(r"^(?:who|which|that|whose|where|when|not|\d)", re.I)


@dataclass(frozen=True, slots=True)
class ActorOptions:
    """Options of per-article actor resolution.

    Attributes:
        files: Dictionary files: names of bundled files ("general", "caribbean-2025") or
            paths to ``.toml`` files; empty for every bundled file.
        extra_files: Further dictionary files (your own crisis file), loaded after ``files``.
        default_date: ISO date at which to read undated articles that name no actor of a
            dated crisis file; empty for today.
        add_mentions: Add role nouns, composites and dictionary names the tagger missed.
    """

    files: tuple[str, ...] = ()
    extra_files: tuple[str, ...] = ()
    default_date: str = ""
    add_mentions: bool = True


DEFAULT_OPTIONS = ActorOptions()


def load_dictionary(options: ActorOptions = DEFAULT_OPTIONS) -> ActorDictionary:
    """Return the dictionary the options name (loaded once per process)."""
    return ActorDictionary.load(options.files or None, options.extra_files)


def reference_date(
    doc: Document, dictionary: ActorDictionary, options: ActorOptions = DEFAULT_OPTIONS
) -> str:
    """Return the date at which ``doc``'s role nouns are read.

    The article's publication date; else the latest full date the text gives; else, when
    the text names actors of a dated crisis file, the end of that crisis period; else
    ``options.default_date``; else today.
    """
    published = (doc.article.published or "")[:10]
    if _DATE.match(published):
        return published
    full = sorted(d.value for d in doc.dates if d.precision == "day" and d.value and _DATE.match(d.value))
    if full:
        return full[-1]
    hits: Counter[str] = Counter()
    for pm in dictionary.scan(doc.text, None):
        if pm.match is not None and pm.kind == "alias":
            crisis = dictionary.crisis_of(pm.match.entry)
            if crisis is not None and crisis.period is not None:
                hits[crisis.name] += 1
    if hits:
        period = dictionary.crises[hits.most_common(1)[0][0]].period
        assert period is not None
        return period[1]
    return options.default_date or dt.date.today().isoformat()


@dataclass
class _Item:
    """One mention being resolved: a tagger mention or a dictionary phrase."""

    start: int
    end: int
    text: str
    type: str
    match: ActorMatch | None = None
    entity: Entity | None = None  # the tagger entity it came from
    phrase: PhraseMatch | None = None
    roles: list[Role] = field(default_factory=list)
    country: str = ""
    place: bool = False  # a capital named as a place ("in Caracas"), not as its government


def _label(entry: ActorEntry) -> str:
    return NER_LABEL.get(entry.type, "ORG")


def _is_locative(doc: Document, start: int) -> bool:
    """Whether the capital at ``start`` is the object of a place preposition ("in Caracas")."""
    toks = doc.tokens
    for k, tok in enumerate(toks):
        if tok.start == start:
            if tok.dep:  # parsed: only the object of a place preposition is a place
                return (
                    tok.dep == "pobj"
                    and 0 <= tok.head < len(toks)
                    and toks[tok.head].text.lower() in LOCATIVE
                )
            prev = toks[k - 1].text.lower() if k > 0 else ""
            after = doc.text[tok.end : tok.end + 2]
            return prev in LOCATIVE and not after.startswith(("'s", "’s"))
        if tok.start > start:
            break
    before = doc.text[max(0, start - 12) : start].split()
    return bool(before) and before[-1].lower() in LOCATIVE


def _pre_descriptor(doc: Document, start: int) -> str:
    """Return the description written right before a name: "Norwegian journalist and defense analyst"."""
    sent = doc.sentence_at(start)
    toks = [t for t in doc.tokens if sent.start <= t.start and t.end <= start]
    if toks and any(t.pos for t in toks):
        first = None
        for t in reversed(toks):
            if (
                t.text in (".",)
                or t.pos in _DESCRIPTOR_POS
                or (t.pos == "ADP" and t.text.lower() in ("of", "at", "for"))
            ):
                first = t
                continue
            break
        while first is not None and first.pos in ("ADP", "CCONJ", "PUNCT"):
            later = [t for t in toks if t.start > first.start]
            first = later[0] if later else None
        return doc.text[first.start : start].strip() if first is not None else ""
    before = doc.text[sent.start : start]
    cut = 0
    for m in _PRE_BOUNDARY.finditer(before):
        cut = m.end()
    return _DETERMINER.sub("", before[cut:].strip())


#: Parts of speech a description before a name is made of ("former Venezuelan diplomat").
_DESCRIPTOR_POS = frozenset({"ADJ", "NOUN", "PROPN", "CCONJ", "NUM"})


def _descriptors(doc: Document, item: _Item) -> list[str]:
    """Return what the text says a person is, next to the name ("Norwegian journalist")."""
    out: list[str] = []
    pre = _pre_descriptor(doc, item.start) if doc.text[item.start - 1 : item.start].isspace() else ""
    words = pre.split()
    if (
        0 < len(words) <= 8
        and any(w[:1].islower() for w in words)
        and not all(w.lower() in _HONORIFICS for w in words)
    ):
        out.append(pre)
    after = doc.text[item.end : min(len(doc.text), item.end + 160)]
    m = _APPOSITIVE.match(after)
    if m:
        post = _DETERMINER.sub("", m.group(1).strip())
        if (
            post
            and not _NOT_DESCRIPTOR.match(post)
            and len(post.split()) <= 14
            and any(w[:1].islower() for w in post.split())
        ):
            out.append(post)
    return out


def _attached_title(doc: Document, item: _Item, phrases: list[PhraseMatch]) -> PhraseMatch | None:
    """Return a role or title phrase written right before the name or as its appositive."""
    for pm in phrases:
        if pm.kind not in ("role", "title"):
            continue
        if pm.end <= item.start and doc.text[pm.end : item.start].strip() == "":
            return pm
        gap = doc.text[item.end : pm.start]
        if pm.start >= item.end and re.fullmatch(r",\s*", gap):
            return pm
    return None


def _group_key(item: _Item) -> tuple[str, ...]:
    if item.match is not None:
        return ("dict", item.match.entry.id, item.match.code)
    if item.entity is not None:
        return ("ent", item.entity.id)
    return ("phrase", str(item.start))


@stage("extract.actors.v1", requires=("sentences", "entities"), assigns=("entities",))
def resolve_actors(doc: Document, options: ActorOptions = DEFAULT_OPTIONS) -> tuple[Entity, ...]:
    """Resolve ``doc``'s entities to canonical actors and add the role nouns the tagger missed.

    Args:
        doc: A document whose sentences and entities are set (tokens and dates are used when present).
        options: Dictionary files and switches; see :class:`ActorOptions`.

    Returns:
        Entities in order of first mention; resolved ones carry the canonical name, code,
        country, sector, dictionary id and the roles held on the article's date.
    """
    dictionary = load_dictionary(options)
    date = reference_date(doc, dictionary, options)
    phrases = dictionary.scan(doc.text, date)
    items = _tagger_items(doc, dictionary, date, phrases)
    taken = [(i.start, i.end) for i in items]
    # Titles written next to a person's name belong to that person.
    attached: set[int] = set()
    persons = [i for i in items if i.type == "PERSON"]
    for item in persons:
        pm = _attached_title(doc, item, phrases)
        if pm is None:
            continue
        attached.add(pm.start)
        _attach(doc, item, pm, items)
    if options.add_mentions:
        items += _phrase_items(doc, phrases, taken, attached)
        items += _quoted_names(doc, dictionary, date, [(i.start, i.end) for i in items])
    _link_surnames(items)
    _propagate(items)
    for item in items:
        if (
            item.type == "PERSON"
            and item.match is None
            and item.entity is not None
            and not item.country
            and len(item.text.split()) > 1
        ):
            for text in _descriptors(doc, item):
                item.roles.append(Role(text))
                country = next(
                    (
                        p.match.entry.country
                        for p in dictionary.scan(text, date)
                        if p.match and p.kind in ("demonym", "alias") and p.match.entry.type == "state"
                    ),
                    "",
                )
                item.country = item.country or country
    return _entities(doc, items, date)


def _tagger_items(
    doc: Document, dictionary: ActorDictionary, date: str, phrases: list[PhraseMatch]
) -> list[_Item]:
    items: list[_Item] = []
    for ent in doc.entities:
        for m in ent.mentions:
            match = dictionary.resolve(m.text, date, m.type)
            covering = [
                p
                for p in phrases
                if p.start <= m.start
                and p.end >= m.end
                and (p.end - p.start) > (m.end - m.start)
                and (p.match is not None or (p.kind == "title" and p.country))
            ]
            if covering and covering[0].kind in ("composite", "role", "alias", "title"):
                continue  # the phrase around it names the actor ("Venezuela's foreign ministry")
            if match is None:
                match = _earlier_same_kind(m.start, m.end, phrases)
            item = _Item(m.start, m.end, m.text, m.type, match, ent)
            if match is not None and match.method == "capital" and _is_locative(doc, m.start):
                item.country, item.match, item.place = match.entry.id, None, True
            if match is not None and match.entry.type == "person" and m.type not in ("PERSON", "ORG", "ROLE"):
                item.match = None  # a place or group tag on a person's name: do not trust either
            items.append(item)
    return items


def _earlier_same_kind(start: int, end: int, phrases: list[PhraseMatch]) -> ActorMatch | None:
    """Resolve a bare sector noun or title ("the coast guard") to the last one named in full before it."""
    bare = next(
        (
            p
            for p in phrases
            if p.kind in ("sector", "title") and p.start <= start and p.end >= end and not p.country
        ),
        None,
    )
    if bare is None:
        return None
    key = bare.sector_key or bare.title_key
    earlier = [
        p for p in phrases if p.end <= start and p.match is not None and (p.sector_key or p.title_key) == key
    ]
    return earlier[-1].match if earlier else None


def _attach(doc: Document, item: _Item, pm: PhraseMatch, items: list[_Item]) -> None:
    """Record title ``pm`` as ``item``'s role, resolving ``item`` to the title's holder if the name fits."""
    holder = pm.match
    role_title = holder.title if holder is not None else pm.text
    code = holder.code if holder is not None else ""
    item.roles.append(Role(_DETERMINER.sub("", pm.text), code=code))
    if (
        holder is not None
        and item.match is None
        and holder.entry.type == "person"
        and compare_person_names(item.text, holder.entry.names).compatible
    ):
        item.match = ActorMatch(holder.entry, holder.code, "title+name", holder.score, role_title)
    title_item = _Item(pm.start, pm.end, pm.text, "ROLE", item.match, item.entity, pm)
    title_item.roles = item.roles
    items.append(title_item)


def _phrase_items(
    doc: Document, phrases: list[PhraseMatch], taken: list[tuple[int, int]], attached: set[int]
) -> list[_Item]:
    """Turn dictionary phrases the tagger missed into mentions (bare nouns link back within the article)."""
    out: list[_Item] = []
    recent: dict[str, ActorMatch] = {}
    for pm in phrases:
        if pm.start in attached:
            continue
        overlaps = any(s < pm.end and pm.start < e for s, e in taken)
        if pm.match is not None:
            if pm.kind in ("composite", "role"):
                recent[pm.sector_key or pm.title_key] = pm.match
            if overlaps or pm.ambiguous or pm.kind == "capital":
                continue
            label = (
                "ROLE"
                if pm.kind in ("role", "title")
                else ("NORP" if pm.kind == "demonym" else _label(pm.match.entry))
            )
            out.append(_Item(pm.start, pm.end, pm.text, label, pm.match, None, pm))
        elif not overlaps and pm.text.lower().startswith("the "):
            # "the navy" after "the Veltrian navy": the same actor, named again.
            previous = recent.get(pm.sector_key or pm.title_key)
            if previous is not None:
                out.append(_Item(pm.start, pm.end, pm.text, "ROLE", previous, None, pm))
    return out


_QUOTED = re.compile(r"[“\"]([^”\"\n]{3,80})[”\"]")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w’'.-]*|de|del|la|las|los|of|the|and|da|do|dos|al|el|y|for)$")


def _quoted_names(
    doc: Document, dictionary: ActorDictionary, date: str, taken: list[tuple[int, int]]
) -> list[_Item]:
    """Proper names in quotation marks the tagger missed ("the “Cartel de los Sols” narrative")."""
    out = []
    for m in _QUOTED.finditer(doc.text):
        words = m.group(1).split()
        capitals = sum(1 for w in words if w[:1].isupper())
        if not 2 <= len(words) <= 6 or capitals < 2 or not all(_NAME_WORD.match(w) for w in words):
            continue
        start, end = m.start(1), m.end(1)
        if any(s < end and start < e for s, e in taken):
            continue
        out.append(_Item(start, end, m.group(1), "ORG", dictionary.resolve(m.group(1), date, "ORG")))
    return out


def _link_surnames(items: list[_Item]) -> None:
    """Join a lone surname the tagger filed apart ("Hegset" as ORG) to the full-named person it ends."""
    persons: dict[str, Entity] = {}
    for item in items:
        words = item.text.split()
        if item.type == "PERSON" and len(words) > 1 and item.entity is not None:
            persons.setdefault(fold(words[-1]), item.entity)
    for item in items:
        if item.match is None and item.entity is not None and len(item.text.split()) == 1:
            owner = persons.get(fold(item.text.rstrip("'’s")))
            if owner is not None and owner.id != item.entity.id:
                item.entity, item.type = owner, "PERSON"


def _propagate(items: list[_Item]) -> None:
    """Give a tagger entity's unresolved mentions the actor its other mentions resolved to."""
    by_entity: dict[str, list[_Item]] = {}
    for item in items:
        if item.entity is not None:
            by_entity.setdefault(item.entity.id, []).append(item)
    for group in by_entity.values():
        found = {(i.match.entry.id, i.match.code): i for i in group if i.match is not None}
        if len(found) == 1:
            (source,) = found.values()
            for i in group:
                if i.match is None and not i.country:
                    i.match = source.match
                    i.roles = source.roles


def _entities(doc: Document, items: list[_Item], date: str) -> tuple[Entity, ...]:
    groups: dict[tuple[str, ...], list[_Item]] = {}
    for item in sorted(items, key=lambda i: (i.start, i.end)):
        groups.setdefault(_group_key(item), []).append(item)
    out: list[tuple[int, Entity]] = []
    for key, group in groups.items():
        first = group[0]
        if key[0] == "dict":
            assert first.match is not None
            match = first.match
            entry = match.entry
            eid = record_id("ent", doc.article.id, "dict", entry.id, match.code)
            name, etype = entry.name, _label(entry)
            roles = tuple(r.to_role() for r in entry.roles_at(date))
            country, code, dictionary_id = entry.country, match.code, entry.id
        else:
            base = first.entity
            eid = base.id if base is not None else record_id("ent", doc.article.id, "phrase", first.start)
            name = base.name if base is not None else first.text
            etype = base.type if base is not None else first.type
            if any(i.place for i in group):
                etype = "GPE"
            elif any(i.type == "PERSON" for i in group):
                etype = "PERSON"
            roles = tuple(dict.fromkeys(r for i in group for r in i.roles))
            country = next((i.country for i in group if i.country), "")
            code, dictionary_id = "", None
        sector = code[len(country) :] if country and code.startswith(country) else ""
        seen: set[tuple[int, int]] = set()
        mentions, evidence = [], []
        for i in group:
            if (i.start, i.end) in seen:
                continue
            seen.add((i.start, i.end))
            mentions.append(Mention(i.text, i.start, i.end, doc.sentence_at(i.start).index, i.type, eid))
            evidence.append(doc.evidence(i.start, i.end))
        aliases = tuple(dict.fromkeys(m.text for m in mentions))
        out.append(
            (
                first.start,
                Entity(
                    eid,
                    doc.article.id,
                    name,
                    etype,
                    aliases,
                    tuple(mentions),
                    tuple(evidence),
                    code=code,
                    country=country,
                    sector=sector,
                    dictionary_id=dictionary_id,
                    roles=roles,
                ),
            )
        )
    return tuple(e for _, e in sorted(out, key=lambda p: p[0]))
