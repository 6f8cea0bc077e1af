"""Rules are checked specs: each data file names its check, and loading refuses any disagreement."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from draftkit.checklist import Config, catalog
from draftkit.checklist.catalog import RuleSpecError, load_catalog, placeholders
from draftkit.checklist.examples import run_example
from draftkit.checklist.registry import CHECKS
from draftkit.cli import cli
from draftkit.kinds import KINDS

DATA = Path(__file__).resolve().parent.parent / "draftkit" / "checklist" / "data"


def test_every_shipped_rule_loads_against_its_check():
    specs = load_catalog(DATA)
    assert set(specs) == set(catalog())
    for spec in specs.values():
        check = CHECKS[spec.check]
        assert set(spec.params) == set(check.params), spec.id
        assert placeholders(spec.message) <= check.values, spec.id
        assert placeholders(spec.fix) <= check.values, spec.id
        assert spec.description and spec.why and spec.fix, spec.id


def test_every_check_is_used_by_a_rule():
    used = {spec.check for spec in catalog().values()}
    assert used == set(CHECKS)


GOOD = (DATA / "too-long.toml").read_text(encoding="utf-8")
PUSHY = (DATA / "pushy.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "text", "error"), [
    ("unknown check", PUSHY.replace('check = "pushy"', 'check = "pushyy"'), "check 'pushyy' does not exist"),
    ("data key the check never reads", PUSHY + '\nsign_lines_extra = ["x"]\n', "does not read sign_lines_extra"),
    ("data key the check needs", re.sub(r"(?m)^exceptions = .*$", "", PUSHY), "check 'pushy' needs exceptions"),
    ("unused setting", GOOD.replace("voicemail_words = 90", "voicemail_words = 90, sign_lines = 6"),
     "unused ['sign_lines']"),
    ("missing setting", GOOD.replace(", voicemail_words = 90", ""), "missing ['voicemail_words']"),
    ("misspelt placeholder", GOOD.replace("{count} {unit}", "{cuont} {unit}"),
     "message names {cuont}, which check 'too-long' does not supply"),
    ("misspelt placeholder in the fix", GOOD.replace("Cut the {field}", "Cut the {feild}"), "fix names {feild}"),
    ("default out of bounds", GOOD.replace("email_words = 200", "email_words = 0"),
     "params.email_words must be between 1 and 100000"),
    ("unknown kind", GOOD.replace('kinds = ["email", "note", "call"]', 'kinds = ["fax"]'), "kinds must be some of"),
    ("no description", re.sub(r"(?m)^description = .*$", "", GOOD), "missing description"),
    ("bad severity", GOOD.replace('severity = "error"', 'severity = "fatal"'), "severity must be one of"),
])
def test_a_broken_rule_fails_to_load(tmp_path, name, text, error):
    assert text != GOOD and text != PUSHY, name  # the edit really happened
    (tmp_path / "broken.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleSpecError, match=re.escape(error)):
        load_catalog(tmp_path)


def test_unchanged_rule_loads(tmp_path):
    (tmp_path / "too-long.toml").write_text(GOOD, encoding="utf-8")
    assert list(load_catalog(tmp_path)) == ["too-long"]


class Recording(dict):
    """Settings that remember which ones a check read."""

    def __init__(self, *args):
        super().__init__(*args)
        self.read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


@pytest.mark.parametrize("rule_id", [r for r, s in catalog().items() if s.params])
def test_every_setting_is_read_by_its_check(rule_id, monkeypatch):
    """A setting declared but never read would be accepted in config and ignored."""
    import draftkit.checklist.engine as engine

    seen: set[str] = set()
    real_rule = Config.rule

    def recording_rule(self, rid):
        settings = real_rule(self, rid)
        if rid != rule_id:
            return settings
        params = Recording(settings.params)
        object.__setattr__(params, "read", seen)
        return type(settings)(settings.enabled, settings.severity, params)

    monkeypatch.setattr(engine.Config, "rule", recording_rule)
    spec = catalog()[rule_id]
    for example in spec.examples_fire + spec.examples_pass:
        run_example(rule_id, example)
    long_call = {"kind": "call", "body": "word " * 300, "voicemail": "word " * 100}
    long_note = {"kind": "note", "body": "word " * 100}
    for example in (long_call, long_note):
        run_example(rule_id, example)
    assert seen == set(spec.params), f"{rule_id} never reads {set(spec.params) - seen}"


def test_config_change_reaches_the_check():
    """[rules.unknown-name] sign_lines is read, not accepted and ignored."""
    body = "Hi Priya,\n\nThank you.\n\nBest,\nAlex\nline\nline\nline"
    default = run_example("unknown-name", body)
    assert default == []
    from draftkit.checklist.engine import check_drafts
    from draftkit.checklist.examples import EXAMPLE_NOTES, _draft  # noqa: F401
    from draftkit.drafts import assign_ids
    from draftkit.notes import parse_notes
    notes = parse_notes(EXAMPLE_NOTES, source="t")
    drafts = assign_ids([_draft({"body": body})])
    tight = Config.from_mapping({"rules": {"unknown-name": {"sign_lines": 2}}})
    assert [f.rule for f in check_drafts(notes, drafts, tight) if f.rule == "unknown-name"] == ["unknown-name"]


def test_kinds_table_is_the_one_list():
    from draftkit import drafts, outputs, prompting
    from draftkit.engines.schemas import OUTPUTS

    assert set(OUTPUTS) == set(KINDS)
    assert {k: v.__name__ for k, v in OUTPUTS.items()} == {k: s.schema for k, s in KINDS.items()}
    assert {k: s.extension for k, s in KINDS.items()} == outputs.EXTENSION
    assert {k: s.fields for k, s in KINDS.items()} == drafts.TEXT_FIELDS
    assert set(prompting.LIMIT_KEYS) == set(catalog()["too-long"].params)


@pytest.mark.parametrize("value", ["nan", "inf", "1e308", "-1"])
def test_cli_config_values_exit_2(tmp_path, value):
    (tmp_path / "draftkit.toml").write_text(f"[rules.premature-follow-up]\nbusiness_days = {value}\n")
    result = CliRunner().invoke(cli, ["rules", "--config", str(tmp_path / "draftkit.toml")])
    assert result.exit_code == 2, result.output
    assert "business_days must be" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("rule_id", list(catalog()))
def test_rules_command_explains_each_rule(rule_id):
    spec = catalog()[rule_id]
    result = CliRunner().invoke(cli, ["rules", rule_id])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith(f"{rule_id} ({spec.severity};")
    for heading in ("Why it matters:", "How to fix:", "Fires on:", "Does not fire on:"):
        assert heading in out
    for key, value in spec.params.items():
        assert f"    {key} = {value}\n" in out
    data = json.loads(CliRunner().invoke(cli, ["rules", rule_id, "--format", "json"]).output)
    assert data["rule"] == rule_id and len(data["fires_on"]) == len(spec.examples_fire)
    assert len(data["passes"]) == len(spec.examples_pass) and data["why"] == spec.why


def test_rules_list_shows_description_severity_kinds_and_config(tmp_path):
    (tmp_path / "draftkit.toml").write_text('[rules.pushy]\nseverity = "warning"\n[rules.cliche]\nenabled = false\n')
    out = CliRunner().invoke(cli, ["rules", "--config", str(tmp_path / "draftkit.toml")]).output
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert lines["pushy"].split()[1:3] == ["warning", "email/note/call"]
    assert lines["cliche"].split()[1] == "off"
    assert catalog()["pushy"].description in lines["pushy"]
    page = CliRunner().invoke(cli, ["rules", "too-long", "--config", str(tmp_path / "draftkit.toml")]).output
    assert "    email_words = 200\n" in page


def test_rules_unknown_rule_is_one_line_exit_2():
    result = CliRunner().invoke(cli, ["rules", "pushyy"])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: no rule 'pushyy' (did you mean pushy?); `draftkit rules` lists them"
