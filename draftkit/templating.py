"""Jinja2 environments: the packaged templates, and user templates in the sandbox."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

TEMPLATE_VERSION = "1"


def prompt_root() -> Traversable:
    """The prompts folder: inside the installed wheel, or beside the package in a checkout."""
    packaged = resources.files("draftkit") / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "prompts"


def _load_packaged(name: str) -> tuple[str, str, Callable[[], bool]] | None:
    node = prompt_root()
    for part in name.split("/"):
        node = node / part
    if not node.is_file():
        return None
    return node.read_text(encoding="utf-8"), f"prompts/{name}", lambda: True


def para(text: str) -> str:
    """Collapse a block into one paragraph: template lines are for authors, not readers."""
    return " ".join(text.split())


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["para"] = para
    return env


def _options() -> dict:
    return {
        "undefined": jinja2.StrictUndefined,
        "autoescape": False,
        "keep_trailing_newline": False,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }


@cache
def packaged_env() -> jinja2.Environment:
    """Our own templates; notes only ever arrive as variables, never as template code."""
    return _configure(jinja2.Environment(loader=jinja2.FunctionLoader(_load_packaged), **_options()))


def user_env(folder: str | Path) -> jinja2.Environment:
    """User templates from `folder`, falling back to ours, rendered in the sandbox."""
    loader = jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(str(folder)), jinja2.FunctionLoader(_load_packaged)]
    )
    return _configure(SandboxedEnvironment(loader=loader, **_options()))


def render(name: str, env: jinja2.Environment | None = None, **context: object) -> str:
    """Render a template by name with StrictUndefined; tidy blank-line runs."""
    text = (env or packaged_env()).get_template(name).render(**context)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)
