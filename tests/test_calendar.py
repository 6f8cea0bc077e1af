"""The calendar knows the year: public holidays by country, the email clock from the interview's end,
notes on business days, closed windows left out of the drafts and the calendar."""

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

import draftkit
from draftkit.checklist import Config
from draftkit.cli import cli
from draftkit.notes import load_notes
from draftkit.plan import PlanPolicy, holidays_for, is_business_day, make_plan, window_warnings
from draftkit.publicholidays import public_holidays

PLAN_RULES = {"missed-deadline", "premature-follow-up", "too-many-follow-ups", "note-without-address",
              "missing-thank-you"}


def notes_at(notes_data, at, **changes):
    notes_data["interview"]["at"] = at
    notes_data.pop("decision_by", None)
    for key, value in changes.items():
        if key in ("duration_minutes", "end"):
            notes_data["interview"][key] = value
        else:
            notes_data[key] = value
    return load_notes(notes_data)


def due(plan, kind):
    return next((t.due for t in plan if t.kind == kind), None)


def test_us_is_the_default_country_and_thanksgiving_is_off(notes_data):
    notes = notes_at(notes_data, "2026-11-25T10:00:00-08:00")  # Wednesday before Thanksgiving
    plan = make_plan(notes)
    assert due(plan, "note").date() == date(2026, 11, 27)  # not Thu 26 (Thanksgiving)
    assert due(plan, "call").date() == date(2026, 12, 3)   # 5 business days, Thanksgiving skipped


def test_country_from_the_notes(notes_data):
    notes = notes_at(notes_data, "2026-11-25T10:00:00-08:00", country="GB")
    plan = make_plan(notes)
    assert due(plan, "note") == datetime.fromisoformat("2026-11-26T12:00:00-08:00")
    assert due(plan, "call").date() == date(2026, 12, 2)


def test_country_from_the_config_and_notes_win(notes_data):
    policy = Config.from_mapping({"country": "gb"}).plan_policy()
    assert policy.country == "GB"
    notes = notes_at(notes_data, "2026-11-25T10:00:00-08:00")
    assert due(make_plan(notes, policy), "note").date() == date(2026, 11, 26)
    notes = notes_at(notes_data, "2026-11-25T10:00:00-08:00", country="US")
    assert due(make_plan(notes, policy), "note").date() == date(2026, 11, 27)


def test_config_holidays_add_to_the_public_ones(notes_data):
    notes = notes_at(notes_data, "2026-11-24T14:00:00-08:00")
    policy = PlanPolicy(holidays=frozenset({date(2026, 11, 25)}))
    plan = make_plan(notes, policy)
    assert due(plan, "note").date() == date(2026, 11, 24)  # 25 is the config's, 26 Thanksgiving, 26+ past 48 h
    assert due(plan, "call").date() == date(2026, 12, 3)


@pytest.mark.parametrize("country", ["US", "GB", "DE", "JP", "IN", "BR", "FR", "CA"])
@pytest.mark.parametrize("start", [date(2026, 11, 20) + timedelta(days=i) for i in range(0, 45, 3)])
def test_notes_and_calls_only_on_business_days(notes_data, country, start):
    for hour in (9, 17):
        notes = notes_at(notes_data, f"{start.isoformat()}T{hour:02d}:30:00+00:00", country=country)
        holidays = holidays_for(notes, PlanPolicy())
        for touch in make_plan(notes):
            if touch.kind in ("note", "call"):
                assert is_business_day(touch.due.date(), holidays), (touch.kind, touch.due)
                assert touch.due.weekday() < 5


@pytest.mark.parametrize("start", [
    "2026-11-24T14:00:00-08:00", "2026-12-24T16:00:00-05:00", "2026-12-31T11:00:00+01:00",
    "2026-11-27T17:30:00-08:00", "2026-05-22T18:00:00+09:00", "2026-11-26T09:00:00-08:00",
])
def test_what_write_plans_passes_the_checklist_plan_rules(notes_data, start):
    notes = notes_at(notes_data, start)
    drafts = draftkit.write(notes, engine="builtin", now=notes.interview.at + timedelta(hours=1))
    assert [f for f in drafts.findings if f.rule in PLAN_RULES] == []


