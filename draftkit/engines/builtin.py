"""The offline composer: sentences planned from the notes, phrased by the frames in prompts/builtin/.

Every fragment of the notes is read once (engines/reading.py, with engines/fragments.py,
engines/meaning.py and engines/claims.py); each goes only into a frame that accepts its shape
(engines/frames.py); what
had to be rephrased or left out is reported as an adjustment, with a hint on how to write it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..checklist import Config, text_findings
from ..checklist.context import NotesContext
from ..drafts import Draft, assign_ids
from ..notes import Interviewer, Notes
from ..plan import Touchpoint
from ..templating import render
from ..textutil import first_name
from . import Composed, EngineOptions, OnDraft
from .fragments import Fragment, with_article
from .frames import FramePicker, realise, stable_key
from .meaning import echoes
from .naming import given_name, greeting_name, institution, title_as
from .reading import Person, Reading, add_adjustment, read_notes, topic_hint

MEETING = {
    "video": ("meeting with me over video", "our video call"),
    "phone": ("speaking with me by phone", "our phone call"),
    "onsite": ("meeting with me", "our meeting"),
    None: ("meeting with me", "our conversation"),
}
SUBJECT_TOPIC_CHARS = 40
# Roles where people keep work to show: only these are offered "examples of my work".
PORTFOLIO_ROLE = re.compile(r"(?i)\b(design\w*|writ\w*|editor\w*|copy\w*|content|engineer\w*|develop\w*|"
                            r"programm\w*|research\w*|scien\w*|marketing|brand|architect\w*|ux|ui|product|data|"
                            r"analyst|journalis\w*|illustrat\w*|photograph\w*|animat\w*|artist|software)\b")



@dataclass(frozen=True)
class Parts:
    """Which optional sentences a draft carries; dropped one by one if a check fails."""

    concern: bool = True
    second_topic: bool = True
    highlight: bool = True


FALLBACKS = (Parts(), Parts(concern=False), Parts(concern=False, second_topic=False),
             Parts(concern=False, second_topic=False, highlight=False))


def work_samples(role: str) -> str:
    """What to offer besides references: work to show only where people keep a portfolio."""
    return "examples of my work" if PORTFOLIO_ROLE.search(role) else ""


def _values(notes: Notes, reading: Reading) -> dict[str, Any]:
    culture = notes.culture
    meeting, meeting_noun = MEETING[notes.interview.format]
    return {
        "role": reading.role.text, "company": institution(notes.company),
        "meeting": meeting, "meeting_noun": meeting_noun, "day": f"{notes.interview.at:%A}",
        "first": given_name(notes.candidate.name),  # "Thank you from Ngọc", never the family name
        "samples": work_samples(notes.role),
        "say": lambda plain, contracted: contracted if culture == "casual" else plain,
    }


def _say(picker: FramePicker, slot: str, person: Person, fragment: Fragment | None = None, *, after: str = "",
         skip: tuple[str, ...] = (), **values: Any) -> str:
    frame = picker.pick(slot, person.key, fragment, after=after, skip=skip)
    if frame is None:
        return ""
    if frame.voice == "mine" and fragment is not None and fragment.act:
        values["t"] = fragment.act  # "Thank you for the chance to walk you through my plan"
        if slot == "topic2" and fragment.act.startswith("walk you through "):
            values["t"] = "share " + fragment.act[len("walk you through "):]  # not the first topic's verb again
    if "role_a" in frame.text:  # inflect is loaded only when a frame needs "a"/"an"
        role = values["role"]
        single = role.split(" ", 1)[0].lower() in ("head", "director", "chief", "principal", "dean", "president")
        values["role_a"] = f"the {role}" if single else with_article(role)  # there is one Head of Science
    if "title_as" in frame.text:  # "as the founder", "as a biostatistician" (inflect again)
        values["title_as"] = title_as(values["title"])
    return realise(frame, **values)


def plan_email(picker: FramePicker, person: Person, base: dict[str, Any], max_chars: int,
               full_role: str | None = None) -> dict[str, str]:
    """Realise every optional sentence of one email; Parts decides later which ones stay."""
    out: dict[str, str] = {}
    topics = person.topics
    linked = person.link[1] if person.link else None  # its words come back in the highlight line
    t0 = next((t for j, t in enumerate(topics) if j != linked), None)
    fit = [t for t in ([t0] if t0 else []) + topics if t.nounlike and len(t.text) <= SUBJECT_TOPIC_CHARS]
    short = next((t for t in fit if picker.candidates("subject", person.key, t)[0].shapes), None)
    short = None if full_role else short
    # an unused frame that fits the length first, with this topic, then with any other short one
    shorts = [t for k, t in enumerate([None if full_role else short, *fit]) if t not in [short, *fit][:k]]
    options = [(f, t) for t in shorts for f in picker.candidates("subject", person.key, t)]
    options.sort(key=lambda o: o[0].id in picker.used.get("subject", set()))
    for frame, topic in options:
        line = realise(frame, **{**base, "t": topic.text if topic else "", "role": full_role or base["role"]})
        if len(line) <= max_chars:
            picker.mark("subject", frame, person.key)
            out["subject"] = line[:1].upper() + line[1:]  # "Chef de partie: thank you for your time"
            break
    else:
        out["subject"] = "Thank you for the interview"
    out["opener"] = _say(picker, "opener", person, **base)
    # a linked topic is said by its link line; one the highlight echoes is still named in its own words first
    # a question or clause no link frame takes: the topic in its own line, the highlight said plainly after it
    echoed = bool(person.link) and (echoes(topics[person.link[1]].text, person.link[0].raw)
                                    or not picker.candidates("link", person.key, topics[person.link[1]]))
    plain = [t for j, t in enumerate(topics)
             if not (person.link and person.link[1] == j) or (echoed and not t.own_words)]
    other = person.role_claim or person.free_claim  # "how I track restricted funds" / "I tracked restricted funds"
    if other and len(plain) > 1:
        plain = [t for t in plain if not (t.own_words and echoes(t.text, other.raw))] or plain
    while plain:  # a topic no frame can say gives its place to the next (never "… too" first)
        out["topic"] = _say(picker, "topic", person, plain[0], after=out["opener"], t=plain[0].text, **base)
        if out["topic"]:
            break
        plain.pop(0)
    if len(plain) > 1:
        out["topic2"] = _say(picker, "topic2", person, plain[1], after=out["opener"] + " " + out["topic"],
                             t=plain[1].text, **base)
    if person.link:
        claim, j = person.link
        # no "diary study … diary study": the topic goes unsaid when the highlight names it
        slot = "link_echo" if echoes(topics[j].text, claim.raw) else "link"
        if (echoed and slot == "link") or not picker.candidates(slot, person.key, topics[j]):
            out["link"] = _say(picker, "free_claim", person, h=claim.clause, **base)
        else:
            out["link"] = _say(picker, slot, person, topics[j], t=topics[j].text, h=claim.clause, **base)
        if not out["link"] and "topic" not in out:  # no link frame fits: the topic is still said
            out["topic"] = _say(picker, "topic", person, topics[j], after=out["opener"], t=topics[j].text, **base)
    elif person.role_claim:
        out["link"] = _say(picker, "role_link", person, h=person.role_claim.clause, **base)
    if person.link2 and out.get("link"):
        out["link"] += " " + _say(picker, "free_claim", person, h=person.link2.clause, after=out["link"], **base)
    elif person.free_claim:
        out["link"] = _say(picker, "free_claim", person, h=person.free_claim.clause, **base)
    if person.concern:
        c = person.concern
        slot, fragment = ("concern", c.topic) if c.topic else ("concern_plain", None)
        out["concern"] = _say(picker, slot, person, fragment, t=c.topic.text if c.topic else "", a=c.clause, **base)
    title = {"title": person.who.title} if person.who.title else {}
    if not topics and person.talk:
        out["topic"] = _say(picker, "talk", person, talk=person.talk, **base)
    elif not topics and person.who.title:  # no topics noted: what their job adds to the role
        out["topic"] = _say(picker, "title", person, **title, **base)
    elif not topics and base.get("panel_of", {}).get(person.key):
        out["topic"] = _say(picker, "panel", person, others=base["panel_of"][person.key], **base)
    out["interest"] = out["interest_plain"] = _say(picker, "interest", person, **base)
    # the second topic said as what the candidate wants to take on: "I would like to help with the
    # front desk turnover as …" (a lone topic is not named twice)
    ahead = plain[1] if len(plain) > 1 else None
    if person.link and ahead is topics[person.link[1]]:
        ahead = None  # its highlight is said already ("I have hands-on experience here: …")
    if ahead is not None and not ahead.own_words:
        # what the candidate would do about it first; "after hearing about …" only when none is free;
        # one shapes "how …", never "why …"
        never = () if ahead.text.startswith("how ") else ("shape",)
        unused = [f for f in picker.candidates("interest_topic", person.key, ahead)
                  if not any(w in f.id for w in never) and f.id not in picker.used.get("interest_topic", set())]
        free = [f for f in unused if "hear" not in f.id]
        line = _say(picker, "interest_topic", person, ahead, t=ahead.text,
                    skip=("hear", *never) if free else never, **base) if unused else ""  # no frame twice on a panel
        if line:
            out["interest"] = line
            out.pop("topic2", None)
    out["offer"] = _say(picker, "offer", person, after=out["interest"], **base)
    return out


def plan_note(picker: FramePicker, person: Person, base: dict[str, Any], email: str = "") -> dict[str, str]:
    """The note's sentences; `email` is what the email to the same person already says."""
    out = {"opener": _say(picker, "note_opener", person, **base)}
    # a topic the email left unsaid is recalled; when the email said them all, the note looks ahead instead
    fresh = [t for t in person.topics if " ".join(t.text.split()[-4:]) not in email]  # "share my plan for …" too
    # the first topic a note frame can say: one the email left unsaid, else one to look ahead to
    tries = [*(("note_topic", t) for t in fresh),
             *(("note_ahead", t) for t in reversed(person.topics) if not t.own_words),
             *(("note_ahead", t) for t in person.topics if t.own_words)]
    for slot, topic in tries:
        out["topic"] = _say(picker, slot, person, topic, after=out["opener"], t=topic.text, **base)
        if out["topic"]:
            break
    out["close"] = _say(picker, "note_close", person, after=out["opener"] + " " + out.get("topic", ""), **base)
    return out


