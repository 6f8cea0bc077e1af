"""Notes as people really type them: asides, shorthand, notes to self, questions put to the candidate."""

import re

import pytest

from draftkit.checklist import Config
from draftkit.engines.builtin import compose
from draftkit.engines.claims import concern
from draftkit.engines.fragments import analyse, analyse_role
from draftkit.engines.naming import institution, title_as
from draftkit.notes import Notes
from draftkit.plan import make_plan


def _write(topics: list[str], highlights: list[str] = (), concerns: list[str] = (), name: str = "Dana Kerr"):
    data = {"candidate": {"name": "Priya Nair"}, "company": "Greenleaf Foods", "role": "Supply Chain Planner",
            "interview": {"at": "2026-03-10T10:00", "format": "video"},
            "interviewers": [{"name": name, "topics": topics}],
            "highlights": list(highlights), "concerns": list(concerns)}
    notes = Notes.model_validate(data)
    adjustments: list[dict] = []
    drafts = compose(notes, make_plan(notes, Config.default().plan_policy()), adjustments=adjustments)
    body = "\n".join(d.body + (d.subject or "") for d in drafts if d.kind in ("email", "note"))
    return body, {a["field"]: a for a in adjustments}


@pytest.mark.parametrize(("topic", "absent", "action"), [
    ("Phonics - they use Jolly Phonics", "they use", "rephrased"),
    ("billable hours target (1,800?)", "1,800", "rephrased"),
    ("calls w/ no heat at 9pm", "w/", "rephrased"),
    ("Stata → Python migration", "→", "rephrased"),
    ("the day to day in the lab / hood time", " / ", "rephrased"),
    ("chat about the place", "talk through the chat", "rephrased"),
    ("stuff", "stuff", "unused"),
    ("band £48-55k", "£48", "unused"),  # pay is for the offer stage, not a thank-you
    ("$52 a hour and super", "$52", "unused"),
    ("38-42 zł/h brutto depending on test result", "brutto", "unused"),
    ("walked me round the hall", "walked me", "unused"),  # somebody's act, with no subject
    ("covered the basics of the night rota", "covered", "rephrased"),
    ("why sparky not plumbing like my uncle lol", "lol", "rephrased"),  # a chat aside never reaches a letter
    ("onboarding 6 weeks incl. product training", "onboardinging", "rephrased"),
    ("I walked him through my pricing model", "him", "unused"),
    ("what I told Dana about the rota", "Dana about", "unused"),
    ("quota 1.2M BRL ARR/yr", "ARR/yr", "unused"),
    ("SDR:AE ratio 2:1", "SDR:AE", "unused"),
    ("the team of 7, two in Lisbon", "two in Lisbon", "rephrased"),  # a comment after the comma goes
    ("team of 7, 2 in Lisbon and 1 in Porto", "Lisbon", "unused"),  # a list of facts
    ("on-call? no, not for analysts", "not for analysts", "rephrased"),  # a question's jotted answer goes
    ("stack: SQL + Python, some SAS legacy", "SAS legacy", "rephrased"),  # a label's detail goes
    ("near-miss reporting, they do it on an app now", "they do it", "rephrased"),  # a comment goes
    ("orientation = 12 weeks with preceptor", "=", "unused"),  # an equation is still notes
    ("safeguarding scenario q", "scenario q", "unused"),  # a stray letter
])
def test_a_messy_topic_is_tidied_or_left_out_and_the_change_is_reported(topic, absent, action):
    body, adjustments = _write([topic, "the cold-chain audit"])
    assert absent not in body
    assert adjustments["interviewers[0].topics[0]"]["action"] == action


@pytest.mark.parametrize(("raw", "text"), [
    ("why teaching", "why I chose teaching"),
    ("Why SaaS after 4 years selling hardware", "why I chose SaaS after 4 years selling hardware"),
    ("How do I see the balance between research and teaching?", "how I see the balance between research and teaching"),
    ("how would I handle a late delivery", "how I would handle a late delivery"),
    ("why the team moved to Workday", "why the team moved to Workday"),
    ("bilingual requirement", "the bilingual requirement"),
    ("ServiceTitan dispatch board", "the ServiceTitan dispatch board"),
    ("labour market effects of the CCB", "the labour market effects of the CCB"),
    ("ride-along on a no-heat call", "the ride-along on a no-heat call"),
    ("performance management", "performance management"),
    ("My NY bar admission", "my NY bar admission"),
    ("what tools?", "what tools"),
])
def test_questions_put_to_the_candidate_and_bare_nouns_read_as_phrases(raw, text):
    assert analyse("t", raw, frozenset({"SaaS", "Workday", "ServiceTitan", "CCB"})).text == text


