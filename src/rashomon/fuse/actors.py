"""Cross-article actors: one :class:`FusedActor` per real actor, across spellings, titles and roles.

Entities resolved to the same dictionary actor merge outright ("Pete Hegsett" next to "US
Secretary of Defense", "the Secretary of War" and "Hegseth" are all Pete Hegseth). The rest are
compared by name only within blocks of phonetically similar names, and merged only with
supporting evidence, never on similarity alone:

* people: surnames close (Jaro-Winkler ≥ 0.9 after folding), given names not in conflict, and
  at least one of agreeing given names, a shared article, a shared role or the same country;
* organisations and groups: the same words but for one misspelt word ("Cartel de los Sols").

A name close to a known public figure's that the text presents as someone else ("Norwegian
journalist Henrik Hegset" beside "US Secretary of Defense Pete Hegseth") is flagged, not merged.
A user's ``split`` and ``merge`` overrides (``rashomon actors split|merge``) are applied on every
run. Every merged entity keeps its evidence; ``FusedActor.scores`` says how sure each merge was.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from rapidfuzz.distance import JaroWinkler, Levenshtein

from rashomon.errors import ConfigError
from rashomon.extract.actor_dictionary import ActorDictionary, ActorEntry
from rashomon.extract.actor_names import block_keys, compare_person_names, fold
from rashomon.extract.entities import strip_title
from rashomon.model import CorpusView, Entity, Evidence, FusedActor, Role, record_id
from rashomon.registry import stage

__all__ = ["ActorStore", "FusionOptions", "apply_override", "fuse_actors", "fuse_entities", "name_key"]

logger = logging.getLogger(__name__)

#: Fused actor type for an unresolved entity's tagger label.
TYPE_OF_LABEL = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "ORG": "org",
    "ROLE": "org",
}
#: Dictionary actor types an organisation-like name may be merged with.
ORG_TYPES = frozenset({"org", "group", "igo", "ngo", "operation"})
#: Occupations that say a person is not a holder of public office (a namesake of one, perhaps).
OCCUPATIONS = frozenset(
    [
        "journalist",
        "reporter",
        "correspondent",
        "analyst",
        "writer",
        "author",
        "columnist",
        "editor",
        "blogger",
        "academic",
        "professor",
        "researcher",
        "scholar",
        "student",
        "teacher",
        "doctor",
        "lawyer",
        "businessman",
        "businesswoman",
        "entrepreneur",
        "athlete",
        "footballer",
        "player",
        "actor",
        "actress",
        "singer",
        "artist",
        "photographer",
    ]
)
# Calibrated on eval/gold/actors.jsonl's dev part (the demo corpus) and the dictionary's
# alias lists; see scripts/eval_actors.py. Jaro-Winkler of two folded organisation names
# above which a one-word misspelling may merge ("Cartel de los Sols" 0.98).
ORG_SIMILARITY = 0.93
#: Jaro-Winkler of folded surnames above which a person whose given name differs from a
#: known figure's is flagged as a possible namesake ("Hegset"/"Hegseth" 0.97).
NAMESAKE_SIMILARITY = 0.9
#: Score of an entity resolved through a role noun or metonym rather than its name.
ROLE_SCORE = 0.9


@dataclass(frozen=True, slots=True)
class FusionOptions:
    """Options of cross-article actor fusion.

    Attributes:
        files: Dictionary files, as for ``extract.actors.v1`` (empty: every bundled file).
        extra_files: Further dictionary files (your own crisis file).
        max_block: Blocks of similar names up to this size are compared pair by pair;
            in larger ones each name is compared with its ``window`` neighbours in sorted
            order (the sorted-neighbourhood method), which keeps fusion near-linear.
        window: Neighbours each name is compared with inside a large block.
        fuzzy: Merge misspellings and transliterations (with supporting evidence).
    """

    files: tuple[str, ...] = ()
    extra_files: tuple[str, ...] = ()
    max_block: int = 40
    window: int = 8
    fuzzy: bool = True


DEFAULT_OPTIONS = FusionOptions()


@lru_cache(maxsize=1 << 17)
def name_key(name: str) -> str:
    """Return the key a user's override names an actor by: folded, without titles or articles."""
    return fold(strip_title(name))


