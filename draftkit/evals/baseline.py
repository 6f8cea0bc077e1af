"""Save a run as a baseline and gate a later run against it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .harness import SuiteRun, _write_atomic


@dataclass
class RuleChange:
    rule: str
    before: float  # findings per sample
    after: float

    @property
    def rose(self) -> bool:
        return self.after > self.before + 1e-9


@dataclass
class VariantComparison:
    variant: str
    pass_rate_before: float
    pass_rate_after: float
    rules: list[RuleChange] = field(default_factory=list)
    tolerance: float = 0.0

    @property
    def pass_rate_dropped(self) -> bool:
        return self.pass_rate_before - self.pass_rate_after > self.tolerance + 1e-9

    @property
    def regressed_rules(self) -> list[str]:
        return [c.rule for c in self.rules if c.rose]

    @property
    def regressed(self) -> bool:
        return self.pass_rate_dropped or bool(self.regressed_rules)


@dataclass
class Comparison:
    """The gate's verdict: per variant, and what was not compared (said, never hidden)."""

    variants: list[VariantComparison]
    not_in_baseline: list[str] = field(default_factory=list)
    only_in_baseline: list[str] = field(default_factory=list)

    @property
    def regressed(self) -> bool:
        return any(v.regressed for v in self.variants)


def save_baseline(run: SuiteRun, path: Path) -> None:
    """Write the run's results (the json format) as a baseline file."""
    from .formats import format_json

    _write_atomic(path, format_json(run))


def load_baseline(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"--baseline {path}: no such file; make one with --save-baseline {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"--baseline {path}: not a baseline file ({type(exc).__name__}); "
                         f"make one with --save-baseline") from None
    if not isinstance(data, dict) or not isinstance(data.get("summary"), dict) or \
            not isinstance(data.get("fingerprint"), dict):
        raise UsageError(f"--baseline {path}: not a baseline file (no summary or fingerprint); "
                         "make one with --save-baseline")
    return data


def _changed_files(before: dict[str, str], after: dict[str, str]) -> str:
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    edited = sorted(n for n in set(before) & set(after) if before[n] != after[n])
    parts = [f"{label} {', '.join(names[:5])}{' …' if len(names) > 5 else ''}"
             for label, names in (("added", added), ("removed", removed), ("changed", edited)) if names]
    return "; ".join(parts) or "file list differs"


def check_comparable(baseline: dict[str, Any], after: dict[str, Any], path: Path) -> None:
    """Refuse to compare with a baseline made on other notes, rules or config (`after`: a fingerprint)."""
    before = baseline["fingerprint"]
    problems = []
    if before.get("suite") != after["suite"]:
        problems.append(f"the suite changed ({_changed_files(before.get('files') or {}, after['files'])})")
    if before.get("checklist") != after["checklist"]:
        problems.append("the checklist's rule data changed")
    if before.get("config") != after["config"]:
        problems.append("the checklist config changed")
    if problems:
        raise UsageError(f"--baseline {path} is not comparable: {' and '.join(problems)} since it was saved; "
                         f"review the change and save a new baseline with --save-baseline")


def compare(baseline: dict[str, Any], run: SuiteRun, *, tolerance: float = 0.0) -> Comparison:
    """Per variant: pass rate and findings per rule (per sample, so --repeat runs compare fairly)."""
    before_all: dict[str, Any] = baseline["summary"]
    after_all = run.summary()
    result = Comparison([], not_in_baseline=[n for n in after_all if n not in before_all],
                        only_in_baseline=[n for n in before_all if n not in after_all])
    for name, after in after_all.items():
        before = before_all.get(name)
        if not isinstance(before, dict):
            continue
        samples_before = max(1, int(before.get("samples") or 1))
        by_rule_before = {k: v / samples_before for k, v in (before.get("by_rule") or {}).items()}
        by_rule_after = {k: v / max(1, after.samples) for k, v in after.by_rule.items()}
        rules = [RuleChange(rule, by_rule_before.get(rule, 0.0), by_rule_after.get(rule, 0.0))
                 for rule in sorted(set(by_rule_before) | set(by_rule_after))]
        result.variants.append(VariantComparison(name, float(before.get("pass_rate") or 0.0), after.pass_rate,
                                                 rules, tolerance))
    if not result.variants:
        raise UsageError(f"no variant of this run is in the baseline (it has {', '.join(before_all) or 'none'}); "
                         "run the same --model/--templates or save a new baseline")
    return result
