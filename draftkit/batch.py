"""Write drafts for many notes files: one folder each, resumable, keeping partial results.

Folder names are fixed before anything runs (collision-free, and stable across runs: a folder
whose marker names this notes file keeps it). A folder that already holds the finished drafts of
the same notes with the same settings is not redone, so a killed run run again resumes. The
offline engine runs in a process pool (it is CPU-bound); the LLM engine in threads.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, api
from .checklist import Config
from .drafts import DraftSet
from .errors import DraftkitError, ExitCode, NotesError, OutputExistsError
from .fields import CONTROL_RE
from .folders import (
    FolderLock,
    check_writable,
    clean_stale,
    edited_message,
    inspect,
    read_marker,
    resolve_output,
    stage_and_swap,
    write_folder,
)
from .outputs import default_folder, render_files

if TYPE_CHECKING:
    from concurrent.futures import Executor

NOTES_SUFFIXES = (".json", ".yaml", ".yml")
SETTINGS_THAT_SHAPE_DRAFTS = ("model", "base_url", "templates", "max_tokens", "temperature")


@dataclass
class Job:
    """One notes file: where its drafts go, and what happened."""

    path: Path
    notes: Any = None
    folder: Path | None = None
    drafts: DraftSet | None = None
    error: DraftkitError | None = None
    fingerprint: str = ""
    status: str = "pending"  # written | done (finished by an earlier run) | failed
    summary: dict[str, int] = field(default_factory=dict)
    document: str | None = None  # what --format json/markdown prints for it
    failures: list[str] = field(default_factory=list)  # drafts that could not be drafted, and why
    engine_line: str = ""  # which engine and endpoint wrote them
    warnings: list[str] = field(default_factory=list)


def notes_paths(items: list[Path]) -> list[Path]:
    """Files as given; folders expanded to the notes files directly inside them (not hidden ones)."""
    paths: list[Path] = []
    for item in items:
        if item.is_dir():
            paths += sorted(p for p in item.iterdir()
                            if p.is_file() and p.suffix.lower() in NOTES_SUFFIXES and not p.name.startswith("."))
        else:
            paths.append(item)
    if not paths:
        raise NotesError(f"no notes files ({', '.join(NOTES_SUFFIXES)}) in {', '.join(map(str, items))}")
    return paths


def fingerprint(path: Path, engine: str, config: Config, options: dict[str, Any]) -> str:
    """What decides a notes file's drafts: its bytes, the engine and its settings, the config."""
    digest = hashlib.sha256()
    try:
        digest.update(path.read_bytes())
    except OSError:
        digest.update(b"\0unreadable")
    shaping = {k: str(options.get(k)) for k in SETTINGS_THAT_SHAPE_DRAFTS if options.get(k) is not None}
    digest.update(json.dumps([engine, shaping, repr(config), __version__], sort_keys=True).encode())
    return digest.hexdigest()


MAX_FOLDER_BYTES = 120  # with "-NN" and a staging suffix, well under a file system's 255


def folder_stem(path: Path) -> str:
    """A readable folder name from a notes file's name: no line breaks or control characters, no
    leading dot, not blank, short enough to be created with room for a suffix."""
    stem = CONTROL_RE.sub("-", path.stem).strip().lstrip(".").strip()
    raw = stem.encode("utf-8")
    if len(raw) > MAX_FOLDER_BYTES:
        stem = raw[:MAX_FOLDER_BYTES].decode("utf-8", "ignore").rstrip(" .-")
    return stem or "notes"


def folder_names(paths: list[Path], root: Path) -> list[str]:
    """One folder name per notes file, none shared (case-insensitively), none taken by another file.

    A folder whose marker says it holds this notes file's drafts keeps its name, so a run with
    more files added never moves the drafts already written.
    """
    present = sorted(os.listdir(root)) if root.is_dir() else []
    owner: dict[str, str] = {}
    for entry in present:
        marker = read_marker(root / entry) if (root / entry).is_dir() else None
        if marker and marker.get("source"):
            owner.setdefault(marker["source"], entry)
    taken = {e.casefold() for e in present}
    names: list[str | None] = [None] * len(paths)
    sources = [str(p.resolve()) for p in paths]
    for i, source in enumerate(sources):
        if source in owner:
            names[i] = owner.pop(source)
    for i, path in enumerate(paths):
        if names[i] is None:
            stem = folder_stem(path)
            name, n = stem, 1
            while name.casefold() in taken:
                n += 1
                name = f"{stem}-{n}"
            names[i] = name
        taken.add(names[i].casefold())
    return [n for n in names if n is not None]


