"""Notes as people type them, made fit to quote: shorthand spelled out, asides left out.

People write interview notes in shorthand ("w/ no heat at 9pm", "3 yrs"), with asides after a
dash or in brackets ("Phonics - they use Jolly Phonics", "billable target (1,800?)") and with
symbols ("Stata → Python"). Quoting that in a letter reads as notes pasted into slots, so each
fragment is tidied before it is read: the aside goes, the shorthand is spelled out, and what is
still note-like, vague or about somebody else is flagged so the composer quotes it plainly or not
at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..textutil import ASIDE_TAIL, BRACKETED, SHORTHAND, spelled_token

# Tokens that stay note-like after spelling out: a slash or colon inside a word (ARR/yr, SDR:AE),
# a ratio (2:1), a multiplier (3x), stacked marks (??, !!), a hash or a plus after a figure, an
# equals or comparison sign standing alone ("orientation = 12 weeks"), a "~" before no figure.
NOTEY = re.compile(r"^(?:.*[A-Za-z]/[A-Za-z].*|.*[A-Za-z]:[A-Za-z].*|\d+:\d+|\d+(?::\d+)?[-–]\d+:\d+.*|\d+x|"
                   r".*[?!]{2,}.*|#\S*|\d+\+|=|<|>|~.*)$")
SLASH_WORDS = frozenset({"and/or", "24/7", "n/a"})
# An aside after a comma that opens with a question word: "OOS investigations, who signs off".
QUESTION_TAIL = re.compile(r"(?i),\s+(?:who|what|why|how|when|where|which)\b.*$")
LISTED = re.compile(r"(?i),\s*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?!and\b|or\b)[a-z]")
# A question with its answer jotted after it: "on-call? no, not for analysts", "beA? yes, daily".
ANSWERED = re.compile(r"\?+\s+\S.*$")
# A short label and its detail: "the billing: RVG versus hourly", "stack: SQL + Python".
LABELLED = re.compile(r"^([^:]{2,40}?):\s+(\S.*)$")
# Labels that name only the kind of thing, so the detail after them is the topic.
GENERIC_LABELS = frozenset("scenario case question exercise task example prompt q topic re".split())
UNCLOSED = re.compile(r"\s*[(\[][^)\]]*$")  # a bracket the note never closed: the rest is an aside
# A comment after a comma that continues nothing: "near-miss reporting, they do it on an app now".
COMMENT_TAIL = re.compile(r",\s+(?!(?:and|or|but|including|especially|such|which|who|where|when|as|so|"
                          r"then|plus|with|without|not|rather)\b)[^,]*(?:,[^,]*)*$", re.IGNORECASE)
# A rate written with a slash: "60 trucks/day", "£300/yr" ("60 trucks a day", "£300 a year").
RATE = re.compile(r"(?<=\d)((?:%|\s+[^\W\d_]+)?)/(day|night|shift|week|wk|month|mo|year|yr|hour|hr|quarter|person|head)\b",
                  re.IGNORECASE)
# Words that say nothing about what was discussed ("shop stuff", "chat about the place").
VAGUE = frozenset(
    "stuff things thing chat chats place general misc bits bit etc background intro intros "
    "overview basics usual questions question talk discussion catch-up catchup random various".split()
)
REPORTING = frozenset("said says told asked mentioned felt thought explained noted reckoned wants needs thinks "
                      "talked spoke chatted joked laughed "
                      "prefers expects hopes likes loves worries".split())
THIRD_PERSON = frozenset("he him his himself she her hers herself".split())
# Pay and money terms: what a thank-you never dwells on ("band £48-55k", "$52 a hour and super",
# "38-42 zł/h brutto", "CTC 9.5 LPA"). A sum of money in a piece of work ("the £2M refit") is fine.
PAY_WORDS = re.compile(r"(?i)\b(?:salary|salaries|wages?|pay|paid|payrate|compensation|remuneration|ctc|lpa|ote|"
                       r"bonus(?:es)?|commission (?:structure|plan|rate|split|scheme)s?|brutto|netto|sueldo|bono|salaire|gehalt|lohn|salário|pay ?band)\b")
PAY_RATE = re.compile(r"(?i)(?:[$£€¥₹₩]|\b(?:zł|pln|eur|usd|gbp|inr|brl|mxn|aud|cad|r\$))\s*\d[\d.,]*\s*[km]?"
                      r"(?:\s*[-–]\s*\d[\d.,]*\s*[km]?)?\s*(?:/\s*[a-z]+|an? (?:hour|year|month|week|day)|"
                      r"per \w+|p\.?a\.?|hourly)|\bband\s*[$£€]?\s*\d|\d\s*(?:zł|pln|k€)(?:/[a-z]+)?")
# A topic that opens on the act of discussing it: the rest is the topic ("covered the basics").
DISCUSSED = re.compile(r"(?i)^(?:discussed|covered|talked (?:about|through)|went (?:over|through)|chatted about|"
                       r"touched on|spoke about|looked at)\s+(?=\S)")
# A past verb with its object and no subject ("walked me round the hall", "showed us the lab"):
# somebody's act, jotted, not a subject to thank anyone for.
THEIR_ACT = re.compile(r"(?i)^(?:[a-z]+ed|took|gave|showed|shown|told|made|ran|sent|went|brought|drove|got)\s+"
                       r"(?:me|us|him|her|them|the|a|an|my|our|his|their|round|around|through|over|that)\b")
# Chat asides that never belong in a letter ("why sparky not plumbing lol").
CHAT_ASIDES = frozenset("lol lmao haha hahaha tbh imo imho fyi btw idk smh jk ngl :) :( :-) :d ;)".split())
FUNCTION_WORDS = frozenset("a an the of about on in at for to and or with my our your their".split())


@dataclass
class Tidied:
    """A fragment made fit to quote, and what stays unfit about it."""

    text: str
    changes: list[str] = field(default_factory=list)
    rough: bool = False  # still reads as notes (ARR/yr, 2:1, 3x): quote it plainly or not at all
    vague: bool = False  # says nothing concrete ("shop stuff"): do not quote it
    names_someone: bool = False  # speaks of a person in the third person ("walk him through")
    pay: bool = False  # about pay ("band £48-55k"): not for a thank-you


def tidy(raw: str, people: frozenset[str] = frozenset(), *, whole: bool = False) -> Tidied:
    """`raw` as a phrase fit to quote; `people` are lower-case first names of the panel. `whole`:
    spell out shorthand only, keeping every part ("built a pipeline — ~2 days -> 6 hrs")."""
    changes: list[str] = []
    text = " ".join(raw.split())
    chat = [t for t in text.split() if t.lower().strip(".,!?") in CHAT_ASIDES]
    if chat and len(chat) < len(text.split()):
        text = " ".join(t for t in text.split() if t.lower().strip(".,!?") not in CHAT_ASIDES)
        changes.append(f'left out {", ".join(repr(t) for t in chat)}')
    if whole:
        return _spelled(text, changes, people)
    head = ASIDE_TAIL.sub("", text)
    if head != text and re.search(r"[A-Za-z]", head):
        changes.append(f'left out the aside "{text[len(head):].strip(" -–—;")}"')
        text = head
    head = QUESTION_TAIL.sub("", text)
    if head != text and re.search(r"[A-Za-z]", head):  # "OOS investigations, who signs off"
        changes.append(f'left out the aside "{text[len(head):].strip(" ,")}"')
        text = head
    answered = ANSWERED.search(text)
    if answered and re.search(r"[A-Za-z]", text[:answered.start()]):  # "beA? yes, daily": the question stays
        changes.append(f'left out the answer "{text[answered.start():].lstrip("? ")}"')
        text = text[:answered.start()]
    labelled = LABELLED.match(text)
    if labelled and not re.search(r"\d$", labelled.group(1)):  # "9:30" is a time, not a label
        label, detail = labelled.groups()
        generic = label.lower().split()[-1] in GENERIC_LABELS  # "Behavioural question: …": the question is the topic
        changes.append(f'left out "{label}:"' if generic else f'left out the detail after "{label}:"')
        text = detail if generic else label
    bare = UNCLOSED.sub("", BRACKETED.sub("", text)).strip()  # "(H-1B, L-1, O-1)", "(cannoli stay"
    if bare != text and re.search(r"[A-Za-z]", bare):
        changes.append("left out the part in brackets")
        text = bare
    head = COMMENT_TAIL.sub("", text)
    if head != text and re.search(r"[A-Za-z]{2}", head) and not re.search(r"(?i)\s(?:and|or|&)\s", text[len(head):]):
        changes.append(f'left out the comment "{text[len(head):].strip(" ,")}"')
        text = head
    discussed = DISCUSSED.match(text)
    if discussed:
        changes.append(f'left out "{discussed.group().strip()}"')
        text = text[discussed.end():]
    vague_tail = re.sub(r"(?i)\s+(?:stuff|things|bits)$", "", text)  # "the roster stuff": the roster
    if vague_tail != text and re.search(r"[A-Za-z]{3}", vague_tail):
        changes.append(f'left out "{text[len(vague_tail):].strip()}"')
        text = vague_tail
    return _spelled(text, changes, people)


def _spelled(text: str, changes: list[str], people: frozenset[str]) -> Tidied:
    """Shorthand and symbols spelled out, and what stays note-like, vague or about someone flagged."""
    rated = RATE.sub(lambda m: m.group(1) + " a " + SHORTHAND.get(m.group(2).lower(), m.group(2).lower()), text)
    tokens, spelled = [], [] if rated == text else ["/" + m.group(2) for m in RATE.finditer(text)]
    text = rated
    for token in text.split():
        spelling = None if token.lower().rstrip(".,;:?!") in people else spelled_token(token)  # "Jan" on the panel
        if token[:1] == "~" and token[1:2].isdigit():  # "~140 trucks": around 140
            spelled.append(token)
            tokens += ["around", token[1:]]
        elif spelling is not None:
            spelled.append(token)
            tokens.append(spelling)
        else:
            tokens.append(token)
    if spelled:
        changes.append(f'spelled out {", ".join(repr(s) for s in spelled)}')
    text = " ".join(tokens)
    words = [t.lower().strip("\"'()[],.;:!?") for t in tokens]
    rough = any(NOTEY.match(t.strip(",.")) and t.lower() not in SLASH_WORDS for t in tokens)
    # a list of facts ("team of 7, two in Lisbon") or a stray letter ("scenario q") is still notes
    rough = rough or bool(LISTED.search(text)) or any(len(t) == 1 and t.islower() and t not in "ai" for t in tokens)
    # a bare count ("around 24 beds", "70% private hospitals") or what someone said, reported with no
    # subject ("said structure fine"), is a fact jotted down, not something discussed
    lead = [w for w in words if w not in ("around", "about", "roughly")][:1]
    rough = rough or bool(lead and (re.fullmatch(r"\d[\d,.]*%?", lead[0]) or lead[0] in REPORTING))
    rough = rough or bool(THEIR_ACT.match(text))
    content = [w for w in words if w and w not in FUNCTION_WORDS]
    vague = bool(content) and all(w in VAGUE for w in content)
    names_someone = any(w in THIRD_PERSON for w in words) or any(w in people for w in words)
    pay = bool(PAY_WORDS.search(text) or PAY_RATE.search(text))
    return Tidied(text, changes, rough, vague, names_someone, pay)
