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
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from .cache import default_dir, make_private, write_private

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


def private_folder(kind: str) -> Path | None:
    """The cache's `kind` folder, made if needed; None unless only this user can write to it."""
    folder = default_dir() / kind
    if not make_private(folder):
        return None
    try:
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
        if self.folder is not None:
            write_private(self.folder / key, data)


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
