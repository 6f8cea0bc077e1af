"""The edit-and-check round trip: files a person can edit, findings located in the file on disk."""

import json
import re
import xml.etree.ElementTree as ET
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import EXAMPLE, NOTES_FILES

import draftkit
from draftkit.cli import cli
from draftkit.outputs import render_files

OUT = Path("out")
TRIGGER = "I need an answer ASAP"  # pushy: fires on "I need an answer" and on "ASAP"


def run(runner, *args):
    return runner.invoke(cli, [str(a) for a in args])


@pytest.fixture
def written(runner, in_tmp):
    result = run(runner, "write", EXAMPLE, "-o", OUT)
    assert result.exit_code == 0, result.output
    return OUT


def disk_text(finding) -> str:
    """The characters on disk where a JSON finding says its text is."""
    lines = re.split("\r\n|\r|\n", Path(finding["file"]).read_bytes().decode("utf-8-sig"))  # as editors count
    line = lines[finding["line"] - 1]
    return line[finding["column"] - 1 : finding["column"] - 1 + len(finding["text"])]


def findings(runner, *paths):
    result = run(runner, "eval", *paths, "--format", "json")
    assert result.exit_code in (0, 1), result.output  # 0 or 1 by findings; the callers assert which
    return [f for item in json.loads(result.output)["files"] for f in item["findings"]], result


# --- files a person can edit ---------------------------------------------------------------


@pytest.mark.parametrize("notes", NOTES_FILES, ids=lambda p: p.stem)
def test_eml_bodies_are_plain_text_lines_as_written(notes):
    drafts = draftkit.write(notes, engine="builtin")
    files = render_files(drafts, drafts.drafts[0].due)
    for draft in (d for d in drafts.drafts if d.kind == "email"):
        raw = files[draft.id + ".eml"]
        msg = message_from_bytes(raw, policy=policy.default)
        assert msg["Content-Transfer-Encoding"] == ("7bit" if draft.body.isascii() else "8bit")
        assert b"=\r\n" not in raw and all(len(line) <= 998 for line in raw.split(b"\r\n"))
        on_disk = raw.split(b"\r\n\r\n", 1)[1].decode("utf-8").replace("\r\n", "\n").rstrip("\n")
        assert on_disk == draft.body  # every paragraph a whole line, as typed: nothing to decode
        assert "Subject: " + draft.subject in raw.decode("utf-8")


def test_a_paragraph_longer_than_a_mail_line_breaks_between_words(runner, in_tmp, notes_data):
    drafts = draftkit.write(notes_data, engine="builtin")
    paragraph = " ".join(f"Núñez-{i} word" for i in range(200)) + " " + TRIGGER
    drafts.drafts[0].body = "Dear Priya,\n\n" + paragraph + "\n\nAlex"
    from draftkit.outputs import write_folder

    write_folder(OUT, render_files(drafts, drafts.drafts[0].due))
    raw = (OUT / "email-priya-raman.eml").read_bytes()
    msg = message_from_bytes(raw, policy=policy.default)
    assert msg.get_param("format") == "flowed"
    lines = raw.split(b"\r\n\r\n", 1)[1].split(b"\r\n")
    assert max(len(line) for line in lines) <= 998 and len(lines) > 5
    words = set(drafts.drafts[0].body.split())
    assert all(set(line.decode().split()) <= words for line in lines)  # no word cut in two
    found, _ = findings(runner, OUT)
    pushy = [f for f in found if f["rule"] == "pushy"]
    assert pushy and all(disk_text(f) == f["text"] for f in pushy)
    assert draftkit.load_drafts(OUT / "drafts.json", edits=True).drafts[0].body == drafts.drafts[0].body


# --- findings point at their text in the file on disk --------------------------------------

GREETING = " Priya,\n"  # the greeting line's end, whatever its opening word
SIGNATURE = "\nAlex Kim\n"  # the sign-off's name line, whatever the closing words

EDITS = [  # file, old text, new text
    ("email-priya-raman.eml", GREETING, f" Priya, {TRIGGER}.\n"),
    ("email-priya-raman.eml", SIGNATURE, f"\nÑandú 王伟 Анна: {TRIGGER}.{SIGNATURE}"),
    ("email-priya-raman.eml", "Subject: ", f"Subject: Ça {TRIGGER} - "),
    ("email-marcus-lee.eml", SIGNATURE, f"\n\t{TRIGGER}{SIGNATURE}"),
    ("note-priya-raman.txt", GREETING, f" Priya,\n\n   «{TRIGGER}»\n"),
    ("call-priya-raman.md", "## Script\n\n", f"## Script\n\n  {TRIGGER}. "),
    ("call-priya-raman.md", "## Voicemail\n\n", f"## Voicemail\n\n\n — {TRIGGER}. "),
]