def failures(drafts: DraftSet) -> list[str]:
    return [str(e.get("message", "")) if str(e.get("message", "")).startswith(str(e.get("draft")))
            else f"{e.get('draft')}: {e.get('message')}" for e in drafts.errors]


def provenance(job: Job, drafts: DraftSet) -> None:
    """Which engine wrote the drafts and where, and what the run has to say about them."""
    from .reports import engine_line

    job.engine_line, job.warnings = engine_line(drafts), list(drafts.warnings)


def summarise(drafts: DraftSet) -> dict[str, int]:
    errors = sum(f.severity == "error" for f in drafts.findings)
    return {"drafts": len(drafts.drafts), "errors": errors, "warnings": len(drafts.findings) - errors,
            "failed_drafts": len(drafts.errors), "tokens": int((drafts.usage or {}).get("total_tokens", 0))}


def render_keeping_good(drafts: DraftSet, now: datetime) -> dict[str, bytes]:
    """Every output file; a draft that cannot be written is moved to the errors, not fatal to the rest."""
    try:
        return render_files(drafts, now)
    except (ValueError, TypeError, UnicodeError) as first:
        bad = []
        for draft in drafts.drafts:
            try:
                render_files(drafts.model_copy(update={"drafts": [draft]}), now)
            except (ValueError, TypeError, UnicodeError) as exc:
                bad.append((draft, exc))
        if not bad:
            raise first
        for draft, exc in bad:
            drafts.drafts.remove(draft)
            drafts.findings = [f for f in drafts.findings if f.draft != draft.id]
            drafts.errors.append({"draft": draft.id, "kind": draft.kind, "to": draft.to,
                                  "message": f"could not be written: {exc}"})
        return render_files(drafts, now)


def marker_for(job: Job, drafts: DraftSet) -> dict[str, Any]:
    return {"version": __version__, "source": str(job.path.resolve()), "fingerprint": job.fingerprint,
            "complete": not drafts.errors, "summary": summarise(drafts)}


# --- one notes file ---------------------------------------------------------------------------


@dataclass
class Work:
    """What a worker needs for one notes file (picklable)."""

    path: Path
    folder: Path
    fingerprint: str
    engine: str
    config: Config
    now: datetime
    options: dict[str, Any]
    document: str | None = None
    replace: bool = False  # the folder existed when the run was planned (and may be replaced)


@functools.cache
def _tls_context() -> Any:
    """One TLS context for every client of the run: building one costs about 0.1 s."""
    import ssl

    return ssl.create_default_context()


def _options_for(work: Work) -> dict[str, Any]:
    if work.engine != "openai" or work.options.get("http_client") is not None:
        return work.options
    from openai import DefaultAsyncHttpxClient

    return {**work.options, "http_client": DefaultAsyncHttpxClient(verify=_tls_context())}


def draft_one(work: Work) -> Job:
    """Load, draft, render and write one notes file into its (already checked) folder."""
    job = Job(work.path, folder=work.folder, fingerprint=work.fingerprint)
    try:
        job.notes = api.load_notes(work.path)
        drafts = api.write(job.notes, work.engine, config=work.config, now=work.now, **_options_for(work))
        files = render_keeping_good(drafts, work.now)
        stage_and_swap(work.folder, files, marker_for(job, drafts), replace=work.replace)
    except DraftkitError as exc:
        job.error, job.status = exc, "failed"
        return job
    except OSError as exc:
        job.error, job.status = OutputExistsError(f"{work.folder}: cannot write: {exc.strerror}"), "failed"
        return job
    job.status, job.summary, job.failures = "written", summarise(drafts), failures(drafts)
    provenance(job, drafts)
    job.notes = None  # the parent needs the figures, not the notes (less to send back from a worker)
    if work.document == "json":
        job.document = json.dumps(drafts.to_json(), ensure_ascii=False)
    elif work.document == "markdown":
        from .reports import markdown_plan

        job.document = markdown_plan(drafts)
    return job


