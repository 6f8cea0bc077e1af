"""Read a notes file once for the offline composer: every fragment tidied and analysed, each
highlight and concern placed with the person it belongs to, and every rephrasing or omission
recorded as an adjustment with a hint on how to write it so it fits."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..notes import Interviewer, Notes
from ..textutil import DASH, QUALIFIER, content_words
from .claims import Claim, concern, first_person
from .fragments import Fragment, analyse, analyse_role, proper_words
from .frames import stable_key
from .meaning import fits_role, overlap, reads_as_work, shares_meaning
from .naming import given_name
from .tidy import Tidied, tidy

TOPICS_PER_EMAIL = 2
# Text pasted into the notes that no one discussed: template code, instructions to a program.
NOT_A_TOPIC = re.compile(r"(?i:\b(ignore|disregard|forget) (all |any |the )?(previous|prior|above|earlier) "
                         r"(instructions|prompts?|messages?)\b)")
MARKUP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
# A vague topic that names the conversation itself ("chat about the place") is thanked for as such.
TALK_WORDS = frozenset("chat chats talk catch-up catchup discussion intro overview".split())

@dataclass
class Person:
    """What one interviewer's drafts can draw on."""

    who: Interviewer
    key: str
    topics: list[Fragment]
    link: tuple[Claim, int] | None = None      # a highlight and the topic it belongs with
    link2: Claim | None = None                 # a second highlight on another of their topics
    role_claim: Claim | None = None            # a highlight that fits the role only
    free_claim: Claim | None = None            # a highlight no topic or role asks for: said without a link
    concern: Claim | None = None
    talk: str | None = None                    # a topic that names only the conversation: "our chat about the place"
    fuller: dict[str, Fragment] = field(default_factory=dict)  # a topic with its aside kept: "… and lots of …"


@dataclass
class Reading:
    """The notes read once, for the whole panel."""

    role: Fragment
    people: list[Person]
    adjustments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def role_in_subject(self) -> str | None:
        """The full role for the subject line, when the bare title drops words that name the job."""
        if len(self.role.raw.split()) > 6 or QUALIFIER.search(self.role.raw):
            return None  # cut off by every mail reader; "the X, Y interview" reads as a list
        full, bare = content_words(self.role.raw), content_words(self.role.text)
        needed = max(math.ceil(len(full) / 2), min(len(full), 2))
        raw = re.sub(r"\s*[(\[][^)\]]*\d[^)\]]*[)\]]", "", self.role.raw).strip()  # a grade ("(EC-05)") never
        inside = re.fullmatch(r"([^()]+?)\s*\(([^()\d]+)\)", raw)
        if inside and len(inside.group(2).split()) <= 3:  # "Physiotherapist (Musculoskeletal)"
            raw = f"{inside.group(2).strip()} {inside.group(1).strip()}"
        return raw if len(bare) < needed and raw != self.role.text else None


def add_adjustment(out: list[dict[str, Any]], field_name: str, fragment: str, action: str, why: str, hint: str) -> None:
    if not any(a["field"] == field_name for a in out):
        out.append({"field": field_name, "fragment": fragment, "action": action, "why": why, "hint": hint})


def _rephrased(out: list[dict[str, Any]], field_name: str, raw: str, changes: list[str], hint: str) -> None:
    if changes:
        add_adjustment(out, field_name, raw, "rephrased", "; ".join(changes), hint)


def topic_hint(topic: Fragment) -> str:
    lowered = next((c for c in topic.changes if c.startswith("lower-cased")), None)
    if lowered:
        word = lowered.split('"')[1]
        return f'if "{word}" is a name, put a word before it ("the {word} …") and its capital stays'
    return 'write topics as a phrase that fits after "about", e.g. "the move to weekend rotas"'


def _unfit_topic(tidied: Tidied, pay_is_work: bool = False) -> tuple[str, str] | None:
    """Why a tidied topic cannot be quoted back to the interviewer (and how to write it), or None.
    `pay_is_work`: the role deals in pay (a payroll or reward role), so pay is a subject."""
    if tidied.names_someone:
        return ("it speaks of someone in the third person, and the email is written to them",
                'write what was discussed, not who said it: "my lower back pain case", "the on-call rota"')
    if tidied.vague:
        return ("it does not say what was discussed, so no sentence can be specific about it",
                'name the subject itself: "the plans for a second site", "the Friday menu"')
    if tidied.pay and not pay_is_work and not reads_as_work(tidied.text):  # "the bonus calibration process" is work
        return ("it is about pay, which a thank-you leaves for the offer stage",
                "keep pay out of your thank-you notes; name what you discussed about the work")
    if tidied.rough:
        return ("it is still shorthand after tidying (a slash, colon, ratio or multiplier inside a word, "
                "a list of figures, or a stray letter)",
                'spell it out as a phrase: "the SDR to AE ratio", "the annual quota"')
    return None


