from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.fuse.coref import (
    FEATURES,
    LinkMention,
    LinkModel,
    cluster_documents,
    cluster_mentions,
    lemma_baseline,
    load_link_models,
)
from rashomon.fuse.embeddings import get_encoder


def mention(mid: str, doc: str, lemma: str, context: str, word: str) -> LinkMention:
    start = context.index(word)
    return LinkMention(mid, doc, lemma, word, context, (start, start + len(word)))


MENTIONS = [
    mention("a1", "d1", "arrest", "Police arrested the singer in Malibu on Tuesday.", "arrested"),
    mention("a2", "d2", "arrest", "The singer was arrested by police in Malibu.", "arrested"),
    mention("b1", "d1", "quake", "A strong quake struck the island at dawn.", "quake"),
    mention("b2", "d3", "quake", "The quake that struck the island killed two.", "quake"),
]

# Only the lemma decides: same lemma → probability 0.88, different lemma → 0.12.
LEMMA_ONLY = LinkModel(FEATURES, tuple(4.0 if f == "same_lemma" else 0.0 for f in FEATURES), -2.0, 0.5, 0.2)


def test_cluster_mentions_links_within_a_document_group() -> None:
    chains = cluster_mentions(MENTIONS, LEMMA_ONLY, get_encoder("hashing"))
    assert sorted(map(sorted, chains)) == [["a1", "a2"], ["b1", "b2"]]


def test_cluster_mentions_never_links_across_document_groups() -> None:
    chains = cluster_mentions(MENTIONS, LEMMA_ONLY, get_encoder("hashing"), doc_groups=[["d1"], ["d2", "d3"]])
    assert sorted(map(sorted, chains)) == [["a1"], ["a2"], ["b1"], ["b2"]]


def test_lemma_baseline_groups_by_head_lemma() -> None:
    chains = lemma_baseline(MENTIONS, [["d1", "d2", "d3"]])
    assert sorted(map(sorted, chains)) == [["a1", "a2"], ["b1", "b2"]]


def test_cluster_documents_separates_two_stories() -> None:
    texts = {
        "d1": "Lindsay Lohan checked into rehab in Malibu, her publicist said on Tuesday.",
        "d2": "Lindsay Lohan has checked into a rehab facility in Malibu, her publicist said.",
        "d3": "A magnitude 6 earthquake struck Indonesia, killing two people in Aceh.",
        "d4": "An earthquake of magnitude 6 struck Aceh in Indonesia and killed two people.",
    }
    assert cluster_documents(texts, 0.1) == [["d1", "d2"], ["d3", "d4"]]


@pytest.mark.parametrize("encoder", ["minilm", "hashing"])
def test_shipped_link_models_load_for_each_encoder(encoder: str) -> None:
    models = load_link_models(encoder=encoder)
    assert set(models) == {"events", "entities"}
    for model in models.values():
        assert model.features == FEATURES
        assert 0.0 < model.threshold < 1.0
        assert "dev_conll_f1" in model.notes


def test_link_model_round_trips_and_rejects_other_features(tmp_path: Path) -> None:
    data = LEMMA_ONLY.to_json()
    assert LinkModel.from_json(data).weights == LEMMA_ONLY.weights
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"hashing": {"events": {**data, "features": ["same_lemma"]}}}))
    with pytest.raises(ValueError, match="retrain"):
        load_link_models(path, encoder="hashing")
    with pytest.raises(ValueError, match="no coreference link models"):
        load_link_models(path, encoder="minilm")
