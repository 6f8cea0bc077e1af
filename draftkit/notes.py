"""The interview notes: schema, validation and loading."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import NotesError
from .fields import (
    MAX_YEAR,
    MIN_YEAR,
    check_country,
    check_email,
    check_name,
    free_text,
    iso_date_only,
    lower_case,
    multi_line,
    one_line,
    short_repr,
)
from .textutil import first_name, last_name

DEFAULT_DURATION = timedelta(minutes=60)
MAX_DURATION_MINUTES = 12 * 60
MAX_DECISION_DAYS = 366

Name = Annotated[str, AfterValidator(check_name)]
Company = Annotated[str, AfterValidator(one_line(100))]
Line = Annotated[str, AfterValidator(one_line(200))]
Email = Annotated[str, AfterValidator(check_email)]
Phone = Annotated[str, AfterValidator(one_line(40))]
Fragment = Annotated[str, AfterValidator(free_text(500))]
Fragments = Annotated[list[Fragment], AfterValidator(lambda items: [t for t in items if t])]
Moment = Annotated[datetime, BeforeValidator(iso_date_only("date-time"))]
Day = Annotated[date, BeforeValidator(iso_date_only("date"))]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


NonEmpty = Field(min_length=1)


class Candidate(_Strict):
    """The person who was interviewed."""

    name: Name = NonEmpty
    email: Email | None = None
    phone: Phone | None = None


class Interview(_Strict):
    """When and how the interview happened."""

    at: Moment = Field(description="ISO 8601; without an offset the local time zone is assumed")
    format: Annotated[Literal["onsite", "video", "phone"], BeforeValidator(lower_case)] | None = None
    duration_minutes: int | None = Field(
        default=None, ge=1, le=MAX_DURATION_MINUTES, strict=True,
        description="length of the interview (default 60); the email's clock starts at its end",
    )
    end: Moment | None = Field(default=None, description="ISO 8601 end time, instead of duration_minutes")

    @field_validator("at", "end")
    @classmethod
    def _sane_year(cls, moment: datetime | None) -> datetime | None:
        if moment is not None and not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise ValueError(f"year {moment.year} is outside {MIN_YEAR}-{MAX_YEAR}; check the date")
        return moment

    @model_validator(mode="after")
    def _check_end(self) -> Interview:
        if self.end is None:
            return self
        if self.duration_minutes is not None:
            raise ValueError("give interview.duration_minutes or interview.end, not both")
        if self.end.tzinfo is None and self.at.tzinfo is not None:
            self.end = self.end.replace(tzinfo=self.at.tzinfo)
        elif self.end.tzinfo is not None and self.at.tzinfo is None:
            raise ValueError("interview.end has a UTC offset but interview.at has none; give both or neither")
        length = self.end - self.at
        if length <= timedelta(0):
            raise ValueError(f"interview.end ({self.end.isoformat()}) must be after interview.at")
        if length > timedelta(minutes=MAX_DURATION_MINUTES):
            raise ValueError(f"interview.end is more than {MAX_DURATION_MINUTES // 60} hours after interview.at")
        return self

    @property
    def ends_at(self) -> datetime:
        """When the interview ended: end, else at + duration (default 60 minutes)."""
        if self.end is not None:
            return self.end.astimezone(self.at.tzinfo)
        minutes = self.duration_minutes
        return self.at + (timedelta(minutes=minutes) if minutes else DEFAULT_DURATION)


class Interviewer(_Strict):
    """One person on the panel."""

    name: Name = NonEmpty
    title: Line | None = None
    email: Email | None = None
    phone: Phone | None = None
    address: Annotated[str, AfterValidator(multi_line(500))] | None = Field(
        default=None, description="present: a handwritten note may be drafted")
    salutation: Name | None = Field(default=None, description='formal form of address, e.g. "Ms. Raman"')
    primary: bool = Field(default=False, description="gets the status call (at most one)")
    topics: Fragments = Field(default_factory=list, max_length=10, description="what was discussed with this person")

    @property
    def first_name(self) -> str:
        return first_name(self.name)

    @property
    def last_name(self) -> str:
        return last_name(self.name)


class Notes(_Strict):
    """Structured notes from one interview."""

    candidate: Candidate
    company: Company = NonEmpty
    role: Line = NonEmpty
    culture: Annotated[Literal["formal", "neutral", "casual"], BeforeValidator(lower_case)] = "neutral"
    country: Annotated[str, AfterValidator(check_country)] | None = Field(
        default=None, description="ISO 3166 alpha-2 code for public holidays (default: config, else US)")
    interview: Interview
    interviewers: list[Interviewer] = Field(min_length=1, max_length=12)
    highlights: Fragments = Field(default_factory=list, max_length=20)
    concerns: Fragments = Field(default_factory=list, max_length=20)
    decision_by: Day | None = None
    extra: Annotated[str, AfterValidator(multi_line(5000))] | None = None

    _assumed_local_tz: bool = PrivateAttr(default=False)

    @model_validator(mode="after")
    def _check(self) -> Notes:
        if self.interview.at.tzinfo is None:
            self.interview.at = self.interview.at.astimezone()
            if self.interview.end is not None:
                self.interview.end = self.interview.end.astimezone()
            self._assumed_local_tz = True
        if sum(1 for p in self.interviewers if p.primary) > 1:
            raise ValueError("at most one interviewer may have primary: true")
        seen: dict[str, int] = {}
        for i, person in enumerate(self.interviewers):
            first = seen.setdefault(person.name.casefold(), i)
            if first != i:
                raise ValueError(
                    f'interviewers[{i}].name "{person.name}" is the same as interviewers[{first}].name '
                    f'"{self.interviewers[first].name}": add a surname or initial so each person is distinct'
                )
        if self.decision_by is not None:
            day = self.interview.at.date()
            if self.decision_by <= day:
                raise ValueError(f"decision_by ({self.decision_by}) must be after the interview date ({day})")
            if (self.decision_by - day).days > MAX_DECISION_DAYS:
                raise ValueError(
                    f"decision_by ({self.decision_by}) is more than a year after the interview ({day}); check the year"
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


_TYPE_WORDS = {
    "string_type": "must be text in quotes",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "list_type": "must be a list [...]",
    "model_type": "must be an object {...}",
    "model_attributes_type": "must be an object {...}",
    "dict_type": "must be an object {...}",
    "string_unicode": "must be text",
}


def _describe(err: dict[str, Any]) -> str:
    loc = tuple(err["loc"])
    kind, ctx, got = err["type"], err.get("ctx") or {}, short_repr(err.get("input"))
    if kind == "extra_forbidden":
        return f'unknown key "{loc[-1]}" (allowed here: {_allowed_keys(loc)})'
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}, got {got}"
    if kind == "too_short" and loc and loc[-1] == "interviewers":
        return "list at least one interviewer"
    if kind in ("too_short", "string_too_short"):
        return "must not be empty"
    if kind == "too_long":
        return f"has {ctx.get('actual_length')} items; at most {ctx.get('max_length')} are allowed"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"must be between 1 and {ctx.get('le', ctx.get('ge'))}, got {got}" if kind == "less_than_equal" \
            else f"must be at least {ctx.get('ge')}, got {got}"
    if kind.startswith(("datetime", "date", "timezone")):
        what = "date-time" if kind.startswith(("datetime", "timezone")) else "date"
        example = "2026-11-24T14:00:00-08:00" if what == "date-time" else "2026-12-05"
        return f"{got} is not a valid {what}: write it as ISO 8601, e.g. {example}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
    if kind in _TYPE_WORDS:
        return f"{_TYPE_WORDS[kind]}, got {got}"
    return f"{got} is not valid here (see `draftkit schema`)"


def describe_validation_error(error: ValidationError) -> list[str]:
    """One readable line per problem, in our words: field, what is wrong, how to fix it."""
    lines = []
    for err in error.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "lax-", "json-"))))
        message, path = _describe({**err, "loc": loc}), _field_path(loc)
        lines.append(f"{path}: {message}" if loc and not message.startswith(f"{path}.") else message)
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
    except RecursionError:
        raise NotesError(f"{source}: nested too deeply to be notes (lists or objects inside one "
                         "another hundreds of times); check the file", source=source) from None


def load_notes(source: str | Path | dict[str, Any] | Notes) -> Notes:
    """Load and validate notes from a path, a dict, or pass Notes through."""
    if isinstance(source, Notes):
        return source
    if isinstance(source, dict):
        return parse_notes(source)
    path = Path(source)
    return parse_notes(read_structured(path), source=str(path))
