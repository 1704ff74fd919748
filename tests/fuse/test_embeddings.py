from __future__ import annotations

import numpy as np
import pytest

from rashomon.fuse.embeddings import available_encoders, get_encoder


def test_hashing_rows_are_unit_vectors_and_compare_by_words() -> None:
    enc = get_encoder("hashing")
    rows = enc.encode(["the patrol vessel fired", "the patrol vessel fired", "sanctions on shipbuilders", ""])
    assert rows.shape == (4, enc.dim)
    assert np.allclose(np.linalg.norm(rows[:3], axis=1), 1.0)
    assert rows[0] @ rows[1] == pytest.approx(1.0)
    assert abs(float(rows[0] @ rows[2])) < 0.3
    assert not rows[3].any()  # an empty text has no words


def test_get_encoder_is_one_object_per_process() -> None:
    assert get_encoder("hashing") is get_encoder("hashing")
    assert get_encoder("auto").name == available_encoders()[0]


def test_get_encoder_names_the_choices() -> None:
    with pytest.raises(ValueError, match="use 'auto', 'minilm' or 'hashing'"):
        get_encoder("bert")


def test_hashing_spans_use_the_span_words() -> None:
    enc = get_encoder("hashing")
    rows = enc.encode_spans(["Police fired shots.", "The bank fired its CEO."], [(7, 12), (9, 14)])
    assert rows[0] @ rows[1] == pytest.approx(1.0)


@pytest.mark.slow
def test_minilm_paraphrases_are_closer_than_unrelated_claims() -> None:
    enc = get_encoder("minilm")
    rows = enc.encode(
        [
            "Twelve people were killed when the trawler was attacked.",
            "The attack on the fishing boat left 12 dead.",
            "Lunesse imposed sanctions on three shipbuilders.",
        ]
    )
    assert rows[0] @ rows[1] > rows[0] @ rows[2] + 0.2


@pytest.mark.slow
def test_minilm_span_vectors_depend_on_context() -> None:
    enc = get_encoder("minilm")
    texts = [
        "Gunmen fired on the bus.",
        "The company fired its chief executive.",
        "Soldiers fired on the crowd.",
    ]
    rows = enc.encode_spans(texts, [(7, 12), (12, 17), (9, 14)])
    assert rows[0] @ rows[2] > rows[0] @ rows[1]
