"""A big drafts file checked in worker processes gives exactly the findings one process gives."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from draftkit import workers
from draftkit.checklist import Config, check_drafts, parallel
from draftkit.checklist.context import NotesContext
from draftkit.checklist.corpus import load_cases
from draftkit.cli import cli
from draftkit.drafts import Draft, Finding, assign_ids
from draftkit.notes import load_notes

ROOT = Path(__file__).resolve().parent.parent
COMMENTS = ["", "<!-- draftkit: ignore pushy -->", "<!-- draftkit: ignore -->", "<!-- draftkit: ignore no-thanks, not-a-rule -->"]

pytestmark = pytest.mark.skipif(workers.fork_context() is None, reason="worker processes need fork")


@pytest.fixture(autouse=True)
def two_cores(monkeypatch):
    """As on a two-core machine, whatever this one has."""
    monkeypatch.setattr(workers, "cores", lambda: 2)


def _big_file() -> tuple[Path, list[Draft]]:
    """The evals notes file with the most drafts, its drafts repeated with small edits (a figure, a
    repeated sentence, an ignore comment) until there are more than the workers' minimum."""
    by_notes: dict[Path, list[Draft]] = {}
    for case in load_cases(ROOT / "evals"):
        by_notes.setdefault(case.notes_path, []).extend(case.drafts)
    notes_path, drafts = max(by_notes.items(), key=lambda item: len(item[1]))
    grown, i = [], 0
    while len(grown) < parallel.MIN_DRAFTS + 50:
        for draft in drafts:
            edit = [f"\nWe met {i % 7 + 2} times.", "", "\n" + COMMENTS[i % len(COMMENTS)]][i % 3]
            grown.append(draft.model_copy(update={"id": "", "body": draft.body + edit}))
            i += 1
    return notes_path, assign_ids(grown)


def test_workers_find_what_one_process_finds():
    notes_path, drafts = _big_file()
    notes = load_notes(notes_path)
    config = Config.default()
    alone = check_drafts(NotesContext(notes), drafts, config)
    shared = check_drafts(NotesContext(notes), drafts, config, workers=2)
    assert {f.rule for f in alone} >= {"duplicate-drafts", "unsupported-number"}  # text and plan rules both fire
    assert [f.model_dump() for f in shared] == [f.model_dump() for f in alone]


def _pid_finding(draft: Draft) -> list[Finding]:
    return [Finding(rule="x", severity="error", draft=draft.id, to=draft.to, field=None, message=str(os.getpid()))]


def test_the_work_runs_in_workers_in_order():
    drafts = assign_ids([Draft(kind="email", to=f"P{i}", body="") for i in range(parallel.MIN_DRAFTS + 1)])
    found, other = parallel.check_each(drafts, _pid_finding, 2, meanwhile=os.getpid)
    assert other == os.getpid()  # `meanwhile` ran here
    assert [f.draft for f in found] == [d.id for d in drafts]
    assert str(os.getpid()) not in {f.message for f in found}  # every draft was checked by a worker


def test_a_small_file_stays_in_this_process():
    drafts = assign_ids([Draft(kind="email", to=f"P{i}", body="") for i in range(parallel.MIN_DRAFTS - 1)])
    found, _ = parallel.check_each(drafts, _pid_finding, 2, meanwhile=lambda: None)
    assert {f.message for f in found} == {str(os.getpid())}


def test_no_processes_to_be_had_checks_here(monkeypatch):
    class NoPool:
        def Pool(self, workers):  # noqa: N802 (multiprocessing's name)
            raise OSError("fork: resource temporarily unavailable")

    monkeypatch.setattr(workers, "fork_context", NoPool)
    drafts = assign_ids([Draft(kind="email", to=f"P{i}", body="") for i in range(parallel.MIN_DRAFTS + 1)])
    found, _ = parallel.check_each(drafts, _pid_finding, 2, meanwhile=lambda: None)
    assert [f.draft for f in found] == [d.id for d in drafts]
    assert {f.message for f in found} == {str(os.getpid())}


def test_eval_jobs_prints_the_same_report(tmp_path):
    notes_path, drafts = _big_file()
    path = tmp_path / "drafts.json"
    notes = json.loads(notes_path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({"notes": notes, "drafts": [d.model_dump(mode="json") for d in drafts]}), encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(cli, ["eval", "--format", "json", "-j", "1", str(path)])
    two = runner.invoke(cli, ["eval", "--format", "json", "-j", "2", str(path)])
    assert one.exit_code == two.exit_code == 1
    assert json.loads(one.output)["summary"]["errors"] > 0
    assert two.output == one.output


def test_drafts_that_share_an_id_are_each_checked_by_their_own_text():
    notes = load_notes(ROOT / "examples" / "notes.json")
    topic = notes.interviewers[0].topics[0]
    bare = "Dear Priya,\n\nThank you for meeting me at Northwind Logistics about the Senior Data Engineer role.\n\nBest,\nAlex"
    specific = bare.replace("about the", f"to talk about {topic} and the")
    drafts = [Draft(id="note-priya", kind="note", to="Priya Raman", body=text) for text in (bare, specific)]
    found = {(f.rule, f.draft) for f in check_drafts(NotesContext(notes), drafts, Config.default())}
    assert ("no-specifics", "note-priya") in found  # the first says nothing specific, whatever the second says


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_big_report_laid_out_by_workers_is_the_one_laid_out_here(tmp_path, monkeypatch, fmt):
    from draftkit import reports

    notes_path, drafts = _big_file()
    path = tmp_path / "drafts.json"
    notes = json.loads(notes_path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({"notes": notes, "drafts": [d.model_dump(mode="json") for d in drafts]}), encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(cli, ["eval", "--format", fmt, "-j", "1", str(path)])
    shared_out = []
    real = reports.map_flat

    def spy(items, each, workers, **options):
        shared_out.append(workers >= 2 and len(items) >= options["min_items"])
        return real(items, each, workers, **options)

    monkeypatch.setattr(reports, "MIN_FINDINGS", 100)
    monkeypatch.setattr(reports, "CHUNK", 37)
    monkeypatch.setattr(reports, "map_flat", spy)
    two = runner.invoke(cli, ["eval", "--format", fmt, "-j", "2", str(path)])
    assert shared_out == [True]
    assert two.output == one.output


def test_eval_styles_its_report_only_where_colour_shows(tmp_path):
    runner = CliRunner()
    path = str(tmp_path / "out")
    assert runner.invoke(cli, ["write", str(ROOT / "examples" / "notes.json"), "-o", path]).exit_code == 0
    email = sorted((tmp_path / "out").glob("*.eml"))[0]
    email.write_text(email.read_text(encoding="utf-8") + "\nSorry I rambled!!\n", encoding="utf-8")  # findings to show
    plain = runner.invoke(cli, ["eval", path])
    coloured = runner.invoke(cli, ["eval", path], color=True)
    assert "\x1b[" not in plain.output
    assert "\x1b[1m" in coloured.output
    assert click.unstyle(coloured.output) == plain.output
