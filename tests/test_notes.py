import json

import pytest
from conftest import set_path

import draftkit
from draftkit.notes import Notes, load_notes, notes_schema


def test_example_notes_load(notes_data):
    notes = load_notes(notes_data)
    assert notes.company == "Northwind Logistics"
    assert notes.primary.name == "Priya Raman"
    assert notes.interview.at.utcoffset().total_seconds() == -8 * 3600
    assert not notes.assumed_local_tz


BAD = [
    (("interviewers", 0, "nmae"), "x", 'interviewers[0].nmae: unknown key "nmae"'),
    (("colour",), "x", 'colour: unknown key "colour"'),
    (("candidate", "name"), ..., "candidate.name: required field is missing"),
    (("company",), ..., "company: required field is missing"),
    (("role",), 7, "role: must be text in quotes, got 7"),
    (("interview", "at"), "next tuesday", "interview.at: 'next tuesday' is not a date-time: write it as ISO 8601"),
    (("interview", "at"), ..., "interview.at: required field is missing"),
    (("interview", "format"), "carrier pigeon", "interview.format: must be one of 'onsite', 'video' or 'phone', got 'carrier pigeon'"),
    (("culture",), "friendly", "culture: must be one of 'formal', 'neutral' or 'casual', got 'friendly'"),
    (("interviewers",), [], "interviewers: list at least one interviewer"),
    (("interviewers",), ..., "interviewers: required field is missing"),
    (("interviewers", 0, "topics"), "kafka", "interviewers[0].topics: must be a list [...], got 'kafka'"),
    (("decision_by",), "2026-11-20", "decision_by (2026-11-20) must be after the interview date"),
    (("decision_by",), "2026-11-24", "must be after the interview date"),
    (("decision_by",), "soon", "decision_by: 'soon' is not a date: write it as ISO 8601, e.g. 2026-12-05"),
    (("interviewers", 1, "primary"), True, "at most one interviewer may have primary: true"),
    (("candidate", "name"), "", "candidate.name: must not be empty"),
]


@pytest.mark.parametrize(("path", "value", "message"), BAD)
def test_bad_notes_name_the_field(notes_data, path, value, message):
    set_path(notes_data, path, value)
    with pytest.raises(draftkit.NotesError) as info:
        load_notes(notes_data)
    assert any(message in line for line in info.value.problems), info.value.problems


def test_bad_file_errors_name_the_file(tmp_path):
    missing = tmp_path / "nope.json"
    with pytest.raises(draftkit.NotesError, match="nope.json: no such file"):
        load_notes(missing)
    broken = tmp_path / "broken.json"
    broken.write_text('{"company": ')
    with pytest.raises(draftkit.NotesError, match=r"broken.json: not valid JSON: .* line 1, column 13"):
        load_notes(broken)
    top = tmp_path / "list.json"
    top.write_text("[1, 2]")
    with pytest.raises(draftkit.NotesError, match="expected a JSON object"):
        load_notes(top)


def test_naive_interview_time_assumes_local_zone(notes_data):
    notes_data["interview"]["at"] = "2026-11-24T14:00:00"
    notes = load_notes(notes_data)
    assert notes.assumed_local_tz
    assert notes.interview.at.tzinfo is not None
    assert notes.interview.at.hour == 14


def test_yaml_notes(tmp_path, notes_data):
    yaml = pytest.importorskip("yaml")
    path = tmp_path / "notes.yaml"
    path.write_text(yaml.safe_dump(notes_data))
    assert load_notes(path).role == "Senior Data Engineer"


def test_schema_is_json_schema_with_no_extra_keys():
    schema = notes_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) >= {"candidate", "company", "role", "interview", "interviewers"}
    assert schema["$defs"]["Interviewer"]["additionalProperties"] is False
    json.dumps(schema)


def test_notes_round_trip(notes_data):
    notes = load_notes(notes_data)
    again = Notes.model_validate(notes.to_json())
    assert again == notes
