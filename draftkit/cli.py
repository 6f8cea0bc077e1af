"""The command line: a thin click shell over the library."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from pathlib import Path

import click

from . import __version__
from .engines import names as engine_names
from .errors import DraftkitError, DraftsError, ExitCode, UsageError, clip
from .kinds import KIND_NAMES


class OneLineUsageError(click.UsageError):
    """A bad option or argument as one "Error:" line naming where help is, not a usage block."""

    def show(self, file=None) -> None:
        where = f" (see '{self.ctx.command_path} --help')" if self.ctx else ""
        click.secho(f"Error: {clip(self.format_message())}{where}", fg="red", err=True)


def _one_line(exc: click.UsageError) -> OneLineUsageError:
    return exc if isinstance(exc, OneLineUsageError) else OneLineUsageError(exc.format_message(), exc.ctx)


class DraftkitGroup(click.Group):
    """Maps library errors to one friendly line and the exit code the README gives them."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except DraftkitError as exc:
            if _debug(ctx):  # the traceback, then the same line and exit status as without it
                import traceback

                traceback.print_exc(file=sys.stderr)
            _print_error(exc)
            ctx.exit(int(exc.exit_code))


def _print_error(exc: DraftkitError) -> None:
    for line in getattr(exc, "problems", None) or [str(exc)]:
        click.secho(f"Error: {clip(line)}", fg="red", err=True)


def _debug(ctx: click.Context | None) -> bool:
    root = ctx.find_root() if ctx else None
    flag = bool(root and root.obj and root.obj.get("traceback"))
    return flag or os.environ.get("DRAFTKIT_DEBUG", "") not in ("", "0")


class IsoDatetime(click.ParamType):
    name = "datetime"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        option = param.opts[0] if param is not None and param.opts else "date-time"
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise UsageError(f"{option}: {value[:60]!r} is not an ISO 8601 date-time "
                             "(e.g. 2026-11-25T09:00:00-08:00)") from None
        if not 1900 <= moment.year <= 2999:
            raise UsageError(f"{option}: year {moment.year} is outside 1900-2999; give a date-time near the interview")
        return moment if moment.tzinfo else moment.astimezone()


@click.group(cls=DraftkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="draftkit")
@click.option("--traceback", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def cli(ctx: click.Context, traceback: bool) -> None:
    """Follow-ups after a job interview: drafted from your notes, checked for the classic mistakes."""
    ctx.obj = {"traceback": traceback}


# engine option → the command-line parameter that sets it
OPTION_PARAMS = {"max_retries": "retries", "cache": "no_cache"}


def engine_options(ctx: click.Context, chosen: str, **values) -> dict:
    """The options engine `chosen` takes; one it does not take is passed on (and refused) only when
    typed on the command line, never because of a default or an environment variable."""
    from click.core import ParameterSource

    from .engines import option_names

    takes = set(option_names(chosen))
    return {key: value for key, value in values.items() if key in takes or
            ctx.get_parameter_source(OPTION_PARAMS.get(key, key)) == ParameterSource.COMMANDLINE}


def draft_progress(draft_id: str, failure: str | None, done: int, total: int) -> None:
    """One stderr line per finished draft."""
    status = click.style("failed", fg="red") if failure else "done"
    click.echo(f"[{done}/{total}] {draft_id} {status}", err=True)


@cli.command()
@click.argument("notes", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output folder.")
@click.option("--engine", type=click.Choice(engine_names()), default="auto", show_default=True)
@click.option("--model", envvar="DRAFTKIT_MODEL", help="Model name for the openai engine.")
@click.option("--base-url", help="OpenAI-compatible endpoint.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file (default: draftkit.toml upward).")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), help="Exit 1 on findings at this level.")
@click.option("--force", is_flag=True, help="Replace existing output.")
@click.option("--now", type=IsoDatetime(), help="Pretend it is this time (for closed-window notes).")
@click.option("--concurrency", type=click.IntRange(1, 64), default=4, show_default=True, help="LLM requests in flight at once.")
@click.option("--timeout", type=click.FloatRange(0.1), default=60.0, show_default=True, help="Seconds to wait for each LLM answer.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Retries for rate limits, server errors and timeouts (the openai client's own).")
@click.option("--context-window", type=click.IntRange(256), help="Tokens the model accepts (default: known per model, else 8192).")
@click.option("--no-cache", is_flag=True, help="Ask the LLM again even for identical requests.")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path), envvar="DRAFTKIT_TEMPLATES",
              help="Folder of prompt templates overriding the built-in ones (rendered in a sandbox).")
