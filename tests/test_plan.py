from datetime import date, datetime, timedelta

import pytest

from draftkit.notes import load_notes
from draftkit.plan import (
    PlanPolicy,
    add_business_days,
    earliest_call_date,
    make_plan,
    window_warnings,
)


def plan_for(notes_data, at, decision_by=None, policy=None, **person):
    notes_data["interview"]["at"] = at
    notes_data["decision_by"] = decision_by
    if decision_by is None:
        notes_data.pop("decision_by")
    notes = load_notes(notes_data)
    return notes, make_plan(notes, policy or PlanPolicy())


def dues(plan, kind):
    return [t.due for t in plan if t.kind == kind]


def test_example_plan_matches_design(notes_data):
    notes, plan = plan_for(notes_data, "2026-11-24T14:00:00-08:00", "2026-12-05")
    assert [t.kind for t in plan] == ["email", "email", "email", "note", "call"]
    assert dues(plan, "email")[0].isoformat() == "2026-11-24T18:00:00-08:00"
    assert dues(plan, "note")[0].isoformat() == "2026-11-25T12:00:00-08:00"
    # decision Sat Dec 5 -> call on the business day after: Mon Dec 7
    assert dues(plan, "call")[0].isoformat() == "2026-12-07T10:00:00-08:00"


@pytest.mark.parametrize("at", [
    "2026-11-27T17:30:00-08:00",  # late Friday
    "2026-11-27T23:45:00-08:00",  # very late Friday
    "2026-11-28T06:00:00+09:00",  # early Saturday, Tokyo
    "2026-11-24T09:00:00+00:00",
    "2026-11-24T20:00:00-05:00",
])
def test_every_email_is_within_24_hours_and_after_the_interview(notes_data, at):
    notes, plan = plan_for(notes_data, at)
    for due in dues(plan, "email"):
        assert notes.interview.at < due <= notes.interview.at + timedelta(hours=24)
        assert due.utcoffset() == notes.interview.at.utcoffset()


def test_late_friday_email_not_pushed_to_monday(notes_data):
    notes, plan = plan_for(notes_data, "2026-11-27T17:30:00-08:00")
    due = dues(plan, "email")[0]
    assert due.date() <= date(2026, 11, 28)
    assert not (due.hour >= 21 or due.hour < 7), "kept out of the night"


def test_note_before_a_weekend_goes_the_same_evening(notes_data):
    notes, plan = plan_for(notes_data, "2026-11-27T17:30:00-08:00")
    (due,) = dues(plan, "note")
    assert due.isoformat() == "2026-11-27T19:30:00-08:00"  # Sat/Sun are no business days; Mon is past 48 h


def test_notes_only_for_people_with_an_address(notes_data):
    notes, plan = plan_for(notes_data, "2026-11-24T14:00:00-08:00")
    assert [t.to.name for t in plan if t.kind == "note"] == ["Priya Raman"]


@pytest.mark.parametrize(("decision_by", "has_note"), [
    ("2026-11-30", False), ("2026-11-25", False), ("2026-12-01", True), ("2026-12-20", True), (None, True),
])
def test_note_only_when_decision_is_a_week_away(notes_data, decision_by, has_note):
    notes, plan = plan_for(notes_data, "2026-11-24T14:00:00-08:00", decision_by)
    assert bool(dues(plan, "note")) is has_note


@pytest.mark.parametrize(("at", "decision_by", "call_day"), [
    ("2026-11-24T14:00:00-08:00", None, "2026-12-02"),          # Tue + 5 business days, Thanksgiving off
    ("2026-11-27T17:30:00-08:00", None, "2026-12-04"),          # Fri + 5 -> next Fri
    ("2026-11-28T10:00:00-08:00", None, "2026-12-04"),          # Sat interview counts from Sat
    ("2026-11-24T14:00:00-08:00", "2026-12-05", "2026-12-07"),  # decision on a Saturday
    ("2026-11-24T14:00:00-08:00", "2026-12-06", "2026-12-07"),  # decision on a Sunday
    ("2026-11-24T14:00:00-08:00", "2026-12-09", "2026-12-10"),  # decision mid-week
    ("2026-11-24T14:00:00-08:00", "2026-11-26", "2026-12-02"),  # early decision: 5 days still rule
])
def test_call_date(notes_data, at, decision_by, call_day):
    notes, plan = plan_for(notes_data, at, decision_by)
    (due,) = dues(plan, "call")
    assert due.date().isoformat() == call_day
    assert due.hour == 10
    assert [t.to.name for t in plan if t.kind == "call"] == ["Priya Raman"]


def test_holidays_and_business_days_from_policy(notes_data):
    policy = PlanPolicy(holidays=frozenset({date(2026, 11, 26), date(2026, 11, 27)}))
    notes, plan = plan_for(notes_data, "2026-11-24T14:00:00-08:00", policy=policy)
    assert dues(plan, "call")[0].date() == date(2026, 12, 3)
    notes, plan = plan_for(notes_data, "2026-11-24T14:00:00-08:00", policy=PlanPolicy(business_days=7))
    assert dues(plan, "call")[0].date() == date(2026, 12, 4)  # Thanksgiving (Nov 26) is a US holiday


def test_primary_defaults_to_first_interviewer(notes_data):
    for person in notes_data["interviewers"]:
        person.pop("primary", None)
    notes, plan = plan_for(notes_data, "2026-11-24T14:00:00-08:00")
    assert [t.to.name for t in plan if t.kind == "call"] == ["Priya Raman"]
    notes_data["interviewers"][2]["primary"] = True
    notes, plan = plan_for(notes_data, "2026-11-24T14:00:00-08:00")
    assert [t.to.name for t in plan if t.kind == "call"] == ["Dana Whitfield"]


def test_time_zone_of_interview_is_kept(notes_data):
    notes, plan = plan_for(notes_data, "2026-07-03T21:00:00+09:00")
    assert {t.due.utcoffset() for t in plan} == {timedelta(hours=9)}
    assert dues(plan, "email")[0].isoformat() == "2026-07-04T08:00:00+09:00"


def test_add_business_days_skips_weekends():
    assert add_business_days(date(2026, 11, 27), 1) == date(2026, 11, 30)
    assert add_business_days(date(2026, 11, 27), 0) == date(2026, 11, 27)


def test_window_warnings_depend_on_now_only_for_the_summary(notes_data):
    notes, plan = plan_for(notes_data, "2026-11-24T14:00:00-08:00", "2026-12-05")
    policy = PlanPolicy()
    assert window_warnings(notes, plan, datetime.fromisoformat("2026-11-24T15:00:00-08:00"), policy) == []
    late = window_warnings(notes, plan, datetime.fromisoformat("2026-11-27T09:00:00-08:00"), policy)
    assert any("thank-you emails closed" in w for w in late)
    assert any("handwritten note to Priya Raman closed" in w for w in late)
    plan_later, _ = make_plan(notes, policy), None
    assert make_plan(notes, policy) == plan_later
    assert earliest_call_date(notes, policy) == date(2026, 12, 7)
