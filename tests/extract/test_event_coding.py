"""Event coding on hand-built parses (no model): one helper builds tokens with their dependencies."""

from collections.abc import Callable, Sequence

import pytest

from rashomon.extract.events import EventOptions, extract_events
from rashomon.ingest import article_id
from rashomon.model import Article, Document, Entity, Mention, Sentence, TimeExpression, Token, record_id
from rashomon.registry import get_stage

Row = tuple[str, str, str, str, int]  # word, lemma, POS, dependency, head (index in the sentence)


def parsed(
    rows: Sequence[Row],
    mentions: Sequence[tuple[str, str]] = (),
    codes: dict[str, str] | None = None,
    dates: Sequence[tuple[str, str, str]] = (),
    published: str | None = None,
) -> Document:
    """Build a one-sentence document from (word, lemma, pos, dep, head) rows (like spaCy's Doc)."""
    text = ""
    spans = []
    for word, *_ in rows:
        if text and word not in (".", ",", "'s", "’s"):
            text += " "
        spans.append((len(text), len(text) + len(word)))
        text += word
    article = Article(id=article_id(text), text=text, published=published)
    tokens = tuple(
        Token(i, s, e, w, lemma=lemma, pos=pos, dep=dep, head=head, sentence=0)
        for i, ((w, lemma, pos, dep, head), (s, e)) in enumerate(zip(rows, spans, strict=True))
    )
    found = []
    for surface, etype in mentions:
        start = text.index(surface)
        found.append(Mention(surface, start, start + len(surface), 0, etype))
    entities = []
    for m in found:
        eid = record_id("ent", article.id, m.text)
        linked = Mention(m.text, m.start, m.end, 0, m.type, eid)
        code = (codes or {}).get(m.text, "")
        entities.append(Entity(eid, article.id, m.text, m.type, (m.text,), (linked,), (), code=code))
    times = []
    for surface, value, precision in dates:
        start = text.index(surface)
        times.append(TimeExpression(surface, start, start + len(surface), 0, value, precision))
    doc = Document(
        article,
        sentences=(Sentence(0, 0, len(text), text),),
        tokens=tokens,
        mentions=tuple(found),
        dates=tuple(times),
        entities=tuple(entities),
    )
    doc.assigned.update({"sentences", "tokens", "mentions", "dates", "entities"})
    return doc


def only(doc: Document, **options: object) -> object:
    events = extract_events(doc, EventOptions(**options))  # type: ignore[arg-type]
    assert len(events) == 1, events
    return events[0]


RUSSIA_ATTACKED = [
    ("Russia", "Russia", "PROPN", "nsubj", 1),
    ("attacked", "attack", "VERB", "ROOT", 1),
    ("Ukraine", "Ukraine", "PROPN", "dobj", 1),
    ("on", "on", "ADP", "prep", 1),
    ("Monday", "Monday", "PROPN", "pobj", 3),
    (".", ".", "PUNCT", "punct", 1),
]


def test_events_code_who_did_what_to_whom_and_when() -> None:
    doc = parsed(
        RUSSIA_ATTACKED,
        [("Russia", "GPE"), ("Ukraine", "GPE")],
        {"Russia": "RUS"},
        [("Monday", "2031-03-10", "day")],
    )
    ev = only(doc)
    assert (ev.type, ev.cameo) == ("ASSAULT", "19")
    assert [(a.name, a.code) for a in ev.actors] == [("Russia", "RUS")]
    assert [r.name for r in ev.recipients] == ["Ukraine"]
    assert (ev.date, ev.date_precision, ev.date_text) == ("2031-03-10", "day", "Monday")
    assert ev.intensity < 0
    assert ev.modality == "asserted"
    assert [a.source for a in ev.reported_by] == [""]  # the article itself, no in-text source
    [e] = ev.evidence
    assert doc.text[e.start : e.end] == e.text == doc.text


def test_events_read_a_light_verb_and_its_event_noun_with_counts() -> None:
    rows = [
        ("US", "US", "PROPN", "compound", 1),
        ("forces", "force", "NOUN", "nsubj", 2),
        ("carried", "carry", "VERB", "ROOT", 2),
        ("out", "out", "ADP", "prt", 2),
        ("more", "more", "ADJ", "amod", 6),
        ("than", "than", "ADP", "quantmod", 6),
        ("20", "20", "NUM", "nummod", 7),
        ("airstrikes", "airstrike", "NOUN", "dobj", 2),
        ("against", "against", "ADP", "prep", 7),
        ("Venezuela", "Venezuela", "PROPN", "pobj", 8),
        (".", ".", "PUNCT", "punct", 2),
    ]
    ev = only(parsed(rows, [("US", "GPE"), ("Venezuela", "GPE")], {"US": "USA", "Venezuela": "VEN"}))
    assert (ev.type, ev.mode) == ("ASSAULT", "aerial")
    assert [(a.name, a.code) for a in ev.actors] == [("US forces", "USAMIL")]
    assert [(r.name, r.code) for r in ev.recipients] == [("Venezuela", "VEN")]
    assert [(c.value, c.unit, c.qualifier) for c in ev.counts] == [(20, "strikes", "more than")]
    assert ev.trigger == "carried … airstrikes"