@dataclass
class _Cluster:
    """A growing fused actor: its entities, their scores, the names it answers to."""

    members: list[int] = field(default_factory=list)
    scores: dict[int, float] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    dictionary_id: str | None = None
    flags: list[str] = field(default_factory=list)


class _Fusion:
    """Union-find over entities with cannot-link (split) constraints."""

    def __init__(self, entities: Sequence[Entity], splits: list[tuple[str, str]]) -> None:
        self.entities = entities
        self.parent = list(range(len(entities)))
        self.clusters = {i: _Cluster([i], {i: 1.0}, _keys(e)) for i, e in enumerate(entities)}
        self.splits = splits

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def blocked_by(self, a: int, b: int) -> tuple[str, str] | None:
        ka, kb = self.clusters[a].keys, self.clusters[b].keys
        for x, y in self.splits:
            if (x in ka and y in kb) or (y in ka and x in kb):
                return (x, y)
        return None

    def union(self, i: int, j: int, score: float) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        split = self.blocked_by(a, b)
        if split is not None:
            other = split[1] if split[0] in self.clusters[a].keys else split[0]
            note = f"override: kept apart from {other!r} by a user split"
            if note not in self.clusters[a].flags:
                self.clusters[a].flags.append(note)
            return False
        ca, cb = self.clusters[a], self.clusters.pop(b)
        self.parent[b] = a
        ca.members += cb.members
        # Every entity of the joining cluster is in the actor only through this merge.
        for m, s in cb.scores.items():
            ca.scores[m] = min(s, score)
        ca.keys |= cb.keys
        ca.dictionary_id = ca.dictionary_id or cb.dictionary_id
        ca.flags += [f for f in cb.flags if f not in ca.flags]
        return True


def _keys(entity: Entity) -> set[str]:
    return {name_key(n) for n in (entity.name, *entity.aliases)} - {""}


@stage("fuse.actors.v1", requires=("entities",), assigns=("actors",), scope="corpus")
def fuse_actors(corpus: CorpusView, options: FusionOptions = DEFAULT_OPTIONS) -> list[FusedActor]:
    """Merge the stored entities of every article into one :class:`FusedActor` per real actor.

    Args:
        corpus: The stored corpus: its entities and the user's ``actor`` overrides.
        options: Dictionary files and switches; see :class:`FusionOptions`.

    Returns:
        Fused actors, largest first, each with the evidence of every merged mention.
    """
    dictionary = ActorDictionary.load(options.files or None, options.extra_files)
    entities = list(corpus.records("entity"))
    return fuse_entities(entities, corpus.overrides("actor"), dictionary, options)


def fuse_entities(
    entities: Sequence[Entity],
    overrides: Iterable[dict[str, Any]] = (),
    dictionary: ActorDictionary | None = None,
    options: FusionOptions = DEFAULT_OPTIONS,
) -> list[FusedActor]:
    """Fuse ``entities`` (from any number of articles) into canonical actors; see the module doc.

    ``overrides`` are ``{"subject", "object", "action"}`` mappings: ``split`` keeps actors
    named ``subject`` and ``object`` apart, ``merge`` joins them.
    """
    dictionary = dictionary or ActorDictionary.load()
    decided: dict[frozenset[str], tuple[str, tuple[str, str]]] = {}
    for o in overrides:  # in the order they were made: a later decision on a pair wins
        pair = (name_key(str(o["subject"])), name_key(str(o["object"])))
        decided[frozenset(pair)] = (str(o["action"]), pair)
    splits = [pair for action, pair in decided.values() if action == "split"]
    merges = [pair for action, pair in decided.values() if action == "merge"]
    fusion = _Fusion(entities, splits)
    _merge_dictionary(fusion, dictionary)
    _merge_exact(fusion)
    if options.fuzzy:
        _merge_fuzzy(fusion, dictionary, options)
    for x, y in merges:
        _force_merge(fusion, x, y)
    return _records(fusion, dictionary)


def _entity_score(entity: Entity, entry: ActorEntry | None) -> float:
    """How sure the per-article resolution of ``entity`` to ``entry`` is, from its names alone."""
    if entry is None:
        return ROLE_SCORE
    known = {fold(n) for n in entry.names}
    if any(fold(strip_title(a)) in known or fold(a) in known for a in entity.aliases):
        return 1.0
    if entry.type == "person":
        persons = [a for a in entity.aliases if len(a.split()) >= 1 and not a.lower().startswith("the ")]
        best = max((compare_person_names(a, entry.names).surname for a in persons), default=0.0)
        if best >= 0.9:
            return round(best, 3)
    return ROLE_SCORE