@pytest.mark.parametrize(("raw", "answer"), [
    ("Notice period: I told him I can shorten my notice to 30 days", "I can shorten my notice to 30 days"),
    ("not qualified here: explained I plan to register next year", "I plan to register next year"),
    ("no RTU experience: told them I did RTU startups with my foreman", "I did RTU startups with my foreman"),
    ("private practice: I told Bec I've been doing weekend locums", "I've been doing weekend locums"),
])
def test_a_concern_answer_drops_the_report_to_the_person_who_heard_it(raw, answer):
    assert concern(raw, "concerns[0]", frozenset(), frozenset({"bec"})).clause == answer


@pytest.mark.parametrize("raw", [
    "Spanish: I'm doing classes 3x a week",
    "notice: I said Bec would hear from my manager soon",
    "Notice period 60 days: I told him I can negotiate it down to 30",
    "dental cert: its part time online",  # never "I bring its part time online"
])
def test_a_concern_answer_in_shorthand_about_someone_or_leaning_on_it_is_not_used(raw):
    assert concern(raw, "concerns[0]", frozenset(), frozenset({"bec"})).clause is None


@pytest.mark.parametrize("highlight", ["Three years with a county dispatch centre, about 9,000 calls",
                                       "Certified supply chain professional (CSCP) since 2023"])
def test_a_highlight_of_time_served_or_a_credential_is_said_for_the_role(highlight):
    body, adjustments = _write(["the cold-chain audit"], highlights=[highlight])
    assert highlight.split(",")[0].split(" (")[0].lower()[1:] in body.lower()
    assert adjustments["highlights[0]"]["action"] != "unused"


@pytest.mark.parametrize("topic", ["starting 1 February 2027", "start in March", "notice 60 days"])
def test_a_start_date_or_notice_is_never_offered_as_work_to_take_on(topic):
    from draftkit.engines.fragments import LOGISTICS, analyse

    fragment = analyse("t", topic, frozenset())
    assert fragment.logistics and LOGISTICS.search(fragment.text)
    assert not fragment.text.startswith("noticing")


def test_a_highlight_with_no_link_to_the_talk_or_the_role_goes_unsaid():
    body, adjustments = _write(["the cold-chain audit"], highlights=["I've made President's Club two years running"])
    assert "President" not in body
    assert adjustments["highlights[0]"]["action"] == "unused"


def test_logistics_never_make_the_subject_or_the_thing_to_take_on():
    body, _ = _write(["the start date", "relocation from Philly"])
    data = {"candidate": {"name": "Priya Nair"}, "company": "Greenleaf Foods", "role": "Supply Chain Planner",
            "interview": {"at": "2026-03-10T10:00", "format": "video"},
            "interviewers": [{"name": "Dana Kerr", "topics": ["the start date", "relocation from Philly"]}]}
    notes = Notes.model_validate(data)
    email = next(d for d in compose(notes, make_plan(notes, Config.default().plan_policy())) if d.kind == "email")
    assert "start date" not in email.subject and "relocation" not in email.subject
    assert "take on the start date" not in body and "help with relocation" not in body


@pytest.mark.parametrize(("company", "reads"), [
    ("St Aldhelm's NHS Foundation Trust", "St Aldhelm's NHS Foundation Trust"),
    ("Department of Finance Canada", "the Department of Finance Canada"),
])
def test_a_name_with_a_possessive_takes_no_article(company, reads):
    assert institution(company) == reads


@pytest.mark.parametrize(("title", "reads"), [
    ("Economist (EC-04)", "an economist"),
    ("Chief Economist, Tax Policy Branch", "the chief economist"),
])
def test_a_title_after_as_has_no_grade_or_unit(title, reads):
    assert title_as(title) == reads


