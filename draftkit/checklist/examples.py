"""Run a rule's own must-fire and must-pass examples (the data files' `examples`)."""

from __future__ import annotations

import copy
from typing import Any

from ..drafts import Draft, Finding, assign_ids
from ..notes import parse_notes
from .catalog import catalog
from .config import Config
from .engine import check_drafts

EXAMPLE_NOTES: dict[str, Any] = {
    "candidate": {"name": "Alex Kim", "email": "alex.kim@example.com", "phone": "+1 415 555 0134"},
    "company": "Northwind Logistics",
    "role": "Senior Data Engineer",
    "interview": {"at": "2026-11-24T14:00:00-08:00", "format": "video"},
    "interviewers": [
        {"name": "Priya Raman", "salutation": "Ms. Raman", "address": "1 Harbor Way, Oakland, CA 94607",
         "primary": True,
         "topics": ["moving the nightly batch ETL to Kafka streaming", "the team's on-call rotation"]},
        {"name": "Marcus Lee", "topics": ["data quality checks in dbt"]},
    ],
    "highlights": ["led a Kafka migration at Contoso that cut data latency from 6 hours to 5 minutes"],
    "concerns": ["limited Scala experience: I have been working through a Scala course"],
}
DEFAULT_SUBJECT = "Thank you - Senior Data Engineer interview"


def _draft(raw: dict[str, Any]) -> Draft:
    kind = raw.get("kind", "email")
    data = {"kind": kind, "to": raw.get("to", "Priya Raman"), "body": raw.get("body", "Thank you.")}
    if kind == "email":
        data["subject"] = raw.get("subject", DEFAULT_SUBJECT)
    if kind == "call":
        data["voicemail"] = raw.get("voicemail", "")
    if raw.get("due"):
        data["due"] = raw["due"]
    return Draft.model_validate(data)


def run_example(rule_id: str, example: str | dict[str, Any]) -> list[Finding]:
    """Check one example; returns the findings of `rule_id` only."""
    raw = {"body": example} if isinstance(example, str) else dict(example)
    notes_data = copy.deepcopy(EXAMPLE_NOTES)
    notes_data.update(raw.get("notes", {}))
    notes = parse_notes(notes_data, source=f"example for {rule_id}")
    drafts = assign_ids([_draft(d) for d in raw.get("drafts", [raw])])
    config = Config.from_mapping({"holidays": raw.get("holidays", [])})
    return [f for f in check_drafts(notes, drafts, config) if f.rule == rule_id]


def example_failures() -> list[str]:
    """Every example that does not behave as labelled, as readable lines."""
    failures = []
    for rule_id, spec in catalog().items():
        if not spec.examples_fire or not spec.examples_pass:
            failures.append(f"{rule_id}: needs both must-fire and must-pass examples")
        for example in spec.examples_fire:
            if not run_example(rule_id, example):
                failures.append(f"{rule_id}: did not fire on {example!r}")
        for example in spec.examples_pass:
            found = run_example(rule_id, example)
            if found:
                failures.append(f"{rule_id}: fired on {example!r}: {[f.text for f in found]}")
    return failures
