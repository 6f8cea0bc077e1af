"""Exceptions and exit codes shared by the library and its shells."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit status for every command."""

    OK = 0
    FINDINGS = 1
    BAD_INPUT = 2
    ENDPOINT = 3


MESSAGE_CHARS = 400  # an error line longer than this was echoing someone's data


_CONTROLS = {c: "\ufffd" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]}
_CONTROLS.update({0x09: " ", 0x0A: " ", 0x0D: " "})


def clip(line: str, limit: int = MESSAGE_CHARS) -> str:
    """One message line of readable length: no control characters, a long middle left out."""
    line = line.translate(_CONTROLS)
    if len(line) <= limit:
        return line
    tail = limit // 4
    head = limit - tail - 50  # the marker fits in the rest, so clipping twice changes nothing
    return f"{line[:head]} …({len(line) - head - tail:,} characters left out)… {line[-tail:]}"


class DraftkitError(Exception):
    """Base for every error draftkit reports to a user."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __str__(self) -> str:
        return clip(super().__str__())


class NotesError(DraftkitError, ValueError):
    """The notes file is missing, unreadable or does not match the schema."""

    def __init__(self, message: str, *, source: str | None = None, problems: list[str] | None = None):
        self.source = source
        self.problems = [clip(p) for p in problems or [message]]
        super().__init__(message)


class DraftsError(DraftkitError, ValueError):
    """A drafts file cannot be read."""


class ConfigError(DraftkitError, ValueError):
    """The configuration file is invalid."""


class UsageError(DraftkitError):
    """Arguments that make no sense together."""


class OutputExistsError(DraftkitError):
    """Output would overwrite something the user owns."""


class TemplateProblem(DraftkitError):
    """A prompt template (the user's own, usually) failed to render."""


class EngineError(DraftkitError):
    """The LLM endpoint failed."""

    exit_code = ExitCode.ENDPOINT
