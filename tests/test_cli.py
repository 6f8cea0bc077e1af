import json
import xml.etree.ElementTree as ET
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from conftest import EXAMPLE, NOTES_FILES

from draftkit.cli import cli

OUT = Path("drafts/northwind-logistics-2026-11-24")


def run(runner, *args, **kwargs):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


def test_write_example_writes_every_file(runner, in_tmp):
    result = run(runner, "write", EXAMPLE, "--now", "2026-11-24T15:00:00-08:00")
    assert result.exit_code == 0, result.output
    assert "Engine: builtin" in result.output and "never left this machine" in result.output
    assert "Checklist: every draft passes." in result.output
    names = sorted(p.name for p in OUT.iterdir() if p.name != ".draftkit")  # the marker: draftkit wrote it
    assert names == sorted([
        "drafts.json", "plan.ics", "email-priya-raman.eml", "email-marcus-lee.eml",
        "email-dana-whitfield.eml", "note-priya-raman.txt", "call-priya-raman.md",
    ])
    data = json.loads((OUT / "drafts.json").read_text())
    assert data["engine"] == "builtin"
    assert [d["id"] for d in data["drafts"]][:3] == ["email-priya-raman", "email-marcus-lee", "email-dana-whitfield"]
    assert data["findings"] == []
    assert data["notes"]["company"] == "Northwind Logistics"


def test_eml_is_a_real_message(runner, in_tmp, notes_data):
    del notes_data["interviewers"][1]["email"]
    Path("n.json").write_text(json.dumps(notes_data))
    assert run(runner, "write", "n.json").exit_code == 0
    msg = BytesParser(policy=policy.default).parsebytes((OUT / "email-priya-raman.eml").read_bytes())
    assert msg["From"] == "Alex Kim <alex.kim@example.com>"
    assert msg["To"] == "Priya Raman <priya.raman@northwind.example>"
    saved = json.loads((OUT / "drafts.json").read_text())
    subject = next(d["subject"] for d in saved["drafts"] if d["id"] == "email-priya-raman")
    assert msg["Subject"] == subject and "Senior Data Engineer" in subject
    assert msg["Date"] and msg["X-Unsent"] == "1"
    assert msg.get_body(("plain",)).get_content().startswith("Dear Priya,") or "Priya" in msg.get_content()
    raw = (OUT / "email-marcus-lee.eml").read_bytes()
    nameless = BytesParser(policy=policy.default).parsebytes(raw)
    assert nameless["To"] is None and b"\nTo:" not in raw  # no address: no header, never an invalid one
    assert "Marcus" in nameless.get_content()


