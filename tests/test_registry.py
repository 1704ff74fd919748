"""Registered stages against a checked-in snapshot: renaming or re-contracting a stage is a visible change.

After an intended change: ``python -m rashomon stages --json > tests/data/stages.json``.
"""

import json
from pathlib import Path

import pytest

from rashomon.errors import ConfigError
from rashomon.pipeline import load_builtin_stages
from rashomon.registry import stage

SNAPSHOT = Path(__file__).parent / "data" / "stages.json"


def test_registry_matches_snapshot() -> None:
    current = {s.name: (s.scope, list(s.requires), list(s.assigns)) for s in load_builtin_stages()}
    current = {k: v for k, v in current.items() if "test" not in k}
    snapshot = {
        r["name"]: (r["scope"], r["requires"], r["assigns"]) for r in json.loads(SNAPSHOT.read_text())
    }
    assert current == snapshot


def test_registry_refuses_bad_names() -> None:
    with pytest.raises(ConfigError, match=r"must look like 'package\.thing\.v1'"):
        stage("quotes")


def test_registry_refuses_a_second_function_under_a_taken_name() -> None:
    load_builtin_stages()

    def other(doc: object) -> None:
        return None

    with pytest.raises(ConfigError, match="registered twice; give the new one version v2"):
        stage("nlp.dates.v1")(other)
