"""draftkit: follow-ups after a job interview, written from your notes and checked for mistakes."""

from __future__ import annotations

__version__ = "0.1.0"

from .drafts import Draft, DraftSet, Finding, Report  # noqa: E402
from .errors import ConfigError, DraftkitError, DraftsError, EngineError, NotesError  # noqa: E402
from .notes import Notes  # noqa: E402

__all__ = [
    "ConfigError", "Draft", "DraftSet", "DraftkitError", "DraftsError", "EngineError", "Finding",
    "Notes", "NotesError", "Report", "__version__", "awrite", "check", "load_drafts", "load_notes", "save", "write",
]


def __getattr__(name: str):
    if name in ("awrite", "check", "load_drafts", "load_notes", "save", "write"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
