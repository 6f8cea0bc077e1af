"""HTML views of a DraftSet and a Report for notebooks: every notes-derived string escaped."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

import jinja2
from markupsafe import Markup, escape

from .drafts import Draft, DraftSet, Finding, Report, severity_counts

KIND_LABEL = {"email": "Thank-you email", "note": "Handwritten note", "call": "Status call"}
FIELD_LABEL = {"subject": "Subject", "body": "Body", "voicemail": "Voicemail"}


@dataclass
class Numbered:
    """A finding with its number in the legend."""

    n: int
    finding: Finding

    @property
    def title(self) -> str:
        return f"[{self.n}] {self.finding.rule} ({self.finding.severity}): {self.finding.message}"


@dataclass
class Segment:
    """A run of a field's text, and the findings whose span covers it (and end with it)."""

    text: str
    marks: list[Numbered] = field(default_factory=list)
    ends: list[Numbered] = field(default_factory=list)

    @property
    def severity(self) -> str:
        return "error" if any(m.finding.severity == "error" for m in self.marks) else "warning"

    @property
    def title(self) -> str:
        return "\n".join(m.title for m in self.marks)


@dataclass
class Card:
    """One draft as the view shows it."""

    draft: Draft
    label: str
    person: str
    fields: list[tuple[str, list[Segment]]]
    findings: list[Numbered]


def in_span(finding: Finding, text: str) -> bool:
    """The finding's span lies inside `text` and still holds the text it quotes."""
    return 0 <= finding.start < finding.end <= len(text) and text[finding.start : finding.end] == finding.text


def segments(text: str, marks: list[Numbered]) -> list[Segment]:
    """Split `text` at every mark's start and end; each piece knows which marks cover it."""
    cuts = sorted({0, len(text), *(m.finding.start for m in marks), *(m.finding.end for m in marks)})
    pieces = []
    for lo, hi in pairwise(cuts):
        covering = [m for m in marks if m.finding.start <= lo and hi <= m.finding.end]
        ending = [m for m in marks if m.finding.end == hi]
        pieces.append(Segment(text[lo:hi], covering, ending))
    return pieces


def _person(drafts: DraftSet, name: str) -> str:
    person = drafts.notes.interviewer(name)
    if person is None:
        return name
    extra = ", ".join(part for part in (person.title, person.email) if part)
    return f"{person.name} ({extra})" if extra else person.name


def cards(drafts: DraftSet) -> tuple[list[Card], list[Numbered]]:
    """A card per draft with its numbered findings, and the findings that belong to no draft."""
    numbered = [Numbered(i, f) for i, f in enumerate(drafts.findings, 1)]
    ids = {d.id for d in drafts.drafts}
    result = []
    for draft in drafts.drafts:
        mine = [m for m in numbered if m.finding.draft == draft.id]
        texts = []
        for name, text in draft.fields().items():
            marks = [m for m in mine if m.finding.field == name and in_span(m.finding, text)]
            texts.append((FIELD_LABEL[name], segments(text, marks)))
        result.append(Card(draft, KIND_LABEL.get(draft.kind, draft.kind), _person(drafts, draft.to), texts, mine))
    return result, [m for m in numbered if m.finding.draft not in ids]


def text_with_breaks(text: str) -> Markup:
    """Escaped text whose line breaks survive any stylesheet (or none)."""
    return Markup("<br>").join(escape(text).split("\n"))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("draftkit", "html_views"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["breaks"] = text_with_breaks
    return env


def _counts(findings: list[Finding]) -> dict[str, int]:
    errors, warnings = severity_counts(findings)
    return {"errors": errors, "warnings": warnings}


def draftset_html(drafts: DraftSet) -> str:
    """The drafts as cards, with engine, endpoint, tokens, warnings, failures and findings."""
    from .reports import engine_line

    found, elsewhere = cards(drafts)
    return environment().get_template("draftset.html.jinja").render(
        d=drafts, notes=drafts.notes, engine=engine_line(drafts), cards=found, elsewhere=elsewhere,
        counts=_counts(drafts.findings), ok=drafts.report.ok,
    )


def report_html(report: Report) -> str:
    """The checklist's verdict and one row per finding."""
    return environment().get_template("report.html.jinja").render(
        findings=report.findings, counts=_counts(report.findings), ok=report.ok,
    )
