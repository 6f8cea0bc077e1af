"""When each touchpoint is due: calendar arithmetic in the interview's own offset."""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .errors import ConfigError, NotesError, UsageError
from .fields import DEFAULT_COUNTRY, MAX_YEAR, MIN_YEAR
from .notes import Interview, Interviewer, Notes
from .publicholidays import public_holidays

EMAIL_DELAY = timedelta(hours=3)  # after the interview ends
DAY_START, DAY_END = time(8, 0), time(20, 0)  # when a message may go out, local time
NOTE_TIME = time(12, 0)
CALL_TIME = time(10, 0)
MAX_BUSINESS_DAYS = 260  # a year: a longer wait before the status call is a typo


@dataclass(frozen=True)
class PlanPolicy:
    """The limits the plan keeps; the checklist's plan rules read the same numbers."""

    email_hours: float = 24
    note_hours: float = 48
    note_min_days: int = 7
    business_days: int = 5
    holidays: frozenset[date] = field(default_factory=frozenset)
    country: str | None = None


@dataclass(frozen=True)
class Touchpoint:
    """One planned follow-up: what, to whom, when."""

    kind: str
    to: Interviewer
    due: datetime


class Holidays(Container[date]):
    """Public holidays of one country plus the config's own dates."""

    def __init__(self, country: str, years: Iterable[int], extra: Iterable[date] = ()):
        self.country = country
        self.public = {day: name for year in years for day, name in public_holidays(country, year).items()}
        self.extra = frozenset(extra)

    def __contains__(self, day: object) -> bool:
        return day in self.extra or day in self.public

    def name(self, day: date) -> str:
        """What the holiday is called ("Thanksgiving Day"; "holiday" for the config's own)."""
        return self.public.get(day) or "holiday"


def country_of(notes: Notes, policy: PlanPolicy) -> str:
    """The notes' country, else the config's, else US."""
    return notes.country or policy.country or DEFAULT_COUNTRY


def holidays_for(notes: Notes, policy: PlanPolicy) -> Holidays:
    """The holidays every date of this plan is checked against."""
    first = notes.interview.at.year
    last = first + 2 + min(policy.business_days, MAX_BUSINESS_DAYS) // 200
    return Holidays(country_of(notes, policy), range(first, last + 1), policy.holidays)


def is_business_day(day: date, holidays: Container[date] = ()) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < 5 and day not in holidays


def add_business_days(start: date, n: int, holidays: Container[date] = ()) -> date:
    """The n-th business day after `start` (n=0 gives `start` itself)."""
    day, left = start, n
    while left > 0:
        day += timedelta(days=1)
        if is_business_day(day, holidays):
            left -= 1
    return day


def next_business_day(after: date, holidays: Container[date] = ()) -> date:
    """The first business day strictly after `after`."""
    return add_business_days(after, 1, holidays)


def earliest_call_date(notes: Notes, policy: PlanPolicy) -> date:
    """First day a status call is welcome: N business days on, and after decision_by."""
    if not 0 <= policy.business_days <= MAX_BUSINESS_DAYS:
        raise ConfigError(
            f"[rules.premature-follow-up] business_days: {policy.business_days} is more than "
            f"{MAX_BUSINESS_DAYS} (a year of business days); use a smaller number"
        )
    holidays = holidays_for(notes, policy)
    day = add_business_days(notes.interview.at.date(), policy.business_days, holidays)
    if notes.decision_by is not None:
        day = max(day, next_business_day(notes.decision_by, holidays))
    return day


def notes_allowed(notes: Notes, policy: PlanPolicy) -> bool:
    """A mailed note only makes sense when the decision is far enough away."""
    if notes.decision_by is None:
        return True
    return (notes.decision_by - notes.interview.at.date()).days >= policy.note_min_days


def _at(day: date, when: time, like: datetime) -> datetime:
    return datetime.combine(day, when, tzinfo=like.tzinfo)


def _in_hours(moment: datetime) -> bool:
    return DAY_START <= moment.time() <= DAY_END


def email_due(interview: Interview, policy: PlanPolicy) -> datetime:
    """A few hours after the interview ends, in waking hours, always inside the window from its start."""
    end = interview.ends_at
    limit = interview.at + timedelta(hours=policy.email_hours)
    due = end + min(EMAIL_DELAY, max(limit - end, timedelta(0)) / 2)
    if _in_hours(due):
        return min(due, limit)
    morning = _at(due.date() + timedelta(days=due.time() > DAY_END), DAY_START, due)
    evening = _at(due.date(), DAY_END, due)
    for choice in (morning, evening):
        if end + timedelta(minutes=30) <= choice <= limit:
            return choice
    return min(end + timedelta(hours=1), limit)  # no waking hour fits: as soon as is sensible


def note_window(interview: Interview, policy: PlanPolicy) -> datetime:
    """The last moment a handwritten note can be mailed."""
    return interview.at + timedelta(hours=policy.note_hours)


