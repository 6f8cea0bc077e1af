"""Hostile and unusual notes input: one clear line and exit 2, or drafts that keep every name readable."""

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import set_path

import draftkit
from draftkit.cli import cli
from draftkit.drafts import Draft, assign_ids
from draftkit.errors import UsageError
from draftkit.textutil import slugify

NOW = "2026-11-24T15:00:00-08:00"


def run(runner, *args):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


HUGE = "x" * 2_000_000

# (where, value, the one line the user sees after "Error: n.json: ")
BAD = [
    # one-line fields: a line break or control character is an error
    (("role",), "Data Engineer\r\nBcc: boss@evil.example", "role: contains a line break (U+000D); keep it on one line"),
    (("candidate", "name"), "Alex\nKim", "candidate.name: contains a line break (U+000A)"),
    (("interviewers", 0, "name"), "Priya\x00Raman", "interviewers[0].name: contains a control character (U+0000)"),
    (("company",), "North\x07wind", "company: contains a control character (U+0007)"),
    (("interviewers", 1, "title"), "Staff\u2028Engineer", "interviewers[1].title: contains a line break (U+2028)"),
    # invisible format characters that come with copied text
    (("candidate", "phone"), "+1 415 555\u200b0134", "candidate.phone: contains an invisible character (U+200B) at position 11"),
    (("role",), "Senior Data\ufeffEngineer", "role: contains an invisible character (U+FEFF)"),
    (("interviewers", 0, "name"), "Priya \u202eRaman", "interviewers[0].name: contains an invisible character (U+202E)"),
    # names: letters, said first name first, nothing but the name
    (("interviewers", 1, "name"), "Lee, Marcus", "interviewers[1].name: 'Lee, Marcus' has a comma; write the name as it is said"),
    (("candidate", "name"), "Kim, Alex, Jr.", "candidate.name: 'Kim, Alex, Jr.' has a comma"),
    (("interviewers", 0, "name"), ", Jr.", "interviewers[0].name: ', Jr.' has a comma"),
    (("interviewers", 0, "name"), "Bcc: boss@evil.example", "interviewers[0].name: 'Bcc: boss@evil.example' has @, <, >, : or ;"),
    (("interviewers", 0, "name"), "Priya <p@x.example>", "interviewers[0].name: 'Priya <p@x.example>' has @, <, >, : or ;"),
    (("interviewers", 0, "name"), "..", "interviewers[0].name: '..' has no letters; write the person's name"),
    (("interviewers", 0, "name"), "\U0001f642\U0001f642", "interviewers[0].name: '\U0001f642\U0001f642' has no letters"),
    (("candidate", "email"), "alex@example..com", "candidate.email: 'alex@example..com' is not one email address"),
    (("candidate", "email"), ".alex@example.com", "candidate.email: '.alex@example.com' is not one email address"),
    (("interviewers", 0, "email"), "p@n.example\r\nBcc: x@evil.example", "interviewers[0].email: contains a line break"),
    (("candidate", "email"), "Kim <boss@evil.example>", "candidate.email: 'Kim <boss@evil.example>' is not one email address"),
    (("interviewers", 0, "email"), "a@b.example, c@d.example", "interviewers[0].email: 'a@b.example, c@d.example' is not one"),
    (("interviewers", 0, "email"), "priya", "interviewers[0].email: 'priya' is not one email address like name@example.com"),
    # bounded lengths
    (("company",), "N" * 300, "company: is 300 characters long; keep it to 100 or fewer"),
    (("interviewers", 0, "name"), "P" * 300, "interviewers[0].name: is 300 characters long; keep it to 100 or fewer"),
    (("candidate", "name"), "A" * 101, "candidate.name: is 101 characters long"),
    (("role",), "R" * 201, "role: is 201 characters long; keep it to 200 or fewer"),
    (("highlights",), ["h" * 501], "highlights[0]: is 501 characters long; keep it to 500 or fewer"),
    (("interviewers", 0, "topics"), ["t " * 249], "interviewers[0].topics[0]: has 249 words; keep it to 80 or fewer"),
    (("concerns",), ["scala " * 81], "concerns[0]: has 81 words; keep it to 80 or fewer"),
    (("highlights",), ["led a team"] * 21, "highlights: has 21 items; at most 20 are allowed"),
    (("interviewers", 0, "topics"), ["kafka"] * 11, "interviewers[0].topics: has 11 items; at most 10 are allowed"),
    (("interviewers",), [{"name": f"P{i}"} for i in range(13)], "interviewers: has 13 items; at most 12 are allowed"),
    (("interviewers", 0, "topics"), [HUGE], "interviewers[0].topics[0]: is 2000000 characters long"),
    (("extra",), HUGE, "extra: is 2000000 characters long; keep it to 5000 or fewer"),
    # dates: never a number, never near the ends of the calendar
    (("interview", "at"), 1700000000, "interview.at: 1700000000 is a number, not a date-time: write it as ISO 8601"),
    (("interview", "at"), 1.5e9, "interview.at: 1500000000.0 is a number, not a date-time"),
    (("interview", "at"), "1700000000", "interview.at: '1700000000' is not a date-time: write it as ISO 8601"),
    (("decision_by",), 20261205, "decision_by: 20261205 is a number, not a date: write it as ISO 8601, e.g. 2026-12-05"),
    (("interview", "at"), "0001-01-01T00:00:00+14:00", "interview.at: year 1 is outside 1900-2999; check the date"),
    (("interview", "at"), "0001-01-01T00:00:00", "interview.at: year 1 is outside 1900-2999"),
    (("interview", "at"), "9999-12-31T23:59:59-12:00", "interview.at: year 9999 is outside 1900-2999"),
    (("decision_by",), "9999-12-31", "decision_by (9999-12-31) is more than a year after the interview (2026-11-24)"),
    (("interview", "at"), "2026-02-30T10:00:00Z", "interview.at: '2026-02-30T10:00:00Z' is not a valid date-time"),
    (("interview", "at"), "yesterday", "interview.at: 'yesterday' is not a date-time: write it as ISO 8601, e.g. 2026-11-24T14:00:00-08:00"),
    (("decision_by",), "2026-12-05T25:00", "decision_by: '2026-12-05T25:00' is not a valid date"),
    # length or end of the interview
    (("interview", "duration_minutes"), 0, "interview.duration_minutes: must be at least 1, got 0"),
    (("interview", "duration_minutes"), 100000, "interview.duration_minutes: must be between 1 and 720, got 100000"),
    (("interview", "duration_minutes"), "sixty", "interview.duration_minutes: must be a whole number, got 'sixty'"),
    (("interview", "end"), "2026-11-24T13:00:00-08:00", "interview.end (2026-11-24T13:00:00-08:00) must be after interview.at"),
    (("interview", "end"), "2026-11-25T14:00:00-08:00", "interview.end is more than 12 hours after interview.at"),
    (("interview", "end"), 1700000000, "interview.end: 1700000000 is a number, not a date-time"),
    # choices and countries
    (("culture",), "Friendly", "culture: must be one of 'formal', 'neutral' or 'casual', got 'friendly'"),
    (("country",), "XX", "country: 'XX' is not a country code the holidays calendar knows"),
    (("country",), "USA", "country: 'USA' is not a two-letter ISO 3166 country code such as US, GB or DE"),
    (("country",), 12, "country: must be text in quotes, got 12"),
    # wording is ours, never the validator's
    (("role",), 7, "role: must be text in quotes, got 7"),
    (("interviewers", 0, "primary"), "maybe", "interviewers[0].primary: must be true or false, got 'maybe'"),
    (("interviewers", 0, "topics"), "kafka", "interviewers[0].topics: must be a list [...], got 'kafka'"),
    (("candidate",), "Alex", "candidate: must be an object {...}, got 'Alex'"),
    # the same person twice
    (("interviewers", 1, "name"), "priya  RAMAN",
     'interviewers[1].name "priya RAMAN" is the same as interviewers[0].name "Priya Raman": add a surname or initial'),
]


