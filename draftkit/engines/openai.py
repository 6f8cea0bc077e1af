"""The LLM engine: any OpenAI-compatible endpoint, structured output, a repair loop, a cache."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from ..cache import ResponseCache, request_key
from ..checklist import Config, text_findings
from ..checklist.context import NotesContext
from ..checklist.plan_rules import copies
from ..drafts import Draft, assign_ids
from ..errors import EngineError, UsageError
from ..notes import Notes
from ..plan import Touchpoint
from ..prompting import build_messages, repair_message
from ..templating import TEMPLATE_VERSION
from ..tokens import context_window, count_messages
from . import Composed, OnDraft
from .endpoint import (
    DEFAULT_BASE_URL,
    DEFAULT_MODEL,
    EndpointSettings,
    OpenAIOptions,
    check_base_url,
    is_local_url,
)
from .parsing import InvalidAnswer, parse_answer
from .schemas import OUTPUTS, strict_schema

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_MODEL", "EndpointSettings", "OpenAIEngine", "OpenAIOptions", "Usage",
           "check_base_url", "is_local_url"]
PLACEHOLDER_KEY = "draftkit-no-key"
MODES = ("json_schema", "json_object_schema", "json_object", "text")
# Per base URL, for the rest of the run (the process): the best response format not yet
# rejected, and the formats seen to work.
REMEMBERED_MODES: dict[str, str] = {}
CONFIRMED_MODES: set[tuple[str, str]] = set()
FORMAT_REJECTED = re.compile(r"response_format|json_schema|json_object|schema", re.IGNORECASE)
CONTEXT_EXCEEDED = re.compile(r"context|too long|maximum.*tokens|n_ctx|exceeds", re.IGNORECASE)


@dataclass
class Usage:
    """What the run cost: tokens from the API's usage, requests made, answers from the cache."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0
    cached: int = 0
    repairs: int = 0  # re-asks: answers sent back with what was wrong, and panel copies rewritten

    def add(self, usage: dict[str, Any] | None) -> None:
        if usage:
            self.prompt_tokens += int(usage.get("prompt_tokens") or 0)
            self.completion_tokens += int(usage.get("completion_tokens") or 0)

    def to_json(self) -> dict[str, int]:
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                "total_tokens": self.prompt_tokens + self.completion_tokens,
                "requests": self.requests, "cached": self.cached, "repairs": self.repairs}


class NeedsRepair(Exception):
    """The answer broke rules or could not be parsed: re-ask with what was wrong."""

    def __init__(self, reason: str, draft: Draft | None = None):
        super().__init__(reason)
        self.draft = draft


class ModeRejected(Exception):
    """The server refused this response_format: step down to the next mode."""


@dataclass
class Answer:
    content: str | None
    finish_reason: str | None = None
    refusal: str | None = None


