"""The actor dictionary: canonical actors with aliases, CAMEO-style codes and dated roles.

Read from TOML files (``data/actors/*.toml``: one general file of states, sectors and titles,
one file per crisis; the format is documented in ``docs/actors.md``) and loaded once per
process. It answers three questions:

* :meth:`ActorDictionary.lookup` — which actor does this name, role noun or metonym
  denote on this date? ("the Secretary of War" on 2025-11-20 → Pete Hegseth;
  "Beijing" → China, coded ``CHNGOV``);
* :meth:`ActorDictionary.resolve` — the same, with the code, method and score;
* :meth:`ActorDictionary.scan` — every dictionary phrase in a text, with exact offsets.

A composite actor is a country plus a sector noun ("US armed forces" → ``USA:military``,
coded ``USAMIL``); the dictionary builds it on first use unless a crisis file names a
specific body for that slot (``institution = "defence-ministry"`` makes "the US defense
department" the Pentagon).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rashomon.errors import ConfigError
from rashomon.extract.actor_names import Tok, shape_of, shape_ok, tokenize
from rashomon.model import Role

__all__ = [
    "ACTOR_TYPES",
    "ActorDictionary",
    "ActorEntry",
    "ActorMatch",
    "Crisis",
    "PhraseMatch",
    "RoleEntry",
    "Sector",
    "bundled_files",
]

#: The kinds of actor an entry can be.
ACTOR_TYPES = ("person", "state", "igo", "ngo", "group", "org", "operation", "place")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# Match scores by how an actor was found: an exact alias is certain; a demonym, a composite
# or a role noun valid on the date is near-certain; a capital may be the city, not its government.
SCORES = {
    "alias": 1.0,
    "demonym": 0.95,
    "composite": 0.95,
    "role": 0.9,
    "unqualified": 0.85,
    "capital": 0.9,
    "title": 0.8,
}
_PRIORITY = {"alias": 0, "composite": 1, "role": 1, "unqualified": 2, "demonym": 3, "capital": 4, "bare": 9}


def _date_ok(value: object, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise ConfigError(f"{where}: date {value!r} must be ISO-8601 (YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


def _lo(date: str) -> str:
    return date + "-01-01"[len(date) - 4 :] if len(date) < 10 else date


def _hi(date: str) -> str:
    return date + "-12-31"[len(date) - 4 :] if len(date) < 10 else date


def _today() -> str:
    return dt.date.today().isoformat()


@dataclass(frozen=True, slots=True)
class RoleEntry:
    """A dated role in the dictionary: a title held from ``start`` to ``end`` (inclusive).

    ``key`` names an office title of the general file ("president", "defence-minister"),
    whose phrasings then resolve to the holder when qualified by the holder's country
    ("Colombian President"); ``nouns`` adds phrasings of this role only; ``unqualified``
    lists phrasings that name the holder without any country ("the Secretary of War").
    Partial dates cover their whole month or year.
    """

    title: str
    key: str = ""
    start: str | None = None
    end: str | None = None
    code: str = ""
    nouns: tuple[str, ...] = ()
    unqualified: tuple[str, ...] = ()

    def valid_at(self, date: str | None) -> bool:
        """Return whether the role is held at ``date`` (any overlap for a month or year)."""
        if date is None:
            return self.end is None
        if self.start is not None and _lo(self.start) > _hi(date):
            return False
        return not (self.end is not None and _hi(self.end) < _lo(date))

    def to_role(self) -> Role:
        """Return the role as the shared :class:`~rashomon.model.Role` record."""
        return Role(self.title, self.start, self.end, self.code)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One canonical actor of the dictionary.

    ``code`` is the CAMEO-style code (``USA``, ``USAMIL``, ``IGOUNO``); a person's code on a
    given date is that of the role held then (:meth:`code_at`). ``country`` is the ISO 3166
    alpha-3 code of the actor's state; ``sector`` the sector code of a composite actor.
    ``source`` names the file the entry came from.
    """

    id: str
    name: str
    type: str
    code: str = ""
    country: str = ""
    aliases: tuple[str, ...] = ()
    roles: tuple[RoleEntry, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    institution: str = ""
    sector: str = ""
    source: str = ""
    note: str = ""

    def roles_at(self, date: str | None) -> tuple[RoleEntry, ...]:
        """Return the roles held at ``date``."""
        return tuple(r for r in self.roles if r.valid_at(date))

    def code_at(self, date: str | None) -> str:
        """Return the code of the first role held at ``date`` that has one, else :attr:`code`."""
        for role in self.roles_at(date):
            if role.code:
                return role.code
        return self.code

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Sector:
    """A sector noun group: "troops", "armed forces" … → ``MIL`` under the label "armed forces"."""

    key: str
    code: str
    label: str
    nouns: tuple[str, ...]
    state: bool = False
    pattern: str = "{name} {label}"


@dataclass(frozen=True, slots=True)
class Crisis:
    """What a dictionary file says about itself (its ``[meta]`` table)."""

    name: str
    description: str = ""
    period: tuple[str, str] | None = None
    restrict_to_period: bool = False
    path: str = ""

    def covers(self, date: str | None) -> bool:
        """Return whether ``date`` falls in the crisis period (always, when it has none)."""
        if self.period is None:
            return True
        if date is None:
            return False
        return _lo(self.period[0]) <= _hi(date) and _lo(date) <= _hi(self.period[1])


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """A dictionary actor found for a name or phrase, with how it was found.

    ``method`` is ``alias``, ``demonym``, ``capital`` (a capital or seat of government
    standing for the government), ``composite`` (country + sector noun), ``role`` (a title
    qualified by a country, valid on the date), ``unqualified`` (a distinctive title
    alone) or ``title`` (a country's office with no known holder on the date: "the
    Colombian President" in 2040 is Colombia's government, ``COLGOV``). ``code`` is the
    code on the date; ``title`` the role title for role matches.
    """

    entry: ActorEntry
    code: str
    method: str
    score: float
    title: str = ""
    sector: str = ""


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """A dictionary phrase found in a text: its span, what kind of phrase, and the actor if known.

    ``start``/``end`` are offsets into the scanned text (end-exclusive); a leading "the" is
    included. ``match`` is ``None`` for a title or sector noun that names no one on this
    date ("the president" of a country without a holder in the dictionary, "the navy"
    without a country); ``country``, ``title_key`` and ``sector_key`` then say what it was.
    """

    start: int
    end: int
    text: str
    kind: str
    match: ActorMatch | None = None
    country: str = ""
    title_key: str = ""
    sector_key: str = ""
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class _Target:
    kind: str  # alias, demonym, capital, sector, title, unqualified
    ref: str
    shapes: tuple[str, ...]
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class _Cand:
    i: int
    j: int
    kind: str
    target: _Target | None = None
    country: str = ""
    noun: _Target | None = None
    key: tuple[str, ...] = ()


def bundled_files() -> list[Path]:
    """Return the dictionary files shipped with Rashomon: ``general.toml`` first, then each crisis."""
    folder = Path(str(resources.files("rashomon").joinpath("data", "actors")))
    files = sorted(folder.glob("*.toml"))
    return sorted(files, key=lambda p: (p.stem != "general", p.stem))


_ENTRY_FIELDS = {
    "id",
    "name",
    "type",
    "code",
    "country",
    "aliases",
    "role",
    "demonyms",
    "capitals",
    "ambiguous",
    "institution",
    "note",
}
_ROLE_FIELDS = {"title", "key", "start", "end", "code", "nouns", "unqualified"}


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(value)


def _check_fields(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(
            f"{where}: unknown field(s) {', '.join(unknown)}; valid fields are {', '.join(sorted(allowed))}"
        )


def _parse_role(raw: dict[str, Any], where: str) -> RoleEntry:
    _check_fields(raw, _ROLE_FIELDS, where)
    if not isinstance(raw.get("title"), str) or not raw["title"]:
        raise ConfigError(f"{where}: every role needs a title")
    return RoleEntry(
        title=raw["title"],
        key=str(raw.get("key", "")),
        start=_date_ok(raw.get("start"), where),
        end=_date_ok(raw.get("end"), where),
        code=str(raw.get("code", "")),
        nouns=_strings(raw.get("nouns"), where + " nouns"),
        unqualified=_strings(raw.get("unqualified"), where + " unqualified"),
    )


def _parse_entry(raw: dict[str, Any], source: str, where: str) -> ActorEntry:
    _check_fields(raw, _ENTRY_FIELDS, where)
    for required in ("id", "name", "type"):
        if not isinstance(raw.get(required), str) or not raw[required]:
            raise ConfigError(f"{where}: every actor needs a {required!r}")
    if raw["type"] not in ACTOR_TYPES:
        raise ConfigError(f"{where}: type {raw['type']!r} is not one of {', '.join(ACTOR_TYPES)}")
    roles = tuple(_parse_role(r, f"{where} role {k + 1}") for k, r in enumerate(raw.get("role", []) or []))
    return ActorEntry(
        id=raw["id"],
        name=raw["name"],
        type=raw["type"],
        code=str(raw.get("code", "")),
        country=str(raw.get("country", "") or (raw["id"] if raw["type"] == "state" else "")),
        aliases=_strings(raw.get("aliases"), where + " aliases"),
        roles=roles,
        demonyms=_strings(raw.get("demonyms"), where + " demonyms"),
        capitals=_strings(raw.get("capitals"), where + " capitals"),
        ambiguous=_strings(raw.get("ambiguous"), where + " ambiguous"),
        institution=str(raw.get("institution", "")),
        source=source,
        note=str(raw.get("note", "")),
    )


def _phrase_key(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the folded token key and the shapes of a dictionary phrase (leading "the" dropped)."""
    toks = [t for t in tokenize(text) if t.norm != "."]
    if toks and toks[0].norm == "the" and len(toks) > 1:
        toks = toks[1:]
    return tuple(t.norm for t in toks), tuple(shape_of(t.text) for t in toks)


@dataclass
class ActorDictionary:
    """Every actor, sector and title of a set of dictionary files, indexed for lookup.

    Build one with :meth:`load`; the default set (the bundled files) is cached per process.
    """

    entries: dict[str, ActorEntry] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    title_codes: dict[str, str] = field(default_factory=dict)
    crises: dict[str, Crisis] = field(default_factory=dict)
    _index: dict[tuple[str, ...], list[_Target]] = field(default_factory=dict, repr=False)
    _prefixes: set[tuple[str, ...]] = field(default_factory=set, repr=False)
    _holders: dict[str, list[tuple[str, int]]] = field(default_factory=dict, repr=False)
    _institutions: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _composites: dict[tuple[str, str], ActorEntry] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(
        cls, files: Sequence[str | Path] | None = None, extra: Sequence[str | Path] = ()
    ) -> ActorDictionary:
        """Load dictionary files (the bundled ones by default) plus ``extra`` files; cached.

        Args:
            files: Paths, or names of bundled files ("caribbean-2025"); ``None`` for all bundled files.
            extra: Further files (a user's own crisis file), loaded after ``files``.

        Raises:
            ConfigError: naming the file, the entry and the fix for any malformed entry.
        """
        paths = tuple(_resolve_path(f) for f in (files if files is not None else bundled_files()))
        paths += tuple(_resolve_path(f) for f in extra)
        return _load_cached(paths)

    @classmethod
    def from_tables(cls, tables: Iterable[tuple[str, dict[str, Any]]]) -> ActorDictionary:
        """Build a dictionary from parsed TOML tables, each with the path or name it came from."""
        d = cls()
        for path, data in tables:
            d._add_file(path, data)
        d._finish()
        return d

    def _add_file(self, path: str, data: dict[str, Any]) -> None:
        _check_fields(data, {"meta", "actor", "sector", "title"}, path)
        meta = data.get("meta", {})
        _check_fields(meta, {"name", "description", "period", "restrict_to_period"}, f"{path} [meta]")
        name = str(meta.get("name") or Path(path).stem)
        period = meta.get("period")
        if period is not None:
            if not (isinstance(period, list) and len(period) == 2):
                raise ConfigError(f"{path} [meta]: period must be [start, end]")
            period = (_date_ok(period[0], path) or "", _date_ok(period[1], path) or "")
        self.crises[name] = Crisis(
            name, str(meta.get("description", "")), period, bool(meta.get("restrict_to_period", False)), path
        )
        for k, raw in enumerate(data.get("sector", [])):
            where = f"{path} sector {k + 1}"
            _check_fields(raw, {"key", "code", "label", "nouns", "state", "pattern"}, where)
            sector = Sector(
                str(raw["key"]),
                str(raw["code"]),
                str(raw.get("label", raw["key"])),
                _strings(raw.get("nouns"), where),
                bool(raw.get("state", False)),
                str(raw.get("pattern", "{name} {label}")),
            )
            self.sectors[sector.key] = sector
        for k, raw in enumerate(data.get("title", [])):
            where = f"{path} title {k + 1}"
            _check_fields(raw, {"key", "nouns", "code"}, where)
            self.titles[str(raw["key"])] = _strings(raw.get("nouns"), where)
            self.title_codes[str(raw["key"])] = str(raw.get("code", "GOV"))
        for k, raw in enumerate(data.get("actor", [])):
            where = f"{path} actor {k + 1} ({raw.get('id', '?')})"
            entry = _parse_entry(raw, name, where)
            if entry.id in self.entries:
                other = self.entries[entry.id].source
                raise ConfigError(f"{where}: id {entry.id!r} is already used in {other}; give it another id")
            self.entries[entry.id] = entry

    def _finish(self) -> None:
        for entry in self.entries.values():
            where = f"{entry.source}: actor {entry.id}"
            if entry.country and entry.country not in self.entries:
                raise ConfigError(f"{where}: country {entry.country!r} is not a state of the dictionary")
            if entry.institution:
                if entry.institution not in self.sectors:
                    raise ConfigError(f"{where}: institution {entry.institution!r} is not a sector key")
                self._institutions[(entry.country, entry.institution)] = entry.id
            ambiguous = {_phrase_key(a)[0] for a in entry.ambiguous}
            for name in entry.names:
                self._add("alias", entry.id, name, _phrase_key(name)[0] in ambiguous)
            for name in entry.demonyms:
                self._add("demonym", entry.id, name)
            for name in entry.capitals:
                self._add("capital", entry.id, name, _phrase_key(name)[0] in ambiguous)
            for k, role in enumerate(entry.roles):
                ref = f"{entry.id}#{k}"
                if role.key:
                    if role.key not in self.titles:
                        raise ConfigError(
                            f"{where}: role key {role.key!r} is not a title key of the general file"
                        )
                    self._holders.setdefault(role.key, []).append((entry.id, k))
                if role.nouns:
                    self._holders.setdefault(ref, []).append((entry.id, k))
                    for noun in role.nouns:
                        self._add("title", ref, noun)
                for noun in role.unqualified:
                    self._add("unqualified", ref, noun)
        for sector in self.sectors.values():
            for noun in sector.nouns:
                self._add("sector", sector.key, noun)
        for key, nouns in self.titles.items():
            for noun in nouns:
                self._add("title", key, noun)

    def _add(self, kind: str, ref: str, phrase: str, ambiguous: bool = False) -> None:
        key, shapes = _phrase_key(phrase)
        if not key:
            return
        if kind in ("sector", "title", "unqualified"):
            shapes = tuple("A" if s == "A" else "l" for s in shapes)
        target = _Target(kind, ref, shapes, ambiguous)
        targets = self._index.setdefault(key, [])
        if target not in targets:
            targets.append(target)
        for n in range(1, len(key) + 1):
            self._prefixes.add(key[:n])

    # ------------------------------------------------------------------ queries
    def get(self, actor_id: str) -> ActorEntry | None:
        """Return the entry ``actor_id`` (including composites already built), or ``None``."""
        entry = self.entries.get(actor_id)
        if entry is None and ":" in actor_id:
            state, _, key = actor_id.partition(":")
            if state in self.entries and key in self.sectors:
                return self.composite(state, key).entry
        return entry

    def crisis_of(self, entry: ActorEntry) -> Crisis | None:
        """Return the crisis file ``entry`` comes from (``None`` for composites)."""
        return self.crises.get(entry.source)

    def usable(self, entry: ActorEntry, date: str | None) -> bool:
        """Return whether ``entry`` may be resolved in an article of ``date`` (period-restricted files)."""
        crisis = self.crises.get(entry.source)
        return crisis is None or not crisis.restrict_to_period or crisis.covers(date)

    def holders(
        self, title: str, country: str | None, date: str | None
    ) -> list[tuple[ActorEntry, RoleEntry]]:
        """Return who holds ``title`` (a title key or a role's own phrasing) in ``country`` on ``date``."""
        out = []
        for entry_id, k in self._holders.get(title, []):
            entry = self.entries[entry_id]
            role = entry.roles[k]
            if (
                (country is None or entry.country == country)
                and role.valid_at(date)
                and self.usable(entry, date)
            ):
                out.append((entry, role))
        return out

    def composite(self, state_id: str, sector_key: str) -> ActorMatch:
        """Return the actor a country + sector noun names ("Venezuelan troops" → ``VEN:military``)."""
        state = self.entries[state_id]
        sector = self.sectors[sector_key]
        if sector.state:
            return ActorMatch(
                state, state.code + sector.code, "composite", SCORES["composite"], sector=sector.code
            )
        claimed = self._institutions.get((state_id, sector_key))
        if claimed is not None:
            body = self.entries[claimed]
            return ActorMatch(body, body.code, "composite", SCORES["composite"], sector=sector.code)
        entry = self._composites.get((state_id, sector_key))
        if entry is None:
            demonym = state.demonyms[0] if state.demonyms else state.name
            entry = ActorEntry(
                id=f"{state_id}:{sector_key}",
                name=sector.pattern.format(name=state.name, demonym=demonym, label=sector.label),
                type="org",
                code=state.code + sector.code,
                country=state_id,
                sector=sector.code,
                source=state.source,
            )
            self._composites[(state_id, sector_key)] = entry
        return ActorMatch(entry, entry.code, "composite", SCORES["composite"], sector=sector.code)

    def resolve(self, text: str, date: str | None = None, ner_type: str = "") -> ActorMatch | None:
        """Return the actor that the whole of ``text`` names on ``date``, or ``None``.

        ``text`` is a name, a role noun or a metonym as written ("Pete Hegseth", "the
        Secretary of War", "Venezuela's foreign ministry", "Beijing"). ``ner_type`` is the
        tagger's label, if any: aliases marked ambiguous ("Jordan") resolve only for places.
        A missing ``date`` means today.
        """
        matches = self.scan(text, date, allow_ambiguous=ner_type in ("GPE", "LOC", "NORP", "FAC", "ORG"))
        toks = [t for t in tokenize(text) if t.norm not in ("the", "'s", "'", ".", ",")]
        if len(matches) != 1 or matches[0].match is None or not toks:
            return None
        m = matches[0]
        if m.start <= toks[0].start and m.end >= toks[-1].end:
            return m.match
        return None

    def lookup(self, text: str, date: str | None = None) -> ActorEntry | None:
        """Return the dictionary entry that ``text`` names on ``date``, or ``None`` (see :meth:`resolve`)."""
        match = self.resolve(text, date)
        return match.entry if match else None

    # ------------------------------------------------------------------ scanning
    def scan(self, text: str, date: str | None = None, allow_ambiguous: bool = False) -> list[PhraseMatch]:
        """Find every dictionary phrase in ``text``: names, demonyms, capitals, role nouns, composites.

        Overlapping candidates are settled leftmost-longest. Role nouns resolve to the
        holder on ``date`` (today when ``None``) and only when exactly one actor holds the role.

        Args:
            text: Any text; offsets of the result point into it.
            date: ISO date of the article (roles and period-restricted files depend on it).
            allow_ambiguous: Also match aliases marked ambiguous (only for text already known
                to be a place name).
        """
        date = date or _today()
        toks = tokenize(text)
        cands = self._candidates(toks, allow_ambiguous)
        cands += self._composed(toks, cands)
        chosen: list[_Cand] = []
        taken_until = -1
        for c in sorted(cands, key=lambda c: (c.i, -(c.j - c.i), _PRIORITY[c.kind])):
            if c.i >= taken_until:
                chosen.append(c)
                taken_until = c.j
        out = []
        for c in chosen:
            start = toks[c.i].start
            if c.i > 0 and toks[c.i - 1].norm == "the" and c.kind != "demonym":
                start = toks[c.i - 1].start
            end = toks[c.j - 1].end
            pm = self._phrase_match(c, date, text[start:end], start, end)
            if pm is not None:
                out.append(pm)
        return out

    def _candidates(self, toks: list[Tok], allow_ambiguous: bool) -> list[_Cand]:
        norms = [t.norm for t in toks]
        out: list[_Cand] = []
        for i in range(len(toks)):
            for j in range(i + 1, len(toks) + 1):
                key = tuple(norms[i:j])
                if key not in self._prefixes:
                    break
                for t in self._index.get(key, ()):
                    if t.ambiguous and not allow_ambiguous:
                        continue
                    if all(shape_ok(s, toks[i + k].text) for k, s in enumerate(t.shapes)):
                        kind = "bare" if t.kind in ("sector", "title") else t.kind
                        out.append(_Cand(i, j, kind, t, key=key))
        return out

    def _qualifier_country(self, c: _Cand) -> tuple[str, bool]:
        """Return (country, is_person) when candidate ``c`` can qualify a noun, else ("", False)."""
        if c.target is None:
            return "", False
        if c.kind in ("demonym", "capital"):
            return c.target.ref, False
        if c.kind == "alias":
            entry = self.entries[c.target.ref]
            if entry.type == "state":
                return entry.id, False
            if entry.type == "person" and entry.country:
                return entry.country, True
        return "", False

    def _composed(self, toks: list[Tok], cands: list[_Cand]) -> list[_Cand]:
        norms = [t.norm for t in toks]
        nouns_at: dict[int, list[_Cand]] = {}
        quals_at: dict[int, list[_Cand]] = {}
        for c in cands:
            if c.kind == "bare":
                nouns_at.setdefault(c.i, []).append(c)
            elif self._qualifier_country(c)[0]:
                quals_at.setdefault(c.i, []).append(c)
        out: list[_Cand] = []
        # "US armed forces", "Venezuela's foreign ministry", "Colombian President", "Petro's government"
        for qs in quals_at.values():
            for q in qs:
                country, person = self._qualifier_country(q)
                k = q.j + 1 if q.j < len(toks) and norms[q.j] in ("'s", "'") else q.j
                if q.kind == "capital" and k == q.j:
                    continue  # a capital qualifies only as a possessive: "Vessen's coast guard"
                for n in nouns_at.get(k, []):
                    if person and (n.target is None or n.target.kind != "sector"):
                        continue
                    out.append(_Cand(q.i, n.j, "composite", q.target, country, n.target))
                # "Ostmark's Admiralty", "Venezuela's Maduro": the country names its own actor
                if k > q.j and not person:
                    out += [
                        _Cand(q.i, a.j, "alias", a.target, key=a.key)
                        for a in cands
                        if a.i == k
                        and a.kind == "alias"
                        and a.target is not None
                        and self.entries[a.target.ref].country == country
                    ]
        # "the armed forces of Colombia", "the president of Brazil", "officials in Colombia"
        for ns in nouns_at.values():
            for n in ns:
                if n.j >= len(toks) or norms[n.j] not in ("of", "in"):
                    continue
                if norms[n.j] == "in" and not (
                    n.target and n.target.kind == "sector" and self.sectors[n.target.ref].state
                ):
                    continue
                k = n.j + 1
                if k < len(toks) and norms[k] == "the":
                    k += 1
                for q in quals_at.get(k, []):
                    state = self.entries[q.target.ref] if q.target is not None else None
                    if state is None or state.type != "state":
                        continue
                    # "the armed forces of Colombia"; "officials in Serrac" (a capital only after "in")
                    if q.kind == "alias" or (q.kind == "capital" and norms[n.j] == "in"):
                        out.append(_Cand(n.i, q.j, "composite", q.target, state.id, n.target))
        return out

    def _phrase_match(self, c: _Cand, date: str, text: str, start: int, end: int) -> PhraseMatch | None:
        t = c.target
        assert t is not None
        if c.kind in ("alias", "demonym", "capital"):
            entry = self.entries[t.ref]
            if not self.usable(entry, date):
                return None
            if c.kind == "alias":
                code = entry.code_at(date)
            elif c.kind == "capital":
                code = entry.code + "GOV"
            else:
                code = entry.code
            m = ActorMatch(entry, code, c.kind, SCORES[c.kind], sector="GOV" if c.kind == "capital" else "")
            return PhraseMatch(start, end, text, c.kind, m, entry.country, ambiguous=t.ambiguous)
        if c.kind == "unqualified":
            holders = self._unqualified_holders(c, date)
            if len(holders) != 1:
                return PhraseMatch(start, end, text, "title", None)
            entry, role = holders[0]
            m = ActorMatch(
                entry, role.code or entry.code_at(date), "unqualified", SCORES["unqualified"], role.title
            )
            return PhraseMatch(start, end, text, "role", m, entry.country, title_key=role.key)
        if c.kind == "bare":
            kind = "sector" if t.kind == "sector" else "title"
            return PhraseMatch(
                start,
                end,
                text,
                kind,
                None,
                title_key=t.ref if kind == "title" else "",
                sector_key=t.ref if kind == "sector" else "",
            )
        # composite: country + sector noun or title
        noun = c.noun
        assert noun is not None
        state = self.entries[c.country]
        if not self.usable(state, date):
            return None
        if noun.kind == "sector":
            return PhraseMatch(
                start,
                end,
                text,
                "composite",
                self.composite(c.country, noun.ref),
                c.country,
                sector_key=noun.ref,
            )
        found = self.holders(noun.ref, c.country, date)
        if len({e.id for e, _ in found}) != 1:
            # No single holder known on this date: the title still names the state's office.
            office = ActorMatch(
                state, state.code + self.title_codes.get(noun.ref, "GOV"), "title", SCORES["title"], text
            )
            return PhraseMatch(start, end, text, "title", office, c.country, title_key=noun.ref)
        entry, role = found[0]
        m = ActorMatch(entry, role.code or entry.code_at(date), "role", SCORES["role"], role.title)
        return PhraseMatch(start, end, text, "role", m, c.country, title_key=noun.ref)

    def _unqualified_holders(self, c: _Cand, date: str) -> list[tuple[ActorEntry, RoleEntry]]:
        out: dict[str, tuple[ActorEntry, RoleEntry]] = {}
        for t in self._index.get(c.key, ()):
            if t.kind != "unqualified":
                continue
            entry_id, _, k = t.ref.partition("#")
            entry = self.entries[entry_id]
            role = entry.roles[int(k)]
            if role.valid_at(date) and self.usable(entry, date):
                out[entry.id] = (entry, role)
        return list(out.values())


def _resolve_path(f: str | Path) -> Path:
    p = Path(f)
    if p.suffix != ".toml":
        bundled = {b.stem: b for b in bundled_files()}
        if str(f) in bundled:
            return bundled[str(f)]
        names = ", ".join(sorted(bundled))
        raise ConfigError(f"actor dictionary {f!r} is neither a .toml file nor a bundled file ({names})")
    return p


@lru_cache(maxsize=8)
def _load_cached(paths: tuple[Path, ...]) -> ActorDictionary:
    tables = []
    for p in paths:
        try:
            tables.append((str(p), tomllib.loads(p.read_text(encoding="utf-8"))))
        except FileNotFoundError:
            raise ConfigError(f"actor dictionary {p} not found; check the path in your config") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                f"actor dictionary {p} is not valid TOML ({exc}); fix the line it names"
            ) from None
    return ActorDictionary.from_tables(tables)
