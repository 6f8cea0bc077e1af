import pytest

from draftkit.checklist import Config, catalog, check_drafts, load_config
from draftkit.checklist.examples import example_failures, run_example
from draftkit.checklist.numbers import figure_values
from draftkit.checklist.plan_rules import jaccard, trigrams
from draftkit.drafts import Draft, assign_ids
from draftkit.errors import ConfigError
from draftkit.notes import load_notes

DESIGN_RULES = {
    "pushy", "asks-feedback", "asks-salary", "asks-timeline", "generic-greeting", "not-personal",
    "no-specifics", "placeholder", "too-long", "no-thanks", "no-interest", "tone-mismatch",
    "apologetic", "unknown-name", "unsupported-number", "note-has-link", "voicemail-callback",
    "cliche", "missed-deadline", "premature-follow-up", "too-many-follow-ups",
    "note-without-address", "missing-thank-you", "duplicate-drafts",
}
SPLICE_RULES = {"wrong-article", "stray-capital", "broken-punctuation", "misplaced-voice"}
OWN_RULES = {"ignore-comment"}
WARNINGS = {"note-has-link", "voicemail-callback", "cliche", "ignore-comment"}


def test_catalogue_is_exactly_the_design_rules():
    specs = catalog()
    assert set(specs) == DESIGN_RULES | SPLICE_RULES | OWN_RULES
    assert {rid for rid, s in specs.items() if s.severity == "warning"} == WARNINGS


def test_every_rule_has_must_fire_and_must_pass_examples():
    for spec in catalog().values():
        assert spec.examples_fire, spec.id
        assert spec.examples_pass, spec.id


def test_every_example_behaves_as_labelled():
    assert example_failures() == []


# The documented "must not fire on" example of each rule (`draftkit rules RULE` shows them), verbatim.
MUST_NOT_FIRE = [
    ("pushy", {"kind": "call", "body": "Hi Priya, this is Alex Kim. I'm calling to ask, politely, about the status of my application for the Senior Data Engineer role."}),
    ("asks-feedback", "I liked the feedback from users we discussed."),
    ("asks-feedback", "There are areas to improve in the nightly ETL."),
    ("asks-salary", "I enjoyed hearing about the benefits of streaming."),
    ("asks-timeline", {"kind": "call", "body": "Hi Priya, this is Alex. When do you expect to make a decision?"}),
    ("placeholder", "Best,\nAlex Kim <alex.kim@example.com>"),
    ("placeholder", {"kind": "call", "body": "Hi Priya, this is Alex.\n\nIf yes: thank her.\n\nIf no: leave a message."}),
    ("apologetic", "My Scala is newer, and I am taking a course."),
    ("unsupported-number", "We spoke on Tuesday, November 24 at 2:00 pm, four weeks ago. My number is +1 415 555 0134. That is one reason I applied."),
]


@pytest.mark.parametrize(("rule", "example"), MUST_NOT_FIRE)
def test_design_must_not_fire_column(rule, example):
    assert run_example(rule, example) == []


def test_no_specifics_single_shared_word_is_not_an_echo():
    found = run_example("no-specifics", "Hi Priya,\n\nThank you. I enjoyed meeting the team and the rotation of speakers.\n\nBest,\nAlex")
    assert [f.rule for f in found] == []  # "rotation" + "team" = 2 of 3 content words: echoed
    found = run_example("no-specifics", "Hi Priya,\n\nThank you. I enjoyed meeting the team.\n\nBest,\nAlex")
    assert [f.rule for f in found] == ["no-specifics"]


def test_masking_protects_the_notes_own_words():
    body = ("Thank you for the Compensation Analyst interview at Summit Equity Partners. "
            "The bonus calibration process was fascinating.")
    example = {"notes": {"role": "Compensation Analyst", "company": "Summit Equity Partners",
                         "interviewers": [{"name": "Priya Raman", "topics": ["the bonus calibration process"]}]},
               "body": body}
    assert run_example("asks-salary", example) == []
    example["body"] = body + " What is the salary range?"
    assert [f.text for f in run_example("asks-salary", example)] == ["salary"]


