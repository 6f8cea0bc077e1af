"""The candidate's own claims: highlights as first-person clauses, concerns as answered questions.

A highlight is said only as "I …" with the verb the candidate wrote (never "I bring" before a
verb it does not know); a concern only when the notes give the answer ("topic: answer").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fragments import (
    DETERMINERS,
    IRREGULAR_PAST,
    MASS_ENDINGS,
    MASS_WORDS,
    NOUN_ING,
    NUMBER_WORDS,
    TRAILING,
    Fragment,
    analyse,
    article,
    common_words,
    shape_of,
    verb_first,
    with_article,
)
from .meaning import CREDENTIALS
from .tidy import tidy

SELF = re.compile(r"(?i)^(I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|My|We|We've|We’ve|Our)\b")
# Words that turn a concern's topic into shorthand for a weakness: "limited Scala experience".
WEAKNESS_LEAD = re.compile(r"(?i)^(limited|little|no|not much|not enough|lack of|lacking|weak|minimal|only some|less|new to)\s+")
SEPARATORS = (": ", " - ", " – ", " — ", "; ")
# "told him I can …", "explained I plan to …": what the candidate said, reported to the very person
# who heard it. The report goes; what was said stays ("I can …").
REPORTED = re.compile(r"(?i)^(?:I\s+)?(?:told|explained|said|mentioned|assured)(?:\s+to)?"
                      r"(?:\s+(?:him|her|them|you|[A-Z][\w'’-]*))?(?:\s+that)?\s+(?=I\b|I['’])")
NOTE_TO_SELF = re.compile(r"(?i)^(?:highlight|mention|stress|emphasi[sz]e|point (?:out|to)|flag|bring up)\s+(?=(?:my|the|our)\b)")
# A highlight can open on what the candidate is rather than what they did: "Certified peer support
# volunteer since 2024", "Fluent in Irish". Before a noun these say what I am ("I am a certified …"),
# before a preposition how I am ("I am fluent in …"); never "I certified peer support volunteer".
STATES = CREDENTIALS | frozenset("bilingual trilingual multilingual fluent proficient experienced skilled trained "
                                 "published".split())
STATE_PREPOSITIONS = frozenset("in with at on for as".split())
LANGUAGE_STATES = frozenset("bilingual trilingual multilingual fluent proficient".split())  # "in" languages
# Honours that happened to the candidate: "Recognized for …", "Promoted twice" ("I was …").
PASSIVE = frozenset("awarded promoted named ranked elected shortlisted nominated commended recognized recognised "
                    "honoured honored praised featured invited appointed".split())
# Verbs that are passive only before these: "Selected for the pilot", but "Selected three vendors".
PASSIVE_BEFORE = (frozenset("selected chosen hired accepted funded sponsored seconded".split()),
                  frozenset("for to as by into onto among".split()))
OBJECT_LEADS = DETERMINERS | NUMBER_WORDS | frozenset("him her them it us me".split())
# Heads a jotted object drops its article before: "settled R9m warehouse fire claim" → "settled an
# R9m …". A head of two or more words counts when it is a countable dictionary noun; on its own
# only one of these ("led team of 5"), since "managed inventory" needs none.
COUNTABLE = frozenset("team project programme program study audit review migration clinic course campaign pilot "
                      "unit ward crew shop store site branch portfolio caseload database dashboard workshop "
                      "conference paper grant trial deal contract account tender rollout redesign overhaul "
                      "restructure department fleet kitchen lab laboratory product pipeline platform system "
                      "model case claim book warehouse renovation refit fit-out startup business school class".split())
OBJECT_ENDS = frozenset("to from by in into after for over under at on with of and or across within while "
                        "using via per than that which who as".split())
# Time served with what it was in straight after ("6 years UX", "7 years Siemens"): "6 years of UX".
TIME_SERVED = re.compile(r"^(\S+\+?\s+(?:years?|yrs?|months?))\s+(?!(?:of|in|at|with|as|on|for|across|and|experience)\b)"
                         r"([A-Za-z]\S*)")
EMPTY_PROMISE = re.compile(r"(?i)\b(happy|glad|willing|open) to (discuss|talk|walk|explain|chat)\b")


@dataclass
class Claim:
    """A highlight or a concern, ready for a frame (or not, and why)."""

    field: str
    raw: str
    clause: str | None = None          # "I led a Kafka migration …", ready to follow a colon
    topic: Fragment | None = None      # a concern's question, as a noun phrase
    about: str = ""                    # a concern's topic as written (what it is about)
    changes: list[str] = field(default_factory=list)
    borrowed: bool = False             # no verb of the candidate's: said as "I bring …"
    why: str = ""
    hint: str = ""


def _tidy(text: str) -> str:
    return " ".join(text.split()).rstrip(TRAILING + " ")


def _present_first_person(verb: str) -> str:
    """ "manages" → "manage", "teaches" → "teach", "carries" → "carry" ("I manages" is wrong)."""
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if verb.endswith(("ches", "shes", "sses", "xes", "zes")):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith("ss"):
        return verb[:-1]
    return verb


def _time_served(match: re.Match[str]) -> str:
    """ "6 years UX" → "6 years of UX"; "2 years Siemens" (a name, not an acronym) → "2 years at Siemens"."""
    time, what = match.groups()
    named = what[:1].isupper() and not what.isupper()
    return f"{time} {'at' if named else 'of'} {what}"


def _object_article(clause: str) -> str:
    """ "I settled R9m warehouse fire claim in 4 months" → "I settled an R9m warehouse fire claim
    in 4 months": a bare singular object after the verb gets "a"/"an"; "personal"/"own" → "my"."""
    words = clause.split(" ")
    if len(words) < 3 or words[0] != "I":
        return clause
    start = 2
    first = words[start].lower()
    if first in OBJECT_LEADS or first[:1].isdigit():
        return clause
    if first in ("personal", "own"):
        return " ".join([*words[:start], "my", *words[start:]])
    end = start
    while end < len(words) and words[end].lower() not in OBJECT_ENDS and not words[end].lower().endswith("ed"):
        end += 1
        if words[end - 1][-1:] in ",;:)":
            break
    phrase = words[start:end]
    if not phrase:
        return clause
    head = phrase[-1].rstrip(",;:").lower()
    countable = head in COUNTABLE or (len(phrase) > 1 and head.isalpha() and head in common_words()
                                      and not head.endswith(MASS_ENDINGS) and head not in MASS_WORDS)
    lead = phrase[0]
    if not countable or (lead[:1].isupper() and lead.isalpha() and lead.lower() not in common_words()):
        return clause  # "presented Kubeflow pipelines": a name may need no article
    return " ".join([*words[:start], article(" ".join(phrase)), *words[start:]])