def _merge_dictionary(fusion: _Fusion, dictionary: ActorDictionary) -> None:
    anchors: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, e in enumerate(fusion.entities):
        if e.dictionary_id:
            anchors[e.dictionary_id].append((_entity_score(e, dictionary.get(e.dictionary_id)), i))
    for did, members in anchors.items():
        members.sort(key=lambda p: (-p[0], p[1]))
        head = members[0][1]
        fusion.clusters[fusion.find(head)].dictionary_id = did
        fusion.clusters[fusion.find(head)].scores[head] = members[0][0]
        entry = dictionary.get(did)
        if entry is not None:
            fusion.clusters[fusion.find(head)].keys |= {name_key(n) for n in entry.names}
        for score, i in members[1:]:
            fusion.union(head, i, score)


def _merge_exact(fusion: _Fusion) -> None:
    by_name: dict[str, int] = {}
    for i, e in enumerate(fusion.entities):
        if e.dictionary_id:
            continue
        key = name_key(e.name)
        if not key:
            continue
        if key in by_name:
            fusion.union(by_name[key], i, 1.0)
        else:
            by_name[key] = i


@dataclass
class _Group:
    """An unresolved cluster as fuzzy matching sees it."""

    root: int
    name: str
    person: bool
    articles: set[str]
    roles: list[Role]
    country: str
    occupations: set[str]


def _group_of(fusion: _Fusion, root: int) -> _Group:
    ents = [fusion.entities[m] for m in fusion.clusters[root].members]
    names = Counter(e.name for e in ents)
    name = max(names, key=lambda n: (names[n], len(n.split()), len(n)))
    person = sum(e.type == "PERSON" for e in ents) * 2 >= len(ents)
    roles = [r for e in ents for r in e.roles]
    words = {w.strip(".,").lower() for r in roles for w in r.title.split()}
    country = Counter(e.country for e in ents if e.country).most_common(1)
    return _Group(
        root,
        name,
        person,
        {e.article_id for e in ents},
        roles,
        country[0][0] if country else "",
        words & OCCUPATIONS,
    )


def _merge_fuzzy(fusion: _Fusion, dictionary: ActorDictionary, options: FusionOptions) -> None:
    roots = [r for r, c in fusion.clusters.items() if c.dictionary_id is None]
    groups = {r: _group_of(fusion, r) for r in roots}
    # Articles in which each dictionary actor is named: support for a nearby misspelling.
    articles_of: dict[str, set[str]] = defaultdict(set)
    for c in fusion.clusters.values():
        if c.dictionary_id:
            articles_of[c.dictionary_id] |= {fusion.entities[m].article_id for m in c.members}
    anchors = {c.dictionary_id: r for r, c in fusion.clusters.items() if c.dictionary_id is not None}
    blocks: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for r, g in groups.items():
        for key in block_keys(g.name, g.person):
            blocks[key].append(("g", r))
    for entry in dictionary.entries.values():
        if entry.type in ("state", "place"):
            continue
        for n in entry.names:
            for key in block_keys(n, entry.type == "person"):
                blocks[key].append(("d", entry.id))
    edges: list[tuple[float, int, int | str, str]] = []
    seen: set[tuple[Any, Any]] = set()
    for members in blocks.values():
        gs = [m for k, m in members if k == "g"]
        ds = {m for k, m in members if k == "d"}
        for r in gs:
            for did in ds:
                if (r, did) not in seen:
                    seen.add((r, did))
                    _compare_with_entry(
                        groups[r], dictionary.entries[did], articles_of[did], anchors, edges, fusion
                    )
        if len(gs) > options.max_block:
            gs = sorted(gs, key=lambda r: fold(groups[r].name))
            reach = options.window
        else:
            reach = len(gs)
        for x in range(len(gs)):
            for y in range(x + 1, min(len(gs), x + 1 + reach)):
                a, b = sorted((gs[x], gs[y]))
                if (a, b) not in seen:
                    seen.add((a, b))
                    _compare_groups(groups[a], groups[b], edges)
    for score, r, other, _why in sorted(edges, key=lambda e: -e[0]):
        target = anchors.get(other) if isinstance(other, str) else other
        if target is not None:
            fusion.union(target, r, score)


