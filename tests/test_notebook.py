"""Notebook use: HTML views, saving from Python, write/awrite in a running loop, the quickstart."""

import asyncio
import json
import re
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from conftest import EXAMPLE, NOTES_FILES, ROOT
from fake_llm import FakeLLM, Fault
from markupsafe import escape

import draftkit
from draftkit.cli import cli
from draftkit.drafts import DraftSet, Finding
from draftkit.errors import OutputExistsError
from draftkit.html import Numbered, segments

NOW = datetime.fromisoformat("2026-11-24T16:30:00-08:00")
QUICKSTART = ROOT / "examples" / "quickstart.ipynb"
SCRIPT = "<script>alert(1)</script>"


class Marks(HTMLParser):
    """Every <mark>: its title and the text inside it; and whether any <script> element exists."""

    def __init__(self):
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self.scripts = 0
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        if tag == "mark":
            self._open.append([dict(attrs).get("title", ""), ""])
        if tag == "br" and self._open:
            self._open[-1][1] += "\n"

    def handle_data(self, data):
        if self._open:
            self._open[-1][1] += data

    def handle_endtag(self, tag):
        if tag == "mark":
            title, text = self._open.pop()
            self.marks.append((title, text))


def parse(html: str) -> Marks:
    parser = Marks()
    parser.feed(html)
    return parser


def flat(html: str) -> str:
    """The HTML with runs of white space collapsed, as a browser shows it."""
    return " ".join(html.split())


def example(**changes) -> DraftSet:
    return draftkit.write(EXAMPLE, "builtin", now=NOW, **changes)


# --- the HTML views ----------------------------------------------------------------------------


def test_every_card_shows_recipient_kind_due_subject_and_body_with_its_line_breaks():
    drafts = example()
    html = drafts._repr_html_()
    assert "Senior Data Engineer at Northwind Logistics" in html
    assert "Engine: builtin (offline composer; your notes never left this machine)" in html
    cards = html.split('<div class="dk-card"')[1:]
    assert len(cards) == len(drafts.drafts) == 5
    for card, draft in zip(cards, drafts.drafts, strict=True):
        label = {"email": "Thank-you email", "note": "Handwritten note", "call": "Status call"}[draft.kind]
        assert f"<h4>{label} to {draft.to}" in card
        assert f"Due: {draft.due:%a %d %b %Y, %H:%M (%z)}" in card
        first, second, *_ = [p for p in draft.body.split("\n") if p]
        assert f"{escape(first)}<br><br>{escape(second)}" in card
        if draft.kind == "email":
            assert f"<b>Subject:</b> {escape(draft.subject)}" in card
        if draft.kind == "call":
            assert "<b>Voicemail</b>" in card and escape(draft.voicemail.split("\n")[0]) in card
    assert "Priya Raman (Engineering Manager, priya.raman@northwind.example)" in cards[0]
    assert "<b>OK</b>" in html and "0 errors" in html


@pytest.mark.parametrize("where", ["candidate", "company", "role", "interviewer", "topic", "highlight", "extra"])
def test_notes_text_is_escaped_everywhere(notes_data, where):
    # a name may hold quotes and "&" (angle brackets are refused when the notes are read)
    if where == "candidate":
        notes_data["candidate"]["name"] = 'Alex "Al" & Kim'
    elif where in ("company", "role"):
        notes_data[where] += f" {SCRIPT}"
    elif where == "interviewer":
        notes_data["interviewers"][1]["name"] = 'Marcus "Mo" & Lee'
    elif where == "topic":
        notes_data["interviewers"][0]["topics"][0] = f"{SCRIPT} the Kafka move \" onmouseover=\"x"
    elif where == "highlight":
        notes_data["highlights"][0] += f" {SCRIPT}"
    else:
        notes_data["extra"] = SCRIPT
    drafts = draftkit.write(notes_data, "builtin", now=NOW)
    drafts.warnings.append(f"a warning about {SCRIPT}")
    drafts.errors.append({"draft": "email-x", "to": SCRIPT, "message": f"failed {SCRIPT}"})
    for html in (drafts._repr_html_(), drafts.report._repr_html_()):
        assert parse(html).scripts == 0
        assert "<script" not in html.lower() and "onmouseover=\"x" not in html
    names = {"candidate": "Alex &#34;Al&#34; &amp; Kim", "interviewer": "Marcus &#34;Mo&#34; &amp; Lee"}
    assert names.get(where, "&lt;script&gt;alert(1)&lt;/script&gt;") in drafts._repr_html_()


