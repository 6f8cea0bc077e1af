"""An OpenAI-compatible chat server on 127.0.0.1 for tests and benchmarks, with fault injection.

It writes plausible, checklist-clean drafts from the notes in the prompt, and can be told to
answer 429 (with Retry-After), 500, slowly, with malformed JSON, with a refusal, cut off
(finish_reason "length"), to reject `json_schema` or any `response_format`, to demand a key, or
to know only some models. It records every request and the peak number in flight.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Fault:
    """One injected misbehaviour, for the next request that matches `when` (default: any)."""

    kind: str  # "429", "500", "slow", "badjson", "refuse", "length", "disconnect"
    seconds: float = 0.0
    retry_after: str | None = "0"
    when: Callable[[dict[str, Any]], bool] | None = None


def notes_in(request: dict[str, Any]) -> dict[str, Any]:
    """The JSON notes block of the first user message."""
    for message in request.get("messages", []):
        if message.get("role") == "user":
            match = re.search(r"```json\s*(\{.*?\})\s*```", message.get("content", ""), re.DOTALL)
            if match:
                return json.loads(match.group(1))
    return {}


def panel_position(request: dict[str, Any], data: dict[str, Any]) -> int:
    """Where the recipient stands among the panel named in the prompt (varies the wording)."""
    text = request.get("messages", [{}, {}])[1].get("content", "")
    match = re.search(r"do not copy their wording: (.+?)\.\n", text)
    others = json.loads(f"[{match.group(1)}]") if match else []  # the prompt quotes names as JSON strings
    names = sorted([data.get("recipient", {}).get("name", "")] + others)
    return names.index(data.get("recipient", {}).get("name", ""))


def default_answer(data: dict[str, Any], request: dict[str, Any]) -> dict[str, str]:
    """good_answer, worded by panel position, and differently again when asked not to copy."""
    shift = sum("read like a copy" in (m.get("content") or "") for m in request.get("messages", []))
    return good_answer(data, shift + panel_position(request, data))


def good_answer(data: dict[str, Any], shift: int = 0) -> dict[str, str]:
    """A short, personal, checklist-clean draft built from the notes (`shift` varies the wording)."""
    kind = data.get("draft", "email")
    person = data.get("recipient", {})
    candidate = data.get("candidate", {})
    name = person.get("name", "there")
    first = name.split()[0]
    formal = data.get("culture") == "formal"
    greeting = f"Dear {person.get('salutation') or name}" if formal else f"Hi {first}"
    topics = person.get("topics") or ["the work ahead"]
    role, company = data.get("role", "the"), data.get("company", "the company")
    me = candidate.get("name", "Alex")
    v = shift % 3
    opener = ["Thank you for meeting with me", "I really appreciated the time you gave me",
              "Thank you for the thoughtful conversation"][v]
    middle = [f"Our conversation about {topics[0]} stayed with me",
              f"I keep thinking about what you said on {topics[0]}",
              f"Digging into {topics[0]} with you was the best part of my day"][v]
    close = ["I am very interested in the role and would be glad to send anything else that would help.",
             "The role is a great fit for me, and I am happy to share more if useful.",
             "I would love to join the team; please tell me if anything else would help."][v]
    if kind == "email":
        body = (f"{greeting},\n\n{opener} about the {role} role at {company}. {middle}.\n\n{close}"
                f"\n\nBest regards,\n{me}")
        return {"subject": f"Thank you - {role} interview", "body": body}
    if kind == "note":
        return {"body": f"{greeting},\n\nThank you for our conversation at {company} about {topics[0]}.\n\nWith thanks,\n{me.split()[0]}"}
    phone = candidate.get("phone")
    voicemail = f"{greeting}, this is {me} about the {role} role. I remain very interested."
    if phone:
        voicemail += f" You can reach me at {phone}."
    return {"body": (f"{greeting}, this is {me}. I interviewed for the {role} role and I am calling to ask "
                     "about the status of my application. Is there anything else I can provide?\n\n"
                     "If yes: thank them and note any next step."),
            "voicemail": voicemail + " Thank you."}


def as_text(kind: str, answer: dict[str, str]) -> str:
    """The same answer the way a model without JSON mode might write it."""
    if kind == "email":
        return f"Subject: {answer['subject']}\n\n{answer['body']}"
    if kind == "call":
        return f"{answer['body']}\n\nVoicemail:\n{answer['voicemail']}"
    return answer["body"]


@dataclass
class FakeLLM:
    """Start with `with FakeLLM() as llm:`; point the client at `llm.base_url`."""

    latency: float = 0.0
    reject_json_schema: bool = False
    reject_response_format: bool = False
    require_key: str | None = None
    models: set[str] | None = None
    responder: Callable[[dict[str, Any], dict[str, Any]], dict[str, str]] | None = None
    faults: deque = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    in_flight: int = 0
    peak_in_flight: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> FakeLLM:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_fault(self, request: dict[str, Any]) -> Fault | None:
        with self._lock:
            for fault in list(self.faults):
                if fault.when is None or fault.when(request):
                    self.faults.remove(fault)
                    return fault
        return None

    def _handler(self):
        llm = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def _send(self, status: int, payload: Any, extra: dict[str, str] | None = None) -> None:
                body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)
                with llm._lock:
                    llm.statuses.append(status)

            def do_GET(self) -> None:
                self._send(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in (llm.models or {"fake"})]})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                with llm._lock:
                    llm.requests.append(request)
                    llm.headers.append({k.lower(): v for k, v in self.headers.items()})
                    llm.in_flight += 1
                    llm.peak_in_flight = max(llm.peak_in_flight, llm.in_flight)
                try:
                    self._answer(request)
                finally:
                    with llm._lock:
                        llm.in_flight -= 1

            def _answer(self, request: dict[str, Any]) -> None:
                if llm.require_key and self.headers.get("Authorization") != f"Bearer {llm.require_key}":
                    return self._send(401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}})
                if llm.models is not None and request.get("model") not in llm.models:
                    return self._send(404, {"error": {"message": f"The model `{request.get('model')}` does not exist", "code": "model_not_found"}})
                response_format = request.get("response_format")
                if response_format and (llm.reject_response_format or
                                        (llm.reject_json_schema and response_format.get("type") == "json_schema")):
                    return self._send(400, {"error": {"message": f"response_format type {response_format.get('type')!r} is not supported", "type": "invalid_request_error"}})
                data = notes_in(request)
                fault = llm._next_fault({"request": request, "data": data})
                if llm.latency:
                    time.sleep(llm.latency)
                if fault is not None:
                    if fault.kind == "429":
                        return self._send(429, {"error": {"message": "Rate limit reached", "type": "rate_limit"}},
                                          {"Retry-After": fault.retry_after} if fault.retry_after else None)
                    if fault.kind == "500":
                        return self._send(500, {"error": {"message": "internal error"}})
                    if fault.kind == "slow":
                        time.sleep(fault.seconds)
                    if fault.kind == "badjson":
                        return self._send(200, b'{"id": "x", "choices": [ {"message": ')
                answer = (llm.responder or default_answer)(data, request)
                kind = data.get("draft", "email")
                content = json.dumps(answer) if response_format else as_text(kind, answer)
                message: dict[str, Any] = {"role": "assistant", "content": content}
                finish = "stop"
                if fault is not None and fault.kind == "refuse":
                    message = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
                if fault is not None and fault.kind == "length":
                    message["content"], finish = content[: len(content) // 2], "length"
                prompt_tokens = sum(len(m.get("content") or "") // 4 for m in request.get("messages", []))
                self._send(200, {
                    "id": f"chatcmpl-{len(llm.requests)}", "object": "chat.completion", "created": int(time.time()),
                    "model": request.get("model", "fake"),
                    "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                    "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(content or "") // 4,
                              "total_tokens": prompt_tokens + len(content or "") // 4},
                })

        return Handler


# --- flawed drafts (evals tests): a server whose drafts got worse ---------------------------------

FLAWS = {
    "pushy": "Please let me know ASAP.",
    "asks-salary": "Could you tell me the salary range for this role?",
    "asks-feedback": "Could you share any feedback on my interview?",
}


def flawed_answer(data: dict[str, Any], request: dict[str, Any], flaws: tuple[str, ...] = ("pushy", "asks-salary")) -> dict[str, str]:
    """default_answer with classic mistakes added to every body (each a known checklist rule)."""
    answer = dict(default_answer(data, request))
    extra = " ".join(FLAWS[f] for f in flaws)
    body = answer["body"]
    cut = body.rfind("\n\n")  # before the sign-off, so the draft still reads like a letter
    answer["body"] = f"{body[:cut]}\n\n{extra}{body[cut:]}" if cut > 0 else f"{body} {extra}"
    return answer


def flawed_for(*flaws: str) -> Callable[[dict[str, Any], dict[str, Any]], dict[str, str]]:
    """A responder adding just these flaws (names from FLAWS)."""
    return lambda data, request: flawed_answer(data, request, flaws)


def models_in(requests: list[dict[str, Any]]) -> dict[str, int]:
    """How many chat requests named each model."""
    counts: dict[str, int] = {}
    for request in requests:
        counts[request.get("model", "")] = counts.get(request.get("model", ""), 0) + 1
    return counts
