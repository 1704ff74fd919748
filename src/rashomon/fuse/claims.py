"""Claim clusters: equivalent claims from different sources, with who supports and who contradicts.

:func:`cluster_claims` groups :class:`~rashomon.model.Claim` records that state the same thing —
close in meaning (sentence embeddings), about the same actors and the same fused event — into
:class:`~rashomon.model.ClaimCluster` records. Claims that deny the statement or give a figure
that cannot also be true stay in the cluster as contradictions (see
:mod:`rashomon.fuse.corroboration`); near-copies count once.

How it scales: each claim is compared only with the clusters registered under its rarest content
words, fused actors and fused events (at most ``max_candidates`` per key), never with every
other claim. Re-fusion after a few new articles rebuilds only the clusters that share a key with a
new or removed claim.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from rashomon.fuse.corroboration import NEAR_COPY_JACCARD, claim_counts, corroborate, normalize_unit
from rashomon.fuse.embeddings import Encoder, get_encoder
from rashomon.model import (
    Article,
    Claim,
    ClaimCluster,
    CorpusView,
    EventCluster,
    Evidence,
    FusedActor,
    record_id,
)
from rashomon.registry import stage

__all__ = ["ClaimFusionOptions", "cluster_claims", "fuse_claims"]

logger = logging.getLogger(__name__)

STAGE = "fuse.claims.v1"

# Cosine to a cluster's centroid at or above which a claim joins it, per encoder. Calibrated with
# scripts/calibrate_claims.py on ECB+ train+dev topics (sentence pairs across documents of one
# topic, positive when they report a coreferent event; never the test topics):
# - claims not tied to one fused event: the lowest threshold with precision >= 0.9 on that proxy
#   (MiniLM 0.83: recall 0.08; hashing 0.48) — a wrong merge fakes a contradiction;
# - claims about the same fused event (the proxy's positives already share that much): the
#   threshold with precision about 0.8 (MiniLM 0.70: recall 0.28; hashing 0.35).
# Claims about two different fused events never cluster.
MIN_SIMILARITY = {"minilm": 0.83, "hashing": 0.48}
SAME_EVENT_SIMILARITY = {"minilm": 0.70, "hashing": 0.35}
# Weak structured evidence: shared fused actors and counted units nudge the score.
SHARED_ACTOR_BONUS = 0.05
OTHER_ACTOR_PENALTY = 0.10
SHARED_UNIT_BONUS = 0.05
# A claim joins a cluster only if it is also close to the cluster's first claim: centroids of
# growing clusters drift toward generic wording (seen on the demo corpus), seeds do not.
SEED_MARGIN = 0.10

_WORD = re.compile(r"[a-z][a-z'’-]{2,}")
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "that",
        "with",
        "this",
        "from",
        "have",
        "has",
        "had",
        "was",
        "were",
        "are",
        "been",
        "being",
        "will",
        "would",
        "could",
        "should",
        "said",
        "says",
        "say",
        "told",
        "according",
        "also",
        "than",
        "then",
        "them",
        "they",
        "their",
        "there",
        "these",
        "those",
        "which",
        "while",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "into",
        "onto",
        "over",
        "under",
        "after",
        "before",
        "about",
        "against",
        "between",
        "during",
        "without",
        "within",
        "its",
        "it's",
        "his",
        "her",
        "hers",
        "our",
        "ours",
        "your",
        "yours",
        "not",
        "but",
        "nor",
        "any",
        "all",
        "some",
        "such",
        "only",
        "very",
        "more",
        "most",
        "other",
        "another",
        "each",
        "every",
        "both",
        "either",
        "neither",
        "one",
        "two",
        "three",
        "many",
        "much",
        "few",
        "new",
        "now",
        "yet",
        "just",
        "like",
        "still",
        "even",
        "because",
        "since",
        "until",
        "upon",
        "did",
        "does",
        "doing",
        "done",
        "can",
        "may",
        "might",
        "must",
        "shall",
    ]
)


@dataclass(frozen=True, slots=True)
class ClaimFusionOptions:
    """How claims are matched.

    Attributes:
        encoder: ``auto`` (MiniLM when installed), ``minilm`` or ``hashing``.
        min_similarity: Cosine a claim needs to join a cluster; ``None`` uses the calibrated
            value for the encoder (``MIN_SIMILARITY``).
        min_similarity_same_event: The same for claims about one fused event; ``None`` uses
            ``SAME_EVENT_SIMILARITY``.
        max_candidates: Clusters compared per blocking key (the most recent ones).
        max_key_share: A content word held by more than this share of all claims (and more
            than 50 claims) is too common to block on.
        near_copy: Word-trigram Jaccard at or above which two claims are one source.
        incremental: Reuse stored clusters of an earlier run that no new claim touches.
    """

    encoder: str = "auto"
    min_similarity: float | None = None
    min_similarity_same_event: float | None = None
    max_candidates: int = 16
    max_key_share: float = 0.05
    near_copy: float = NEAR_COPY_JACCARD
    incremental: bool = True


DEFAULT_OPTIONS = ClaimFusionOptions()


def _method(options: ClaimFusionOptions, encoder: str) -> str:
    blob = json.dumps({**dataclasses.asdict(options), "encoder": encoder}, sort_keys=True)
    return f"{STAGE}:{hashlib.sha256(blob.encode()).hexdigest()[:12]}"


@dataclass(slots=True)
class _Item:
    index: int
    claim: Claim
    words: frozenset[str]
    actors: frozenset[str]
    events: frozenset[str]
    units: frozenset[str]
    keys: tuple[str, ...] = ()


class _Cluster:
    __slots__ = ("actors", "events", "members", "registered", "seed", "units", "vec")

    def __init__(self, item: _Item, vec: NDArray[np.float32]) -> None:
        self.members = [item]
        self.seed = vec.copy()
        self.vec = vec.copy()
        self.actors = set(item.actors)
        self.events = set(item.events)
        self.units = set(item.units)
        self.registered: set[str] = set()

    def add(self, item: _Item, vec: NDArray[np.float32]) -> None:
        self.members.append(item)
        self.vec += vec
        self.actors.update(item.actors)
        self.events.update(item.events)
        self.units.update(item.units)


def _score(item: _Item, vec: NDArray[np.float32], cl: _Cluster, thresholds: tuple[float, float]) -> float:
    """Return the margin by which ``item`` clears the threshold that applies (negative: it does not)."""
    threshold = thresholds[0]
    if item.events and cl.events:
        if not item.events & cl.events:
            return -1.0  # about another real-world event: never the same claim
        threshold = thresholds[1]
    if float(vec @ cl.seed) < threshold - SEED_MARGIN:
        return -1.0  # the centroid may have drifted; a member must still be close to the seed
    norm = float(np.linalg.norm(cl.vec))
    score = (float(vec @ cl.vec) / norm if norm else 0.0) - threshold
    if item.actors and cl.actors:
        score += SHARED_ACTOR_BONUS if item.actors & cl.actors else -OTHER_ACTOR_PENALTY
    if item.units & cl.units:
        score += SHARED_UNIT_BONUS
    return score


def _items(
    claims: Sequence[Claim],
    fused: Mapping[str, str],
    event_cluster: Mapping[str, str],
    max_key_share: float,
) -> list[_Item]:
    items = []
    for i, c in enumerate(claims):
        words = frozenset(w.strip("'’-") for w in _WORD.findall(c.text.lower())) - _STOP
        numbers = claim_counts(c)
        items.append(
            _Item(
                index=i,
                claim=c,
                words=frozenset(w for w in words if len(w) > 2),
                actors=frozenset(fused[e] for e in c.entity_ids if e in fused),
                events=frozenset(event_cluster[e] for e in c.event_ids if e in event_cluster),
                units=frozenset(normalize_unit(n.unit) for n in numbers),
            )
        )
    df = Counter(w for it in items for w in it.words)
    limit = max(50, int(max_key_share * len(items)))
    for it in items:
        rare = sorted((w for w in it.words if df[w] <= limit), key=lambda w: (df[w], w))
        keys = [f"w:{w}" for w in rare[:8]]  # the rarest words say most about what is claimed
        keys += [f"a:{a}" for a in sorted(it.actors)] + [f"e:{e}" for e in sorted(it.events)]
        it.keys = tuple(keys) or ("*",)
    return items


def _order(items: Sequence[_Item], published: Mapping[str, str | None]) -> list[_Item]:
    def key(it: _Item) -> tuple[str, str, int, str]:
        start = it.claim.evidence[0].start if it.claim.evidence else 0
        return (published.get(it.claim.article_id) or "", it.claim.article_id, start, it.claim.id)

    return sorted(items, key=key)


def _cluster_items(
    items: Sequence[_Item], vecs: NDArray[np.float32], thresholds: tuple[float, float], max_candidates: int
) -> list[_Cluster]:
    blocks: dict[str, list[_Cluster]] = defaultdict(list)
    clusters: list[_Cluster] = []
    for row, it in enumerate(items):
        vec = vecs[row]
        best: _Cluster | None = None
        best_score = 0.0
        seen: set[int] = set()
        for key in it.keys:
            for cl in reversed(blocks.get(key, ())[-max_candidates:]):
                if id(cl) in seen:
                    continue
                seen.add(id(cl))
                s = _score(it, vec, cl, thresholds)
                if s >= best_score and (best is None or s > best_score):
                    best, best_score = cl, s
        if best is None:
            best = _Cluster(it, vec)
            clusters.append(best)
        else:
            best.add(it, vec)
        for key in it.keys:
            if key not in best.registered:
                best.registered.add(key)
                blocks[key].append(best)
    return clusters


def _record(cl: _Cluster, articles: Mapping[str, Article], near_copy: float, method: str) -> ClaimCluster:
    claims = [it.claim for it in cl.members]
    corr = corroborate(claims, articles, near_copy=near_copy)
    anchor = next(c for c in claims if c.id == corr.anchor)
    evidence: list[Evidence] = []
    for c in claims:
        evidence.extend(c.evidence)
    return ClaimCluster(
        id=record_id("ccl", claims[0].id),
        claim_ids=corr.claim_ids,
        supports=corr.supports,
        contradicts=corr.contradicts,
        evidence=tuple(evidence),
        text=anchor.text,
        independent_sources=len(corr.independent_supports),
        article_ids=tuple(sorted({c.article_id for c in claims})),
        contradicting_sources=len(corr.independent_contradicts),
        divergences=dict(corr.divergences),
        reasons=dict(corr.reasons),
        event_cluster_ids=tuple(sorted(cl.events)),
        method=method,
    )


def _plan(
    items: Sequence[_Item], previous: Sequence[ClaimCluster], method: str
) -> tuple[list[ClaimCluster], list[int]]:
    by_id = {it.claim.id: it for it in items}
    usable = [c for c in previous if c.method == method]
    clustered = {cid for c in usable for cid in c.claim_ids}
    new = [it for it in items if it.claim.id not in clustered]
    touched = {k for it in new for k in it.keys}
    damaged = [c for c in usable if any(cid not in by_id for cid in c.claim_ids)]
    for c in damaged:
        touched.update(k for cid in c.claim_ids if cid in by_id for k in by_id[cid].keys)
    kept: list[ClaimCluster] = []
    refuse = [it.index for it in new]
    for c in usable:
        members = [by_id[cid] for cid in c.claim_ids if cid in by_id]
        if len(members) < len(c.claim_ids) or any(touched.intersection(m.keys) for m in members):
            refuse.extend(m.index for m in members)
        else:
            kept.append(c)
    return kept, sorted(set(refuse))


def cluster_claims(
    claims: Sequence[Claim],
    articles: Iterable[Article],
    event_clusters: Iterable[EventCluster] = (),
    actors: Iterable[FusedActor] = (),
    previous: Sequence[ClaimCluster] | None = None,
    options: ClaimFusionOptions = DEFAULT_OPTIONS,
    encoder: Encoder | None = None,
) -> list[ClaimCluster]:
    """Group equivalent claims across articles and say who supports and who contradicts each.

    Args:
        claims: Every claim of the corpus.
        articles: The corpus's articles (``duplicate_of``, publication dates).
        event_clusters: Fused events: claims about the same fused event are drawn together,
            claims about different ones kept apart.
        actors: Fused actors: claims naming the same actor are drawn together.
        previous: Clusters of an earlier run; with ``options.incremental`` those no new or
            removed claim touches are returned unchanged.
        options: See :class:`ClaimFusionOptions`.
        encoder: The sentence encoder; by default ``options.encoder``.

    Returns:
        One :class:`ClaimCluster` per distinct claim (singletons included), largest first.
    """
    articles_by_id = {a.id: a for a in articles}
    encoder = encoder or get_encoder(options.encoder)
    text_t = options.min_similarity
    if text_t is None:
        text_t = MIN_SIMILARITY.get(encoder.name, MIN_SIMILARITY["minilm"])
    event_t = options.min_similarity_same_event
    if event_t is None:
        event_t = SAME_EVENT_SIMILARITY.get(encoder.name, SAME_EVENT_SIMILARITY["minilm"])
    method = _method(options, encoder.name)
    fused = {eid: a.id for a in actors for eid in a.entity_ids}
    event_cluster = {eid: c.id for c in event_clusters for eid in c.event_ids}
    items = _items(claims, fused, event_cluster, options.max_key_share)
    kept: list[ClaimCluster] = []
    todo: Sequence[_Item] = items
    if previous and options.incremental:
        kept, refuse = _plan(items, previous, method)
        todo = [items[i] for i in refuse]
        logger.info("re-fusing %d of %d claims (%d clusters kept)", len(todo), len(items), len(kept))
    ordered = _order(todo, {aid: a.published for aid, a in articles_by_id.items()})
    vecs = encoder.encode([it.claim.text for it in ordered]) if ordered else np.zeros((0, encoder.dim))
    built = [
        _record(cl, articles_by_id, options.near_copy, method)
        for cl in _cluster_items(ordered, vecs.astype(np.float32), (text_t, event_t), options.max_candidates)
    ]
    return sorted([*kept, *built], key=lambda c: (-len(c.claim_ids), c.id))


@stage(STAGE, requires=("claims",), assigns=("claim_clusters",), scope="corpus")
def fuse_claims(corpus: CorpusView, options: ClaimFusionOptions = DEFAULT_OPTIONS) -> list[ClaimCluster]:
    """Cluster the corpus's claims and record who supports and who contradicts each.

    Args:
        corpus: The stored corpus: articles, claims, fused actors and event clusters.
        options: See :class:`ClaimFusionOptions`.

    Returns:
        Claim clusters with supports, contradictions (and why) and independent source counts.
    """
    previous = list(corpus.records("claim_cluster")) if options.incremental else None
    return cluster_claims(
        list(corpus.records("claim")),
        corpus.articles(),
        event_clusters=list(corpus.records("event_cluster")),
        actors=list(corpus.records("actor")),
        previous=previous,
        options=options,
    )
