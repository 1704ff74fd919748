import pytest

from rashomon.extract.plover import (
    LEGACY_TYPES,
    PLOVER_TYPES,
    cameo_root,
    cameo_to_plover,
    intensity,
    penta_class,
    plover_to_cameo,
    quad_of,
)


def test_plover_has_the_sixteen_types_of_the_manual() -> None:
    assert sorted(PLOVER_TYPES) == sorted(
        [
            "AGREE",
            "CONSULT",
            "SUPPORT",
            "CONCEDE",
            "COOPERATE",
            "AID",
            "RETREAT",
            "REQUEST",
            "ACCUSE",
            "REJECT",
            "THREATEN",
            "PROTEST",
            "SANCTION",
            "MOBILIZE",
            "COERCE",
            "ASSAULT",
        ]
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("195", ("ASSAULT", "aerial")),
        ("1831", ("ASSAULT", "suicide-attack")),
        ("1832", ("ASSAULT", "explosives")),  # falls back to 183
        ("154", ("MOBILIZE", "troops")),
        ("0871", ("RETREAT", "ceasefire")),
        ("081", ("CONCEDE", "")),
        ("1121", ("ACCUSE", "allege")),
        ("091", ("ACCUSE", "investigate")),
        ("163", ("SANCTION", "discontinue")),
        ("191", ("COERCE", "restrict")),
        ("023", ("REQUEST", "assist")),
    ],
)
def test_plover_maps_cameo_codes_by_longest_prefix(code: str, expected: tuple[str, str]) -> None:
    assert cameo_to_plover(code) == expected


@pytest.mark.parametrize("code", ["010", "01", "", "99", "x"])
def test_plover_statements_and_unknown_codes_have_no_type(code: str) -> None:
    assert cameo_to_plover(code) is None


@pytest.mark.parametrize(
    ("type_", "mode", "code"),
    [
        ("ASSAULT", "aerial", "195"),
        ("MOBILIZE", "troops", "154"),
        ("SUPPORT", "", "050"),
        ("ASSAULT", "nonsense", "180"),
    ],
)
def test_plover_to_cameo_gives_the_most_specific_code(type_: str, mode: str, code: str) -> None:
    assert plover_to_cameo(type_, mode) == code
    assert cameo_to_plover(code)[0] == type_  # type: ignore[index]


def test_plover_every_type_and_mode_round_trips_to_its_type() -> None:
    for t in PLOVER_TYPES.values():
        for mode in ("", *t.modes):
            code = plover_to_cameo(t.name, mode)
            assert code, (t.name, mode)
            assert cameo_root(code) in {t.cameo, "08", "09", "19", "20", "17", "16", "04"}


@pytest.mark.parametrize(
    ("type_", "mode", "score"),
    [
        ("ASSAULT", "aerial", -9.5),
        ("ASSAULT", "", -9.0),
        ("AID", "", 10.0),
        ("ACCUSE", "", -3.0),
        ("NOPE", "", 0.0),
    ],
)
def test_plover_intensity_follows_the_manuals_table(type_: str, mode: str, score: float) -> None:
    assert intensity(type_, mode) == score


def test_plover_conflict_types_score_below_cooperation_types() -> None:
    for t in PLOVER_TYPES.values():
        if quad_of(t.name) in (1, 2):
            assert t.score >= 0, t.name
        elif t.name != "REQUEST":
            assert t.score < 0, t.name


@pytest.mark.parametrize(
    ("code", "cls"),
    [("010", 0), ("023", 0), ("040", 1), ("064", 2), ("0871", 2), ("112", 3), ("195", 4), ("", -1)],
)
def test_plover_penta_class_of_cameo_codes(code: str, cls: int) -> None:
    assert penta_class(code) == cls


def test_plover_legacy_labels_map_to_current_types() -> None:
    assert LEGACY_TYPES["DEMAND"][0] == "REQUEST"
    assert LEGACY_TYPES["FIGHT"][0] == "ASSAULT"
    assert all(t in PLOVER_TYPES for t, _ in LEGACY_TYPES.values())