@pytest.mark.parametrize("bom", [False, True], ids=["", "bom"])
@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
@pytest.mark.parametrize(("name", "old", "new"), EDITS)
def test_findings_in_edited_files_point_at_their_text(runner, written, name, old, new, crlf, bom):
    path = written / name
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert old in text
    text = text.replace(old, new, 1)
    mark = "\ufeff" if bom else ""  # editors such as Notepad save UTF-8 with a byte-order mark
    path.write_bytes((mark + (text.replace("\n", "\r\n") if crlf else text)).encode("utf-8"))
    for target in (written, path):  # the folder, and the one file on its own
        found, result = findings(runner, target)
        assert result.exit_code == 1
        pushy = [f for f in found if f["rule"] == "pushy" and f["file"] == str(path)]
        assert {f["text"] for f in pushy} == {"I need an answer", "ASAP"}, found
        for f in pushy:
            assert disk_text(f) == f["text"]


@pytest.mark.parametrize("raw_8bit", [False, True], ids=["escaped", "raw-8bit"])
def test_findings_in_a_quoted_printable_file_point_at_their_text(runner, written, raw_8bit):
    """A mail client may save the draft again as quoted-printable; findings still land right, also
    when a lenient editor leaves UTF-8 unescaped in it (columns count characters, not bytes)."""
    path = written / "email-priya-raman.eml"
    msg = message_from_bytes(path.read_bytes(), policy=policy.default)
    body = msg.get_content().replace("\r\n", "\n").replace(SIGNATURE, f"\nÜnïcødé wörds ✓ {TRIGGER}.{SIGNATURE}")
    again = EmailMessage(policy=policy.SMTP)
    for key in ("From", "To", "Date"):
        again[key] = msg[key]
    again["Subject"] = "Grüße: " + TRIGGER
    again.set_content(body, cte="quoted-printable")
    path.write_bytes(again.as_bytes())
    assert b"=C3=B6" in path.read_bytes() and b"=\r\n" in path.read_bytes()
    if raw_8bit:
        path.write_bytes(path.read_bytes().replace(b"=C3=B6", "ö".encode()).replace(b"=C3=AF", "ï".encode()))
    found, result = findings(runner, written)
    pushy = [f for f in found if f["rule"] == "pushy"]
    assert len(pushy) == 4 and result.exit_code == 1  # two in the body, two in the subject
    for f in pushy:
        if f["field"] == "body":
            assert disk_text(f)[0] == f["text"][0]  # a soft line break may split the rest
        else:  # an RFC 2047 subject: the finding points at the start of its value
            line = Path(f["file"]).read_text().splitlines()[f["line"] - 1]
            assert line.startswith("Subject:") and f["column"] == 10


@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize("indent", [None, 2, "\t"])
def test_findings_in_drafts_json_point_at_their_own_draft(runner, written, ensure_ascii, indent):
    data = json.loads((written / "drafts.json").read_text())
    first, second = data["drafts"][0], data["drafts"][1]
    first["body"] = f"See {second['id']} and \"{second['id']}\" — ünïcode\n\t" + first["body"]
    second["body"] = "Émile said \"hi\"\\ \U0001f600\n" + second["body"].replace(SIGNATURE, f"\n{TRIGGER}.{SIGNATURE}")
    (written / "drafts.json").write_text(json.dumps(data, ensure_ascii=ensure_ascii, indent=indent))
    found, result = findings(runner, written / "drafts.json")
    pushy = [f for f in found if f["rule"] == "pushy"]
    assert result.exit_code == 1 and {f["draft"] for f in pushy} == {second["id"]}
    lines = (written / "drafts.json").read_text().splitlines()
    for f in pushy:
        assert disk_text(f) == f["text"]
        line = lines[f["line"] - 1]
        if indent is not None:  # its own draft's body line, not the first mention of its id
            assert line.lstrip().startswith('"body"') and TRIGGER in line


def test_plan_findings_point_at_the_person_in_drafts_json(runner, written):
    data = json.loads((written / "drafts.json").read_text())
    data["drafts"] = [d for d in data["drafts"] if d["to"] != "Marcus Lee"]
    (written / "drafts.json").write_text(json.dumps(data, indent=2))
    found, _ = findings(runner, written / "drafts.json")
    missing = next(f for f in found if f["rule"] == "missing-thank-you")
    assert disk_text({**missing, "text": "Marcus Lee"}) == "Marcus Lee"


# --- what is checked, and saying so -----------------------------------------------------------


