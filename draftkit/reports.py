"""Present findings: text, JSON, JUnit XML, GitHub annotations; the summary `write` prints."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from .checklist.catalog import catalog
from .drafts import SEVERITY_RANK, DraftSet, Finding, severity_counts
from .loading import LoadedDrafts
from .outputs import EXTENSION


@dataclass
class Checked:
    """One drafts file and what the checklist found in it."""

    loaded: LoadedDrafts
    findings: list[Finding]


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    column: int
    end_column: int


def _field_text(loaded: LoadedDrafts, finding: Finding) -> str:
    """The text a finding points into ("" for plan findings and due times)."""
    if not finding.draft or not finding.field or finding.field == "due":
        return ""
    try:
        return loaded.drafts.draft(finding.draft).fields().get(finding.field, "")
    except KeyError:
        return ""


def locate(loaded: LoadedDrafts, finding: Finding) -> Location:
    """File, line and column of a finding, in the file the text was read from."""
    origin = loaded.origins.get((finding.draft or "", finding.field or ""))
    if origin is None:
        return Location(loaded.path, 1, 1, 1)
    text = _field_text(loaded, finding)
    start = min(finding.start, len(text))
    line = origin.line + text.count("\n", 0, start)
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    span = max(1, min(finding.end, len(text)) - start) if text else 1
    end_line_break = text.find("\n", start)
    if end_line_break != -1:
        span = min(span, end_line_break - start) or 1
    return Location(origin.path, line, column, column + span)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _excerpt(loaded: LoadedDrafts, finding: Finding, style) -> list[str]:
    text = _field_text(loaded, finding)
    if not text or finding.end <= finding.start:
        return []
    line_start = text.rfind("\n", 0, finding.start) + 1
    line_end = text.find("\n", finding.start)
    line_end = len(text) if line_end == -1 else line_end
    end = min(finding.end, line_end)
    line = text[line_start:line_end]
    lo, hi = finding.start - line_start, end - line_start
    if len(line) > EXCERPT_WIDTH:  # keep the match in view, 40 characters of lead-in
        cut = max(0, lo - 40)
        prefix = "…" if cut else ""
        line = prefix + line[cut : cut + EXCERPT_WIDTH - len(prefix)]
        shift = cut - len(prefix)
        lo, hi = lo - shift, min(hi - shift, len(line))
    marked = line[:lo] + style(line[lo:hi], bold=True, fg="red") + line[hi:]
    return [f"    {marked}", "    " + " " * lo + "^" * max(1, hi - lo)]


EXCERPT_WIDTH = 100


def _plain(text: str, **_: object) -> str:
    return text


def format_text(results: Sequence[Checked], skipped: Sequence[str] = (), *, style=_plain) -> str:
    """Human report: path:line:col, severity, rule, message, and the excerpt underlined."""
    out: list[str] = list(skipped)
    total_drafts = 0
    all_findings: list[Finding] = []
    for item in results:
        total_drafts += len(item.loaded.drafts.drafts)
        all_findings += item.findings
        out += item.loaded.notes
        for f in item.findings:
            where = locate(item.loaded, f)
            color = "red" if f.severity == "error" else "yellow"
            target = f.draft or f"plan ({f.to})"
            out.append(
                f"{where.path}:{where.line}:{where.column}: {style(f.severity, fg=color, bold=True)} "
                f"{style(f.rule, bold=True)} [{target}] {f.message}"
            )
            out += _excerpt(item.loaded, f, style)
            if f.fix:
                out.append(f"    fix: {f.fix}")
    errors, warnings = severity_counts(all_findings)
    files = _plural(len(results), "file")
    if all_findings:
        out.append(f"\nFound {_plural(errors, 'error')} and {_plural(warnings, 'warning')} "
                   f"in {_plural(total_drafts, 'draft')} ({files}).")
    else:
        out.append(f"All {_plural(total_drafts, 'draft')} pass the checklist ({files}).")
    return "\n".join(out) + "\n"


def format_json(results: Sequence[Checked], skipped: Sequence[str] = ()) -> str:
    files = []
    all_findings: list[Finding] = []
    for item in results:
        all_findings += item.findings
        files.append({
            "path": item.loaded.path,
            "engine": item.loaded.drafts.engine,
            "drafts": len(item.loaded.drafts.drafts),
            "findings": [f.model_dump() for f in item.findings],
            "notes": item.loaded.notes,
        })
    errors, warnings = severity_counts(all_findings)
    payload = {
        "files": files,
        "skipped": list(skipped),
        "summary": {"files": len(results), "drafts": sum(f["drafts"] for f in files),
                    "errors": errors, "warnings": warnings},
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def format_junit(results: Sequence[Checked], *, fail_on: str = "error") -> str:
    """One testsuite per drafts file, one testcase per draft, plan findings in `plan`."""
    rank = SEVERITY_RANK[fail_on]
    suites, total_tests, total_failures = [], 0, 0
    for item in results:
        cases: dict[str, list[Finding]] = {d.id: [] for d in item.loaded.drafts.drafts}
        cases["plan"] = []
        for f in item.findings:
            key = "plan" if catalog()[f.rule].plan or f.draft not in cases else f.draft
            cases[key].append(f)
        body, failures = [], 0
        for name, found in cases.items():
            failing = [f for f in found if SEVERITY_RANK[f.severity] >= rank]
            other = [f for f in found if SEVERITY_RANK[f.severity] < rank]
            failures += bool(failing)
            parts = [f"    <testcase classname={quoteattr(item.loaded.path)} name={quoteattr(name)}>"]
            for f in failing:
                where = locate(item.loaded, f)
                detail = f"{where.path}:{where.line}:{where.column} {f.text}".strip()
                parts.append(f"      <failure type={quoteattr(f.rule)} message={quoteattr(f'{f.severity}: {f.message}')}>{xml_escape(detail)}</failure>")
            if other:
                lines = "\n".join(f"{f.severity} {f.rule}: {f.message}" for f in other)
                parts.append(f"      <system-out>{xml_escape(lines)}</system-out>")
            parts.append("    </testcase>")
            body.append("\n".join(parts))
        total_tests += len(cases)
        total_failures += failures
        suites.append(
            f"  <testsuite name={quoteattr(item.loaded.path)} tests=\"{len(cases)}\" failures=\"{failures}\" errors=\"0\">\n"
            + "\n".join(body) + "\n  </testsuite>"
        )
    head = f'<testsuites name="draftkit" tests="{total_tests}" failures="{total_failures}" errors="0">'
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + head + "\n" + "\n".join(suites) + "\n</testsuites>\n"


def _gh_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(results: Sequence[Checked], skipped: Sequence[str] = ()) -> str:
    """GitHub Actions workflow commands: one ::error/::warning line per finding."""
    out = [f"::notice::{_gh_escape(line)}" for line in skipped]
    for item in results:
        for f in item.findings:
            where = locate(item.loaded, f)
            target = f.draft or f"plan ({f.to})"
            props = (f"file={_gh_escape(where.path, prop=True)},line={where.line},col={where.column},"
                     f"endColumn={where.end_column},title={_gh_escape(f'draftkit {f.rule}', prop=True)}")
            out.append(f"::{f.severity} {props}::{_gh_escape(f'{target}: {f.message}')}")
    return "\n".join(out) + ("\n" if out else "")


# --- what `write` prints ------------------------------------------------------------------------


def write_summary(drafts: DraftSet, folder: str, *, style=_plain) -> str:
    notes = drafts.notes
    at = notes.interview.at
    lines = [
        style(f"{notes.role} at {notes.company}", bold=True) + f": {_plural(len(drafts.drafts), 'draft')} in {folder}/",
        engine_line(drafts),
        f"Interview: {at:%a %d %b %Y %H:%M} ({at:%z})",
    ]
    for d in drafts.drafts:
        due = f"{d.due:%a %d %b %H:%M}" if d.due else "(no due time)"
        count = sum(f.draft == d.id for f in drafts.findings)
        flag = f"  {_plural(count, 'finding')}" if count else ""
        lines.append(f"  {due}  {d.kind:5}  {d.to:24} {d.id}{EXTENSION[d.kind]}{flag}")
    lines.append("  plan.ics: a reminder for each")
    if drafts.usage:
        u = drafts.usage
        lines.append(f"Tokens: {u['prompt_tokens']:,} prompt + {u['completion_tokens']:,} completion in "
                     f"{_plural(u['requests'], 'request')} ({u['cached']} answered from the cache)")
    lines += [f"Note: {w}" for w in drafts.warnings]
    errors, warnings = severity_counts(drafts.findings)
    if drafts.findings:
        lines.append(f"Checklist: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}")
        for f in drafts.findings:
            lines.append(f"  {f.severity} {f.rule} [{f.draft or 'plan'}] {f.message}")
    else:
        lines.append("Checklist: every draft passes.")
    return "\n".join(lines) + "\n"


def engine_line(drafts: DraftSet) -> str:
    """Which engine wrote the drafts, and where (the warnings say when notes left the machine)."""
    if drafts.engine == "builtin":
        return "Engine: builtin (offline composer; your notes never left this machine)"
    from .engines.openai import is_local_url

    where = " (a server on this machine)" if is_local_url(drafts.endpoint or "") else ""
    return f"Engine: {drafts.engine}, model {drafts.model} at {drafts.endpoint}{where}"


def markdown_plan(drafts: DraftSet) -> str:
    """The whole plan as one Markdown document."""
    notes = drafts.notes
    out = [f"# Follow-up plan: {notes.role} at {notes.company}", ""]
    for d in drafts.drafts:
        due = f"{d.due:%a %d %b %Y, %H:%M}" if d.due else "no due time"
        out += [f"## {d.kind.capitalize()} to {d.to}", "", f"*Due {due}*", ""]
        if d.subject:
            out += [f"**Subject:** {d.subject}", ""]
        out += [d.body, ""]
        if d.voicemail:
            out += ["**Voicemail:**", "", d.voicemail, ""]
    return "\n".join(out)