@pytest.mark.parametrize(("role", "reads"), [
    ("Account Executive - Mid-Market", "Mid-Market Account Executive"),
    ("Associate, Commercial Litigation", "Commercial Litigation Associate"),
    ("Store Manager, Flagship", "Flagship Store Manager"),
    # a long or lower-case qualifier would make a stack no one writes: the bare title
    ("Lead Pharmacist – Antimicrobial Stewardship (Band 8a)", "Lead Pharmacist"),
    ("B2B Sales Manager, CEE", "B2B Sales Manager"),
    ("Postdoctoral Researcher, Regional Climate Modelling", "Postdoctoral Researcher"),
    ("Senior Midwife, Labour and Delivery", "Senior Midwife"),
    ("Sales Associate - Gran Vía flagship", "Sales Associate"),
    ("Electrician - commercial fit-outs", "Electrician"),
])
def test_a_role_with_a_qualifier_reads_as_one_title(role, reads):
    assert analyse_role(role).text == reads


@pytest.mark.parametrize(("text", "shape"), [
    ("building an outbound team for the Czech market", "gerund"),
    ("planning the Saturday rota", "gerund"),
    ("teaching our new nurses", "gerund"),
    ("building maintenance", "noun"),
    ("staffing ratios on the ward", "noun"),
    ("planning", "noun"),
])
def test_an_ing_word_that_can_be_a_noun_is_a_verb_before_an_article(text, shape):
    from draftkit.engines.fragments import shape_of

    assert shape_of(text, asked=False) == shape


@pytest.mark.parametrize(("topic", "reads"), [
    ("why they're moving to Epic?", "why you're moving to Epic"),  # the employer is the reader
    ("why healthcare is their biggest bet for 2027", "why healthcare is your biggest bet for 2027"),
    ("how they moderate practical assessments", "how you moderate practical assessments"),
    ("how buyers say they choose vendors", "how buyers say they choose vendors"),  # "they" are the buyers
    ("caseload", "the caseload"),  # a bare count noun takes "the"
    ("territory", "the territory"),
    ("research", "research"),  # a mass noun does not
    ("pricing", "pricing"),
    ("shrinkage", "shrinkage"),
])
def test_a_topic_is_said_from_the_readers_side_and_with_its_article(topic, reads):
    assert analyse("t", topic, frozenset()).text == reads


@pytest.mark.parametrize("topic", [
    "the hybrid work policy", "the team offsite in Kraków", "staff housing and transport from Puerto Morelos",
    "the drug test and police check", "the OTE and commission plan", "ute and tools provided",
    "the study leave for ACCA exams",
])
def test_a_practical_matter_is_never_work_to_take_on(topic):
    assert analyse("t", topic, frozenset()).logistics
    body, _ = _write([topic])
    for pledge in ("take on", "put my experience to work on", "help with", "part of the work on", "contribute to"):
        assert f"{pledge} {topic}" not in body


def test_a_gap_said_with_yet_is_asked_about_without_it():
    claim = concern("no sedation experience yet: booked onto the IHS sedation nursing course starting Jan",
                    "concerns[0]", frozenset())
    assert claim.topic is not None and claim.topic.text == "my sedation experience"


@pytest.mark.parametrize(("title", "reads"), [
    ("Owner / Registered Electrician", "the owner"),
    ("Head of Sales & Marketing", "the Head of Sales & Marketing"),  # never "the head of Sales & marketing"
])
def test_a_title_after_as_is_one_title_in_one_case(title, reads):
    assert title_as(title) == reads


@pytest.mark.parametrize(("word", "email", "family", "spelled"), [
    ("אורית", "orit.shimoni@fluxwise.example", "שמעוני", "Orit"),
    ("Олександр", "oleksandr.kovalenko@x.example", "Коваленко", "Oleksandr"),
    ("राहुल", "rahul.mehta@x.example", "मेहता", "Rahul"),
    ("ليلى", "layla.alhusseini@x.example", "الحسيني", "Layla"),
    ("Νίκος", "nikos.k@x.example", "Καραγιάννης", "Nikos"),
    ("王伟", "wei.wang@x.example", "", None),  # no part sounds like the whole name: never "Wang"
    ("Анна", "a.smirnova@x.example", "Смирнова", None),  # an initial shows nothing
    ("Νίκος", None, "Καραγιάννης", None),
    ("Zofia", "zofia.kb@x.example", "", None),  # already in Latin letters
])
def test_a_name_in_another_script_takes_the_spelling_its_address_shows(word, email, family, spelled):
    from draftkit.textutil import latin_spelling

    assert latin_spelling(word, email, family) == spelled


