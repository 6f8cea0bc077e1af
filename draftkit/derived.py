"""What draftkit derives from its own files (compiled templates, parsed data tables), kept between
runs in a private folder of the cache, as Python keeps compiled modules in __pycache__.

Entries are keyed by a hash of everything they are derived from, so an edited file is simply read
anew; an entry that is missing or unreadable is derived again. The folder is only used when no one
else can write to it (compiled templates are code). A cache that cannot be written costs speed only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


def private_folder(kind: str) -> Path | None:
    """The cache's `kind` folder, made if needed; None unless only this user can write to it."""
    from .cache import default_dir

    folder = default_dir() / kind
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
        info = folder.stat()
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
        return None
    return folder


def key_of(*parts: object) -> str:
    """A file name for an entry derived from `parts` (text or bytes)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


class Kept:
    """One kind of derived entry (one folder of the cache)."""

    def __init__(self, kind: str) -> None:
        self.folder = private_folder(kind)

    key = staticmethod(key_of)

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return (self.folder / key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self.folder / key)
        except OSError:
            Path(tmp).unlink(missing_ok=True)


_TABLES: Kept | None = None


def toml_table(source: Traversable | Path) -> dict[str, Any]:
    """One of our TOML files, parsed (tomllib is pure Python: a large table costs a short run
    more than reading it back as JSON). Tables that JSON cannot hold exactly are parsed every time."""
    global _TABLES
    text = source.read_text(encoding="utf-8")
    if _TABLES is None:
        _TABLES = Kept("tables")
    key = key_of("toml", text) + ".json"
    kept = _TABLES.get(key)
    if kept is not None:
        try:
            data = json.loads(kept)
            if isinstance(data, dict):
                return data
        except ValueError:
            pass
    data = tomllib.loads(text)
    with contextlib.suppress(TypeError, ValueError):  # dates, NaN: JSON would not give them back
        _TABLES.put(key, json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8"))
    return data
