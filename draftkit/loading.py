"""Read drafts files, apply the user's edits from readable files, and find them in folders."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .checklist.context import IGNORE_RE
from .drafts import Draft, DraftSet, assign_ids
from .errors import DraftsError, NotesError
from .notes import describe_validation_error, parse_notes
from .outputs import EXTENSION, read_call, read_eml


@dataclass
class Origin:
    """Where a field's text came from: a file and the line its first character sits on."""

    path: str
    line: int


@dataclass
class LoadedDrafts:
    """A drafts set plus where each draft field was read from (for line numbers in reports)."""

    path: str
    drafts: DraftSet
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def looks_like_drafts(data: Any) -> bool:
    return isinstance(data, dict) and "drafts" in data and "notes" in data


def parse_drafts(data: Any, source: str) -> DraftSet:
    """Validate a drafts-file mapping; only notes and drafts are needed."""
    if not looks_like_drafts(data):
        raise DraftsError(f"{source}: not a drafts file (needs \"notes\" and \"drafts\")")
    try:
        notes = parse_notes(data["notes"], source=f"{source}: notes")
    except NotesError as exc:
        raise DraftsError("; ".join(exc.problems)) from None
    if not isinstance(data["drafts"], list):
        raise DraftsError(f"{source}: drafts must be a list")
    drafts = []
    for i, raw in enumerate(data["drafts"]):
        try:
            drafts.append(Draft.model_validate(raw))
        except ValidationError as exc:
            problem = describe_validation_error(exc)[0]
            raise DraftsError(f"{source}: drafts[{i}].{problem}") from None
    return DraftSet(notes=notes, engine=str(data.get("engine", "unknown")), drafts=assign_ids(drafts))


def _json_line(text: str, draft_id: str, key: str) -> int:
    at = text.find(json.dumps(draft_id))
    at = text.find(f'"{key}"', max(at, 0))
    return text.count("\n", 0, max(at, 0)) + 1


def load_drafts_file(path: Path, *, apply_edits: bool = False) -> LoadedDrafts:
    """Read a drafts.json; with apply_edits, prefer the readable files beside it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DraftsError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DraftsError(f"{path}: cannot read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DraftsError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    drafts = parse_drafts(data, str(path))
    loaded = LoadedDrafts(str(path), drafts)
    for draft in drafts.drafts:
        for name in (*draft.fields(), "due"):
            loaded.origins[(draft.id, name)] = Origin(str(path), _json_line(text, draft.id, name))
    if apply_edits:
        _apply_edits(loaded, path.parent)
    return loaded


def _apply_edits(loaded: LoadedDrafts, folder: Path) -> None:
    for draft in loaded.drafts.drafts:
        readable = folder / (draft.id + EXTENSION[draft.kind])
        if not readable.is_file():
            continue
        try:
            if draft.kind == "email":
                subject, body, subject_line, line = read_eml(readable)
                if IGNORE_RE.search(body):
                    loaded.notes.append(f"{readable}: remove the <!-- draftkit: ignore --> comment before you send "
                                        "this email; an .eml goes out exactly as it is")
                draft.subject, draft.body = subject, _keep_comments(draft.body, body)
                loaded.origins[(draft.id, "subject")] = Origin(str(readable), subject_line)
                loaded.origins[(draft.id, "body")] = Origin(str(readable), line)
            elif draft.kind == "note":
                draft.body = _keep_comments(draft.body, readable.read_text(encoding="utf-8").rstrip("\n"))
                loaded.origins[(draft.id, "body")] = Origin(str(readable), 1)
            else:
                script, voicemail, line, vline = read_call(readable)
                draft.body, draft.voicemail = _keep_comments(draft.body, script), voicemail
                loaded.origins[(draft.id, "body")] = Origin(str(readable), line)
                loaded.origins[(draft.id, "voicemail")] = Origin(str(readable), vline)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            loaded.notes.append(f"{readable}: could not read ({exc}); checked the drafts.json text")


def _keep_comments(original: str, edited: str) -> str:
    """Suppression comments live in drafts.json; carry them to the edited text."""
    comments = [m.group() for m in IGNORE_RE.finditer(original)]
    present = {m.group() for m in IGNORE_RE.finditer(edited)}
    missing = [c for c in comments if c not in present]
    return edited + ("\n" + "\n".join(missing) if missing else "")


def discover(paths: list[Path]) -> tuple[list[tuple[Path, bool]], list[str]]:
    """Drafts files to check (with whether edits apply), and notes about skipped files."""
    found: list[tuple[Path, bool]] = []
    skipped: list[str] = []
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*.json")):
                if any(part.startswith(".") for part in candidate.relative_to(path).parts):
                    continue
                try:
                    data = json.loads(candidate.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                    skipped.append(f"{candidate}: skipped (not readable JSON)")
                    continue
                if looks_like_drafts(data):
                    found.append((candidate, True))
                else:
                    skipped.append(f"{candidate}: skipped (not a drafts file)")
        else:
            found.append((path, False))
    return found, skipped