def _worker_dies_with_parent() -> None:
    """A killed run must not leave workers writing behind the next run's back (Linux)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


# --- many notes files -------------------------------------------------------------------------


def run_batch(
    paths: list[Path],
    root: Path,
    *,
    engine: str,
    config: Config,
    now: datetime,
    force: bool = False,
    document: str | None = None,
    on_done: Callable[[Job], None] | None = None,
    workers: int | None = None,
    batch_api: bool = False,
    on_progress: Callable[..., None] | None = None,
    **engine_options: Any,
) -> list[Job]:
    """Draft every notes file into ROOT/<name>/; failures stay with their job, finished ones are kept."""
    engine = api.resolve_engine(engine, base_url=engine_options.get("base_url"))
    root = resolve_output(root)
    with FolderLock(root):
        root.mkdir(exist_ok=True)
        clean_stale(root)
        jobs, todo = [], []
        for path, name in zip(paths, folder_names(paths, root), strict=True):
            job = Job(path, folder=root / name, fingerprint=fingerprint(path, engine, config, engine_options))
            jobs.append(job)
            if not path.is_file():
                job.error, job.status = NotesError(f"{path}: no such file"), "failed"
            elif _finished(job, force):
                job.status = "done"
                if document:
                    job.document = _document_from_disk(job, document)
            elif job.error is None:
                todo.append(Work(path, job.folder, job.fingerprint, engine, config, now, engine_options, document,
                                 replace=job.folder.exists()))
        for job in jobs:
            if job.status != "pending" and on_done is not None:
                on_done(job)
        by_path = {job.folder: job for job in jobs}
        if batch_api:
            from .batch_api import through_batch_api

            through_batch_api(jobs, todo, root, engine=engine, config=config, now=now, force=force,
                               on_done=on_done, on_progress=on_progress, document=document, **engine_options)
            return jobs
        if engine != "builtin" and todo:  # --concurrency bounds requests in flight across all files
            lanes = min(int(engine_options.get("concurrency") or 4), len(todo))
            per_file = max(1, int(engine_options.get("concurrency") or 4) // lanes)
            workers = workers or lanes
            for work in todo:
                work.options = {**work.options, "concurrency": per_file}
        from concurrent.futures import as_completed  # a batch only: one file never loads the pools

        with _pool(engine, len(todo), workers) as pool:
            for future in as_completed([pool.submit(draft_one, w) for w in todo]):
                done = future.result()
                by_path[done.folder].__dict__.update(done.__dict__)
                if on_done is not None:
                    on_done(by_path[done.folder])
    return jobs


def _finished(job: Job, force: bool) -> bool:
    """Whether an earlier run already wrote this job; raises nothing: a refusal becomes its error."""
    assert job.folder is not None
    state = inspect(job.folder)
    if not state.exists or state.empty:
        return False
    if not state.ours:
        job.error = OutputExistsError(f"{job.folder}: holds files draftkit did not write; it never replaces those")
        job.status = "failed"
        return False
    marker = state.marker or {}
    same = marker.get("fingerprint") == job.fingerprint
    if same and marker.get("complete") and not force:
        job.summary = dict(marker.get("summary") or {})
        return True
    foreign, edited = state.foreign(), state.edited(job.folder)
    if foreign:
        job.error = OutputExistsError(f"{job.folder}: holds {foreign[0]}, which draftkit did not write; "
                                      "move it out of the folder or choose another -o")
    elif edited:
        job.error = OutputExistsError(edited_message(job.folder, edited))
    elif not force and not same:
        job.error = OutputExistsError(f"{job.folder}: already holds output from other notes or settings; "
                                      "pass --force to replace it")
    if job.error is not None:
        job.status = "failed"
    return False


def _document_from_disk(job: Job, document: str) -> str | None:
    assert job.folder is not None
    try:
        data = json.loads((job.folder / "drafts.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if document == "json":
        return json.dumps(data, ensure_ascii=False)
    from .loading import parse_drafts
    from .reports import markdown_plan

    return markdown_plan(parse_drafts(data, str(job.folder / "drafts.json")))


def _pool(engine: str, count: int, workers: int | None) -> Executor:
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if engine == "builtin" and count >= 8 and cpus > 1:
        return ProcessPoolExecutor(max_workers=workers or cpus, initializer=_worker_dies_with_parent)
    return ThreadPoolExecutor(max_workers=max(1, min(workers or 4, count or 1)))  # LLM requests wait on the network


def exit_status(jobs: list[Job]) -> ExitCode:
    """0 when any notes file was drafted (failures are listed); else the worst failure's status."""
    if any(job.status in ("written", "done") and not job.summary.get("failed_drafts") for job in jobs):
        return ExitCode.OK
    codes = [job.error.exit_code for job in jobs if job.error is not None]
    if any(job.summary.get("failed_drafts") for job in jobs):
        codes.append(ExitCode.ENDPOINT)
    return max(codes, default=ExitCode.OK)