def _add_object_article(claim: Claim) -> None:
    said = _object_article(claim.clause or "")
    if said != claim.clause:
        added = said.split(" ")[2]
        claim.changes.append(f'added "{added}" before what you {claim.clause.split(" ")[1]}')
        claim.clause = said


def _as_state(text: str, tokens: list[str]) -> str | None:
    """ "Fluent in Irish" → "I am fluent in Irish"; "Certified peer support volunteer since 2024" →
    "I have been a certified peer support volunteer since 2024"; None when the word is a verb
    with an object ("Trained 40 new hires", "Qualified the leads")."""
    if tokens[0] not in STATES or len(tokens) < 2:
        return None
    after = tokens[1]
    if after in OBJECT_LEADS or after[:1].isdigit():
        return None
    lowered = text[0].lower() + text[1:]
    since = re.search(r"(?i)\bsince\b", text) is not None
    if after in STATE_PREPOSITIONS:
        return f"I {'have been' if since else 'am'} {lowered}"
    words = text.split()
    if tokens[0] in LANGUAGE_STATES and words[1][:1].isupper() and not tokens[-1].startswith("speaker"):
        languages = re.sub(r"(?<=\w)\s*/\s*(?=[A-Z])", " and ", " ".join(words[1:]))  # "English/Spanish"
        return f"I am {tokens[0]} in {languages}"
    return f"I {'have been' if since else 'am'} {with_article(lowered)}"


def first_person(raw: str, field_name: str) -> Claim:
    """A highlight (or a concern's answer) as "I …", or unusable with a hint."""
    claim = Claim(field_name, raw)
    text = _tidy(raw)
    if not text:
        claim.why, claim.hint = "it is empty", "write what you did, e.g. \"led the 2025 audit\""
        return claim
    tokens = [t.lower().strip("\"'(),") for t in text.split()]
    first = tokens[0]
    told = NOTE_TO_SELF.match(text)
    if told:  # "highlight my 8-month project": a reminder to myself of what to point to
        claim.clause = f"I can point to {text[told.end():]}"
        claim.changes.append(f'wrote "{told.group().strip()}" as "I can point to"')
        return claim
    if SELF.match(text):
        # "i built …" → "I built …"; "My two internships …" → "my two internships …" (never "I my …")
        claim.clause = "I" + text[1:] if first.startswith("i") else text[0].lower() + text[1:]
        return claim
    state = _as_state(text, tokens)
    if state:
        claim.clause = state
        claim.changes.append(f'wrote it as "{state.split(first, 1)[0].strip()} …"')
        return claim
    if first.endswith("ed") or first in IRREGULAR_PAST:
        passive = first in PASSIVE or (first in PASSIVE_BEFORE[0] and len(tokens) > 1 and tokens[1] in PASSIVE_BEFORE[1])
        claim.clause = f"I {'was ' if passive else ''}{text[0].lower()}{text[1:]}"
        if passive:
            claim.changes.append('wrote it as "I was …"')
        else:
            _add_object_article(claim)
        return claim
    if first.endswith("ing") and first not in NOUN_ING and len(first) > 4:
        claim.clause = f"I have experience {text[0].lower()}{text[1:]}"
        claim.changes.append('wrote it as "I have experience …"')
        return claim
    if verb_first(tokens) and text.split()[0].isalpha() and text.split()[0].islower() and first not in DETERMINERS:
        verb = _present_first_person(first)
        claim.clause = f"I {verb}{text[len(first):]}"
        if verb != first:
            claim.changes.append(f'wrote "{first}" as "I {verb}"')
        _add_object_article(claim)
        return claim
    if first in DETERMINERS - {"my", "our", "their", "your"} and shape_of(text, False) == "clause":
        claim.clause = text[0].lower() + text[1:]  # "the train is 35 minutes": a statement, never "I bring the train is"
        return claim
    if first in DETERMINERS - {"my", "our", "their", "your"} or first[:1].isdigit() or first in NUMBER_WORDS:
        text = TIME_SERVED.sub(_time_served, text)
        claim.clause = f"I bring {text[0].lower() if first != 'i' else 'I'}{text[1:]}"
        claim.borrowed = True
        claim.changes.append('wrote it as "I bring …"')
        return claim
    claim.why = "it does not start with what you did, so no sentence fits it"
    claim.hint = 'start with a past-tense verb ("led …", "built …") or "I …"'
    return claim


