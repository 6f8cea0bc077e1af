import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "notes.json"
NOTES_FILES = sorted((ROOT / "tests" / "data" / "notes").iterdir()) + [EXAMPLE]


FIXED_NOW = "2026-11-24T15:00:00-08:00"  # an hour after the example interview: every window open


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Runs without --now see the clock an hour after the example interview (windows depend on it)."""
    from datetime import datetime

    import draftkit.plan

    monkeypatch.setattr(draftkit.plan, "clock", lambda: datetime.fromisoformat(FIXED_NOW))


@pytest.fixture
def notes_data():
    """The example notes as a fresh dict."""
    return copy.deepcopy(json.loads(EXAMPLE.read_text()))


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in an empty folder with no LLM endpoint configured."""
    monkeypatch.chdir(tmp_path)
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DRAFTKIT_DEBUG", "DRAFTKIT_MODEL"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


@pytest.fixture
def offline_llm_state(in_tmp, monkeypatch):
    """`in_tmp`, plus a private response cache and no response format remembered from other tests."""
    from draftkit.engines import openai as engine_module

    monkeypatch.setenv("DRAFTKIT_CACHE_DIR", str(in_tmp / "cache"))
    engine_module.REMEMBERED_MODES.clear()
    engine_module.CONFIRMED_MODES.clear()
    return in_tmp


def set_path(data, path, value):
    """Set data[path[0]][path[1]]… to value; `...` deletes the key instead."""
    node = data
    for key in path[:-1]:
        node = node[key]
    if value is ...:
        del node[path[-1]]
    else:
        node[path[-1]] = value
