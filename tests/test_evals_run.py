"""`draftkit evals run` against the local test server: columns, repeats, the baseline gate, formats."""

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT
from fake_llm import FakeLLM, default_answer, flawed_answer, flawed_for, models_in

from draftkit.cli import cli
from draftkit.evals import harness
from draftkit.notes import load_notes

SUITE = ROOT / "evals" / "suite"
SMALL = ["electrician-apprentice.json", "icu-nurse.json", "forklift-operator-minimal.json"]


pytestmark = pytest.mark.usefixtures("offline_llm_state")


@pytest.fixture
def suite(tmp_path):
    folder = tmp_path / "suite"
    folder.mkdir()
    for name in SMALL:
        shutil.copy(SUITE / name, folder / name)
    return folder


@pytest.fixture
def llm():
    with FakeLLM() as server:
        yield server


def evals(runner, server, suite, *args):
    return runner.invoke(cli, ["evals", "run", str(suite), "--base-url", server.base_url, "--retries", "0", *args])


def planned_drafts(suite):
    from draftkit.plan import make_plan

    return sum(len(make_plan(load_notes(p))) for p in sorted(suite.glob("*.json")))


# --- the shipped suite ----------------------------------------------------------------------------

def test_shipped_suite_is_varied():
    notes = [load_notes(p) for p in sorted(SUITE.glob("*.json"))]
    assert len(notes) >= 12
    assert {len(n.interviewers) for n in notes} >= {1, 2, 3, 4, 6}
    assert {n.culture for n in notes} == {"formal", "neutral", "casual"}
    people = [n.candidate.name for n in notes] + [p.name for n in notes for p in n.interviewers]
    assert sum(not name.isascii() for name in people) >= 5
    assert any(not n.highlights and not n.concerns and not n.interviewers[0].topics for n in notes)  # sparse


