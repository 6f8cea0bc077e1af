"""The rule catalogue: one data file per rule names its check, settings, message, fix and examples.

Loading checks every file against the code it names: an unknown check, a data key or setting the
check does not read (or one it needs and the file lacks), a default out of bounds, or a message
placeholder the check does not supply is a `RuleSpecError`, so a mistake cannot pass silently.
"""

from __future__ import annotations

import string
import sys
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..kinds import KIND_NAMES
from .phrases import PhraseMatcher

REQUIRED = ("check", "severity", "description", "why", "message", "fix", "kinds", "examples")
OPTIONAL = ("params",)
SETTING_KEYS = {"enabled", "severity"}
SEVERITIES = ("error", "warning")


class RuleSpecError(ValueError):
    """A rule's data file and its check disagree (a bug in the rule, not in the user's input)."""


@dataclass(frozen=True)
class RuleSpec:
    """A rule's data, as shipped: defaults that config may change, and its examples."""

    id: str
    check: str
    severity: str
    description: str
    why: str
    message: str
    fix: str
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
def data_words(rule_id: str, key: str) -> frozenset[str]:
    """A rule's word list (data key `key`) as a set, built once."""
    return frozenset(catalog()[rule_id].data[key])


@cache
def _matcher(rule_id: str) -> PhraseMatcher:
    spec = catalog()[rule_id]
    return PhraseMatcher(spec.data.get("phrases", ()), spec.data.get("exceptions", ()))


def placeholders(template: str) -> set[str]:
    """The names a str.format template uses ("{count}" -> count, "{a.b}" -> a)."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            names.add(name.split(".", 1)[0].split("[", 1)[0])
    return names


def load_spec(rule_id: str, raw: dict[str, Any], where: str | None = None) -> RuleSpec:
    """Validate one rule's data against the check it names."""
    from .registry import CHECKS

    where = where or f"rule {rule_id}"
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise RuleSpecError(f"{where}: missing {', '.join(missing)}")
    check = CHECKS.get(raw["check"])
    if check is None:
        raise RuleSpecError(f"{where}: check {raw['check']!r} does not exist (known: {', '.join(sorted(CHECKS))})")
    data = {k: v for k, v in raw.items() if k not in REQUIRED and k not in OPTIONAL}
    unused = sorted(set(data) - check.data)
    if unused:
        raise RuleSpecError(f"{where}: check {check.name!r} does not read {', '.join(unused)}")
    lacking = sorted(check.data - set(data))
    if lacking:
        raise RuleSpecError(f"{where}: check {check.name!r} needs {', '.join(lacking)}")
    params = raw.get("params", {})
    if set(params) != set(check.params):
        extra, need = sorted(set(params) - set(check.params)), sorted(set(check.params) - set(params))
        raise RuleSpecError(f"{where}: params disagree with check {check.name!r}: "
                            f"unused {extra or 'none'}, missing {need or 'none'}")
    for name, value in params.items():
        problem = check.params[name].problem(value)
        if problem:
            raise RuleSpecError(f"{where}: params.{name} {problem}")
    for key in ("message", "fix"):
        unknown = placeholders(raw[key]) - check.values
        if unknown:
            raise RuleSpecError(f"{where}: {key} names {', '.join('{' + u + '}' for u in sorted(unknown))}, "
                                f"which check {check.name!r} does not supply (it supplies: {', '.join(sorted(check.values))})")
    if raw["severity"] not in SEVERITIES:
        raise RuleSpecError(f"{where}: severity must be one of {SEVERITIES}")
    kinds = tuple(raw["kinds"])
    if not kinds or set(kinds) - set(KIND_NAMES):
        raise RuleSpecError(f"{where}: kinds must be some of {KIND_NAMES}, got {list(kinds)}")
    examples = raw["examples"]
    return RuleSpec(
        id=rule_id, check=check.name, severity=raw["severity"], description=raw["description"].strip(),
        why=raw["why"].strip(), message=raw["message"], fix=raw["fix"], kinds=kinds, plan=check.plan,
        data=data, params=dict(params), examples_fire=list(examples.get("fire", [])),
        examples_pass=list(examples.get("pass", [])),
    )


def load_catalog(folder: Traversable | Path) -> dict[str, RuleSpec]:
    """Every RULE.toml in a folder, validated, by ID in a stable order."""
    from . import plan_rules, splice_rules, text_rules  # noqa: F401  (registers the checks)

    specs = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            rule_id = entry.name[: -len(".toml")]
            try:
                raw = tomllib.loads(entry.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise RuleSpecError(f"{entry.name}: not valid TOML: {exc}") from None
            specs[rule_id] = load_spec(rule_id, raw, entry.name)
    return specs


@cache
def catalog() -> dict[str, RuleSpec]:
    """Every shipped rule's spec, by ID, in a stable order."""
    return load_catalog(resources.files("draftkit.checklist") / "data")
