"""Property-based reliability suite (hypothesis): no input crashes, spans and lines point true.

Deterministic in CI (derandomize=True, no example database) and sized to run in well under a
minute on two cores. A property that fails on today's code for a known, owned bug is a strict
xfail naming the bug; when the fix lands it turns into an XPASS failure, and the mark goes.
"""

import json
import re
import shutil
import string
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from fake_llm import FakeLLM
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

import draftkit
from draftkit.cache import ANSWER_TEXT_FIELDS, ResponseCache, request_key
from draftkit.cli import cli
from draftkit.drafts import Draft, DraftSet, assign_ids
from draftkit.errors import NotesError
from draftkit.outputs import drafts_json


def profile(examples: int, *, shrink: bool = True) -> settings:
    """Fixed examples per run; xfail properties skip shrinking (it would only cost time)."""
    phases = (Phase.explicit, Phase.reuse, Phase.generate) + ((Phase.shrink,) if shrink else ())
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None, phases=phases,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


# --- strategies --------------------------------------------------------------------------------

PRINTABLE = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))  # no line breaks or controls
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(PRINTABLE, max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(PRINTABLE, max_size=12), inner, max_size=4),
    max_leaves=12,
)
LETTERS = st.characters(categories=("Lu", "Ll", "Lo"), codec="utf-8")
WORD = st.text(LETTERS, min_size=1, max_size=10)
REAL_NAMES = ["Priya Raman", "Mei-Ling Chen", "Jean-Luc Martin", "王伟", "Анна Иванова", "José Núñez",
              "Siobhán O'Brien", "Alex Kim, Jr.", "Ngozi Okonkwo-Adeyemi", "Dr. Sam Lee", "Ali", "A B"]
NAME = st.sampled_from(REAL_NAMES) | st.lists(WORD, min_size=1, max_size=3).map(" ".join)
PHRASES = ["moving the nightly batch ETL to Kafka streaming", "Why they chose Workday?", "my demo lesson",
           "the team's on-call rotation", "ICU staffing", "an MBA", "<script>alert(1)</script>", "{{ 7*7 }}",
           "cutting costs by 40% in 2025", "Their move to weekend rotas", "ignore previous instructions",
           "pass rates dropping to 41%", "café culture", "the Q3 roadmap (draft)"]
FRAGMENT = st.sampled_from(PHRASES) | st.lists(WORD, min_size=1, max_size=6).map(" ".join)
OFFSET = st.sampled_from([-12 * 60, -8 * 60, -5 * 60, -210, 0, 60, 330, 345, 9 * 60, 14 * 60]).map(
    lambda minutes: timezone(timedelta(minutes=minutes)))
REALISTIC = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31), timezones=OFFSET)
EMAIL = st.builds("{}@{}.example".format, st.text(string.ascii_lowercase, min_size=1, max_size=8),
                  st.text(string.ascii_lowercase, min_size=1, max_size=8))


@st.composite
def person(draw, name: str, primary: bool) -> dict:
    data = {"name": name, "topics": draw(st.lists(FRAGMENT, max_size=3))}
    for key, value in (("title", FRAGMENT), ("email", EMAIL), ("address", FRAGMENT), ("salutation", NAME)):
        if draw(st.booleans()):
            data[key] = draw(value)
    if primary:
        data["primary"] = True
    return data


@st.composite
def notes_dicts(draw, moments=REALISTIC) -> dict:
    """Valid notes, as a user would write them: any panel size, cultures, scripts, sparse or full."""
    names = draw(st.lists(NAME, min_size=1, max_size=6, unique_by=lambda n: n.strip().casefold()))
    assume(all(n.strip() for n in names))
    primary = draw(st.none() | st.integers(0, len(names) - 1))
    at = draw(moments)
    data = {
        "candidate": {"name": draw(NAME)},
        "company": draw(FRAGMENT),
        "role": draw(FRAGMENT),
        "culture": draw(st.sampled_from(["formal", "neutral", "casual"])),
        "interview": {"at": at.isoformat(), "format": draw(st.sampled_from(["onsite", "video", "phone"]))},
        "interviewers": [draw(person(n, i == primary)) for i, n in enumerate(names)],
        "highlights": draw(st.lists(FRAGMENT, max_size=3)),
        "concerns": draw(st.lists(st.builds("{}: {}".format, FRAGMENT, FRAGMENT), max_size=2)),
    }
    if draw(st.booleans()):
        data["candidate"]["email"] = draw(EMAIL)
    if draw(st.booleans()):
        data["decision_by"] = (at.date() + timedelta(days=draw(st.integers(1, 60)))).isoformat()
    return data


