from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import pytest

from rashomon.fuse.claims import ClaimFusionOptions, cluster_claims
from rashomon.fuse.corroboration import (
    canonical_sources,
    consensus,
    corroborate,
    counts_conflict,
    independent_groups,
    is_negative,
    parse_counts,
    parse_divergence,
)
from rashomon.model import Article, Attribution, Claim, Count, Document, EventCluster, record_id

Maker = Callable[..., Document]
OPTIONS = ClaimFusionOptions(encoder="hashing")


def claim(
    make_article: Maker,
    text: str,
    outlet: str,
    published: str = "2031-03-05",
    *,
    modality: str = "asserted",
    duplicate_of: str | None = None,
    event_ids: Sequence[str] = (),
    article: Article | None = None,
) -> tuple[Article, Claim]:
    if article is None:
        doc = make_article(text, outlet=outlet, published=published)
        article = doc.article
        ev = doc.evidence(0, len(doc.text))
        text = doc.text
    else:
        start = article.text.index(text)
        from rashomon.model import evidence_for

        ev = evidence_for(article, start, start + len(text))
    if duplicate_of is not None:
        article = dataclasses.replace(article, duplicate_of=duplicate_of)
    c = Claim(
        id=record_id("clm", article.id, text),
        article_id=article.id,
        text=text,
        asserted_by=Attribution(article.id),
        evidence=(ev,),
        modality=modality,
        event_ids=tuple(event_ids),
    )
    return article, c


@pytest.fixture
def toll(make_article: Maker) -> list[tuple[Article, Claim]]:
    herald = claim(
        make_article, "Twelve people were killed in the attack on the trawler Marit Solen.", "Sarn Herald"
    )
    wire = claim(
        make_article,
        "At least 20 people were killed in the attack on the trawler Marit Solen.",
        "Coastal Wire",
    )
    copy = claim(
        make_article,
        "At least 20 people were killed in the attack on the trawler Marit Solen!",
        "Meridian Post",
        duplicate_of=wire[0].id,
    )
    observer = claim(
        make_article,
        "Officials said twelve people were killed when the trawler Marit Solen came under attack.",
        "Harbour Times",
    )
    denial = claim(
        make_article,
        "Nobody was killed in any attack on the trawler Marit Solen, the ministry said.",
        "Veltria Today",
        modality="denied",
    )
    other = claim(
        make_article, "Lunesse imposed sanctions on three Veltrian shipbuilders.", "Lunesse Observer"
    )
    # The five accounts of the death toll are tied to one fused event, as the extractor does.
    toll = [(a, dataclasses.replace(c, event_ids=STRIKE)) for a, c in (herald, wire, copy, observer, denial)]
    return [*toll, other]


STRIKE = ("ev_strike_herald", "ev_strike_wire")
FUSED_STRIKE = EventCluster("ecl_strike", "ASSAULT", STRIKE, (), ())


def run(pairs: Sequence[tuple[Article, Claim]], **kwargs: object) -> list:
    kwargs.setdefault("event_clusters", [FUSED_STRIKE])
    return cluster_claims([c for _, c in pairs], [a for a, _ in pairs], options=OPTIONS, **kwargs)


def test_claims_equivalent_claims_cluster_and_others_stay_apart(toll: list[tuple[Article, Claim]]) -> None:
    clusters = run(toll)
    big = clusters[0]
    assert set(big.claim_ids) == {c.id for _, c in toll[:5]}
    assert [len(c.claim_ids) for c in clusters[1:]] == [1]


def test_claims_support_contradiction_and_reasons(toll: list[tuple[Article, Claim]]) -> None:
    big = run(toll)[0]
    herald, wire, copy, observer, denial = (c for _, c in toll[:5])
    assert big.text == herald.text  # the wording the most independent sources agree with
    assert set(big.supports) == {herald.id, observer.id}
    assert set(big.contradicts) == {wire.id, copy.id, denial.id}
    assert big.reasons[denial.id] == "denies it"
    assert big.reasons[wire.id].startswith("conflicting figure — killed: at least 20 killed vs 12 killed")


def test_claims_near_copies_count_once(toll: list[tuple[Article, Claim]]) -> None:
    big = run(toll)[0]
    assert big.independent_sources == 2  # Sarn Herald and Harbour Times
    assert big.contradicting_sources == 2  # Coastal Wire (its syndicated copy counts once) and the denial
    assert len(big.article_ids) == 5


def test_claims_divergent_numbers_listed_side_by_side(toll: list[tuple[Article, Claim]]) -> None:
    big = run(toll)[0]
    values = dict(parse_divergence(v) for v in big.divergences["numbers:killed"])
    herald, wire, copy, observer = (a.id for a, _ in toll[:4])
    assert values["12 killed"] == tuple(sorted((herald, observer)))
    assert values["at least 20 killed"] == tuple(sorted((wire, copy)))


