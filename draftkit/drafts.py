"""Plain data: Draft, Finding, DraftSet and Report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .kinds import KIND_NAMES, TEXT_FIELDS
from .notes import Notes
from .textutil import slugify

Kind = Literal[KIND_NAMES]  # type: ignore[valid-type]
Severity = Literal["error", "warning"]
SEVERITY_RANK = {"warning": 1, "error": 2}


class Draft(BaseModel):
    """One piece of follow-up text for one person."""

    model_config = ConfigDict(extra="ignore")

    id: str = ""
    kind: Kind
    to: str = Field(min_length=1)
    subject: str | None = None
    body: str
    voicemail: str | None = None
    due: datetime | None = None

    def fields(self) -> dict[str, str]:
        """The text fields the checklist reads, in order."""
        values = {"subject": self.subject, "body": self.body, "voicemail": self.voicemail}
        return {name: values[name] or "" for name in TEXT_FIELDS[self.kind] if values[name] is not None}

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "to": self.to}
        if self.kind == "email":
            data["subject"] = self.subject or ""
        data["body"] = self.body
        if self.kind == "call":
            data["voicemail"] = self.voicemail or ""
        if self.due is not None:
            data["due"] = self.due.isoformat()
        return data


class Finding(BaseModel):
    """One problem the checklist found, located in a draft's field or about a person."""

    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Severity
    draft: str | None
    to: str | None
    field: str | None
    start: int = 0
    end: int = 0
    text: str = ""
    message: str
    fix: str = ""  # how to fix it, when the rule can say


def severity_counts(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(f.severity == "error" for f in findings)
    return errors, len(findings) - errors


def assign_ids(drafts: list[Draft]) -> list[Draft]:
    """Give each draft `<kind>-<slug of to>`, with -2, -3… on collision."""
    seen: dict[str, int] = {}
    used = {d.id for d in drafts if d.id}
    for draft in drafts:
        if draft.id:
            continue
        base = f"{draft.kind}-{slugify(draft.to)}"
        n = seen.get(base, 0) + 1
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        seen[base] = n
        used.add(candidate)
        draft.id = candidate
    return drafts


def _count(findings: list[Finding]) -> str:
    errors, warnings = severity_counts(findings)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


class Report(BaseModel):
    """The checklist's findings for one set of drafts."""

    findings: list[Finding] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)  # e.g. a drafts.json whose files were edited since

    @property
    def ok(self) -> bool:
        """No error-level findings."""
        return not any(f.severity == "error" for f in self.findings)

    def at_least(self, severity: str) -> list[Finding]:
        """Findings at or above a severity."""
        rank = SEVERITY_RANK[severity]
        return [f for f in self.findings if SEVERITY_RANK[f.severity] >= rank]

    def __str__(self) -> str:
        lines = [f"{'OK' if self.ok else 'FAIL'}: {_count(self.findings)}"]
        lines += [f"  note: {w}" for w in self.warnings]
        for f in self.findings:
            where = f"{f.draft}:{f.field}" if f.draft else f"plan ({f.to})"
            quoted = f' "{f.text}"' if f.text else ""
            lines.append(f"  {f.severity:7} {f.rule:20} {where}{quoted}: {f.message}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from .html import report_html

        return report_html(self)

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # IPython's plain-text view
        printer.text(str(self))


class DraftSet(BaseModel):
    """Drafts written for one notes file, with what the checklist found."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    notes: Notes
    engine: str = "builtin"
    endpoint: str | None = None
    model: str | None = None
    usage: dict[str, int] | None = None
    drafts: list[Draft] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    errors: list[dict[str, Any]] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    adjustments: list[dict[str, Any]] = Field(
        default_factory=list,
        description="notes fragments the composer rephrased or left out: field, fragment, action, why, hint",
    )

    def draft(self, draft_id: str) -> Draft:
        """The draft with this id."""
        for d in self.drafts:
            if d.id == draft_id:
                return d
        raise KeyError(draft_id)

    @property
    def report(self) -> Report:
        return Report(findings=self.findings)

    def to_json(self) -> dict[str, Any]:
        """The drafts file."""
        data: dict[str, Any] = {"notes": self.notes.to_json(), "engine": self.engine}
        for key in ("endpoint", "model", "usage"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        data["drafts"] = [d.to_json() for d in self.drafts]
        data["findings"] = [f.model_dump() for f in self.findings]
        if self.errors:
            data["errors"] = self.errors
        if self.adjustments:
            data["adjustments"] = self.adjustments
        return data

    def __str__(self) -> str:
        out = [f"{self.notes.role} at {self.notes.company}: {len(self.drafts)} drafts ({self.engine})"]
        for d in self.drafts:
            due = f"{d.due:%a %d %b %H:%M}" if d.due else "no due date"
            out.append(f"\n== {d.id} (due {due})")
            if d.subject:
                out.append(f"Subject: {d.subject}\n")
            out.append(d.body)
            if d.voicemail:
                out.append(f"\n-- voicemail --\n{d.voicemail}")
        out.append("\n" + str(self.report))
        return "\n".join(out)

    def _repr_html_(self) -> str:
        from .html import draftset_html

        return draftset_html(self)

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # IPython's plain-text view
        printer.text(str(self))

    def save(self, folder: str | Path | None = None, *, force: bool = False, now: datetime | None = None) -> Path:
        """Write the same files as `draftkit write` into `folder` (see draftkit.save)."""
        from .api import save

        return save(self, folder, force=force, now=now)
