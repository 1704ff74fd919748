from collections.abc import Callable
from dataclasses import replace

import pytest

from rashomon.analyze.credibility import (
    CredibilityOptions,
    find_anonymous_sources,
    score_credibility,
)
from rashomon.extract.entities import group_entities
from rashomon.model import Document, Quote, Role, Speaker
from rashomon.nlp.dates import find_dates

Make = Callable[..., Document]


def _prepare(doc: Document) -> Document:
    doc.entities = group_entities(doc)
    doc.dates = tuple(find_dates(doc.text, doc.sentences, doc.article.published))
    doc.assigned.update({"entities", "dates", "quotes"})
    return doc


def _signals(doc: Document, kind: str) -> list:
    return [s for s in score_credibility(doc) if s.kind == kind]


def _assert_provenance(doc: Document) -> None:
    for s in score_credibility(doc):
        for e in s.evidence:
            assert doc.text[e.start : e.end] == e.text


@pytest.mark.parametrize(
    ("text", "expected", "label"),
    [
        ("A number of experts believe the navy is ready.", "A number of experts", "collective"),
        ("The answer, according to most analysts, is unclear.", "most analysts", "collective"),
        (
            "According to leaked intelligence reports obtained by Gazeta.ru, troops trained.",
            "leaked intelligence reports obtained by Gazeta.ru",
            "document",
        ),
        (
            "Sources close to the Admiralty say crews are short.",
            "Sources close to the Admiralty say",
            "anonymous",
        ),
        ("Insiders say the minister approved it.", "Insiders say", "anonymous"),
        (
            "It is widely acknowledged in defence circles that nobody is ready.",
            "It is widely acknowledged",
            "collective",
        ),
        (
            "The official, who spoke on condition of anonymity, gave a figure.",
            "who spoke on condition of anonymity",
            "anonymous",
        ),
        (
            "'We act lawfully,' said a spokesperson for the French Ministry of Foreign Affairs.",
            "a spokesperson for the French Ministry of Foreign Affairs",
            "unnamed_official",
        ),
        ("Veltria Today understands that Caldor offered support.", "Veltria Today understands", "unsourced"),
        ("Venezuelan officials say the plan was real.", "Venezuelan officials say", "collective"),
        ("Survivors described a grey ship.", "Survivors described", "collective"),
    ],
)
def test_credibility_finds_anonymous_sources(text: str, expected: str, label: str) -> None:
    found = find_anonymous_sources(text)
    assert (expected, label) in [(text[s:e], lab) for s, e, lab in found]


@pytest.mark.parametrize(
    "text",
    [
        "Foreign Minister Teodora Lisk said inspections were lawful.",
        "The coast guard confirmed 12 dead and nine missing.",
        "The Republic of Lunesse condemned the attack.",
    ],
)
def test_credibility_leaves_named_sources_alone(text: str) -> None:
    assert find_anonymous_sources(text) == []


def test_credibility_flags_untraceable_expert_with_generic_credentials(make_article: Make) -> None:
    doc = _prepare(
        make_article(
            "The strike signals a shift, said Dr. Maria Lopez, a geopolitical analyst at the International "
            "Security Institute. Lopez added more.",
            mentions=[
                ("Maria Lopez", "PERSON"),
                ("International Security Institute", "ORG"),
                ("Lopez", "PERSON"),
            ],
        )
    )
    [sig] = _signals(doc, "untraceable_source")
    assert (
        sig.evidence[0].text == "Maria Lopez, a geopolitical analyst at the International Security Institute"
    )
    assert "International Security Institute" in sig.detail
    _assert_provenance(doc)


@pytest.mark.parametrize(
    ("text", "name", "credential"),
    [
        (
            "Norwegian journalist and defense analyst Henrik Hegset reported a strike.",
            "Henrik Hegset",
            "Norwegian journalist and defense analyst Henrik Hegset",
        ),
        (
            "It matters, said José Mendez, a former Venezuelan diplomat.",
            "José Mendez",
            "José Mendez, a former Venezuelan diplomat",
        ),
        (
            "It is a foothold, said retired U.S. General Thomas Carter.",
            "Thomas Carter",
            "retired U.S. General Thomas Carter",
        ),
    ],
)
def test_credibility_reads_credentials_before_and_after_the_name(
    make_article: Make, text: str, name: str, credential: str
) -> None:
    doc = _prepare(make_article(text, mentions=[(name, "PERSON")]))
    [sig] = _signals(doc, "untraceable_source")
    assert sig.evidence[0].text == credential


def test_credibility_trusts_office_holders_and_resolved_experts(make_article: Make) -> None:
    doc = _prepare(
        make_article(
            "Foreign Minister Teodora Lisk said talks would go on. Jane Roe, a senior analyst at the RAND "
            "Corporation, agreed.",
            mentions=[("Teodora Lisk", "PERSON"), ("Jane Roe", "PERSON"), ("RAND Corporation", "ORG")],
        )
    )
    assert [s.evidence[0].text for s in _signals(doc, "untraceable_source")] == [
        "Jane Roe, a senior analyst at the RAND Corporation"
    ]
    doc.entities = tuple(
        replace(e, dictionary_id="rand") if e.name == "RAND Corporation" else e for e in doc.entities
    )
    assert _signals(doc, "untraceable_source") == []


