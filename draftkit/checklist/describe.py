"""Rules that explain themselves: the catalogue as a list, or one rule in full."""

from __future__ import annotations

import difflib
import textwrap
from typing import Any

from ..errors import UsageError
from .catalog import RuleSpec, catalog
from .config import Config


def _example_text(example: Any) -> str:
    if isinstance(example, str):
        return example
    if "drafts" in example:
        return " / ".join(f"[{d.get('kind', 'email')} to {d.get('to', 'Priya Raman')}] {d.get('body', '')}"
                          for d in example["drafts"])
    parts = [f"[{example.get('kind', 'email')}]"]
    for key in ("subject", "body", "voicemail", "due"):
        if example.get(key):
            parts.append(f"{key}: {example[key]}")
    return " ".join(parts)


def rule_record(spec: RuleSpec, config: Config) -> dict[str, Any]:
    """One rule as data: what it is, why it matters, its settings and examples."""
    settings = config.rule(spec.id)
    return {
        "rule": spec.id, "description": spec.description, "severity": settings.severity,
        "enabled": settings.enabled, "kinds": list(spec.kinds), "plan": spec.plan, "check": spec.check,
        "why": spec.why, "fix": spec.fix, "message": spec.message, "settings": dict(settings.params),
        "defaults": dict(spec.params),
        "fires_on": [_example_text(e) for e in spec.examples_fire],
        "passes": [_example_text(e) for e in spec.examples_pass],
    }


def find_rule(rule_id: str) -> RuleSpec:
    """A rule by ID, or a clear error naming the known ones."""
    specs = catalog()
    if rule_id not in specs:
        close = difflib.get_close_matches(rule_id.lower(), specs, n=2, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else f" (known rules: {', '.join(specs)})"
        raise UsageError(f"no rule {rule_id!r}{hint}; `draftkit rules` lists them")
    return specs[rule_id]


def rules_table(config: Config) -> str:
    """One line per rule: ID, severity, kinds (or plan), one-line description."""
    lines = []
    for spec in catalog().values():
        settings = config.rule(spec.id)
        severity = settings.severity if settings.enabled else "off"
        scope = "plan:" + "/".join(spec.kinds) if spec.plan else "/".join(spec.kinds)
        lines.append(f"{spec.id:22} {severity:8} {scope:20} {spec.description}")
    lines.append("\n`draftkit rules RULE` shows why a rule matters, what it fires on and its settings.")
    return "\n".join(lines)


def _indent(text: str) -> str:
    return textwrap.indent(text, "    ")


def rule_page(spec: RuleSpec, config: Config) -> str:
    """Everything about one rule, for a person."""
    record = rule_record(spec, config)
    wrap = textwrap.fill
    out = [f"{spec.id} ({record['severity']}{'' if record['enabled'] else ', turned off'}; "
           f"{'plan, ' if spec.plan else ''}{', '.join(spec.kinds)})",
           spec.description, "", "Why it matters:", _indent(wrap(spec.why, 76)), "",
           "How to fix:", _indent(wrap(spec.fix, 76)), ""]
    if record["settings"]:
        out.append(f"Settings ([rules.{spec.id}] in draftkit.toml):")
        for key, value in record["settings"].items():
            default = record["defaults"][key]
            note = "" if value == default else f" (default {default})"
            out.append(f"    {key} = {value}{note}")
    else:
        out.append(f"Settings ([rules.{spec.id}] in draftkit.toml): enabled, severity")
    out += ["", "Fires on:"]
    out += [_indent(wrap(t.replace("\n", " ⏎ "), 76, subsequent_indent="  ")) for t in record["fires_on"]]
    out += ["", "Does not fire on:"]
    out += [_indent(wrap(t.replace("\n", " ⏎ "), 76, subsequent_indent="  ")) for t in record["passes"]]
    out += ["", f"Silence it in one draft with <!-- draftkit: ignore {spec.id} -->"]
    return "\n".join(out)