def test_claims_different_fused_events_stay_apart(make_article: Maker) -> None:
    a = claim(
        make_article, "Three sailors were killed in the exchange of fire.", "Sarn Herald", event_ids=["ev1"]
    )
    b = claim(
        make_article, "Three sailors were killed in the exchange of fire!", "Coastal Wire", event_ids=["ev2"]
    )
    together = run([a, b], event_clusters=[EventCluster("ecl", "ASSAULT", ("ev1", "ev2"), (), ())])
    apart = run(
        [a, b],
        event_clusters=[
            EventCluster("ecl1", "ASSAULT", ("ev1",), (), ()),
            EventCluster("ecl2", "ASSAULT", ("ev2",), (), ()),
        ],
    )
    assert len(together) == 1
    assert len(apart) == 2


def test_claims_without_a_shared_event_need_closer_wording(toll: list[tuple[Article, Claim]]) -> None:
    unlinked = [(a, dataclasses.replace(c, event_ids=())) for a, c in toll]
    assert len(run(unlinked, event_clusters=[])) > len(run(toll))


def test_claims_incremental_keeps_untouched_clusters(toll: list[tuple[Article, Claim]]) -> None:
    first = run(toll[:2] + toll[5:])
    again = run(toll, previous=first)
    sanctions = next(c for c in first if "sanctions" in c.text)
    assert any(c is sanctions for c in again)
    assert sorted(len(c.claim_ids) for c in again) == [1, 5]


@pytest.mark.parametrize(
    ("text", "modality", "negative"),
    [
        ("No Veltrian vessel fired on any fishing boat.", "asserted", True),
        ("The so-called incident did not take place.", "asserted", True),
        ("A vessel fired on the trawler.", "denied", True),
        ("A vessel fired on the trawler.", "asserted", False),
        ("The ministry called it a cynical fabrication.", "asserted", True),
        ("Nobody was hurt, the Admiralty said.", "asserted", True),
        ("The Kingdom would not tolerate any attack on its vessels.", "asserted", False),
        ("Ostmark has not yet named the vessel's navy.", "asserted", False),
    ],
)
def test_is_negative(text: str, modality: str, negative: bool) -> None:
    assert is_negative(text, modality) is negative


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Twelve people were killed and nine are missing", [(12, "killed", ""), (9, "missing", "")]),
        ("At least 20 people were killed", [(20, "killed", "at least")]),
        ("Twenty-seven people are now feared dead", [(27, "killed", "")]),
        ("Nearly forty of our men are dead or lost at sea", [(40, "killed", "nearly")]),
        ("three of its sailors were killed", [(3, "killed", "")]),
        ("15,000 reservists were called up", [(15000, "troops", "")]),
        ("Forty thousand Veltrian troops are massing", [(40000, "troops", "")]),
    ],
)
def test_parse_counts(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert [(c.value, c.unit, c.qualifier) for c in parse_counts(text)] == expected


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        (Count(12, "killed"), Count(20, "dead", "at least"), True),
        (Count(27, "killed"), Count(20, "deaths", "at least"), False),
        (Count(38, "killed"), Count(40, "killed", "nearly"), False),
        (Count(12, "killed"), Count(40, "killed", "nearly"), True),
        (Count(12, "killed"), Count(9, "missing"), False),
        (Count(10, "killed", low=8, high=12), Count(11, "killed"), False),
    ],
)
def test_counts_conflict(a: Count, b: Count, conflict: bool) -> None:
    assert bool(counts_conflict([a], [b])) is conflict


def test_independent_groups_follow_copies_and_near_identical_text() -> None:
    articles = [Article("a", "x"), Article("b", "x", duplicate_of="a"), Article("c", "x"), Article("d", "x")]
    canonical = canonical_sources(articles)
    groups = independent_groups(
        [
            ("a", "The coast guard said twelve people were killed."),
            ("b", "Something else entirely, but a syndicated copy."),
            ("c", "The coast guard said twelve people were killed."),
            ("d", "Relatives said that 27 people are feared dead."),
        ],
        canonical,
    )
    assert groups == [[0, 1, 2], [3]]


def test_corroborate_never_drops_a_claim(toll: list[tuple[Article, Claim]]) -> None:
    claims = [c for _, c in toll[:5]]
    corr = corroborate(claims, {a.id: a for a, _ in toll})
    assert sorted(corr.supports + corr.contradicts) == sorted(c.id for c in claims)
    assert set(corr.reasons) == set(corr.contradicts)


def test_consensus_cites_what_it_outweighed() -> None:
    result = consensus({"12": ["a", "c", "d"], "at least 20": ["b", "b2"], "27": ["e"]}, {"b2": "b"})
    assert result.value == "12"
    assert result.supported_by == ("a", "c", "d")
    assert result.outweighed == {"at least 20": ("b",), "27": ("e",)}


def test_consensus_refuses_a_tie() -> None:
    result = consensus({"12": ["a"], "20": ["b"]})
    assert result.value is None
    assert set(result.outweighed) == {"12", "20"}