def plan_call(picker: FramePicker, person: Person, base: dict[str, Any]) -> dict[str, str]:
    if not person.topics:
        return {"topic": ""}
    t0 = person.topics[0]
    return {"topic": _say(picker, "call_topic", person, t0, t=t0.text, **base)}


def _people_values(person: Interviewer, culture: str) -> dict[str, Any]:
    greeting = greeting_name(person.name, person.salutation, culture, person.email)
    return {
        "name": person.name, "first": given_name(person.name), "last": person.last_name,
        "title": person.title, "phone": person.phone,
        "formal_name": greeting_name(person.name, person.salutation, "formal", person.email),
        "greeting_name": greeting, "spoken_name": greeting,  # "Hi Dr. Liu" … "Thank you, Dr. Liu"
    }


def _context(notes: Notes, touch: Touchpoint, person: Person, said: dict[str, str], parts: Parts,
             base: dict[str, Any]) -> dict[str, Any]:
    culture = notes.culture
    candidate = notes.candidate
    contact = " | ".join(x for x in (candidate.email, candidate.phone) if x)
    p = _people_values(touch.to, culture)
    keep = dict(said)
    if not parts.concern:
        keep.pop("concern", None)
    if not parts.second_topic:
        keep.pop("topic2", None)
        keep["interest"] = keep.get("interest_plain", keep.get("interest", ""))
    if not parts.highlight:
        keep.pop("link", None)
    return {
        **base, "culture": culture, "p": p, "s": keep,
        "candidate": {"name": candidate.name, "first": first_name(candidate.name),
                      "email": candidate.email, "phone": candidate.phone},
        "topics": [t.text for t in person.topics],
        "interview_day": f"{notes.interview.at:%A}, {notes.interview.at:%B} {notes.interview.at.day}",
        "signature": candidate.name + (f"\n{contact}" if contact else ""),
        "note_signature": candidate.name if culture == "formal" else first_name(candidate.name),
        "spoken_greeting": f"Hello {p['formal_name']}" if culture == "formal" else f"Hi {p['greeting_name']}",
        "pick": lambda seq, slot: seq[int(stable_key(person.key, touch.kind, str(slot)), 16) % len(seq)],
    }


