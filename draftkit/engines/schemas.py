"""The contract with the LLM: one pydantic model per draft kind, sent as a strict JSON schema."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EmailOut(_Out):
    subject: str = Field(min_length=1, description="the email's subject line")
    body: str = Field(min_length=1, description="greeting, message, sign-off and signature")


class NoteOut(_Out):
    body: str = Field(min_length=1, description="the text of the handwritten note")


class CallOut(_Out):
    body: str = Field(min_length=1, description="the call script with short stage directions")
    voicemail: str = Field(min_length=1, description="the message to leave if nobody answers")


OUTPUTS: dict[str, type[_Out]] = {"email": EmailOut, "note": NoteOut, "call": CallOut}


def strict_schema(kind: str) -> dict[str, Any]:
    """The JSON schema in the strict form OpenAI's structured outputs require."""
    schema = OUTPUTS[kind].model_json_schema()
    schema["additionalProperties"] = False
    schema["required"] = list(schema["properties"])
    for prop in schema["properties"].values():
        prop.pop("minLength", None)
        prop.pop("title", None)
    schema.pop("title", None)
    return schema