def test_eval_of_drafts_json_says_when_the_files_beside_it_were_edited(runner, written):
    clean = run(runner, "eval", written / "drafts.json")
    assert clean.exit_code == 0 and "no longer" not in clean.output
    assert draftkit.check(written / "drafts.json").warnings == []
    path = written / "email-marcus-lee.eml"
    path.write_text(path.read_text().replace(SIGNATURE, f"\n{TRIGGER}.{SIGNATURE}"))
    result = run(runner, "eval", written / "drafts.json")
    assert result.exit_code == 0  # it checks drafts.json as written, and says the file beside it changed
    assert "email-marcus-lee.eml beside it no longer matches it" in result.output
    assert "draftkit eval out" in result.output
    report = draftkit.check(written / "drafts.json")
    assert report.ok and len(report.warnings) == 1 and "email-marcus-lee.eml" in report.warnings[0]
    assert "no longer matches" in run(runner, "eval", written / "drafts.json", "--format", "json").output


def test_one_edited_file_is_checked_on_its_own(runner, written):
    path = written / "email-marcus-lee.eml"
    path.write_text(path.read_text().replace(SIGNATURE, f"\n{TRIGGER}.{SIGNATURE}"))
    result = run(runner, "eval", path)
    assert result.exit_code == 1
    assert "in 1 draft (1 file)" in result.output and "[email-marcus-lee]" in result.output
    assert "email-priya-raman" not in result.output
    report = draftkit.check(path)  # the API does the same
    cli_json = json.loads(run(runner, "eval", path, "--format", "json").output)["files"][0]["findings"]
    assert [(f.rule, f.start, f.end) for f in report.findings] == [(f["rule"], f["start"], f["end"]) for f in cli_json]
    assert {f.draft for f in report.findings} == {"email-marcus-lee"}
    clean = run(runner, "eval", written / "note-priya-raman.txt")
    assert clean.exit_code == 0 and clean.output == "1 draft passes the checklist (1 file).\n"


SINGLE_FILE_ERRORS = [  # what to do, the one line it must print
    ("lone", "no drafts.json beside it, so there are no notes to check it against"),
    ("renamed", "has no email draft with id 'email-someone-else'"),
    ("charset", "unknown charset 'x-no-such-charset' in its Content-Type; save it as UTF-8"),
    ("zlib", "unknown charset 'zlib' in its Content-Type"),
    ("not-utf8", "not UTF-8 text"),
    ("broken-json", "not valid JSON"),
    ("wrong-kind", "has no call draft with id 'email-priya-raman'"),
]


@pytest.mark.parametrize(("case", "message"), SINGLE_FILE_ERRORS)
def test_bad_single_files_are_one_clear_line(runner, written, case, message):
    eml = written / "email-priya-raman.eml"
    if case == "lone":
        target = Path("elsewhere") / "email-priya-raman.eml"
        target.parent.mkdir()
        target.write_bytes(eml.read_bytes())
    elif case == "renamed":
        target = eml.rename(written / "email-someone-else.eml")
    elif case == "charset":
        eml.write_bytes(eml.read_bytes().replace(b'charset="utf-8"', b'charset="x-no-such-charset"'))
        target = eml
    elif case == "zlib":
        eml.write_bytes(eml.read_bytes().replace(b'charset="utf-8"', b'charset="zlib"'))
        target = eml
    elif case == "not-utf8":
        target = written / "note-priya-raman.txt"
        target.write_bytes(b"Dear Priya,\n\xff\xfe bad bytes")
    elif case == "broken-json":
        (written / "drafts.json").write_text("{")
        target = eml
    else:
        target = written / "email-priya-raman.md"
        target.write_bytes(eml.read_bytes())
    result = run(runner, "eval", target)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.output
    assert "All 0" not in result.output and "Traceback" not in result.output
    with pytest.raises(draftkit.DraftsError, match=re.escape(message)):
        draftkit.check(target)


def test_an_unreadable_edited_file_in_a_folder_is_one_line(runner, written):
    eml = written / "email-priya-raman.eml"
    eml.write_bytes(eml.read_bytes().replace(b'charset="utf-8"', b'charset="klingon"'))
    result = run(runner, "eval", written)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: {eml}: unknown charset 'klingon' in its Content-Type; save it as UTF-8 (charset=\"utf-8\")"]


MALFORMED_EML = [
    b"",
    b"\xff\xfe\x00garbage\r\n\r\n\x00\x01",
    b"Subject: only headers",
    b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!notbase64",
    b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n=C3",
    b"Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>Hi</p>\r\n--b--",
    b"Subject: =?utf-8?b?!!!?=\r\nContent-Type: text/plain; charset=\"\"\r\n\r\nhi",
    b"Content-Type: text/plain; charset=utf-7\r\n\r\n+AGEAYgBj-",
]


