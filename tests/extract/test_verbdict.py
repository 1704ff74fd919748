import pytest

from rashomon.extract.verbdict import ArgumentBags, VerbTable, load_verb_table, parse_verb_dictionary

DICTIONARY = """
# a tiny dictionary in PETRARCH's format
&WEAPON
+BOMB
+ROCKET

--- ATTACK [190] ---
ATTACK
+GUN_DOWN {+GUNS_DOWN +GUNNED_DOWN} [193]
- * (WITH &WEAPON)          [183]   # ATTACK
- * (WITH {CAR BOMB})       [1832]  # ATTACK
- * (IN ACCIDENT)          [---]   # ATTACK
- REBELS *                 [1821]  # ATTACK

--- CANCEL [---] ---
SUSPEND
- * TALKS                  [164]   # SUSPEND
"""


@pytest.fixture
def table() -> VerbTable:
    return parse_verb_dictionary(DICTIONARY)


def test_verbdict_reads_verbs_with_their_block_codes(table: VerbTable) -> None:
    [attack] = table.entries("attack")
    assert (attack.code, attack.after) == ("190", ())
    [suspend] = table.entries("suspend")
    assert suspend.code == ""  # the block's null code: no event by itself


def test_verbdict_reads_multiword_verbs(table: VerbTable) -> None:
    entries = table.entries("gun", ["DOWN"])
    assert [(e.after, e.code) for e in entries] == [(("DOWN",), "193")]
    assert table.entries("gun", ["UP"]) == []


@pytest.mark.parametrize(
    ("bags", "code"),
    [
        (ArgumentBags(), "190"),
        (ArgumentBags(preps={"WITH": frozenset({"ROCKET"})}), "183"),
        (ArgumentBags(preps={"WITH": frozenset({"CAR", "BOMB"})}), "1832"),  # more specific than &WEAPON
        (ArgumentBags(preps={"IN": frozenset({"ACCIDENT"})}), ""),
        (ArgumentBags(subject=frozenset({"REBELS"})), "1821"),
    ],
)
def test_verbdict_most_specific_pattern_wins(table: VerbTable, bags: ArgumentBags, code: str) -> None:
    [attack] = table.entries("attack")
    assert table.code(attack, bags)[0] == code


def test_verbdict_pattern_gives_an_event_to_a_null_verb(table: VerbTable) -> None:
    [suspend] = table.entries("suspend")
    assert table.code(suspend, ArgumentBags(objects=frozenset({"TALKS"})))[0] == "164"


def test_verbdict_round_trips_through_json(table: VerbTable) -> None:
    again = VerbTable.from_json(table.to_json())
    assert again.verbs == table.verbs
    assert again.patterns == table.patterns
    assert again.synsets == table.synsets


def test_verbdict_shipped_table_carries_its_licence() -> None:
    shipped = load_verb_table()
    assert "MIT License" in shipped.notice
    assert len(shipped.verbs) > 1000
    assert shipped.entries("kill")[0].code.startswith("19")
