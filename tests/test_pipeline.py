from pathlib import Path

import pytest

from rashomon.config import load_config
from rashomon.errors import ConfigError
from rashomon.model import Document
from rashomon.pipeline import Pipeline, load_builtin_stages
from rashomon.registry import stage
from rashomon.store import SQLiteStore


def _config(*stages: str, **overrides: object) -> object:
    load_builtin_stages()
    return load_config(overrides={"pipeline": {"stages": list(stages)}, **overrides})


def test_pipeline_check_names_the_missing_stage() -> None:
    with pytest.raises(ConfigError) as err:
        Pipeline(_config("nlp.spacy.v1", "extract.quotes.v1"))  # type: ignore[arg-type]
    assert str(err.value) == (
        "extract.quotes.v1 needs 'entities'; add 'extract.entities.v1' before it in [pipeline].stages."
    )


def test_pipeline_check_rejects_unknown_stage_with_suggestion() -> None:
    with pytest.raises(ConfigError, match=r"unknown stage 'extract\.quote\.v1'; did you mean"):
        _config("extract.quote.v1")


def test_config_rejects_unknown_option() -> None:
    load_builtin_stages()
    with pytest.raises(ConfigError, match=r'\[stages."extract.quotes.v2"\]: unknown option\(s\) min_wordz'):
        load_config(overrides={"stages": {"extract.quotes.v2": {"min_wordz": 3}}})


def test_config_rejects_bad_option_type() -> None:
    load_builtin_stages()
    with pytest.raises(ConfigError, match="option min_words"):
        load_config(overrides={"stages": {"extract.quotes.v2": {"min_words": "three"}}})


@stage("extract.testfail.v1", requires=("entities",), assigns=("signals",))
def _fail_on_boom(doc: Document, options: None = None) -> tuple[()]:
    if "boom" in doc.text:
        raise RuntimeError("exploded")
    return ()


@pytest.mark.slow
def test_pipeline_run_is_idempotent_and_isolates_failures(tmp_path: Path, store: SQLiteStore) -> None:
    (tmp_path / "a.txt").write_text("Maria Lopez of the United Nations visited Caracas on Monday.")
    (tmp_path / "b.txt").write_text("Nothing went boom in Brazil, said Pedro Alvarez.")
    (tmp_path / "c.txt").write_text("")
    config = _config("nlp.spacy.v1", "extract.entities.v1", "extract.testfail.v1")
    first = Pipeline(config).run([tmp_path], store)  # type: ignore[arg-type]
    assert (first.new_articles, first.analyzed, first.failed) == (2, 1, 1)
    reasons = sorted(r.reason for r in first.rejected)
    assert reasons[0] == "empty file"
    assert reasons[1].startswith("extract.testfail.v1 failed on article art_")
    assert reasons[1].endswith(": RuntimeError: exploded")
    counts = store.counts()
    second = Pipeline(config).run([tmp_path], store)  # type: ignore[arg-type]
    # Only the failed article is tried again (and fails again); the good one is not re-analysed.
    assert (second.new_articles, second.already_stored, second.analyzed, second.failed) == (0, 2, 0, 1)
    assert store.counts()["entity"] == counts["entity"]
    assert store.runs()[0]["status"] == "partial"
    assert "[pipeline]" in store.runs()[0]["config"]