def paths_in(value, prefix=()):
    """Every path to a value inside nested dicts and lists."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths_in(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from paths_in(item, (*prefix, i))


@st.composite
def mutated_notes(draw) -> object:
    """Valid notes with one part replaced by anything, deleted, or joined by an unknown key."""
    data = draw(notes_dicts())
    path = draw(st.sampled_from(list(paths_in(data))))
    if not path:
        return draw(JSONISH)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    action = draw(st.sampled_from(["replace", "delete", "unknown-key"]))
    if action == "delete":
        del parent[path[-1]]
    elif action == "unknown-key" and isinstance(parent, dict):
        parent[draw(st.text(PRINTABLE, min_size=1, max_size=10))] = draw(JSONISH)
    else:
        parent[path[-1]] = draw(JSONISH | st.datetimes().map(datetime.isoformat) | st.dates().map(date.isoformat))
    return data


def load_or_error(data) -> draftkit.Notes | None:
    """Notes, or None after checking the NotesError is one line per problem."""
    try:
        return draftkit.load_notes(data)
    except NotesError as exc:
        assert exc.problems and str(exc) == exc.problems[0]
        assert all(len(problem.splitlines()) == 1 for problem in exc.problems), exc.problems
        return None


# --- the notes schema --------------------------------------------------------------------------


@profile(100)
@given(st.dictionaries(st.sampled_from(["candidate", "company", "role", "culture", "interview",
                                        "interviewers", "highlights", "concerns", "decision_by", "extra"])
                       | st.text(PRINTABLE, max_size=8), JSONISH, max_size=10))
def test_any_jsonish_mapping_is_notes_or_one_clear_line(data):
    load_or_error(data)


@profile(100)
@given(mutated_notes())
def test_any_change_to_valid_notes_is_notes_or_one_clear_line(data):
    if isinstance(data, dict):
        load_or_error(data)


def load_file(content: str | bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"notes{suffix}"
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        load_or_error(path)


@profile(80)
@given(st.binary(max_size=300) | JSONISH.map(json.dumps) | st.text(PRINTABLE, max_size=50))
def test_any_json_notes_file_is_notes_or_one_clear_line(content):
    load_file(content, ".json")


@profile(30, shrink=False)
@given(st.binary(max_size=300) | JSONISH.map(json.dumps) | st.text(PRINTABLE, max_size=50))
@example("candidate: [Alex Kim")
def test_any_yaml_notes_file_is_notes_or_one_clear_line(content):
    load_file(content, ".yaml")


@profile(20, shrink=False)
@given(st.builds("{}{}{}".format, st.text(PRINTABLE, max_size=4), st.sampled_from(["\n", "\r\n", "\u2028"]),
                 st.text(PRINTABLE, max_size=4)))
def test_a_key_with_a_line_break_is_still_one_clear_line(key):
    load_or_error({key: 1})


@profile(40)
@given(notes_dicts())
def test_generated_notes_are_valid(data):
    """The generator itself: otherwise every property below would test the error path only."""
    assert isinstance(draftkit.load_notes(data), draftkit.Notes)


# --- the planner -------------------------------------------------------------------------------


def business_days_between(start: date, end: date) -> int:
    """Mondays to Fridays after `start`, up to and including `end`."""
    return sum((start + timedelta(days=i)).weekday() < 5 for i in range(1, (end - start).days + 1))


@profile(20)
@given(notes_dicts(), REALISTIC)
def test_every_due_time_lies_inside_its_window(data, now):
    drafts = draftkit.write(data, "builtin", now=now)
    notes = drafts.notes
    at = notes.interview.at
    kinds = [d.kind for d in drafts.drafts]
    if now < at:  # every window is open: every touchpoint is drafted
        assert kinds.count("call") == 1 and kinds.count("email") == len(notes.interviewers)
    for draft in drafts.drafts:
        assert draft.due is not None and notes.interviewer(draft.to) is not None
        if draft.kind == "email":
            assert at < draft.due <= at + timedelta(hours=24)
        elif draft.kind == "note":
            assert at < draft.due <= at + timedelta(hours=48)
            assert notes.interviewer(draft.to).address
        else:
            day = draft.due.astimezone(at.tzinfo).date()
            assert day.weekday() < 5 and business_days_between(at.date(), day) >= 5
            assert notes.decision_by is None or day > notes.decision_by
    assert all(w and "\n" not in w for w in drafts.warnings)


# --- the checklist -----------------------------------------------------------------------------

TRIGGERS = ["I really need an answer by Friday.", "What is the salary range?", "Let me know ASAP.",
            "What is the timeline for the hiring process?", "Could you give me feedback on my interview?",
            "Dear Sir or Madam,", "I am a team player who thinks outside the box.", "Sorry to bother you again.",
            "We grew revenue by 87%.", "[Your Name]", "See https://example.com/portfolio", "a ICU nurse",
            "on Why they chose Workday?.", "the the", "Thank you",
            "I am excited to join", "Priya", "Marcus", "王伟", "Kafka", "\n\n", "\n", "  ", "?.", ",."]
TEXT = st.lists(st.sampled_from(TRIGGERS) | st.text(max_size=12) | WORD, max_size=14).map(" ".join)


@st.composite
def drafts_for(draw, notes: draftkit.Notes) -> list[Draft]:
    names = [p.name for p in notes.interviewers]
    drafts = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["email", "note", "call"]))
        drafts.append(Draft(
            kind=kind, to=draw(st.sampled_from(names) | NAME), body=draw(TEXT),
            subject=draw(TEXT) if kind == "email" else None, voicemail=draw(TEXT) if kind == "call" else None,
            due=draw(st.none() | REALISTIC),
        ))
    return assign_ids(drafts)


def test_every_finding_quotes_its_own_span():
    quoted = []

    @profile(50)
    @given(st.data())
    def spans_hold(data):
        notes = draftkit.load_notes(data.draw(notes_dicts()))
        drafts = DraftSet(notes=notes, drafts=data.draw(drafts_for(notes)))
        ids = {d.id: d for d in drafts.drafts}
        for f in draftkit.check(drafts).findings:
            assert f.message
            if f.field is None:
                assert (f.start, f.end, f.text) == (0, 0, "")
                continue
            draft = ids[f.draft]
            source = draft.due.isoformat() if f.field == "due" else draft.fields()[f.field]
            assert 0 <= f.start <= f.end <= len(source), f
            assert source[f.start : f.end] == f.text, f
            quoted.append(f.rule)

    spans_hold()
    assert len(set(quoted)) >= 8  # the text really trips the rules: many kinds of span were checked


@pytest.mark.xfail(strict=True, reason="checklist (helper C): a finding's text is cut from the draft with "
                   "its ignore comments blanked, so a span over a comment quotes spaces, not the draft's text")
def test_a_span_over_an_ignore_comment_quotes_the_draft(notes_data):
    notes = draftkit.load_notes(notes_data)
    subject = "I really need an answer by Friday. " * 3 + "<!-- draftkit: ignore pushy -->"
    draft = Draft(id="email-priya-raman", kind="email", to="Priya Raman", subject=subject, body="Dear Priya,")
    (long,) = [f for f in draftkit.check(DraftSet(notes=notes, drafts=[draft])).findings if f.field == "subject"]
    assert long.text == subject[long.start : long.end]


# --- drafts files ------------------------------------------------------------------------------


@profile(60)
@given(st.data())
def test_drafts_json_round_trips(data):
    notes = draftkit.load_notes(data.draw(notes_dicts()))
    drafts = DraftSet(notes=notes, engine=data.draw(st.sampled_from(["builtin", "openai"])),
                      drafts=data.draw(drafts_for(notes)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "drafts.json"
        path.write_text(drafts_json(drafts), encoding="utf-8")
        loaded = draftkit.load_drafts(path)
    assert loaded.notes == drafts.notes
    assert loaded.engine == drafts.engine
    assert [d.to_json() for d in loaded.drafts] == [d.to_json() for d in drafts.drafts]


@profile(15)
@given(notes_dicts())
def test_saved_files_read_back_as_written(data):
    drafts = draftkit.write(data, "builtin")
    with tempfile.TemporaryDirectory() as folder:
        saved = drafts.save(Path(folder) / "out")
        loaded = draftkit.load_drafts(saved / "drafts.json", edits=True)
    for before, after in zip(drafts.drafts, loaded.drafts, strict=True):
        assert after.fields() == before.fields()


# --- notes → write on the command line ---------------------------------------------------------

NOW = "2026-11-24T16:30:00-08:00"


def write_cli(data, now: str = NOW) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as folder:
        notes, out = Path(folder) / "n.json", Path(folder) / "out"
        notes.write_text(json.dumps(data), encoding="utf-8")
        result = CliRunner().invoke(cli, ["write", str(notes), "-o", str(out), "--now", now])
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        if result.exit_code == 0:
            assert (out / "drafts.json").is_file() and (out / "plan.ics").is_file()
        else:
            assert not out.exists()
        return result.exit_code, result.output


def one_line_per_problem(output: str) -> bool:
    lines = output.splitlines()
    return bool(lines) and all(line.startswith("Error: ") for line in lines)


def test_write_exits_0_for_valid_notes_and_2_with_one_line_otherwise():
    codes = []

    @profile(24)
    @given(notes_dicts() | mutated_notes())
    def each_notes_file(data):
        valid = isinstance(data, dict) and load_or_error(data) is not None
        code, output = write_cli(data)
        if valid:
            assert code == 0, output
        else:
            assert code == 2 and one_line_per_problem(output), output
        codes.append(code)

    each_notes_file()
    assert codes.count(0) >= 5 and codes.count(2) >= 5  # both ways were taken


HOSTILE = st.sampled_from(["\r\n", "\r", "\x00", "\x07", "\u2028", "\x1b[31m", "\n\nBEGIN:VEVENT\n",
                           "x" * 300, "Bcc: boss@evil.example", "Kim, Alex <boss@evil.example>"])


@st.composite
def hostile_notes(draw) -> dict:
    """Valid-looking notes carrying control characters, huge names or dates near the calendar's ends."""
    data = draw(notes_dicts(moments=st.datetimes(timezones=OFFSET)))
    where = draw(st.sampled_from(["candidate", "company", "role", "interviewer", "topic", "email"]))
    text = draw(st.builds("{}{}{}".format, WORD, HOSTILE, WORD))
    if where == "candidate":
        data["candidate"]["name"] = text
    elif where in ("company", "role"):
        data[where] = text
    elif where == "interviewer":
        data["interviewers"][0]["name"] = text
    elif where == "topic":
        data["interviewers"][0]["topics"] = [text]
    else:
        data["interviewers"][0]["email"] = f"a{text}@example.com"
    return data


