"""Engines turn notes and a plan into drafts: one small protocol, one registry table.

A new provider is one module with a class that has a `name`, an `Options` pydantic model (its
typed settings; unknown keys are refused) and `async compose(notes, plan, on_draft=None)`,
plus one line in ENGINES. `write`, `evals` and the Python API all pick engines here.
"""

from __future__ import annotations

import difflib
import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import UsageError

# name → "module:class"; imported only when that engine is used, so the builtin path never
# loads openai or tiktoken.
ENGINES: dict[str, str] = {
    "builtin": "draftkit.engines.builtin:BuiltinEngine",
    "openai": "draftkit.engines.openai:OpenAIEngine",
}
ENDPOINT_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL")


class EngineOptions(BaseModel):
    """Typed engine settings; a misspelt option is an error, never silently unused."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    @classmethod
    def from_environ(cls, given: dict[str, Any], environ: Mapping[str, str]) -> EngineOptions:
        """The options from keyword values, completed from the environment where an engine reads it."""
        return cls.model_validate(given)


@dataclass
class Composed:
    """What an engine returns for one notes file: drafts, per-draft failures, and its provenance."""

    drafts: list[Any]
    errors: list[dict[str, str]] = field(default_factory=list)
    endpoint: str | None = None
    model: str | None = None
    usage: dict[str, int] | None = None
    warnings: list[str] = field(default_factory=list)
    adjustments: list[dict[str, Any]] = field(default_factory=list)  # notes fragments rephrased or left out


# Called as each draft finishes: (draft id, None or the failure, drafts finished, drafts planned).
OnDraft = Callable[[str, "str | None", int, int], None]


class Engine(Protocol):
    """The interface every engine implements."""

    name: ClassVar[str]
    Options: ClassVar[type[EngineOptions]]

    def __init__(self, options: Any, config: Any = None) -> None: ...

    async def compose(self, notes: Any, plan: list[Any], on_draft: OnDraft | None = None) -> Composed: ...


def names() -> list[str]:
    """Every engine name a user may choose, `auto` first."""
    return ["auto", *ENGINES]


def engine_class(name: str) -> type[Engine]:
    """The class registered under `name` (imported now)."""
    if name not in ENGINES:
        raise UsageError(f"unknown engine {name!r} (choose from {', '.join(names())})")
    module, _, attr = ENGINES[name].partition(":")
    return getattr(importlib.import_module(module), attr)


def resolve(name: str, *, base_url: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """auto → openai when a key or base URL is configured, else builtin."""
    if name != "auto":
        if name not in ENGINES:
            raise UsageError(f"unknown engine {name!r} (choose from {', '.join(names())})")
        return name
    env = os.environ if environ is None else environ
    return "openai" if base_url or any(env.get(v) for v in ENDPOINT_VARIABLES) else "builtin"


def option_names(name: str) -> list[str]:
    """The options engine `name` takes."""
    return list(engine_class(name).Options.model_fields)


def make_options(name: str, given: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> EngineOptions:
    """Validate keyword options for engine `name` (None means not given); one clear line if wrong."""
    options_cls = engine_class(name).Options
    values = {k: v for k, v in given.items() if v is not None}
    known = list(options_cls.model_fields)
    for key in values:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            takes = ", ".join(known) if known else "no options"
            raise UsageError(f"the {name} engine has no option {key!r} ({hint}it takes: {takes})")
    try:
        return options_cls.from_environ(values, os.environ if environ is None else environ)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "options"
        raise UsageError(f"{name} engine option {where!r}: {first['msg']} (got {str(first.get('input'))[:60]!r})") from None


def create(name: str, given: Mapping[str, Any], config: Any, environ: Mapping[str, str] | None = None) -> Engine:
    """An engine instance for `name` (not `auto`) with validated options."""
    return engine_class(name)(make_options(name, given, environ), config)