def test_builtin_over_the_shipped_suite(runner):
    result = runner.invoke(cli, ["evals", "run", str(SUITE), "--engine", "builtin", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    summary = data["summary"]["builtin"]
    assert summary["drafts"] == planned_drafts(SUITE) == len(data["results"])
    assert summary["passed"] == sum(r["passed"] for r in data["results"])
    assert summary["failed"] == 0 and summary["tokens"] == 0


# --- side by side, repeats ------------------------------------------------------------------------

def test_two_models_give_two_columns_on_the_same_notes(runner, llm, suite):
    result = evals(runner, llm, suite, "--model", "small-model", "--model", "big-model")
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "small-model" in line)
    assert header.split() == ["small-model", "big-model"]
    drafts_row = next(line for line in result.stdout.splitlines() if line.startswith("drafts "))
    n = planned_drafts(suite)
    assert drafts_row.split() == ["drafts", str(n), str(n)]
    assert models_in(llm.requests) == {"small-model": n, "big-model": n}


def test_two_template_folders_give_two_columns(runner, llm, suite, tmp_path):
    for name in ("prompts-a", "prompts-b"):
        (tmp_path / name / "llm").mkdir(parents=True)
    (tmp_path / "prompts-b" / "llm" / "system.j2").write_text("You write short follow-ups. Variant B.\n")
    result = evals(runner, llm, suite, "--templates", str(tmp_path / "prompts-a"),
                   "--templates", str(tmp_path / "prompts-b"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.stdout)["summary"]) == ["prompts-a", "prompts-b"]
    systems = [r["messages"][0]["content"] for r in llm.requests]
    assert sum("Variant B." in s for s in systems) == len(systems) // 2 > 0


def test_repeat_three_makes_three_times_the_requests_and_reports_the_spread(runner, llm, suite):
    once = evals(runner, llm, suite, "--no-cache")
    assert once.exit_code == 0, once.output
    single = len(llm.requests)
    assert single == planned_drafts(suite)
    thrice = evals(runner, llm, suite, "--repeat", "3", "--format", "json")
    assert thrice.exit_code == 0, thrice.output
    assert len(llm.requests) - single == 3 * single  # the cache is bypassed for every sample
    summary = json.loads(thrice.stdout)["summary"]["gpt-4o-mini"]
    assert summary["drafts"] == 3 * single and summary["samples"] == 3
    assert len(summary["sample_pass_rates"]) == 3 and set(summary["spread"]) == {"min", "max", "stdev"}
    text = evals(runner, llm, suite, "--repeat", "2").stdout
    assert "pass rate over 2 samples (min–max, stdev)" in text


def test_flaky_prompt_shows_as_spread(runner, llm, suite, monkeypatch):
    sample = {"now": 0}
    samples_run = []
    draft_file = harness._draft_file

    async def spy(variant, stem, notes, n, config, fresh):
        sample["now"] = n
        samples_run.append(n)
        return await draft_file(variant, stem, notes, n, config, fresh)

    monkeypatch.setattr(harness, "_draft_file", spy)
    llm.responder = lambda data, request: (flawed_answer if sample["now"] == 2 else default_answer)(data, request)
    result = evals(runner, llm, suite, "--repeat", "2", "--format", "json")
    summary = json.loads(result.stdout)["summary"]["gpt-4o-mini"]
    assert samples_run == [1, 2] * len(SMALL)
    assert summary["sample_pass_rates"] == [1.0, 0.0] and summary["drafts"] == 2 * planned_drafts(suite)
    assert summary["spread"] == {"min": 0.0, "max": 1.0, "stdev": 0.5}


# --- the baseline gate ----------------------------------------------------------------------------

def test_baseline_gate_names_the_regressed_rules_and_passes_an_unchanged_run(runner, llm, suite):
    saved = evals(runner, llm, suite, "--save-baseline", "baseline.json")
    assert saved.exit_code == 0, saved.output
    baseline = json.loads(Path("baseline.json").read_text())
    assert baseline["summary"]["gpt-4o-mini"]["pass_rate"] == 1.0

    same = evals(runner, llm, suite, "--baseline", "baseline.json", "--no-cache")
    assert same.exit_code == 0, same.output
    assert "No regression against the baseline." in same.stdout

    llm.responder = flawed_answer
    worse = evals(runner, llm, suite, "--baseline", "baseline.json", "--no-cache")
    assert worse.exit_code == 1, worse.output
    last = worse.stdout.strip().splitlines()[-2]
    assert last.startswith("Regressed against the baseline — gpt-4o-mini: pass rate, ")
    assert "asks-salary" in last and "pushy" in last
    rows = {tuple(line.split()[1:-4]): line.split()[-4:] for line in worse.stdout.splitlines()
            if line.startswith("  gpt-4o-mini")}
    n = planned_drafts(suite)
    assert rows[("pass", "rate")] == ["100.0%", "→", "0.0%", "REGRESSED"]
    assert rows[("pushy",)] == ["0", "→", str(n), "REGRESSED"]
    assert rows[("asks-salary",)] == ["0", "→", str(n), "REGRESSED"]


@pytest.mark.parametrize("flaws, regressed", [
    (("pushy",), ["pushy"]),
    (("asks-feedback",), ["asks-feedback"]),
    (("pushy", "asks-salary"), ["asks-salary", "pushy"]),
])
def test_json_comparison_lists_exactly_the_rules_that_rose(runner, llm, suite, flaws, regressed):
    assert evals(runner, llm, suite, "--save-baseline", "baseline.json").exit_code == 0
    llm.responder = flawed_for(*flaws)
    result = evals(runner, llm, suite, "--baseline", "baseline.json", "--no-cache", "--format", "json")
    assert result.exit_code == 1, result.output
    verdict = json.loads(result.stdout)["comparison"]["variants"][0]
    assert verdict["regressed_rules"] == regressed and verdict["pass_rate_dropped"] is True


def test_tolerance_allows_a_small_drop_but_not_a_rising_rule(runner, llm, suite):
    assert evals(runner, llm, suite, "--save-baseline", "baseline.json").exit_code == 0
    llm.responder = flawed_for("pushy")
    result = evals(runner, llm, suite, "--baseline", "baseline.json", "--no-cache", "--tolerance", "1", "--format", "json")
    comparison = json.loads(result.stdout)["comparison"]["variants"][0]
    assert comparison["pass_rate_dropped"] is False and comparison["regressed_rules"] == ["pushy"]
    assert result.exit_code == 1


def test_a_better_run_passes_the_gate(runner, llm, suite):
    llm.responder = flawed_answer
    assert evals(runner, llm, suite, "--save-baseline", "baseline.json").exit_code == 0
    llm.responder = None
    result = evals(runner, llm, suite, "--baseline", "baseline.json", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "better" in result.stdout


def test_a_changed_suite_is_said_not_compared(runner, llm, suite):
    assert evals(runner, llm, suite, "--save-baseline", "baseline.json").exit_code == 0
    notes = json.loads((suite / "icu-nurse.json").read_text())
    notes["role"] = "Charge Nurse"
    (suite / "icu-nurse.json").write_text(json.dumps(notes))
    shutil.copy(SUITE / "sous-chef-sparse.json", suite / "sous-chef-sparse.json")
    asked = len(llm.requests)
    result = evals(runner, llm, suite, "--baseline", "baseline.json", "--no-cache")
    assert len(llm.requests) == asked, "refused before anything is drafted"
    assert result.exit_code == 2
    assert "baseline.json is not comparable: the suite changed (added sous-chef-sparse.json; changed icu-nurse.json)" in result.output
    assert "Traceback" not in result.output


def test_a_changed_checklist_is_said_not_compared(runner, llm, suite, tmp_path, monkeypatch):
    assert evals(runner, llm, suite, "--save-baseline", "baseline.json").exit_code == 0
    rules = tmp_path / "rules"
    shutil.copytree(harness.RULE_DATA, rules)
    with open(rules / "pushy.toml", "a") as fh:
        fh.write("\n# tuned\n")
    monkeypatch.setattr(harness, "RULE_DATA", rules)
    result = evals(runner, llm, suite, "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert "not comparable: the checklist's rule data changed since it was saved" in result.output


@pytest.mark.parametrize("content, message", [
    (None, "no such file; make one with --save-baseline"),
    ("{not json", "not a baseline file (JSONDecodeError)"),
    ('{"drafts": 3}', "not a baseline file (no summary or fingerprint)"),
])
def test_bad_baseline_file_exit_2(runner, llm, suite, content, message):
    if content is not None:
        Path("baseline.json").write_text(content)
    result = evals(runner, llm, suite, "--baseline", "baseline.json")
    assert result.exit_code == 2 and message in result.output
    assert llm.requests == []


# --- formats and the run folder -------------------------------------------------------------------

def test_junit_parses_with_one_testcase_per_draft_and_findings_in_failures(runner, llm, suite):
    llm.responder = flawed_answer
    result = evals(runner, llm, suite, "--format", "junit")
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout)
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == planned_drafts(suite) == int(root.get("tests"))
    failures = [c.find("failure") for c in cases if c.find("failure") is not None]
    assert len(failures) == int(root.get("failures")) > 0
    for failure in failures:
        assert failure.get("type") == "asks-salary,pushy"
        assert 'pushy (body): ' in failure.text and '"ASAP"' in failure.text and '"salary"' in failure.text


def test_markdown_and_github_formats(runner, llm, suite):
    md = evals(runner, llm, suite, "--model", "a", "--model", "b", "--format", "markdown").stdout
    assert "| | a | b |" in md and "|---|---:|---:|" in md
    assert "| pass rate | 100.0% | 100.0% |" in md
    llm.responder = flawed_for("pushy")
    gh = evals(runner, llm, suite, "--format", "github", "--no-cache").stdout.splitlines()
    assert gh[0].startswith("::notice title=draftkit evals gpt-4o-mini::0/")
    errors = [line for line in gh if line.startswith("::error ")]
    assert errors and all("file=" in line and "title=draftkit evals gpt-4o-mini%3A pushy::" in line for line in errors)


def test_json_summary_shape(runner, llm, suite):
    data = json.loads(evals(runner, llm, suite, "--format", "json").stdout)
    summary = data["summary"]["gpt-4o-mini"]
    assert {"drafts", "passed", "pass_rate", "by_rule", "tokens"} <= set(summary)
    assert summary["tokens"] > 0 and summary["requests"] == summary["drafts"]
    assert {"variant", "notes", "sample", "draft", "passed", "findings", "failed"} <= set(data["results"][0])


def test_run_folder_holds_every_draft(runner, llm, suite):
    llm.responder = flawed_answer
    result = evals(runner, llm, suite, "--model", "m1", "--model", "m2", "--run-dir", "runs", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for r in data["results"]:
        folder = Path("runs") / r["variant"] / r["notes"]
        drafts = json.loads((folder / "drafts.json").read_text())
        stored = next(d for d in drafts["drafts"] if d["id"] == r["draft"])
        assert "Please let me know ASAP." in stored["body"]
        kept = json.loads((folder / "results.json").read_text())
        assert any(k["draft"] == r["draft"] and k["findings"] == r["findings"] for k in kept["results"])
    assert len(list(Path("runs").glob("*/*/drafts.json"))) == 2 * len(SMALL)
    assert json.loads((Path("runs") / "summary.json").read_text())["summary"] == data["summary"]


def test_default_run_folder_is_timestamped(runner, llm, suite):
    evals(runner, llm, suite)
    evals(runner, llm, suite)
    runs = sorted(Path(".draftkit-evals").iterdir())
    assert len(runs) == 2 and all((r / "summary.json").is_file() for r in runs)


def test_drafts_that_fail_outright_are_counted(runner, llm, suite):
    llm.responder = lambda data, request: {"body": ""}  # never validates, even after the re-asks
    result = evals(runner, llm, suite, "--format", "json")
    summary = json.loads(result.stdout)["summary"]["gpt-4o-mini"]
    assert summary["failed"] == summary["drafts"] == planned_drafts(suite)
    assert summary["repairs"] == 2 * summary["drafts"]
    assert result.exit_code == 3 and "every draft of a variant failed" in result.output


# --- bad input: one line, exit 2, nothing asked ---------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["--engine", "builtin", "--model", "x"], "the builtin engine has no option 'model'"),
    (["--engine", "openai", "--base-url", "localhost:8080/v1"], "base URL 'localhost:8080/v1' is not a URL"),
    (["--engine", "openai"], "OPENAI_API_KEY is not set"),
    (["--model", "a", "--model", "a", "--base-url", "http://127.0.0.1:9/v1"], "variant 'a' is given twice"),
])
def test_bad_options_exit_2(runner, suite, args, message):
    result = runner.invoke(cli, ["evals", "run", str(suite), *args])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not Path(".draftkit-evals").exists()


def test_missing_suite_and_bad_notes_exit_2(runner, suite, tmp_path):
    result = runner.invoke(cli, ["evals", "run", "nowhere", "--engine", "builtin"])
    assert result.exit_code == 2 and "nowhere: no such folder" in result.output
    (suite / "broken.json").write_text('{"company": "X"}')
    result = runner.invoke(cli, ["evals", "run", str(suite), "--engine", "builtin"])
    assert result.exit_code == 2 and "broken.json" in result.output


def test_plan_findings_get_their_own_testcase_and_annotation(runner, llm, suite):
    def no_email_for_walsh(data, request):
        if data.get("recipient", {}).get("name") == "Ciarán Walsh" and data.get("draft") == "email":
            return {"subject": "", "body": ""}
        return default_answer(data, request)

    llm.responder = no_email_for_walsh
    junit = ET.fromstring(evals(runner, llm, suite, "--format", "junit").stdout)
    plan = [c for c in junit.iter("testcase") if c.get("name") == "plan"]
    assert [c.get("classname") for c in plan] == ["gpt-4o-mini.icu-nurse"]
    assert plan[0].find("failure").get("type") == "missing-thank-you"
    errors = [c for c in junit.iter("testcase") if c.find("error") is not None]
    assert [c.get("name") for c in errors] == ["email-ciaran-walsh"]
    assert int(junit.get("tests")) == planned_drafts(suite) + 1
    gh = evals(runner, llm, suite, "--format", "github").stdout
    assert "title=draftkit evals gpt-4o-mini%3A missing-thank-you::icu-nurse (plan): " in gh


def test_run_dir_under_a_file_exits_2(runner, suite):
    Path("plain-file").write_text("mine")
    result = runner.invoke(cli, ["evals", "run", str(suite), "--engine", "builtin", "--run-dir", "plain-file/runs"])
    assert result.exit_code == 2 and "cannot make the run folder plain-file/runs" in result.output
    assert Path("plain-file").read_text() == "mine"


def test_without_a_suite_here_the_shipped_one_is_used(runner):
    result = runner.invoke(cli, ["evals", "run", "--engine", "builtin", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert Path(data["suite"]).resolve() == SUITE.resolve() and data["summary"]["builtin"]["drafts"] == planned_drafts(SUITE)
