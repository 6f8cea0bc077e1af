"""The rule catalogue: each rule's data file (message, defaults, phrases, examples)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .phrases import PhraseMatcher

RESERVED = {"severity", "message", "kinds", "phrases", "exceptions", "examples", "plan"}
SETTING_KEYS = {"enabled", "severity"}


@dataclass(frozen=True)
class RuleSpec:
    """A rule's data, as shipped: defaults that config may change, and its examples."""

    id: str
    severity: str
    message: str
    kinds: tuple[str, ...]
    plan: bool
    data: dict[str, Any]
    params: dict[str, float]
    examples_fire: list[Any] = field(default_factory=list)
    examples_pass: list[Any] = field(default_factory=list)

    @property
    def matcher(self) -> PhraseMatcher:
        return _matcher(self.id)


@cache
def _matcher(rule_id: str) -> PhraseMatcher:
    spec = catalog()[rule_id]
    return PhraseMatcher(spec.data.get("phrases", ()), spec.data.get("exceptions", ()))


def _load(rule_id: str, raw: dict[str, Any]) -> RuleSpec:
    examples = raw.get("examples", {})
    params = {k: v for k, v in raw.items() if k not in RESERVED and isinstance(v, (int, float)) and not isinstance(v, bool)}
    return RuleSpec(
        id=rule_id,
        severity=raw["severity"],
        message=raw["message"],
        kinds=tuple(raw["kinds"]),
        plan=bool(raw.get("plan", False)),
        data={k: v for k, v in raw.items() if k != "examples"},
        params=params,
        examples_fire=list(examples.get("fire", [])),
        examples_pass=list(examples.get("pass", [])),
    )


@cache
def catalog() -> dict[str, RuleSpec]:
    """Every rule's spec, by ID, in a stable order."""
    folder = resources.files("draftkit.checklist") / "data"
    specs = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            rule_id = entry.name[: -len(".toml")]
            specs[rule_id] = _load(rule_id, tomllib.loads(entry.read_text(encoding="utf-8")))
    return specs
