"""Draft every notes file of a suite with every variant, check every draft, keep everything."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import api, engines
from ..checklist import Config
from ..drafts import Draft, DraftSet, assign_ids
from ..errors import DraftkitError, NotesError, UsageError
from ..notes import Notes
from ..plan import make_plan
from ..textutil import slugify

NOTES_SUFFIXES = (".json", ".yaml", ".yml")
RULE_DATA = Path(__file__).resolve().parent.parent / "checklist" / "data"


@dataclass(frozen=True)
class Variant:
    """One column of the table: an engine with its options (model, templates…)."""

    name: str
    engine: str
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class DraftResult:
    """One draft of one notes file, as one variant wrote it in one sample."""

    variant: str
    notes: str
    sample: int
    draft: str
    kind: str
    to: str
    passed: bool
    findings: list[dict[str, Any]] = field(default_factory=list)
    failed: str | None = None  # the draft could not be written at all
    seconds: float = 0.0


@dataclass
class FileRun:
    """One notes file drafted once by one variant."""

    variant: str
    notes: str
    sample: int
    results: list[DraftResult]
    plan_findings: list[dict[str, Any]]
    usage: dict[str, int]
    folder: Path | None = None


@dataclass
class Summary:
    """One variant's totals."""

    drafts: int = 0
    passed: int = 0
    failed: int = 0
    repairs: int = 0
    tokens: int = 0
    requests: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
    latency_p50: float = 0.0
    latency_p95: float = 0.0
    samples: int = 1
    sample_pass_rates: list[float] = field(default_factory=list)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.drafts if self.drafts else 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["pass_rate"] = round(self.pass_rate, 4)
        rates = self.sample_pass_rates
        data["spread"] = {"min": min(rates, default=0.0), "max": max(rates, default=0.0),
                          "stdev": round(statistics.pstdev(rates), 4) if rates else 0.0}
        return data


@dataclass
class SuiteRun:
    """Everything one `draftkit evals run` produced."""

    suite: Path
    fingerprint: dict[str, Any]
    variants: list[Variant]
    files: list[FileRun]
    repeat: int
    run_dir: Path | None = None

    @property
    def results(self) -> list[DraftResult]:
        return [r for f in self.files for r in f.results]

    def summary(self) -> dict[str, Summary]:
        return {v.name: summarise([f for f in self.files if f.variant == v.name], self.repeat)
                for v in self.variants}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summarise(files: list[FileRun], repeat: int) -> Summary:
    """Totals over one variant's files."""
    out = Summary(samples=repeat)
    rules: Counter[str] = Counter()
    seconds: list[float] = []
    per_sample: dict[int, list[bool]] = {}
    for run in files:
        out.repairs += run.usage.get("repairs", 0)
        out.tokens += run.usage.get("total_tokens", 0)
        out.requests += run.usage.get("requests", 0)
        rules.update(f["rule"] for f in run.plan_findings)
        for result in run.results:
            out.drafts += 1
            out.passed += result.passed
            out.failed += result.failed is not None
            rules.update(f["rule"] for f in result.findings)
            per_sample.setdefault(run.sample, []).append(result.passed)
            if result.failed is None:
                seconds.append(result.seconds)
    out.by_rule = dict(sorted(rules.items()))
    out.latency_p50 = round(percentile(seconds, 50), 3)
    out.latency_p95 = round(percentile(seconds, 95), 3)
    out.sample_pass_rates = [round(sum(p) / len(p), 4) for _, p in sorted(per_sample.items()) if p]
    return out


# --- the suite and its fingerprint ----------------------------------------------------------------

def default_suite() -> Path:
    """`evals/suite/` here if it exists, else the suite shipped with draftkit."""
    here = Path("evals/suite")
    if here.is_dir():
        return here
    packaged = Path(__file__).resolve().parent / "suite"  # inside the wheel
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent.parent / "evals" / "suite"


def suite_files(suite: Path) -> list[Path]:
    """The notes files directly inside a suite folder, sorted."""
    if not suite.is_dir():
        raise NotesError(f"{suite}: no such folder; give a folder of notes files (default evals/suite/)")
    paths = sorted(p for p in suite.iterdir() if p.is_file() and p.suffix.lower() in NOTES_SUFFIXES)
    if not paths:
        raise NotesError(f"{suite}: no notes files ({', '.join(NOTES_SUFFIXES)}) in this folder")
    return paths