def concern(raw: str, field_name: str, proper: frozenset[str], people: frozenset[str] = frozenset()) -> Claim:
    """ "topic: how I am addressing it" → the question and a first-person answer."""
    text = _tidy(raw)
    for sep in SEPARATORS:
        if sep in text:
            topic, answer = (part.strip() for part in text.split(sep, 1))
            break
    else:
        claim = Claim(field_name, raw)
        claim.why = "it gives no answer, and a weakness without a plan does not belong in a thank-you"
        claim.hint = 'write it as "topic: what you are doing about it", e.g. "Scala: I am taking a Scala course"'
        return claim
    reported = REPORTED.match(answer)
    if reported:
        answer = answer[reported.end():]
    spoken = tidy(answer, people)
    if spoken.names_someone or spoken.rough:
        claim = Claim(field_name, raw)
        claim.why = ("it speaks of someone in the third person, and the email is written to them"
                     if spoken.names_someone else "its answer is still shorthand (such as 3x or a slash)")
        claim.hint = 'write the answer as what you did, in full words: "I am taking classes three times a week"'
        return claim
    topic = tidy(topic).text or topic
    answer = spoken.text  # shorthand spelled out, asides left out: "the standard + a course" → "… and …"
    lead = answer.split(" ", 1)[0].lower()
    # "reading the standard", "willing to train on ECMO": what I am doing or ready to do now
    if (lead.endswith("ing") and lead not in NOUN_ING and len(lead) > 4) or lead in ("willing", "ready", "keen", "able", "eager"):
        answer_claim = Claim(field_name, raw, clause=f"I am {answer[0].lower()}{answer[1:]}",
                             changes=['wrote it as "I am …"'])
    else:
        answer_claim = first_person(answer, field_name)
    answer_claim.changes += spoken.changes
    if reported:
        answer_claim.changes.append(f'left out "{reported.group(0).strip()}" (the reader is the one you told)')
    answer_claim.raw = raw
    answer_claim.about = topic
    # an answer says what I did or do, never "I bring its part time online"
    if answer_claim.clause is None or answer_claim.borrowed or EMPTY_PROMISE.search(answer) or len(answer.split()) < 4:
        answer_claim.clause = None
        answer_claim.why = "the answer does not say what you did or are doing about it"
        answer_claim.hint = 'after the colon, say what you have done: "I completed a Scala course and ported one job"'
        return answer_claim
    weakness = WEAKNESS_LEAD.match(topic)
    if weakness:
        rest = re.sub(r"(?i)\s+(?:yet|so far|as yet|at all)$", "", topic[weakness.end():])  # "no X yet" → "my X"
        topic = f"my experience with {rest}" if weakness.group(1).lower() == "new to" else f"my {rest}"
        answer_claim.changes.append(f'asked about it as "{topic}" rather than "{weakness.group(1)} …"')
    question = analyse(field_name, topic, proper)
    opens = topic.split(" ", 1)[0].lower()  # as the candidate wrote it: no "the" added
    answer_claim.topic = question if question.nounlike and opens in DETERMINERS else None
    if answer_claim.topic is None and re.search(r"(?i)\b(it|that|this|them)\b", answer_claim.clause or ""):
        answer_claim.clause = None  # "I can negotiate it down to 30", with no question to say what "it" is
        answer_claim.why = "its answer leans on the question (\"it\"), and the question cannot be quoted as written"
        answer_claim.hint = 'say what it is about in the answer: "I can shorten my notice period to 30 days"'
    return answer_claim
