"""How rules plug in: a Hit is where a rule fired; checks are registered by name with what they read."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cached_property
from typing import Any

from ..drafts import Draft
from .catalog import RuleSpec
from .context import IgnoreComment, NotesContext, Person
from .phrasetext import text_words


@dataclass(frozen=True)
class Hit:
    """A rule firing at [start, end) of one field (or on the draft as a whole)."""

    field: str | None = None
    start: int = 0
    end: int = 0
    values: dict[str, Any] = dataclass_field(default_factory=dict)
    draft: str | None = None
    to: str | None = None


@dataclass
class DraftView:
    """One draft as the text rules read it: raw and masked fields, the recipient."""

    draft: Draft
    notes: NotesContext
    fields: dict[str, str]
    person: Person | None

    @cached_property
    def masked(self) -> dict[str, str]:
        return {name: self.notes.mask(text) for name, text in self.fields.items()}

    @cached_property
    def masked_words(self) -> dict[str, frozenset[str]]:
        return {name: text_words(text) for name, text in self.masked.items()}

    @property
    def kind(self) -> str:
        return self.draft.kind


TextFunc = Callable[[DraftView, RuleSpec, dict[str, float]], Iterable[Hit]]
PlanFunc = Callable[[list[Draft], NotesContext, RuleSpec, dict[str, float], Any], Iterable[Hit]]
@dataclass
class PlanRun:
    """What plan checks share in one run: the plan policy, each draft's ignore comments, and
    which (draft, rule) pairs those comments have silenced so far."""

    policy: Any
    ignores: dict[str, list[IgnoreComment]]
    used: set[tuple[str, str]] = dataclass_field(default_factory=set)

    def apply(self, findings: list[Any]) -> list[Any]:
        """Drop findings a draft's ignore comment names, remembering that the comment was used."""
        kept = []
        for finding in findings:
            named = {r for c in self.ignores.get(finding.draft or "", []) for r in c.rules}
            if finding.rule in named:
                self.used.add((finding.draft, finding.rule))
            else:
                kept.append(finding)
        return kept


COMMON_VALUES = frozenset({"text", "to", "kind"})  # every finding's message may use these


@dataclass(frozen=True)
class Param:
    """A numeric setting a check reads: its bounds, and whether it must be whole."""

    name: str
    low: float
    high: float
    integer: bool = False

    def problem(self, value: Any) -> str | None:
        """Why `value` is not acceptable, or None."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be a number, got {value!r}"
        if not math.isfinite(value):
            return f"must be a finite number, got {value!r}"
        if self.integer and not float(value).is_integer():
            return f"must be a whole number, got {value!r}"
        if not self.low <= value <= self.high:
            return f"must be between {self.low:g} and {self.high:g}, got {value!r}"
        return None


@dataclass(frozen=True)
class Check:
    """Code a rule's data file names with `check = "..."`, and exactly what it reads and supplies."""

    name: str
    func: Callable[..., Iterable[Hit]]
    plan: bool
    params: dict[str, Param]
    data: frozenset[str]
    values: frozenset[str]
    last: bool = False  # runs after every other rule (it reads what they found)


CHECKS: dict[str, Check] = {}


def _register(name: str, plan: bool, params: Iterable[Param], data: Iterable[str],
              values: Iterable[str], last: bool = False) -> Callable:
    def register(func: Callable) -> Callable:
        if name in CHECKS:
            raise ValueError(f"check {name!r} is registered twice")
        CHECKS[name] = Check(name, func, plan, {p.name: p for p in params}, frozenset(data),
                             frozenset(values) | COMMON_VALUES, last)
        return func

    return register


def text_check(name: str, *, params: Iterable[Param] = (), data: Iterable[str] = (),
               values: Iterable[str] = ()) -> Callable[[TextFunc], TextFunc]:
    """Register a check on one draft's text; declare every setting, data key and placeholder it uses."""
    return _register(name, False, params, data, values)


def plan_check(name: str, *, params: Iterable[Param] = (), data: Iterable[str] = (),
               values: Iterable[str] = (), last: bool = False) -> Callable[[PlanFunc], PlanFunc]:
    """Register a check across one notes file's drafts (it gets the run's PlanRun last)."""
    return _register(name, True, params, data, values, last)


def phrase_hits(view: DraftView, spec: RuleSpec, fields: Iterable[str] | None = None) -> Iterable[Hit]:
    """Every surviving phrase match in the masked fields."""
    for name, text in view.masked.items():
        if fields is not None and name not in fields:
            continue
        for match in spec.matcher.finditer(text, view.masked_words[name]):
            yield Hit(name, match.start(), match.end())