def _digest(chunks: list[bytes]) -> str:
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(hashlib.sha256(chunk).digest())
    return h.hexdigest()[:16]


def suite_fingerprint(suite: Path, config_source: str | None = None) -> dict[str, Any]:
    """fingerprint() of a suite folder, before anything is drafted."""
    return fingerprint(suite_files(suite), config_source)


def fingerprint(paths: list[Path], config_source: str | None) -> dict[str, Any]:
    """What a run's results depend on besides the engine: the notes, the rules' data, the config."""
    files = {p.name: _digest([p.read_bytes()]) for p in paths}
    rule_files = sorted(RULE_DATA.glob("*.toml"))
    config_bytes = Path(config_source).read_bytes() if config_source and Path(config_source).is_file() else b""
    return {
        "suite": _digest([f"{n}:{h}".encode() for n, h in sorted(files.items())]),
        "files": files,
        "checklist": _digest([p.name.encode() + b"\0" + p.read_bytes() for p in rule_files]),
        "config": _digest([config_bytes]),
    }


# --- drafting -------------------------------------------------------------------------------------

def _finding(f: Any) -> dict[str, Any]:
    return {"rule": f.rule, "severity": f.severity, "field": f.field, "text": f.text, "message": f.message}


def _results(variant: str, stem: str, sample: int, drafts: DraftSet, seconds: dict[str, float]) -> FileRun:
    findings: dict[str | None, list[dict[str, Any]]] = {}
    for f in drafts.findings:
        findings.setdefault(f.draft, []).append(_finding(f))
    results = []
    for d in drafts.drafts:
        own = findings.get(d.id, [])
        results.append(DraftResult(variant, stem, sample, d.id, d.kind, d.to,
                                   passed=not any(f["severity"] == "error" for f in own),
                                   findings=own, seconds=round(seconds.get(d.id, 0.0), 3)))
    for err in drafts.errors:
        results.append(DraftResult(variant, stem, sample, err["draft"], err.get("kind", ""), err.get("to", ""),
                                   passed=False, failed=err["message"]))
    return FileRun(variant, stem, sample, results, findings.get(None, []), dict(drafts.usage or {}))


def _all_failed(variant: str, stem: str, sample: int, notes: Notes, config: Config, message: str) -> FileRun:
    """A notes file whose drafting failed as a whole: every planned draft failed outright."""
    planned = assign_ids([Draft(kind=t.kind, to=t.to.name, body="") for t in make_plan(notes, config.plan_policy())])
    results = [DraftResult(variant, stem, sample, d.id, d.kind, d.to, passed=False, failed=message) for d in planned]
    return FileRun(variant, stem, sample, results, [], {})


async def _draft_file(variant: Variant, stem: str, notes: Notes, sample: int, config: Config,
                      fresh: bool) -> tuple[FileRun, DraftSet | None]:
    start = time.perf_counter()
    seconds: dict[str, float] = {}

    def done(draft_id: str, failure: str | None, finished: int, total: int) -> None:
        seconds[draft_id] = time.perf_counter() - start

    options = dict(variant.options)
    if fresh and "cache" in engines.option_names(engines.resolve(variant.engine, base_url=options.get("base_url"))):
        options["cache"] = False
    try:
        drafts = await api.compose(notes, variant.engine, config=config, on_draft=done, **options)
    except DraftkitError as exc:
        if exc.exit_code != 3:  # bad options, templates, config: the run cannot go on
            raise
        return _all_failed(variant.name, stem, sample, notes, config, str(exc)), None
    return _results(variant.name, stem, sample, drafts, seconds), drafts


