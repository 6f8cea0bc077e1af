"""The Python API: load notes, write drafts, check them."""

from __future__ import annotations

import os
from collections.abc import Coroutine, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from . import engines
from .checklist import Config, check_drafts, load_config
from .drafts import DraftSet, Report
from .engines import OnDraft
from .errors import EngineError, UsageError
from .notes import Notes
from .notes import load_notes as _load_notes
from .plan import checked_now, make_plan, open_plan, window_warnings

ENGINES = tuple(engines.names())


def load_notes(source: str | Path | dict[str, Any] | Notes) -> Notes:
    """Notes from a path or a dict; raises draftkit.NotesError."""
    return _load_notes(source)


def load_drafts(path: str | Path, *, edits: bool = False) -> DraftSet:
    """A DraftSet from a drafts.json (with edits=True, the readable files beside it win)."""
    from .loading import load_drafts_file

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
    if _offline(engine, engine_options.get("base_url"), environ):
        return _finish(coroutine)  # it never waits on anything: no event loop (nor asyncio) needed
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:  # called from a running loop (a notebook)
        return pool.submit(asyncio.run, coroutine).result()


def _offline(engine: str, base_url: str | None, environ: Mapping[str, str] | None) -> bool:
    try:
        return engines.resolve(engine, base_url=base_url, environ=os.environ if environ is None else environ) == "builtin"
    except UsageError:
        return False  # awrite says so, after the notes (as it always has)


def _finish(coroutine: Coroutine[Any, Any, DraftSet]) -> DraftSet:
    """Run a coroutine that never suspends (the offline engine's) to its end, without a loop."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError("the offline engine waited on an event loop; run it with awrite() instead")


def save(drafts: DraftSet, folder: str | Path | None = None, *, force: bool = False,
         now: datetime | None = None) -> Path:
    """Write the files `draftkit write` writes into `folder` (default drafts/<company>-<date>/).

    `now` stamps the calendar file; a folder that already holds output needs force=True.
    """
    from .outputs import default_folder, render_files, write_folder

    target = Path(folder) if folder is not None else default_folder(drafts.notes)
    write_folder(target, render_files(drafts, now or datetime.now().astimezone()), force=force)
    return target


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
    now = checked_now(now)
    result = await compose(notes, engine, config=cfg, now=now, environ=environ, on_draft=on_draft, **engine_options)
    if not result.drafts and result.errors:
        errors = result.errors
        more = f" (and {len(errors) - 1} more failures)" if len(errors) > 1 else ""
        raise EngineError(errors[0]["message"] + more)
    if notes.assumed_local_tz:
        result.warnings.append(
            f"interview.at has no UTC offset; assumed this machine's zone ({notes.interview.at:%z})."
        )
    return result


async def compose(notes: Notes, engine: str = "auto", *, config: Config, now: datetime | None = None,
                  environ: Mapping[str, str] | None = None, on_draft: OnDraft | None = None,
                  **engine_options: Any) -> DraftSet:
    """Draft and check one notes file with the engine the registry picks; failures stay in `.errors`.

    With `now`, a touchpoint whose window has closed by then is not drafted and the warnings say
    what to do instead (`write`); without it, the whole plan is (`evals`: the same drafts whenever
    it runs).
    """
    env = os.environ if environ is None else environ
    chosen = engines.resolve(engine, base_url=engine_options.get("base_url"), environ=env)
    policy = config.plan_policy()
    full_plan = make_plan(notes, policy)
    plan = full_plan if now is None else open_plan(notes, full_plan, now, policy)
    composer = engines.create(chosen, engine_options, config, env)
    composed = await composer.compose(notes, plan, on_draft)
    result = DraftSet(notes=notes, engine=chosen, endpoint=composed.endpoint, model=composed.model,
                      usage=composed.usage, drafts=composed.drafts, errors=composed.errors,
                      warnings=list(composed.warnings), adjustments=list(composed.adjustments))
    result.findings = check_drafts(notes, result.drafts, config)
    if now is not None:
        result.warnings += window_warnings(notes, full_plan, now, policy)
    return result


def check(drafts: DraftSet | str | Path, *, config: Config | str | Path | None = None, workers: int = 1) -> Report:
    """Run the checklist on a DraftSet, a drafts.json path, or one edited .eml/.txt/.md beside one.

    Like `draftkit eval FILE`: a drafts.json whose readable files were edited since says so in
    `Report.warnings`; an edited file is checked on its own, with the notes beside it. `workers` > 1
    checks a big file's drafts in that many processes (`eval` uses every core).
    """
    if not isinstance(drafts, DraftSet):
        from .loading import load_drafts_file

        loaded = load_drafts_file(Path(drafts))
        findings = check_drafts(loaded.drafts.notes, loaded.drafts.drafts, _config(config), workers=workers)
        return Report(findings=loaded.keep(findings), warnings=loaded.notes)
    return Report(findings=check_drafts(drafts.notes, drafts.drafts, _config(config), workers=workers))
