"""Build the exact chat messages the LLM engine sends: system practices, one user prompt per draft."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from .checklist import Config
from .errors import TemplateProblem
from .kinds import LIMIT_KEYS
from .notes import Interviewer, Notes
from .plan import Touchpoint
from .templating import TemplateFailure, UserTemplates, json_text, packaged_env, render, user_env
from .textutil import first_name

CULTURE_GUIDE = {
    "formal": (
        "This company is formal: greet with \"Dear\" and the person's title and surname (or full "
        "name), write without contractions or exclamation marks, and close with \"Sincerely\" or "
        "\"Kind regards\". No \"hey\", \"cheers\", slang or emoji."
    ),
    "neutral": (
        "This company is professional but warm: \"Dear\" or \"Hello\" with the first name, plain "
        "friendly sentences, and a close such as \"Best regards\"."
    ),
    "casual": (
        "This company is casual: \"Hi\" with the first name, contractions are welcome, and a "
        "friendly close such as \"Thanks again\" or \"Best\". Avoid stiff phrases such as \"Dear "
        "Sir or Madam\", \"Yours faithfully\" or \"Respectfully yours\"."
    ),
}


def _when(touch: Touchpoint) -> str:
    due = touch.due
    return f"on {due:%A}, {due:%B} {due.day} at {due:%H:%M} ({due:%z})"


def notes_data(notes: Notes, person: Interviewer, kind: str) -> dict[str, Any]:
    """What the model needs for one draft, and no more (no interviewer contact details)."""
    at = notes.interview.at
    data: dict[str, Any] = {
        "draft": kind,
        "candidate": {k: v for k, v in notes.candidate.model_dump().items() if v},
        "company": notes.company,
        "role": notes.role,
        "culture": notes.culture,
        "interview": {"date": f"{at:%A}, {at:%B} {at.day}, {at.year}", "time": f"{at:%H:%M}",
                      **({"format": notes.interview.format} if notes.interview.format else {})},
        "recipient": {k: v for k, v in {"name": person.name, "title": person.title,
                                        "salutation": person.salutation, "topics": person.topics}.items() if v},
    }
    for key in ("highlights", "concerns"):
        if getattr(notes, key):
            data[key] = getattr(notes, key)
    if notes.decision_by:
        data["decision_by"] = notes.decision_by.isoformat()
    if notes.extra:
        data["extra"] = notes.extra
    return data


def _environment(templates: str | Path | None) -> jinja2.Environment | UserTemplates:
    return user_env(templates) if templates else packaged_env()


def build_messages(notes: Notes, touch: Touchpoint, config: Config | None = None,
                   templates: str | Path | None = None) -> list[dict[str, str]]:
    """The system and user messages for one touchpoint."""
    try:
        return _build(notes, touch, config or Config.default(), templates)
    except TemplateFailure as exc:
        raise TemplateProblem(f"prompt template error: {exc}") from None
    except jinja2.TemplateError as exc:
        where = f" in {templates}" if templates else ""
        raise TemplateProblem(f"prompt template error{where}: {type(exc).__name__}: {exc}") from None


def _build(notes: Notes, touch: Touchpoint, config: Config, templates: str | Path | None) -> list[dict[str, str]]:
    env = _environment(templates)
    person = touch.to
    limits = {key: int(config.param("too-long", key)) for key in LIMIT_KEYS}
    system = render("llm/system.j2", env, limits=limits, culture_guide=CULTURE_GUIDE[notes.culture])
    candidate = notes.candidate
    context = {
        "recipient": {"name": person.name, "title": person.title, "topics": person.topics,
                      "first_name": person.first_name,
                      "greeting_name": (person.salutation or person.name) if notes.culture == "formal" else person.first_name},
        "candidate": {"name": candidate.name, "first_name": first_name(candidate.name),
                      "phone": candidate.phone, "email": candidate.email},
        "contact": " | ".join(x for x in (candidate.email, candidate.phone) if x),
        "culture": notes.culture,
        "due": _when(touch),
        "others": [p.name for p in notes.interviewers if p is not person] if touch.kind == "email" else [],
        "data_json": json_text(notes_data(notes, person, touch.kind), indent=2),
    }
    user = render(f"llm/{touch.kind}.j2", env, **context)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def repair_message(problems: list[str], invalid: str | None, fields: list[str],
                   templates: str | Path | None = None) -> dict[str, str]:
    """The targeted re-ask after a draft broke rules or could not be parsed."""
    text = render("llm/repair.j2", _environment(templates), problems=problems, invalid=invalid, fields=fields)
    return {"role": "user", "content": text}


def format_messages(messages: list[dict[str, str]]) -> str:
    """Messages under `## role` headings, as `draftkit prompts show` prints them."""
    return "\n\n".join(f"## {m['role']}\n\n{m['content']}" for m in messages) + "\n"
