"""Run configuration: which stages run, in what order, with which options.

The embedded ``default.toml`` beside this module holds every default. A user file
(``--config my.toml``) overrides any part of it; :func:`load_config` merges the two and
fills every stage's options from its registered ``Options`` dataclass, so the resolved
configuration written next to each run (:func:`dump_config`) names every value used.

A configuration file looks like::

    [pipeline]
    stages = ["nlp.spacy.v1", "extract.entities.v1", "extract.quotes.v1"]

    [ingest]
    max_bytes = 5_000_000

    [stages."extract.quotes.v1"]
    min_words = 3
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from rashomon.errors import ConfigError
from rashomon.registry import get_stage

__all__ = ["Config", "IngestOptions", "RunOptions", "dump_config", "load_config"]


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How input files become articles.

    Attributes:
        max_bytes: Files larger than this are rejected (bytes).
        near_duplicate_threshold: Estimated Jaccard similarity of 5-character shingles
            above which two articles are linked as near-copies.
        num_perm: MinHash permutations (precision of the Jaccard estimate).
        shingle_size: Characters per shingle.
        default_outlet: Outlet recorded for files that name none.
    """

    max_bytes: int = 5_000_000
    # Syndicated copies in the demo corpus score 0.86–0.97 and unrelated reports on the
    # same incident stay below 0.35 (scripts/eval near-duplicates); 0.8 sits between.
    near_duplicate_threshold: float = 0.8
    num_perm: int = 128
    shingle_size: int = 5
    default_outlet: str = ""


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How the pipeline is driven.

    Attributes:
        batch_size: Articles parsed together (``nlp.pipe`` batch) and stored per commit.
        n_process: Parser worker processes (spaCy ``n_process``); 1 runs in-process.
        engine: ``local`` or ``ray``.
    """

    batch_size: int = 32
    n_process: int = 1
    engine: str = "local"


@dataclass(frozen=True)
class Config:
    """A resolved configuration: every stage's options filled in."""

    stages: tuple[str, ...]
    stage_options: Mapping[str, Any] = field(default_factory=dict)
    ingest: IngestOptions = IngestOptions()
    run: RunOptions = RunOptions()

    def options_for(self, name: str) -> Any:
        """Return the resolved options object of stage ``name``."""
        return self.stage_options.get(name)

    def article_hash(self) -> str:
        """Return a digest of everything that changes per-article results.

        Articles analysed under the same digest are not analysed again on a re-run.
        """
        payload = {
            name: _plain(self.stage_options.get(name))
            for name in self.stages
            if get_stage(name).scope != "corpus"
        }
        blob = json.dumps({"stages": list(payload), "options": payload}, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _plain(options: Any) -> Any:
    if options is None:
        return None
    return json.loads(json.dumps(dataclasses.asdict(options), default=str))


def _default_text() -> str:
    return resources.files("rashomon").joinpath("default.toml").read_text(encoding="utf-8")


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _build(cls: type, default: Any, values: Mapping[str, Any], where: str) -> Any:
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(
            f"{where}: unknown option(s) {', '.join(unknown)}; valid options are {', '.join(sorted(known))}"
        )
    try:
        return TypeAdapter(cls).validate_python({**dataclasses.asdict(default), **values})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"{where}: option {loc}: {first['msg']}; fix the value in your config file"
        ) from None


def load_config(path: str | Path | None = None, overrides: Mapping[str, Any] | None = None) -> Config:
    """Load the embedded defaults, merge ``path`` and ``overrides`` over them, and resolve.

    Args:
        path: A TOML file with the user's settings, or ``None`` for the defaults.
        overrides: Settings that win over both (the CLI's flags), same shape as the TOML.

    Raises:
        ConfigError: on a missing or malformed file, unknown stage or invalid option.
    """
    raw = tomllib.loads(_default_text())
    if path is not None:
        p = Path(path)
        try:
            raw = _merge(raw, tomllib.loads(p.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise ConfigError(f"config file {p} not found; pass an existing TOML file to --config") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {p} is not valid TOML ({exc}); fix the line it names") from None
    if overrides:
        raw = _merge(raw, overrides)
    return resolve_config(raw)


def resolve_config(raw: Mapping[str, Any]) -> Config:
    """Turn a merged configuration mapping into a :class:`Config` with every default filled in."""
    unknown_sections = sorted(set(raw) - {"pipeline", "ingest", "run", "stages"})
    if unknown_sections:
        raise ConfigError(
            f"unknown config section(s) {', '.join(unknown_sections)}; "
            'valid sections are [pipeline], [ingest], [run] and [stages."NAME"]'
        )
    stages = tuple(raw.get("pipeline", {}).get("stages", ()))
    given: Mapping[str, Any] = raw.get("stages", {})
    options: dict[str, Any] = {}
    for name in stages:
        spec = get_stage(name)
        values = given.get(name, {})
        if spec.default_options is None or spec.options_class is None:
            if values:
                raise ConfigError(f'stage {name} takes no options; remove [stages."{name}"]')
            options[name] = None
        else:
            options[name] = _build(spec.options_class, spec.default_options, values, f'[stages."{name}"]')
    for name in given:
        if name not in stages:
            get_stage(name)  # unknown names raise with a suggestion
    ingest = _build(IngestOptions, IngestOptions(), raw.get("ingest", {}), "[ingest]")
    run = _build(RunOptions, RunOptions(), raw.get("run", {}), "[run]")
    if run.engine not in ("local", "ray"):
        raise ConfigError(f"[run] engine must be 'local' or 'ray', not {run.engine!r}")
    return Config(stages=stages, stage_options=options, ingest=ingest, run=run)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if value is None:
        return '""'
    return json.dumps(str(value))


def dump_config(config: Config) -> str:
    """Return ``config`` as TOML with every value spelled out (stored with each run)."""
    lines = ["[pipeline]", f"stages = {_toml_value(list(config.stages))}", "", "[ingest]"]
    lines += [f"{k} = {_toml_value(v)}" for k, v in dataclasses.asdict(config.ingest).items()]
    lines += ["", "[run]"]
    lines += [f"{k} = {_toml_value(v)}" for k, v in dataclasses.asdict(config.run).items()]
    for name in config.stages:
        opts = config.stage_options.get(name)
        if opts is None:
            continue
        lines += ["", f'[stages."{name}"]']
        lines += [f"{k} = {_toml_value(v)}" for k, v in dataclasses.asdict(opts).items()]
    return "\n".join(lines) + "\n"
