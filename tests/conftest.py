import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "notes.json"
NOTES_FILES = sorted((ROOT / "tests" / "data" / "notes").iterdir()) + [EXAMPLE]


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