@pytest.mark.parametrize("raw", MALFORMED_EML)
def test_malformed_edited_emails_never_crash(runner, written, raw):
    (written / "email-priya-raman.eml").write_bytes(raw)
    for target in (written, written / "email-priya-raman.eml", written / "drafts.json"):
        result = run(runner, "eval", target)
        assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output, result.output
        if result.exit_code == 2:
            assert len(result.output.strip().splitlines()) == 1


# --- report formats stay valid with any characters -------------------------------------------

CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b[31m\x7f\x85\ufffe\uffff\u202e"


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github"])
def test_reports_stay_valid_with_control_characters(runner, written, fmt):
    data = json.loads((written / "drafts.json").read_text())
    data["drafts"][0]["id"] = "email-" + CONTROL
    data["drafts"][0]["to"] = "Priya" + CONTROL + " Raman"
    data["drafts"][0]["body"] += f"\n{CONTROL} {TRIGGER} {CONTROL}"
    (written / "drafts.json").write_text(json.dumps(data))
    result = run(runner, "eval", written / "drafts.json", "--format", fmt)
    assert result.exit_code == 1, result.output
    if fmt == "junit":
        root = ET.fromstring(result.output)
        assert any(case.find("failure") is not None for case in root.iter("testcase"))
    elif fmt == "json":
        assert json.loads(result.output)["summary"]["errors"] >= 2
    else:
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", result.output)


@pytest.mark.parametrize("draft_id", ["../secret", "../../secret", "/tmp/secret", ".hidden", "a/../../secret"])
def test_a_crafted_id_never_reads_a_file_outside_the_folder(runner, written, draft_id):
    Path("secret.txt").write_text(f"{TRIGGER} SECRET-LINE")
    data = json.loads((written / "drafts.json").read_text())
    note = next(d for d in data["drafts"] if d["kind"] == "note")
    note["id"] = draft_id
    (written / "drafts.json").write_text(json.dumps(data))
    result = run(runner, "eval", written)
    assert result.exit_code == 0 and "SECRET-LINE" not in result.output


# --- a property: wherever the text is edited, findings point at it ------------------------------

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80)


@hypothesis.settings(max_examples=40, deadline=None, suppress_health_check=list(hypothesis.HealthCheck))
@hypothesis.given(before=TEXT, after=TEXT, ensure_ascii=st.booleans(), kind=st.sampled_from(["json", "txt", "md", "eml"]))
def test_property_findings_point_at_their_text_on_disk(tmp_path_factory, before, after, ensure_ascii, kind):
    from draftkit.checklist import Config, check_drafts
    from draftkit.loading import load_drafts_file
    from draftkit.outputs import write_folder
    from draftkit.reports import locate

    folder = tmp_path_factory.mktemp("p") / "out"
    drafts = draftkit.write(EXAMPLE, engine="builtin")
    write_folder(folder, render_files(drafts, drafts.drafts[0].due))
    edited = f"{before} ASAP {after}"
    if kind == "json":
        data = json.loads((folder / "drafts.json").read_text())
        data["drafts"][2]["body"] = edited
        (folder / "drafts.json").write_text(json.dumps(data, ensure_ascii=ensure_ascii, indent=2))
        target = folder / "drafts.json"
    elif kind == "txt":
        target = folder / "note-priya-raman.txt"
        target.write_bytes(edited.encode("utf-8"))
    elif kind == "md":
        target = folder / "call-priya-raman.md"
        target.write_bytes(target.read_bytes().replace(b"## Script\n\n", ("## Script\n\n" + edited + "\n").encode()))
    else:
        target = folder / "email-marcus-lee.eml"
        head, body = target.read_bytes().split(b"\r\n\r\n", 1)
        target.write_bytes(head.replace(b"7bit", b"8bit") + b"\r\n\r\n" + edited.encode("utf-8") + b"\r\n" + body)
    loaded = load_drafts_file(target)
    for f in loaded.keep(check_drafts(loaded.drafts.notes, loaded.drafts.drafts, Config.default())):
        if f.rule != "pushy" or f.text != "ASAP":
            continue
        where = locate(loaded, f)
        assert where.path == str(target)
        found = {"file": where.path, "line": where.line, "column": where.column, "text": f.text}
        assert disk_text(found) == "ASAP", (kind, edited, found)
        break
    else:
        raise AssertionError(f"no pushy finding for ASAP in {kind}: {edited!r}")