@pytest.mark.parametrize(("start", "length", "expected"), [
    ("2026-11-24T14:00:00-08:00", None, "2026-11-24T18:00:00-08:00"),    # default hour, then three hours
    ("2026-11-24T14:00:00-08:00", 180, "2026-11-24T20:00:00-08:00"),     # clock starts at the end
    ("2026-11-24T10:00:00-08:00", "2026-11-24T15:30:00-08:00", "2026-11-24T18:30:00-08:00"),
    ("2026-11-24T10:00:00-08:00", "2026-11-24T15:30:00", "2026-11-24T18:30:00-08:00"),  # end takes at's offset
    ("2026-11-24T17:00:00-08:00", 120, "2026-11-25T08:00:00-08:00"),     # 22:00 is late: next morning
    ("2026-11-24T04:00:00-08:00", 30, "2026-11-24T08:00:00-08:00"),      # 07:30 is early: 08:00
    ("2026-11-24T09:00:00+05:30", 720, "2026-11-25T08:00:00+05:30"),     # a 12-hour day: next morning
])
def test_email_a_few_hours_after_the_end_in_waking_hours(notes_data, start, length, expected):
    if isinstance(length, int):
        notes = notes_at(notes_data, start, duration_minutes=length)
    elif length:
        notes = notes_at(notes_data, start, end=length)
    else:
        notes = notes_at(notes_data, start)
    email = due(make_plan(notes), "email")
    assert email.isoformat() == expected
    assert notes.interview.ends_at < email <= notes.interview.at + timedelta(hours=24)


@pytest.mark.parametrize("hour", range(24))
@pytest.mark.parametrize("minutes", [30, 60, 240, 720])
def test_email_always_inside_the_window_and_after_the_end(notes_data, hour, minutes):
    notes = notes_at(notes_data, f"2026-11-24T{hour:02d}:15:00+00:00", duration_minutes=minutes)
    email = due(make_plan(notes), "email")
    assert notes.interview.ends_at < email <= notes.interview.at + timedelta(hours=24)
    assert time(8) <= email.time() <= time(20)


def test_short_window_with_no_waking_hour_sends_soon_after_the_end(notes_data):
    notes = notes_at(notes_data, "2026-11-24T19:00:00-08:00")
    email = due(make_plan(notes, PlanPolicy(email_hours=6)), "email")
    assert email.isoformat() == "2026-11-24T21:00:00-08:00"


def test_no_business_day_in_the_note_window_means_no_note_and_says_why(notes_data):
    notes = notes_at(notes_data, "2026-11-27T19:30:00-08:00")  # Friday evening, ends 20:30
    plan = make_plan(notes)
    assert due(plan, "note") is None
    (line,) = window_warnings(notes, plan, notes.interview.at, PlanPolicy())
    assert line == ("No handwritten note: no business day for mailing falls inside the 48-hour note window "
                    "(until Sun 29 Nov 2026 19:30; days off: Sat 28 Nov, Sun 29 Nov); the email carries the thanks.")


def test_holiday_named_when_it_blocks_the_note(notes_data):
    notes = notes_at(notes_data, "2026-12-24T19:00:00-05:00")  # Thursday evening; Fri 25 Christmas
    plan = make_plan(notes)
    assert due(plan, "note") is None
    assert "days off: Fri 25 Dec (Christmas Day), Sat 26 Dec" in window_warnings(notes, plan, notes.interview.at, PlanPolicy())[0]


def test_decision_too_soon_for_a_note_is_said(notes_data):
    notes = notes_at(notes_data, "2026-11-24T14:00:00-08:00", decision_by="2026-11-27")
    plan = make_plan(notes)
    assert due(plan, "note") is None
    assert window_warnings(notes, plan, notes.interview.at, PlanPolicy())[0].startswith(
        "No handwritten note: the decision is due 2026-11-27, under 7 days after the interview")


def test_plan_does_not_depend_on_the_clock(notes_data):
    notes = notes_at(notes_data, "2026-11-24T14:00:00-08:00")
    early = draftkit.write(notes, engine="builtin", now=datetime.fromisoformat("2026-11-24T15:00:00-08:00"))
    late = draftkit.write(notes, engine="builtin", now=datetime.fromisoformat("2026-11-26T15:00:00-08:00"))
    dues = {d.id: d.due for d in late.drafts}
    assert dues == {d.id: d.due for d in early.drafts if d.kind != "note"}


