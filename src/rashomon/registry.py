"""The stage registry: versioned stage names with declared inputs, outputs and options.

A stage is a function registered with :func:`stage`. Three scopes exist:

``article``
    ``fn(doc: Document, options) -> value`` — one article at a time. The return value
    is assigned to the single name in ``assigns`` (or, with several, a mapping of name
    to value).
``batch``
    ``fn(docs: list[Document], options) -> list[Mapping[str, Any]]`` — a batch of
    articles at once (the parser uses this for ``nlp.pipe``); one mapping per document.
``corpus``
    ``fn(corpus: CorpusView, options) -> list[record]`` — after all articles are stored,
    over the whole corpus (fusion, cross-article analysis). ``assigns`` names record kinds.

Stage names follow ``<package>.<thing>.v<N>``; a change that moves evaluation scores
registers ``v<N+1>`` beside the old one so stored runs still name the code behind them.
"""

from __future__ import annotations

import difflib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from rashomon.errors import ConfigError

__all__ = ["StageSpec", "get_stage", "registered_stages", "stage"]

Scope = Literal["article", "batch", "corpus"]
F = TypeVar("F", bound=Callable[..., Any])

_NAME = re.compile(r"^[a-z]+\.[a-z_]+\.v\d+$")


@dataclass(frozen=True, slots=True)
class StageSpec:
    """A registered stage: its name, function, contract and default options."""

    name: str
    func: Callable[..., Any]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    scope: Scope
    default_options: Any
    summary: str

    @property
    def options_class(self) -> type | None:
        """The frozen dataclass holding this stage's options, or ``None``."""
        return None if self.default_options is None else type(self.default_options)


_REGISTRY: dict[str, StageSpec] = {}


def stage(
    name: str,
    *,
    requires: tuple[str, ...] = (),
    assigns: tuple[str, ...] = (),
    scope: Scope = "article",
) -> Callable[[F], F]:
    """Register the decorated function as a pipeline stage called ``name``.

    The default of the function's ``options`` parameter becomes the stage's default
    options. Registering a different function under a taken name is an error.

    Example:
        >>> @stage("extract.example.v1", requires=("sentences",), assigns=("quotes",))
        ... def extract_example(doc, options=None):
        ...     return ()
    """
    if not _NAME.match(name):
        raise ConfigError(f"stage name {name!r} must look like 'package.thing.v1'")

    def decorate(func: F) -> F:
        params = inspect.signature(func).parameters
        default = params["options"].default if "options" in params else None
        if default is inspect.Parameter.empty:
            default = None
        doc = inspect.getdoc(func) or ""
        spec = StageSpec(name, func, tuple(requires), tuple(assigns), scope, default, doc.split("\n")[0])
        existing = _REGISTRY.get(name)
        if existing is not None and existing.func.__qualname__ != func.__qualname__:
            raise ConfigError(f"stage {name!r} is registered twice; give the new one version v{_next(name)}")
        _REGISTRY[name] = spec
        return func

    return decorate


def _next(name: str) -> int:
    return int(name.rsplit(".v", 1)[1]) + 1


def get_stage(name: str) -> StageSpec:
    """Return the registered stage ``name``.

    Raises:
        ConfigError: naming the closest registered stage when ``name`` is unknown.
    """
    try:
        return _REGISTRY[name]
    except KeyError:
        close = difflib.get_close_matches(name, list(_REGISTRY), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; `rashomon stages` lists them"
        raise ConfigError(f"unknown stage {name!r}{hint}") from None


def registered_stages() -> list[StageSpec]:
    """Return every registered stage, sorted by name."""
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]