# A name that ends in its own mark ("Yahoo!", "Acme Inc.", "J.") meets the frame's full stop or
# comma: one mark is enough ("at Yahoo!" not "at Yahoo!.", "at J." not "at J..").
DOUBLED_MARK = re.compile(r"(?<=[!?])\.(?=[\s\"'”’)]|$)|(?<=\w\.)\.(?=[\s\"'”’)]|$)|(?<=,),")


def _render(kind: str, ctx: dict[str, Any], touch: Touchpoint) -> Draft:
    data: dict[str, Any] = {"kind": kind, "to": touch.to.name, "due": touch.due}
    if kind == "email":
        data["subject"] = ctx["s"].get("subject", "")
        data["body"] = render("builtin/email.j2", **ctx)
    elif kind == "note":
        data["body"] = render("builtin/note.j2", **ctx)
    else:
        data["body"] = render("builtin/call.j2", **ctx)
        data["voicemail"] = render("builtin/voicemail.j2", **ctx)
    for key in ("body", "voicemail"):
        if key in data:
            data[key] = DOUBLED_MARK.sub("", data[key])
    return Draft.model_validate(data)


def _best_draft(notes: Notes, notes_ctx: NotesContext, touch: Touchpoint, person: Person, said: dict[str, str],
                base: dict[str, Any], config: Config, adjust: list[dict[str, Any]]) -> Draft:
    """The fullest draft that passes the text rules (else the one with the fewest errors)."""
    best: tuple[int, Draft, Parts, list[str]] | None = None
    first_rules: list[str] = []
    for parts in FALLBACKS:
        draft = _render(touch.kind, _context(notes, touch, person, said, parts, base), touch)
        rules = sorted({f.rule for f in text_findings(notes_ctx, draft, config) if f.severity == "error"})
        if parts == FALLBACKS[0]:
            first_rules = rules
        if best is None or len(rules) < best[0]:
            best = (len(rules), draft, parts, rules)
        if not rules:
            break
    assert best is not None
    _, draft, parts, _ = best
    if parts != FALLBACKS[0] and touch.kind == "email":
        why = f"with it the draft failed the checklist ({', '.join(first_rules)})"
        if not parts.concern and person.concern and "concern" in said:
            add_adjustment(adjust, person.concern.field, person.concern.raw, "unused", why,
                    "reword it so it avoids what the checklist flags (`draftkit rules` explains each rule)")
        if not parts.highlight and "link" in said:
            claim = person.link2 or (person.link[0] if person.link else (person.role_claim or person.free_claim))
            if claim:
                add_adjustment(adjust, claim.field, claim.raw, "unused", why,
                        "reword it so it avoids what the checklist flags (`draftkit rules` explains each rule)")
    return draft


