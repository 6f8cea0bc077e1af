"""How fragments relate: two fragments about the same thing, a highlight that belongs with the
role, and a topic that names a piece of work (something to offer to take on) rather than a figure
or a perk.
"""

from __future__ import annotations

import re

from ..textutil import STOPWORDS, content_words, stem, words
from .fragments import BASE_OF, DETERMINERS, NOUN_ING, NUMBER_WORDS, common_words

GENERIC_ROLE_WORDS = frozenset(content_words(
    "senior junior lead head principal staff chief manager management director associate assistant "
    "coordinator specialist officer analyst engineer consultant supervisor executive representative "
    "intern trainee apprentice fellow team member level grade"))


# What a topic must end on to be offered as work to take on: a process, a project, a place of work.
WORK_HEADS = frozenset(
    "process project programme program pipeline pipelines system systems plan plans review reviews audit audits "
    "rollout migration model models framework strategy design build launch roadmap backlog service services "
    "clinic clinics unit units ward wards caseload curriculum course courses lesson lessons policy policies "
    "procedure procedures protocol protocols pathway pathways workflow workflows platform platforms tool tools "
    "tooling work case cases portfolio portfolios assessment assessments initiative initiatives scheme schemes "
    "campaign campaigns contract contracts account accounts territory integration upgrade upgrades refurb refit "
    "fit-out fit-outs installation installations maintenance inspection inspections testing research study "
    "studies trial trials analysis report reports dashboard dashboards pharmacy lab labs laboratory desk kitchen "
    "site sites school class classes department office warehouse fleet store stores branch branches line lines "
    "network networks scorecard scorecards product products data job jobs".split())
WORK_ENDINGS = ("ing", "tion", "sion", "ment", "ance", "ence", "ysis")


def reads_as_work(text: str) -> bool:
    """A topic that names a piece of work ("the intake and conflict check process", "near-miss
    reporting"), not a figure, a quality or a perk ("about 70% private hospitals", "phone-heavy")."""
    tokens = [t.strip(".,;:!?()\"'").lower() for t in text.split()]
    tokens = [t for t in tokens if t]
    if not tokens or tokens[0][:1].isdigit() or tokens[0] in ("about", "around", "roughly"):
        return False
    if tokens[0] == "how" and len(tokens) > 2:  # a way of working: "how the team runs handovers"
        return True
    cut = next((i for i, t in enumerate(tokens) if i and t in ("of", "for", "on", "in", "at", "to", "with", "without",
                                                            "across", "between", "from", "into")), len(tokens))
    lead = next((t for t in tokens if t not in DETERMINERS), "")  # "moving the batch ETL to Kafka"
    head = tokens[cut - 1]  # "the roadmap for a data catalog": the noun before "for", else the last word
    return head in WORK_HEADS or (len(head) > 5 and head.endswith(WORK_ENDINGS)) or (
        len(lead) > 5 and lead.endswith("ing") and lead not in NOUN_ING)


# A highlight that opens on the candidate's record as a whole, time served or a credential ("Three
# years with Calgary-area EMS", "Licensed electrician since 2019"): it speaks to the role the
# candidate listed it for. An honour does not ("made President's Club" for a planner's role).
CREDENTIALS = frozenset("certified licensed registered qualified chartered accredited board-certified".split())
TRACK_RECORD = re.compile(
    r"(?i)^(?:(?:over|nearly|almost|about|around)\s+)?(?:\d+|" + "|".join(sorted(NUMBER_WORDS)) + r")\+?(?:\s+|-)"
    r"(?:years?|yrs?)\b|^(?:" + "|".join(sorted(CREDENTIALS)) + r")\b")


def fits_role(text: str, role: str) -> bool:
    """A highlight belongs with the role: it shares meaning, a word that names the work ("grants"
    for a Grants Manager; never "senior" or "manager"), or it opens on the candidate's record as a whole."""
    if shares_meaning(text, role) or TRACK_RECORD.search(text):
        return True
    shared = (meaning_words(text) & meaning_words(role)) - GENERIC_ROLE_WORDS  # "revenue" for a Sales Manager
    return any(len(w) > 3 for w in shared)


# Words that name the same thing in notes ("a second site" / "a second location"), by stem: each
# group is read as its first member when two fragments are compared.
SYNONYMS = tuple(frozenset(stem(w) for w in group.split()) for group in (
    "site location branch premises", "customer client", "hire hiring recruit recruiting recruitment",
    "staff staffing headcount", "train training onboard onboarding", "teach teaching instruct instruction",
    "cost costs spend spending", "sale sales revenue", "backlog queue", "student pupil", "school kindergarten nursery academy", "patient resident",
    "dashboard report reporting", "migration migrate move switch rollout", "shift rota roster"))
MEANING = {member: sorted(group)[0] for group in SYNONYMS for member in group}
# Past forms the suffix stripper cannot undo ("built" / "building"), read as their verb's stem.
IRREGULAR = {stem(past): stem(base) for past, base in BASE_OF.items() if stem(past) != stem(base)}


def meaning_words(text: str) -> set[str]:
    """Content words by stem, with irregular past forms and synonyms read as one word."""
    return {MEANING.get(w, w) for w in (IRREGULAR.get(w, w) for w in content_words(text))}


def shares_meaning(a: str, b: str) -> bool:
    """Two texts are about the same thing: two shared content words (synonyms count), or one rare
    one (a name, an acronym or a word no dictionary lists) — never one common word."""
    if len(meaning_words(a) & meaning_words(b)) >= 2:
        return True
    shared = set(content_words(a)) & set(content_words(b))
    if len(shared) >= 2:
        return True
    if not shared:
        return False
    rare = {w for w in words(a) + words(b) if w not in common_words() and w not in STOPWORDS and len(w) > 1}
    caps = {w.lower() for w in re.findall(r"\b[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*\b", a + " " + b)}
    return any(stem(w) in shared for w in rare | caps)


def overlap(a: str, b: str) -> int:
    """How strongly two texts share a subject: shared content words, a rare one counting double."""
    shared = meaning_words(a) & meaning_words(b)
    rare = {stem(w) for w in words(a) + words(b) if w not in common_words() and w not in STOPWORDS and len(w) > 1}
    return len(shared) + len(shared & rare)


def echoes(topic: str, highlight: str) -> bool:
    """The highlight repeats most of the topic's words ("the diary study on onboarding" / "ran a
    diary study … on onboarding"): naming both in one sentence would say the same thing twice."""
    topic_words = set(content_words(topic))
    shared = len(topic_words & set(content_words(highlight)))
    return len(topic_words) > 0 and shared * 2 >= len(topic_words) and shared >= min(len(topic_words), 2)
