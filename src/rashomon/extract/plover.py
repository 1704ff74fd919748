"""The PLOVER event ontology: its 16 event types, their modes, CAMEO codes and scores.

Written from the definitions of the PLOVER manual (draft 2.0, Open Event Data Alliance,
CC BY-SA 4.0) and its CAMEO migration notes; the tables below are this project's own
encoding of those definitions, not a copy of any PLOVER file.

Three things are here:

* :data:`PLOVER_TYPES` — each type with its quad category, its modes and the CAMEO root
  code a GDELT user would expect for it;
* :func:`cameo_to_plover` / :func:`plover_to_cameo` — CAMEO codes (2–4 digits) to
  (type, mode) and back;
* :func:`intensity` — the conflict–cooperation score of a type and mode on the manual's
  −10..+10 scale (negative is conflict).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "LEGACY_TYPES",
    "PLOVER_TYPES",
    "QUADS",
    "PloverType",
    "cameo_root",
    "cameo_to_plover",
    "intensity",
    "penta_class",
    "plover_to_cameo",
    "quad_of",
]


@dataclass(frozen=True, slots=True)
class PloverType:
    """One PLOVER event type.

    Attributes:
        name: The type (``ASSAULT``).
        quad: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
        score: The type's conflict–cooperation score when no mode applies.
        modes: Mode name → score (the manual's table; modes it gives no score get the type's).
        cameo: The CAMEO root code (two digits) that corresponds to the type.
        definition: One line from the manual's definition.
    """

    name: str
    quad: int
    score: float
    modes: dict[str, float]
    cameo: str
    definition: str


#: Quad categories by number.
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

# Scores are the manual's "PLOVER conflict–cooperation scores" table. The table prints ACCUSE
# as +3 while every ACCUSE mode is negative (−2 to −3.5); the sign is taken to be a misprint.
PLOVER_TYPES: dict[str, PloverType] = {
    t.name: t
    for t in (
        PloverType(
            "AGREE", 1, 2.5, {}, "03", "agree to, offer or promise to cooperate, incl. future cooperation"
        ),
        PloverType(
            "CONSULT",
            1,
            2.5,
            {"visit": 4.0, "third-party": 1.0, "multilateral": 4.0, "phone": 1.5},
            "04",
            "meet, visit, talk or negotiate",
        ),
        PloverType(
            "SUPPORT", 1, 5.0, {}, "05", "verbal, diplomatic support; praise, endorse, sign an agreement"
        ),
        PloverType("CONCEDE", 1, 4.5, {}, "08", "verbal concessions; promised easing, pardons, regret"),
        PloverType(
            "COOPERATE", 2, 9.5, {}, "06", "material cooperation: economic, military, intelligence exchange"
        ),
        PloverType("AID", 2, 10.0, {}, "07", "material aid that benefits the recipient"),
        PloverType(
            "RETREAT",
            2,
            6.5,
            {
                "withdraw": 8.0,
                "release": 6.5,
                "return": 6.5,
                "disarm": 10.0,
                "ceasefire": 7.5,
                "access": 6.5,
                "resign": 4.5,
            },
            "08",
            "material de-escalation: withdraw, release, disarm, observe a ceasefire, resign",
        ),
        PloverType(
            "REQUEST",
            3,
            0.0,
            {"assist": 0.5, "change": -1.0, "yield": -1.0, "meet": 0.0},
            "10",
            "ask, demand or appeal for something",
        ),
        PloverType(
            "ACCUSE",
            3,
            -3.0,
            {"disapprove": -2.0, "investigate": -3.5, "allege": -3.5},
            "11",
            "criticise, condemn, accuse, designate, investigate, sue",
        ),
        PloverType(
            "REJECT",
            3,
            -2.0,
            {"assist": -1.5, "change": -2.0, "yield": -2.0, "meet": -2.0},
            "12",
            "refuse, reject, deny, veto, defy",
        ),
        PloverType(
            "THREATEN",
            3,
            -3.5,
            {
                "restrict": -3.0,
                "ban": -3.5,
                "arrest": -3.5,
                "relations": -3.5,
                "rights": -3.5,
                "expel": -3.5,
                "territory": -4.0,
                "violence": -3.5,
            },
            "13",
            "threats and coercive warnings",
        ),
        PloverType(
            "PROTEST",
            4,
            -5.0,
            {
                "demo": -5.0,
                "riot": -7.0,
                "strike": -5.0,
                "hunger": -4.5,
                "boycott": -4.5,
                "obstruct": -4.5,
            },
            "14",
            "demonstrations, riots, strikes, boycotts",
        ),
        # The manual's summary table files SANCTION under material conflict, its quad table under
        # verbal conflict; CAMEO's root 16 is material conflict, so 4 is used.
        PloverType(
            "SANCTION",
            4,
            -6.0,
            {"convict": -6.0, "expel": -5.5, "withdraw": -6.0, "discontinue": -6.0},
            "16",
            "reduce or end existing relations, incl. sanctions",
        ),
        PloverType(
            "MOBILIZE",
            4,
            -5.5,
            {"troops": -6.5, "weapons": -6.5, "police": -5.5, "militia": -6.0},
            "15",
            "military or police moves short of the use of force",
        ),
        PloverType(
            "COERCE",
            4,
            -7.0,
            {
                "seize": -7.0,
                "restrict": -7.0,
                "ban": -7.0,
                "censor": -6.5,
                "curfew": -6.5,
                "martial-law": -7.5,
                "arrest": -7.0,
                "deport": -7.0,
                "withhold": -7.0,
                "misinformation": -6.5,
                "cyber": -7.0,
            },
            "17",
            "repression and coercion short of violence: arrest, seize, blockade, restrict",
        ),
        PloverType(
            "ASSAULT",
            4,
            -9.0,
            {
                "abduct": -8.5,
                "beat": -7.5,
                "torture": -8.5,
                "execute": -9.0,
                "sexual": -8.5,
                "assassinate": -9.5,
                "destroy": -8.5,
                "primitive": -8.0,
                "firearms": -9.0,
                "explosives": -9.0,
                "suicide-attack": -9.5,
                "aerial": -9.5,
                "drone": -9.5,
                "heavy-weapons": -9.5,
                "crowd-control": -7.5,
                "cleansing": -10.0,
                "massacre": -10.0,
                "unconventional": -10.0,
            },
            "18",
            "the use of force: attacks, killings, strikes, bombings, abductions",
        ),
    )
}

#: Labels of the 2016 (PLOVER 0.5b1) gold standard records → current types (and mode).
LEGACY_TYPES: dict[str, tuple[str, str]] = {
    "DEMAND": ("REQUEST", ""),
    "DISAPPROVE": ("ACCUSE", "disapprove"),
    "INVESTIGATE": ("ACCUSE", "investigate"),
    "FIGHT": ("ASSAULT", ""),
}

# CAMEO code (prefix) → (PLOVER type, mode). The longest matching prefix wins, so "1831"
# falls back to "183" and then to "18". Root 01 (public statements) has no PLOVER type.
_CAMEO: dict[str, tuple[str, str]] = {
    "02": ("REQUEST", ""),
    "021": ("REQUEST", "assist"),
    "022": ("REQUEST", "assist"),
    "023": ("REQUEST", "assist"),
    "024": ("REQUEST", "change"),
    "025": ("REQUEST", "yield"),
    "026": ("REQUEST", "meet"),
    "027": ("REQUEST", "meet"),
    "028": ("REQUEST", "meet"),
    "03": ("AGREE", ""),
    "04": ("CONSULT", ""),
    "041": ("CONSULT", "phone"),
    "042": ("CONSULT", "visit"),
    "043": ("CONSULT", "visit"),
    "044": ("CONSULT", "third-party"),
    "05": ("SUPPORT", ""),
    "06": ("COOPERATE", ""),
    "07": ("AID", ""),
    "08": ("CONCEDE", ""),
    "084": ("RETREAT", ""),
    "0841": ("RETREAT", "release"),
    "0842": ("RETREAT", "return"),
    "0831": ("RETREAT", "resign"),
    "085": ("RETREAT", ""),
    "086": ("RETREAT", "access"),
    "087": ("RETREAT", "disarm"),
    "0871": ("RETREAT", "ceasefire"),
    "0872": ("RETREAT", "withdraw"),
    "09": ("ACCUSE", "investigate"),
    "10": ("REQUEST", ""),
    "101": ("REQUEST", "assist"),
    "102": ("REQUEST", "assist"),
    "103": ("REQUEST", "assist"),
    "104": ("REQUEST", "change"),
    "105": ("REQUEST", "yield"),
    "106": ("REQUEST", "meet"),
    "107": ("REQUEST", "meet"),
    "108": ("REQUEST", "meet"),
    "11": ("ACCUSE", "disapprove"),
    "112": ("ACCUSE", "allege"),
    "114": ("ACCUSE", "allege"),
    "115": ("ACCUSE", "allege"),
    "12": ("REJECT", ""),
    "121": ("REJECT", "assist"),
    "122": ("REJECT", "assist"),
    "123": ("REJECT", "change"),
    "124": ("REJECT", "change"),
    "1243": ("REJECT", "yield"),
    "1244": ("REJECT", "yield"),
    "1245": ("REJECT", "yield"),
    "1246": ("REJECT", "yield"),
    "125": ("REJECT", "meet"),
    "126": ("REJECT", "meet"),
    "127": ("REJECT", "meet"),
    "128": ("REJECT", "yield"),
    "129": ("REJECT", "yield"),
    "13": ("THREATEN", ""),
    "131": ("THREATEN", "relations"),
    "1312": ("THREATEN", "restrict"),
    "132": ("THREATEN", "ban"),
    "133": ("THREATEN", "relations"),
    "134": ("THREATEN", "relations"),
    "135": ("THREATEN", "relations"),
    "136": ("THREATEN", "expel"),
    "137": ("THREATEN", "violence"),
    "138": ("THREATEN", "violence"),
    "1381": ("THREATEN", "restrict"),
    "1382": ("THREATEN", "territory"),
    "139": ("THREATEN", "relations"),
    "14": ("PROTEST", ""),
    "141": ("PROTEST", "demo"),
    "142": ("PROTEST", "hunger"),
    "143": ("PROTEST", "strike"),
    "144": ("PROTEST", "obstruct"),
    "145": ("PROTEST", "riot"),
    "15": ("MOBILIZE", ""),
    "151": ("MOBILIZE", "police"),
    "152": ("MOBILIZE", "troops"),
    "153": ("MOBILIZE", "police"),
    "154": ("MOBILIZE", "troops"),
    "16": ("SANCTION", ""),
    "161": ("SANCTION", "withdraw"),
    "162": ("SANCTION", "discontinue"),
    "163": ("SANCTION", "discontinue"),
    "164": ("SANCTION", "withdraw"),
    "165": ("SANCTION", "withdraw"),
    "166": ("SANCTION", "expel"),
    "17": ("COERCE", ""),
    "171": ("COERCE", "seize"),
    "1712": ("ASSAULT", "destroy"),
    "172": ("COERCE", "restrict"),
    "1721": ("COERCE", "censor"),
    "1722": ("COERCE", "ban"),
    "1723": ("COERCE", "curfew"),
    "1724": ("COERCE", "martial-law"),
    "173": ("COERCE", "arrest"),
    "174": ("COERCE", "deport"),
    "175": ("ASSAULT", ""),
    "18": ("ASSAULT", ""),
    "181": ("ASSAULT", "abduct"),
    "182": ("ASSAULT", "beat"),
    "1821": ("ASSAULT", "sexual"),
    "1822": ("ASSAULT", "torture"),
    "1823": ("ASSAULT", ""),
    "183": ("ASSAULT", "explosives"),
    "1831": ("ASSAULT", "suicide-attack"),
    "184": ("ASSAULT", "abduct"),
    "185": ("ASSAULT", "assassinate"),
    "186": ("ASSAULT", "assassinate"),
    "19": ("ASSAULT", ""),
    "191": ("COERCE", "restrict"),
    "192": ("COERCE", "seize"),
    "193": ("ASSAULT", "firearms"),
    "194": ("ASSAULT", "heavy-weapons"),
    "195": ("ASSAULT", "aerial"),
    "20": ("ASSAULT", "massacre"),
    "201": ("ASSAULT", "cleansing"),
    "203": ("ASSAULT", "cleansing"),
    "204": ("ASSAULT", "unconventional"),
}

# (type, mode) → the most specific CAMEO code that matches it, for GDELT-style output.
_TO_CAMEO: dict[tuple[str, str], str] = {
    ("AGREE", ""): "030",
    ("CONSULT", ""): "040",
    ("CONSULT", "phone"): "041",
    ("CONSULT", "visit"): "042",
    ("CONSULT", "third-party"): "044",
    ("CONSULT", "multilateral"): "040",
    ("SUPPORT", ""): "050",
    ("CONCEDE", ""): "080",
    ("COOPERATE", ""): "060",
    ("AID", ""): "070",
    ("RETREAT", ""): "084",
    ("RETREAT", "release"): "0841",
    ("RETREAT", "return"): "0842",
    ("RETREAT", "access"): "086",
    ("RETREAT", "disarm"): "087",
    ("RETREAT", "ceasefire"): "0871",
    ("RETREAT", "withdraw"): "0872",
    ("RETREAT", "resign"): "0831",
    ("REQUEST", ""): "100",
    ("REQUEST", "assist"): "101",
    ("REQUEST", "change"): "104",
    ("REQUEST", "yield"): "105",
    ("REQUEST", "meet"): "106",
    ("ACCUSE", ""): "110",
    ("ACCUSE", "disapprove"): "111",
    ("ACCUSE", "allege"): "112",
    ("ACCUSE", "investigate"): "090",
    ("REJECT", ""): "120",
    ("REJECT", "assist"): "121",
    ("REJECT", "change"): "123",
    ("REJECT", "yield"): "128",
    ("REJECT", "meet"): "125",
    ("THREATEN", ""): "130",
    ("THREATEN", "restrict"): "1312",
    ("THREATEN", "ban"): "132",
    ("THREATEN", "relations"): "131",
    ("THREATEN", "expel"): "136",
    ("THREATEN", "territory"): "1382",
    ("THREATEN", "violence"): "138",
    ("PROTEST", ""): "140",
    ("PROTEST", "demo"): "141",
    ("PROTEST", "hunger"): "142",
    ("PROTEST", "strike"): "143",
    ("PROTEST", "boycott"): "143",
    ("PROTEST", "obstruct"): "144",
    ("PROTEST", "riot"): "145",
    ("SANCTION", ""): "160",
    ("SANCTION", "withdraw"): "161",
    ("SANCTION", "discontinue"): "163",
    ("SANCTION", "expel"): "166",
    ("MOBILIZE", ""): "150",
    ("MOBILIZE", "police"): "153",
    ("MOBILIZE", "troops"): "154",
    ("MOBILIZE", "weapons"): "150",
    ("MOBILIZE", "militia"): "154",
    ("COERCE", ""): "170",
    ("COERCE", "seize"): "171",
    ("COERCE", "restrict"): "172",
    ("COERCE", "ban"): "1722",
    ("COERCE", "censor"): "1721",
    ("COERCE", "curfew"): "1723",
    ("COERCE", "martial-law"): "1724",
    ("COERCE", "arrest"): "173",
    ("COERCE", "deport"): "174",
    ("ASSAULT", ""): "180",
    ("ASSAULT", "abduct"): "181",
    ("ASSAULT", "beat"): "182",
    ("ASSAULT", "sexual"): "1821",
    ("ASSAULT", "torture"): "1822",
    ("ASSAULT", "execute"): "1823",
    ("ASSAULT", "assassinate"): "186",
    ("ASSAULT", "destroy"): "1712",
    ("ASSAULT", "primitive"): "180",
    ("ASSAULT", "firearms"): "193",
    ("ASSAULT", "explosives"): "183",
    ("ASSAULT", "suicide-attack"): "1831",
    ("ASSAULT", "aerial"): "195",
    ("ASSAULT", "drone"): "195",
    ("ASSAULT", "heavy-weapons"): "194",
    ("ASSAULT", "crowd-control"): "175",
    ("ASSAULT", "cleansing"): "203",
    ("ASSAULT", "massacre"): "202",
    ("ASSAULT", "unconventional"): "204",
}


def cameo_to_plover(code: str) -> tuple[str, str] | None:
    """Return the PLOVER (type, mode) of a CAMEO event code, or ``None`` for root 01 and unknowns.

    Example:
        >>> cameo_to_plover("195")
        ('ASSAULT', 'aerial')
    """
    code = code.strip()
    for n in range(len(code), 1, -1):
        hit = _CAMEO.get(code[:n])
        if hit is not None:
            return hit
    return None


def plover_to_cameo(type_: str, mode: str = "") -> str:
    """Return the most specific CAMEO code for a PLOVER type and mode ("" when the type is unknown)."""
    code = _TO_CAMEO.get((type_, mode)) or _TO_CAMEO.get((type_, ""))
    return code or ""


def cameo_root(code: str) -> str:
    """Return the two-digit CAMEO root of a code ("1831" → "18")."""
    return code[:2] if len(code) >= 2 and code[:2].isdigit() else ""


def intensity(type_: str, mode: str = "") -> float:
    """Return the conflict–cooperation score of a type and mode (−10 conflict .. +10 cooperation)."""
    t = PLOVER_TYPES.get(type_)
    if t is None:
        return 0.0
    return t.modes.get(mode, t.score)


def quad_of(type_: str) -> int:
    """Return the quad category (1–4) of a PLOVER type, 0 when unknown."""
    t = PLOVER_TYPES.get(type_)
    return t.quad if t else 0


def penta_class(cameo: str) -> int:
    """Return the five-way CAMEO class of a code.

    0 statements and appeals (01–02), 1 verbal cooperation (03–05), 2 material cooperation
    (06–08), 3 verbal conflict (09–13 and 16), 4 material conflict (14, 15, 17–20); −1 when
    unknown. Reducing relations (16) counts as verbal conflict, as in PLOVER's quad table
    and in the ConfliBERT CAMEO train split (57 of 62 sentences the coder reads as 16).
    """
    root = cameo_root(cameo)
    if not root:
        return -1
    n = int(root)
    if 1 <= n <= 2:
        return 0
    if 3 <= n <= 5:
        return 1
    if 6 <= n <= 8:
        return 2
    if 9 <= n <= 13 or n == 16:
        return 3
    if 14 <= n <= 20:
        return 4
    return -1