@pytest.mark.parametrize(("where", "value", "line"), BAD, ids=[f"{'.'.join(map(str, b[0]))}-{i}" for i, b in enumerate(BAD)])
def test_bad_notes_one_clear_line_exit_2(runner, in_tmp, notes_data, where, value, line):
    set_path(notes_data, where, value)
    Path("n.json").write_text(json.dumps(notes_data))
    result = run(runner, "write", "n.json", "--now", NOW)
    assert result.exit_code == 2
    errors = [x for x in result.output.splitlines() if x.startswith("Error:")]
    assert len(errors) == 1, result.output[:2000]
    assert errors[0].startswith(f"Error: n.json: {line}"), errors[0][:300]
    assert len(errors[0]) < 300, "an error line never echoes a huge value"
    assert "Traceback" not in result.output and "Input should be" not in result.output
    assert not Path("drafts").exists()


@pytest.mark.parametrize(("now", "year"), [("0001-01-01T00:00:00+14:00", 1), ("9999-12-31T23:59:59-12:00", 9999)])
def test_now_near_the_ends_of_the_calendar(runner, in_tmp, now, year):
    result = run(runner, "write", Path(__file__).parent.parent / "examples" / "notes.json", "--now", now)
    assert result.exit_code == 2
    line = f"Error: --now: year {year} is outside 1900-2999; give a date-time near the interview"
    assert [x for x in result.output.splitlines() if x.strip()] == [line]
    assert not Path("drafts").exists()


