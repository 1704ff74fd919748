from __future__ import annotations

import pytest

from rashomon.extract.entities import group_entities
from rashomon.extract.quotes import extract_quotes, find_quoted_spans
from rashomon.model import Document


def _doc(make_article, text, mentions=()):
    doc: Document = make_article(text, mentions=mentions)
    doc.entities = group_entities(doc)
    return doc


def _check_offsets(doc, quotes):
    for q in quotes:
        for ev in (*q.evidence, *q.speaker_evidence, *q.cue_evidence):
            assert doc.text[ev.start : ev.end] == ev.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we will not yield to anyone” today.", ["we will not yield to anyone"]),
        ('She said "it is over" now.', ["it is over"]),
        (
            "The ministry called it ‘a provocation that threatens stability.’ Later.",
            ["a provocation that threatens stability."],
        ),
        ("They’re sure Washington’s plan failed.", []),
    ],
)
def test_quotes_find_quoted_spans_tells_apostrophes_apart(text, expected):
    assert [text[s:e] for s, e in find_quoted_spans(text)] == expected


def test_quotes_speaker_after_line_break_title(make_article):
    text = (
        "‘This is not just about drugs,’ said retired U.S.\nGeneral Thomas Carter, who has advised the "
        "Pentagon on Latin American operations. ‘It’s about establishing a foothold.’"
    )
    doc = _doc(make_article, text, [("U.S.", "GPE"), ("Thomas Carter", "PERSON"), ("Pentagon", "ORG")])
    quotes = extract_quotes(doc)
    assert [q.speaker.name for q in quotes] == ["Thomas Carter", "Thomas Carter"]
    first = quotes[0]
    assert first.speaker_evidence[0].text == "retired U.S.\nGeneral Thomas Carter"
    assert first.speaker.credentials.startswith("retired U.S. General")
    assert "advised the Pentagon" in first.speaker.credentials
    assert first.cue == "said"
    assert quotes[1].cue == ""  # continuation: the speaker is inherited
    _check_offsets(doc, quotes)


def test_quotes_dr_split_across_line_and_credentials_carry_over(make_article):
    text = (
        "‘This strike signals a shift in strategy,’ said Dr.\nMaria Lopez, a geopolitical analyst at the "
        "International Security Institute. Markets fell. ‘The U.S. has the capability to act "
        "within weeks,’ said Dr.\nLopez."
    )
    doc = _doc(
        make_article,
        text,
        [
            ("Maria Lopez", "PERSON"),
            ("International Security Institute", "ORG"),
            ("U.S.", "GPE"),
            ("Lopez", "PERSON"),
        ],
    )
    quotes = extract_quotes(doc)
    assert [q.speaker.name for q in quotes] == ["Maria Lopez", "Maria Lopez"]
    assert quotes[1].speaker_evidence[0].text == "Dr.\nLopez"
    assert all(
        q.speaker.credentials == "a geopolitical analyst at the International Security Institute"
        for q in quotes
    )
    _check_offsets(doc, quotes)


def test_quotes_cue_before_with_colon(make_article):
    text = 'Dalvang said: "Our fishermen have worked these waters for generations."'
    doc = _doc(make_article, text, [("Dalvang", "PERSON")])
    [q] = extract_quotes(doc)
    assert (q.speaker.name, q.cue, q.direct, q.partial) == ("Dalvang", "said", True, False)
    assert q.content == "Our fishermen have worked these waters for generations."


def test_quotes_partial_quote_takes_sentence_subject(make_article):
    text = (
        "Venezuela’s foreign ministry issued a statement, calling the incident ‘a provocation that "
        "threatens regional stability.’"
    )
    doc = _doc(make_article, text, [("Venezuela", "GPE")])
    quotes = [q for q in extract_quotes(doc) if q.direct]
    assert len(quotes) == 1
    q = quotes[0]
    assert q.partial
    assert q.cue == "calling"
    assert q.speaker.name == "Venezuela’s foreign ministry"
    assert q.speaker.type == "organization"


def test_quotes_speaker_named_two_sentences_earlier(make_article):
    text = (
        "Its chairman, Pieter Hallen, arrived at the harbour shortly after dawn. His nephew "
        "was among the crew. "
        '"They were fishermen, not smugglers. They had nets on deck, not rifles."'
    )
    doc = _doc(make_article, text, [("Pieter Hallen", "PERSON")])
    [q] = extract_quotes(doc)
    assert q.speaker.name == "Pieter Hallen"
    assert q.content.startswith("They were fishermen")


def test_quotes_spokesperson_for_ministry_is_the_ministry(make_article):
    text = (
        "‘France has always advocated for peaceful resolution,’ said a spokesperson for the "
        "French Ministry of Foreign Affairs."
    )
    doc = _doc(make_article, text, [("France", "GPE"), ("the French Ministry of Foreign Affairs", "ORG")])
    [q] = extract_quotes(doc)
    assert q.speaker.name == "French Ministry of Foreign Affairs"
    assert q.speaker.type == "organization"
    assert q.speaker.credentials == "a spokesperson"
    assert q.speaker_evidence[0].text == "a spokesperson for the French Ministry of Foreign Affairs"


@pytest.mark.parametrize(
    ("text", "mentions", "name", "kind", "chain"),
    [
        (
            (
                "According to leaked intelligence reports obtained by Gazeta, Washington has been "
                "conducting covert exercises."
            ),
            [("Gazeta", "ORG"), ("Washington", "GPE")],
            "leaked intelligence reports obtained by Gazeta",
            "document",
            ("leaked intelligence reports", "Gazeta"),
        ),
        (
            "A number of experts believe that the military is preparing for an operation.",
            [],
            "A number of experts",
            "collective",
            (),
        ),
        (
            "Brandt warned that Veltria would sink any warship that entered its waters.",
            [("Brandt", "PERSON"), ("Veltria", "GPE")],
            "Brandt",
            "person",
            (),
        ),
    ],
)
def test_quotes_attribute_reported_speech(make_article, text, mentions, name, kind, chain):
    doc = _doc(make_article, text, mentions)
    [q] = extract_quotes(doc)
    assert (q.speaker.name, q.speaker.type, q.chain, q.direct) == (name, kind, chain, False)
    assert q.cue_evidence
    assert q.evidence[0].text in text
    _check_offsets(doc, [q])


def test_quotes_scare_quotes_are_not_quotes(make_article):
    doc = _doc(
        make_article, "The strategy rests on “national exceptionalism” and an “existential emergency.”"
    )
    assert extract_quotes(doc) == ()
