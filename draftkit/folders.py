"""Output folders that never lose what the user owns: a marker, a lock, staging and one rename.

Every folder draftkit writes holds a `.draftkit` marker listing its files and their hashes, so
`--force` only ever replaces a folder draftkit wrote (and refuses one holding anything else). A
lock file beside the folder (`flock`, released by the kernel even on SIGKILL) stops two runs
writing one folder at once. Files are written into a hidden staging folder that is renamed into
place; staging left by a killed run is removed by the next run that holds the lock.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import OutputExistsError

MARKER = ".draftkit"
STAGING_TAG = ".draftkit-tmp-"
BACKUP_TAG = ".draftkit-old-"
LOCK_SUFFIX = ".draftkit-lock"
BUILT_IN_NAMES = ("drafts.json", "plan.ics")
DRAFT_EXTENSIONS = (".eml", ".txt", ".md")


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def resolve_output(path: Path) -> Path:
    """The real folder behind `path` (a symlink is written through); refuse a path under a file."""
    for ancestor in [path, *path.parents]:
        if ancestor.exists():
            if not ancestor.is_dir():
                if ancestor == path:
                    raise OutputExistsError(f"{path}: exists and is not a folder; choose another with -o")
                raise OutputExistsError(f"{path}: {ancestor} is a file, not a folder; choose another path with -o")
            break
    return Path(os.path.realpath(path))


@dataclass
class FolderState:
    """What is in an output folder, and whether draftkit wrote it."""

    exists: bool
    entries: list[str] = field(default_factory=list)
    marker: dict[str, Any] | None = None

    @property
    def empty(self) -> bool:
        return not self.entries

    @property
    def ours(self) -> bool:
        return self.marker is not None

    def foreign(self) -> list[str]:
        """Entries draftkit did not write."""
        known = set(self.marker.get("files", {})) if self.marker else set()
        return [e for e in self.entries if e not in known and e != MARKER]

    def edited(self, folder: Path) -> list[str]:
        """Files draftkit wrote whose content changed since (someone edited them)."""
        if not self.marker:
            return []
        changed = []
        for name, digest in self.marker.get("files", {}).items():
            path = folder / name
            if digest and path.is_file() and file_hash(path.read_bytes()) != digest:
                changed.append(name)
        return changed


def read_marker(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("tool") == "draftkit" else None


def _legacy_marker(folder: Path, entries: list[str]) -> dict[str, Any] | None:
    """A folder an older draftkit wrote (no marker): drafts.json lists every draft file in it."""
    if "drafts.json" not in entries:
        return None
    try:
        data = json.loads((folder / "drafts.json").read_text(encoding="utf-8"))
        ids = {d["id"] for d in data["drafts"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    ok = all(e in BUILT_IN_NAMES or (Path(e).suffix in DRAFT_EXTENSIONS and Path(e).stem in ids) for e in entries)
    return {"tool": "draftkit", "files": dict.fromkeys(entries, "")} if ok else None


def inspect(folder: Path) -> FolderState:
    if not folder.is_dir():
        return FolderState(exists=folder.exists())
    entries = sorted(os.listdir(folder))
    marker = read_marker(folder) if MARKER in entries else _legacy_marker(folder, entries)
    return FolderState(True, [e for e in entries if e != MARKER] if marker else entries, marker)


def check_writable(folder: Path, force: bool) -> FolderState:
    """Refuse to replace anything but a folder draftkit wrote, and that only with --force."""
    folder = resolve_output(folder)
    state = inspect(folder)
    if not state.exists or state.empty:
        return state
    if not state.ours:
        shown = ", ".join(state.entries[:3]) + (", ..." if len(state.entries) > 3 else "")
        raise OutputExistsError(
            f"{folder}: holds files draftkit did not write ({shown}); it never replaces those, "
            "even with --force: choose a new or empty folder with -o"
        )
    if not force:
        raise OutputExistsError(
            f"{folder}: already holds output; pass --force to replace it or -o to write elsewhere"
        )
    foreign = state.foreign()
    if foreign:
        raise OutputExistsError(
            f"{folder}: holds {foreign[0]}, which draftkit did not write; move it out of the folder "
            "before --force, or choose another folder with -o"
        )
    edited = state.edited(folder)
    if edited:
        raise OutputExistsError(edited_message(folder, edited))
    return state


def edited_message(folder: Path, edited: list[str]) -> str:
    more = f" (and {len(edited) - 1} more)" if len(edited) > 1 else ""
    return (f"{folder}: {edited[0]}{more} was edited after draftkit wrote it; it never replaces your edits, "
            "even with --force: move the edited files out of the folder first, or choose another folder with -o")


class FolderLock:
    """An exclusive lock on one output path, held for a whole run; a second run fails at once."""

    def __init__(self, target: Path):
        self.target = target
        self.path = target.parent / f".{target.name}{LOCK_SUFFIX}"
        self._fd: int | None = None

    def __enter__(self) -> FolderLock:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            if not _try_lock(fd):
                os.close(fd)
                raise OutputExistsError(
                    f"{self.target}: another draftkit run is writing there right now; wait for it to "
                    "finish or choose another folder with -o"
                )
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:  # not a lock file the previous holder removed as we opened it
                self._fd = fd
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                return self
            os.close(fd)

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
            os.close(self._fd)  # closing releases the lock
            self._fd = None


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def clean_stale(parent: Path, name: str | None = None) -> None:
    """Remove staging folders a killed run left in `parent` (only draftkit's: tagged and marked).

    Call it only while holding the lock that covers them. A backup whose folder never came back
    (killed between the two renames) is put back in place first.
    """
    try:
        entries = os.listdir(parent)
    except OSError:
        return
    for entry in entries:
        if not entry.startswith("."):
            continue
        for tag in (STAGING_TAG, BACKUP_TAG):
            head, sep, _ = entry[1:].rpartition(tag)
            if not sep or (name is not None and head != name):
                continue
            path = parent / entry
            # ours: marked, empty, or holding only a marker cut short by the kill (it is written first)
            if not path.is_dir() or (read_marker(path) is None and os.listdir(path) not in ([], [MARKER])):
                continue  # not ours: leave it
            home = parent / head
            if tag == BACKUP_TAG and not home.exists():
                os.rename(path, home)
            else:
                shutil.rmtree(path, ignore_errors=True)


def stage_and_swap(folder: Path, files: dict[str, bytes], marker: dict[str, Any] | None = None,
                   *, replace: bool = True) -> None:
    """Write every file into a fresh hidden folder, then rename it into place.

    The caller holds the lock and has checked that replacing `folder` is allowed (`replace`: it
    existed then). A folder that appears meanwhile (someone else wrote it) is never replaced:
    the rename fails and that is an error.
    """
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    token = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    staging = parent / f".{folder.name}{STAGING_TAG}{token}"
    staging.mkdir()  # like any folder the user makes: the umask applies
    try:
        info = {"tool": "draftkit", **(marker or {}), "files": {n: file_hash(d) for n, d in files.items()}}
        (staging / MARKER).write_text(json.dumps(info, indent=1), encoding="utf-8")
        for name, data in files.items():
            (staging / name).write_bytes(data)
        backup = None
        if replace and folder.exists():
            backup = parent / f".{folder.name}{BACKUP_TAG}{token}"
            os.rename(folder, backup)
        try:
            os.rename(staging, folder)
        except OSError as exc:
            if backup is not None and not folder.exists():
                os.rename(backup, folder)
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                raise OutputExistsError(f"{folder}: something else wrote this folder while draftkit did; "
                                        "nothing was replaced, run again") from None
            raise
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_folder(folder: Path, files: dict[str, bytes], *, force: bool = False,
                 marker: dict[str, Any] | None = None) -> Path:
    """Check, lock, clean up after killed runs, and write one output folder atomically."""
    real = resolve_output(folder)
    with FolderLock(real):
        clean_stale(real.parent, real.name)
        check_writable(real, force)
        stage_and_swap(real, files, marker)
    return real
