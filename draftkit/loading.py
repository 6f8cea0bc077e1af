"""Read drafts files, apply the user's edits from readable files, and find them in folders."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .checklist.context import IGNORE_RE
from .drafts import Draft, DraftSet, Finding, assign_ids
from .errors import DraftsError, NotesError
from .locations import LineIndex, TextMap, json_string_map, json_strings
from .notes import describe_validation_error, parse_notes
from .outputs import EXTENSION, recipients, render_call, render_eml, render_note
from .readback import READERS, Fields, read_file

KIND_OF_EXTENSION = {ext: kind for kind, ext in EXTENSION.items()}
DRAFTS_FILE = "drafts.json"


@dataclass
class Origin:
    """Where a field's text came from: a file, and where each of its characters sits in it."""

    path: str
    where: TextMap

    @property
    def line(self) -> int:
        return self.where.at(0)[0]


@dataclass
class LoadedDrafts:
    """A drafts set plus where each draft field was read from (for line numbers in reports)."""

    path: str
    drafts: DraftSet
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    source: str = ""  # the drafts.json text, to locate what was not read from an edited file
    source_path: str = ""
    only: str | None = None  # checking one edited file: the id of its draft

    @cached_property
    def _json(self) -> tuple[dict[tuple, int], LineIndex]:
        return json_strings(self.source), LineIndex(self.source)

    def prepare(self) -> None:
        """Read where every string of drafts.json sits now (before the work is shared out)."""
        if self.source:
            self._json  # noqa: B018 (computed and kept)

    def _json_origin(self, path: tuple) -> Origin:
        found = self._json_origins.get(path)
        if found is None:
            found = self._json_origins[path] = self._json_origin_of(path)
        return found

    @cached_property
    def _json_origins(self) -> dict[tuple, Origin]:
        return {}

    def _json_origin_of(self, path: tuple) -> Origin:
        if not self.source:
            return Origin(self.source_path or self.path, TextMap.single(1))
        strings, lines = self._json
        quote = strings.get(path)
        if quote is None:
            return Origin(self.source_path, TextMap.single(1))
        return Origin(self.source_path, json_string_map(self.source, quote, lines))

    @cached_property
    def _positions(self) -> dict[str, int]:
        positions: dict[str, int] = {}
        for i, draft in enumerate(self.drafts.drafts):
            positions.setdefault(draft.id, i)
        return positions

    def draft(self, draft_id: str | None) -> Draft | None:
        """The draft with this id, in O(1)."""
        index = self._positions.get(draft_id or "")
        return None if index is None else self.drafts.drafts[index]

    def field_text(self, draft_id: str, name: str) -> str:
        """One field's text as checked ("" when the draft or field is missing), read once."""
        key = (draft_id, name)
        text = self._field_texts.get(key)
        if text is None:
            draft = self.draft(draft_id)
            text = self._field_texts[key] = "" if draft is None else draft.fields().get(name, "")
        return text

    @cached_property
    def _field_texts(self) -> dict[tuple[str, str], str]:
        return {}

    def origin(self, draft_id: str | None, name: str | None) -> Origin:
        """Where a draft's field (or, for a plan finding, the person) sits on disk."""
        found = self.origins.get((draft_id or "", name or ""))
        if found is not None:
            return found
        index = self._positions.get(draft_id or "")
        if index is None or not name:
            return self._json_origin(())
        return self._json_origin(("drafts", index, name))

    def person_origin(self, name: str | None) -> Origin:
        """Where a person's name sits in the notes of drafts.json (for plan findings)."""
        wanted = (name or "").strip().casefold()
        index = next((i for i, p in enumerate(self.drafts.notes.interviewers)
                      if p.name.strip().casefold() == wanted), None)
        return self._json_origin(("notes", "interviewers", index, "name") if index is not None else ())

    def keep(self, findings: list[Finding]) -> list[Finding]:
        """The findings this check reports: one edited file's own, or all."""
        return findings if self.only is None else [f for f in findings if f.draft == self.only]

    @property
    def checked(self) -> int:
        """How many drafts this check covers."""
        return 1 if self.only is not None else len(self.drafts.drafts)


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