@pytest.mark.parametrize(
    ("text", "published", "kind", "evidence"),
    [
        ("November 19, 22025 — Leave a reply.", "2025-11-19", "impossible_date", ["November 19, 22025"]),
        ("By staff | March 16, 20031", "2031-03-16", "impossible_date", ["March 16, 20031"]),
        # 2031-03-04 is a Tuesday, not a Wednesday.
        (
            "Boats were hit on Wednesday, March 4, officials said.",
            "2031-03-05",
            "inconsistent_date",
            ["Wednesday, March 4"],
        ),
        (
            "The trawler was hit early on Tuesday, March 4. Nobody has commented on the March 3 sinking.",
            "2031-03-05",
            "inconsistent_date",
            ["March 4", "March 3"],
        ),
    ],
)
def test_credibility_flags_date_anomalies(
    make_article: Make, text: str, published: str, kind: str, evidence: list[str]
) -> None:
    doc = _prepare(make_article(text, published=published))
    [sig] = _signals(doc, kind)
    assert [e.text for e in sig.evidence] == evidence
    _assert_provenance(doc)


@pytest.mark.parametrize(
    "text",
    [
        "The trawler was hit on Tuesday, March 4. Talks began on March 11 after the March 4 attack.",
        "The operation began on February 20. Boats were hit on Tuesday, March 4.",
    ],
)
def test_credibility_accepts_consistent_dates(make_article: Make, text: str) -> None:
    doc = _prepare(make_article(text, published="2031-03-12"))
    assert _signals(doc, "inconsistent_date") == []


def _quoted(doc: Document, name: str, roles: tuple[Role, ...]) -> Document:
    ent = next(e for e in doc.entities if e.name == name)
    doc.entities = tuple(replace(e, roles=roles) if e.id == ent.id else e for e in doc.entities)
    start = doc.text.index("“") + 1
    end = doc.text.index("”")
    doc.quotes = (
        Quote(
            "quo_1",
            doc.article.id,
            Speaker(name, ent.id, "person", start=ent.mentions[0].start, end=ent.mentions[0].end),
            "said",
            doc.text[start:end],
            True,
            (doc.evidence(start, end),),
        ),
    )
    return doc


@pytest.mark.parametrize(
    ("roles", "flagged"),
    [
        ((Role("Secretary of Defense", "2025-01-25"),), False),
        ((Role("Secretary of Defense", "2017-01-20", "2019-01-01"),), True),
        ((Role("Governor of Texas", "2020-01-01"),), True),
    ],
)
def test_credibility_checks_quoted_titles_against_dated_roles(
    make_article: Make, roles: tuple[Role, ...], flagged: bool
) -> None:
    doc = _prepare(
        make_article(
            "Secretary of Defense Pete Hegseth said: “We will act.”",
            mentions=[("Pete Hegseth", "PERSON")],
            published="2025-11-07",
        )
    )
    doc = _quoted(doc, "Pete Hegseth", roles)
    found = _signals(doc, "role_anomaly")
    assert bool(found) is flagged
    if flagged:
        assert found[0].evidence[0].text == "Secretary of Defense Pete Hegseth"


def test_credibility_sourcing_profile_counts_named_and_anonymous(make_article: Make) -> None:
    doc = _prepare(
        make_article(
            "Insiders say the navy is ready. “We are ready,” said Teodora Lisk. Prices may rise.",
            mentions=[("Teodora Lisk", "PERSON")],
        )
    )
    lisk = doc.entities[0]
    start = doc.text.index("“") + 1
    end = doc.text.index("”")
    doc.quotes = (
        Quote(
            "quo_1",
            doc.article.id,
            Speaker(
                "Teodora Lisk", lisk.id, "person", start=lisk.mentions[0].start, end=lisk.mentions[0].end
            ),
            "said",
            doc.text[start:end],
            True,
            (doc.evidence(start, end),),
            speaker_evidence=(doc.evidence(lisk.mentions[0].start, lisk.mentions[0].end),),
        ),
    )
    [profile] = _signals(doc, "sourcing_profile")
    import json

    figures = json.loads(profile.detail)
    assert figures["statements"] == 1
    assert figures["named_traceable"] == 1
    assert figures["hedged_share"] == pytest.approx(1 / 3, abs=0.01)
    assert profile.score == 1.0


def test_credibility_options_switch_kinds_off_and_keep_earlier_signals(make_article: Make) -> None:
    doc = _prepare(make_article("Insiders say it happened on November 19, 22025."))
    off = CredibilityOptions(anonymous_sources=False, dates=False, profile=False)
    assert score_credibility(doc, off) == ()
    first = score_credibility(doc)
    doc.signals = first
    assert score_credibility(doc) == first
