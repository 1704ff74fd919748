from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from rashomon.analyze.persuasion import (
    TECHNIQUE_SLUGS,
    TECHNIQUES,
    PersuasionModel,
    PersuasionOptions,
    detect_persuasion,
    find_persuasion,
    load_persuasion_model,
    split_segments,
    tokenize,
)
from rashomon.analyze.persuasion_patterns import find_pattern_spans
from rashomon.errors import ConfigError
from rashomon.model import Document, Signal

LOADED = TECHNIQUES.index("Loaded Language")
SMEARS = TECHNIQUES.index("Smears")


def _tiny_model() -> PersuasionModel:
    """Loaded language on the word "butchers" (token level); smears on segments with "liar"."""
    t = len(TECHNIQUES)
    token_coef = np.zeros((t, 2))
    token_coef[LOADED, 0] = 8.0
    segment_coef = np.zeros((t, 1))
    segment_coef[SMEARS, 0] = 12.0
    granularity = dict.fromkeys(TECHNIQUES, "off")
    granularity["Loaded Language"] = "token"
    granularity["Smears"] = "segment"
    return PersuasionModel(
        techniques=TECHNIQUES,
        granularity=granularity,
        thresholds=dict.fromkeys(TECHNIQUES, 0.5),
        token_vocab={"w=butchers": 0, "bias": 1},
        token_coef=token_coef,
        token_bias=np.full(t, -4.0),
        segment_vocab={"u=liar": 0},
        segment_idf=np.ones(1),
        segment_coef=segment_coef,
        segment_bias=np.full(t, -6.0),
        hidden=("Smears",),
    )


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("One. Two!\nThree?", ["One.", "Two!", "Three?"]),
        ("THERE ARE ONLY TWO GENDERS\n\nFEMALE \n\nMALE\n", ["THERE ARE ONLY TWO GENDERS", "FEMALE", "MALE"]),
        ("  \n", []),
    ],
)
def test_persuasion_splits_segments(text: str, segments: list[str]) -> None:
    assert [text[s:e] for s, e in split_segments(text)] == segments


def test_persuasion_tokenizer_keeps_offsets() -> None:
    text = "Vessen’s butchers, again!"
    assert [(text[s:e], w) for s, e, w in tokenize(text)] == [
        ("Vessen’s", "Vessen’s"),
        ("butchers", "butchers"),
        (",", ","),
        ("again", "again"),
        ("!", "!"),
    ]


def test_persuasion_model_merges_neighbouring_marked_words_and_segments() -> None:
    model = _tiny_model()
    text = "The butchers butchers left. He is a liar. Calm day."
    spans = [(text[s.start : s.end], s.technique) for s in model.predict(text)]
    assert spans == [("butchers butchers", "Loaded Language"), ("He is a liar.", "Smears")]


def test_persuasion_model_round_trips_through_files(tmp_path: Path) -> None:
    model = _tiny_model()
    model.save(tmp_path / "m")
    again = PersuasionModel.load(tmp_path / "m")
    text = "The butchers came. He is a liar."
    assert again.predict(text) == model.predict(text)
    assert again.hidden == ("Smears",)


def test_persuasion_model_missing_file_names_the_training_script(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"scripts/train_persuasion\.py"):
        PersuasionModel.load(tmp_path / "absent")


def test_persuasion_hides_poor_techniques_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    import rashomon.analyze.persuasion as mod

    monkeypatch.setattr(mod, "load_persuasion_model", lambda path="": _tiny_model())
    text = "The butchers came. He is a liar."
    assert {s.technique for s in find_persuasion(text)} == {"Loaded Language"}
    assert {s.technique for s in find_persuasion(text, PersuasionOptions(show_hidden=True))} == {
        "Loaded Language",
        "Smears",
    }
    assert find_persuasion(text, PersuasionOptions(hidden=("loaded_language",))) == []
    with pytest.raises(ConfigError, match="unknown persuasion technique"):
        find_persuasion(text, PersuasionOptions(hidden=("loaded",)))


def test_persuasion_stage_adds_signals_with_exact_evidence(
    make_article: Callable[..., Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    import rashomon.analyze.persuasion as mod

    monkeypatch.setattr(mod, "load_persuasion_model", lambda path="": _tiny_model())
    doc = make_article("Now the butchers are arming. Calm words follow.")
    earlier = Signal("sig_x", doc.article.id, "anonymous_source", (doc.evidence(0, 3),))
    doc.signals = (earlier,)
    out = detect_persuasion(doc)
    assert out[0] == earlier
    [sig] = out[1:]
    assert (sig.kind, sig.label, sig.evidence[0].text) == ("persuasion", "loaded_language", "butchers")
    assert doc.text[sig.evidence[0].start : sig.evidence[0].end] == "butchers"


def test_persuasion_bundled_model_loads_with_its_figures() -> None:
    model = load_persuasion_model()
    assert model.techniques == TECHNIQUES
    assert set(model.hidden) <= set(TECHNIQUES)
    assert set(model.figures["cv_span_f1"]) == set(TECHNIQUES)
    shown = [t for t in TECHNIQUES if t not in model.hidden]
    assert "Loaded Language" in shown
    assert all(TECHNIQUE_SLUGS[t] for t in shown)


@pytest.mark.parametrize(
    ("text", "technique", "span"),
    [
        ("Nearly forty fishermen were murdered in the black water.", "Loaded Language", "murdered"),
        ("“A cynical fabrication,” sneers Butcher Brandt.", "Name calling/Labeling", "Butcher Brandt"),
        (
            "Every true Ostmarker knows what this is.",
            "Flag-waving",
            "Every true Ostmarker knows what this is.",
        ),
        (
            "Where were your inquiries when the coast guard rammed our boats in 2027?",
            "Whataboutism",
            "Where were your inquiries when the coast guard rammed our boats in 2027?",
        ),
        ("There is no middle road.", "Black-and-white Fallacy/Dictatorship", "There is no middle road"),
        (
            "Nobody in Kaldhavn believes a word from them.",
            "Doubt",
            "Nobody in Kaldhavn believes a word from them",
        ),
        ("Make no mistake: this is war.", "Thought-terminating cliché", "Make no mistake"),
        (
            "Not one more net. Not one more name on the quay.",
            "Repetition",
            "Not one more net. Not one more name on the quay.",
        ),
    ],
)
def test_persuasion_patterns_restate_the_definitions(text: str, technique: str, span: str) -> None:
    found = [(text[s:e], t) for s, e, t in find_pattern_spans(text)]
    assert (span, technique) in found


@pytest.mark.parametrize(
    "text",
    [
        "The Harn Bank lies in waters claimed by both countries.",
        "At least 20 people were killed when a naval vessel opened fire, a hospital official said.",
        "The Veltrian defence ministry did not respond to requests for comment.",
    ],
)
def test_persuasion_patterns_leave_sober_wire_copy_alone(text: str) -> None:
    assert find_pattern_spans(text) == []