class OpenAIEngine:
    """Drafts every touchpoint of a plan concurrently through the `openai` client."""

    name = "openai"
    Options = OpenAIOptions

    def __init__(self, settings: OpenAIOptions, config: Config | None = None):
        if settings.base_url is None and not settings.api_key:
            raise UsageError("OPENAI_API_KEY is not set: set it to use the OpenAI API, or pass --base-url "
                             "(or set OPENAI_BASE_URL) for another OpenAI-compatible server")
        self.settings = settings
        self.config = config or Config.default()
        self.usage = Usage()
        self.cache = ResponseCache(settings.cache_dir) if settings.cache else None
        self._client = None
        self._semaphore: asyncio.Semaphore | None = None

    @property
    def endpoint(self) -> str:
        return self.settings.endpoint

    @property
    def is_local(self) -> bool:
        return is_local_url(self.endpoint)

    def _client_for_loop(self):
        if self._client is None:
            from openai import AsyncOpenAI  # heavy: imported only when an LLM is used

            s = self.settings
            self._client = AsyncOpenAI(
                api_key=s.api_key or PLACEHOLDER_KEY, base_url=s.endpoint, timeout=s.timeout,
                max_retries=s.max_retries, http_client=s.http_client,
            )
        return self._client

    # --- one request --------------------------------------------------------------------------

    def _response_format(self, kind: str, mode: str) -> dict[str, Any] | None:
        if mode == "json_schema":
            return {"type": "json_schema",
                    "json_schema": {"name": f"{kind}_draft", "strict": True, "schema": strict_schema(kind)}}
        if mode == "json_object_schema":
            return {"type": "json_object", "schema": strict_schema(kind)}  # llama.cpp's form
        if mode == "json_object":
            return {"type": "json_object"}
        return None

    async def _request(self, messages: list[dict[str, str]], kind: str, mode: str) -> Answer:
        s = self.settings
        params: dict[str, Any] = {"model": s.model, "messages": messages, "temperature": s.temperature,
                                  "max_tokens": s.max_tokens}
        response_format = self._response_format(kind, mode)
        if response_format is not None:
            params["response_format"] = response_format
        key = None
        if self.cache is not None:
            key = request_key({"endpoint": s.endpoint, "params": params, "templates": TEMPLATE_VERSION})
            hit = self.cache.get(key)
            if hit is not None:
                self.usage.cached += 1
                return Answer(hit.get("content"), hit.get("finish_reason"), hit.get("refusal"))
        answer = await self._send(params, mode)
        if key is not None and answer.content and answer.finish_reason != "length":
            self.cache.put(key, {"content": answer.content, "finish_reason": answer.finish_reason,
                                 "model": s.model, "endpoint": s.endpoint})
        return answer

    async def _send(self, params: dict[str, Any], mode: str) -> Answer:
        import openai

        assert self._semaphore is not None
        client = self._client_for_loop()
        async with self._semaphore:
            known = REMEMBERED_MODES.get(self.endpoint)
            if known is not None and MODES.index(known) > MODES.index(mode):
                raise ModeRejected(f"{mode} was rejected while this request waited")
            probing = "response_format" in params and (self.endpoint, mode) not in CONFIRMED_MODES
            try:
                try:
                    # An unconfirmed response format is probed without retries: some servers
                    # (llama-cpp-python) reject it with a 500 the SDK would otherwise retry.
                    self.usage.requests += 1
                    response = await (client.with_options(max_retries=0) if probing else client).chat.completions.create(**params)
                except openai.APIError as exc:
                    self._step_down_if_rejected(params, mode, exc)
                    if not (probing and _retryable(exc)):
                        raise
                    self.usage.requests += 1  # not a format problem: now with the SDK's own retries
                    try:
                        response = await client.chat.completions.create(**params)
                    except openai.APIError as again:  # the retried probe may be the one told "no"
                        self._step_down_if_rejected(params, mode, again)
                        raise
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                text = _message(exc)
                if CONTEXT_EXCEEDED.search(text):
                    raise EngineError(f"{self.endpoint}: the prompt does not fit the model's context ({text})") from None
                raise EngineError(f"{self.endpoint} rejected the request (HTTP {exc.status_code}): {text}") from None
            except openai.AuthenticationError:
                raise EngineError(f"{self.endpoint} refused the API key (HTTP 401); check OPENAI_API_KEY") from None
            except openai.PermissionDeniedError:
                raise EngineError(f"{self.endpoint} denied access (HTTP 403); check the key's permissions") from None
            except openai.NotFoundError as exc:
                raise EngineError(_not_found(self.endpoint, params["model"], exc)) from None
            except openai.RateLimitError:
                raise EngineError(f"{self.endpoint} is still rate-limiting after {self.settings.max_retries} "
                                  "retries; wait and run again, or lower --concurrency") from None
            except openai.APITimeoutError:
                raise EngineError(f"{self.endpoint} did not answer within {self.settings.timeout:g} s "
                                  f"({self.settings.max_retries} retries); raise --timeout or check the server") from None
            except openai.APIConnectionError:
                raise EngineError(f"cannot reach {self.endpoint}; is the server running and the URL right?") from None
            except openai.InternalServerError as exc:
                raise EngineError(f"{self.endpoint} failed with HTTP {exc.status_code} after "
                                  f"{self.settings.max_retries} retries: {_message(exc)}") from None
            except (openai.APIResponseValidationError, ValueError) as exc:
                raise NeedsRepair(f"the server's response was not valid JSON ({type(exc).__name__})") from None
        if not getattr(response, "choices", None):
            raise NeedsRepair("the server's response had no choices")
        choice = response.choices[0]
        self.usage.add(response.usage.model_dump() if getattr(response, "usage", None) else None)
        message = choice.message
        return Answer(message.content, choice.finish_reason, getattr(message, "refusal", None))

    def _step_down_if_rejected(self, params: dict[str, Any], mode: str, exc: Exception) -> None:
        """Raise ModeRejected when the server refused this response_format."""
        import openai

        if "response_format" in params and isinstance(exc, openai.APIStatusError) and \
                exc.status_code in (400, 422, 500) and FORMAT_REJECTED.search(_message(exc)):
            _reject(self.endpoint, mode)
            raise ModeRejected(_message(exc)) from None

    async def _ask(self, messages: list[dict[str, str]], kind: str) -> tuple[Answer, str]:
        """Ask in the best response format this endpoint accepts, stepping down once rejected."""
        start = MODES.index(REMEMBERED_MODES.get(self.endpoint, MODES[0]))
        for mode in MODES[start:]:
            try:
                answer = await self._request(messages, kind, mode)
            except ModeRejected:
                continue
            REMEMBERED_MODES.setdefault(self.endpoint, mode)
            CONFIRMED_MODES.add((self.endpoint, mode))
            return answer, mode
        raise EngineError(f"{self.endpoint} rejected every response format")  # pragma: no cover

    # --- one draft, with repair ---------------------------------------------------------------

    def _check(self, ctx: NotesContext, draft: Draft) -> list[str]:
        return [f"{f.rule}: {f.message}" + (f' (in the {f.field}: "{f.text}")' if f.text else "")
                for f in text_findings(ctx, draft, self.config) if f.severity == "error"]

    async def _draft(self, notes: Notes, ctx: NotesContext, touch: Touchpoint, draft_id: str,
                     avoid: Draft | None = None) -> Draft:
        messages = build_messages(notes, touch, self.config, self.settings.templates)
        if avoid is not None:
            messages.append({"role": "user", "content": (
                f"Another {avoid.kind} in this plan, to {avoid.to}, reads:\n\n{avoid.body}\n\n"
                "Yours must not read like a copy of it: use your own sentences and this person's topics.")})
        limit = context_window(self.settings.model, self.settings.context_window)
        needed = count_messages(messages, self.settings.model) + self.settings.max_tokens
        if needed > limit:
            raise EngineError(
                f"{draft_id}: the prompt needs about {needed} tokens with the answer, but "
                f"{self.settings.model} takes {limit}; shorten the notes (topics, extra) or pass --context-window"
            )
        fields = list(OUTPUTS[touch.kind].model_fields)
        retrying = AsyncRetrying(stop=stop_after_attempt(1 + self.settings.max_repairs),
                                 retry=retry_if_exception_type(NeedsRepair), reraise=True)
        try:
            async for attempt in retrying:
                if attempt.retry_state.attempt_number > 1:
                    self.usage.repairs += 1
                with attempt:
                    return await self._attempt(messages, ctx, touch, draft_id, fields)
        except NeedsRepair as exc:
            if exc.draft is not None:
                return exc.draft  # still breaks rules after the re-asks: reported, not hidden
            raise EngineError(f"{draft_id}: no usable draft after {1 + self.settings.max_repairs} tries: {exc}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(self, messages, ctx, touch, draft_id, fields) -> Draft:
        answer, mode = await self._ask(messages, touch.kind)
        invalid = None
        if answer.refusal:
            invalid = f"the model refused: {answer.refusal}"
        elif answer.finish_reason == "length":
            invalid = "the answer was cut off (finish_reason: length); write it shorter"
        parsed = None
        if invalid is None:
            try:
                parsed = parse_answer(touch.kind, answer.content, allow_plain=mode == "text")
            except InvalidAnswer as exc:
                invalid = str(exc)
        if parsed is None:
            messages += ([{"role": "assistant", "content": answer.content}] if answer.content else []) + [
                repair_message([], invalid, fields, self.settings.templates)]
            raise NeedsRepair(invalid or "unusable answer")
        draft = Draft(id=draft_id, kind=touch.kind, to=touch.to.name, due=touch.due, **parsed.model_dump())
        problems = self._check(ctx, draft)
        if problems:
            messages += [{"role": "assistant", "content": answer.content or ""},
                         repair_message(problems, None, fields, self.settings.templates)]
            raise NeedsRepair("; ".join(problems), draft)
        return draft

    # --- a whole plan -------------------------------------------------------------------------

    async def compose(self, notes: Notes, plan: list[Touchpoint], on_draft: OnDraft | None = None) -> Composed:
        """Every touchpoint at once (bounded); drafts that succeeded, and the failures."""
        drafts, errors = await self.compose_drafts(notes, plan, on_draft)
        warnings = [] if self.is_local else [
            f"Your notes were sent to {self.endpoint}, which is not on this machine."]
        return Composed(drafts=drafts, errors=errors, endpoint=self.endpoint, model=self.settings.model,
                        usage=self.usage.to_json(), warnings=warnings)

    async def _tracked(self, notes, ctx, touch, draft_id, on_draft: OnDraft | None, tally: list[int]) -> Draft:
        failure = None
        try:
            return await self._draft(notes, ctx, touch, draft_id)
        except EngineError as exc:
            failure = self._scrub(str(exc))
            raise
        finally:
            tally[0] += 1
            if on_draft is not None:
                on_draft(draft_id, failure, tally[0], tally[1])

    async def compose_drafts(self, notes: Notes, plan: list[Touchpoint], on_draft: OnDraft | None = None
                             ) -> tuple[list[Draft], list[dict[str, str]]]:
        """The drafts that succeeded, and the failures (`on_draft` hears of each as it finishes)."""
        ids = [d.id for d in assign_ids([Draft(kind=t.kind, to=t.to.name, body="") for t in plan])]
        self._semaphore = asyncio.Semaphore(max(1, self.settings.concurrency))
        ctx = NotesContext(notes)
        tally = [0, len(plan)]
        try:
            results = await asyncio.gather(
                *(self._tracked(notes, ctx, touch, draft_id, on_draft, tally) for touch, draft_id in zip(plan, ids, strict=True)),
                return_exceptions=True,
            )
            drafts, errors = self._collect(plan, ids, results)
            for _ in range(self.settings.max_repairs):
                if not await self._rewrite_copies(notes, ctx, plan, drafts):
                    break
        finally:
            if self._client is not None:
                await self._client.close()
                self._client = None
        return drafts, errors

    def _collect(self, plan, ids, results) -> tuple[list[Draft], list[dict[str, str]]]:
        drafts, errors = [], []
        for touch, draft_id, result in zip(plan, ids, results, strict=True):
            if isinstance(result, EngineError):
                errors.append({"draft": draft_id, "kind": touch.kind, "to": touch.to.name,
                               "message": self._scrub(str(result))})
            elif isinstance(result, BaseException):
                raise result
            else:
                drafts.append(result)
        return drafts, errors

    async def _rewrite_copies(self, notes: Notes, ctx: NotesContext, plan: list[Touchpoint],
                              drafts: list[Draft]) -> bool:
        """Re-ask for each draft that reads like a copy of another; True if any was re-asked."""
        found = copies(ctx, drafts, self.config.param("duplicate-drafts", "similarity"))
        if not found:
            return False
        position = {d.id: i for i, d in enumerate(drafts)}

        async def redo(draft: Draft, original: Draft) -> Draft | None:
            self.usage.repairs += 1
            touch = next(t for t in plan if t.kind == draft.kind and t.to.name == draft.to)
            try:
                return await self._draft(notes, ctx, touch, draft.id, avoid=original)
            except EngineError:
                return None  # keep the first version; the finding stays in the report

        for fresh in await asyncio.gather(*(redo(later, earlier) for later, earlier, _ in found)):
            if fresh is not None:
                drafts[position[fresh.id]] = fresh
        return True

    def _scrub(self, text: str) -> str:
        key = self.settings.api_key
        return text.replace(key, "***") if key else text


def _reject(endpoint: str, mode: str) -> None:
    """Never ask this endpoint for `mode` (or a better one) again in this run."""
    floor = MODES[min(MODES.index(mode) + 1, len(MODES) - 1)]
    known = REMEMBERED_MODES.get(endpoint, MODES[0])
    REMEMBERED_MODES[endpoint] = max(floor, known, key=MODES.index)


def _retryable(exc: Exception) -> bool:
    """What the SDK would have retried (rate limits, server errors, timeouts, lost connections)."""
    import openai

    if isinstance(exc, openai.APIConnectionError):
        return True
    return isinstance(exc, openai.APIStatusError) and (exc.status_code in (408, 409, 429) or exc.status_code >= 500)


def _message(exc: Exception) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and (inner.get("message") or inner.get("detail")):
            return str(inner.get("message") or inner.get("detail"))[:300]
        if isinstance(inner, str):
            return inner[:300]
    return str(getattr(exc, "message", exc))[:300]


def _not_found(endpoint: str, model: str, exc: Exception) -> str:
    """A 404 says what the server answered: an unknown model, or a URL without its /v1."""
    answer = _message(exc).replace("\n", " ")[:160]
    if "model" in answer.lower():
        return (f"model {model!r} was not found at {endpoint} (the server answered HTTP 404: {answer!r}); "
                "check --model or DRAFTKIT_MODEL")
    text = f"{endpoint}/chat/completions answered HTTP 404: {answer!r}"
    hint = " (most servers need /v1 at the end)" if not endpoint.rstrip("/").endswith("/v1") else ""
    return f"{text}; check the base URL{hint}"
