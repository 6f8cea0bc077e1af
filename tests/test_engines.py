"""The engine registry, typed options, endpoint input checks and per-draft progress."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx2
import pytest
from conftest import EXAMPLE
from fake_llm import FakeLLM, default_answer, notes_in

import draftkit
from draftkit import engines
from draftkit.cli import cli
from draftkit.engines import Composed, EngineOptions
from draftkit.engines import openai as engine_module
from draftkit.errors import UsageError

pytestmark = pytest.mark.usefixtures("offline_llm_state")


# --- one interface, one table ---------------------------------------------------------------------

class EchoOptions(EngineOptions):
    greeting: str = "Hello"


class EchoEngine:
    """A provider in one class: what a new module registers."""

    name = "echo"
    Options = EchoOptions

    def __init__(self, options, config=None):
        self.options = options

    async def compose(self, notes, plan, on_draft=None):
        from draftkit.drafts import Draft, assign_ids

        drafts = assign_ids([Draft(kind=t.kind, to=t.to.name, subject="Thank you" if t.kind == "email" else None,
                                   body=f"{self.options.greeting} {t.to.name}", voicemail="Hi" if t.kind == "call" else None)
                             for t in plan])
        for i, d in enumerate(drafts, 1):
            if on_draft:
                on_draft(d.id, None, i, len(drafts))
        return Composed(drafts=drafts, model="echo-1")


def test_a_new_provider_is_one_class_and_one_line(monkeypatch):
    monkeypatch.setitem(engines.ENGINES, "echo", "test_engines:EchoEngine")
    drafts = draftkit.write(EXAMPLE, engine="echo", greeting="Ahoy")
    assert drafts.engine == "echo" and drafts.model == "echo-1"
    assert drafts.drafts[0].body == "Ahoy Priya Raman"
    assert drafts.findings  # checked by the same checklist as every engine
    with pytest.raises(UsageError, match=r"the echo engine has no option 'greting' \(did you mean 'greeting'\?"):
        draftkit.write(EXAMPLE, engine="echo", greting="Ahoy")


@pytest.mark.parametrize("engine, options, message", [
    ("builtin", {"modle": "x"}, "the builtin engine has no option 'modle' (it takes: no options)"),
    ("builtin", {"model": "gpt-4o"}, "the builtin engine has no option 'model'"),
    ("openai", {"modle": "x", "base_url": "http://127.0.0.1:9/v1"}, "the openai engine has no option 'modle' (did you mean 'model'? it takes: model, base_url"),
    ("openai", {"concurency": 2, "base_url": "http://127.0.0.1:9/v1"}, "did you mean 'concurrency'?"),
    ("openai", {"concurrency": "many", "base_url": "http://127.0.0.1:9/v1"}, "openai engine option 'concurrency': Input should be a valid integer"),
    ("openai", {"concurrency": 0, "base_url": "http://127.0.0.1:9/v1"}, "openai engine option 'concurrency': Input should be greater than or equal to 1"),
    ("openai", {"temperature": 7, "base_url": "http://127.0.0.1:9/v1"}, "openai engine option 'temperature'"),
    ("magic", {}, "unknown engine 'magic' (choose from auto, builtin, openai)"),
])
def test_engine_options_are_typed_and_misspellings_refused(engine, options, message):
    with pytest.raises(UsageError) as caught:
        draftkit.write(EXAMPLE, engine=engine, **options)
    assert message in str(caught.value)


@pytest.mark.parametrize("args, message", [
    (["--engine", "builtin", "--model", "gpt-4o"], "the builtin engine has no option 'model'"),
    (["--engine", "builtin", "--base-url", "http://127.0.0.1:9/v1"], "the builtin engine has no option 'base_url'"),
])
def test_cli_refuses_an_option_the_engine_does_not_take(runner, args, message):
    result = runner.invoke(cli, ["write", str(EXAMPLE), *args])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_defaults_and_environment_never_trip_the_offline_engine(runner):
    result = runner.invoke(cli, ["write", str(EXAMPLE), "--engine", "builtin"], env={"DRAFTKIT_MODEL": "gpt-4o"})
    assert result.exit_code == 0, result.output


# What `draftkit write` with the offline engine never loads: the LLM client and its tokenizer;
# typeguard (inflect's import-time checker, about a second); the event loop and the process
# pools (one notes file, nothing to wait on); the JUnit writer's XML (it pulls in urllib and
# http); the template sandbox (user templates render in a worker process).
NOT_ON_START_UP = ("openai", "tiktoken", "httpx", "httpx2", "typeguard", "asyncio", "concurrent", "multiprocessing",
                   "xml", "jinja2.sandbox")


@pytest.mark.parametrize("args", [[], ["--format", "json"], ["--format", "markdown"]])
def test_builtin_start_up_never_loads_heavy_modules(args):
    import subprocess
    import sys

    code = ("import json, sys\nfrom draftkit.cli import main\n"
            f"sys.argv = ['draftkit', 'write', {str(EXAMPLE)!r}, '-o', 'out', '--force', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit as stop:\n    assert stop.code == 0, stop.code\n"
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout.splitlines()[-1])
    assert "draftkit.engines.builtin" in loaded  # the command did run
    assert [m for m in loaded if any(m == name or m.startswith(name + ".") for name in NOT_ON_START_UP)] == []


# --- endpoints (issue 8) --------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "localhost:8080/v1", "127.0.0.1:8080", "not a url", "ftp://example.com/v1", "http://", "http://exa mple.com/v1",
    "http://127.0.0.1:99999/v1", "//127.0.0.1:8080/v1",
])
def test_base_url_that_is_not_a_url_exits_2_at_once(runner, url):
    with FakeLLM() as server:
        result = runner.invoke(cli, ["write", str(EXAMPLE), "--engine", "openai", "--base-url", url])
        assert server.requests == []
    assert result.exit_code == 2, result.output
    assert f"Error: base URL {url!r} is not a URL" in result.output
    assert "e.g. http://127.0.0.1:8080/v1" in result.output and len(result.output.splitlines()) == 1


def test_base_url_from_the_environment_is_checked_too(runner):
    result = runner.invoke(cli, ["write", str(EXAMPLE)], env={"OPENAI_BASE_URL": "localhost:8080"})
    assert result.exit_code == 2 and "base URL 'localhost:8080' is not a URL (it has no http:// or https://)" in result.output


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/v1", "https://api.example.com/v1/", "http://[::1]:8080/v1",
                                 "http://localhost:11434/v1"])
def test_good_base_urls_are_accepted(url):
    options = engines.make_options("openai", {"base_url": url})
    assert options.base_url == url


def test_no_key_and_no_base_url_says_so_without_a_request(runner, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("no client may be made")

    monkeypatch.setattr("openai.AsyncOpenAI", never)
    result = runner.invoke(cli, ["write", str(EXAMPLE), "--engine", "openai"])
    assert result.exit_code == 2
    assert result.output.strip() == ("Error: OPENAI_API_KEY is not set: set it to use the OpenAI API, or pass "
                                     "--base-url (or set OPENAI_BASE_URL) for another OpenAI-compatible server")
    with pytest.raises(UsageError, match="OPENAI_API_KEY is not set"):
        draftkit.write(EXAMPLE, engine="openai")


class NoV1Server:
    """A server whose API lives under /v1: everything else is a FastAPI-style 404."""

    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = b'{"detail":"Not Found"}'
                self.send_response(404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_missing_v1_says_what_the_server_answered(runner):
    server = NoV1Server()
    try:
        result = runner.invoke(cli, ["write", str(EXAMPLE), "--engine", "openai", "--base-url", server.url])
    finally:
        server.close()
    assert result.exit_code == 3
    assert (f"{server.url}/chat/completions answered HTTP 404: 'Not Found'; check the base URL "
            "(most servers need /v1 at the end)") in result.output
    assert "model" not in result.output.split("Error:")[-1].split(";")[0]


def completion(body):
    answer = default_answer(notes_in(body), body)
    return {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": json.dumps(answer)},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}}


def test_a_retried_probe_still_steps_down_when_the_format_is_rejected():
    """The first probe meets a plain 500; its retry is told json_schema is unsupported."""
    seen = []

    def handler(request):
        body = json.loads(request.content)
        kind = (body.get("response_format") or {}).get("type")
        seen.append(kind)
        if len(seen) == 1:
            return httpx2.Response(500, json={"error": {"message": "internal error"}})
        if kind == "json_schema":
            return httpx2.Response(400, json={"error": {"message": "response_format type 'json_schema' is not supported"}})
        return httpx2.Response(200, json=completion(body))

    client = httpx2.AsyncClient(transport=httpx2.MockTransport(handler))
    drafts = draftkit.write(EXAMPLE, engine="openai", base_url="http://stand-in.test/v1", http_client=client,
                            max_retries=2, concurrency=1)
    assert drafts.errors == [] and len(drafts.drafts) == 5
    assert seen[:3] == ["json_schema", "json_schema", "json_object"]  # 500, its retry refused, the step down
    assert engine_module.REMEMBERED_MODES["http://stand-in.test/v1"] == "json_object_schema"


def test_traceback_keeps_exit_3(runner):
    with FakeLLM(models={"other-model"}) as server:
        result = runner.invoke(cli, ["--traceback", "write", str(EXAMPLE), "--engine", "openai",
                                     "--base-url", server.base_url, "--retries", "0"])
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.output and "EngineError" in result.output


# --- progress on one notes file (issue 11) --------------------------------------------------------

def test_each_finished_draft_is_reported_on_stderr(runner):
    with FakeLLM() as server:
        result = runner.invoke(cli, ["write", str(EXAMPLE), "--base-url", server.base_url])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert [line.split()[0] for line in lines] == ["[1/5]", "[2/5]", "[3/5]", "[4/5]", "[5/5]"]
    assert sorted(line.split()[1] for line in lines) == sorted(
        ["email-priya-raman", "email-marcus-lee", "email-dana-whitfield", "note-priya-raman", "call-priya-raman"])
    assert all(line.endswith(" done") for line in lines)
    assert "[1/5]" not in result.stdout


def test_a_failed_draft_is_reported_as_failed(runner):
    from fake_llm import Fault

    with FakeLLM() as server:
        server.faults.extend(Fault("500", when=lambda r: r["data"].get("draft") == "call") for _ in range(10))
        result = runner.invoke(cli, ["write", str(EXAMPLE), "--base-url", server.base_url, "--retries", "0"])
    assert result.exit_code == 3
    assert "call-priya-raman failed" in result.stderr


def test_the_offline_engine_prints_no_progress(runner):
    result = runner.invoke(cli, ["write", str(EXAMPLE)])
    assert result.exit_code == 0 and "[1/" not in result.output
