from pathlib import Path

import pytest

from rashomon.evaluate.events import (
    _actor_coder,
    _macro_f1,
    _phrase_dict,
    gsr_dev_split,
    ngec_split,
    read_conflibert,
    score_gsr,
)
from rashomon.model import ActorRef, Article, Document, Event

TEXT = "Iran threatened to attack Iraq."


def _doc(*events: tuple[str, list[ActorRef], list[ActorRef]]) -> Document:
    article = Article(id="a", text=TEXT)
    evs = tuple(Event(f"e{i}", "a", t, tuple(a), tuple(r), ()) for i, (t, a, r) in enumerate(events))
    return Document(article, events=evs)


IRAN = ActorRef("Iran", start=0, end=4)
IRAQ = ActorRef("Iraq", start=26, end=30)
RECORD = {
    "event": "THREATEN",
    "text": TEXT,
    "source": [{"actorText": "Iran"}],
    "target": [{"actorText": "Iraq"}],
}


@pytest.mark.parametrize(
    ("events", "correct", "fp"),
    [
        ([("THREATEN", [IRAN], [IRAQ])], 1.0, 0.0),
        ([("THREATEN", [IRAQ], [IRAN])], 0.0, 0.0),  # actor and recipient swapped
        ([("THREATEN", [IRAN], [IRAQ]), ("ASSAULT", [IRAN], [IRAQ])], 1.0, 1.0),  # the content coded twice
        ([("ASSAULT", [IRAN], [IRAQ])], 0.0, 1.0),
        ([], 0.0, 0.0),
    ],
)
def test_gsr_scoring(
    events: list[tuple[str, list[ActorRef], list[ActorRef]]], correct: float, fp: float
) -> None:
    score = score_gsr([RECORD], [_doc(*events)])
    assert (score.correct, score.fp_per_sentence) == (correct, fp)


def test_gsr_legacy_labels_and_reciprocal_actors() -> None:
    record = {
        "event": "DEMAND",
        "text": TEXT,
        "source": [{"actorText": "Iran"}, {"actorText": "Iraq"}],
        "target": "",
    }
    assert score_gsr([record], [_doc(("REQUEST", [IRAN], [IRAQ]))]).correct == 1.0


def test_gsr_dev_split_takes_every_fourth_record() -> None:
    dev, held = gsr_dev_split([{"i": i} for i in range(10)])
    assert [r["i"] for r in dev] == [0, 4, 8]
    assert len(held) == 7


def test_ngec_split_keeps_each_template_on_one_side() -> None:
    rows = [{"title": f"Template {i % 40}", "label": "AID", "text": ""} for i in range(400)]
    train, held = ngec_split(rows)
    assert held
    assert train
    assert not {r["title"] for r in train} & {r["title"] for r in held}
    assert ngec_split(rows) == (train, held)


def test_read_conflibert(tmp_path: Path) -> None:
    path = tmp_path / "test.tsv"
    path.write_text("A car bomb killed two.\t4\r\nThey met.\t1\r\n", encoding="utf-8")
    assert read_conflibert(path) == (["A car bomb killed two.", "They met."], [4, 1])


def test_petrarch_style_actor_coder(tmp_path: Path) -> None:
    actors = tmp_path / "actors.txt"
    actors.write_text("ARNOR_ [ARN]\n+ARNORIAN\nMINAS_TIRITH [GON]\n", encoding="utf-8")
    agents = tmp_path / "agents.txt"
    agents.write_text("PRESIDENT [~GOV]\nSOLDIER [~MIL]\n", encoding="utf-8")
    code = _actor_coder(_phrase_dict(actors), _phrase_dict(agents, True))
    assert code("Arnor") == "ARN"
    assert code("the Arnorian president") == "ARNGOV"
    assert code("Minas Tirith soldiers") == "GONMIL"
    assert code("nobody") == ""


def test_macro_f1() -> None:
    assert _macro_f1(["A", "B"], ["A", "B"], ["A", "B"]) == 1.0
    assert _macro_f1(["A", "B"], ["A", "A"], ["A", "B"]) == pytest.approx((2 / 3 + 0) / 2)
