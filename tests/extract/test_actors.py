from collections.abc import Callable

import pytest

from rashomon.extract.actors import ActorOptions, resolve_actors
from rashomon.extract.entities import group_entities
from rashomon.model import Document, Entity

MakeArticle = Callable[..., Document]


def resolved(
    make_article: MakeArticle, text: str, mentions=(), published: str | None = "2025-11-20"
) -> list[Entity]:
    doc = make_article(text, mentions=mentions, published=published)
    doc.entities = group_entities(doc)
    ents = list(resolve_actors(doc))
    for e in ents:
        for ev in e.evidence:
            assert doc.text[ev.start : ev.end] == ev.text
        assert [ev.text for ev in e.evidence] == [m.text for m in e.mentions]
    return ents


def by_id(ents: list[Entity]) -> dict[str | None, Entity]:
    return {e.dictionary_id: e for e in ents}


def test_actors_fill_canonical_name_code_and_dated_roles(make_article: MakeArticle) -> None:
    ents = resolved(
        make_article, "Hegseth spoke at the Pentagon.", [("Hegseth", "PERSON"), ("Pentagon", "ORG")]
    )
    hegseth = by_id(ents)["pete-hegseth"]
    assert (hegseth.name, hegseth.code, hegseth.country, hegseth.sector) == (
        "Pete Hegseth",
        "USAMIL",
        "USA",
        "MIL",
    )
    assert [r.title for r in hegseth.roles] == ["Secretary of Defense", "Secretary of War (secondary title)"]
    assert hegseth.roles[0].start == "2025-01-25"
    assert by_id(ents)["usa-department-of-defense"].code == "USAMIL"


def test_roles_follow_the_article_date(make_article: MakeArticle) -> None:
    ents = resolved(make_article, "Hegseth spoke.", [("Hegseth", "PERSON")], published="2025-06-01")
    assert [r.title for r in by_id(ents)["pete-hegseth"].roles] == ["Secretary of Defense"]


@pytest.mark.parametrize(
    ("text", "phrase", "actor", "code"),
    [
        (
            "Later the Secretary of War defended the strikes.",
            "the Secretary of War",
            "pete-hegseth",
            "USAMIL",
        ),
        (
            "Since September the US armed forces have struck boats.",
            "the US armed forces",
            "USA:military",
            "USAMIL",
        ),
        (
            "On Monday Venezuela’s foreign ministry issued a statement.",
            "Venezuela’s foreign ministry",
            "VEN:foreign-ministry",
            "VENGOV",
        ),
        ("In Bogota, Petro's government suspended cooperation.", "Petro's government", "COL", "COLGOV"),
    ],
)
def test_actors_add_role_nouns_the_tagger_missed(
    make_article: MakeArticle, text: str, phrase: str, actor: str, code: str
) -> None:
    ents = resolved(make_article, text)
    ent = by_id(ents)[actor]
    assert ent.code == code
    assert [m.text for m in ent.mentions] == [phrase]


def test_a_longer_dictionary_phrase_wins_over_the_tagger_mention_inside_it(make_article: MakeArticle) -> None:
    ents = resolved(make_article, "Venezuela’s foreign ministry issued a statement.", [("Venezuela", "GPE")])
    assert [e.dictionary_id for e in ents] == ["VEN:foreign-ministry"]


def test_capital_as_speaker_is_the_government_and_as_place_is_not(make_article: MakeArticle) -> None:
    ents = resolved(
        make_article,
        "Beijing stressed that sanctions must end. Protesters gathered in Beijing.",
        [("Beijing", "GPE"), ("Beijing", "GPE")],
    )
    china = by_id(ents)["CHN"]
    assert china.code == "CHNGOV"
    assert [m.start for m in china.mentions] == [0]
    [place] = [e for e in ents if e.dictionary_id is None]
    assert (place.name, place.country, place.type) == ("Beijing", "CHN", "GPE")


def test_title_next_to_a_misspelt_name_resolves_the_person(make_article: MakeArticle) -> None:
    ents = resolved(
        make_article,
        "It was billed by US Secretary of Defense Pete Hegsett as a mission. Hegsett approved it.",
        [("Pete Hegsett", "PERSON"), ("Hegsett", "PERSON")],
    )
    hegseth = by_id(ents)["pete-hegseth"]
    assert [m.text for m in hegseth.mentions] == ["US Secretary of Defense", "Pete Hegsett", "Hegsett"]
    assert hegseth.name == "Pete Hegseth"


def test_title_next_to_someone_else_does_not_resolve_the_person(make_article: MakeArticle) -> None:
    ents = resolved(make_article, "The Colombian President Juan Perez spoke.", [("Juan Perez", "PERSON")])
    [perez] = ents
    assert perez.dictionary_id is None
    assert perez.roles[0].title == "Colombian President"
    assert perez.roles[0].code == "COLGOV"


def test_unknown_person_keeps_the_description_the_text_gives(make_article: MakeArticle) -> None:
    ents = resolved(
        make_article,
        "On November 7, Norwegian journalist and defense analyst Henrik Hegset reported a strike. "
        "According to Hegset, it was new.",
        [("Norwegian", "NORP"), ("Henrik Hegset", "PERSON"), ("Hegset", "ORG")],
    )
    [hegset] = [e for e in ents if e.dictionary_id is None]
    assert [m.text for m in hegset.mentions] == ["Henrik Hegset", "Hegset"]
    assert hegset.type == "PERSON"
    assert [r.title for r in hegset.roles] == ["Norwegian journalist and defense analyst"]
    assert hegset.country == "NOR"


@pytest.mark.parametrize(
    ("published", "holder"),
    [("2025-11-20", ("gustavo-petro", "COLGOV")), ("2026-09-01", ("COL", "COLGOV"))],
)
def test_role_noun_resolution_depends_on_the_article_date(
    make_article: MakeArticle, published: str, holder: tuple[str, str]
) -> None:
    ents = resolved(
        make_article, "The Colombian President spoke.", [("Colombian", "NORP")], published=published
    )
    assert [(e.dictionary_id, e.code) for e in ents] == [holder]
    assert [m.text for m in ents[0].mentions] == ["The Colombian President"]


def test_undated_article_is_read_at_the_end_of_the_crisis_it_names(make_article: MakeArticle) -> None:
    ents = resolved(
        make_article,
        "Maduro denounced Operation Southern Spear. The Venezuelan President said so again.",
        [("Maduro", "PERSON")],
        published=None,
    )
    maduro = by_id(ents)["nicolas-maduro"]
    assert [m.text for m in maduro.mentions] == ["Maduro", "The Venezuelan President"]


def test_bare_noun_links_to_the_body_named_earlier_in_the_article(make_article: MakeArticle) -> None:
    ents = resolved(
        make_article,
        "Ostmark's coast guard said twelve died. Later the coast guard found more.",
        published="2031-03-04",
    )
    guard = by_id(ents)["ost-coast-guard"]
    assert [m.text for m in guard.mentions] == ["Ostmark's coast guard", "the coast guard"]


def test_actors_can_leave_the_missed_mentions_out(make_article: MakeArticle) -> None:
    doc = make_article("Later the Secretary of War spoke.", published="2025-11-20")
    doc.entities = group_entities(doc)
    assert resolve_actors(doc, ActorOptions(add_mentions=False)) == ()
