"""The offline composer: deterministic drafts from the notes, phrased in Jinja2 templates."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..checklist import Config, text_findings
from ..checklist.context import NotesContext
from ..checklist.plan_rules import copies
from ..drafts import Draft, assign_ids
from ..notes import Interviewer, Notes
from ..plan import Touchpoint
from ..templating import render
from ..textutil import content_words, first_name
from . import Composed, EngineOptions, OnDraft

MEETING = {
    "video": ("meeting with me over video", "our video call"),
    "phone": ("speaking with me by phone", "our phone call"),
    "onsite": ("meeting with me in person", "our in-person conversation"),
    None: ("meeting with me", "our conversation"),
}
PAST_VERBS = re.compile(r"^(?:[a-z]+ed|led|built|ran|cut|grew|won|made|wrote|taught|shipped|drove|took|set|spoke|brought|held|began|kept|found|rebuilt|rewrote|oversaw|mentored)\b", re.I)


@dataclass(frozen=True)
class Parts:
    """Which optional paragraphs a draft carries; dropped one by one if a check fails."""

    concern: bool = True
    second_topic: bool = True
    highlight: bool = True
    offset: int = 0


def _first_person(highlight: str) -> str:
    text = highlight.strip().rstrip(".")
    if re.match(r"^(I|I'm|I've|My)\b", text):
        return text
    if PAST_VERBS.match(text):
        return f"I {text}"
    return f"I bring {text}"


def _best_highlight(notes: Notes, person: Interviewer, index: int) -> str | None:
    if not notes.highlights:
        return None
    topic_words = set(content_words(" ".join(person.topics)))
    scored = [(len(topic_words & set(content_words(h))), -i, h) for i, h in enumerate(notes.highlights)]
    best = max(scored)
    if best[0] == 0:
        return notes.highlights[index % len(notes.highlights)]
    return best[2]


def _concern(text: str) -> dict[str, str]:
    """Split "topic: how I address it"; a bare first-person line is its own answer."""
    for sep in (":", " - ", " — ", ";"):
        if sep in text:
            topic, answer = text.split(sep, 1)
            answer = answer.strip().rstrip(".")
            return {"topic": topic.strip(), "answer": answer[:1].upper() + answer[1:]}
    text = text.strip().rstrip(".")
    if re.match(r"^(I|I'm|I've|My)\b", text):
        return {"topic": "", "answer": text}
    return {"topic": text, "answer": ""}


def _person(person: Interviewer, culture: str) -> dict[str, Any]:
    formal = person.salutation or person.name
    return {
        "name": person.name, "first": person.first_name, "last": person.last_name,
        "title": person.title, "phone": person.phone, "formal_name": formal,
        "spoken_name": formal if culture == "formal" else person.first_name,
    }


def _context(notes: Notes, touch: Touchpoint, index: int, parts: Parts, config: Config) -> dict[str, Any]:
    culture = notes.culture
    person = touch.to
    meeting, meeting_noun = MEETING[notes.interview.format]
    candidate = notes.candidate
    contact = " | ".join(x for x in (candidate.email, candidate.phone) if x)
    p = _person(person, culture)
    slot_base = index + parts.offset
    topics = person.topics[: 2 if parts.second_topic else 1]
    highlight = _best_highlight(notes, person, index) if parts.highlight else None
    is_primary = person is notes.primary
    concern = _concern(notes.concerns[0]) if notes.concerns and parts.concern and is_primary else None
    return {
        "culture": culture, "p": p, "company": notes.company, "role": notes.role,
        "candidate": {"name": candidate.name, "first": first_name(candidate.name),
                      "email": candidate.email, "phone": candidate.phone},
        "topics": topics, "highlight": _first_person(highlight) if highlight else None,
        "concern": concern, "meeting": meeting, "meeting_noun": meeting_noun,
        "interview_day": f"{notes.interview.at:%A}, {notes.interview.at:%B} {notes.interview.at.day}",
        "signature": candidate.name + (f"\n{contact}" if contact else ""),
        "note_signature": candidate.name if culture == "formal" else first_name(candidate.name),
        "spoken_greeting": f"Hello {p['formal_name']}" if culture == "formal" else f"Hi {p['first']}",
        "say": lambda plain, contracted: contracted if culture == "casual" else plain,
        "pick": lambda seq, slot: seq[(slot_base + slot) % len(seq)],
        "max_chars": int(config.param("too-long", "subject_chars")),
    }


def _compose_one(notes: Notes, touch: Touchpoint, index: int, parts: Parts, config: Config) -> Draft:
    ctx = _context(notes, touch, index, parts, config)
    data: dict[str, Any] = {"kind": touch.kind, "to": touch.to.name, "due": touch.due}
    if touch.kind == "email":
        data["subject"] = render("builtin/subject.j2", **ctx)
        data["body"] = render("builtin/email.j2", **ctx)
    elif touch.kind == "note":
        data["body"] = render("builtin/note.j2", **ctx)
    else:
        data["body"] = render("builtin/call.j2", **ctx)
        data["voicemail"] = render("builtin/voicemail.j2", **ctx)
    return Draft.model_validate(data)


def _errors(notes_ctx: NotesContext, draft: Draft, config: Config) -> int:
    return sum(f.severity == "error" for f in text_findings(notes_ctx, draft, config))


FALLBACKS = (Parts(), Parts(concern=False), Parts(concern=False, second_topic=False),
             Parts(concern=False, second_topic=False, highlight=False))


def _best_draft(notes: Notes, notes_ctx: NotesContext, touch: Touchpoint, index: int, config: Config, offset: int = 0) -> Draft:
    """The fullest draft that passes the text rules (else the one with the fewest errors)."""
    best: tuple[int, Draft] | None = None
    for parts in FALLBACKS:
        draft = _compose_one(notes, touch, index, replace(parts, offset=offset), config)
        errors = _errors(notes_ctx, draft, config)
        if best is None or errors < best[0]:
            best = (errors, draft)
        if errors == 0:
            break
    assert best is not None
    return best[1]


def compose(notes: Notes, plan: list[Touchpoint], config: Config | None = None) -> list[Draft]:
    """Drafts for every touchpoint; each checked, and re-varied if it reads like another."""
    config = config or Config.default()
    notes_ctx = NotesContext(notes)
    index_of = {id(p): i for i, p in enumerate(notes.interviewers)}
    drafts = assign_ids([_best_draft(notes, notes_ctx, t, index_of[id(t.to)], config) for t in plan])
    threshold = config.param("duplicate-drafts", "similarity")
    for attempt in range(1, 5):
        copied = {later.id for later, _, _ in copies(notes_ctx, drafts, threshold)}
        if not copied:
            break
        for i, (touch, draft) in enumerate(zip(plan, drafts, strict=True)):
            if draft.id in copied:
                fresh = _best_draft(notes, notes_ctx, touch, index_of[id(touch.to)], config, offset=attempt)
                drafts[i] = fresh.model_copy(update={"id": draft.id})
    return drafts


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
        drafts = compose(notes, plan, self.config)
        for done, draft in enumerate(drafts, 1):
            if on_draft is not None:
                on_draft(draft.id, None, done, len(drafts))
        return Composed(drafts=drafts)