@pytest.mark.parametrize("now", [datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), datetime(9999, 12, 31, 23)])
def test_api_now_near_the_ends_of_the_calendar(notes_data, now):
    with pytest.raises(UsageError, match=f"--now: year {now.year} is outside 1900-2999"):
        draftkit.write(notes_data, engine="builtin", now=now)


def test_naive_now_in_year_one_is_a_usage_error_not_a_crash(runner, in_tmp):
    result = run(runner, "write", Path(__file__).parent.parent / "examples" / "notes.json", "--now", "0001-01-01T00:00:00")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "Error: --now: year 1 is outside 1900-2999; give a date-time near the interview" in result.output


def _write_ok(runner, notes_data, name="n.json"):
    Path(name).write_text(json.dumps(notes_data, ensure_ascii=False))
    result = run(runner, "write", name, "-o", "out", "--now", NOW)
    assert result.exit_code == 0, result.output
    return json.loads(Path("out/drafts.json").read_text())


@pytest.mark.parametrize(("where", "value", "stored"), [
    (("culture",), "FORMAL", "formal"),
    (("culture",), " Casual ", "casual"),
    (("interview", "format"), "Video", "video"),
    (("country",), "de", "DE"),
    (("country",), " gb ", "GB"),
    (("interviewers", 0, "topics"), ["the team's\n\non-call   rotation\t"], ["the team's on-call rotation"]),
    (("interviewers", 0, "name"), "Priya   Raman", "Priya Raman"),
    (("interviewers", 0, "name"), "Martin Luther King, Jr.", "Martin Luther King, Jr."),
    (("interviewers", 0, "name"), "राजेश\u200dकुमार", "राजेश\u200dकुमार"),
    (("interviewers", 0, "topics"), ["the on\u200bcall rota\u00ad"], ["the oncall rota"]),
    (("interviewers", 0, "address"), "1 Harbor Way\r\nOakland\rCA", "1 Harbor Way\nOakland\nCA"),
    (("extra",), "line one\r\nline\x00 two", "line one\nline two"),
])
def test_normalised_fields(runner, in_tmp, notes_data, where, value, stored):
    set_path(notes_data, where, value)
    notes = _write_ok(runner, notes_data)["notes"]
    got = notes
    for key in where:
        got = got[key]
    assert got == stored


def test_missing_emails_are_fine(runner, in_tmp, notes_data):
    notes_data["candidate"].pop("email")
    for person in notes_data["interviewers"]:
        person.pop("email", None)
    data = _write_ok(runner, notes_data)
    assert "email" not in data["notes"]["candidate"]
    assert [d["kind"] for d in data["drafts"]].count("email") == 3