NOT_A_PHRASE = re.compile(r"(?i)\b(?:they|they're|we|we're|he|she|it's|i|i'm|which|what|who|how|why|is|are|was|were|do|does|did)\b|[?()]")


def _aside_as_with(raw: str) -> str | None:
    """The aside after a dash, when it is a plain phrase ("lots of briefing notes") that can follow
    "and": kept only when quoting the topic without it would leave the draft unspecific."""
    parts = DASH.split(" ".join(raw.split()), maxsplit=1)
    if len(parts) < 2 or NOT_A_PHRASE.search(parts[1]):
        return None
    spelled = tidy(parts[1])
    return None if spelled.rough or not spelled.text else spelled.text.rstrip(".;,!")


def read_notes(notes: Notes) -> Reading:
    """Analyse every fragment once and decide where each highlight and concern belongs."""
    names = [notes.company, notes.role, notes.candidate.name, *(p.name for p in notes.interviewers)]
    texts = [*names, *(t for p in notes.interviewers for t in p.topics), *notes.highlights,
             *notes.concerns, notes.extra or ""]
    proper = proper_words(texts) | {w.strip(".,()") for n in names for w in n.split() if w[:1].isupper()}
    role = analyse_role(notes.role)
    reading = Reading(role, [])
    adjust = reading.adjustments
    _rephrased(adjust, "role", notes.role, role.changes, "write the role as its bare title, e.g. \"Staff Nurse\"")
    seed = (notes.candidate.name, notes.company)
    pay_is_work = tidy(notes.role).pay or bool(re.search(r"(?i)\b(?:payroll|reward|benefits)\b", notes.role))
    panel = frozenset(given_name(p.name).lower() for p in notes.interviewers)
    for i, p in enumerate(notes.interviewers):
        tidied = [tidy(" ".join(MARKUP.sub(" ", t).split()) or t, panel) for t in p.topics]
        frags = [analyse(f"interviewers[{i}].topics[{j}]", td.text or t, proper)
                 for j, (t, td) in enumerate(zip(p.topics, tidied, strict=True))]
        for frag, raw, td in zip(frags, p.topics, tidied, strict=True):
            frag.raw = raw
            frag.changes[:0] = td.changes
            if MARKUP.search(raw):
                frag.changes.insert(0, "left out what looks like template code")
        talk, rough = None, None
        for frag, td in zip(list(frags), tidied, strict=True):
            unfit = _unfit_topic(td, pay_is_work)
            if unfit and td.vague and talk is None and td.text.split()[0].lower() in TALK_WORDS:
                frags.remove(frag)  # "chat about the place": thanked for as the chat it was, never as a subject
                talk = "our " + td.text[0].lower() + td.text[1:]
                add_adjustment(adjust, frag.field, frag.raw, "rephrased", f'said only as "{talk}": it names no subject',
                        'name the subject itself: "the plans for a second site", "the Friday menu"')
            elif unfit:
                frags.remove(frag)
                add_adjustment(adjust, frag.field, frag.raw, "unused", *unfit)
                if td.rough and not td.names_someone and not td.pay and rough is None:
                    rough = td
        if rough is not None and talk is None and not frags:
            # no topic fits a sentence, and this one is still shorthand: named in brackets, never spliced
            talk = f"our run-through of the practical details ({rough.text.rstrip('.;,!?')})"
        for junk in [f for f in frags if NOT_A_TOPIC.search(f.raw) or not MARKUP.sub("", f.raw).strip()]:
            frags.remove(junk)
            add_adjustment(adjust, junk.field, junk.raw, "unused",
                    "it reads as template code or as instructions, not as something you discussed",
                    "write what was discussed, e.g. \"the campaign naming scheme\"")
        for own in [f for f in frags if f.own_words and f.act is None]:
            frags.remove(own)
            add_adjustment(adjust, own.field, own.raw, "unused",
                    "it is in your own voice, and no sentence could say it as something you did",
                    'write it as what you did: "I walked you through my plan", or as the subject: "my plan"')
        person = Person(p, stable_key(*seed, p.name), frags[:TOPICS_PER_EMAIL], talk=talk)
        for frag in person.topics:
            aside = _aside_as_with(frag.raw)
            if aside:
                person.fuller[frag.field] = analyse(frag.field, f"{frag.text} and {aside}", proper)
        reading.people.append(person)
        for extra in frags[TOPICS_PER_EMAIL:]:
            add_adjustment(adjust, extra.field, extra.raw, "unused",
                    f"an email has room for {TOPICS_PER_EMAIL} topics; the first ones were used",
                    "put the topics you most want mentioned first")
    claims = [first_person(h, f"highlights[{k}]") for k, h in enumerate(notes.highlights)]
    for claim in claims:
        spelled = tidy(claim.clause or "", whole=True)  # its asides stay: they often hold the result
        if claim.clause and spelled.changes and all(
                c.startswith(("spelled out", "left out the part in brackets")) for c in spelled.changes):
            claim.clause = spelled.text  # "my EPA 608 cert" → "my EPA 608 certification"
            claim.changes += spelled.changes
        if claim.clause and tidy(claim.raw, panel).names_someone:
            claim.clause = None
            claim.why = "it speaks of someone in the third person, and the email is written to them"
            claim.hint = 'write it as what you did: "led the 2025 audit"'
    for claim in claims:
        if claim.clause is None:
            add_adjustment(adjust, claim.field, claim.raw, "unused", claim.why, claim.hint)
    usable = [c for c in claims if c.clause]
    used: set[str] = set()
    # each highlight goes to the interviewer whose topic it matches best (most shared words first)
    pairs = [(overlap(c.raw, topic.raw), c, person, j) for c in usable for person in reading.people
             for j, topic in enumerate(person.topics)
             if not topic.own_words and shares_meaning(c.raw, topic.raw)]
    for _, claim, person, j in sorted(pairs, key=lambda x: (-x[0], x[2].key, x[3], x[1].field)):
        if claim.field in used:
            continue
        if person.link is None:
            person.link = (claim, j)
            used.add(claim.field)
        elif person.link2 is None and person.link[1] != j:  # never to someone who did not raise it
            person.link2 = claim
            used.add(claim.field)
    # a highlight said for the role goes to one person: first to one whose topics touch it (their
    # own-words topics too: "my prescriber qualification"), then to those with no topics noted
    fits = [c for c in usable if fits_role(c.raw, notes.role) and c.field not in used]
    free = [p for p in reading.people if p.link is None]
    touching = sorted(((max(overlap(c.raw, t.raw) for t in p.topics), c, p) for c in fits for p in free if p.topics),
                      key=lambda x: (-x[0], x[2].key, x[1].field))
    for score, claim, person in touching:
        if score and person.role_claim is None and claim.field not in used:
            person.role_claim = claim
            used.add(claim.field)
    for person in sorted(free, key=lambda p: (bool(p.topics), p.key)):
        match = next((c for c in fits if c.field not in used), None)
        if person.role_claim is None and match:
            person.role_claim = match
            used.add(match.field)
    # the rest go unsaid: a highlight dropped in with no link to the talk or the role reads as boasting
    for claim in usable:
        if claim.field in used:
            _rephrased(adjust, claim.field, claim.raw, claim.changes,
                       'start a highlight with what you did: "led …", "built …"')
        else:
            add_adjustment(adjust, claim.field, claim.raw, "unused",
                    "it relates to no interviewer's topics and not to the role",
                    "use a distinctive word from the topic it answers: a tool, a name or two shared words")
    primary = next(p for p in reading.people if p.who is notes.primary)
    for k, raw in enumerate(notes.concerns):
        claim = concern(raw, f"concerns[{k}]", proper, panel)
        if claim.clause is None:
            add_adjustment(adjust, claim.field, raw, "unused", claim.why, claim.hint)
            continue
        owner = next((p for p in reading.people if p.concern is None
                      and any(shares_meaning(claim.about, t.raw) for t in p.topics)), None)
        owner = owner or (primary if primary.concern is None else None)
        if owner is None:
            add_adjustment(adjust, claim.field, raw, "unused", "one concern per email; earlier concerns took the room",
                    "keep the concern an interviewer raised most directly first")
            continue
        owner.concern = claim
        _rephrased(adjust, claim.field, raw, claim.changes + (claim.topic.changes if claim.topic else []),
                   'write concerns as "topic: what you did about it"')
    for person in reading.people:
        for topic in person.topics:
            _rephrased(adjust, topic.field, topic.raw, topic.changes, topic_hint(topic))
    return reading
