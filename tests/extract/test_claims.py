from __future__ import annotations

import pytest

from rashomon.extract.checkworthy import score_checkworthiness
from rashomon.extract.claims import extract_claims, find_hedges, find_numbers, label_kind, label_modality
from rashomon.extract.entities import group_entities
from rashomon.extract.quotes import extract_quotes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("attacks that have killed nearly 100 civilians", [(100.0, "civilians", "nearly")]),
        ("more than 20 airstrikes against vessels", [(20.0, "airstrikes", "more than")]),
        ("Twelve people were killed", [(12.0, "people", "")]),
        ("called up 15,000 reservists", [(15000.0, "reservists", "")]),
        ("in 2024 the talks collapsed", []),
    ],
)
def test_claims_find_numbers(text, expected):
    assert [(c.value, c.unit, c.qualifier) for c in find_numbers(text)] == expected


def test_claims_hedges_and_modality():
    text = "The alleged strike, though unconfirmed by U.S. officials, has sparked concern."
    hedges = find_hedges(text)
    assert "alleged" in hedges
    assert "unconfirmed by U.S. officials" in hedges
    assert label_modality(text, hedges) == "unconfirmed"
    assert label_modality("The ministry denied that any vessel fired.", ()) == "denied"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The war could last months, if not years.", "prediction"),
        ("We stand with the nations that are resisting.", "opinion"),
        ("Twelve people were killed on Tuesday.", "factual"),
    ],
)
def test_claims_label_kind(text, kind):
    assert label_kind(text) == kind


def test_claims_checkworthiness_ranks_factual_above_chatter():
    factual, chatter = score_checkworthiness(
        ["The unemployment rate fell to 4.1 percent last year.", "Thank you all for coming tonight."]
    )
    assert 0.0 <= chatter < factual <= 1.0


def test_claims_link_quoted_source_and_outlet(make_article):
    text = (
        "Twelve people were killed when the trawler was struck on Tuesday. "
        "Brandt said that no Veltrian vessel fired on any fishing boat."
    )
    doc = make_article(text, mentions=[("Brandt", "PERSON")], outlet="Sarn Herald")
    doc.entities = group_entities(doc)
    doc.quotes = extract_quotes(doc)
    claims = extract_claims(doc)
    by_outlet = [c for c in claims if c.asserted_by.source_type == "outlet"]
    by_source = [c for c in claims if c.quote_id]
    assert by_outlet
    assert by_outlet[0].asserted_by.source == "Sarn Herald"
    assert by_outlet[0].numbers[0].value == 12
    assert by_source
    assert by_source[0].asserted_by.source == "Brandt"
    assert by_source[0].modality == "asserted" or by_source[0].modality == "denied"
    for c in claims:
        ev = c.evidence[0]
        assert doc.text[ev.start : ev.end] == ev.text
