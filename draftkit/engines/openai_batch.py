"""The openai engine through the OpenAI Batch API: one JSONL upload for every draft of every notes file.

Prompts, answer parsing and the checklist re-ask are the openai engine's own (an OpenAIEngine
whose `_ask` returns the batch's answer instead of calling the API). Drafts that need a repair
go into a follow-up batch (at most `max_repairs` rounds). Every upload and batch id is saved in
`OUTPUT/.draftkit-batch.json` before the next step, so a killed run run again resumes polling
the same batch: nothing is uploaded, created or paid for twice. Earlier rounds are replayed from
their output files (downloads cost nothing), so the state file holds ids, never notes.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..checklist import Config
from ..checklist.context import NotesContext
from ..drafts import Draft, assign_ids
from ..errors import EngineError, UsageError
from ..notes import Notes
from ..plan import Touchpoint, make_plan, open_plan
from ..prompting import build_messages
from .openai import Answer, NeedsRepair, OpenAIEngine, Usage
from .schemas import OUTPUTS

STATE_FILE = ".draftkit-batch.json"
TERMINAL = ("completed", "failed", "expired", "cancelled")
ENDPOINT = "/v1/chat/completions"
MODE = "json_schema"
# Progress: (batch status, requests finished, requests failed, requests in the batch, round).
OnProgress = Callable[[str, int, int, int, int], None]


def poll_seconds(environ: Mapping[str, str] | None = None) -> float:
    """Seconds between status checks ($DRAFTKIT_BATCH_POLL_SECONDS, default 10)."""
    raw = (os.environ if environ is None else environ).get("DRAFTKIT_BATCH_POLL_SECONDS", "10")
    try:
        return min(max(float(raw), 0.01), 600.0)
    except ValueError:
        return 10.0


@dataclass
class BatchJob:
    """One notes file in the batch: its folder name, notes and what decides its drafts."""

    name: str
    notes: Notes
    fingerprint: str


@dataclass
class Slot:
    """One draft through the rounds."""

    job: str
    draft_id: str
    touch: Touchpoint
    messages: list[dict[str, str]]
    ctx: NotesContext
    draft: Draft | None = None
    error: str | None = None

    @property
    def custom_id(self) -> str:
        return f"{self.job}/{self.draft_id}"


@dataclass
class Outcome:
    """What the batch produced for one notes file."""

    drafts: list[Draft] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)


class _Replay(OpenAIEngine):
    """The openai engine answering from batch output: `_attempt` parses, checks and appends a re-ask."""

    answers: dict[int, Answer]

    async def _ask(self, messages, kind):  # noqa: ANN001 - same signature as the engine's
        return self.answers.pop(id(messages)), MODE


class BatchRunner:
    """Runs every draft of several notes files through the Batch API, resumably."""

    def __init__(self, settings: Any, config: Config, root: Path, *, now: datetime | None = None,
                 on_progress: OnProgress | None = None, poll: float | None = None):
        self.settings = settings
        self.now = now  # a touchpoint whose window closed by then is not asked for
        self.config = config
        self.root = root
        self.state_path = root / STATE_FILE
        self.on_progress = on_progress
        self.poll = poll_seconds() if poll is None else poll
        self.engine = _Replay(settings, config)
        self.engine.answers = {}
        self._client = None
        self.api_requests = 0

    # --- state ------------------------------------------------------------------------------

    def load_state(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and isinstance(data.get("rounds"), list) else None

    def save_state(self, state: dict[str, Any]) -> None:
        tmp = self.state_path.with_name(f"{STATE_FILE}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
        os.replace(tmp, self.state_path)

    def clear_state(self) -> None:
        self.state_path.unlink(missing_ok=True)

    @staticmethod
    def key(jobs: list[BatchJob]) -> str:
        blob = json.dumps(sorted((j.name, j.fingerprint) for j in jobs))
        return hashlib.sha256(blob.encode()).hexdigest()

    # --- the client -------------------------------------------------------------------------

    def client(self):
        if self._client is None:
            from openai import OpenAI  # heavy: only when the Batch API is used

            from .openai import PLACEHOLDER_KEY

            s = self.settings
            self._client = OpenAI(api_key=s.api_key or PLACEHOLDER_KEY, base_url=s.endpoint, timeout=s.timeout,
                                  max_retries=s.max_retries)
        return self._client

    def _call(self, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        import openai

        self.api_requests += 1
        try:
            return fn(*args, **kwargs)
        except openai.AuthenticationError:
            raise EngineError(f"{self.settings.endpoint} refused the API key (HTTP 401); check OPENAI_API_KEY") from None
        except openai.APIStatusError as exc:
            raise EngineError(f"{self.settings.endpoint}: {what} failed (HTTP {exc.status_code}): "
                              f"{str(exc.message)[:200]}; run the same command again to resume") from None
        except openai.APIConnectionError:
            raise EngineError(f"cannot reach {self.settings.endpoint} ({what}); run the same command again to "
                              "resume the same batch") from None

    # --- requests ---------------------------------------------------------------------------

    def slots(self, jobs: list[BatchJob]) -> list[Slot]:
        out = []
        policy = self.config.plan_policy()
        for job in jobs:
            plan = make_plan(job.notes, policy)
            if self.now is not None:
                plan = open_plan(job.notes, plan, self.now, policy)
            ids = [d.id for d in assign_ids([Draft(kind=t.kind, to=t.to.name, body="") for t in plan])]
            ctx = NotesContext(job.notes)
            for touch, draft_id in zip(plan, ids, strict=True):
                messages = build_messages(job.notes, touch, self.config, self.settings.templates)
                out.append(Slot(job.name, draft_id, touch, messages, ctx))
        return out

    def body(self, slot: Slot) -> dict[str, Any]:
        s = self.settings
        return {"model": s.model, "messages": slot.messages, "temperature": s.temperature,
                "max_tokens": s.max_tokens, "response_format": self.engine._response_format(slot.touch.kind, MODE)}

    def jsonl(self, pending: list[Slot]) -> bytes:
        lines = [json.dumps({"custom_id": s.custom_id, "method": "POST", "url": ENDPOINT, "body": self.body(s)},
                            ensure_ascii=False) for s in pending]
        return ("\n".join(lines) + "\n").encode("utf-8")

    # --- one round --------------------------------------------------------------------------

    def submit(self, state: dict[str, Any], index: int, pending: list[Slot]) -> str:
        """The batch id for round `index`: found in the state, found on the server, or created now."""
        rounds = state["rounds"]
        if index == len(rounds):
            rounds.append({"token": uuid.uuid4().hex, "requests": len(pending)})
            self.save_state(state)  # before the upload: a rerun finds the upload by its name
        record = rounds[index]
        client = self.client()
        filename = f"draftkit-{record['token']}.jsonl"
        if not record.get("input_file_id"):
            found = self._call("listing files", client.files.list, purpose="batch")
            record["input_file_id"] = next((f.id for f in found if f.filename == filename), None) or self._call(
                "uploading the requests", client.files.create, file=(filename, self.jsonl(pending), "application/jsonl"),
                purpose="batch").id
            self.save_state(state)
        if not record.get("batch_id"):
            found = self._call("listing batches", client.batches.list)
            existing = next((b for b in found if b.input_file_id == record["input_file_id"]), None)
            record["batch_id"] = (existing or self._call(
                "creating the batch", client.batches.create, input_file_id=record["input_file_id"], endpoint=ENDPOINT,
                completion_window="24h", metadata={"draftkit": record["token"]})).id
            self.save_state(state)
        return record["batch_id"]

    def wait(self, batch_id: str, index: int) -> Any:
        client = self.client()
        while True:
            batch = self._call("checking the batch", client.batches.retrieve, batch_id)
            counts = batch.request_counts
            if self.on_progress is not None:
                self.on_progress(batch.status, counts.completed if counts else 0, counts.failed if counts else 0,
                                 counts.total if counts else 0, index + 1)
            if batch.status in TERMINAL:
                return batch
            time.sleep(self.poll)

    def results(self, batch: Any) -> dict[str, Answer | str]:
        """custom_id → the answer, or why there is none (output order is not input order)."""
        client = self.client()
        found: dict[str, Answer | str] = {}
        for file_id in (batch.output_file_id, batch.error_file_id):
            if not file_id:
                continue
            text = self._call("downloading results", client.files.content, file_id).text
            for line in text.splitlines():
                if line.strip():
                    custom_id, result = _parse_line(line)
                    if custom_id is not None:
                        found[custom_id] = result
        return found

    def missing(self, batch: Any) -> str:
        status = batch.status
        if status == "expired":
            return "the batch expired before this draft was written"
        if status == "cancelled":
            return "the batch was cancelled before this draft was written"
        if status == "failed":
            reasons = "; ".join(e.message or e.code or "" for e in (batch.errors.data or [])) if batch.errors else ""
            return f"the batch failed{': ' + reasons if reasons else ''}"
        return "the batch output has no answer for this draft"

    # --- all rounds -------------------------------------------------------------------------

    def run(self, jobs: list[BatchJob], *, force: bool = False) -> dict[str, Outcome]:
        """Every draft of every job, through at most 1 + max_repairs batches; per job what came of it."""
        key = self.key(jobs)
        state = self.load_state()
        if state is not None and state.get("key") != key:
            if not force:
                ids = ", ".join(r.get("batch_id") or "(not created)" for r in state["rounds"])
                raise UsageError(f"{self.root}: holds a Batch API run for other notes or settings ({ids}); run "
                                 "that command again to finish it, or pass --force to start over")
            state = None
        state = state or {"key": key, "jobs": sorted(j.name for j in jobs), "rounds": []}
        slots = self.slots(jobs)
        outcomes = {job.name: Outcome() for job in jobs}
        pending = slots
        fields = {kind: list(model.model_fields) for kind, model in OUTPUTS.items()}
        tries = 1 + self.settings.max_repairs
        for index in range(tries):
            if not pending:
                break
            batch = self.wait(self.submit(state, index, pending), index)
            found = self.results(batch)
            retry: list[Slot] = []
            for slot in pending:
                result = found.get(slot.custom_id, self.missing(batch))
                outcome = outcomes[slot.job]
                outcome.usage.requests += 1
                if isinstance(result, str):
                    slot.error = f"{slot.draft_id}: {result}; run the same command again to retry it"
                    continue
                outcome.usage.add(getattr(result, "usage", None))
                self.engine.answers[id(slot.messages)] = result
                try:
                    slot.draft = asyncio.run(self.engine._attempt(slot.messages, slot.ctx, slot.touch,
                                                                  slot.draft_id, fields[slot.touch.kind]))
                except NeedsRepair as exc:
                    if index + 1 < tries:
                        retry.append(slot)
                    elif exc.draft is not None:
                        slot.draft = exc.draft  # still breaks rules after the re-asks: reported, not hidden
                    else:
                        slot.error = f"{slot.draft_id}: no usable draft after {tries} tries: {exc}"
            pending = retry
        for slot in slots:
            outcome = outcomes[slot.job]
            if slot.draft is not None:
                outcome.drafts.append(slot.draft)
            else:
                outcome.errors.append({"draft": slot.draft_id, "kind": slot.touch.kind, "to": slot.touch.to.name,
                                       "message": slot.error or f"{slot.draft_id}: no answer"})
        return outcomes


def _parse_line(line: str) -> tuple[str | None, Answer | str]:
    """One line of an output or error file."""
    try:
        data = json.loads(line)
        custom_id = data.get("custom_id")
    except (ValueError, AttributeError):
        return None, "unreadable line"
    error = data.get("error")
    response = data.get("response") or {}
    body = response.get("body") or {}
    if error or response.get("status_code") != 200:
        detail = error or body.get("error") or {}
        message = detail.get("message") if isinstance(detail, dict) else str(detail)
        code = (detail.get("code") if isinstance(detail, dict) else None) or response.get("status_code") or "error"
        return custom_id, f"the batch request failed ({code}): {str(message or '')[:200]}"
    try:
        choice = body["choices"][0]
        message = choice.get("message") or {}
        answer = Answer(message.get("content"), choice.get("finish_reason"), message.get("refusal"))
    except (KeyError, IndexError, TypeError, AttributeError):
        return custom_id, "the batch answer had no choices"
    answer.usage = body.get("usage")  # type: ignore[attr-defined]
    return custom_id, answer