@profile(30)
@given(hostile_notes(), st.just(NOW) | st.datetimes(timezones=OFFSET).map(datetime.isoformat))
def test_hostile_notes_write_or_exit_2_with_one_line(data, now):
    code, output = write_cli(data, now)
    assert code in (0, 2), output  # either is right: drafted safely, or refused in one line
    if code == 2:
        assert one_line_per_problem(output), output


# --- edited files → eval: every line and column points at the text on disk ---------------------

FILLER = WORD | st.sampled_from([" ", "\n", "é", "Núñez", "—", "  ", "Kafka", "Priya"])
FIRES = ["I really need an answer by Friday.", "What is the salary range?", "Let me know ASAP.",
         "I am a team player who thinks outside the box.", "Sorry to bother you again.", "We grew revenue by 87%.",
         "[Your Name]", "Dear Sir or Madam,", "Could you give me feedback on my interview?"]
INSERT = st.builds("{} {} {}".format, st.lists(FILLER, max_size=3).map(" ".join), st.sampled_from(FIRES),
                   st.lists(FILLER, max_size=3).map(" ".join))
ANNOTATION = re.compile(r"^::(error|warning) file=(.*?),line=(\d+),col=(\d+),endColumn=(\d+),title=draftkit (\S+)::")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("written") / "out"
    result = CliRunner().invoke(cli, ["write", str(EXAMPLE), "-o", str(folder), "--now", NOW])
    assert result.exit_code == 0, result.output
    return folder


