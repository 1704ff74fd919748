from pathlib import Path

import pytest

from rashomon.errors import ConfigError
from rashomon.extract.actor_dictionary import ActorDictionary, RoleEntry, bundled_files


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


def test_bundled_files_load_general_first() -> None:
    files = bundled_files()
    assert files[0].stem == "general"
    assert {"caribbean-2025", "sarn-2031"} <= {f.stem for f in files}


def test_general_file_has_the_most_newsworthy_states(dictionary: ActorDictionary) -> None:
    states = [e for e in dictionary.entries.values() if e.type == "state" and e.source == "general"]
    assert len(states) >= 80
    assert all(len(e.code) == 3 and e.code.isupper() for e in states)


@pytest.mark.parametrize(
    ("text", "date", "actor", "code"),
    [
        ("Pete Hegseth", "2025-11-20", "pete-hegseth", "USAMIL"),
        ("the Secretary of War", "2025-11-20", "pete-hegseth", "USAMIL"),
        ("the Pentagon", "2025-11-20", "usa-department-of-defense", "USAMIL"),
        ("Beijing", "2025-11-20", "CHN", "CHNGOV"),
        ("US armed forces", "2025-11-20", "USA:military", "USAMIL"),
        ("Venezuela's foreign ministry", "2025-11-20", "VEN:foreign-ministry", "VENGOV"),
        ("Venezuela’s foreign ministry", "2025-11-20", "VEN:foreign-ministry", "VENGOV"),
        ("Petro's government", "2025-11-20", "COL", "COLGOV"),
        ("the Trump administration", "2025-11-20", "USA", "USAGOV"),
        ("Brazilian President", "2025-11-20", "lula-da-silva", "BRAGOV"),
        ("the president of Brazil", "2025-11-20", "lula-da-silva", "BRAGOV"),
        ("Vasily Nebenzya", "2025-11-20", "vassily-nebenzia", "RUSGOV"),
        ("Cártel de los Soles", "2025-11-20", "cartel-de-los-soles", "VENCRM"),
        ("the armed forces of Colombia", "2025-11-20", "COL:military", "COLMIL"),
        ("U.S.", "2025-11-20", "USA", "USA"),
        ("Latin America", "2025-11-20", "region-latin-america", "LAM"),
        ("Veltria's defence minister", "2031-03-08", "aurel-brandt", "VLTMIL"),
        ("the Ostmark government", "2031-03-08", "OST", "OSTGOV"),
        ("Kaldhavn", "2031-03-08", "OST", "OSTGOV"),
        ("Ostmark's coast guard", "2031-03-08", "ost-coast-guard", "OSTMIL"),
    ],
)
def test_lookup_resolves_names_role_nouns_and_metonyms(
    dictionary: ActorDictionary, text: str, date: str, actor: str, code: str
) -> None:
    match = dictionary.resolve(text, date)
    assert match is not None, text
    assert (match.entry.id, match.code) == (actor, code)
    assert dictionary.lookup(text, date) == match.entry


@pytest.mark.parametrize(
    ("text", "date", "actor"),
    [
        ("Colombian President", "2025-11-20", "gustavo-petro"),
        ("Colombian President", "2026-09-01", "COL"),  # Petro's term ended on 2026-08-07: the office
        ("Venezuelan President", "2025-11-20", "nicolas-maduro"),
        ("Venezuelan President", "2026-02-01", "VEN"),  # captured 2026-01-03; Rodríguez is acting president
        ("Venezuela's acting president", "2026-02-01", "delcy-rodriguez"),
        ("the Secretary of War", "2025-08-01", None),  # the secondary title dates from 2025-09-05
        ("the Secretary of Defense", "2025-08-01", "pete-hegseth"),
        ("Venezuelan foreign minister", "2010-05-01", "nicolas-maduro"),
        ("Venezuelan foreign minister", "2024-05-01", "yvan-gil"),
        ("US President", "2019-06-01", "donald-trump"),
        ("US President", "2022-06-01", "USA"),  # no holder in the dictionary: the office
    ],
)
def test_role_nouns_resolve_to_the_holder_on_the_date(
    dictionary: ActorDictionary, text: str, date: str, actor: str | None
) -> None:
    entry = dictionary.lookup(text, date)
    assert (entry.id if entry else None) == actor


