"""How rules plug in: a Hit is where a rule fired; check functions are registered by ID."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cached_property
from typing import Any

from ..drafts import Draft
from .catalog import RuleSpec
from .context import NotesContext, Person
from .phrases import text_words


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


TextCheck = Callable[[DraftView, RuleSpec, dict[str, float]], Iterable[Hit]]
PlanCheck = Callable[[list[Draft], NotesContext, RuleSpec, dict[str, float], Any], Iterable[Hit]]
TEXT_RULES: dict[str, TextCheck] = {}
PLAN_RULES: dict[str, PlanCheck] = {}


def text_rule(rule_id: str) -> Callable[[TextCheck], TextCheck]:
    def register(func: TextCheck) -> TextCheck:
        TEXT_RULES[rule_id] = func
        return func

    return register


def plan_rule(rule_id: str) -> Callable[[PlanCheck], PlanCheck]:
    def register(func: PlanCheck) -> PlanCheck:
        PLAN_RULES[rule_id] = func
        return func

    return register


def phrase_hits(view: DraftView, spec: RuleSpec, fields: Iterable[str] | None = None) -> Iterable[Hit]:
    """Every surviving phrase match in the masked fields."""
    for name, text in view.masked.items():
        if fields is not None and name not in fields:
            continue
        for match in spec.matcher.finditer(text, view.masked_words[name]):
            yield Hit(name, match.start(), match.end())