@click.option("--batch", "batch_api", is_flag=True,
              help="Through the OpenAI Batch API (openai engine): one upload, resumable; OUTPUT/<notes-stem>/ per file.")
@click.pass_context
def write(ctx, notes, output, engine, model, base_url, fmt, config_path, fail_on, force, now, concurrency,
          timeout, retries, context_window, no_cache, templates, batch_api):
    """Draft every follow-up for the interviews in NOTES (files or folders)."""
    from .batch import notes_paths, plan_jobs, run_jobs
    from .checklist import load_config
    from .engines import resolve as resolve_engine
    from .outputs import drafts_json
    from .plan import checked_now
    from .reports import engine_line, markdown_plan, write_summary

    config = load_config(config_path)
    now = checked_now(now)
    paths = notes_paths(list(notes))
    chosen = resolve_engine(engine, base_url=base_url)
    given = engine_options(ctx, chosen, model=model, base_url=base_url,
                           concurrency=concurrency, timeout=timeout, max_retries=retries,
                           context_window=context_window, cache=not no_cache, templates=templates)
    if len(paths) > 1 or batch_api:
        ctx.exit(_write_many(paths, output, engine, config, now, force, fmt, fail_on, given, batch_api))
    jobs = plan_jobs(paths, output, reraise=_debug(ctx))
    options = {"config": config, "now": now, "force": force, "reraise": _debug(ctx), **given}
    progress = {"on_draft": draft_progress} if chosen != "builtin" else {}  # a slow server: drafts as they finish
    jobs = run_jobs(jobs, engine=engine, **progress, **options)

    status = ExitCode.OK
    for job in jobs:
        if job.error is not None:
            _print_error(job.error)
            status = max(status, job.error.exit_code)
            continue
        drafts, folder = job.drafts, job.folder
        if fmt == "text":
            click.echo(write_summary(drafts, str(folder), style=click.style), nl=False)
        else:
            document = markdown_plan(drafts) if fmt == "markdown" else (
                drafts_json(drafts).rstrip("\n"))
            click.echo(document)
            click.echo(f"Wrote {folder}/ ({engine_line(drafts)})", err=True)
            for warning in drafts.warnings:
                click.echo(f"Note: {warning}", err=True)
        for err in drafts.errors:
            click.secho(f"Error: {err['draft']}: {err['message']}", fg="red", err=True)
            status = max(status, ExitCode.ENDPOINT)
        if fail_on and drafts.report.at_least(fail_on) and status == ExitCode.OK:
            status = ExitCode.FINDINGS
    ctx.exit(int(status))


def _write_many(paths, output, engine, config, now, force, fmt, fail_on, engine_options, batch_api=False) -> int:
    """Several notes files: a progress bar, one folder each under OUTPUT, then a closing table."""
    from .batch import closing_table, exit_status, run_batch
    from .folders import resolve_output

    root = output or Path("drafts")
    resolve_output(root)  # a bad -o is one line, before the progress bar
    document = fmt if fmt in ("json", "markdown") else None
    extra = {"batch_api": True, "on_progress": _batch_progress()} if batch_api else {}
    with click.progressbar(length=len(paths), label="Writing drafts", file=sys.stderr) as bar:
        jobs = run_batch(paths, root, engine=engine, config=config, now=now, force=force, document=document,
                         on_done=lambda _: bar.update(1), **extra, **engine_options)
    for job in jobs:
        if job.document is not None:
            click.echo(job.document)
    table = closing_table(jobs, root)
    click.echo(table, nl=False, err=document is not None)
    status = exit_status(jobs)
    if fail_on and status == ExitCode.OK:
        keys = ("errors",) if fail_on == "error" else ("errors", "warnings")
        if any(job.summary.get(k) for job in jobs for k in keys):
            status = ExitCode.FINDINGS
    return int(status)


def _batch_progress():
    """One stderr line each time the Batch API's status or counts change."""
    last: list = [None]

    def show(status: str, done: int, failed: int, total: int, round_no: int) -> None:
        if (status, done, failed, total, round_no) != last[0]:
            last[0] = (status, done, failed, total, round_no)
            click.echo(f"Batch round {round_no}: {status}, {done}/{total} done, {failed} failed", err=True)

    return show


def _shows_colour(ctx: click.Context) -> bool:
    """Whether standard output shows colour (else click strips every style again: on a big report,
    styling and stripping cost a tenth of the time)."""
    return not click.utils.should_strip_ansi(sys.stdout, ctx.color)