def compose(notes: Notes, plan: list[Touchpoint], config: Config | None = None,
            adjustments: list[dict[str, Any]] | None = None,
            trace: list[tuple[str, str, str]] | None = None) -> list[Draft]:
    """Drafts for every touchpoint; what was rephrased or left out goes into `adjustments`,
    and (person key, slot, frame id) of every frame chosen into `trace`."""
    config = config or Config.default()
    notes_ctx = NotesContext(notes)
    reading = read_notes(notes)
    base = _values(notes, reading)
    base["panel_of"] = _panel_of(reading)
    max_chars = int(config.param("too-long", "subject_chars"))
    person_of = {id(p.who): p for p in reading.people}
    picker = FramePicker(notes.candidate.name, notes.company, interview_format=notes.interview.format)
    said: dict[int, dict[str, str]] = {}
    planners = {"email": lambda p: plan_email(picker, p, base, max_chars, reading.role_in_subject),
                "note": lambda p: plan_note(picker, p, base, emailed.get(p.key, "")),
                "call": lambda p: plan_call(picker, p, base)}
    emailed: dict[str, str] = {}  # what each person's email says, so their note says something else
    for i in sorted(range(len(plan)), key=lambda i: (plan[i].kind, person_of[id(plan[i].to)].key)):
        person = person_of[id(plan[i].to)]
        said[i] = planners[plan[i].kind](person)
        if plan[i].kind == "email":
            emailed[person.key] = " ".join(said[i].values())
    adjust = reading.adjustments
    drafts = [_best_draft(notes, notes_ctx, t, person_of[id(t.to)], said[i], base, config, adjust)
              for i, t in enumerate(plan)]
    for i, touch in enumerate(plan):  # unspecific without a topic's aside: the aside is said too, after "and"
        person = person_of[id(touch.to)]
        if not person.fuller or not _fails(notes_ctx, drafts[i], config, "no-specifics"):
            continue
        fuller = Person(**{**person.__dict__, "topics": [person.fuller.get(t.field, t) for t in person.topics]})
        again = _best_draft(notes, notes_ctx, touch, fuller, planners[touch.kind](fuller), base, config, adjust)
        if not _fails(notes_ctx, again, config, "no-specifics"):
            drafts[i] = again
            for frag in person.topics:
                if frag.field in person.fuller:
                    add_adjustment(adjust, frag.field, frag.raw, "rephrased", f'said as "{person.fuller[frag.field].text}"',
                            topic_hint(frag))
    if trace is not None:
        trace.extend(picker.chosen)
    if adjustments is not None:
        adjustments.extend(sorted(adjust, key=lambda a: _field_order(notes, a["field"])))
    return assign_ids(drafts)