def test_the_checklist_knows_a_recipient_by_the_spelling_the_composer_greets_them_with():
    from draftkit.checklist import check_drafts
    from draftkit.drafts import Draft

    data = {"candidate": {"name": "Priya Nair"}, "company": "Fluxwise", "role": "Sales Manager",
            "interview": {"at": "2026-03-10T10:00"},
            "interviewers": [{"name": "אורית שמעוני", "email": "orit.shimoni@fluxwise.example", "topics": ["pricing"]}]}
    notes = Notes.model_validate(data)
    draft = Draft(kind="email", to="אורית שמעוני", subject="Thank you - Sales Manager interview",
                  body="Hi Orit,\n\nThank you for talking with me about the Sales Manager role at Fluxwise and "
                       "about pricing.\n\nBest,\nPriya Nair")
    rules = {f.rule for f in check_drafts(notes, [draft])}
    assert "not-personal" not in rules and "unknown-name" not in rules
    body, _ = _write(["the pricing model"], name="אורית שמעוני")
    assert "אורית" in body  # no address: the name as written


def test_a_persons_only_topic_still_in_shorthand_is_named_in_brackets_and_the_email_stays_specific():
    from draftkit.checklist import check_drafts

    data = {"candidate": {"name": "Priya Nair"}, "company": "Greenleaf Foods", "role": "chef de partie",
            "interview": {"at": "2026-03-10T10:00", "format": "onsite"},
            "interviewers": [{"name": "Dana Kerr", "topics": ["split shifts on a 2:1 rota"]}]}
    notes = Notes.model_validate(data)
    drafts = compose(notes, make_plan(notes, Config.default().plan_policy()))
    email = next(d for d in drafts if d.kind == "email")
    assert "(split shifts on a 2:1 rota)" in email.body
    assert email.subject[0].isupper()  # "Chef de partie: …", never a lower-case start
    assert not [f for f in check_drafts(notes, drafts) if f.severity == "error"]


@pytest.mark.parametrize("topic", [
    "the Care Quality Commission inspection", "the after-hours on-call roster", "housing support for families",
    "quota setting for the new territories", "the transport of samples between labs",
])
def test_work_that_names_a_practical_word_is_still_work(topic):
    assert not analyse("t", topic, frozenset()).logistics


@pytest.mark.parametrize(("answer", "clause"), [
    ("my two internships covered operations and due diligence", "my two internships covered operations and due diligence"),
    ("i built a cohort dashboard", "I built a cohort dashboard"),
    ("Our team won the regional bid", "our team won the regional bid"),
])
def test_an_answer_in_the_first_person_is_kept_as_a_clause(answer, clause):
    from draftkit.engines.claims import first_person

    assert first_person(answer, "concerns[0]").clause == clause  # never "I my two internships …"


@pytest.mark.parametrize(("topic", "shape"), [
    ("IT Park preselling units", "noun"),  # "IT" is no "it"
    ("the corporate tax return deadline in May", "noun"),  # the month, not "may"
    ("ute and gear provided", "noun"),  # what comes with the job
    ("the incident where a bad migration locked the invoices table", "noun"),  # a relative clause's verb
    ("supporting children who are new to English", "gerund"),
    ("pass rates dropped to 41%", "clause"),
    ("the budget was cut", "clause"),
])
def test_a_verb_inside_a_name_or_a_relative_clause_does_not_make_a_clause(topic, shape):
    assert analyse("t", topic, frozenset()).shape == shape


@pytest.mark.parametrize(("topic", "absent", "action"), [
    ("OOS investigations, who signs off", "who signs off", "rephrased"),
    ("shift 8:30-5:30 and Sat half day once a month", "8:30-5:30", "unused"),
    ("staff bus from Megenagna", "work on staff bus", None),
])
def test_more_notes_shorthand_is_tidied_or_left_out(topic, absent, action):
    body, adjustments = _write([topic, "the cold-chain audit"])
    assert absent not in body
    if action:
        assert adjustments["interviewers[0].topics[0]"]["action"] == action


@pytest.mark.parametrize(("topic", "work"), [
    ("the intake and conflict check process", True), ("near-miss reporting", True), ("the oncology satellite pharmacy", True),
    ("the dbt migration", True), ("about 70% private hospitals", False), ("phone-heavy", False), ("lanes", False),
    ("float pool pulls", False), ("24 beds", False), ("travel requirements of one week per month on site", False),
])
def test_only_a_piece_of_work_is_offered_as_work_to_take_on(topic, work):
    from draftkit.engines.meaning import reads_as_work

    assert reads_as_work(topic) is work
    body, _ = _write(["the cold-chain audit", topic])
    offered = re.search(r"(?:bring my experience to|take on|be part of the work on|help with) ([^.]+)\.", body)
    assert (offered is not None and topic in offered.group(1)) is work, body