def test_findings_are_marked_in_the_text_with_rule_and_message():
    drafts = example()
    email = drafts.draft("email-marcus-lee")
    email.body += "\n\nI really need an answer by Friday.\nWhat is the salary range?"
    drafts.findings = draftkit.check(drafts).findings
    spans = [f for f in drafts.findings if f.draft == email.id and f.field == "body" and f.end > f.start]
    assert {f.rule for f in spans} >= {"pushy", "asks-salary"}
    marks = parse(drafts._repr_html_()).marks
    for n, finding in enumerate(drafts.findings, 1):
        if finding in spans:
            assert (f"[{n}] {finding.rule} ({finding.severity}): {finding.message}", finding.text) in marks
    html = drafts._repr_html_()
    assert '<mark class="dk-error"' in html and "<sup>[" in html
    assert "<b class=\"dk-error-text\">FAIL</b>" in html
    for finding in drafts.findings:  # the legend lists every finding, spans or not
        assert escape(finding.message) in html


def test_overlapping_findings_split_into_pieces_that_name_both():
    text = "0123456789abcdefghij"
    a = Finding(rule="pushy", severity="error", draft="d", to="x", field="body", start=5, end=15,
                text=text[5:15], message="A")
    b = Finding(rule="cliche", severity="warning", draft="d", to="x", field="body", start=10, end=20,
                text=text[10:20], message="B")
    pieces = segments(text, [Numbered(1, a), Numbered(2, b)])
    assert [(p.text, [m.n for m in p.marks], [m.n for m in p.ends]) for p in pieces] == [
        ("01234", [], []), ("56789", [1], []), ("abcde", [1, 2], [1]), ("fghij", [2], [2]),
    ]
    assert pieces[2].severity == "error" and pieces[3].severity == "warning"
    assert pieces[2].title == "[1] pushy (error): A\n[2] cliche (warning): B"


def test_a_stale_span_is_listed_but_not_marked():
    drafts = example()
    stale = Finding(rule="pushy", severity="error", draft=drafts.drafts[0].id, to=drafts.drafts[0].to,
                    field="body", start=0, end=4, text="gone", message="stale one")
    drafts.findings = [stale]
    html = drafts._repr_html_()
    assert parse(html).marks == [] and "stale one" in html and "“gone”" in html


def test_engine_endpoint_tokens_warnings_and_failed_drafts_are_shown():
    drafts = example()
    drafts = drafts.model_copy(update={
        "engine": "openai", "model": "tiny-model", "endpoint": "http://127.0.0.1:9/v1",
        "usage": {"prompt_tokens": 12345, "completion_tokens": 678, "total_tokens": 13023, "requests": 6, "cached": 2},
        "errors": [{"draft": "note-priya-raman", "kind": "note", "to": "Priya Raman", "message": "no usable draft after 3 tries"}],
        "warnings": ["The 24-hour window for thank-you emails closed at Wed 25 Nov 14:00."],
    })
    html = flat(drafts._repr_html_())
    assert "Engine: openai, model tiny-model at http://127.0.0.1:9/v1 (a server on this machine)" in html
    assert "Tokens: 12,345 prompt + 678 completion in 6 requests (2 answered from the cache)" in html
    assert "Failed drafts (not written)" in html and "1 failed" in html
    assert "<b>note-priya-raman</b> to Priya Raman: no usable draft after 3 tries" in html
    assert "<li>The 24-hour window for thank-you emails closed at Wed 25 Nov 14:00.</li>" in html


