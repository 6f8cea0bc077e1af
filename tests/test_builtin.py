import re

import pytest
from conftest import NOTES_FILES

import draftkit
from draftkit.checklist import Config, check_drafts
from draftkit.checklist.plan_rules import jaccard, trigrams
from draftkit.engines.naming import greeting_name, trading_name
from draftkit.notes import load_notes
from draftkit.textutil import content_words, count_words, topic_heads


@pytest.fixture(params=NOTES_FILES, ids=lambda p: p.name)
def written(request):
    return draftkit.write(request.param, engine="builtin")


def test_builtin_drafts_pass_the_checklist(written):
    errors = [f for f in written.findings if f.severity == "error"]
    assert errors == []
    assert written.findings == []  # not even warnings


def test_every_interviewer_gets_one_email_and_the_primary_one_call(written):
    notes = written.notes
    emails = [d.to for d in written.drafts if d.kind == "email"]
    assert emails == [p.name for p in notes.interviewers]
    assert [d.to for d in written.drafts if d.kind == "call"] == [notes.primary.name]
    for d in written.drafts:
        if d.kind == "note":
            assert notes.interviewer(d.to).address


def test_drafts_are_personal(written):
    notes = written.notes
    for d in written.drafts:
        person = notes.interviewer(d.to)
        if d.kind in ("email", "note"):
            assert greeting_name(person.name, person.salutation, notes.culture, person.email) in d.body.splitlines()[0]
            assert trading_name(notes.company).lower() in d.body.lower()  # "Kauri Joinery", not "… Ltd"
            assert notes.candidate.name.split()[0] in d.body.splitlines()[-1] + d.body.splitlines()[-2]
        if person.topics and d.kind != "call":
            said = set(content_words(d.body))
            # a topic said in full, or echoed by the highlight that names it (the checklist's own measure)
            # (a topic's aside after a dash or in brackets may be left out, as the checklist allows)
            heads = [h for t in person.topics for h in topic_heads(t)]
            assert any(len(set(content_words(t)) & said) * 2 >= len(set(content_words(t))) for t in heads)


def test_within_lengths(written):
    limits = {"email": 200, "note": 90, "call": 220}
    for d in written.drafts:
        assert count_words(d.body) <= limits[d.kind]
        if d.subject:
            assert len(d.subject) <= 70
        if d.voicemail:
            assert count_words(d.voicemail) <= 90


def test_panel_emails_are_not_copies(written):
    notes = written.notes
    names = {w.lower() for p in notes.interviewers for w in p.name.split()} | {
        w.lower() for w in notes.candidate.name.split()}
    emails = [d for d in written.drafts if d.kind == "email"]
    for i, a in enumerate(emails):
        for b in emails[:i]:
            assert jaccard(trigrams(a.body, names), trigrams(b.body, names)) < 0.5


def test_same_notes_same_drafts():
    a = draftkit.write(NOTES_FILES[0], engine="builtin")
    b = draftkit.write(NOTES_FILES[0], engine="builtin")
    assert [d.to_json() for d in a.drafts] == [d.to_json() for d in b.drafts]


@pytest.mark.parametrize(("culture", "greeting", "forbidden"), [
    ("formal", r"^Dear (Ms\. Raman|Priya Raman),", ["I'm", "I've", "Hi ", "Cheers"]),
    ("neutral", r"^(Dear|Hello|Hi) Priya,", ["Cheers", "Hey"]),
    ("casual", r"^(Hi|Hello) Priya,", ["Yours faithfully", "Respectfully", "Dear"]),
])
def test_culture_drives_greeting_signoff_and_contractions(notes_data, culture, greeting, forbidden):
    notes_data["culture"] = culture
    drafts = draftkit.write(notes_data, engine="builtin")
    email = drafts.drafts[0]
    assert re.match(greeting, email.body)
    for word in forbidden:
        assert word not in email.body
    if culture == "casual":
        assert "I'm" in " ".join(d.body for d in drafts.drafts)
    assert not [f for f in drafts.findings if f.rule == "tone-mismatch"]


def test_notes_are_data_not_template_code(notes_data):
    notes_data["interviewers"][0]["topics"] = ["the {{ 7*7 }} pipeline", "{% for x in range(3) %}loops{% endfor %}"]
    drafts = draftkit.write(notes_data, engine="builtin")
    text = drafts.drafts[0].body
    assert "49" not in text and "loopsloops" not in text  # never run as template code
    assert "{{" not in text and "{%" not in text and "the pipeline" in text  # nor pasted into a letter
    changed = {a["field"]: a["why"] for a in drafts.adjustments}
    assert "template code" in changed["interviewers[0].topics[0]"]


def test_concern_is_addressed_plainly_in_the_primary_email(notes_data):
    drafts = draftkit.write(notes_data, engine="builtin")
    primary = drafts.drafts[0]
    assert "Scala" in primary.body
    assert not any("Scala" in d.body for d in drafts.drafts[1:3])


def test_composer_drops_an_optional_part_that_would_fail_the_checklist(notes_data):
    notes_data["concerns"] = ["salary expectations: I am flexible on the salary range"]
    drafts = draftkit.write(notes_data, engine="builtin")
    assert drafts.report.ok
    assert "salary" not in drafts.drafts[0].body


def test_composer_follows_config_limits(notes_data):
    config = Config.from_mapping({"rules": {"too-long": {"email_words": 110}}})
    drafts = draftkit.write(notes_data, engine="builtin", config=config)
    assert all(count_words(d.body) <= 110 for d in drafts.drafts if d.kind == "email")
    assert check_drafts(load_notes(notes_data), drafts.drafts, config) == drafts.findings


def test_text_and_html_views(notes_data):
    drafts = draftkit.write(notes_data, engine="builtin")
    assert "email-priya-raman" in str(drafts)
    html = drafts._repr_html_()
    assert "<h4>" in html and "Priya" in html
    assert "OK" in str(drafts.report)