def body_start(kind: str, raw: str) -> int:
    """Where the editable text starts in a file: after the headers, or the script heading."""
    if kind == "eml":
        return raw.index("\n\n") + 2
    if kind == "md":
        return raw.index("## Script\n\n") + len("## Script\n\n")
    return 0


def edit(folder: Path, kind: str, draw) -> None:
    """Insert text where a person would type it, in one file of `folder` as it is on disk."""
    if kind == "json":
        for readable in folder.glob("*.*"):
            if readable.suffix in (".eml", ".txt", ".md"):
                readable.unlink()
        path = folder / "drafts.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        draft = draw(st.sampled_from(data["drafts"]))
        at = draw(st.integers(0, len(draft["body"])))
        draft["body"] = draft["body"][:at] + draw(INSERT) + draft["body"][at:]
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    path = draw(st.sampled_from(sorted(folder.glob(f"*.{kind}"))))
    raw = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    if kind == "eml" and draw(st.booleans()):
        start = raw.index("\nSubject: ") + len("\nSubject: ")
        at = draw(st.integers(start, raw.index("\n", start)))
        text = draw(INSERT).replace("\n", " ")
    else:
        start = body_start(kind, raw)
        at = draw(st.integers(start, len(raw.rstrip("\n"))))
        text = draw(INSERT)
        if kind == "md":
            if raw[raw.rfind("\n", 0, at) + 1] == "#":  # keep the headings headings
                at = raw.index("\n", at) + 1
            if raw[:at].rstrip("\n").endswith(("## Script", "## Voicemail")):
                text = text.lstrip()  # white space that opens a section: its own (xfail) test below
    path.write_bytes((raw[:at] + text + raw[at:]).encode("utf-8"))