NOW_CASES = [
    # (now, note drafted, the summary line expected)
    ("2026-11-24T15:00:00-08:00", True, None),
    ("2026-11-26T13:59:00-08:00", True, "thank-you emails closed on Wed 25 Nov 2026 14:00"),
    ("2026-11-26T14:01:00-08:00", False,
     "handwritten note to Priya Raman closed on Thu 26 Nov 2026 14:00: no note drafted or calendared; "
     "send the thank-you email today instead"),
    ("2026-12-08T09:00:00-08:00", False, "The status call to Priya Raman was due Mon 07 Dec 2026 10:00: call now."),
]


@pytest.mark.parametrize(("now", "has_note", "line"), NOW_CASES)
def test_closed_note_window_not_drafted_nor_calendared(runner, in_tmp, now, has_note, line):
    example = Path(__file__).parent.parent / "examples" / "notes.json"
    result = runner.invoke(cli, ["write", str(example), "-o", "out", "--now", now], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert Path("out/note-priya-raman.txt").exists() is has_note
    ics = Path("out/plan.ics").read_text()
    assert ("Mail handwritten note" in ics) is has_note
    assert "Send thank-you email to Priya Raman" in ics and "Status call to Priya Raman" in ics
    data = json.loads(Path("out/drafts.json").read_text())
    assert [f for f in data["findings"] if f["rule"] in PLAN_RULES] == []
    if line:
        assert line in " ".join(result.output.split())
    else:
        assert "closed" not in result.output


def test_public_holidays_come_from_the_holidays_package():
    assert public_holidays("US", 2026)[date(2026, 11, 26)] == "Thanksgiving Day"
    assert date(2026, 12, 26) in public_holidays("GB", 2026)  # Boxing Day
    assert public_holidays("US", 2026) == public_holidays("US", 2026)


def test_holiday_cache_is_rebuilt_when_broken(tmp_path, monkeypatch):
    import draftkit.publicholidays as module

    monkeypatch.setenv("DRAFTKIT_CACHE_DIR", str(tmp_path))
    module.public_holidays.cache_clear()
    fresh = module.public_holidays("DE", 2027)
    (cached,) = (tmp_path / "holidays").glob("DE-2027-*.json")
    cached.write_text('["not", "a", "mapping"]')
    module.public_holidays.cache_clear()
    assert module.public_holidays("DE", 2027) == fresh
    assert json.loads(cached.read_text())["2027-10-03"] == "German Unity Day"
    module.public_holidays.cache_clear()


@pytest.mark.parametrize(("toml", "line"), [
    ('country = "ZZ"', "country: 'ZZ' is not a country code the holidays calendar knows"),
    ("country = 7", "country: '7' is not a two-letter ISO 3166 country code"),
])
def test_bad_config_country_exit_2(runner, in_tmp, toml, line):
    Path("draftkit.toml").write_text(toml + "\n")
    example = Path(__file__).parent.parent / "examples" / "notes.json"
    result = runner.invoke(cli, ["write", str(example), "--now", "2026-11-24T15:00:00-08:00"], catch_exceptions=False)
    assert result.exit_code == 2
    (error,) = result.output.strip().splitlines()
    assert error.startswith(f"Error: {Path('draftkit.toml').resolve()}: {line}")


@pytest.mark.parametrize(("config", "call"), [
    ("", "2026-12-02T10:00:00-08:00"),                 # US: Thanksgiving is skipped
    ('country = "GB"\n', "2026-12-01T10:00:00-08:00"),
    ('country = "GB"\nholidays = ["2026-11-30"]\n', "2026-12-02T10:00:00-08:00"),
])
def test_config_country_used_by_write(runner, in_tmp, notes_data, config, call):
    Path("draftkit.toml").write_text(config)
    notes_data.pop("decision_by")
    Path("n.json").write_text(json.dumps(notes_data))
    result = runner.invoke(cli, ["write", "n.json", "-o", "out", "--now", "2026-11-24T15:00:00-08:00"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(Path("out/drafts.json").read_text())
    assert [d["due"] for d in data["drafts"] if d["kind"] == "call"] == [call]
    assert [f for f in data["findings"] if f["rule"] in PLAN_RULES] == []
