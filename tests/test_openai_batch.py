"""write --batch: the OpenAI Batch API through the real openai client, against the test server."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ROOT
from fake_batch import FakeBatchLLM

from draftkit.cli import cli
from draftkit.engines import openai as engine_module
from draftkit.engines.openai_batch import STATE_FILE

# a fixed set of eight notes files, whatever else the notes corpus grows to hold
BATCH_NOTES = ("casual-startup-friday.json", "compensation-analyst.json", "formal-law-firm.json", "long-role-nouns.yaml",
               "panel-of-five.json", "quick-decision-weekend.json", "tokyo-late-night.json", "unicode-and-injection.json")
NOTES = Path(tempfile.mkdtemp(prefix="draftkit-batch-notes-"))
for name in BATCH_NOTES:
    shutil.copy(ROOT / "tests" / "data" / "notes" / name, NOTES / name)
NOW = "2026-11-24T15:00:00-08:00"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("DRAFTKIT_BATCH_POLL_SECONDS", "0.02")
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DRAFTKIT_MODEL"):
        monkeypatch.delenv(var, raising=False)
    engine_module.REMEMBERED_MODES.clear()
    engine_module.CONFIRMED_MODES.clear()


def batch_write(runner, llm, *extra, notes=NOTES):
    args = ["write", str(notes), "--batch", "--base-url", llm.base_url, "-o", "out", "--now", NOW, *extra]
    return runner.invoke(cli, args, catch_exceptions=False)


def drafts_files():
    return {p.parent.name: json.loads(p.read_text()) for p in Path("out").glob("*/drafts.json")}


def test_batch_run_makes_no_direct_requests_and_writes_every_draft(runner):
    with FakeBatchLLM() as llm:
        result = batch_write(runner, llm)
        assert llm.batch_crashes == []
        assert result.exit_code == 0, result.output
        assert llm.direct_requests() == []
        first = llm.batches["batch_1"]
        lines = llm.files[first["input_file_id"]]["_data"].decode().splitlines()
        requests = [json.loads(line) for line in lines]
    assert {r["method"] for r in requests} == {"POST"} and {r["url"] for r in requests} == {"/v1/chat/completions"}
    assert len({r["custom_id"] for r in requests}) == len(requests)
    assert all(r["body"]["response_format"]["type"] == "json_schema" for r in requests)
    written = drafts_files()
    assert sorted(written) == sorted(p.stem for p in NOTES.iterdir())
    assert sum(len(d["drafts"]) for d in written.values()) == len(requests)
    assert all(not d.get("errors") for d in written.values())
    assert len(requests) == sum(1 for p in Path("out").glob("*/*") if p.suffix in (".eml", ".txt", ".md"))
    assert "Batch round 1: completed" in result.output
    assert f"Engine: openai, model gpt-4o-mini at {llm.base_url} (a server on this machine)" in result.output
    assert not Path("out", STATE_FILE).exists()


def test_same_files_as_the_direct_path(runner):
    with FakeBatchLLM() as llm:
        one = NOTES / "formal-law-firm.json"
        assert batch_write(runner, llm, notes=one).exit_code == 0
        direct = runner.invoke(cli, ["write", str(one), "--base-url", llm.base_url, "-o", "direct", "--now", NOW,
                                     "--no-cache"])
        assert direct.exit_code == 0
    batch_names = sorted(p.name for p in Path("out/formal-law-firm").iterdir())
    assert batch_names == sorted(p.name for p in Path("direct").iterdir())
    for name in batch_names:
        if name.endswith((".eml", ".txt", ".md")):
            assert Path("out/formal-law-firm", name).read_bytes() == Path("direct", name).read_bytes()


def test_flawed_answers_go_to_a_follow_up_batch(runner):
    def flawed_first(data, request):
        from fake_llm import default_answer

        answer = default_answer(data, request)
        if data.get("draft") == "email" and len(request["messages"]) == 2:  # the first ask, not a re-ask
            answer["body"] = answer["body"].replace("\n\nBest regards", " Please answer ASAP.\n\nBest regards")
        return answer

    with FakeBatchLLM(responder=flawed_first) as llm:
        result = batch_write(runner, llm, notes=NOTES / "panel-of-five.json")
        assert result.exit_code == 0, result.output
        assert len(llm.batches) == 2 and llm.direct_requests() == []
        second = llm.files[llm.batches["batch_2"]["input_file_id"]]["_data"].decode().splitlines()
    assert len(second) == 5  # the five emails, each re-asked with what was wrong
    assert all("pushy" in json.loads(line)["body"]["messages"][-1]["content"] for line in second)
    data = drafts_files()["panel-of-five"]
    assert not [f for f in data["findings"] if f["rule"] == "pushy"]


def test_error_file_lines_are_reported_per_draft_and_rerun(runner):
    failing = {"casual-startup-friday/email-"}
    with FakeBatchLLM(fail_line=lambda cid: any(cid.startswith(f) for f in failing)) as llm:
        result = batch_write(runner, llm)
        assert result.exit_code == 0
        data = drafts_files()["casual-startup-friday"]
        assert data["errors"] and {e["kind"] for e in data["errors"]} == {"email"}
        assert not [d for d in data["drafts"] if d["kind"] == "email"]
        assert f"    {data['errors'][0]['draft']}: the batch request failed" in result.output
        assert "the batch request failed (server_error)" in data["errors"][0]["message"]
        assert "incomplete: " in result.output and "run again to retry them" in result.output
        failing.clear()
        again = batch_write(runner, llm)
        assert again.exit_code == 0
        assert "1 written, 7 already written" in again.output
        rerun = llm.files[llm.batches[f"batch_{len(llm.batches)}"]["input_file_id"]]["_data"].decode().splitlines()
        assert {json.loads(line)["custom_id"].split("/")[0] for line in rerun} == {"casual-startup-friday"}
    assert not drafts_files()["casual-startup-friday"].get("errors")


@pytest.mark.parametrize(("mode", "said"), [
    ({"expire_after": 3}, "the batch expired before this draft was written"),
    ({"cancel_after": 3}, "the batch was cancelled before this draft was written"),
])
def test_expired_or_cancelled_batches_are_reported_per_draft(runner, mode, said):
    with FakeBatchLLM(workers=1, **mode) as llm:
        result = batch_write(runner, llm)
        total = llm.batches["batch_1"]["request_counts"]["total"]
    errors = [e for d in drafts_files().values() for e in d.get("errors", [])]
    drafts = sum(len(d["drafts"]) for d in drafts_files().values())
    assert drafts == 3 and len(errors) == total - 3
    assert all(said in e["message"] and "run the same command again" in e["message"] for e in errors)
    whole = [name for name, d in drafts_files().items() if not d.get("errors")]
    assert result.exit_code == (0 if whole else 3)


def test_a_cancel_from_outside_is_reported(runner):
    import threading

    with FakeBatchLLM(batch_delay=1.0) as llm:
        def cancel_soon():
            while "batch_1" not in llm.batches:
                time.sleep(0.01)
            from openai import OpenAI

            OpenAI(api_key="x", base_url=llm.base_url).batches.cancel("batch_1")

        threading.Thread(target=cancel_soon).start()
        result = batch_write(runner, llm)
    assert result.exit_code == 3
    assert "the batch was cancelled before this draft was written" in result.output


def test_killed_while_polling_resumes_the_same_batch(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAFTKIT_BATCH_POLL_SECONDS": "0.05"}
    with FakeBatchLLM(batch_delay=3.0) as llm:
        command = [sys.executable, "-m", "draftkit.cli", "write", str(NOTES), "--batch", "--base-url", llm.base_url,
                   "-o", str(tmp_path / "out"), "--now", NOW]
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not llm.batches:
            time.sleep(0.02)
        time.sleep(0.3)  # polling now
        assert proc.poll() is None, "still polling when killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = json.loads((tmp_path / "out" / STATE_FILE).read_text())
        assert state["rounds"][0]["batch_id"] == "batch_1"
        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 0, again.stderr
        rounds = len(state["rounds"])  # later rounds re-ask what the checklist flagged
        first_round = llm.batches["batch_1"]["request_counts"]["total"]
        firsts = [b for b in llm.batches.values() if b["request_counts"]["total"] == first_round]
        assert len(firsts) == 1 and len(llm.uploads) == len(llm.batches), "nothing uploaded or created twice"
        assert rounds == 1
        assert llm.direct_requests() == []
    written = list((tmp_path / "out").glob("*/drafts.json"))
    assert len(written) == len(list(NOTES.iterdir()))
    assert all(not json.loads(p.read_text()).get("errors") for p in written)
    assert not (tmp_path / "out" / STATE_FILE).exists()


def test_a_batch_run_for_other_notes_is_not_mixed_up(runner, tmp_path):
    Path("out").mkdir()
    Path("out", STATE_FILE).write_text(json.dumps({"key": "other", "jobs": [], "rounds": [{"batch_id": "batch_9"}]}))
    with FakeBatchLLM() as llm:
        result = batch_write(runner, llm)
        assert result.exit_code == 2 and "batch_9" in result.output and "--force" in result.output
        assert not llm.batches


def test_batch_needs_the_openai_engine(runner):
    result = runner.invoke(cli, ["write", str(NOTES), "--batch", "--engine", "builtin", "-o", "out"])
    assert result.exit_code == 2 and "--batch needs the openai engine" in result.output


@pytest.mark.parametrize(("fmt", "starts"), [("json", '{"notes": '), ("markdown", "# Follow-up plan: ")])
def test_batch_formats_print_each_notes_file(runner, fmt, starts):
    with FakeBatchLLM() as llm:
        result = batch_write(runner, llm, "--format", fmt, notes=NOTES / "formal-law-firm.json")
    assert result.exit_code == 0
    assert result.stdout.startswith(starts)


@pytest.mark.parametrize("dies_after", ["input_file_id", "batch_id"])
def test_killed_between_a_call_and_saving_its_id_finds_it_on_the_server(runner, monkeypatch, dies_after):
    from draftkit.engines.openai_batch import BatchRunner

    original = BatchRunner.save_state

    def dies(self, state):
        if any(dies_after in r for r in state["rounds"]):
            raise SystemExit(137)  # as if killed right after the call, before its id was saved
        original(self, state)

    with FakeBatchLLM() as llm:
        monkeypatch.setattr(BatchRunner, "save_state", dies)
        assert batch_write(runner, llm).exit_code == 137
        assert len(llm.uploads) == 1 and len(llm.batches) == (dies_after == "batch_id")
        monkeypatch.setattr(BatchRunner, "save_state", original)
        assert batch_write(runner, llm).exit_code == 0
        first_round = llm.batches["batch_1"]["request_counts"]["total"]
        firsts = [b for b in llm.batches.values() if b["request_counts"]["total"] == first_round]
        assert len(firsts) == 1 and len(llm.uploads) == len(llm.batches)
    assert len(drafts_files()) == len(list(NOTES.iterdir()))
