"""One table of draft kinds: text fields, file extension, length limits, output schema name."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindSpec:
    """A draft kind: the fields a person reads, how it is saved, and which limit bounds each field."""

    name: str
    fields: tuple[str, ...]
    extension: str
    limits: dict[str, str]  # field -> the `too-long` setting that bounds it
    schema: str  # the structured-output model engines ask for


KINDS: dict[str, KindSpec] = {
    "email": KindSpec("email", ("subject", "body"), ".eml",
                      {"subject": "subject_chars", "body": "email_words"}, "EmailOut"),
    "note": KindSpec("note", ("body",), ".txt", {"body": "note_words"}, "NoteOut"),
    "call": KindSpec("call", ("body", "voicemail"), ".md",
                     {"body": "call_words", "voicemail": "voicemail_words"}, "CallOut"),
}
KIND_NAMES: tuple[str, ...] = tuple(KINDS)
TEXT_FIELDS: dict[str, tuple[str, ...]] = {name: spec.fields for name, spec in KINDS.items()}
EXTENSION: dict[str, str] = {name: spec.extension for name, spec in KINDS.items()}
LIMIT_KEYS: tuple[str, ...] = tuple(key for spec in KINDS.values() for key in spec.limits.values())
