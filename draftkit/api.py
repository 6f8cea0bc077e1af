"""The Python API: load notes, write drafts, check them (DESIGN.md §5)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from .checklist import Config, check_drafts, load_config
from .drafts import DraftSet, Report
from .errors import UsageError
from .loading import load_drafts_file
from .notes import Notes
from .notes import load_notes as _load_notes
from .plan import make_plan, window_warnings

ENGINES = ("auto", "builtin", "openai")


def load_notes(source: str | Path | dict[str, Any] | Notes) -> Notes:
    """Notes from a path or a dict; raises draftkit.NotesError."""
    return _load_notes(source)


def load_drafts(path: str | Path, *, edits: bool = False) -> DraftSet:
    """A DraftSet from a drafts.json (with edits=True, the readable files beside it win)."""
    return load_drafts_file(Path(path), apply_edits=edits).drafts


def resolve_engine(engine: str, *, base_url: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """auto → openai when a key or base URL is configured, else builtin."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    env = os.environ if environ is None else environ
    if engine == "auto":
        configured = base_url or env.get("OPENAI_API_KEY") or env.get("OPENAI_BASE_URL")
        return "openai" if configured else "builtin"
    return engine


def _config(config: Config | str | Path | None) -> Config:
    if isinstance(config, Config):
        return config
    return load_config(config) if config is not None else Config.default()


def write(
    notes: Notes | dict[str, Any] | str | Path,
    engine: str = "auto",
    *,
    config: Config | str | Path | None = None,
    now: datetime | None = None,
    environ: Mapping[str, str] | None = None,
    **engine_options: Any,
) -> DraftSet:
    """Plan and draft every follow-up for one interview, then run the checklist on them."""
    notes = _load_notes(notes)
    cfg = _config(config)
    chosen = resolve_engine(engine, base_url=engine_options.get("base_url"), environ=environ)
    policy = cfg.plan_policy()
    plan = make_plan(notes, policy)
    warnings = []
    if chosen == "openai":
        if engine == "openai":
            raise UsageError(
                "the openai engine is not available in this version yet; use --engine builtin"
            )
        warnings.append("An LLM endpoint is configured, but the openai engine is not available "
                        "in this version yet; the builtin composer wrote these drafts.")
        chosen = "builtin"
    from .engines import builtin

    drafts = builtin.compose(notes, plan, cfg)
    result = DraftSet(notes=notes, engine=chosen, drafts=drafts, warnings=warnings)
    result.findings = check_drafts(notes, drafts, cfg)
    if notes.assumed_local_tz:
        result.warnings.append(
            f"interview.at has no UTC offset; assumed this machine's zone ({notes.interview.at:%z})."
        )
    result.warnings += window_warnings(notes, plan, now or datetime.now().astimezone(), policy)
    return result


async def awrite(notes: Notes | dict[str, Any] | str | Path, engine: str = "auto", **kwargs: Any) -> DraftSet:
    """The async twin of write()."""
    return await asyncio.to_thread(write, notes, engine, **kwargs)


def check(drafts: DraftSet | str | Path, *, config: Config | str | Path | None = None) -> Report:
    """Run the checklist on a DraftSet (or a drafts.json path)."""
    if not isinstance(drafts, DraftSet):
        drafts = load_drafts(drafts)
    return Report(findings=check_drafts(drafts.notes, drafts.drafts, _config(config)))
