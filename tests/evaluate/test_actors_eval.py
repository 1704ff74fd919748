import json
from pathlib import Path

import pytest

from rashomon.errors import EvalError
from rashomon.evaluate.actors import load_gold, score_actors, synthetic_corpus
from rashomon.extract.actor_dictionary import ActorDictionary
from rashomon.model import Article, Evidence, FusedActor

ROOT = Path(__file__).resolve().parents[2]
TEXT = "Aurel Brandt spoke. Aurel Brant agreed. The journalist Aurel Brand wrote."
ART = Article("art_1", TEXT, source="demo/articles.jsonl:8")


def actor(aid: str, name: str, spans: list[tuple[int, int]], flags: tuple[str, ...] = ()) -> FusedActor:
    ev = tuple(Evidence("art_1", 0, s, e, TEXT[s:e]) for s, e in spans)
    return FusedActor(aid, name, "person", (name,), (), ev, flags=flags)


def ref(text: str) -> dict[str, str]:
    return {"text": text, "article": "articles.jsonl:8"}


def test_score_actors_decides_merges_and_flags_from_evidence() -> None:
    actors = [
        actor("a", "Aurel Brandt", [(0, 12), (20, 31)]),
        actor("b", "Aurel Brand", [(55, 66)], flags=("namesake: close to Aurel Brandt",)),
    ]
    gold = [
        {"kind": "same", "a": ref("Aurel Brandt"), "b": ref("Aurel Brant")},
        {"kind": "different", "a": ref("Aurel Brandt"), "b": ref("Aurel Brand")},
        {"kind": "flag", "a": ref("Aurel Brand")},
        {"kind": "no-flag", "a": ref("Aurel Brant")},
        {"kind": "same", "a": ref("Aurel Brandt"), "b": ref("The journalist")},  # never found
    ]
    outcomes = score_actors(gold, [ART], actors)
    assert [(o.predicted, o.found) for o in outcomes] == [
        (True, True),
        (False, True),
        (True, True),
        (False, True),
        (False, False),
    ]


def test_load_gold_names_the_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "actors.jsonl"
    path.write_text('{"kind": "same", "a": {"text": "x", "article": "y"}}\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r"actors.jsonl:1: malformed gold line"):
        load_gold(path)


def test_shipped_gold_is_well_formed_and_covers_the_issue_examples() -> None:
    rows = load_gold(ROOT / "eval" / "gold" / "actors.jsonl")
    assert {r["dataset"] for r in rows} == {"demo", "seeds"}
    texts = {r[side]["text"] for r in rows for side in ("a", "b") if side in r}
    assert {
        "Pete Hegsett",
        "Cartel de los Sols",
        "Lula da Silva",
        "Brazilian President",
        "Beijing",
        "Henrik Hegset",
        "Vassily Nebenzia",
    } <= texts
    assert json.loads((ROOT / "eval" / "gold" / "actors.jsonl").read_text().splitlines()[0])["kind"] == "same"


def test_synthetic_corpus_is_deterministic_and_balanced() -> None:
    dictionary = ActorDictionary.load()
    first = synthetic_corpus(dictionary)
    assert first == synthetic_corpus(dictionary)
    articles, entities, gold = first
    assert len(entities) == len(articles) == 3 * sum(1 for r in gold if r["kind"] == "flag")
    for e in entities:
        for ev in e.evidence:
            assert next(a for a in articles if a.id == ev.article_id).text[ev.start : ev.end] == ev.text
