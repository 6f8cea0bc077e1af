"""Public holidays per country and year, from the `holidays` package, kept in a small disk cache.

Building a country's calendar makes `holidays` import every country it knows (about 0.3 s), so
the dates of each (country, year) are saved once under the draftkit cache folder, keyed by the
installed `holidays` release; the cache is only a speed-up and is rebuilt when unreadable.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def known_countries() -> frozenset[str]:
    """Two-letter codes the `holidays` package has a calendar for (ISO 3166 alpha-2 and aliases)."""
    from holidays.registry import COUNTRIES

    return frozenset(code for entry in COUNTRIES.values() for code in entry[1:] if len(code) == 2)


@lru_cache(maxsize=1)
def _release() -> str:
    spec = importlib.util.find_spec("holidays")
    origin = spec.origin if spec and spec.origin else ""
    stamp = f"{origin}:{os.stat(origin).st_mtime_ns}" if origin else "unknown"
    return hashlib.sha256(stamp.encode()).hexdigest()[:12]


def _cache_file(country: str, year: int) -> Path:
    from .cache import default_dir

    return default_dir() / "holidays" / f"{country}-{year}-{_release()}.json"


def _compute(country: str, year: int) -> dict[date, str]:
    import holidays

    calendar = holidays.country_holidays(country, years=(year,), expand=False)
    return {day: str(name) for day, name in sorted(calendar.items())}


def _read(path: Path) -> dict[date, str] | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {date.fromisoformat(day): str(name) for day, name in raw.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def _save(path: Path, days: dict[date, str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({day.isoformat(): name for day, name in days.items()}, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:  # a read-only home folder only costs speed
        pass


@lru_cache(maxsize=256)
def public_holidays(country: str, year: int) -> dict[date, str]:
    """{day: name} of one country's public holidays in one year."""
    path = _cache_file(country, year)
    days = _read(path)
    if days is None:
        days = _compute(country, year)
        _save(path, days)
    return days
