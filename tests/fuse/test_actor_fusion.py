from collections.abc import Callable, Sequence

import pytest

from rashomon.errors import ConfigError
from rashomon.extract.actors import resolve_actors
from rashomon.extract.entities import group_entities
from rashomon.fuse.actors import apply_override, fuse_actors, fuse_entities
from rashomon.model import Document, Entity, FusedActor
from rashomon.store import SQLiteStore

MakeArticle = Callable[..., Document]
Spec = tuple[str, Sequence[tuple[str, str]], str | None]


def entities_of(make_article: MakeArticle, *specs: Spec) -> tuple[list[Entity], dict[str, Document]]:
    out: list[Entity] = []
    docs: dict[str, Document] = {}
    for text, mentions, published in specs:
        doc = make_article(text, mentions=mentions, published=published)
        doc.entities = group_entities(doc)
        out += resolve_actors(doc)
        docs[doc.article.id] = doc
    return out, docs


def actor_with(actors: list[FusedActor], alias: str) -> FusedActor:
    [found] = [a for a in actors if alias in a.aliases]
    return found


def together(actors: list[FusedActor], a: str, b: str) -> bool:
    return actor_with(actors, a) is actor_with(actors, b)


HEGSETH = [
    (
        "It was billed by US Secretary of Defense Pete Hegsett as a mission.",
        [("Pete Hegsett", "PERSON")],
        None,
    ),
    ("Hegseth defended the strikes on Tuesday.", [("Hegseth", "PERSON")], "2025-11-20"),
    ("Later the Secretary of War said more.", [], "2025-11-21"),
]


def test_fusion_merges_one_actor_across_spellings_titles_and_roles(make_article: MakeArticle) -> None:
    ents, docs = entities_of(make_article, *HEGSETH)
    actors = fuse_entities(ents)
    hegseth = actor_with(actors, "Pete Hegsett")
    assert hegseth.dictionary_id == "pete-hegseth"
    assert {"Pete Hegsett", "Hegseth", "the Secretary of War"} <= set(hegseth.aliases)
    assert len({ev.article_id for ev in hegseth.evidence}) == 3
    assert len(hegseth.scores) == len(hegseth.entity_ids) == 3
    assert min(hegseth.scores) < 1.0  # the misspelt name and the role noun are not certain
    for ev in hegseth.evidence:
        assert docs[ev.article_id].text[ev.start : ev.end] == ev.text


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            ("Vassily Nebenzia spoke.", [("Vassily Nebenzia", "PERSON")]),
            ("Vasily Nebenzya replied.", [("Vasily Nebenzya", "PERSON")]),
        ),
        (
            ("Vassily Nebenzia spoke.", [("Vassily Nebenzia", "PERSON")]),
            ("Vasilii Nebenzja replied.", [("Vasilii Nebenzja", "PERSON")]),
        ),
        (
            ("Brazilian President Lula da Silva spoke.", [("Lula da Silva", "PERSON")]),
            ("The Brazilian President replied.", []),
        ),
        (("China objected.", [("China", "GPE")]), ("Beijing stressed its view.", [("Beijing", "GPE")])),
        (
            ("The Cartel de los Soles was designated.", [("Cartel de los Soles", "ORG")]),
            ("The Cartel de los Sols narrative persists.", [("Cartel de los Sols", "ORG")]),
        ),
    ],
)
def test_fusion_merges_transliterations_misspellings_and_roles(
    make_article: MakeArticle,
    first: tuple[str, list[tuple[str, str]]],
    second: tuple[str, list[tuple[str, str]]],
) -> None:
    ents, _ = entities_of(make_article, (*first, "2025-11-20"), (*second, "2025-11-21"))
    actors = fuse_entities(ents)
    names = [a for a in actors if a.dictionary_id or a.type != "place"]
    assert len({a.id for a in names}) == 1, [(a.name, a.aliases) for a in actors]


def test_fusion_flags_a_namesake_of_a_known_figure_instead_of_merging(make_article: MakeArticle) -> None:
    ents, _ = entities_of(
        make_article,
        (
            "On November 7, Norwegian journalist and defense analyst Henrik Hegset reported a strike.",
            [("Henrik Hegset", "PERSON")],
            None,
        ),
        ("US Secretary of Defense Pete Hegseth denied it.", [("Pete Hegseth", "PERSON")], "2025-11-20"),
    )
    actors = fuse_entities(ents)
    assert not together(actors, "Henrik Hegset", "Pete Hegseth")
    hegset = actor_with(actors, "Henrik Hegset")
    [flag] = hegset.flags
    assert flag.startswith("namesake: 'Henrik Hegset' is close to Pete Hegseth (Secretary of Defense)")
    assert "Norwegian journalist" in flag
    assert actor_with(actors, "Pete Hegseth").flags == ()


def test_fusion_flags_a_namesake_with_the_same_given_name_but_another_country(
    make_article: MakeArticle,
) -> None:
    ents, _ = entities_of(
        make_article,
        ("Veltria's defence minister Aurel Brandt spoke.", [("Aurel Brandt", "PERSON")], "2031-03-05"),
        (
            "Analysts include the Dutch journalist Aurel Brand, who has reported for years.",
            [("Aurel Brand", "PERSON")],
            "2031-03-07",
        ),
    )
    actors = fuse_entities(ents)
    assert not together(actors, "Aurel Brand", "Aurel Brandt")
    assert "presented as Dutch journalist" in actor_with(actors, "Aurel Brand").flags[0]


def test_fusion_does_not_flag_a_common_surname(make_article: MakeArticle) -> None:
    ents, _ = entities_of(
        make_article,
        ("Maria Lopez, a geopolitical analyst, spoke.", [("Maria Lopez", "PERSON")], "2025-11-20"),
        ("Vladimir Padrino López replied.", [("Vladimir Padrino López", "PERSON")], "2025-11-20"),
    )
    actors = fuse_entities(ents)
    assert actor_with(actors, "Maria Lopez").flags == ()


