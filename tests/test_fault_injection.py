"""A 200-file batch against the test server with random 429s, 500s and timeouts: every draft
is written exactly once (one folder per notes file, every file in it, each draft paid for once)."""

import copy
import json
import random
import time
from collections import Counter

from click.testing import CliRunner
from conftest import EXAMPLE
from fake_llm import FakeLLM, Fault, default_answer

from draftkit.cli import cli
from draftkit.engines import openai as engine_module

FILES = 200
KINDS = {"429": 40, "500": 40, "slow": 6}
TIMEOUT = 2.0  # generous: on a busy machine an ordinary answer must never time out


def notes_folder(folder):
    """FILES notes files, one interviewer each (an email and a call: two drafts a file)."""
    base = json.loads(EXAMPLE.read_text())
    base["interviewers"] = [{k: v for k, v in base["interviewers"][0].items() if k != "address"}]
    for i in range(FILES):
        data = copy.deepcopy(base)
        data["company"] = f"Company {i:03d}"
        data["interviewers"][0]["name"] = f"Person {chr(65 + i % 26)}{chr(65 + i // 26)} Raman"
        (folder / f"notes-{i:03d}.json").write_text(json.dumps(data))


def test_a_faulty_server_still_gets_every_draft_written_exactly_once(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTKIT_CACHE_DIR", str(tmp_path / "cache"))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DRAFTKIT_MODEL", "DRAFTKIT_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    engine_module.REMEMBERED_MODES.clear()
    engine_module.CONFIRMED_MODES.clear()
    (tmp_path / "notes").mkdir()
    notes_folder(tmp_path / "notes")
    rng = random.Random(11)

    def unlucky(request: dict) -> bool:  # one draw per request, shared by every fault in the queue
        return request.setdefault("unlucky", rng.random() < 0.15)

    faults = [Fault(kind, seconds=TIMEOUT + 1, when=unlucky) for kind, count in KINDS.items() for _ in range(count)]
    rng.shuffle(faults)
    answers = []

    def answer(data, request):  # called for every answer the server writes (slow ones too)
        answers.append((data.get("company"), data.get("draft")))
        return default_answer(data, request)

    with FakeLLM(responder=answer) as llm:
        llm.faults.extend(faults)
        result = CliRunner().invoke(cli, [
            "write", str(tmp_path / "notes"), "-o", str(tmp_path / "out"), "--engine", "openai",
            "--base-url", llm.base_url, "--no-cache", "--timeout", str(TIMEOUT), "--retries", "8",
        ])
        deadline = time.monotonic() + 2 * TIMEOUT
        while llm.in_flight and time.monotonic() < deadline:  # let the slow answers finish
            time.sleep(0.05)
        remaining = {id(f) for f in llm.faults}
        fired = Counter(f.kind for f in faults if id(f) not in remaining)
    assert result.exit_code == 0, [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert fired["429"] > 10 and fired["500"] > 10 and fired["slow"] >= 2  # the faults really happened

    folders = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert folders == [f"notes-{i:03d}" for i in range(FILES)]  # no staging or backup left behind
    ids = []
    for i, name in enumerate(folders):
        drafts = json.loads((tmp_path / "out" / name / "drafts.json").read_text())
        assert drafts["notes"]["company"] == f"Company {i:03d}" and "errors" not in drafts
        slug = drafts["drafts"][0]["id"].removeprefix("email-")
        assert [d["id"] for d in drafts["drafts"]] == [f"email-{slug}", f"call-{slug}"]
        assert sorted(p.name for p in (tmp_path / "out" / name).iterdir()) == sorted(
            ["drafts.json", "plan.ics", f"email-{slug}.eml", f"call-{slug}.md"])
        ids += [(name, d["id"]) for d in drafts["drafts"]]
    assert len(ids) == len(set(ids)) == 2 * FILES
    # each draft was answered (paid for) once; a "slow" fault answers too, after the client gave up
    assert len(answers) - fired["slow"] == 2 * FILES
    assert set(answers) == {(f"Company {i:03d}", kind) for i in range(FILES) for kind in ("email", "call")}
