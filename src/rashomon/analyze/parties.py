"""Parties: the canonical actor (or its state) behind an entity, an event participant or a speaker.

Stances and escalation speak of parties, not of spellings: "Brandt", "the Defence Minister"
and "Veltrian patrol boats" are all the Republic of Veltria at ``level="state"``, or each
its own fused actor at ``level="actor"``. A party is found, in order, from the fused actor
of ``fuse.actors`` (``Entity.actor_id``), the entity's dictionary id and country, the
CAMEO-style code (``VLTMIL`` → ``VLT``), and last the name as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rashomon.model import ActorRef, Entity, FusedActor

__all__ = ["Party", "PartyResolver"]

_STATE_TYPES = frozenset({"state", "country", "GPE"})


@dataclass(frozen=True, slots=True)
class Party:
    """A side in a stance or an escalation series: a stable key, a display name and a type.

    ``known`` is false for a name no dictionary, fusion or state resolved (a vessel, a one-off name).
    """

    key: str
    name: str
    type: str = ""
    known: bool = True


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


class PartyResolver:
    """Resolve entities, event participants and names to parties.

    Args:
        entities: Every stored entity (their ``actor_id``, ``country`` and ``code`` are used).
        actors: The fused actors, if ``fuse.actors`` ran.
        level: ``state`` rolls people and bodies up to the state they belong to (when known);
            ``actor`` keeps each fused actor.
    """

    def __init__(
        self, entities: Iterable[Entity], actors: Iterable[FusedActor] = (), level: str = "state"
    ) -> None:
        self.level = level
        self.entities: dict[str, Entity] = {e.id: e for e in entities}
        self.actors: dict[str, FusedActor] = {a.id: a for a in actors}
        self.states: dict[str, Party] = {}
        for a in self.actors.values():
            if a.type in _STATE_TYPES and a.code:
                self.states.setdefault(a.code, Party(f"actor:{a.id}", a.name, "state"))
        for e in self.entities.values():
            if e.type == "GPE" and e.code and e.code not in self.states and len(e.code) == 3:
                self.states[e.code] = Party(f"code:{e.code}", e.name, "state")

    def state(self, code: str) -> Party | None:
        """Return the state party of a country code (``VLT``, ``VLTMIL`` → VLT), when that state is known.

        Agent-only codes (``GOV``, ``MIL``) name no state and give ``None``.
        """
        return self.states.get(code[:3].upper())

    def of_entity(self, entity_id: str | None) -> Party | None:
        """Return the party of entity ``entity_id`` (``None`` for an unknown id)."""
        ent = self.entities.get(entity_id or "")
        if ent is None:
            return None
        actor = self.actors.get(ent.actor_id or "")
        country = (actor.country if actor else "") or ent.country
        code = (actor.code if actor else "") or ent.code
        if self.level == "state":
            if actor and actor.type in _STATE_TYPES:
                return Party(f"actor:{actor.id}", actor.name, "state")
            if country or code:
                found = self.state(country or code)
                if found:
                    return found
        if actor:
            known = bool(actor.dictionary_id) or actor.type in _STATE_TYPES or len(actor.entity_ids) > 1
            return Party(f"actor:{actor.id}", actor.name, actor.type, known)
        if ent.dictionary_id:
            return Party(f"dict:{ent.dictionary_id}", ent.name, ent.type)
        return Party(f"name:{_slug(ent.name)}", ent.name, ent.type, known=False)

    def of_ref(self, ref: ActorRef) -> Party | None:
        """Return the party of an event participant."""
        found = self.of_entity(ref.entity_id)
        if found:
            return found
        if ref.code and self.level == "state":
            state = self.state(ref.code)
            if state:
                return state
        if ref.name:
            return Party(f"name:{_slug(ref.name)}", ref.name, "", known=False)
        return None

    def names(self) -> Mapping[str, str]:
        """Return key → display name of every party seen so far (states and actors)."""
        out = {p.key: p.name for p in self.states.values()}
        out.update({f"actor:{a.id}": a.name for a in self.actors.values()})
        return out