def note_due(interview: Interview, policy: PlanPolicy, holidays: Container[date] = ()) -> datetime | None:
    """Mailed around noon on the first business day after the interview, inside the note window;
    else later on the interview day itself; None when no business day falls inside the window."""
    end, limit = interview.ends_at, note_window(interview, policy)
    day = end.date() + timedelta(days=1)
    while day <= limit.date():
        if is_business_day(day, holidays):
            due = min(_at(day, NOTE_TIME, end), limit)
            if due.time() >= DAY_START:
                return due
        day += timedelta(days=1)
    if is_business_day(end.date(), holidays):
        due = max(_at(end.date(), NOTE_TIME, end), end + timedelta(hours=1))
        if due.date() == end.date() and due.time() <= DAY_END and due <= limit:
            return due
    return None


def make_plan(notes: Notes, policy: PlanPolicy | None = None) -> list[Touchpoint]:
    """Every touchpoint: an email each, a note each with an address (when one can be mailed in
    time), one call. It depends only on the notes and the policy, never on the clock."""
    policy = policy or PlanPolicy()
    try:
        holidays = holidays_for(notes, policy)
        at = notes.interview.at
        email = email_due(notes.interview, policy)
        plan = [Touchpoint("email", person, email) for person in notes.interviewers]
        note = note_due(notes.interview, policy, holidays) if notes_allowed(notes, policy) else None
        if note is not None:
            plan += [Touchpoint("note", person, note) for person in notes.interviewers if person.address]
        plan.append(Touchpoint("call", notes.primary, _at(earliest_call_date(notes, policy), CALL_TIME, at)))
    except OverflowError:
        raise NotesError(
            f"interview.at: the plan for {notes.interview.at:%Y-%m-%d} runs past the last date the calendar "
            "holds; check the year", source="notes") from None
    return plan


def clock() -> datetime:
    """The current time with this machine's zone (tests replace it)."""
    return datetime.now().astimezone()


def checked_now(now: datetime | None = None) -> datetime:
    """`now` (--now; default: the clock) with a zone, refused outside the years a plan can use."""
    if now is None:
        now = clock()
    if not MIN_YEAR <= now.year <= MAX_YEAR:
        raise UsageError(f"--now: year {now.year} is outside {MIN_YEAR}-{MAX_YEAR}; give a date-time near the interview")
    return now if now.tzinfo else now.astimezone()


def closed(touch: Touchpoint, notes: Notes, now: datetime, policy: PlanPolicy) -> bool:
    """A handwritten note whose mailing window has passed. Emails are always drafted (late thanks
    beat none) and so is the call (it only gets more due)."""
    return touch.kind == "note" and checked_now(now) > note_window(notes.interview, policy)


def open_plan(notes: Notes, plan: list[Touchpoint], now: datetime, policy: PlanPolicy) -> list[Touchpoint]:
    """The touchpoints still worth drafting at `now`; the only place the clock matters."""
    return [t for t in plan if not closed(t, notes, now, policy)]


def _when(moment: datetime) -> str:
    return f"{moment:%a %d %b %Y %H:%M}"


def plan_notes(notes: Notes, plan: list[Touchpoint], policy: PlanPolicy) -> list[str]:
    """Why someone with an address gets no handwritten note (independent of the clock)."""
    if any(t.kind == "note" for t in plan) or not any(p.address for p in notes.interviewers):
        return []
    if not notes_allowed(notes, policy):
        return [f"No handwritten note: the decision is due {notes.decision_by}, under {policy.note_min_days} days "
                "after the interview, so a note would arrive too late; the email carries the thanks."]
    holidays = holidays_for(notes, policy)
    end, limit = notes.interview.ends_at, note_window(notes.interview, policy)
    days = [end.date() + timedelta(days=i) for i in range((limit.date() - end.date()).days + 1)]
    off = [f"{d:%a %d %b}" + (f" ({holidays.name(d)})" if d.weekday() < 5 else "")
           for d in days if not is_business_day(d, holidays)]
    why = f"days off: {', '.join(off)}" if off else "too late in the day to mail"
    return [f"No handwritten note: no business day for mailing falls inside the {policy.note_hours:g}-hour note "
            f"window (until {_when(limit)}; {why}); the email carries the thanks."]


def window_warnings(notes: Notes, plan: list[Touchpoint], now: datetime, policy: PlanPolicy) -> list[str]:
    """Plain sentences: touchpoints left out of the plan, windows closed at `now`, what to do instead."""
    at = notes.interview.at
    now = checked_now(now).astimezone(at.tzinfo)
    lines = plan_notes(notes, plan, policy)
    email_limit = at + timedelta(hours=policy.email_hours)
    if now > email_limit:
        lines.append(
            f"The {policy.email_hours:g}-hour window for thank-you emails closed on {_when(email_limit)}; "
            "send them today anyway: late thanks beat none."
        )
    late_notes = [t.to.name for t in plan if closed(t, notes, now, policy)]
    if late_notes:
        lines.append(
            f"The {policy.note_hours:g}-hour window for mailing a handwritten note to {', '.join(late_notes)} "
            f"closed on {_when(note_window(notes.interview, policy))}: no note drafted or calendared; "
            "send the thank-you email today instead if you have not."
        )
    for touch in plan:
        if touch.kind == "call" and now > touch.due:
            lines.append(f"The status call to {touch.to.name} was due {_when(touch.due)}: call now.")
    if notes.decision_by is not None and now.date() > notes.decision_by:
        lines.append(f"The decision date ({notes.decision_by}) has passed.")
    return lines