def test_single_word_names_are_masked_only_when_capitalised():
    example = {"notes": {"interviewers": [{"name": "Hope Urgent", "topics": []}]}, "body": "Hi Hope, this is urgent."}
    assert [f.text for f in run_example("pushy", example)] == ["is urgent"]


@pytest.fixture
def notes(notes_data):
    return load_notes(notes_data)


def _email(body, subject="Thank you - Senior Data Engineer interview", to="Priya Raman"):
    return assign_ids([Draft(kind="email", to=to, subject=subject, body=body)])


def test_finding_offsets_point_at_the_text(notes):
    body = "Hi Priya,\n\nSorry, I need an answer ASAP!! What is the salary?\n\nBest,\nAlex"
    findings = check_drafts(notes, _email(body))
    assert findings
    for f in findings:
        if f.field == "body" and f.end > f.start:
            assert body[f.start:f.end] == f.text
    assert {"pushy", "asks-salary", "apologetic"} <= {f.rule for f in findings}


def test_inline_ignore_comment_suppresses_and_is_not_text(notes):
    body = "Hi Priya,\n\nI need an answer ASAP. <!-- draftkit: ignore pushy, too-long -->\n\nBest,\nAlex"
    rules = {f.rule for f in check_drafts(notes, _email(body))}
    assert "pushy" not in rules
    rules = {f.rule for f in check_drafts(notes, _email(body.replace("pushy, ", "")))}
    assert "pushy" in rules


def test_config_turns_rules_off_and_changes_severity(notes):
    body = "Hi Priya,\n\nI need an answer ASAP.\n\nBest,\nAlex"
    config = Config.from_mapping({"rules": {"pushy": {"severity": "warning"}, "no-interest": {"enabled": False}}})
    found = {f.rule: f.severity for f in check_drafts(notes, _email(body), config)}
    assert found["pushy"] == "warning"
    assert "no-interest" not in found


def test_config_thresholds(notes):
    body = "Hi Priya,\n\n" + "Thank you for the Kafka streaming talk at Northwind. " * 5 + "\n\nBest,\nAlex"
    assert "too-long" not in {f.rule for f in check_drafts(notes, _email(body))}
    config = Config.from_mapping({"rules": {"too-long": {"email_words": 20}}})
    found = [f for f in check_drafts(notes, _email(body), config) if f.rule == "too-long"]
    assert len(found) == 1 and "over the 20 limit" in found[0].message


@pytest.mark.parametrize(("raw", "message"), [
    ({"rules": {"pushyy": {}}}, "unknown rule 'pushyy'"),
    ({"rules": {"pushy": {"level": "warning"}}}, "[rules.pushy] unknown key 'level'"),
    ({"rules": {"pushy": {"severity": "fatal"}}}, 'severity must be "error" or "warning"'),
    ({"rules": {"too-long": {"email_words": -3}}}, "email_words must be between 1 and 100000, got -3"),
    ({"rules": {"too-long": {"email_words": float("nan")}}}, "email_words must be a finite number, got nan"),
    ({"rules": {"too-long": {"email_words": 1e308}}}, "email_words must be between 1 and 100000"),
    ({"rules": {"too-long": {"email_words": 12.5}}}, "email_words must be a whole number"),
    ({"rules": {"premature-follow-up": {"business_days": 10**12}}}, "business_days must be between 1 and 60"),
    ({"rules": {"duplicate-drafts": {"similarity": float("inf")}}}, "similarity must be a finite number"),
    ({"rules": {"duplicate-drafts": {"similarity": "high"}}}, "similarity must be a number, got 'high'"),
    ({"rules": {"unknown-name": {"sign_line": 3}}}, "[rules.unknown-name] unknown key 'sign_line'"),
    ({"rules": {"pushy": {"enabled": "no"}}}, "enabled must be true or false"),
    ({"holidays": ["christmas"]}, "'christmas' is not a date"),
    ({"holiday": []}, "unknown key 'holiday'"),
])
def test_bad_config(raw, message):
    with pytest.raises(ConfigError, match=pytest.importorskip("re").escape(message)):
        Config.from_mapping(raw)