@pytest.mark.parametrize(("raw", "said"), [
    ("60 trucks/day in peak", "60 trucks a day in peak"), ("tools allowance approx £300/yr", "about £300 a year"),
    ("~140 own trucks", "around 140 own trucks"), ("genomics <-> fermentation", "genomics and fermentation"),
    ("why they switched EHR last yr?", "last year?"),
])
def test_rates_and_approximate_figures_are_spelled_out(raw, said):
    from draftkit.engines.tidy import tidy

    assert said in tidy(raw).text


@pytest.mark.parametrize(("raw", "clause"), [
    ("no IFRS 9 experience: reading the standard and an online course on ECL", "I am reading the standard"),
    ("no ECMO yet: willing to train on the ECMO circuit this spring", "I am willing to train"),
])
def test_a_concern_answered_with_what_i_am_doing_says_i_am(raw, clause):
    from draftkit.engines.claims import concern

    answer = concern(raw, "concerns[0]", frozenset())
    assert answer.clause is not None and answer.clause.startswith(clause)
    assert "I have experience" not in answer.clause


def test_a_highlights_result_after_a_dash_stays_with_its_shorthand_spelled_out():
    body, _ = _write(["the Nextflow pipeline rebuild"], highlights=["built a Nextflow pipeline — assembly time ~2 days -> 6 hrs"])
    assert "around 2 days to 6 hours" in body and "~" not in body and "->" not in body


def test_a_reminder_to_myself_in_a_concern_is_said_as_what_i_can_point_to():
    answer = concern("little industry experience: highlight my 8-month industry-funded project", "concerns[0]", frozenset())
    assert answer.clause == "I can point to my 8-month industry-funded project"


@pytest.mark.parametrize(("raw", "shape"), [
    ("they're rebuilding PD scorecards for SME loans", "clause"), ("it's a 24-bed unit", "clause"),
    ("18th ed", "noun"), ("the red team exercise", "noun"), ("the team fed the results back", "clause"),
])
def test_a_subject_contraction_makes_a_clause_and_a_bare_ed_does_not(raw, shape):
    assert analyse("t", raw, frozenset()).shape == shape


@pytest.mark.parametrize(("raw", "rough"), [
    ("~24 beds", True), ("70% private hospitals", True), ("said structure fine", True), ("asked about my gap year", True),
    ("wants someone to modernise the vetrina", True),
    ("5G rollout", False), ("40-unit flats block", False), ("2nd fix on the new build", False), ("12-week orientation", False),
])
def test_a_bare_count_or_reported_words_stay_notes(raw, rough):
    from draftkit.engines.tidy import tidy

    assert tidy(raw).rough is rough


@pytest.mark.parametrize(("raw", "said"), [
    ("explain a regression result to a non-tech manager", "explaining a regression result to a non-tech manager"),
    ("plan a 3-day layover itinerary", "planning a 3-day layover itinerary"), ("shift sched", "the shift schedule"),
])
def test_a_task_set_in_the_interview_reads_as_an_activity(raw, said):
    from draftkit.engines.tidy import tidy

    assert analyse("t", tidy(raw).text, frozenset()).text == said


@pytest.mark.parametrize(("raw", "clause"), [
    ("the 2024 audit with zero findings", "I bring the 2024 audit with zero findings"),  # never "I the 2024 audit"
    ("the team grew from 3 to 12 under me", "the team grew from 3 to 12 under me"),  # a statement stays one
])
def test_a_highlight_opening_on_an_article_is_never_a_verb(raw, clause):
    from draftkit.engines.claims import first_person

    assert first_person(raw, "highlights[0]").clause == clause


def test_a_concern_answered_with_a_statement_is_said_as_it_is():
    answer = concern("commute: the train is 35 minutes and I am happy with three office days", "concerns[0]", frozenset())
    assert answer.clause == "the train is 35 minutes and I am happy with three office days"


@pytest.mark.parametrize(("raw", "text"), [
    ("the firm's growth in immigration work (H-1B, L-1, O-1)", "the firm's growth in immigration work"),
    ("the classics (cannoli siciliani stay", "the classics"),  # a bracket never closed
])
def test_brackets_go_before_a_comment_is_looked_for(raw, text):
    from draftkit.engines.tidy import tidy

    assert tidy(raw).text == text
