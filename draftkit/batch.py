"""Write drafts for many notes files: one folder each, concurrently, keeping partial results."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import api
from .checklist import Config
from .drafts import DraftSet
from .errors import DraftkitError, NotesError
from .notes import Notes
from .outputs import check_writable, default_folder, render_files, write_folder

NOTES_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass
class Job:
    """One notes file: where its drafts go, and what happened."""

    path: Path
    notes: Notes | None = None
    folder: Path | None = None
    drafts: DraftSet | None = None
    error: DraftkitError | None = None


def notes_paths(items: list[Path]) -> list[Path]:
    """Files as given; folders expanded to the notes files directly inside them."""
    paths: list[Path] = []
    for item in items:
        if item.is_dir():
            paths += sorted(p for p in item.iterdir() if p.is_file() and p.suffix.lower() in NOTES_SUFFIXES)
        else:
            paths.append(item)
    if not paths:
        raise NotesError(f"no notes files ({', '.join(NOTES_SUFFIXES)}) in {', '.join(map(str, items))}")
    return paths


def plan_jobs(paths: list[Path], output: Path | None, *, reraise: bool = False) -> list[Job]:
    """Load each notes file once and fix its output folder before anything runs."""
    jobs = [Job(path) for path in paths]
    stems: dict[str, int] = {}
    for job in jobs:
        try:
            job.notes = api.load_notes(job.path)
        except DraftkitError as exc:
            if reraise:
                raise
            job.error = exc
            continue
        if len(jobs) == 1:
            job.folder = output or default_folder(job.notes)
        else:
            n = stems[job.path.stem] = stems.get(job.path.stem, 0) + 1
            job.folder = (output or Path("drafts")) / (job.path.stem if n == 1 else f"{job.path.stem}-{n}")
    return jobs


def run_jobs(
    jobs: list[Job],
    *,
    engine: str,
    config: Config,
    now: datetime,
    force: bool = False,
    reraise: bool = False,
    on_done: Callable[[Job], None] | None = None,
    workers: int = 4,
    **engine_options: Any,
) -> list[Job]:
    """Draft and write every job; a failure stays with its job and leaves nothing behind."""

    def run(job: Job) -> Job:
        if job.error is None:
            try:
                assert job.notes is not None and job.folder is not None
                check_writable(job.folder, force)
                job.drafts = api.write(job.notes, engine, config=config, now=now, **engine_options)
                write_folder(job.folder, render_files(job.drafts, now), force=force)
            except DraftkitError as exc:
                if reraise:
                    raise
                job.error = exc
        if on_done is not None:
            on_done(job)
        return job

    if len(jobs) == 1:
        return [run(jobs[0])]
    with ThreadPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        return list(pool.map(run, jobs))
