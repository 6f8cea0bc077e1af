"""When each touchpoint is due: calendar arithmetic in the interview's own offset."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .notes import Interviewer, Notes

EMAIL_DELAY = timedelta(hours=4)
QUIET_START, QUIET_END = 21, 7
MORNING = time(8, 0)
NOTE_TIME = time(12, 0)
CALL_TIME = time(10, 0)


@dataclass(frozen=True)
class PlanPolicy:
    """The limits the plan keeps; the checklist's plan rules read the same numbers."""

    email_hours: float = 24
    note_hours: float = 48
    note_min_days: int = 7
    business_days: int = 5
    holidays: frozenset[date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Touchpoint:
    """One planned follow-up: what, to whom, when."""

    kind: str
    to: Interviewer
    due: datetime


def is_business_day(day: date, holidays: Iterable[date] = ()) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < 5 and day not in holidays


def add_business_days(start: date, n: int, holidays: Iterable[date] = ()) -> date:
    """The n-th business day after `start` (n=0 gives `start` itself)."""
    holidays = frozenset(holidays)
    day, left = start, n
    while left > 0:
        day += timedelta(days=1)
        if is_business_day(day, holidays):
            left -= 1
    return day


def next_business_day(after: date, holidays: Iterable[date] = ()) -> date:
    """The first business day strictly after `after`."""
    return add_business_days(after, 1, holidays)


def earliest_call_date(notes: Notes, policy: PlanPolicy) -> date:
    """First day a status call is welcome: N business days on, and after decision_by."""
    day = add_business_days(notes.interview.at.date(), policy.business_days, policy.holidays)
    if notes.decision_by is not None:
        day = max(day, next_business_day(notes.decision_by, policy.holidays))
    return day


def notes_allowed(notes: Notes, policy: PlanPolicy) -> bool:
    """A mailed note only makes sense when the decision is far enough away."""
    if notes.decision_by is None:
        return True
    return (notes.decision_by - notes.interview.at.date()).days >= policy.note_min_days


def _at(day: date, when: time, like: datetime) -> datetime:
    return datetime.combine(day, when, tzinfo=like.tzinfo)


def email_due(interview_at: datetime, policy: PlanPolicy) -> datetime:
    """A few hours after the interview, out of the night, always inside the window."""
    limit = interview_at + timedelta(hours=policy.email_hours)
    due = interview_at + min(EMAIL_DELAY, timedelta(hours=policy.email_hours) / 2)
    if due.hour >= QUIET_START or due.hour < QUIET_END:
        morning_day = due.date() if due.hour < QUIET_END else due.date() + timedelta(days=1)
        morning = _at(morning_day, MORNING, due)
        if morning < limit - timedelta(hours=1):
            due = morning
    return min(due, limit)


def note_due(interview_at: datetime, policy: PlanPolicy) -> datetime:
    """Mailed the next day around noon, never past the note window."""
    limit = interview_at + timedelta(hours=policy.note_hours)
    due = _at(interview_at.date() + timedelta(days=1), NOTE_TIME, interview_at)
    if due > limit:
        due = interview_at + timedelta(hours=policy.note_hours) / 2
    return due


def make_plan(notes: Notes, policy: PlanPolicy | None = None) -> list[Touchpoint]:
    """Every touchpoint: an email each, a note each with an address, one call."""
    policy = policy or PlanPolicy()
    at = notes.interview.at
    plan = [Touchpoint("email", person, email_due(at, policy)) for person in notes.interviewers]
    if notes_allowed(notes, policy):
        plan += [
            Touchpoint("note", person, note_due(at, policy))
            for person in notes.interviewers
            if person.address
        ]
    plan.append(Touchpoint("call", notes.primary, _at(earliest_call_date(notes, policy), CALL_TIME, at)))
    return plan


def window_warnings(notes: Notes, plan: list[Touchpoint], now: datetime, policy: PlanPolicy) -> list[str]:
    """Plain sentences for windows that have already closed at `now`."""
    at = notes.interview.at
    now = now.astimezone(at.tzinfo)
    lines = []
    email_limit = at + timedelta(hours=policy.email_hours)
    if now > email_limit:
        lines.append(
            f"The {policy.email_hours:g}-hour window for thank-you emails closed at "
            f"{email_limit:%a %d %b %H:%M}; send them today anyway: late thanks beat none."
        )
    note_limit = at + timedelta(hours=policy.note_hours)
    if now > note_limit and any(t.kind == "note" for t in plan):
        lines.append(
            f"The {policy.note_hours:g}-hour window for mailing handwritten notes closed at "
            f"{note_limit:%a %d %b %H:%M}; the email carries the thanks now."
        )
    for touch in plan:
        if touch.kind == "call" and now > touch.due:
            lines.append(f"The status call to {touch.to.name} was due {touch.due:%a %d %b %H:%M}.")
    if notes.decision_by is not None and now.date() > notes.decision_by:
        lines.append(f"The decision date ({notes.decision_by}) has passed.")
    return lines
