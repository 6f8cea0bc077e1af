"""A local cache of LLM answers: identical requests are never paid for twice."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any


def default_dir() -> Path:
    """$DRAFTKIT_CACHE_DIR, else $XDG_CACHE_HOME/draftkit, else ~/.cache/draftkit."""
    if os.environ.get("DRAFTKIT_CACHE_DIR"):
        return Path(os.environ["DRAFTKIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "draftkit"


def make_private(folder: Path) -> bool:
    """Make `folder` (and its parents) readable by the user only; False when it cannot be made."""
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
    except OSError:
        return False
    return True


def write_private(path: Path, data: bytes) -> bool:
    """Write a file only the user can read, all at once (a reader never sees half of it);
    False when it cannot be written."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except OSError:
        return False
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return False
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def request_key(request: dict[str, Any]) -> str:
    """A stable hash of what determines the answer (never the API key)."""
    blob = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


ANSWER_TEXT_FIELDS = ("content", "finish_reason", "refusal", "model", "endpoint")


def is_answer(value: Any) -> bool:
    """A cache entry's shape: an object whose `content` is text (other known fields text or null)."""
    return (isinstance(value, dict) and isinstance(value.get("content"), str)
            and all(value.get(k) is None or isinstance(value[k], str) for k in ANSWER_TEXT_FIELDS))


class ResponseCache:
    """One JSON file per request, readable by the user only (it holds personal data)."""

    def __init__(self, folder: Path | None = None):
        self.folder = (folder or default_dir()) / "llm"

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached answer, or None: a missing, unreadable or malformed entry is a miss."""
        try:
            value = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        return value if is_answer(value) else None

    def put(self, key: str, value: dict[str, Any]) -> bool:
        """Store an answer; False when the cache folder cannot be written (the run goes on)."""
        path = self._path(key)
        if not (make_private(self.folder) and make_private(path.parent)):
            return False
        return write_private(path, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def clear(self) -> int:
        """Erase every cached answer; returns how many there were."""
        if not self.folder.exists():
            return 0
        count = sum(1 for _ in self.folder.rglob("*.json"))
        shutil.rmtree(self.folder)
        return count