def _collect_less() -> None:
    """`eval` makes millions of small objects and keeps few: what is loaded so far is left out of the
    garbage collector's scans and it runs less often (it took about 8% of the time on 3,000 drafts)."""
    import gc

    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


@cli.command("eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "github"]), default="text", show_default=True)
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file (default: draftkit.toml upward).")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True,
              help="Exit 1 on findings at this level or above.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes to check a big drafts file with (default: every core).")
@click.pass_context
def eval_(ctx, paths, fmt, config_path, fail_on, jobs):
    """Check drafts files (or folders of them) against the checklist."""
    from .checklist import check_drafts, load_config
    from .drafts import SEVERITY_RANK
    from .loading import discover, load_drafts_file
    from .reports import Checked, format_github, format_json, format_junit, format_text
    from .workers import cores

    config = load_config(config_path)
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise DraftsError(f"{missing[0]}: no such file or folder")
    found, skipped = discover(list(paths))
    if not found:
        raise DraftsError(f"no drafts files found in {', '.join(map(str, paths))}")
    _collect_less()
    workers = jobs or cores()
    results, status = [], ExitCode.OK
    for path, edits in found:
        try:
            loaded = load_drafts_file(path, apply_edits=edits)
        except DraftkitError as exc:
            if _debug(ctx):
                raise
            _print_error(exc)
            status = ExitCode.BAD_INPUT
            continue
        findings = check_drafts(loaded.drafts.notes, loaded.drafts.drafts, config, workers=workers)
        results.append(Checked(loaded, loaded.keep(findings)))
    if fmt == "json":
        click.echo(format_json(results, skipped, workers=workers), nl=False)
    elif fmt == "junit":
        click.echo(format_junit(results, fail_on=fail_on), nl=False)
    elif fmt == "github":
        click.echo(format_github(results, skipped), nl=False)
    else:
        styled = {"style": click.style} if _shows_colour(ctx) else {}
        click.echo(format_text(results, skipped, workers=workers, **styled), nl=False)
    rank = SEVERITY_RANK[fail_on]
    failing = any(SEVERITY_RANK[f.severity] >= rank for r in results for f in r.findings)
    if status == ExitCode.OK and failing:
        status = ExitCode.FINDINGS
    ctx.exit(int(status))


@cli.group()
def prompts():
    """Inspect the prompts the LLM engine sends."""


@prompts.command("show")
@click.argument("kind", type=click.Choice(list(KIND_NAMES)))
@click.argument("notes", type=click.Path(path_type=Path))
@click.option("--to", "to", help="Recipient (default: the first interviewer; the primary contact for a call).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file (default: draftkit.toml upward).")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path), envvar="DRAFTKIT_TEMPLATES",
              help="Folder of prompt templates overriding the built-in ones.")
def prompts_show(kind, notes, to, config_path, templates):
    """Print the exact messages the LLM engine would send for one draft."""
    from .checklist import load_config
    from .notes import load_notes
    from .plan import Touchpoint, make_plan
    from .prompting import build_messages, format_messages

    config = load_config(config_path)
    parsed = load_notes(notes)
    plan = make_plan(parsed, config.plan_policy())
    person = parsed.primary if kind == "call" else parsed.interviewers[0]
    if to:
        person = parsed.interviewer(to)
        if person is None:
            names = ", ".join(p.name for p in parsed.interviewers)
            raise UsageError(f"--to {to!r}: no such interviewer in {notes} (choose from {names})")
    touch = next((t for t in plan if t.kind == kind and t.to is person), None)
    if touch is None:  # e.g. no note is planned for this person: show it with the plan's timing anyway
        due = next(t.due for t in plan if t.kind in (kind, "email"))
        touch = Touchpoint(kind, person, due)
    click.echo(format_messages(build_messages(parsed, touch, config, templates)), nl=False)


@cli.group()
def cache():
    """Manage the local cache of LLM answers (it holds personal data)."""


@cache.command("clear")
def cache_clear():
    """Erase every cached LLM answer."""
    from .cache import ResponseCache

    store = ResponseCache()
    count = store.clear()
    click.echo(f"Removed {count} cached answer{'s' * (count != 1)} from {store.folder}.")


@cli.command()
def schema():
    """Print the JSON Schema of notes.json."""
    from .notes import notes_schema

    click.echo(json.dumps(notes_schema(), indent=2))


