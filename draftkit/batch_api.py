"""`write --batch`: the notes files a batch run has to do, through the OpenAI Batch API, into their folders."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from . import api
from .batch import Job, Work, failures, marker_for, provenance, render_keeping_good, summarise
from .checklist import Config
from .drafts import DraftSet
from .errors import DraftkitError, OutputExistsError, UsageError
from .folders import stage_and_swap


def openai_settings(options: dict[str, Any]) -> Any:
    """The openai engine's typed settings from keyword options and the environment."""
    from .engines import make_options

    return make_options("openai", options)


def through_batch_api(jobs: list[Job], todo: list[Work], root: Path, *, engine: str, config: Config,
                       now: datetime, force: bool, on_done: Callable[[Job], None] | None,
                       on_progress: Callable[..., None] | None, document: str | None, **engine_options: Any) -> None:
    """Every draft of every job to do in one Batch API run (resumed when the folder holds one)."""
    from .checklist import check_drafts
    from .engines.openai import is_local_url
    from .engines.openai_batch import BatchJob, BatchRunner
    from .plan import make_plan, window_warnings

    if engine != "openai":
        raise UsageError("--batch needs the openai engine (--engine openai, or --base-url / OPENAI_API_KEY)")
    settings = openai_settings(engine_options)
    runner = BatchRunner(settings, config, root, now=now, on_progress=on_progress)
    state = runner.load_state()
    in_state = set(state.get("jobs", [])) if state else set()
    replace = {w.folder: w.replace for w in todo}
    wanted = set(replace) | {j.folder for j in jobs if j.status == "done" and j.folder.name in in_state}
    members: list[tuple[Job, BatchJob]] = []
    for job in jobs:
        if job.folder not in wanted:
            continue
        try:
            job.notes = api.load_notes(job.path)
        except DraftkitError as exc:
            job.error, job.status = exc, "failed"
            if on_done is not None:
                on_done(job)
            continue
        members.append((job, BatchJob(job.folder.name, job.notes, job.fingerprint)))
    outcomes = runner.run([m for _, m in members], force=force) if members else {}
    policy = config.plan_policy()
    for job, member in members:
        if job.status == "done":
            continue
        outcome = outcomes[member.name]
        notes = member.notes
        drafts = DraftSet(notes=notes, engine="openai", endpoint=settings.endpoint, model=settings.model,
                          usage=outcome.usage.to_json(), drafts=outcome.drafts, errors=outcome.errors)
        drafts.findings = check_drafts(notes, drafts.drafts, config)
        if not is_local_url(settings.endpoint):
            drafts.warnings.append(f"Your notes were sent to {settings.endpoint}, which is not on this machine.")
        drafts.warnings += window_warnings(notes, make_plan(notes, policy), now, policy)
        try:
            stage_and_swap(job.folder, render_keeping_good(drafts, now), marker_for(job, drafts),
                           replace=replace.get(job.folder, False))
            job.status, job.summary, job.drafts = "written", summarise(drafts), drafts
            job.failures = failures(drafts)
            provenance(job, drafts)
            if document == "json":
                job.document = json.dumps(drafts.to_json(), ensure_ascii=False)
            elif document == "markdown":
                from .reports import markdown_plan

                job.document = markdown_plan(drafts)
        except (DraftkitError, OSError) as exc:
            job.error, job.status = OutputExistsError(f"{job.folder}: cannot write: {exc}"), "failed"
        if on_done is not None:
            on_done(job)
    runner.clear_state()