def _person_conflict(g: _Group, entry: ActorEntry) -> str:
    """Say why ``g`` cannot be the known person ``entry`` ("" when nothing says so)."""
    if g.country and entry.country and g.country != entry.country:
        return f"presented as from {g.country}, not {entry.country}"
    if g.occupations:
        titles = " ".join(r.title.lower() for r in entry.roles)
        if not any(o in titles for o in g.occupations):
            return "presented as " + ", ".join(sorted(g.occupations))
    return ""


def _compare_with_entry(
    g: _Group,
    entry: ActorEntry,
    articles: set[str],
    anchors: dict[str, int],
    edges: list[tuple[float, int, int | str, str]],
    fusion: _Fusion,
) -> None:
    if g.person and entry.type == "person":
        cmp = compare_person_names(g.name, entry.names)
        conflict = _person_conflict(g, entry)
        role_titles = {fold(r.title) for r in entry.roles}
        support = (
            cmp.given is True
            or bool(g.articles & articles)
            or any(fold(r.title) in role_titles or (r.code and r.code == entry.code) for r in g.roles)
            or (g.country and g.country == entry.country)
        )
        if cmp.compatible and support and not conflict:
            score = cmp.surname if cmp.given is True else cmp.surname * 0.95
            edges.append((round(score, 3), g.root, entry.id, "person"))
        elif (NAMESAKE_SIMILARITY <= cmp.surname < 1.0 and (cmp.given is False or conflict)) or (
            cmp.exact and conflict
        ):
            # A near-miss of a known figure's surname ("Hegset"), or the very name presented as
            # someone else. The same common surname with another given name ("Maria Lopez" and
            # "Vladimir Padrino López") is no sign of anything.
            shown = "; ".join(r.title for r in g.roles[:2]) or conflict or "another person"
            held = next((r.title for r in entry.roles), entry.code)
            flag = (
                f"namesake: {g.name!r} is close to {entry.name} ({held}) but is presented as "
                f"{shown}; not merged (surname similarity {cmp.surname:.2f})"
            )
            cluster = fusion.clusters[fusion.find(g.root)]
            if flag not in cluster.flags:
                cluster.flags.append(flag)
    elif not g.person and entry.type in ORG_TYPES:
        score = _org_similarity(g.name, entry.names)
        if score >= ORG_SIMILARITY:
            edges.append((round(score, 3), g.root, entry.id, "org"))


def _compare_groups(a: _Group, b: _Group, edges: list[tuple[float, int, int | str, str]]) -> None:
    if a.person != b.person:
        return
    if a.person:
        cmp = compare_person_names(a.name, [b.name])
        conflict = a.country and b.country and a.country != b.country
        if cmp.compatible and not conflict and (cmp.given is True or a.articles & b.articles):
            edges.append((round(cmp.surname * (1.0 if cmp.given else 0.95), 3), b.root, a.root, "person"))
    else:
        score = _org_similarity(a.name, [b.name])
        if score >= ORG_SIMILARITY:
            edges.append((round(score, 3), b.root, a.root, "org"))


def _org_similarity(name: str, known: Iterable[str]) -> float:
    """Return how close an organisation name is to known names: word by word, one word may be misspelt."""
    words = [w for w in fold(strip_title(name)).split() if w not in ("'s", "'")]
    best = 0.0
    for other in known:
        ow = [w for w in fold(strip_title(other)).split() if w not in ("'s", "'")]
        if len(ow) != len(words) or len(words) < 2:
            continue
        diff = [(x, y) for x, y in zip(words, ow, strict=True) if x != y]
        if len(diff) != 1:
            continue
        x, y = diff[0]
        if min(len(x), len(y)) < 4 or x[0] != y[0] or Levenshtein.distance(x, y) > 2:
            continue
        best = max(best, float(JaroWinkler.similarity(" ".join(words), " ".join(ow))))
    return best


def _force_merge(fusion: _Fusion, x: str, y: str) -> None:
    holders = {k: [r for r, c in fusion.clusters.items() if k in c.keys] for k in (x, y)}
    for a in holders[x]:
        for b in holders[y]:
            if fusion.find(a) != fusion.find(b) and fusion.union(a, b, 1.0):
                root = fusion.find(a)
                note = f"override: {x!r} and {y!r} merged by a user"
                if note not in fusion.clusters[root].flags:
                    fusion.clusters[root].flags.append(note)


