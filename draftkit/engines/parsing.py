"""Turn a model's answer into a draft model: JSON when it sent JSON, plain text when it did not."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from .schemas import OUTPUTS


class InvalidAnswer(ValueError):
    """The answer cannot become a draft; the message says why, for the re-ask."""


def _json_object(text: str) -> dict[str, Any] | None:
    fenced = re.search(r"```(?:json)?\s*(\{.*?\})\s*```", text, re.DOTALL)
    candidates = [fenced.group(1)] if fenced else []
    start, end = text.find("{"), text.rfind("}")
    if start != -1 and end > start:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _from_plain_text(kind: str, text: str) -> dict[str, Any]:
    text = text.strip()
    if kind == "email":
        match = re.match(r"(?is)\s*subject:\s*(.+?)\n+(.*)", text)
        if not match:
            raise InvalidAnswer("no JSON object and no 'Subject:' line")
        return {"subject": match.group(1).strip(), "body": match.group(2).strip()}
    if kind == "call":
        parts = re.split(r"(?im)^\s*(?:#+\s*)?voicemail\s*:?\s*$|^\s*voicemail:\s*", text, maxsplit=1)
        if len(parts) != 2:
            raise InvalidAnswer("no JSON object and no 'Voicemail:' section")
        return {"body": parts[0].strip(), "voicemail": parts[1].strip()}
    return {"body": text}


def parse_answer(kind: str, content: str | None, *, allow_plain: bool = False) -> Any:
    """Validate an answer against the kind's model; raises InvalidAnswer with the reason."""
    if not content or not content.strip():
        raise InvalidAnswer("the answer was empty")
    data = _json_object(content)
    if data is None:
        if not allow_plain:
            raise InvalidAnswer("the answer was not a JSON object")
        data = _from_plain_text(kind, content)
    try:
        return OUTPUTS[kind].model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'answer'}: {e['msg']}" for e in exc.errors())
        raise InvalidAnswer(problems) from None