@pytest.mark.parametrize(
    ("a", "b", "merged"),
    [
        ("Elena Varga", "Elena Vargas", True),  # same given name, surname one letter apart
        ("Elena Varga", "Varga", False),  # a lone surname in another article: no support
        ("Elena Varga", "Irina Varga", False),  # another given name
    ],
)
def test_fusion_merges_unknown_people_only_with_supporting_evidence(
    make_article: MakeArticle, a: str, b: str, merged: bool
) -> None:
    ents, _ = entities_of(
        make_article,
        (f"{a} spoke.", [(a, "PERSON")], "2025-11-20"),
        (f"{b} spoke.", [(b, "PERSON")], "2025-11-20"),
    )
    assert together(fuse_entities(ents), a, b) is merged


@pytest.mark.parametrize(
    ("a", "b"),
    [("Operation Southern Spear", "Operation Northern Spear"), ("Sinaloa Cartel", "Jalisco Cartel")],
)
def test_fusion_keeps_apart_organisations_that_differ_by_more_than_a_typo(
    make_article: MakeArticle, a: str, b: str
) -> None:
    ents, _ = entities_of(
        make_article, (f"{a} began.", [(a, "ORG")], "2025-11-20"), (f"{b} began.", [(b, "ORG")], "2025-11-20")
    )
    assert not together(fuse_entities(ents), a, b)


def test_fusion_merges_a_misspelling_named_in_an_article_that_names_the_person(
    make_article: MakeArticle,
) -> None:
    ents, _ = entities_of(
        make_article,
        (
            "Veltria's defence minister Aurel Brant has not commented. Insiders say Brandtt approved it.",
            [("Aurel Brant", "PERSON"), ("Brandtt", "PERSON")],
            "2031-03-05",
        ),
        ("Defence Minister Aurel Brandt spoke.", [("Aurel Brandt", "PERSON")], "2031-03-04"),
    )
    actors = fuse_entities(ents)
    brandt = actor_with(actors, "Aurel Brandt")
    assert {"Aurel Brant", "Brandtt"} <= set(brandt.aliases)
    assert 0.85 < min(brandt.scores) < 1.0


@pytest.mark.parametrize("action", ["split", "merge"])
def test_fusion_applies_the_latest_user_override_for_a_pair(make_article: MakeArticle, action: str) -> None:
    ents, _ = entities_of(
        make_article,
        (
            "Veltria's defence minister Aurel Brant spoke. Insiders say Brandtt approved it.",
            [("Aurel Brant", "PERSON"), ("Brandtt", "PERSON")],
            "2031-03-05",
        ),
    )
    other = "merge" if action == "split" else "split"
    overrides = [
        {"subject": "Aurel Brandt", "object": "Brandtt", "action": other},
        {"subject": "Brandtt", "object": "Aurel Brandt", "action": action},
    ]
    assert together(fuse_entities(ents, overrides), "Aurel Brant", "Brandtt") is (action == "merge")


def _store_with(store: SQLiteStore, docs: dict[str, Document], ents: list[Entity]) -> None:
    run = store.start_run("[pipeline]\n")
    for aid, doc in docs.items():
        store.add_article(doc.article)
        store.save_article_records(
            aid, [("extract.actors.v1", e) for e in ents if e.article_id == aid], "h", run
        )


def test_a_split_stays_undone_on_re_runs(make_article: MakeArticle, store: SQLiteStore) -> None:
    ents, docs = entities_of(
        make_article,
        (
            "Veltria's defence minister Aurel Brant has not commented. Insiders say Brandtt approved it.",
            [("Aurel Brant", "PERSON"), ("Brandtt", "PERSON")],
            "2031-03-05",
        ),
        ("Defence Minister Aurel Brandt spoke.", [("Aurel Brandt", "PERSON")], "2031-03-04"),
    )
    _store_with(store, docs, ents)
    assert together(fuse_actors(store), "Aurel Brandt", "Brandtt")
    actors = apply_override(store, "Aurel Brandt", "Brandtt", "split", note="Brandtt is another man")
    assert not together(actors, "Aurel Brandt", "Brandtt")
    assert store.overrides("actor")[0]["note"] == "Brandtt is another man"
    # A re-run (the pipeline's corpus phase) reads the override again.
    rerun = fuse_actors(store)
    assert not together(rerun, "Aurel Brandt", "Brandtt")
    assert together(rerun, "Aurel Brandt", "Aurel Brant")
    assert "override: kept apart from 'brandtt' by a user split" in actor_with(rerun, "Aurel Brandt").flags
    stored = {a.id for a in store.records("actor")}
    assert stored == {a.id for a in rerun}


def test_a_forced_merge_joins_what_fusion_kept_apart(make_article: MakeArticle, store: SQLiteStore) -> None:
    ents, docs = entities_of(
        make_article,
        ("Elena Varga spoke.", [("Elena Varga", "PERSON")], "2031-03-05"),
        ("Dr. Varga-Lind replied.", [("Varga-Lind", "PERSON")], "2031-03-06"),
    )
    _store_with(store, docs, ents)
    assert not together(fuse_actors(store), "Elena Varga", "Varga-Lind")
    actors = apply_override(store, "Elena Varga", "Varga-Lind", "merge")
    assert together(actors, "Elena Varga", "Varga-Lind")


def test_an_override_must_name_a_stored_actor(store: SQLiteStore) -> None:
    with pytest.raises(ConfigError, match="no stored actor is named 'Nobody'; `rashomon actors list` shows"):
        apply_override(store, "Nobody", "Somebody", "split")
