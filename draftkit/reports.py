"""Present findings: text, JSON, JUnit XML, GitHub annotations; the summary `write` prints."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from .checklist.catalog import catalog
from .checklist.context import strip_comments
from .drafts import SEVERITY_RANK, DraftSet, Finding, severity_counts
from .outputs import EXTENSION, one_line
from .workers import map_flat

if TYPE_CHECKING:  # `write` never reads drafts back: loading stays off its start-up
    from .loading import LoadedDrafts


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
    return loaded.field_text(finding.draft, finding.field)


def locate(loaded: LoadedDrafts, finding: Finding) -> Location:
    """File, line and column of a finding, in the file the text was read from, as it is on disk."""
    if finding.draft:
        origin = loaded.origin(finding.draft, finding.field)
    else:
        origin = loaded.person_origin(finding.to)
    text = _field_text(loaded, finding)
    start = min(finding.start, len(text))
    line, column = origin.where.at(start)
    end_column = column + 1
    end = min(finding.end, len(text))
    if end > start:
        line_break = text.find("\n", start, end)
        last = (line_break if line_break != -1 else end) - 1
        last_line, last_column = origin.where.at(last)
        if last_line == line and last_column >= column:
            end_column = last_column + 1
    return Location(origin.path, line, column, end_column)


# Characters a terminal, an XML parser or a reader would trip on, each shown as one character.
_UNPRINTABLE = {c: "\ufffd" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F),
                                      *range(0x2066, 0x206A)]}
_UNPRINTABLE.update({0x09: " ", 0x0A: " ", 0x0D: " "})


def printable(text: str) -> str:
    """One line of text safe to print: control and direction-override characters shown as �."""
    return text if text.isprintable() else text.translate(_UNPRINTABLE)  # every one is unprintable


def _xml_text(text: str) -> str:
    """Only characters XML 1.0 allows (control characters and lone surrogates become �)."""
    return re.sub("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "\ufffd", text)


def _xml_attr(text: str) -> str:
    from xml.sax.saxutils import quoteattr  # JUnit only: it pulls in urllib and http

    return quoteattr(_xml_text(text))


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
    line = printable(line)
    marked = line[:lo] + style(line[lo:hi], bold=True, fg="red") + line[hi:]
    return [f"    {marked}", "    " + " " * lo + "^" * max(1, hi - lo)]


EXCERPT_WIDTH = 100


def _plain(text: str, **_: object) -> str:
    return text


MIN_FINDINGS = 5_000  # fewer findings than this: reported in this process
CHUNK = 1_000  # findings per task for a worker


def _each_finding(item: Checked, each, workers: int) -> list:
    """`each(finding)` of every finding of one file, in order, on up to `workers` processes."""
    if len(item.findings) >= MIN_FINDINGS:
        item.loaded.prepare()  # once here, not once in each worker
    return map_flat(item.findings, each, workers, min_items=MIN_FINDINGS, chunk=CHUNK)[0]


def _text_lines(loaded: LoadedDrafts, style, finding: Finding) -> list[str]:
    """One finding in the human report: where, what, the excerpt underlined, the fix."""
    where = locate(loaded, finding)
    color = "red" if finding.severity == "error" else "yellow"
    target = printable(finding.draft or f"plan ({finding.to})")
    lines = [f"{printable(where.path)}:{where.line}:{where.column}: {style(finding.severity, fg=color, bold=True)} "
             f"{style(finding.rule, bold=True)} [{target}] {printable(finding.message)}"]
    lines += _excerpt(loaded, finding, style)
    if finding.fix:
        lines.append(f"    fix: {printable(finding.fix)}")
    return lines


def format_text(results: Sequence[Checked], skipped: Sequence[str] = (), *, style=_plain, workers: int = 1) -> str:
    """Human report: path:line:col, severity, rule, message, and the excerpt underlined; a file with
    many findings is laid out on up to `workers` processes."""
    out: list[str] = list(skipped)
    total_drafts = 0
    all_findings: list[Finding] = []
    for item in results:
        total_drafts += item.loaded.checked
        all_findings += item.findings
        out += [printable(note) for note in item.loaded.notes]
        out += _each_finding(item, partial(_text_lines, item.loaded, style), workers)
    errors, warnings = severity_counts(all_findings)
    files = _plural(len(results), "file")
    if not results:  # every file failed to load: the errors say so, there is no verdict
        return "\n".join(out) + ("\n" if out else "")
    if all_findings:
        out.append(f"\nFound {_plural(errors, 'error')} and {_plural(warnings, 'warning')} "
                   f"in {_plural(total_drafts, 'draft')} ({files}).")
    else:
        verdict = "1 draft passes" if total_drafts == 1 else f"All {total_drafts} drafts pass"
        out.append(f"{verdict} the checklist ({files}).")
    return "\n".join(out) + "\n"


def format_json(results: Sequence[Checked], skipped: Sequence[str] = (), *, workers: int = 1) -> str:
    files = []
    all_findings: list[Finding] = []
    for item in results:
        all_findings += item.findings
        files.append({
            "path": item.loaded.path,
            "engine": item.loaded.drafts.engine,
            "drafts": item.loaded.checked,
            "findings": _each_finding(item, partial(_located_one, item.loaded), workers),
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


def _located_one(loaded: LoadedDrafts, finding: Finding) -> list[dict]:
    return [_located(loaded, finding)]


def _located(loaded: LoadedDrafts, finding: Finding) -> dict:
    where = locate(loaded, finding)
    return {**finding.model_dump(), "file": where.path, "line": where.line, "column": where.column,
            "end_column": where.end_column}


def format_junit(results: Sequence[Checked], *, fail_on: str = "error") -> str:
    """One testsuite per drafts file, one testcase per draft, plan findings in `plan`."""
    from xml.sax.saxutils import escape as xml_escape

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
            parts = [f"    <testcase classname={_xml_attr(item.loaded.path)} name={_xml_attr(name)}>"]
            for f in failing:
                where = locate(item.loaded, f)
                detail = f"{where.path}:{where.line}:{where.column} {f.text}".strip()
                parts.append(f"      <failure type={_xml_attr(f.rule)} message={_xml_attr(f'{f.severity}: {f.message}')}>"
                             f"{xml_escape(_xml_text(detail))}</failure>")
            if other:
                lines = "\n".join(f"{f.severity} {f.rule}: {f.message}" for f in other)
                parts.append(f"      <system-out>{xml_escape(_xml_text(lines))}</system-out>")
            parts.append("    </testcase>")
            body.append("\n".join(parts))
        total_tests += len(cases)
        total_failures += failures
        suites.append(
            f"  <testsuite name={_xml_attr(item.loaded.path)} tests=\"{len(cases)}\" failures=\"{failures}\" errors=\"0\">\n"
            + "\n".join(body) + "\n  </testsuite>"
        )
    head = f'<testsuites name="draftkit" tests="{total_tests}" failures="{total_failures}" errors="0">'
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + head + "\n" + "\n".join(suites) + "\n</testsuites>\n"


def _gh_escape(value: str, *, prop: bool = False) -> str:
    value = re.sub("[\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]", "\ufffd", value)
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(results: Sequence[Checked], skipped: Sequence[str] = ()) -> str:
    """GitHub Actions workflow commands: one ::error/::warning line per finding."""
    out = [f"::notice::{_gh_escape(line)}" for line in skipped]
    for item in results:
        out += [f"::warning::{_gh_escape(printable(note))}" for note in item.loaded.notes]
        for f in item.findings:
            where = locate(item.loaded, f)
            target = f.draft or f"plan ({f.to})"
            props = (f"file={_gh_escape(where.path, prop=True)},line={where.line},col={where.column},"
                     f"endColumn={where.end_column},title={_gh_escape(f'draftkit {f.rule}', prop=True)}")
            out.append(f"::{f.severity} {props}::{_gh_escape(printable(f'{target}: {f.message}'))}")
    return "\n".join(out) + ("\n" if out else "")


# --- what `write` prints ------------------------------------------------------------------------


def write_summary(drafts: DraftSet, folder: str, *, style=_plain) -> str:
    notes = drafts.notes
    at = notes.interview.at
    lines = [
        style(printable(f"{notes.role} at {notes.company}"), bold=True) + f": {_plural(len(drafts.drafts), 'draft')} in {folder}/",
        engine_line(drafts),
        f"Interview: {at:%a %d %b %Y %H:%M} ({at:%z})",
    ]
    for d in drafts.drafts:
        due = f"{d.due:%a %d %b %H:%M}" if d.due else "(no due time)"
        count = sum(f.draft == d.id for f in drafts.findings)
        flag = f"  {_plural(count, 'finding')}" if count else ""
        lines.append(f"  {due}  {d.kind:5}  {printable(d.to):24} {printable(d.id)}{EXTENSION[d.kind]}{flag}")
    lines.append("  plan.ics: a reminder for each")
    if drafts.usage:
        u = drafts.usage
        lines.append(f"Tokens: {u['prompt_tokens']:,} prompt + {u['completion_tokens']:,} completion in "
                     f"{_plural(u['requests'], 'request')} ({u['cached']} answered from the cache)")
    lines += [f"Note: {printable(w)}" for w in drafts.warnings]
    lines += adjustment_lines(drafts)
    errors, warnings = severity_counts(drafts.findings)
    if drafts.findings:
        lines.append(f"Checklist: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}")
        for f in drafts.findings:
            lines.append(f"  {f.severity} {f.rule} [{printable(f.draft or 'plan')}] {printable(f.message)}")
    else:
        lines.append("Checklist: every draft passes.")
    return "\n".join(lines) + "\n"


def adjustment_lines(drafts: DraftSet) -> list[str]:
    """What the composer rephrased or left out of the notes, and how to write it so it fits."""
    if not drafts.adjustments:
        return []
    lines = [f"Notes adjusted: {_plural(len(drafts.adjustments), 'fragment')}"]
    for a in drafts.adjustments:
        lines.append(printable(f'  {a["action"]} {a["field"]} "{a["fragment"]}": {a["why"]} (hint: {a["hint"]})'))
    return lines


def engine_line(drafts: DraftSet) -> str:
    """Which engine wrote the drafts, and where (the warnings say when notes left the machine)."""
    if drafts.engine == "builtin":
        return "Engine: builtin (offline composer; your notes never left this machine)"
    from .engines.openai import is_local_url

    where = " (a server on this machine)" if is_local_url(drafts.endpoint or "") else ""
    return f"Engine: {drafts.engine}, model {drafts.model} at {drafts.endpoint}{where}"


_MD_INLINE = re.compile(r"([\\`*_\[\]{}|~!])")
_MD_LINE_START = re.compile(r"^(\d*)([#+=.)-])")  # a heading, list item or rule at a line's start


def markdown_text(text: str) -> str:
    """Notes or draft text as Markdown that renders as the same text: no HTML, links or headings.

    HTML becomes entities; Markdown's own marks are escaped with a backslash; line breaks stay
    line breaks (two trailing spaces), and paragraphs stay paragraphs.
    """
    lines = []
    for line in printable_lines(text):
        line = _MD_INLINE.sub(r"\\\1", html.escape(line.strip(), quote=False))
        lines.append(_MD_LINE_START.sub(r"\1\\\2", line))
    return "\n".join(line + ("  " if line and nxt else "") for line, nxt in zip(lines, [*lines[1:], ""], strict=True))


def printable_lines(text: str) -> list[str]:
    """Text split into lines, each one printable."""
    return [printable(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def markdown_plan(drafts: DraftSet) -> str:
    """The whole plan as one Markdown document (every value from the notes or a draft escaped)."""
    notes = drafts.notes
    md = markdown_text
    out = [f"# Follow-up plan: {md(one_line(notes.role))} at {md(one_line(notes.company))}", ""]
    for d in drafts.drafts:
        due = f"{d.due:%a %d %b %Y, %H:%M}" if d.due else "no due time"
        out += [f"## {d.kind.capitalize()} to {md(one_line(d.to))}", "", f"*Due {due}*", ""]
        if d.subject:
            out += [f"**Subject:** {md(one_line(strip_comments(d.subject)))}", ""]
        out += [md(strip_comments(d.body)), ""]
        if d.voicemail:
            out += ["**Voicemail:**", "", md(strip_comments(d.voicemail)), ""]
    return "\n".join(out)
