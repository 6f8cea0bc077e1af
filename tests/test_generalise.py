"""Rules generalise: modifiers, inflections, paraphrase families, names in any script."""

from __future__ import annotations

import copy

import pytest

from draftkit.checklist.engine import check_drafts
from draftkit.checklist.examples import EXAMPLE_NOTES, _draft, run_example
from draftkit.drafts import assign_ids
from draftkit.notes import parse_notes


def _email(sentence: str) -> str:
    return f"Hi Priya,\n\nThank you for your time at Northwind. {sentence}\n\nBest,\nAlex"


INTEREST = [
    "Of all the teams I have met, yours is the one I most want to make my next move into.",
    "Our talk confirmed my interest in becoming part of the data team.",
    "I truly want to join the team.", "I am so excited about the work.", "I really hope to join you.",
    "I look forward to joining Northwind.", "I'm really keen to get started.", "I remain eager to contribute.",
    "I'm hoping to bring my experience to the team.", "Joining the team would mean a lot to me.",
    "I am wanting very much to join.", "This is exactly the kind of role I want.",
    "I'm thrilled at the prospect of joining.", "I am still very much interested.",
    "It would be a privilege to work with you.", "Count me in.", "I wanted to say I'd love to be part of it.",
    "Northwind is where I want to be next.", "Talking to you made me want this job even more.",
    "I really want the Senior Data Engineer job.", "I'd love to do the same here as your Senior Data Engineer.",
    "It would be a great pleasure for me to work as your Senior Data Engineer.", "I can see myself growing here.",
    "My goal is to lead the streaming work.", "Would love to join the team.", "I'd jump at the chance to build it.",
    "The move feels like the right next step for me.", "I'm ready to come on board.",
]
NO_INTEREST = [
    "I enjoyed hearing about Kafka.", "I look forward to hearing from you.", "It was a pleasure to meet you.",
    "The team seems excited about the Kafka migration.", "You mentioned you hope to hire by March.",
    "After reflection I am not really interested any more.",
    "I hope you have a good week.", "Thanks for your time.", "I would be happy to provide references.",
    "I want to be clear that I can start in May.", "I wanted to thank you again.", "I loved our chat about the team.",
    "I hope to hear from you soon.",
]
PUSHY = [
    "I really need an answer by Friday.", "Needing an answer soon, please.", "I needed a decision yesterday.",
    "I have to let the other company know by Monday.", "My other offer expires on Friday, so I need to know soon.",
    "My family is counting on this job.", "I have been out of work for eight months and really need this.",
    "I can't afford to wait much longer.", "Please don't let me down.", "This job means everything to me.",
    "I just need to hear back this week.", "I must have your decision by Thursday.",
    "I turned down two other interviews for this role.", "I'd appreciate a quick answer since I'm under a deadline.",
    "I am desperate for this role.", "I truly, really need your answer.",
]
NOT_PUSHY = [
    "I look forward to hearing from you.", "Our team had to respond to incidents within minutes.",
    "I enjoyed hearing how the team meets its deadlines for quarterly releases.",
    "I understand you need time to decide.", "My family and I are excited about moving to Oakland.",
    "I need to thank you for your patience.", "I know the team needs an answer to the on-call question.",
    "Please let me know if you need anything else.", "I just wanted to thank you again.",
]


@pytest.mark.parametrize("sentence", INTEREST)
def test_interest_in_other_words_counts(sentence):
    assert run_example("no-interest", _email(sentence)) == []


@pytest.mark.parametrize("sentence", NO_INTEREST)
def test_no_interest_still_fires(sentence):
    assert [f.rule for f in run_example("no-interest", _email(sentence))] == ["no-interest"]


@pytest.mark.parametrize("sentence", PUSHY)
def test_pressure_in_other_words_is_pushy(sentence):
    assert run_example("pushy", _email(sentence)), sentence


@pytest.mark.parametrize("sentence", NOT_PUSHY)
def test_hard_negatives_stay_negative(sentence):
    assert run_example("pushy", _email(sentence)) == []


NAMES = [("王伟", "王伟"), ("Анна Петрова", "Анна"), ("Mei-Ling Chen", "Mei-Ling"), ("Jean-Luc Martin", "Jean-Luc"),
         ("José Núñez", "José"), ("Zoë Ångström", "Zoë"),
         # scripts whose vowels are combining marks, outside what \w matches
         ("राजेश कुमार", "राजेश"), ("முருகன் செல்வம்", "முருகன்"), ("অনিন্দ্য সেন", "অনিন্দ্য"),
         ("สมชาย ใจดี", "สมชาย"), ("Nguyễn Thị Hạnh", "Hạnh")]
