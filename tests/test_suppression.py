"""Ignore comments: work wherever a person puts them, never fail silently, never reach the reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from draftkit.cli import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "notes.json"


def run(runner, *args):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def folder(runner, in_tmp):
    result = run(runner, "write", EXAMPLE, "-o", "out")
    assert result.exit_code == 0, result.output
    return in_tmp / "out"


def _findings(runner):
    data = json.loads(run(runner, "eval", "out", "--format", "json").output)
    return [(f["rule"], f["draft"], f["message"]) for file in data["files"] for f in file["findings"]]


def _call_file(folder: Path) -> Path:
    return next(folder.glob("call-*.md"))


PUSHY = "I need an answer ASAP."


@pytest.mark.parametrize("where", ["top of the file", "after the script heading", "after the voicemail heading",
                                   "end of the script"])
def test_ignore_in_a_call_script_wherever_it_is_put(runner, folder, where):
    path = _call_file(folder)
    text = path.read_text()
    text = text.replace("## Script\n\n", f"## Script\n\n{PUSHY} ", 1)
    comment = "<!-- draftkit: ignore pushy -->"
    if where == "top of the file":
        text = comment + "\n" + text
    elif where == "after the script heading":
        text = text.replace("## Script\n", f"## Script\n{comment}\n", 1)
    elif where == "after the voicemail heading":
        text = text.replace("## Voicemail\n", f"## Voicemail\n{comment}\n", 1)
    else:
        text = text.replace("\n\n## Voicemail", f" {comment}\n\n## Voicemail", 1)
    path.write_text(text)
    assert _findings(runner) == []


def test_without_the_comment_the_call_is_flagged(runner, folder):
    path = _call_file(folder)
    path.write_text(path.read_text().replace("## Script\n\n", f"## Script\n\n{PUSHY} ", 1))
    assert {r for r, _, _ in _findings(runner)} == {"pushy"}


def test_ignore_in_an_edited_eml_works_and_says_to_remove_it(runner, folder):
    path = folder / "email-priya-raman.eml"
    raw = path.read_text()
    path.write_text(raw.replace(" Priya,\n\n", f" Priya,\n\n<!-- draftkit: ignore pushy -->\n{PUSHY} ", 1))  # after the greeting
    result = run(runner, "eval", "out")
    assert result.exit_code == 0, result.output
    assert "pushy" not in result.output.replace("draftkit: ignore pushy", "")
    assert f"{path.relative_to(folder.parent)}: remove the <!-- draftkit: ignore --> comment before you send" in result.output


@pytest.mark.parametrize(("comment", "problem"), [
    ("<!-- draftkit: ignore pushyy -->", 'names "pushyy", which is not a rule (did you mean pushy?)'),
    ("<!-- draftkit: ignore cliche -->", 'silences "cliche", which finds nothing in this draft; remove it'),
    ("<!-- draftkit: ignore -->", "names no rule"),
])
def test_a_useless_comment_is_reported(runner, folder, comment, problem):
    note = next(folder.glob("note-*.txt"))
    note.write_text(note.read_text() + "\n" + comment + "\n")
    found = _findings(runner)
    assert len(found) == 1
    rule, draft, message = found[0]
    assert rule == "ignore-comment" and draft == note.stem
    assert problem in message


def test_comment_never_reaches_the_reader(runner, in_tmp):
    from draftkit import write
    from draftkit.outputs import render_files

    drafts = write(EXAMPLE)
    for draft in drafts.drafts:
        draft.body = "<!-- draftkit: ignore pushy -->\n" + draft.body + "\n<!-- draftkit:ignore cliche, pushy -->"
        if draft.voicemail is not None:
            draft.voicemail += " <!-- draftkit: ignore pushy -->"
    files = render_files(drafts, drafts.drafts[0].due)
    for name, data in files.items():
        if name != "drafts.json":
            assert b"<!--" not in data and b"ignore" not in data.lower(), name
