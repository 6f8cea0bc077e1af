"""Where the openai engine sends requests: its typed options and the base URL check."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from ..errors import UsageError
from . import EngineOptions

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"


class OpenAIOptions(EngineOptions):
    """Where and how to ask; the API key is used for requests only, never stored or logged."""

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = Field(default=None, repr=False)
    timeout: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=3, ge=0)
    concurrency: int = Field(default=4, ge=1)
    max_repairs: int = Field(default=2, ge=0)
    temperature: float = Field(default=0.4, ge=0, le=2)
    max_tokens: int = Field(default=900, ge=1)
    context_window: int | None = Field(default=None, ge=256)
    cache: bool = True
    cache_dir: Path | None = None
    templates: Path | None = None
    http_client: Any = None

    @classmethod
    def from_environ(cls, given: dict[str, Any], environ: Mapping[str, str]) -> OpenAIOptions:
        values = dict(given)
        values.setdefault("model", environ.get("DRAFTKIT_MODEL") or DEFAULT_MODEL)
        values.setdefault("base_url", environ.get("OPENAI_BASE_URL") or None)
        values.setdefault("api_key", environ.get("OPENAI_API_KEY") or None)
        return cls.model_validate(values)

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return check_base_url(value) if value is not None else None

    @property
    def endpoint(self) -> str:
        return (self.base_url or DEFAULT_BASE_URL).rstrip("/")


EndpointSettings = OpenAIOptions  # the name older code and scripts use


def is_local_url(url: str) -> bool:
    """Whether a base URL is this machine (loopback), so notes do not leave it."""
    return bool(re.match(r"https?://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(/|$)", url))


def check_base_url(value: str) -> str:
    """A base URL must be http(s)://host[:port][/path]; anything else is refused before any request."""
    from urllib.parse import urlsplit

    example = "e.g. http://127.0.0.1:8080/v1 or https://api.openai.com/v1"
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value.strip()):
        hint = " (it has no http:// or https://)" if parts is not None and parts.scheme not in ("http", "https") else ""
        raise UsageError(f"base URL {value[:100]!r} is not a URL{hint}: write the scheme, host and path, {example}")
    return value.strip()