def test_config_discovery(tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[tool.draftkit]\nholidays = ["2026-12-25"]\n[tool.draftkit.rules.pushy]\nseverity = "warning"\n')
    config = load_config(start=nested)
    assert config.rule("pushy").severity == "warning"
    (tmp_path / "a" / "draftkit.toml").write_text('[rules.cliche]\nenabled = false\n')
    config = load_config(start=nested)
    assert not config.rule("cliche").enabled
    assert config.rule("pushy").severity == "error"


def test_plan_policy_reads_rule_thresholds():
    config = Config.from_mapping({"holidays": ["2026-11-26"], "rules": {"premature-follow-up": {"business_days": 7},
                                  "missed-deadline": {"email_hours": 12}}})
    policy = config.plan_policy()
    assert policy.business_days == 7 and policy.email_hours == 12 and len(policy.holidays) == 1


@pytest.mark.parametrize(("text", "values"), [
    ("from 6 hours to 5 minutes", [6, 5]),
    ("six hours to five minutes", [6, 5]),
    ("a 5-minute window", [5]),
    ("$1.2M saved, 1.2 million rows, 40k users, 80% fewer, 3,000 employees", [1.2e6, 1.2e6, 4e4, 80, 3000]),
    ("twenty-five people, three hundred servers, a dozen teams", [25, 300, 12]),
    ("one of the reasons, no one else, someone", []),
    ("on November 24, Nov. 5th, 2026-11-24, 11/24, the 5th, at 2 pm, at 10:30am, at 14:00", []),
    ("four weeks ago, in two weeks, within 48 hours, three days later", []),
    ("call +1 415 555 0134 or (628) 555-0147 or 415-555-0134", []),
    ("In 2019 I joined; since 2020 it grew.", []),
    ("Write to alex.kim2@example.com or see https://x.example/a/42", []),
])
def test_figures(text, values):
    assert [v for _, _, v in figure_values(text)] == values


def test_trigram_similarity_sets_names_aside():
    names = {"priya", "marcus", "raman", "lee"}
    a = trigrams("Hi Priya, thank you so much for the chat today", names)
    b = trigrams("Hi Marcus, thank you so much for the chat today", names)
    assert jaccard(a, b) == 1.0
    c = trigrams("Hi Marcus, I loved the dbt testing talk and the analyst pairing", names)
    assert jaccard(a, c) < 0.5


def test_checks_are_deterministic(notes):
    body = "Dear Hiring Manager,\n\nI need an answer ASAP. [Name]\n\nBest,\nJordan"
    assert check_drafts(notes, _email(body)) == check_drafts(notes, _email(body))


def test_word_prefilter_never_changes_what_phrases_find():
    from pathlib import Path

    from draftkit.checklist.corpus import load_cases
    from draftkit.checklist.phrasetext import text_words

    texts = [d.body for c in load_cases(Path(__file__).resolve().parent.parent / "evals") for d in c.drafts]
    for spec in catalog().values():
        texts += [e if isinstance(e, str) else e.get("body", "") for e in spec.examples_fire + spec.examples_pass]
    for spec in catalog().values():
        if not spec.data.get("phrases"):
            continue
        for text in texts:
            fast = [m.span() for m in spec.matcher.finditer(text, text_words(text))]
            assert fast == [m.span() for m in spec.matcher.finditer(text)], (spec.id, text)


@pytest.mark.parametrize(("phrase", "words"), [
    ("asap", {"asap"}),
    ("i apologi[sz]e", {"i"}),
    ("urgent[:!]", {"urgent"}),
    ("thank(s|ful|ing)?", {"thank", "thanks", "thankful", "thanking"}),
    ("wages?", {"wage", "wages"}),
    ("(hi|hello|good (morning|afternoon)) (there|all)", {"there", "all"}),
    ("(yet )?(heard|received)", None),
    ("x{3,}", None),
])
def test_required_words(phrase, words):
    from draftkit.checklist.phrases import required_words

    assert required_words(phrase) == (frozenset(words) if words is not None else None)