def test_an_office_without_a_holder_is_coded_with_the_title_sector(dictionary: ActorDictionary) -> None:
    match = dictionary.resolve("the French defence minister", "2025-11-20")
    assert match is not None
    assert (match.entry.id, match.code, match.method) == ("FRA", "FRAMIL", "title")


@pytest.mark.parametrize(
    ("start", "end", "date", "held"),
    [
        ("2025-01-25", None, "2025-01-25", True),
        ("2025-01-25", None, "2025-01-24", False),
        ("2014-10-24", "2026-03", "2026-03-31", True),  # a month-precision end covers the month
        ("2014-10-24", "2026-03", "2026-04-01", False),
        ("2025-11-13", None, "2025-11", True),  # a month-precision date overlaps the start
        ("2025-11-13", None, "2025-10", False),
    ],
)
def test_role_validity_follows_partial_dates(start: str, end: str | None, date: str, held: bool) -> None:
    assert RoleEntry("t", start=start, end=end).valid_at(date) is held


@pytest.mark.parametrize("text", ["us", "Jordan", "Gerald Ford", "the navy", "the president"])
def test_lookup_refuses_pronouns_ambiguous_names_and_bare_nouns(
    dictionary: ActorDictionary, text: str
) -> None:
    assert dictionary.resolve(text, "2025-11-20") is None


def test_ambiguous_alias_resolves_when_the_tagger_calls_it_a_place(dictionary: ActorDictionary) -> None:
    match = dictionary.resolve("Jordan", "2025-11-20", ner_type="GPE")
    assert match is not None
    assert match.entry.id == "JOR"


def test_fictional_crisis_resolves_only_within_its_period(dictionary: ActorDictionary) -> None:
    assert dictionary.lookup("Veltria", "2031-03-01") is not None
    assert dictionary.lookup("Veltria", "2025-11-20") is None


def test_scan_gives_exact_offsets_and_prefers_the_longest_phrase(dictionary: ActorDictionary) -> None:
    text = "Operation Southern Spear was billed by US Secretary of Defense Pete Hegsett as a mission."
    found = dictionary.scan(text, "2025-11-20")
    assert [(m.text, m.kind) for m in found] == [
        ("Operation Southern Spear", "alias"),
        ("US Secretary of Defense", "role"),
    ]
    for m in found:
        assert text[m.start : m.end] == m.text


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_a_crisis_file_is_one_file(tmp_path: Path) -> None:
    crisis = write(
        tmp_path,
        "my-crisis.toml",
        """
[meta]
name = "my-crisis"

[[actor]]
id = "jane-roe"
type = "person"
name = "Jane Roe"
country = "FRA"
aliases = ["Roe"]

[[actor.role]]
title = "Minister of Defence of France"
key = "defence-minister"
start = "2040-01-01"
code = "FRAMIL"
""",
    )
    d = ActorDictionary.load(["general"], extra=[crisis])
    assert d.lookup("the French defence minister", "2040-05-01") == d.entries["jane-roe"]
    assert d.resolve("Roe", "2040-05-01").code == "FRAMIL"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[actor]]\nid = "x"\nname = "X"\ntype = "planet"\n', "type 'planet' is not one of"),
        (
            '[[actor]]\nid = "x"\nname = "X"\ntype = "person"\nalias = ["Y"]\n',
            r"unknown field\(s\) alias; valid fields are aliases",
        ),
        (
            '[[actor]]\nid = "x"\nname = "X"\ntype = "person"\ncountry = "ZZZ"\n',
            "country 'ZZZ' is not a state",
        ),
        (
            '[[actor]]\nid = "x"\nname = "X"\ntype = "person"\n'
            '[[actor.role]]\ntitle = "T"\nstart = "May 2020"\n',
            "must be ISO-8601",
        ),
        ('[[actor]]\nid = "USA"\nname = "X"\ntype = "state"\n', "already used in general"),
    ],
)
def test_malformed_entries_name_the_file_and_the_fix(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, "bad.toml", body)
    with pytest.raises(ConfigError, match=message):
        ActorDictionary.load(["general"], extra=[path])
