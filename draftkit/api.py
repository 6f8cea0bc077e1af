"""The Python API: load notes, write drafts, check them (DESIGN.md §5)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from .checklist import Config, check_drafts, load_config
from .drafts import DraftSet, Report
from .errors import EngineError, UsageError
from .loading import load_drafts_file
from .notes import Notes
from .notes import load_notes as _load_notes
from .plan import checked_now, make_plan, open_plan, window_warnings

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
    coroutine = awrite(notes, engine, config=config, now=now, environ=environ, **engine_options)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:  # called from a running loop (a notebook)
        return pool.submit(asyncio.run, coroutine).result()


def save(drafts: DraftSet, folder: str | Path | None = None, *, force: bool = False,
         now: datetime | None = None) -> Path:
    """Write the files `draftkit write` writes into `folder` (default drafts/<company>-<date>/).

    `now` stamps the calendar file; a folder that already holds output needs force=True.
    """
    from .outputs import default_folder, render_files, write_folder

    target = Path(folder) if folder is not None else default_folder(drafts.notes)
    write_folder(target, render_files(drafts, now or datetime.now().astimezone()), force=force)
    return target


def endpoint_settings(options: Mapping[str, Any], environ: Mapping[str, str]):
    """Settings for the openai engine from keyword options and the environment."""
    from .engines.openai import DEFAULT_MODEL, EndpointSettings

    known = {k: v for k, v in options.items() if v is not None and k in EndpointSettings.__dataclass_fields__}
    known.setdefault("model", environ.get("DRAFTKIT_MODEL") or DEFAULT_MODEL)
    known.setdefault("base_url", environ.get("OPENAI_BASE_URL") or None)
    known.setdefault("api_key", environ.get("OPENAI_API_KEY") or None)
    unknown = set(options) - set(EndpointSettings.__dataclass_fields__)
    if unknown:
        raise UsageError(f"unknown engine option(s): {', '.join(sorted(unknown))}")
    return EndpointSettings(**known)


async def awrite(
    notes: Notes | dict[str, Any] | str | Path,
    engine: str = "auto",
    *,
    config: Config | str | Path | None = None,
    now: datetime | None = None,
    environ: Mapping[str, str] | None = None,
    **engine_options: Any,
) -> DraftSet:
    """The async twin of write(): LLM requests run concurrently on the caller's loop."""
    notes = _load_notes(notes)
    cfg = _config(config)
    env = os.environ if environ is None else environ
    chosen = resolve_engine(engine, base_url=engine_options.get("base_url"), environ=env)
    policy = cfg.plan_policy()
    now = checked_now(now)
    full_plan = make_plan(notes, policy)
    plan = open_plan(notes, full_plan, now, policy)  # a closed window is not drafted (the warnings say why)
    if chosen == "openai":
        from .engines.openai import OpenAIEngine

        llm = OpenAIEngine(endpoint_settings(engine_options, env), cfg)
        drafts, errors = await llm.compose(notes, plan)
        if not drafts:
            more = f" (and {len(errors) - 1} more failures)" if len(errors) > 1 else ""
            raise EngineError(errors[0]["message"] + more)
        result = DraftSet(notes=notes, engine="openai", endpoint=llm.endpoint, model=llm.settings.model,
                          usage=llm.usage.to_json(), drafts=drafts, errors=errors)
        if not llm.is_local:
            result.warnings.append(f"Your notes were sent to {llm.endpoint}, which is not on this machine.")
    else:
        from .engines import builtin

        adjustments: list[dict[str, Any]] = []
        drafts = builtin.compose(notes, plan, cfg, adjustments=adjustments)
        result = DraftSet(notes=notes, engine="builtin", drafts=drafts, adjustments=adjustments)
    result.findings = check_drafts(notes, result.drafts, cfg)
    if notes.assumed_local_tz:
        result.warnings.append(
            f"interview.at has no UTC offset; assumed this machine's zone ({notes.interview.at:%z})."
        )
    result.warnings += window_warnings(notes, full_plan, now, policy)
    return result


def check(drafts: DraftSet | str | Path, *, config: Config | str | Path | None = None) -> Report:
    """Run the checklist on a DraftSet, a drafts.json path, or one edited .eml/.txt/.md beside one.

    Like `draftkit eval FILE`: a drafts.json whose readable files were edited since says so in
    `Report.warnings`; an edited file is checked on its own, with the notes beside it.
    """
    if not isinstance(drafts, DraftSet):
        loaded = load_drafts_file(Path(drafts))
        findings = check_drafts(loaded.drafts.notes, loaded.drafts.drafts, _config(config))
        return Report(findings=loaded.keep(findings), warnings=loaded.notes)
    return Report(findings=check_drafts(drafts.notes, drafts.drafts, _config(config)))