def _write_atomic(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def _keep(run_dir: Path, variant: Variant, run: FileRun, drafts: DraftSet | None, repeat: int) -> Path:
    """Save one file's drafts.json and results.json under the run folder."""
    folder = run_dir / slugify(variant.name) / run.notes
    if repeat > 1:
        folder = folder / f"sample-{run.sample}"
    if drafts is not None:
        _write_atomic(folder / "drafts.json", json.dumps(drafts.to_json(), indent=2, ensure_ascii=False) + "\n")
    results = {"variant": variant.name, "notes": run.notes, "sample": run.sample, "usage": run.usage,
               "plan_findings": run.plan_findings, "results": [asdict(r) for r in run.results]}
    _write_atomic(folder / "results.json", json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return folder


def prepare_run_dir(chosen: Path | None, root: Path = Path(".draftkit-evals")) -> Path:
    """The folder given, or `root/<UTC timestamp>` made fresh (a suffix if two runs share a second)."""
    try:
        if chosen is not None:
            chosen.mkdir(parents=True, exist_ok=True)
            return chosen
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        for n in range(1, 1000):
            folder = root / (stamp if n == 1 else f"{stamp}-{n}")
            try:
                folder.mkdir(parents=True)
                return folder
            except FileExistsError:
                continue
    except OSError as exc:
        raise UsageError(f"cannot make the run folder {chosen or root}: {exc.strerror or exc}; "
                         "choose another with --run-dir") from None
    raise UsageError(f"{root}: too many runs started this second")  # pragma: no cover


def check_variants(variants: list[Variant], config: Config) -> None:
    """Make each variant's engine once, so bad options or a missing key stop the run before it starts."""
    for variant in variants:
        engines.create(engines.resolve(variant.engine, base_url=variant.options.get("base_url")),
                       variant.options, config)


async def arun_suite(
    suite: Path,
    variants: list[Variant],
    *,
    config: Config,
    config_source: str | None = None,
    repeat: int = 1,
    run_dir: Path | None = None,
    keep: bool = True,
    on_file: Callable[[FileRun], None] | None = None,
) -> SuiteRun:
    """Draft every notes file with every variant `repeat` times (fresh answers when repeat > 1);
    with `keep`, every draft and result is saved under `run_dir` (default .draftkit-evals/<time>/)."""
    check_variants(variants, config)
    paths = suite_files(suite)
    loaded = [(p.stem, api.load_notes(p)) for p in paths]  # a bad notes file stops the run before any request
    stems = Counter(stem for stem, _ in loaded)
    if any(n > 1 for n in stems.values()):
        twice = next(s for s, n in stems.items() if n > 1)
        raise NotesError(f"{suite}: two notes files are named {twice!r}; rename one so results stay apart")
    run_dir = prepare_run_dir(run_dir) if keep else None
    files: list[FileRun] = []
    for variant in variants:
        for stem, notes in loaded:
            for sample in range(1, repeat + 1):
                run, drafts = await _draft_file(variant, stem, notes, sample, config, fresh=repeat > 1)
                if run_dir is not None:
                    run.folder = _keep(run_dir, variant, run, drafts, repeat)
                files.append(run)
                if on_file is not None:
                    on_file(run)
    result = SuiteRun(suite, fingerprint(paths, config_source), variants, files, repeat, run_dir)
    if run_dir is not None:
        from .formats import format_json

        _write_atomic(run_dir / "summary.json", format_json(result))
    return result


def run_suite(suite: Path, variants: list[Variant], **kwargs: Any) -> SuiteRun:
    """Blocking twin of arun_suite()."""
    return asyncio.run(arun_suite(suite, variants, **kwargs))


def variants_for(engine: str, models: list[str], templates: list[Path], options: dict[str, Any],
                 config: Config) -> list[Variant]:
    """One variant per model × templates folder, named so the columns read well; each checked now."""
    chosen = engines.resolve(engine, base_url=options.get("base_url"))
    takes = engines.option_names(chosen)
    for key, values in (("model", models), ("templates", templates)):
        if values and key not in takes:  # e.g. a model for the offline engine: refused, never ignored
            engines.make_options(chosen, dict(options, **{key: values[0]}))
    default_model = getattr(engines.make_options(chosen, options), "model", None) if not models else None
    models_: list[str | None] = list(models) or [None]
    folders: list[Path | None] = list(templates) or [None]
    folder_names = {f: f.name or str(f) for f in folders if f is not None}
    if len(set(folder_names.values())) < len(folder_names):
        folder_names = {f: str(f) for f in folder_names}
    out: list[Variant] = []
    for model in models_:
        for folder in folders:
            parts = [model] if model else []
            if folder is not None and (len(folders) > 1 or not parts):
                parts.append(folder_names[folder])
            name = " + ".join(parts) if parts else (default_model or chosen)
            values = dict(options, **({"model": model} if model else {}), **({"templates": folder} if folder else {}))
            out.append(Variant(name, engine, values))
    names = [v.name for v in out]
    if len(set(names)) < len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise UsageError(f"variant {twice!r} is given twice; give each --model and --templates once")
    check_variants(out, config)
    return out