RULES = ("not-personal", "no-specifics", "unknown-name")


def _findings(name: str, candidate: str, body: str, topics: list[str] | None = None):
    data = copy.deepcopy(EXAMPLE_NOTES)
    data["interviewers"][0]["name"] = name
    data["interviewers"][0].pop("salutation")
    if topics:
        data["interviewers"][0]["topics"] = topics
    data["candidate"]["name"] = candidate
    drafts = assign_ids([_draft({"to": name, "body": body})])
    return [f.rule for f in check_drafts(parse_notes(data, source="t"), drafts) if f.rule in RULES]


@pytest.mark.parametrize(("name", "greeting"), NAMES)
@pytest.mark.parametrize("candidate", ["Alex Kim", "李娜", "Ольга Иванова", "Jean-Luc Picard", "ปรีชา วงศ์ไทย"])
def test_names_in_any_script_are_recognised(name, greeting, candidate):
    sign = candidate.split()[0]
    body = (f"Dear {greeting},\n\nThank you for your time at Northwind talking about moving the nightly batch "
            f"ETL to Kafka streaming. I am excited about the Senior Data Engineer role.\n\nBest,\n{sign}")
    assert _findings(name, candidate, body) == []
    wrong = f"Dear Marcus,\n\nThank you for your time at Northwind.\n\nBest,\n{sign}"
    assert "unknown-name" in _findings(name, candidate, wrong)


def test_wrong_name_in_another_script_is_caught():
    body = "Dear Мария,\n\nThank you for your time at Northwind.\n\nBest,\nAlex"
    assert "unknown-name" in _findings("Анна Петрова", "Alex Kim", body)


def test_topics_in_another_script_can_be_echoed():
    topics = ["миграция хранилища данных"]
    body = ("Dear Анна,\n\nThank you for your time at Northwind; I enjoyed our talk about the миграция "
            "хранилища данных. I am excited about the Senior Data Engineer role.\n\nBest,\nAlex")
    assert _findings("Анна Петрова", "Alex Kim", body, topics) == []
    silent = "Dear Анна,\n\nThank you for your time at Northwind.\n\nBest,\nAlex"
    assert "no-specifics" in _findings("Анна Петрова", "Alex Kim", silent, topics)


FAMILIES = {
    "asks-timeline": (
        ["When do you think you'll be making a decision?", "Any news on when you will decide?", "Any update on the timeline?",
         "Any word yet on when the team will decide?", "Is there an expected date for the decision?"],
        ["When we decided to move the ETL to Kafka, paging dropped.", "I look forward to hearing from you.",
         "When the team decides on a registry, I can share what worked for us."],
    ),
    "apologetic": (
        ["I must apologise again for the late start.", "I fully understand if my Scala counts against me.",
         "I know I probably came across as unprepared.", "I hope it won't be held against me."],
        ["There was no need to apologise for the fire drill.", "I was sorry to hear about the office move."],
    ),
    "asks-feedback": (
        ["I'd welcome your honest thoughts on my answers.", "Was there anything I could have answered better?",
         "How do you think my answers landed?"],
        ["I enjoyed your thoughts on the team's revenue growth.", "We held a feedback session after every incident."],
    ),
}


@pytest.mark.parametrize(("rule", "sentence", "fires"), [
    (rule, s, fires) for rule, (pos, neg) in FAMILIES.items() for fires, group in ((True, pos), (False, neg)) for s in group
])
def test_families_generalise(rule, sentence, fires):
    assert bool(run_example(rule, _email(sentence))) is fires, sentence


def test_caller_introducing_herself_is_no_wrong_name():
    call = {"kind": "call", "body": "Hi, Alex Kim for Ms. Raman, please. Checking on the Senior Data Engineer role."}
    assert run_example("unknown-name", call) == []
    assert run_example("unknown-name", {"kind": "call", "body": "Hi Marcus, Alex Kim here about the role."})


def test_role_words_do_not_echo_a_topic():
    generic = {"notes": {"role": "Data Quality Lead"}, "to": "Marcus Lee",
               "body": "Hi Marcus,\n\nThank you for meeting me about the Data Quality Lead role.\n\nBest,\nAlex"}
    assert run_example("no-specifics", generic)
    specific = dict(generic, body="Hi Marcus,\n\nThank you. Your quality checks in dbt stayed with me.\n\nBest,\nAlex")
    assert run_example("no-specifics", specific) == []