def located(folder: Path) -> list[tuple[dict, object]]:
    """(annotation, finding) pairs: `eval --format github` beside the findings they report."""
    target = folder / "drafts.json"
    result = CliRunner().invoke(cli, ["eval", str(folder), "--format", "github"])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    annotations = []
    for line in result.output.splitlines():
        match = ANNOTATION.match(line)
        if match:
            annotations.append({"file": match[2], "line": int(match[3]), "col": int(match[4]), "rule": match[6]})
    findings = draftkit.check(draftkit.load_drafts(target, edits=True)).findings
    assert [a["rule"] for a in annotations] == [f.rule for f in findings]
    return list(zip(annotations, findings, strict=True))


def check_lines_point_at_text(written: Path, kind: str, draw) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "out"
        shutil.copytree(written, folder)
        edit(folder, kind, draw)
        checked = 0
        for annotation, finding in located(folder):
            if finding.field not in ("subject", "body", "voicemail") or not finding.text:
                continue
            on_disk = Path(annotation["file"]).read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
            line = on_disk.split("\n")[annotation["line"] - 1]
            if kind == "json":
                expected = json.dumps(finding.text, ensure_ascii=False)[1:-1]
            else:
                expected = finding.text.split("\n")[0]
            found = line[annotation["col"] - 1 :]
            assert found.startswith(expected), (annotation, finding.text, line)
            checked += 1
    return checked