def _read_json(path: Path) -> tuple[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DraftsError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DraftsError(f"{path}: is a folder; pass the folder itself to check every drafts file in it") from None
    except UnicodeDecodeError as exc:
        raise DraftsError(f"{path}: not UTF-8 text (byte {exc.start + 1})") from None
    except OSError as exc:
        raise DraftsError(f"{path}: cannot read it ({exc.strerror or type(exc).__name__})") from None
    try:
        return text, json.loads(text)
    except json.JSONDecodeError as exc:
        raise DraftsError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise DraftsError(f"{path}: nested too deeply to be a drafts file") from None


def load_drafts_file(path: Path, *, apply_edits: bool = False) -> LoadedDrafts:
    """Read a drafts.json (with apply_edits, prefer the readable files beside it).

    A readable draft file (.eml, .txt, .md) is checked on its own, against the drafts.json beside it.
    A drafts.json read without edits says which readable files beside it were edited since.
    """
    kind = KIND_OF_EXTENSION.get(path.suffix.lower())
    if kind is not None:
        return load_edited_file(path, kind)
    text, data = _read_json(path)
    drafts = parse_drafts(data, str(path))
    loaded = LoadedDrafts(str(path), drafts, source=text, source_path=str(path))
    if apply_edits:
        for draft in drafts.drafts:
            readable = readable_path(path.parent, draft)
            if readable is not None and readable.is_file():
                _apply(loaded, draft, read_file(draft.kind, readable), str(readable))
    else:
        edited = edited_files(drafts, path.parent)
        if edited:
            names = ", ".join(p.name for p in edited[:3]) + (f" and {len(edited) - 3} more" if len(edited) > 3 else "")
            loaded.notes.append(
                f"{path}: {names} beside it no longer {'matches' if len(edited) == 1 else 'match'} it "
                f"(edited since it was written); this checked the text in {path.name}; "
                f"`draftkit eval {path.parent}` checks the edited files")
    return loaded


def load_edited_file(path: Path, kind: str) -> LoadedDrafts:
    """One edited .eml/.txt/.md, checked with the notes of the drafts.json beside it."""
    if not path.is_file():
        raise DraftsError(f"{path}: no such file")
    beside = path.parent / DRAFTS_FILE
    if not beside.is_file():
        raise DraftsError(f"{path}: no {DRAFTS_FILE} beside it, so there are no notes to check it against; "
                          f"keep it in the folder `draftkit write` made")
    text, data = _read_json(beside)
    drafts = parse_drafts(data, str(beside))
    draft = next((d for d in drafts.drafts if d.id == path.stem and d.kind == kind), None)
    if draft is None:
        raise DraftsError(f"{path}: {beside} has no {kind} draft with id {path.stem!r}; "
                          "keep the file name `draftkit write` gave it")
    loaded = LoadedDrafts(str(path), drafts, source=text, source_path=str(beside), only=draft.id)
    _apply(loaded, draft, read_file(kind, path), str(path))
    return loaded


def readable_path(folder: Path, draft: Draft) -> Path | None:
    """The readable file `write` made for a draft; None for an id that is not a plain file name."""
    name = draft.id + EXTENSION[draft.kind]
    if not draft.id or draft.id.startswith(".") or Path(name).name != name or "\\" in name or "\0" in name:
        return None
    return folder / name


def _apply(loaded: LoadedDrafts, draft: Draft, fields: Fields, path: str) -> None:
    for name, value in fields.items():
        if name == "subject":
            draft.subject = value.text
        elif name == "body":
            if draft.kind == "email" and IGNORE_RE.search(value.text):
                loaded.notes.append(f"{path}: remove the <!-- draftkit: ignore --> comment before you send this "
                                    "email; an .eml goes out exactly as it is")
            draft.body = _keep_comments(draft.body, value.text)
        elif name == "voicemail":
            draft.voicemail = value.text
        loaded.origins[(draft.id, name)] = Origin(path, value.where)


def _rendered(draft: Draft, drafts: DraftSet, people: dict) -> bytes:
    if draft.kind == "email":
        return render_eml(draft, drafts, people.get(draft.id))
    return (render_note(draft) if draft.kind == "note" else render_call(draft)).encode("utf-8")


def edited_files(drafts: DraftSet, folder: Path) -> list[Path]:
    """Readable files beside a drafts.json whose text differs from what it would write for them."""
    people: dict | None = None
    edited = []
    for draft in drafts.drafts:
        readable = readable_path(folder, draft)
        if readable is None or not readable.is_file():
            continue
        people = recipients(drafts) if people is None else people
        reader = READERS[draft.kind]
        try:
            on_disk = {k: v.text for k, v in read_file(draft.kind, readable).items()}
        except DraftsError:
            edited.append(readable)
            continue
        written = {k: v.text for k, v in reader(_rendered(draft, drafts, people), str(readable)).items()}
        if on_disk != written:
            edited.append(readable)
    return edited


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
                except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                    skipped.append(f"{candidate}: skipped (not readable JSON)")
                    continue
                if looks_like_drafts(data):
                    found.append((candidate, True))
                else:
                    skipped.append(f"{candidate}: skipped (not a drafts file)")
        else:
            found.append((path, False))
    return found, skipped