def test_events_fold_a_threat_and_its_content_into_one_event() -> None:
    rows = [
        ("Iran", "Iran", "PROPN", "nsubj", 1),
        ("threatened", "threaten", "VERB", "ROOT", 1),
        ("to", "to", "PART", "aux", 3),
        ("attack", "attack", "VERB", "xcomp", 1),
        ("Iraq", "Iraq", "PROPN", "dobj", 3),
        (".", ".", "PUNCT", "punct", 1),
    ]
    ev = only(parsed(rows, [("Iran", "GPE"), ("Iraq", "GPE")]))
    assert (ev.type, [a.name for a in ev.actors], [r.name for r in ev.recipients]) == (
        "THREATEN",
        ["Iran"],
        ["Iraq"],
    )


def test_events_mark_what_the_text_says_did_not_happen() -> None:
    rows = [
        ("No", "no", "DET", "det", 2),
        ("Veltrian", "veltrian", "ADJ", "amod", 2),
        ("vessel", "vessel", "NOUN", "nsubj", 3),
        ("fired", "fire", "VERB", "ROOT", 3),
        ("on", "on", "ADP", "prep", 3),
        ("the", "the", "DET", "det", 6),
        ("boat", "boat", "NOUN", "pobj", 4),
        (".", ".", "PUNCT", "punct", 3),
    ]
    ev = only(parsed(rows, [("Veltrian", "NORP")]))
    assert (ev.type, ev.modality) == ("ASSAULT", "negated")
    assert [r.name for r in ev.recipients] == ["boat"]


def test_events_keep_who_reports_them_and_hedge_leaked_reports() -> None:
    rows = [
        ("According", "accord", "VERB", "prep", 7),
        ("to", "to", "ADP", "prep", 0),
        ("leaked", "leak", "VERB", "amod", 3),
        ("reports", "report", "NOUN", "pobj", 1),
        (",", ",", "PUNCT", "punct", 7),
        ("the", "the", "DET", "det", 6),
        ("army", "army", "NOUN", "nsubj", 7),
        ("deployed", "deploy", "VERB", "ROOT", 7),
        ("troops", "troop", "NOUN", "dobj", 7),
        (".", ".", "PUNCT", "punct", 7),
    ]
    ev = only(parsed(rows))
    assert (ev.type, ev.mode, ev.modality) == ("MOBILIZE", "troops", "alleged")
    assert [(a.source, a.source_type) for a in ev.reported_by] == [
        ("", "outlet"),
        ("leaked reports", "document"),
    ]
    assert [(a.name, a.code) for a in ev.actors] == [("army", "MIL")]


def test_events_drop_verbs_with_no_one_acting() -> None:
    rows = [
        ("Attacking", "attack", "VERB", "csubj", 2),
        ("Ukraine", "Ukraine", "PROPN", "dobj", 0),
        ("is", "be", "AUX", "ROOT", 2),
        ("wrong", "wrong", "ADJ", "acomp", 2),
        (".", ".", "PUNCT", "punct", 2),
    ]
    assert extract_events(parsed(rows, [("Ukraine", "GPE")])) == ()


@pytest.mark.parametrize(
    ("text", "mentions", "type_", "actor", "recipient"),
    [
        ("Russia invaded Ukraine.", [("Russia", "GPE"), ("Ukraine", "GPE")], "ASSAULT", "Russia", "Ukraine"),
        (
            "Lunesse condemned Veltria.",
            [("Lunesse", "GPE"), ("Veltria", "GPE")],
            "ACCUSE",
            "Lunesse",
            "Veltria",
        ),
        ("Ostmark praised Caldor.", [("Ostmark", "GPE"), ("Caldor", "GPE")], "SUPPORT", "Ostmark", "Caldor"),
    ],
)
def test_events_code_unparsed_text_by_word_order(
    make_article: Callable[..., Document],
    text: str,
    mentions: list[tuple[str, str]],
    type_: str,
    actor: str,
    recipient: str,
) -> None:
    doc = make_article(text, mentions=mentions)
    [ev] = extract_events(doc)
    assert (ev.type, [a.name for a in ev.actors], [r.name for r in ev.recipients]) == (
        type_,
        [actor],
        [recipient],
    )
    assert ev.method == "events.v1:unparsed"


def test_events_stage_contract() -> None:
    spec = get_stage("extract.events.v1")
    assert spec.requires == ("sentences", "tokens", "mentions", "entities", "dates")
    assert spec.assigns == ("events",)
    assert spec.default_options == EventOptions()