@cli.command()
@click.argument("rule_id", required=False, metavar="[RULE]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file (default: draftkit.toml upward).")
def rules(rule_id, fmt, config_path):
    """List the checklist's rules, or explain one: why it matters, examples, settings."""
    from .checklist import catalog, load_config
    from .checklist.describe import find_rule, rule_page, rule_record, rules_table

    config = load_config(config_path)
    if rule_id is not None:
        spec = find_rule(rule_id)
        click.echo(json.dumps(rule_record(spec, config), indent=2) if fmt == "json" else rule_page(spec, config))
        return
    if fmt == "json":
        click.echo(json.dumps([rule_record(s, config) for s in catalog().values()], indent=2))
        return
    click.echo(rules_table(config))


@cli.group("evals")
def evals_group():
    """Evals for prompts and models: draft a suite of notes, check every draft, gate on a baseline."""


@evals_group.command("run")
@click.argument("suite", required=False, type=click.Path(path_type=Path))
@click.option("--engine", type=click.Choice(engine_names()), default="auto", show_default=True)
@click.option("--model", "models", multiple=True, help="Model name; give several to compare them side by side.")
@click.option("--base-url", help="OpenAI-compatible endpoint.")
@click.option("--templates", "templates", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Prompt templates folder; give several to compare them side by side.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=4, show_default=True, help="LLM requests in flight at once.")
@click.option("--timeout", type=click.FloatRange(0.1), default=60.0, show_default=True, help="Seconds to wait for each LLM answer.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True, help="Retries for rate limits and server errors.")
@click.option("--context-window", type=click.IntRange(256), help="Tokens the model accepts.")
@click.option("--no-cache", is_flag=True, help="Ask the LLM again even for identical requests.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file (default: draftkit.toml upward).")
@click.option("--repeat", type=click.IntRange(1, 100), default=1, show_default=True,
              help="Draft each notes file N times, bypassing the cache, and report the spread.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "github", "markdown"]), default="text", show_default=True)
@click.option("--save-baseline", type=click.Path(dir_okay=False, path_type=Path), help="Write this run's results as a baseline.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), help="Compare with a baseline; exit 1 on regression.")
@click.option("--tolerance", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Pass-rate drop allowed against the baseline (0.05 = 5 points).")
@click.option("--run-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to keep drafts and results (default: .draftkit-evals/<timestamp>/).")
@click.pass_context
def evals_run(ctx, suite, engine, models, base_url, templates, concurrency, timeout, retries, context_window,
              no_cache, config_path, repeat, fmt, save_baseline, baseline, tolerance, run_dir):
    """Draft every notes file in SUITE with each variant and check every draft.

    SUITE defaults to evals/suite/ here, else the suite shipped with draftkit."""
    from . import evals
    from .checklist import load_config
    from .engines import resolve as resolve_engine

    config = load_config(config_path)
    source = str(config_path) if config_path else config.source
    suite = suite if suite is not None else evals.default_suite()
    options = engine_options(ctx, resolve_engine(engine, base_url=base_url), base_url=base_url,
                             concurrency=concurrency, timeout=timeout, max_retries=retries,
                             context_window=context_window, cache=not no_cache)
    variants = evals.variants_for(engine, list(models), list(templates), options, config)
    reference = evals.load_baseline(baseline) if baseline else None
    if reference is not None:  # before anything is drafted (or paid for)
        evals.check_comparable(reference, evals.suite_fingerprint(Path(suite), source), baseline)

    def finished(run) -> None:
        bad = sum(not r.passed for r in run.results)
        sample = f" #{run.sample}" if repeat > 1 else ""
        click.echo(f"  {run.variant}: {run.notes}{sample}: {len(run.results) - bad}/{len(run.results)} pass", err=True)

    result = evals.run_suite(Path(suite), variants, config=config, config_source=source, repeat=repeat,
                       run_dir=run_dir, on_file=finished)
    comparison = None
    if reference is not None:
        comparison = evals.compare(reference, result, tolerance=tolerance)
    click.echo(evals.WRITERS[fmt](result, comparison), nl=False)
    if save_baseline:
        evals.save_baseline(result, save_baseline)
        click.echo(f"Saved the baseline to {save_baseline}", err=True)
    if comparison is not None and fmt != "text":
        click.echo(evals.verdict(comparison), err=True)
    everything_failed = any(s.drafts and s.failed == s.drafts for s in result.summary().values())
    if everything_failed:
        first = next(r.failed for r in result.results if r.failed)
        click.secho(f"Error: every draft of a variant failed; the first: {first}", fg="red", err=True)
        ctx.exit(int(ExitCode.ENDPOINT))
    ctx.exit(int(ExitCode.FINDINGS if comparison is not None and comparison.regressed else ExitCode.OK))


def main() -> None:
    cli(prog_name="draftkit")


if __name__ == "__main__":
    main()
