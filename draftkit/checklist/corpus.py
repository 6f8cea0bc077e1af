"""A labelled corpus of drafts: load cases, run the checklist, score each rule."""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..drafts import Draft, assign_ids
from ..notes import load_notes
from .catalog import catalog
from .config import Config
from .engine import check_drafts

DRAFT_KEYS = ("kind", "to", "subject", "body", "voicemail", "due", "id")


@dataclass
class Case:
    """Drafts for one notes file, and exactly the rules that must fire on them."""

    id: str
    source: str
    notes_path: Path
    drafts: list[Draft]
    expect: set[str]
    plan: bool  # a whole plan: plan rules are scored too

    @property
    def rules_in_scope(self) -> set[str]:
        return {rid for rid, spec in catalog().items() if self.plan or not spec.plan}


@dataclass
class Outcome:
    case: Case
    fired: set[str]

    @property
    def missed(self) -> set[str]:
        return self.case.expect - self.fired

    @property
    def unexpected(self) -> set[str]:
        return (self.fired - self.case.expect) & self.case.rules_in_scope


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    positives: int = 0
    negatives: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Results:
    outcomes: list[Outcome] = field(default_factory=list)
    scores: dict[str, Score] = field(default_factory=dict)

    @property
    def drafts(self) -> int:
        return sum(len(o.case.drafts) for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.missed or o.unexpected]


def _draft(raw: dict[str, Any]) -> Draft:
    return Draft.model_validate({k: raw[k] for k in DRAFT_KEYS if k in raw})


def load_cases(folder: Path) -> list[Case]:
    """Every [[case]] in folder/cases/*.toml; notes paths are relative to folder/notes."""
    cases = []
    for path in sorted((folder / "cases").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        notes_path = folder / "notes" / data["notes"]
        for raw in data["case"]:
            plan = "drafts" in raw
            drafts = assign_ids([_draft(d) for d in raw["drafts"]] if plan else [_draft(raw)])
            unknown = set(raw.get("expect", [])) - set(catalog())
            if unknown:
                raise ValueError(f"{path}: case {raw['id']}: unknown rules {sorted(unknown)}")
            cases.append(Case(raw["id"], str(path), notes_path, drafts, set(raw.get("expect", [])), plan))
    return cases


def score(cases: list[Case], config: Config | None = None) -> Results:
    """Run the checklist on every case and count per-rule hits and misses."""
    config = config or Config.default()
    results = Results(scores={rid: Score() for rid in catalog()})
    notes_cache: dict[Path, Any] = {}
    for case in cases:
        if case.notes_path not in notes_cache:
            notes_cache[case.notes_path] = load_notes(case.notes_path)
        fired = {f.rule for f in check_drafts(notes_cache[case.notes_path], case.drafts, config)}
        outcome = Outcome(case, fired & case.rules_in_scope)
        results.outcomes.append(outcome)
        for rule in case.rules_in_scope:
            s = results.scores[rule]
            expected, got = rule in case.expect, rule in outcome.fired
            s.positives += expected
            s.negatives += not expected
            s.tp += expected and got
            s.fp += got and not expected
            s.fn += expected and not got
    return results


def format_table(results: Results, *, failures: bool = True) -> str:
    """Per-rule precision and recall as a fixed-width table."""
    lines = [f"{'rule':22} {'pos':>4} {'neg':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}"]
    for rule, s in results.scores.items():
        lines.append(f"{rule:22} {s.positives:4} {s.negatives:4} {s.tp:4} {s.fp:4} {s.fn:4} {s.precision:9.3f} {s.recall:7.3f}")
    kinds: dict[str, int] = defaultdict(int)
    for o in results.outcomes:
        for d in o.case.drafts:
            kinds[d.kind] += 1
    clean = sum(not o.case.expect for o in results.outcomes)
    lines.append(f"\n{len(results.outcomes)} cases, {results.drafts} drafts "
                 f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}); {clean} clean cases")
    wrong = len(results.failures)
    lines.append(f"{len(results.outcomes) - wrong} of {len(results.outcomes)} cases right")
    for o in results.failures if failures else []:
        lines.append(f"FAIL {o.case.id}: missed {sorted(o.missed)} unexpected {sorted(o.unexpected)}")
    return "\n".join(lines)
