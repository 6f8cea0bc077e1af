"""An evals run as a text table, JSON, JUnit XML, GitHub annotations or a Markdown table."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict
from typing import Any

from .baseline import Comparison
from .harness import SuiteRun, Summary

FORMATS = ("text", "json", "junit", "github", "markdown")
NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _pct(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def _rows(summaries: dict[str, Summary], repeat: int) -> list[tuple[str, list[str]]]:
    """(label, one cell per variant) for every line of the table."""
    s = list(summaries.values())
    rows = [
        ("drafts", [str(x.drafts) for x in s]),
        ("passed (no error finding)", [str(x.passed) for x in s]),
        ("pass rate", [_pct(x.pass_rate) for x in s]),
    ]
    if repeat > 1:
        rows.append((f"pass rate over {repeat} samples (min–max, stdev)",
                     [f"{_pct(min(x.sample_pass_rates, default=0))}–{_pct(max(x.sample_pass_rates, default=0))}, "
                      f"{x.to_json()['spread']['stdev'] * 100:.1f} pts" for x in s]))
    rows += [
        ("failed outright", [str(x.failed) for x in s]),
        ("repair re-asks", [str(x.repairs) for x in s]),
        ("requests", [str(x.requests) for x in s]),
        ("tokens", [str(x.tokens) for x in s]),
        ("latency p50 (s)", [f"{x.latency_p50:.2f}" for x in s]),
        ("latency p95 (s)", [f"{x.latency_p95:.2f}" for x in s]),
    ]
    rules = sorted({r for x in s for r in x.by_rule})
    rows += [(f"findings: {rule}", [str(x.by_rule.get(rule, 0)) for x in s]) for rule in rules]
    if not rules:
        rows.append(("findings", ["0" for _ in s]))
    return rows


def _comparison_lines(comparison: Comparison) -> list[tuple[str, str, str, str, str]]:
    """(variant, what, before, after, verdict) rows."""
    rows = []
    for v in comparison.variants:
        verdict = "REGRESSED" if v.pass_rate_dropped else "ok"
        rows.append((v.variant, "pass rate", _pct(v.pass_rate_before), _pct(v.pass_rate_after), verdict))
        for c in v.rules:
            change = "REGRESSED" if c.rose else ("better" if c.after < c.before else "same")
            rows.append((v.variant, c.rule, f"{c.before:g}", f"{c.after:g}", change))
    return rows


def _comparison_notes(comparison: Comparison) -> list[str]:
    notes = [f"variant {n!r} is not in the baseline: not gated" for n in comparison.not_in_baseline]
    notes += [f"variant {n!r} is in the baseline but not in this run" for n in comparison.only_in_baseline]
    return notes


def verdict(comparison: Comparison) -> str:
    """One line: what regressed, or that nothing did."""
    bad = []
    for v in comparison.variants:
        what = (["pass rate"] if v.pass_rate_dropped else []) + v.regressed_rules
        if what:
            bad.append(f"{v.variant}: {', '.join(what)}")
    return ("Regressed against the baseline — " + "; ".join(bad)) if bad else "No regression against the baseline."


def format_text(run: SuiteRun, comparison: Comparison | None = None) -> str:
    summaries = run.summary()
    rows = _rows(summaries, run.repeat)
    head = ["", *summaries]
    widths = [max(len(head[0]), *(len(label) for label, _ in rows))]
    widths += [max(len(name), *(len(cells[i]) for _, cells in rows)) for i, name in enumerate(summaries)]
    lines = [f"Evals: {len(run.files) // max(1, len(run.variants) * run.repeat)} notes files in {run.suite}"
             + (f", {run.repeat} samples each" if run.repeat > 1 else "")]
    lines.append("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths, strict=True))))
    for label, cells in rows:
        lines.append("  ".join([label.ljust(widths[0])] + [c.rjust(w) for c, w in zip(cells, widths[1:], strict=True)]))
    failed = [r for r in run.results if r.failed]
    for r in failed[:10]:
        lines.append(f"failed: {r.variant} {r.notes}/{r.draft}: {r.failed}")
    if len(failed) > 10:
        lines.append(f"failed: … and {len(failed) - 10} more (see the run folder)")
    if comparison is not None:
        lines.append("")
        lines.append("Against the baseline (findings per sample):")
        for variant, what, before, after, change in _comparison_lines(comparison):
            lines.append(f"  {variant}  {what:24} {before:>8} → {after:<8} {change}")
        lines += [f"  Note: {n}" for n in _comparison_notes(comparison)]
        lines.append(verdict(comparison))
    if run.run_dir is not None:
        lines.append(f"Drafts and results kept in {run.run_dir}/")
    return "\n".join(lines) + "\n"


def to_json(run: SuiteRun, comparison: Comparison | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "suite": str(run.suite),
        "fingerprint": run.fingerprint,
        "repeat": run.repeat,
        "variants": [{"name": v.name, "engine": v.engine,
                      "options": {k: str(val) for k, val in v.options.items() if k in ("model", "templates", "base_url")}}
                     for v in run.variants],
        "summary": {name: s.to_json() for name, s in run.summary().items()},
        "results": [asdict(r) for r in run.results],
        "plan_findings": [dict(f, variant=f_run.variant, notes=f_run.notes, sample=f_run.sample)
                          for f_run in run.files for f in f_run.plan_findings],
    }
    if run.run_dir is not None:
        data["run_dir"] = str(run.run_dir)
    if comparison is not None:
        data["comparison"] = {
            "regressed": comparison.regressed,
            "variants": [{"variant": v.variant, "pass_rate": [v.pass_rate_before, v.pass_rate_after],
                          "pass_rate_dropped": v.pass_rate_dropped, "regressed_rules": v.regressed_rules,
                          "by_rule": {c.rule: [c.before, c.after] for c in v.rules}} for v in comparison.variants],
            "not_in_baseline": comparison.not_in_baseline,
            "only_in_baseline": comparison.only_in_baseline,
        }
    return data


def format_json(run: SuiteRun, comparison: Comparison | None = None) -> str:
    return json.dumps(to_json(run, comparison), indent=2, ensure_ascii=False) + "\n"


def _xml(text: Any) -> str:
    return NOT_XML.sub("\ufffd", str(text))


def format_junit(run: SuiteRun, comparison: Comparison | None = None) -> str:
    """One testsuite per variant; one testcase per draft; error findings as failures."""
    root = ET.Element("testsuites", name="draftkit evals")
    total = failures = errors = 0
    for variant in run.variants:
        mine = [r for r in run.results if r.variant == variant.name]
        suite = ET.SubElement(root, "testsuite", name=_xml(variant.name), tests=str(len(mine)),
                              failures=str(sum(not r.passed and not r.failed for r in mine)),
                              errors=str(sum(bool(r.failed) for r in mine)))
        for r in mine:
            name = r.draft if run.repeat == 1 else f"{r.draft} (sample {r.sample})"
            case = ET.SubElement(suite, "testcase", classname=_xml(f"{variant.name}.{r.notes}"), name=_xml(name),
                                 time=f"{r.seconds:.3f}")
            if r.failed:
                ET.SubElement(case, "error", message=_xml(r.failed[:300])).text = _xml(r.failed)
            elif not r.passed:
                found = [f for f in r.findings if f["severity"] == "error"]
                el = ET.SubElement(case, "failure", type=_xml(",".join(sorted({f["rule"] for f in found}))),
                                   message=_xml(f"{len(found)} error finding(s)"))
                el.text = _xml("\n".join(f'{f["rule"]} ({f["field"]}): {f["message"]}'
                                         + (f' "{f["text"]}"' if f["text"] else "") for f in found))
            warnings = [f for f in r.findings if f["severity"] != "error"]
            if warnings:
                ET.SubElement(case, "system-out").text = _xml("\n".join(f'warning {f["rule"]}: {f["message"]}' for f in warnings))
        for f_run in (f for f in run.files if f.variant == variant.name and f.plan_findings):
            case = ET.SubElement(suite, "testcase", classname=_xml(f"{variant.name}.{f_run.notes}"),
                                 name="plan" if run.repeat == 1 else f"plan (sample {f_run.sample})")
            errors_ = [f for f in f_run.plan_findings if f["severity"] == "error"]
            if errors_:
                ET.SubElement(case, "failure", type=_xml(",".join(sorted({f["rule"] for f in errors_}))),
                              message=_xml(f"{len(errors_)} plan finding(s)")).text = _xml(
                    "\n".join(f'{f["rule"]}: {f["message"]}' for f in errors_))
                suite.set("failures", str(int(suite.get("failures", "0")) + 1))
            suite.set("tests", str(int(suite.get("tests", "0")) + 1))
        total += int(suite.get("tests", "0"))
        failures += int(suite.get("failures", "0"))
        errors += int(suite.get("errors", "0"))
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _gh(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def format_github(run: SuiteRun, comparison: Comparison | None = None) -> str:
    """Workflow commands: a notice per variant, an annotation per finding on its notes file."""
    out = []
    for name, s in run.summary().items():
        out.append(f"::notice title={_gh(f'draftkit evals {name}', prop=True)}::"
                   f"{_gh(f'{s.passed}/{s.drafts} drafts pass ({_pct(s.pass_rate)}); {s.failed} failed outright')}")
    paths = {p.stem: p for p in sorted(run.suite.iterdir())} if run.suite.is_dir() else {}
    for f_run in run.files:
        where = f"file={_gh(str(paths[f_run.notes]), prop=True)}," if f_run.notes in paths else ""
        for f in f_run.plan_findings:
            title = _gh(f"draftkit evals {f_run.variant}: {f['rule']}", prop=True)
            out.append(f"::{f['severity']} {where}title={title}::{_gh(f'{f_run.notes} (plan): ' + f['message'])}")
    for r in run.results:
        path = paths.get(r.notes)
        where = f"file={_gh(str(path), prop=True)}," if path else ""
        if r.failed:
            out.append(f"::error {where}title={_gh(f'draftkit evals {r.variant}: draft failed', prop=True)}::"
                       f"{_gh(f'{r.notes}/{r.draft}: {r.failed}')}")
        for f in r.findings:
            title = _gh(f"draftkit evals {r.variant}: {f['rule']}", prop=True)
            text = _gh(f"{r.notes}/{r.draft} ({f['field']}): {f['message']}")
            out.append(f"::{f['severity']} {where}title={title}::{text}")
    if comparison is not None and comparison.regressed:
        out.append(f"::error title=draftkit evals baseline::{_gh(verdict(comparison))}")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def format_markdown(run: SuiteRun, comparison: Comparison | None = None) -> str:
    """A table to post on a pull request (and the baseline comparison under it)."""
    summaries = run.summary()
    lines = ["### draftkit evals", "",
             f"{len(run.files) // max(1, len(run.variants) * run.repeat)} notes files in `{_md(str(run.suite))}`"
             + (f", {run.repeat} samples each" if run.repeat > 1 else "") + ".", "",
             "| | " + " | ".join(_md(n) for n in summaries) + " |",
             "|---|" + "---:|" * len(summaries)]
    for label, cells in _rows(summaries, run.repeat):
        lines.append(f"| {_md(label)} | " + " | ".join(_md(c) for c in cells) + " |")
    if comparison is not None:
        lines += ["", "#### Against the baseline", "", "| variant | | baseline | this run | |", "|---|---|---:|---:|---|"]
        for variant, what, before, after, change in _comparison_lines(comparison):
            mark = f"**{change}**" if change == "REGRESSED" else change
            lines.append(f"| {_md(variant)} | {_md(what)} | {before} | {after} | {mark} |")
        lines += ["", *[f"- {_md(n)}" for n in _comparison_notes(comparison)], f"**{_md(verdict(comparison))}**"]
    return "\n".join(lines) + "\n"


WRITERS = {"text": format_text, "json": format_json, "junit": format_junit, "github": format_github,
           "markdown": format_markdown}
