"""Fault injection: a 200-file batch against a server that answers 429, 500 and too slowly at random."""

import json
import random
from pathlib import Path

from conftest import EXAMPLE
from fake_llm import FakeLLM, Fault

from draftkit.cli import cli
from draftkit.engines import openai as engine_module
from draftkit.folders import MARKER

NOW = "2026-11-24T15:00:00-08:00"


def small_notes(i: int) -> dict:
    """One interviewer, no address: an email and a call (two requests) per notes file."""
    data = json.loads(EXAMPLE.read_text())
    data["interviewers"] = [{k: v for k, v in data["interviewers"][0].items() if k != "address"}]
    data["company"] = f"Northwind {i}"
    return data


def test_random_faults_end_with_every_draft_written_exactly_once(runner, in_tmp, monkeypatch):
    monkeypatch.setenv("DRAFTKIT_CACHE_DIR", str(in_tmp / "cache"))
    engine_module.REMEMBERED_MODES.clear()
    engine_module.CONFIRMED_MODES.clear()
    notes = Path("notes")
    notes.mkdir()
    for i in range(200):
        (notes / f"n{i:03d}.json").write_text(json.dumps(small_notes(i)))
    rng = random.Random(11)

    def sometimes(_):
        return rng.random() < 0.08

    with FakeLLM() as llm:
        llm.faults.extend([Fault("429", when=sometimes) for _ in range(40)]
                          + [Fault("500", when=sometimes) for _ in range(40)]
                          + [Fault("slow", seconds=1.2, when=sometimes) for _ in range(8)])
        result = runner.invoke(cli, ["write", "notes", "-o", "out", "--base-url", llm.base_url, "--now", NOW,
                                     "--concurrency", "16", "--timeout", "1", "--retries", "6", "--no-cache"],
                               catch_exceptions=False)
        statuses = list(llm.statuses)
    assert result.exit_code == 0, result.output
    assert statuses.count(429) >= 20 and statuses.count(500) >= 20, "faults were injected"
    assert "Files     200 (200 written, 0 already written, 0 failed)" in result.output
    folders = sorted(Path("out").iterdir())
    assert [p.name for p in folders] == [f"n{i:03d}" for i in range(200)]
    for i, folder in enumerate(folders):
        data = json.loads((folder / "drafts.json").read_text())
        assert data["notes"]["company"] == f"Northwind {i}"
        assert [d["id"] for d in data["drafts"]] == ["email-priya-raman", "call-priya-raman"]
        assert not data.get("errors")
        files = sorted(p.name for p in folder.iterdir())
        assert files == sorted([MARKER, "drafts.json", "plan.ics", "email-priya-raman.eml", "call-priya-raman.md"])
    assert not [p for p in Path("out").iterdir() if p.name.startswith(".")]