def _naming(job: Job) -> str:
    text = str(job.error)
    return text if text.startswith(str(job.path)) else f"{job.path}: {text}"


def closing_table(jobs: list[Job], root: Path) -> str:
    """The totals of a batch: files, drafts, findings, tokens, failures."""
    written = sum(j.status == "written" for j in jobs)
    done = sum(j.status == "done" for j in jobs)
    failed = [j for j in jobs if j.status == "failed"]
    partial = [j for j in jobs if j.summary.get("failed_drafts")]
    total = {k: sum(j.summary.get(k, 0) for j in jobs) for k in ("drafts", "errors", "warnings", "failed_drafts", "tokens")}
    rows = [
        ("Files", f"{len(jobs)} ({written} written, {done} already written, {len(failed)} failed)"),
        ("Drafts", f"{total['drafts']}" + (f" ({total['failed_drafts']} could not be drafted)" if total["failed_drafts"] else "")),
        ("Findings", f"{total['errors']} errors, {total['warnings']} warnings"),
        ("Tokens", f"{total['tokens']}"),
        ("Failures", f"{len(failed) + len(partial)}"),
    ]
    lines = [f"Wrote {root}/"] + [f"  {label:<9} {value}" for label, value in rows]
    lines += [f"  {line}" for line in dict.fromkeys(j.engine_line for j in jobs if j.engine_line)]
    said = list(dict.fromkeys(f"{w}" if "were sent to" in w else f"{j.path}: {w}" for j in jobs for w in j.warnings))
    lines += [f"  Note: {w}" for w in said[:10]]
    if len(said) > 10:
        lines.append(f"  Note: ... and {len(said) - 10} more notes like these")
    lines += [f"  failed: {_naming(j)}" for j in failed]
    for j in partial:
        lines.append(f"  incomplete: {j.path}: {j.summary['failed_drafts']} drafts failed (listed in "
                     f"{j.folder}/drafts.json); run again to retry them")
        lines += [f"    {failure}" for failure in j.failures]
    return "\n".join(lines) + "\n"


# --- one notes file on its own (no batch root) ------------------------------------------------


def plan_jobs(paths: list[Path], output: Path | None, *, reraise: bool = False) -> list[Job]:
    """Load each notes file and fix its output folder (one file: OUTPUT or drafts/<company>-<date>/)."""
    jobs = [Job(path) for path in paths]
    for job in jobs:
        try:
            job.notes = api.load_notes(job.path)
        except DraftkitError as exc:
            if reraise:
                raise
            job.error, job.status = exc, "failed"
            continue
        job.folder = output or default_folder(job.notes)
    return jobs


def run_jobs(jobs: list[Job], *, engine: str, config: Config, now: datetime, force: bool = False,
             reraise: bool = False, **engine_options: Any) -> list[Job]:
    """Draft and write each job in turn; a failure stays with its job and leaves nothing behind."""
    for job in jobs:
        if job.error is None:
            try:
                assert job.notes is not None and job.folder is not None
                check_writable(job.folder, force)
                chosen = api.resolve_engine(engine, base_url=engine_options.get("base_url"))
                job.fingerprint = fingerprint(job.path, chosen, config, engine_options)
                job.drafts = api.write(job.notes, engine, config=config, now=now, **engine_options)
                files = render_keeping_good(job.drafts, now)
                write_folder(job.folder, files, force=force, marker=marker_for(job, job.drafts))
                job.status, job.summary = "written", summarise(job.drafts)
            except DraftkitError as exc:
                if reraise:
                    raise
                job.error, job.status = exc, "failed"
    return jobs
