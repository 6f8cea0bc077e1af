"""The Python API: load notes, write drafts, check them (DESIGN.md §5)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from . import engines
from .checklist import Config, check_drafts, load_config
from .drafts import DraftSet, Report
from .engines import OnDraft
from .errors import EngineError
from .loading import load_drafts_file
from .notes import Notes
from .notes import load_notes as _load_notes
from .plan import make_plan, window_warnings

ENGINES = tuple(engines.names())


def load_notes(source: str | Path | dict[str, Any] | Notes) -> Notes:
    """Notes from a path or a dict; raises draftkit.NotesError."""
    return _load_notes(source)


def load_drafts(path: str | Path, *, edits: bool = False) -> DraftSet:
    """A DraftSet from a drafts.json (with edits=True, the readable files beside it win)."""
    return load_drafts_file(Path(path), apply_edits=edits).drafts


def resolve_engine(engine: str, *, base_url: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """auto → openai when a key or base URL is configured, else builtin."""
    return engines.resolve(engine, base_url=base_url, environ=environ)


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
    on_draft: OnDraft | None = None,
    **engine_options: Any,
) -> DraftSet:
    """Plan and draft every follow-up for one interview, then run the checklist on them."""
    coroutine = awrite(notes, engine, config=config, now=now, environ=environ, on_draft=on_draft, **engine_options)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:  # called from a running loop (a notebook)
        return pool.submit(asyncio.run, coroutine).result()


async def awrite(
    notes: Notes | dict[str, Any] | str | Path,
    engine: str = "auto",
    *,
    config: Config | str | Path | None = None,
    now: datetime | None = None,
    environ: Mapping[str, str] | None = None,
    on_draft: OnDraft | None = None,
    **engine_options: Any,
) -> DraftSet:
    """The async twin of write(): LLM requests run concurrently on the caller's loop."""
    notes = _load_notes(notes)
    cfg = _config(config)
    result = await compose(notes, engine, config=cfg, environ=environ, on_draft=on_draft, **engine_options)
    if not result.drafts and result.errors:
        errors = result.errors
        more = f" (and {len(errors) - 1} more failures)" if len(errors) > 1 else ""
        raise EngineError(errors[0]["message"] + more)
    if notes.assumed_local_tz:
        result.warnings.append(
            f"interview.at has no UTC offset; assumed this machine's zone ({notes.interview.at:%z})."
        )
    policy = cfg.plan_policy()
    result.warnings += window_warnings(notes, make_plan(notes, policy), now or datetime.now().astimezone(), policy)
    return result


async def compose(notes: Notes, engine: str = "auto", *, config: Config, environ: Mapping[str, str] | None = None,
                  on_draft: OnDraft | None = None, **engine_options: Any) -> DraftSet:
    """Draft and check one notes file with the engine the registry picks; failures stay in `.errors`."""
    env = os.environ if environ is None else environ
    chosen = engines.resolve(engine, base_url=engine_options.get("base_url"), environ=env)
    plan = make_plan(notes, config.plan_policy())
    composer = engines.create(chosen, engine_options, config, env)
    composed = await composer.compose(notes, plan, on_draft)
    result = DraftSet(notes=notes, engine=chosen, endpoint=composed.endpoint, model=composed.model,
                      usage=composed.usage, drafts=composed.drafts, errors=composed.errors,
                      warnings=list(composed.warnings))
    result.findings = check_drafts(notes, result.drafts, config)
    return result


def check(drafts: DraftSet | str | Path, *, config: Config | str | Path | None = None) -> Report:
    """Run the checklist on a DraftSet (or a drafts.json path)."""
    if not isinstance(drafts, DraftSet):
        drafts = load_drafts(drafts)
    return Report(findings=check_drafts(drafts.notes, drafts.drafts, _config(config)))
