from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.evaluate.coref import TRAIN_TOPICS, load_ecbplus

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ecbplus"

DOC = """<Document doc_name="{name}.xml" doc_id="1">
<token t_id="1" sentence="0" number="0">Police</token>
<token t_id="2" sentence="0" number="1">arrested</token>
<token t_id="3" sentence="0" number="2">the</token>
<token t_id="4" sentence="0" number="3">singer</token>
<token t_id="5" sentence="1" number="0">She</token>
<token t_id="6" sentence="1" number="1">was</token>
<token t_id="7" sentence="1" number="2">released</token>
<Markables>
<ACTION_OCCURRENCE m_id="10"><token_anchor t_id="2"/></ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="11"><token_anchor t_id="3"/><token_anchor t_id="4"/></HUMAN_PART_PER>
<HUMAN_PART_PER m_id="12"><token_anchor t_id="1"/></HUMAN_PART_PER>
<HUMAN_PART_PER m_id="13"><token_anchor t_id="5"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="14"><token_anchor t_id="7"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="30" RELATED_TO="" TAG_DESCRIPTOR="t1_arrest" instance_id="ACT1"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT1"><source m_id="10"/><target m_id="30"/></CROSS_DOC_COREF>
<INTRA_DOC_COREF r_id="2"><source m_id="11"/><source m_id="13"/><target m_id="31"/></INTRA_DOC_COREF>
</Relations>
</Document>
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    for name in ("1_1ecb", "1_2ecbplus"):
        folder = tmp_path / "ECB+" / "1"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.xml").write_text(DOC.format(name=name))
    (tmp_path / "ECBplus_coreference_sentences.csv").write_text(
        "Topic,File,Sentence Number\n1,1ecb,0\n1,2ecbplus,0\n1,2ecbplus,1\n"
    )
    return tmp_path


def test_reader_keeps_selected_sentences_and_gold_labels(tiny: Path) -> None:
    corpus = load_ecbplus(tiny, [1])
    by_id = {m.id: m for m in corpus.mentions}
    # Sentence 1 of 1_1ecb is not selected: "She" and "released" are left out there.
    assert "1_1ecb:13" not in by_id
    assert "1_2ecbplus:13" in by_id
    assert by_id["1_1ecb:10"].gold == by_id["1_2ecbplus:10"].gold == "ACT1"  # cross-document
    assert by_id["1_2ecbplus:11"].gold == by_id["1_2ecbplus:13"].gold == "intra:1_2ecbplus:2"
    assert by_id["1_1ecb:12"].gold == "single:1_1ecb:12"
    assert by_id["1_1ecb:10"].kind == "events"
    assert by_id["1_1ecb:11"].kind == "entities"
    assert by_id["1_1ecb:11"].tokens == (2, 3)
    assert {m.subtopic for m in corpus.mentions} == {"1ecb", "1plus"}
    assert sorted(map(sorted, corpus.gold_clusters("events"))) == [
        ["1_1ecb:10", "1_2ecbplus:10"],
        ["1_2ecbplus:14"],
    ]


def test_reader_skips_descriptor_markables(tiny: Path) -> None:
    corpus = load_ecbplus(tiny, [1])
    assert not any(m.id.endswith(":30") for m in corpus.mentions)


def test_reader_counts_on_the_train_split_are_pinned() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/data/ecbplus is absent (a user's clone)")
    corpus = load_ecbplus(SHARED, TRAIN_TOPICS)
    # The Cybulska train split, selected sentences only: 575 documents (shared/data README).
    assert len(corpus.texts) == 575
    assert len(corpus.of_kind("events")) == 3808
    assert len(corpus.of_kind("entities")) == 4758