NAMES = [
    ("Mei-Ling Chen", "mei-ling-chen"),
    ("Jean-Luc Martin", "jean-luc-martin"),
    ("Zoë Adams", "zoe-adams"),
    ("王伟", "wang-wei"),
    ("Анна Иванова", "anna-ivanova"),
    ("김민준", "gim-min-jun"),
    ("Nguyễn Văn An", "nguyen-van-an"),
    ("Ελένη Παππά", "eleni-pappa"),
    ("Seán Ó Briain", "sean-o-briain"),
]


@pytest.mark.parametrize(("name", "slug"), NAMES)
def test_slug_keeps_a_readable_form_of_every_name(name, slug):
    assert slugify(name) == slug


def test_every_file_name_is_readable_and_ids_follow_the_contract(runner, in_tmp, notes_data):
    notes_data["interviewers"] = [{"name": name, "topics": ["the roadmap"]} for name, _ in NAMES[:6]]
    notes_data["interviewers"][0]["primary"] = True
    data = _write_ok(runner, notes_data)
    emails = [d["id"] for d in data["drafts"] if d["kind"] == "email"]
    assert emails == [f"email-{slug}" for _, slug in NAMES[:6]]
    for draft_id in emails:
        assert Path(f"out/{draft_id}.eml").is_file()
    assert Path("out/call-mei-ling-chen.md").is_file()


def test_same_slug_different_people_get_numbered_ids():
    drafts = assign_ids([Draft(kind="email", to=n, body="") for n in ("Zoë Chen", "Zoe Chen", "ZOE  CHEN!")])
    assert [d.id for d in drafts] == ["email-zoe-chen", "email-zoe-chen-2", "email-zoe-chen-3"]


@pytest.mark.parametrize("text", ["x" * 300, "Long Company Name " * 20, "王" * 200, "-".join(["ab"] * 100)])
def test_slugs_stay_within_file_name_limits(text):
    slug = slugify(text)
    assert 0 < len(slug) <= 60 and slug.isascii() and not slug.startswith("-") and not slug.endswith("-")


@pytest.mark.parametrize(("text", "slug"), [("🙂", "slight-smile"), ("!!!", "u21-u21-u21"), ("", "blank")])
def test_slug_never_empty(text, slug):
    assert slugify(text) == slug


def test_longest_allowed_names_make_short_enough_file_names(runner, in_tmp, notes_data):
    notes_data["company"] = "Northwind " * 10
    notes_data["interviewers"][0]["name"] = "Priya " + "Raman" * 18
    Path("n.json").write_text(json.dumps(notes_data))
    result = run(runner, "write", "n.json", "--now", NOW)
    assert result.exit_code == 0, result.output
    (folder,) = Path("drafts").iterdir()
    assert len(folder.name.encode()) <= 80
    assert all(len(p.name.encode()) <= 80 for p in folder.iterdir())


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, '{"a":' * 50000 + "1" + "}" * 50000],
                         ids=["lists", "objects"])
def test_notes_nested_too_deeply_are_one_line(runner, in_tmp, text):
    Path("deep.json").write_text(text)
    result = run(runner, "write", "deep.json", "--now", NOW)
    assert result.exit_code == 2
    assert [x for x in result.output.splitlines() if x.strip()] == [
        "Error: deep.json: nested too deeply to be notes (lists or objects inside one another hundreds "
        "of times); check the file"]


@pytest.mark.parametrize(("where", "value"), [
    (("company",), "Yahoo!"), (("company",), "J."), (("company",), "AT&T"), (("company",), "Acme Inc."),
    (("company",), "İş Bankası"), (("interviewers", 0, "name"), "J."), (("interviewers", 0, "name"), "Martin King, Jr."),
    (("interviewers", 1, "name"), "राजेश कुमार"), (("interviewers", 1, "name"), "முருகன் செல்வம்"),
])
def test_names_that_end_in_a_mark_or_use_any_script_pass_their_own_checklist(notes_data, where, value):
    set_path(notes_data, where, value)
    if where[0] == "interviewers":
        notes_data["interviewers"][where[1]].pop("salutation", None)
    drafts = draftkit.write(notes_data, engine="builtin", now=datetime(2026, 11, 20, tzinfo=timezone.utc))
    assert [(f.rule, f.text) for f in drafts.findings if f.severity == "error"] == []