def _records(fusion: _Fusion, dictionary: ActorDictionary) -> list[FusedActor]:
    out = []
    for _root, cluster in fusion.clusters.items():
        ents = [fusion.entities[m] for m in sorted(cluster.members)]
        entry = dictionary.get(cluster.dictionary_id) if cluster.dictionary_id else None
        names = Counter(e.name for e in ents)
        if entry is not None:
            name, atype, code, country = entry.name, entry.type, entry.code, entry.country
            roles = tuple(r.to_role() for r in entry.roles)
            aid = record_id("act", "dict", entry.id)
        else:
            name = max(names, key=lambda n: (names[n], len(n.split()), len(n)))
            label = Counter(e.type for e in ents).most_common(1)[0][0]
            atype = (
                "person"
                if any(e.type == "PERSON" for e in ents) and label in ("PERSON", "ORG")
                else (TYPE_OF_LABEL.get(label, "org"))
            )
            codes = Counter(e.code for e in ents if e.code).most_common(1)
            code = codes[0][0] if codes else ""
            countries = Counter(e.country for e in ents if e.country).most_common(1)
            country = countries[0][0] if countries else ""
            roles = tuple(dict.fromkeys(r for e in ents for r in e.roles))
            aid = record_id("act", "name", name_key(name), min(e.id for e in ents))
        aliases = Counter(a for e in ents for a in e.aliases)
        evidence: list[Evidence] = sorted(
            {ev for e in ents for ev in e.evidence}, key=lambda ev: (ev.article_id, ev.start, ev.end)
        )
        sector = code[len(country) :] if country and code.startswith(country) else ""
        out.append(
            FusedActor(
                id=aid,
                name=name,
                type=atype,
                aliases=tuple(a for a, _ in aliases.most_common()),
                entity_ids=tuple(e.id for e in ents),
                evidence=tuple(evidence),
                code=code,
                country=country,
                sector=sector,
                roles=roles,
                scores=tuple(round(cluster.scores.get(m, 1.0), 3) for m in sorted(cluster.members)),
                flags=tuple(cluster.flags),
                dictionary_id=cluster.dictionary_id,
            )
        )
    out.sort(key=lambda a: (-len({ev.article_id for ev in a.evidence}), -len(a.evidence), a.name))
    return out


class ActorStore(CorpusView, Protocol):
    """What :func:`apply_override` needs from a store (the SQLite and PostgreSQL stores provide it)."""

    def add_override(self, kind: str, subject: str, obj: str, action: str, note: str = "") -> None:
        """Record a user decision."""
        ...

    def start_run(self, config_text: str) -> str:
        """Record a new run; return its id."""
        ...

    def finish_run(self, run_id: str, status: str, stats: dict[str, Any]) -> None:
        """Mark a run finished."""
        ...

    def replace_stage_records(self, stage: str, records: Iterable[object], run_id: str) -> int:
        """Replace a corpus stage's records."""
        ...


def apply_override(
    store: ActorStore,
    name_a: str,
    name_b: str,
    action: str,
    note: str = "",
    options: FusionOptions = DEFAULT_OPTIONS,
) -> list[FusedActor]:
    """Record that the actors named ``name_a`` and ``name_b`` are to be split or merged, and re-fuse.

    The decision is stored as an ``actor`` override, so every later run respects it.

    Raises:
        ConfigError: for an unknown action or a name no stored entity answers to.
    """
    if action not in ("split", "merge"):
        raise ConfigError(f"actor override action {action!r} must be 'split' or 'merge'")
    known = {k for e in store.records("entity") for k in _keys(e)}
    for name in (name_a, name_b):
        if name_key(name) not in known:
            raise ConfigError(
                f"no stored actor is named {name!r}; `rashomon actors list` shows the names and aliases"
            )
    store.add_override("actor", name_a, name_b, action, note)
    actors = fuse_actors(store, options)
    run = store.start_run(f"# actor override: {action} {name_a!r} {name_b!r}\n")
    store.replace_stage_records("fuse.actors.v1", actors, run)
    store.finish_run(run, "ok", {"corpus_records": {"fuse.actors.v1": len(actors)}})
    return actors
