"""Work the checklist does once: a draft composed and checked is not checked twice; a notes file's
context is reused only while its content is unchanged; phrase scans and masks stay proportional."""

from __future__ import annotations

from datetime import datetime

import pytest

from draftkit import api
from draftkit.checklist import Config, check_drafts, text_findings
from draftkit.checklist import engine as checklist_engine
from draftkit.checklist.context import NotesContext, TokenMask
from draftkit.checklist.examples import EXAMPLE_NOTES
from draftkit.drafts import Draft, assign_ids
from draftkit.notes import parse_notes

NOW = datetime.fromisoformat("2026-11-24T15:00:00-08:00")


@pytest.fixture
def rule_runs(monkeypatch):
    calls = []
    real = checklist_engine._run_text_rules

    def counting(draft, config, view, ignored):
        calls.append(draft.body)
        return real(draft, config, view, ignored)

    monkeypatch.setattr(checklist_engine, "_run_text_rules", counting)
    return calls


def test_write_checks_each_final_draft_once(rule_runs):
    result = api.write(parse_notes(EXAMPLE_NOTES, source="t"), "builtin", config=Config.default(), now=NOW)
    bodies = [d.body for d in result.drafts]
    assert all(rule_runs.count(body) == 1 for body in bodies)  # composer's check reused by write's check
    assert result.findings == check_drafts(parse_notes(EXAMPLE_NOTES, source="t2"), result.drafts, Config.default())


def test_reused_findings_carry_the_later_id(rule_runs):
    notes = parse_notes(EXAMPLE_NOTES, source="t")
    ctx, config = NotesContext(notes), Config.default()
    draft = Draft(kind="email", to=notes.interviewers[0].name, subject="Hi", body="Hi.\n\nI really need an answer!!")
    first = text_findings(ctx, draft, config)
    named = assign_ids([draft.model_copy()])[0]
    again = check_drafts(notes, [named], config)
    assert len(rule_runs) == 1
    assert first and {f.draft for f in first} == {""}
    assert {f.draft for f in again if f.field} == {named.id}


def test_an_edited_notes_file_gets_a_new_context():
    data = {**EXAMPLE_NOTES, "company": "Reuse Test Company"}
    notes = parse_notes(data, source="t")
    first = NotesContext.of(notes)
    assert first.notes is notes
    assert NotesContext.of(parse_notes(data, source="t")) is first  # same content, another object
    notes.company = "Another Company"
    second = NotesContext.of(notes)
    assert second is not first and second.company_pattern.search("Another Company")
    assert NotesContext.of(parse_notes(data, source="t")) is not first  # first's notes were edited since


def test_a_different_config_is_not_served_from_the_cache(rule_runs):
    notes = parse_notes(EXAMPLE_NOTES, source="t")
    draft = assign_ids([Draft(kind="email", to=notes.interviewers[0].name, subject="Hi", body="Hi there.")])
    check_drafts(notes, draft, Config.default())
    check_drafts(notes, draft, Config.default())
    assert len(rule_runs) == 2


@pytest.mark.parametrize("words", [1_000, 8_000])
def test_mask_looks_up_only_words_that_start_a_phrase(words):
    mask = TokenMask({"Northwind Logistics", "data platform migration"})
    lookups = []
    branch = mask._subtrie

    def counting(word):
        lookups.append(word)
        return branch(word)

    mask._subtrie = counting
    text = " ".join(["filler"] * words + ["Northwind", "Logistics"])
    assert mask.finditer(text) == [(len(text) - len("Northwind Logistics"), len(text))]
    assert lookups == ["northwind"]  # one phrase start in the text, one walk, whatever its length