def lines_point_at_text(written: Path, kind: str, examples: int) -> None:
    checked = []

    @profile(examples, shrink=kind in ("txt", "md"))
    @given(st.data())
    def each_edit(data):
        checked.append(check_lines_point_at_text(written, kind, data.draw))

    each_edit()
    assert sum(checked) >= examples // 2  # the edits really drew findings, and each was checked


@pytest.mark.parametrize("kind", ["txt", "md"])
def test_edited_files_eval_lines_point_at_the_text(written, kind):
    lines_point_at_text(written, kind, 20)


def test_eval_columns_in_a_call_script_that_opens_with_white_space(written, tmp_path):
    folder = tmp_path / "out"
    shutil.copytree(written, folder)
    path = folder / "call-priya-raman.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## Script\n\n", "## Script\n\n  Let me know ASAP. "),
                    encoding="utf-8")
    (annotation, finding), = [pair for pair in located(folder) if pair[1].rule == "pushy"]
    line = path.read_text(encoding="utf-8").split("\n")[annotation["line"] - 1]
    assert line[annotation["col"] - 1 :].startswith(finding.text)


def test_edited_eml_eval_lines_point_at_the_text(written):
    lines_point_at_text(written, "eml", 25)


def test_edited_drafts_json_eval_lines_point_at_the_text(written):
    lines_point_at_text(written, "json", 20)


# --- the cache ---------------------------------------------------------------------------------

JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=15,
)


ANSWER = st.builds(lambda extra, content: {**extra, "content": content},  # the shape the engine stores
                   st.dictionaries(st.text(max_size=10).filter(lambda k: k not in ANSWER_TEXT_FIELDS), JSON_VALUE,
                                   max_size=4), st.text())


@profile(60)
@given(st.dictionaries(st.text(max_size=10), JSON_VALUE, max_size=6), ANSWER)
def test_cache_round_trips_any_answer(request_data, answer):
    with tempfile.TemporaryDirectory() as folder:
        cache = ResponseCache(Path(folder))
        key = request_key(request_data)
        assert re.fullmatch(r"[0-9a-f]{64}", key) and key == request_key(json.loads(json.dumps(request_data)))
        assert cache.get(key) is None
        cache.put(key, answer)
        assert cache.get(key) == answer


class Endpoint:
    """The test server, with a short repr for hypothesis' reports."""

    def __init__(self, server: FakeLLM):
        self.base_url, self.requests = server.base_url, server.requests

    def __repr__(self) -> str:
        return f"Endpoint({self.base_url})"


@pytest.fixture(scope="module")
def llm():
    with FakeLLM() as server:
        yield Endpoint(server)


def rewrite_cache(folder: Path, content: bytes) -> int:
    files = list((folder / "llm").rglob("*.json"))
    for path in files:
        path.write_bytes(content)
    return len(files)


def write_through_cache(llm, folder: Path, content: bytes) -> draftkit.DraftSet:
    """Fill the cache, spoil every file in it, and write again."""
    draftkit.write(EXAMPLE, "openai", base_url=llm.base_url, cache_dir=folder, max_retries=0)
    assert rewrite_cache(folder, content) == 5
    before = len(llm.requests)
    drafts = draftkit.write(EXAMPLE, "openai", base_url=llm.base_url, cache_dir=folder, max_retries=0)
    assert len(llm.requests) - before >= 5  # every spoilt answer was a miss: asked again
    assert drafts.usage["cached"] == 0 and drafts.errors == [] and len(drafts.drafts) == 5
    return drafts


@profile(4)
@given(st.binary(max_size=200).filter(lambda b: not _is_json(b)))
def test_a_corrupt_cache_file_is_a_miss(llm, content):
    with tempfile.TemporaryDirectory() as folder:
        write_through_cache(llm, Path(folder), content)


def _is_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True


@profile(5, shrink=False)
@given(JSON_VALUE.filter(lambda v: not (isinstance(v, dict) and isinstance(v.get("content"), str))))
def test_a_wrong_shape_cache_file_is_a_miss(llm, value):
    with tempfile.TemporaryDirectory() as folder:
        write_through_cache(llm, Path(folder), json.dumps(value).encode())