def _fails(notes_ctx: NotesContext, draft: Draft, config: Config, rule: str) -> bool:
    return any(f.rule == rule and f.severity == "error" for f in text_findings(notes_ctx, draft, config))


def _panel_of(reading: Reading) -> dict[str, str]:
    """For each person, the rest of the panel by given name ("Beatriz and Tomás"), so a draft to
    someone whose topics went unnoted still says something only that interview had."""
    out = {}
    for person in reading.people:
        others = [given_name(p.who.name) for p in reading.people if p is not person]
        if others:
            out[person.key] = others[0] if len(others) == 1 else ", ".join(others[:-1]) + " and " + others[-1]
    return out


def _field_order(notes: Notes, name: str) -> tuple[int, str]:
    order = ("role", "interviewers", "highlights", "concerns")
    head = name.split("[", 1)[0].split(".", 1)[0]
    return (order.index(head) if head in order else len(order), name)


class BuiltinOptions(EngineOptions):
    """The offline composer takes no options: it runs the same way everywhere."""


class BuiltinEngine:
    """The engine interface (engines.Engine) over compose()."""

    name = "builtin"
    Options = BuiltinOptions

    def __init__(self, options: BuiltinOptions | None = None, config: Config | None = None):
        self.options = options or BuiltinOptions()
        self.config = config or Config.default()

    async def compose(self, notes: Notes, plan: list[Touchpoint], on_draft: OnDraft | None = None) -> Composed:
        adjustments: list[dict[str, Any]] = []
        drafts = compose(notes, plan, self.config, adjustments=adjustments)
        for done, draft in enumerate(drafts, 1):
            if on_draft is not None:
                on_draft(draft.id, None, done, len(drafts))
        return Composed(drafts=drafts, adjustments=adjustments)