def test_a_real_failed_llm_draft_shows_in_the_view(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTKIT_CACHE_DIR", str(tmp_path))
    with FakeLLM() as llm:
        for _ in range(3):
            llm.faults.append(Fault("refuse", when=lambda r: r["data"].get("draft") == "note"))
        drafts = draftkit.write(EXAMPLE, engine="openai", base_url=llm.base_url, max_retries=0, now=NOW)
    html = flat(drafts._repr_html_())
    assert [e["draft"] for e in drafts.errors] == ["note-priya-raman"]
    assert "<b>note-priya-raman</b> to Priya Raman: " in html and "no usable draft" in html
    assert f"model {drafts.model} at {llm.base_url}" in html
    assert f"in {drafts.usage['requests']} requests" in html


def test_plan_findings_are_shown_about_the_plan():
    drafts = example()
    drafts.drafts = [d for d in drafts.drafts if d.id != "email-marcus-lee"]
    drafts.findings = draftkit.check(drafts).findings
    (missing,) = [f for f in drafts.findings if f.rule == "missing-thank-you"]
    html = drafts._repr_html_()
    about = html.split("<h4>About the plan</h4>")[1]
    assert missing.message in about and "missing-thank-you" in about


def test_report_view_has_a_row_per_finding():
    drafts = example()
    drafts.drafts[0].body += "\nWhat is the salary range? What is the timeline for the hiring process?"
    report = draftkit.check(drafts)
    html = report._repr_html_()
    assert html.count("<tr>") == len(report.findings) + 1 > 2
    assert "<b class=\"dk-error-text\">FAIL</b>" in html
    assert ("", "salary") in parse(html).marks
    assert "<b>OK</b>" in DraftSet(notes=drafts.notes).report._repr_html_()


# --- saving from Python ------------------------------------------------------------------------


def files_in(folder: Path) -> dict[str, bytes]:
    """The files meant for people and scripts (the `.draftkit` marker records how they were made)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != ".draftkit"}


@pytest.mark.parametrize("notes", NOTES_FILES, ids=lambda p: p.name)
def test_save_writes_the_same_files_as_the_cli(runner, in_tmp, notes):
    result = runner.invoke(cli, ["write", str(notes), "-o", "cli", "--now", NOW.isoformat()])
    assert result.exit_code == 0, result.output
    drafts = draftkit.write(notes, "builtin", now=NOW)
    assert drafts.save("method", now=NOW) == Path("method")
    assert draftkit.save(drafts, in_tmp / "function", now=NOW) == in_tmp / "function"
    expected = files_in(Path("cli"))
    assert len(expected) >= 4
    assert files_in(Path("method")) == expected
    assert files_in(in_tmp / "function") == expected


def test_save_defaults_to_the_cli_folder_and_never_overwrites_without_force(in_tmp):
    drafts = example()
    folder = drafts.save(now=NOW)
    assert folder == Path("drafts/northwind-logistics-2026-11-24")
    before = files_in(folder)
    drafts.drafts[0].body += "\nA later edit."
    with pytest.raises(OutputExistsError, match="already holds output"):
        drafts.save(folder, now=NOW)
    assert files_in(folder) == before
    drafts.save(folder, force=True, now=NOW)
    saved = json.loads((folder / "drafts.json").read_text())
    assert saved["drafts"][0]["body"].endswith("A later edit.")
    assert draftkit.load_drafts(folder / "drafts.json").drafts[0].body.endswith("A later edit.")


# --- a running event loop, the way Jupyter runs cells ------------------------------------------


def test_write_and_awrite_inside_a_running_loop():
    async def cell():
        asyncio.get_running_loop()  # a notebook cell runs inside the kernel's loop
        return draftkit.write(EXAMPLE, "builtin", now=NOW), await draftkit.awrite(EXAMPLE, "builtin", now=NOW)

    in_loop, awaited = asyncio.run(cell())
    outside = draftkit.write(EXAMPLE, "builtin", now=NOW)
    assert in_loop.to_json() == outside.to_json() == awaited.to_json()
    assert len(outside.drafts) == 5


def test_llm_write_and_awrite_inside_a_running_loop(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTKIT_CACHE_DIR", str(tmp_path))
    with FakeLLM() as llm:
        async def cell():
            sync = draftkit.write(EXAMPLE, "openai", base_url=llm.base_url, cache=False, now=NOW)
            again = draftkit.write(EXAMPLE, "openai", base_url=llm.base_url, cache=False, now=NOW)
            awaited = await draftkit.awrite(EXAMPLE, "openai", base_url=llm.base_url, cache=False, now=NOW)
            return sync, again, awaited

        results = asyncio.run(cell())
        for drafts in results:
            assert len(drafts.drafts) == 5 and drafts.errors == []
            assert drafts.usage["requests"] >= 5
        assert len(llm.requests) == sum(d.usage["requests"] for d in results)


# --- the quickstart notebook -------------------------------------------------------------------


def kernel_here(tmp_path: Path, monkeypatch) -> str:
    """A kernel spec that starts this very interpreter (so the kernel imports this draftkit)."""
    spec = tmp_path / "jupyter" / "kernels" / "draftkit-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "draftkit tests", "language": "python",
    }))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return "draftkit-test"


def execute(path: Path, kernel_name: str) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in its own folder, as Jupyter would."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name=kernel_name, timeout=120, record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def html_outputs(nb) -> list[str]:
    return [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if "text/html" in o.get("data", {})]


def test_quickstart_runs_top_to_bottom(tmp_path, monkeypatch):
    nb = execute(QUICKSTART, kernel_here(tmp_path, monkeypatch))
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    views = html_outputs(nb)
    assert sum('class="dk dk-draftset"' in v for v in views) >= 2
    assert sum('class="dk dk-report"' in v for v in views) >= 2
    assert any("<mark" in v for v in views)  # the edited draft's findings, highlighted
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "drafts.json" in text and "plan.ics" in text
    saved = nbformat.read(QUICKSTART, as_version=4)
    assert [c.get("outputs") for c in nb.cells] == [c.get("outputs") for c in saved.cells], (
        "examples/quickstart.ipynb holds stale outputs: run `python tests/test_notebook.py` and commit it")


def test_quickstart_is_committed_with_its_outputs():
    nb = nbformat.read(QUICKSTART, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    views = html_outputs(nb)
    assert any('class="dk dk-draftset"' in v for v in views) and any("<mark" in v for v in views)
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    assert len(markdown) >= len(code) - 2
    assert not re.search(r"/(tmp|home|work)/", json.dumps([c.outputs for c in code]))
    assert json.loads(QUICKSTART.read_text())["metadata"]["kernelspec"]["name"] == "python3"


if __name__ == "__main__":  # re-execute the quickstart and save its outputs: python tests/test_notebook.py
    nb = execute(QUICKSTART, "python3")
    nbformat.write(nb, QUICKSTART)