def test_ics_is_valid_icalendar(runner, in_tmp):
    run(runner, "write", EXAMPLE, "--now", "2026-11-24T15:00:00-08:00")
    raw = (OUT / "plan.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    text = raw.decode().replace("\r\n ", "")
    events = text.split("BEGIN:VEVENT")[1:]
    assert len(events) == 5
    for event in events:
        for prop in ("UID:", "DTSTAMP:20261124T230000Z", "DTSTART:", "SUMMARY:", "BEGIN:VALARM"):
            assert prop in event
    assert "DTSTART:20261125T020000Z" in events[0]  # 18:00 -08:00
    assert len({e.split("UID:")[1].split("\r\n")[0] for e in events}) == 5


def test_call_script_and_note_files(runner, in_tmp):
    run(runner, "write", EXAMPLE)
    md = (OUT / "call-priya-raman.md").read_text()
    assert md.startswith("# Status call: Priya Raman") and "## Script" in md and "## Voicemail" in md
    assert "+1 415 555 0134" in md.split("## Voicemail")[1]
    note = (OUT / "note-priya-raman.txt").read_text()
    assert note.startswith(("Dear Priya,", "Hello Priya,", "Hi Priya,")) and "http" not in note


def test_refuses_to_overwrite_without_force(runner, in_tmp):
    assert run(runner, "write", EXAMPLE).exit_code == 0
    (OUT / "email-priya-raman.eml").write_text("my edits")
    result = run(runner, "write", EXAMPLE)
    assert result.exit_code == 2
    assert "already holds output; pass --force" in result.output
    assert (OUT / "email-priya-raman.eml").read_text() == "my edits"
    result = run(runner, "write", EXAMPLE, "--force")  # an edited draft is the user's work now
    assert result.exit_code == 2
    assert "email-priya-raman.eml was edited after draftkit wrote it; it never replaces your edits" in result.output
    assert (OUT / "email-priya-raman.eml").read_text() == "my edits"
    (OUT / "email-priya-raman.eml").rename("kept.eml")
    result = run(runner, "write", EXAMPLE, "--force")
    assert result.exit_code == 0
    assert (OUT / "email-priya-raman.eml").read_text() != "my edits"
    assert Path("kept.eml").read_text() == "my edits"
    assert not [p for p in Path("drafts").iterdir() if p.name.startswith(".")]


def test_output_option_and_json_format(runner, in_tmp):
    result = run(runner, "write", EXAMPLE, "-o", "out", "--format", "json")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed == json.loads(Path("out/drafts.json").read_text())


def test_markdown_format(runner, in_tmp):
    result = run(runner, "write", EXAMPLE, "--format", "markdown")
    assert result.stdout.startswith("# Follow-up plan: Senior Data Engineer at Northwind Logistics")
    assert "## Call to Priya Raman" in result.stdout


def test_several_notes_and_folders(runner, in_tmp):
    folder = NOTES_FILES[0].parent
    result = run(runner, "write", folder, "-o", "many", "--format", "json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(list(folder.iterdir()))
    assert all(json.loads(line)["drafts"] for line in lines)
    assert sorted(p.name for p in Path("many").iterdir()) == sorted(p.stem for p in folder.iterdir())


def test_batch_keeps_good_results_when_one_file_is_bad(runner, in_tmp):
    Path("bad.json").write_text('{"company": "X"}')
    result = run(runner, "write", EXAMPLE, "bad.json", "-o", "batch")
    assert result.exit_code == 0, "a bad file among good ones is reported and skipped"
    assert (Path("batch") / "notes" / "drafts.json").exists()
    assert not (Path("batch") / "bad").exists()
    assert "bad.json: candidate: required field is missing" in result.output


BAD_FILES = [
    ("missing.json", None, "missing.json: no such file"),
    ("syntax.json", '{"candidate": ', "syntax.json: not valid JSON"),
    ("unknown.json", "UNKNOWN", 'unknown key "favourite_color"'),
    ("type.json", "TYPE", "interviewers[0].topics: must be a list [...], got 'kafka'"),
    ("date.json", "DATE", "interview.at: 'yesterday afternoon' is not a date-time: write it as ISO 8601"),
    ("empty.json", "EMPTY", "interviewers: list at least one interviewer"),
    ("decision.json", "DECISION", "decision_by (2026-11-01) must be after the interview date"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_bad_input_one_line_exit_2_nothing_written(runner, in_tmp, notes_data, name, content, message):
    if content == "UNKNOWN":
        notes_data["favourite_color"] = "blue"
    elif content == "TYPE":
        notes_data["interviewers"][0]["topics"] = "kafka"
    elif content == "DATE":
        notes_data["interview"]["at"] = "yesterday afternoon"
    elif content == "EMPTY":
        notes_data["interviewers"] = []
    elif content == "DECISION":
        notes_data["decision_by"] = "2026-11-01"
    if content is not None:
        Path(name).write_text(content if content.startswith("{") else json.dumps(notes_data))
    result = run(runner, "write", name)
    assert result.exit_code == 2
    assert message in result.output
    assert name in result.output
    assert "Traceback" not in result.output
    assert not Path("drafts").exists()


@pytest.mark.parametrize("flag, env", [(["--traceback"], {}), ([], {"DRAFTKIT_DEBUG": "1"})])
def test_traceback_flag_and_debug_env_keep_the_exit_status(runner, in_tmp, flag, env):
    result = runner.invoke(cli, [*flag, "write", "missing.json"], catch_exceptions=False, env=env)
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.output and "NotesError" in result.output


def test_usage_errors_exit_2(runner, in_tmp):
    assert run(runner, "write").exit_code == 2
    assert run(runner, "write", EXAMPLE, "--engine", "magic").exit_code == 2
    assert run(runner, "write", EXAMPLE, "--now", "tuesday").exit_code == 2
    Path("draftkit.toml").write_text("[rules.pushyy]\n")
    result = run(runner, "write", EXAMPLE)
    assert result.exit_code == 2 and "unknown rule 'pushyy'" in result.output


def test_fail_on_and_config_shared_with_the_plan(runner, in_tmp):
    Path("draftkit.toml").write_text("[rules.too-long]\nemail_words = 30\n")
    result = run(runner, "write", EXAMPLE)
    assert result.exit_code == 0 and "too-long" in result.output
    result = run(runner, "write", EXAMPLE, "-o", "again", "--fail-on", "error")
    assert result.exit_code == 1


def test_closed_windows_are_reported(runner, in_tmp):
    result = run(runner, "write", EXAMPLE, "--now", "2026-11-27T09:00:00-08:00")
    assert "window for thank-you emails closed" in result.output
    plan = json.loads((OUT / "drafts.json").read_text())
    assert plan["drafts"][0]["due"] == "2026-11-24T18:00:00-08:00"  # the plan never depends on now


# --- eval ---------------------------------------------------------------------------------------


@pytest.fixture
def written(runner, in_tmp):
    assert run(runner, "write", EXAMPLE).exit_code == 0
    return OUT


def test_eval_clean_folder(runner, written):
    result = run(runner, "eval", "drafts")
    assert result.exit_code == 0
    assert result.output == "All 5 drafts pass the checklist (1 file).\n"


def _edit_eml(folder, old, new):
    path = folder / "email-priya-raman.eml"
    raw = path.read_text()
    assert old in raw
    path.write_text(raw.replace(old, new))


def test_eval_checks_the_files_the_user_edited(runner, written):
    _edit_eml(written, "With thanks,", "I need an answer ASAP. With thanks,")
    result = run(runner, "eval", "drafts")
    assert result.exit_code == 1
    assert "email-priya-raman.eml:" in result.output and "pushy" in result.output
    assert "^^^^" in result.output
    # the drafts.json path on its own is checked as written
    assert run(runner, "eval", written / "drafts.json").exit_code == 0


def test_eval_output_is_deterministic(runner, written):
    _edit_eml(written, "With thanks,", "Sorry. With thanks,")
    for fmt in ("text", "json", "junit", "github"):
        first = run(runner, "eval", "drafts", "--format", fmt).output
        assert first == run(runner, "eval", "drafts", "--format", fmt).output


def test_eval_json_and_junit(runner, written):
    _edit_eml(written, "With thanks,", "What is the salary range? With thanks,")
    data = json.loads(run(runner, "eval", "drafts", "--format", "json").output)
    assert data["summary"] == {"files": 1, "drafts": 5, "errors": 1, "warnings": 0}
    finding = data["files"][0]["findings"][0]
    assert set(finding) == {"rule", "severity", "draft", "to", "field", "start", "end", "text", "message", "fix",
                            "file", "line", "column", "end_column"}
    assert finding["fix"] == "Remove the question; keep it for the offer conversation."
    assert finding["rule"] == "asks-salary" and finding["text"] == "salary"
    root = ET.fromstring(run(runner, "eval", "drafts", "--format", "junit").output)
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases][-1] == "plan" and len(cases) == 6
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["email-priya-raman"]
    assert failed[0].find("failure").get("type") == "asks-salary"


def test_eval_github_annotations(runner, written):
    _edit_eml(written, "With thanks,", "Just checking in. With thanks,")
    result = run(runner, "eval", "drafts/", "--format", "github")
    assert result.exit_code == 0  # a warning alone does not fail by default
    line = result.output.strip()
    assert line.startswith("::warning file=drafts/northwind-logistics-2026-11-24/email-priya-raman.eml,line=")
    assert ",title=draftkit cliche::email-priya-raman: " in line
    assert run(runner, "eval", "drafts/", "--fail-on", "warning").exit_code == 1


def test_eval_plan_findings_and_skipped_json(runner, written):
    data = json.loads((written / "drafts.json").read_text())
    data["drafts"] = [d for d in data["drafts"] if d["to"] != "Marcus Lee"]
    (written / "drafts.json").write_text(json.dumps(data))
    (written / "other.json").write_text('{"not": "drafts"}')
    result = run(runner, "eval", "drafts")
    assert result.exit_code == 1
    assert "other.json: skipped (not a drafts file)" in result.output
    assert "missing-thank-you [plan (Marcus Lee)]" in result.output


def test_eval_bad_input(runner, in_tmp):
    Path("broken.json").write_text("{")
    assert run(runner, "eval", "broken.json").exit_code == 2
    assert run(runner, "eval", "nowhere").exit_code == 2
    Path("empty").mkdir()
    result = run(runner, "eval", "empty")
    assert result.exit_code == 2 and "no drafts files found" in result.output
    Path("x.json").write_text(json.dumps({"notes": {}, "drafts": []}))
    result = run(runner, "eval", "x.json")
    assert result.exit_code == 2 and "candidate: required field is missing" in result.output


def test_eval_suppression_survives_editing(runner, written):
    data = json.loads((written / "drafts.json").read_text())
    data["drafts"][0]["body"] += "\n<!-- draftkit: ignore pushy -->"
    (written / "drafts.json").write_text(json.dumps(data))
    _edit_eml(written, "With thanks,", "I need an answer ASAP. With thanks,")
    assert run(runner, "eval", "drafts").exit_code == 0


def test_ignore_comment_is_stripped_from_files_for_people(runner, in_tmp, notes_data):
    import draftkit
    from draftkit.outputs import render_files

    drafts = draftkit.write(notes_data, engine="builtin")
    drafts.drafts[0].body += "\n<!-- draftkit: ignore cliche -->"
    files = render_files(drafts, drafts.drafts[0].due)
    assert b"draftkit: ignore" not in files["email-priya-raman.eml"]
    assert b"draftkit: ignore" in files["drafts.json"]


def test_schema_and_rules_commands(runner):
    schema = json.loads(run(runner, "schema").output)
    assert schema["title"] == "draftkit interview notes"
    listing = run(runner, "rules").output.strip().splitlines()
    from draftkit.checklist import catalog

    assert [line.split()[0] for line in listing[: len(catalog())]] == list(catalog())


def test_eval_points_at_the_edited_subject_line(runner, written):
    lines = (written / "email-priya-raman.eml").read_text().splitlines()
    subject = next(line for line in lines if line.startswith("Subject:"))
    _edit_eml(written, subject, subject + " - please reply ASAP")
    lines = (written / "email-priya-raman.eml").read_text().splitlines()
    subject_line = next(i + 1 for i, line in enumerate(lines) if line.startswith("Subject:"))
    result = run(runner, "eval", "drafts", "--format", "github")
    assert f"email-priya-raman.eml,line={subject_line}," in result.output


def test_output_folder_follows_the_umask(runner, in_tmp):
    import os
    import stat

    old = os.umask(0o027)
    try:
        assert run(runner, "write", EXAMPLE).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(OUT.stat().st_mode) == 0o750


@pytest.mark.parametrize(("args", "line"), [
    (["write", EXAMPLE, "--concurrency", "0"],
     "Error: Invalid value for '--concurrency': 0 is not in the range 1<=x<=64. (see 'draftkit write --help')"),
    (["write", EXAMPLE, "--timeout", "-1"],
     "Error: Invalid value for '--timeout': -1.0 is not in the range x>=0.1. (see 'draftkit write --help')"),
    (["eval", EXAMPLE, "--format", "xml"],
     "Error: Invalid value for '--format': 'xml' is not one of 'text', 'json', 'junit', 'github'. "
     "(see 'draftkit eval --help')"),
    (["write", EXAMPLE, "--bogus"], "Error: No such option '--bogus'. (see 'draftkit write --help')"),
    (["write"], "Error: Missing argument 'NOTES...'. (see 'draftkit write --help')"),
    (["bogus"], "Error: No such command 'bogus'. (see 'draftkit --help')"),
])
def test_a_bad_option_is_one_error_line_and_exit_2(runner, args, line):
    result = runner.invoke(cli, [str(a) for a in args], prog_name="draftkit")
    assert result.exit_code == 2
    assert [x for x in result.output.splitlines() if x.strip()] == [line]
