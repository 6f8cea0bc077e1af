"""Checklist configuration: draftkit.toml or [tool.draftkit] in pyproject.toml."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..errors import ConfigError
from ..plan import PlanPolicy
from .catalog import SETTING_KEYS, SEVERITIES, RuleSpec, catalog
from .registry import CHECKS


@dataclass(frozen=True)
class RuleSettings:
    """A rule as configured: on or off, its severity and thresholds."""

    enabled: bool
    severity: str
    params: dict[str, float]


@dataclass(frozen=True)
class Config:
    """Rule settings and holidays; defaults come from the rule catalogue."""

    rules: dict[str, RuleSettings] = field(default_factory=dict)
    holidays: frozenset[date] = frozenset()
    source: str | None = None
    country: str | None = None

    @classmethod
    def default(cls) -> Config:
        return cls.from_mapping({})

    @classmethod
    def from_mapping(cls, raw: dict[str, Any], source: str | None = None) -> Config:
        """Validate a config table; unknown rules or keys are errors."""
        where = source or "config"
        known_top = {"country", "holidays", "rules"}
        for key in raw:
            if key not in known_top:
                raise ConfigError(f"{where}: unknown key {key!r} (allowed: country, holidays, rules)")
        holidays = _holidays(raw.get("holidays", []), where)
        country = _country(raw["country"], where) if "country" in raw else None
        tables = raw.get("rules", {})
        if not isinstance(tables, dict):
            raise ConfigError(f"{where}: 'rules' must be a table of [rules.RULE-ID] tables")
        specs = catalog()
        for rule_id in tables:
            if rule_id not in specs:
                raise ConfigError(
                    f"{where}: unknown rule {rule_id!r} (known rules: {', '.join(specs)})"
                )
        rules = {}
        for rule_id, spec in specs.items():
            table = tables.get(rule_id, {})
            if not isinstance(table, dict):
                raise ConfigError(f"{where}: [rules.{rule_id}] must be a table")
            rules[rule_id] = _settings(spec, table, where)
        return cls(rules=rules, holidays=holidays, source=source, country=country)

    def rule(self, rule_id: str) -> RuleSettings:
        return self.rules[rule_id]

    def param(self, rule_id: str, name: str) -> float:
        return self.rules[rule_id].params[name]

    def plan_policy(self) -> PlanPolicy:
        """The plan's limits, read from the same settings the plan rules check."""
        return PlanPolicy(
            email_hours=self.param("missed-deadline", "email_hours"),
            note_hours=self.param("missed-deadline", "note_hours"),
            note_min_days=int(self.param("missed-deadline", "note_min_days")),
            business_days=int(self.param("premature-follow-up", "business_days")),
            holidays=self.holidays,
            country=self.country,
        )


def _country(value: Any, where: str) -> str:
    from ..fields import check_country

    try:
        return check_country(value if isinstance(value, str) else repr(value))
    except ValueError as exc:
        raise ConfigError(f"{where}: country: {exc}") from None


def _holidays(value: Any, where: str) -> frozenset[date]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: holidays must be a list of dates like \"2026-12-25\"")
    days = set()
    for item in value:
        if isinstance(item, date):
            days.add(item)
            continue
        try:
            days.add(date.fromisoformat(str(item)))
        except ValueError:
            raise ConfigError(f"{where}: holidays: {item!r} is not a date (use YYYY-MM-DD)") from None
    return frozenset(days)


def _settings(spec: RuleSpec, table: dict, where: str) -> RuleSettings:
    rule_id, severity, params = spec.id, spec.severity, spec.params
    allowed = SETTING_KEYS | set(params)
    for key in table:
        if key not in allowed:
            raise ConfigError(
                f"{where}: [rules.{rule_id}] unknown key {key!r} (allowed: {', '.join(sorted(allowed))})"
            )
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{where}: [rules.{rule_id}] enabled must be true or false")
    sev = table.get("severity", severity)
    if sev not in SEVERITIES:
        raise ConfigError(f"{where}: [rules.{rule_id}] severity must be \"error\" or \"warning\", got {sev!r}")
    merged = dict(params)
    for key, default in params.items():
        if key in table:
            value = table[key]
            problem = CHECKS[spec.check].params[key].problem(value)
            if problem:
                raise ConfigError(f"{where}: [rules.{rule_id}] {key} {problem}")
            merged[key] = type(default)(value) if isinstance(default, int) and float(value).is_integer() else value
    return RuleSettings(enabled=enabled, severity=sev, params=merged)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def load_config(path: str | Path | None = None, *, start: Path | None = None) -> Config:
    """Read --config FILE, else the nearest draftkit.toml or [tool.draftkit] upward."""
    if path is not None:
        path = Path(path)
        raw = _read_toml(path)
        if path.name == "pyproject.toml":
            raw = raw.get("tool", {}).get("draftkit", {})
        return Config.from_mapping(raw, source=str(path))
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / "draftkit.toml"
        if own.is_file():
            return Config.from_mapping(_read_toml(own), source=str(own))
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("draftkit")
            if table is not None:
                return Config.from_mapping(table, source=f"{pyproject} [tool.draftkit]")
    return Config.default()
