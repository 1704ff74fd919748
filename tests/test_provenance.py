"""The provenance invariant: every stored record's evidence is an exact span of its article."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashomon.model import RECORD_KINDS, Article, Document, Sentence, evidence_for, iter_evidence
from rashomon.pipeline import Pipeline
from rashomon.store import SQLiteStore


def _assert_all_evidence_exact(store: SQLiteStore) -> int:
    texts = {a.id: a.text for a in store.articles()}
    checked = 0
    for kind in RECORD_KINDS:
        for record in store.records(kind):
            evidence = list(iter_evidence([record]))
            if kind in ("entity", "event", "quote", "claim", "signal", "stance"):
                assert evidence, f"{kind} {record.id} has no evidence"
            for ev in evidence:
                assert texts[ev.article_id][ev.start : ev.end] == ev.text, f"{kind} {record.id}"
                checked += 1
    for article_id, text in texts.items():
        for span in store.evidence_in(article_id):
            assert text[span["start"] : span["end"]] == span["text"]
    return checked


@pytest.mark.slow
def test_provenance_on_the_seeds(seeds: Path, store: SQLiteStore) -> None:
    report = Pipeline().run([seeds], store)
    assert report.analyzed == 3
    assert _assert_all_evidence_exact(store) > 100


@pytest.mark.slow
def test_provenance_on_the_demo_corpus(demo_corpus: Path, store: SQLiteStore) -> None:
    report = Pipeline().run([demo_corpus], store)
    assert report.ok, report.rejected
    assert report.near_duplicates >= 1
    assert _assert_all_evidence_exact(store) > 200


@given(st.text(min_size=1, max_size=200), st.data())
def test_provenance_evidence_for_is_exact(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    article = Article(id="art_x", text=text)
    ev = evidence_for(article, start, end)
    assert text[ev.start : ev.end] == ev.text


@given(st.lists(st.integers(1, 30), min_size=1, max_size=8), st.data())
def test_provenance_document_evidence_names_the_right_sentence(
    lengths: list[int], data: st.DataObject
) -> None:
    pieces, sentences, pos = [], [], 0
    for i, n in enumerate(lengths):
        pieces.append("x" * n + ". ")
        sentences.append(Sentence(i, pos, pos + n + 1, "x" * n + "."))
        pos += n + 2
    doc = Document(Article(id="art_y", text="".join(pieces)), sentences=tuple(sentences))
    target = data.draw(st.sampled_from(sentences))
    start = data.draw(st.integers(target.start, target.end - 1))
    ev = doc.evidence(start, target.end)
    assert ev.sentence_index == target.index
    assert doc.text[ev.start : ev.end] == ev.text


def test_provenance_rejects_offsets_outside_the_text() -> None:
    with pytest.raises(ValueError, match="fall outside article art_z"):
        evidence_for(Article(id="art_z", text="short"), 2, 10)
