from collections.abc import Sequence

import pytest

from rashomon.extract.deptree import SentenceTree
from rashomon.extract.modality import modality_of, source_of, source_type_of
from rashomon.model import Token

Row = tuple[str, str, str, int]  # word, POS, dependency, head
LEMMAS = {"denied": "deny", "threatened": "threaten", "plans": "plan", "said": "say", "attacked": "attack"}


def tree_of(rows: Sequence[Row]) -> tuple[SentenceTree, str]:
    text, tokens = "", []
    for i, (word, pos, dep, head) in enumerate(rows):
        if text:
            text += " "
        tokens.append(
            Token(
                i,
                len(text),
                len(text) + len(word),
                word,
                lemma=LEMMAS.get(word, word.lower()),
                pos=pos,
                dep=dep,
                head=head,
            )
        )
        text += word
    return SentenceTree.build(tokens), text


def token(tree: SentenceTree, word: str) -> Token:
    return next(t for t in tree if t.text == word)


@pytest.mark.parametrize(
    ("rows", "trigger", "modality"),
    [
        (
            [
                ("Ostmark", "PROPN", "nsubj", 2),
                ("did", "AUX", "aux", 2),
                ("attack", "VERB", "ROOT", 2),
                ("not", "PART", "neg", 2),
            ],
            "attack",
            "negated",
        ),
        (
            [
                ("Veltria", "PROPN", "nsubj", 1),
                ("denied", "VERB", "ROOT", 1),
                ("attacking", "VERB", "xcomp", 1),
            ],
            "attacking",
            "denied",
        ),
        (
            [
                ("Veltria", "PROPN", "nsubj", 1),
                ("threatened", "VERB", "ROOT", 1),
                ("to", "PART", "aux", 3),
                ("attack", "VERB", "xcomp", 1),
            ],
            "attack",
            "threatened",
        ),
        (
            [
                ("Veltria", "PROPN", "nsubj", 1),
                ("plans", "VERB", "ROOT", 1),
                ("to", "PART", "aux", 3),
                ("deploy", "VERB", "xcomp", 1),
            ],
            "deploy",
            "planned",
        ),
        (
            [("Veltria", "PROPN", "nsubj", 2), ("could", "AUX", "aux", 2), ("attack", "VERB", "ROOT", 2)],
            "attack",
            "hypothetical",
        ),
        (
            [("the", "DET", "det", 2), ("alleged", "ADJ", "amod", 2), ("strike", "NOUN", "ROOT", 2)],
            "strike",
            "alleged",
        ),
        (
            [
                ("experts", "NOUN", "nsubj", 1),
                ("believe", "VERB", "ROOT", 1),
                ("Veltria", "PROPN", "nsubj", 3),
                ("attacked", "VERB", "ccomp", 1),
            ],
            "attacked",
            "alleged",
        ),
        ([("Veltria", "PROPN", "nsubj", 1), ("attacked", "VERB", "ROOT", 1)], "attacked", "asserted"),
    ],
)
def test_modality_reads_cues_around_the_trigger(rows: list[Row], trigger: str, modality: str) -> None:
    tree, text = tree_of(rows)
    assert modality_of(tree, token(tree, trigger), text).modality == modality


def test_modality_reads_a_hedge_on_the_clause_of_an_event_noun() -> None:
    # "The strike, though unconfirmed, has sparked concern": the hedge hangs on "sparked".
    tree, text = tree_of(
        [
            ("The", "DET", "det", 1),
            ("strike", "NOUN", "nsubj", 5),
            ("though", "SCONJ", "mark", 3),
            ("unconfirmed", "ADJ", "advcl", 5),
            ("has", "AUX", "aux", 5),
            ("sparked", "VERB", "ROOT", 5),
            ("concern", "NOUN", "dobj", 5),
        ]
    )
    assert modality_of(tree, token(tree, "strike"), text).modality == "unconfirmed"


def test_modality_questions_are_hypothetical() -> None:
    tree, text = tree_of(
        [
            ("Can", "AUX", "aux", 2),
            ("this", "PRON", "nsubj", 2),
            ("escalate", "VERB", "ROOT", 2),
            ("?", "PUNCT", "punct", 2),
        ]
    )
    assert modality_of(tree, token(tree, "escalate"), text).modality == "hypothetical"


def test_source_of_reads_according_to() -> None:
    tree, text = tree_of(
        [
            ("According", "VERB", "prep", 5),
            ("to", "ADP", "prep", 0),
            ("leaked", "VERB", "amod", 3),
            ("reports", "NOUN", "pobj", 1),
            ("Veltria", "PROPN", "nsubj", 5),
            ("attacked", "VERB", "ROOT", 5),
        ]
    )
    src = source_of(tree, token(tree, "attacked"), text)
    assert src is not None
    assert (src.text, src.source_type, src.cue) == ("leaked reports", "document", "according to")
    assert text[src.start : src.end] == src.text


def test_source_of_reads_the_subject_of_a_governing_speech_verb() -> None:
    tree, text = tree_of(
        [
            ("Officials", "NOUN", "nsubj", 1),
            ("said", "VERB", "ROOT", 1),
            ("Veltria", "PROPN", "nsubj", 3),
            ("attacked", "VERB", "ccomp", 1),
        ]
    )
    src = source_of(tree, token(tree, "attacked"), text)
    assert src is not None
    assert (src.text, src.source_type, src.cue) == ("Officials", "anonymous", "said")


@pytest.mark.parametrize(
    ("words", "named", "kind"),
    [
        (["a", "number", "of", "experts"], False, "collective"),
        (["Western", "officials"], False, "anonymous"),
        (["Henrik", "Hegset"], True, "named"),
        (["leaked", "intelligence", "reports"], False, "document"),
        (["the", "foreign", "ministry"], False, "official"),
    ],
)
def test_source_type_of_classifies_sources(words: list[str], named: bool, kind: str) -> None:
    assert source_type_of(words, named) == kind
