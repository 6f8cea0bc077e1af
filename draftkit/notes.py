"""The interview notes: schema, validation and loading (DESIGN.md §1)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import NotesError
from .textutil import first_name, last_name


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


NonEmpty = Field(min_length=1)


class Candidate(_Strict):
    """The person who was interviewed."""

    name: str = NonEmpty
    email: str | None = None
    phone: str | None = None


class Interview(_Strict):
    """When and how the interview happened."""

    at: datetime = Field(description="ISO 8601; without an offset the local time zone is assumed")
    format: Literal["onsite", "video", "phone"] | None = None


class Interviewer(_Strict):
    """One person on the panel."""

    name: str = NonEmpty
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = Field(default=None, description="present: a handwritten note may be drafted")
    salutation: str | None = Field(default=None, description='formal form of address, e.g. "Ms. Raman"')
    primary: bool = Field(default=False, description="gets the status call (at most one)")
    topics: list[str] = Field(default_factory=list, description="what was discussed with this person")

    @property
    def first_name(self) -> str:
        return first_name(self.name)

    @property
    def last_name(self) -> str:
        return last_name(self.name)

    @field_validator("topics")
    @classmethod
    def _no_blank_topics(cls, topics: list[str]) -> list[str]:
        return [t for t in (t.strip() for t in topics) if t]


class Notes(_Strict):
    """Structured notes from one interview."""

    candidate: Candidate
    company: str = NonEmpty
    role: str = NonEmpty
    culture: Literal["formal", "neutral", "casual"] = "neutral"
    interview: Interview
    interviewers: list[Interviewer] = Field(min_length=1)
    highlights: list[str] = Field(default_factory=list)
    concerns: list[str] = Field(default_factory=list)
    decision_by: date | None = None
    extra: str | None = None

    _assumed_local_tz: bool = PrivateAttr(default=False)

    @model_validator(mode="after")
    def _check(self) -> Notes:
        if self.interview.at.tzinfo is None:
            self.interview.at = self.interview.at.astimezone()
            self._assumed_local_tz = True
        if sum(1 for p in self.interviewers if p.primary) > 1:
            raise ValueError("at most one interviewer may have primary: true")
        if self.decision_by is not None and self.decision_by <= self.interview.at.date():
            raise ValueError(
                f"decision_by ({self.decision_by}) must be after the interview date "
                f"({self.interview.at.date()})"
            )
        return self

    @property
    def assumed_local_tz(self) -> bool:
        """True when interview.at had no offset and the local zone was assumed."""
        return self._assumed_local_tz

    @property
    def primary(self) -> Interviewer:
        """The person who gets the status call."""
        return next((p for p in self.interviewers if p.primary), self.interviewers[0])

    def interviewer(self, name: str) -> Interviewer | None:
        """The interviewer called `name` (case-insensitive), if any."""
        wanted = name.strip().casefold()
        return next((p for p in self.interviewers if p.name.casefold() == wanted), None)

    def to_json(self) -> dict[str, Any]:
        """The notes as validated, for drafts.json."""
        return self.model_dump(mode="json", exclude_none=True)


def notes_schema() -> dict[str, Any]:
    """JSON Schema of notes.json."""
    schema = Notes.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "draftkit interview notes"
    return schema


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(top level)"


_ALLOWED = {
    (): Notes, ("candidate",): Candidate, ("interview",): Interview, ("interviewers",): Interviewer,
}


def _allowed_keys(loc: tuple[Any, ...]) -> str:
    parent = tuple(p for p in loc[:-1] if not isinstance(p, int))
    model = _ALLOWED.get(parent)
    return ", ".join(model.model_fields) if model else ""


def describe_validation_error(error: ValidationError) -> list[str]:
    """One readable line per problem: field, what is wrong, how to fix it."""
    lines = []
    for err in error.errors():
        loc = tuple(err["loc"])
        field = _field_path(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            lines.append(f'{field}: unknown key "{loc[-1]}" (allowed here: {_allowed_keys(loc)})')
        elif kind == "missing":
            lines.append(f"{field}: required field is missing")
        elif kind == "literal_error":
            lines.append(f"{field}: {err['msg'].lower()}, got {err['input']!r}")
        elif kind == "too_short" and loc and loc[-1] == "interviewers":
            lines.append("interviewers: list at least one interviewer")
        elif kind in ("too_short", "string_too_short"):
            lines.append(f"{field}: must not be empty")
        elif kind.startswith(("datetime", "date")):
            lines.append(
                f"{field}: {err['msg'].lower()}, got {err['input']!r} "
                "(use ISO 8601, e.g. 2026-11-24T14:00:00-08:00 or 2026-12-05)"
            )
        elif kind == "value_error":
            message = str(err["ctx"].get("error", err["msg"]))
            lines.append(message if not loc else f"{field}: {message}")
        else:
            lines.append(f"{field}: {err['msg'].lower()}, got {err['input']!r}")
    return lines


def parse_notes(data: Any, *, source: str = "notes") -> Notes:
    """Validate a mapping as notes; raises NotesError naming the field and the source."""
    if not isinstance(data, dict):
        raise NotesError(
            f"{source}: expected a JSON object at the top level, got {type(data).__name__}",
            source=source,
        )
    try:
        return Notes.model_validate(data)
    except ValidationError as exc:
        problems = [f"{source}: {line}" for line in describe_validation_error(exc)]
        raise NotesError(problems[0], source=source, problems=problems) from None


def read_structured(path: Path) -> Any:
    """Parse a JSON (or YAML, when PyYAML is installed) file; raises NotesError."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotesError(f"{source}: no such file (check the path)", source=source) from None
    except IsADirectoryError:
        raise NotesError(f"{source}: is a folder, expected a notes file", source=source) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NotesError(f"{source}: cannot read file: {exc}", source=source) from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise NotesError(
                f"{source}: YAML notes need PyYAML (pip install 'draftkit[yaml]') or use JSON",
                source=source,
            ) from None
        try:
            from .safeyaml import load_yaml

            return load_yaml(text)  # no aliases: a 500-byte file cannot expand to gigabytes
        except yaml.YAMLError as exc:
            raise NotesError(f"{source}: not valid YAML: {exc}", source=source) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotesError(
            f"{source}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            source=source,
        ) from None


def load_notes(source: str | Path | dict[str, Any] | Notes) -> Notes:
    """Load and validate notes from a path, a dict, or pass Notes through."""
    if isinstance(source, Notes):
        return source
    if isinstance(source, dict):
        return parse_notes(source)
    path = Path(source)
    return parse_notes(read_structured(path), source=str(path))
