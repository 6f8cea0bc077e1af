"""Files for people and machines: drafts.json, .eml, .txt, .md, plan.ics; atomic folder writes."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from . import __version__
from .checklist.context import strip_comments
from .drafts import Draft, DraftSet
from .kinds import EXTENSION
from .notes import Interviewer, Notes
from .textutil import slugify

KIND_LABEL = {"email": "Send thank-you email to", "note": "Mail handwritten note to", "call": "Status call to"}
SCRIPT_HEADING, VOICEMAIL_HEADING = "## Script", "## Voicemail"


def default_folder(notes: Notes) -> Path:
    """drafts/<company-slug>-<interview-date>/"""
    return Path("drafts") / f"{slugify(notes.company)}-{notes.interview.at.date().isoformat()}"


def drafts_json(drafts: DraftSet) -> str:
    return json.dumps(drafts.to_json(), indent=2, ensure_ascii=False) + "\n"


# Line breaks every reader knows (str.splitlines' set) and the other control characters.
LINE_BREAK_RE = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
EML_POLICY = policy.SMTP.clone(utf8=True, max_line_length=998)
MAX_LINE_OCTETS = 998  # RFC 5322


def one_line(text: str) -> str:
    """Text for a header or a calendar field: one line, no control characters, spaces collapsed."""
    return " ".join(CONTROL_RE.sub("", LINE_BREAK_RE.sub(" ", text)).split())


def readable(text: str) -> str:
    """Text for a file a person reads: "\n" line breaks, no other control characters but tabs."""
    return CONTROL_RE.sub("", LINE_BREAK_RE.sub("\n", text))


HEADER_CHARS = 900  # a header value fits a mail line (998 octets) even as one long word


def header_text(text: str) -> str:
    """One line for a header; "=?" is broken up so no reader decodes it as an RFC 2047 word."""
    text = one_line(text).replace("=?", "= ?")
    while len(text.encode("utf-8")) > HEADER_CHARS:
        text = text[: len(text) * 9 // 10].rstrip() + "…"
    return text


def mailbox(name: str, email: str | None) -> Address | None:
    """A valid address for a header, with the name as one (quoted when needed) display name."""
    if not email or one_line(email) != email.strip():
        return None
    try:
        return Address(display_name=header_text(name), addr_spec=email.strip())
    except (ValueError, IndexError, TypeError, HeaderParseError):  # an address that does not parse
        return None


def recipients(drafts: DraftSet) -> dict[str, Interviewer | None]:
    """Each draft's person, by position among the drafts of its kind to that name, never by a guess.

    The plan makes one draft of a kind per interviewer, in the notes' order, so the k-th email to
    "Priya Raman" is to the k-th interviewer of that name. When the counts do not match (drafts
    edited by hand), a repeated name has no person: better no address than someone else's.
    """
    people: dict[str, list[Interviewer]] = {}
    for person in drafts.notes.interviewers:
        people.setdefault(person.name.strip().casefold(), []).append(person)
    drafts_to: dict[tuple[str, str], list[Draft]] = {}
    for draft in drafts.drafts:
        drafts_to.setdefault((draft.kind, draft.to.strip().casefold()), []).append(draft)
    found: dict[str, Interviewer | None] = {}
    for (_, name), group in drafts_to.items():
        same = people.get(name, [])
        for k, draft in enumerate(group):
            found[draft.id] = same[0] if len(same) == 1 else same[k] if len(same) == len(group) else None
    return found


def body_lines(text: str) -> tuple[str, bool]:
    """The body as it goes on disk, and whether a line had to be wrapped (then format=flowed).

    Lines stay whole (one paragraph per line, as typed) unless longer than RFC 5322 allows; those
    break at spaces with the trailing space of format=flowed, so mail clients rejoin them.
    """
    out: list[str] = []
    flowed = False
    for line in text.split("\n"):
        if len(line.encode("utf-8")) <= MAX_LINE_OCTETS:
            out.append(line)
            continue
        flowed = True
        current = ""
        for word in re.findall(r"\S+\s*", line) or [line]:
            if current and len((current + word).encode("utf-8")) > MAX_LINE_OCTETS - 1:
                out.append(current if current.endswith(" ") else current + " ")
                current = ""
            while len(word.encode("utf-8")) > MAX_LINE_OCTETS - 1:  # one word longer than a line
                cut = MAX_LINE_OCTETS // 4
                out.append(word[:cut] + " ")
                word = word[cut:]
            current += word
        out.append(current.rstrip(" "))
    if flowed:  # space-stuff lines a flowed reader would misread
        out = [" " + line if line.startswith((" ", ">", "From ")) else line for line in out]
    return "\n".join(out), flowed


def render_eml(draft: Draft, drafts: DraftSet, person: Interviewer | None = None) -> bytes:
    """An unsent RFC 5322 message that opens in any mail client and reads as plain text on disk."""
    notes = drafts.notes
    if person is None:
        person = recipients(drafts).get(draft.id)
    msg = EmailMessage(policy=EML_POLICY)
    sender = mailbox(notes.candidate.name, notes.candidate.email)
    if sender is not None:
        msg["From"] = sender
    to = mailbox(draft.to, person.email) if person is not None else None
    if to is not None:
        msg["To"] = to
    msg["Subject"] = header_text(strip_comments(draft.subject or ""))
    if draft.due:
        msg["Date"] = format_datetime(draft.due)
    msg["X-Unsent"] = "1"
    msg["X-Draftkit-Id"] = header_text(draft.id)
    body, flowed = body_lines(readable(strip_comments(draft.body)).rstrip("\n"))
    msg.set_content(body + "\n", cte="7bit" if body.isascii() else "8bit")
    if flowed:
        msg.set_param("format", "flowed")
    return msg.as_bytes()


def render_note(draft: Draft) -> str:
    return readable(strip_comments(draft.body)).rstrip("\n") + "\n"


def render_call(draft: Draft) -> str:
    due = f"Due: {draft.due:%a %d %b %Y, %H:%M} ({draft.due:%z})\n\n" if draft.due else ""
    script = readable(strip_comments(draft.body)).strip()
    voicemail = readable(strip_comments(draft.voicemail or "")).strip()
    return (f"# Status call: {one_line(draft.to)}\n\n{due}{SCRIPT_HEADING}\n\n{script}\n\n"
            f"{VOICEMAIL_HEADING}\n\n{voicemail}\n")


def _ics_text(value: str) -> str:
    """RFC 5545 TEXT: escape backslash, ';', ',' and line breaks; drop every other control."""
    value = readable(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def _fold(line: str) -> str:
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    """An iCalendar UTC time (a floating local time when UTC would leave the years 1-9999)."""
    try:
        moment, zone = moment.astimezone(timezone.utc), "Z"
    except OverflowError:
        zone = ""
    return (f"{moment.year:04d}{moment.month:02d}{moment.day:02d}T"
            f"{moment.hour:02d}{moment.minute:02d}{moment.second:02d}{zone}")


def render_ics(drafts: DraftSet, now: datetime) -> str:
    """One VEVENT with a reminder per draft that has a due time."""
    notes = drafts.notes
    stamp = f"{slugify(notes.company)}-{notes.interview.at.date().isoformat()}"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//draftkit//draftkit {__version__}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for draft in drafts.drafts:
        if draft.due is None:
            continue
        summary = one_line(f"{KIND_LABEL[draft.kind]} {draft.to}")
        detail = one_line(f"{notes.role} at {notes.company}. Draft: {draft.id}{EXTENSION[draft.kind]}")
        uid = re.sub(r"[^A-Za-z0-9._-]", "-", f"{draft.id}.{stamp}")
        lines += [
            "BEGIN:VEVENT", f"UID:{uid}@draftkit", f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(draft.due)}", "DURATION:PT15M", f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(detail)}", "BEGIN:VALARM", "ACTION:DISPLAY",
            f"DESCRIPTION:{_ics_text(summary)}", "TRIGGER:-PT10M", "END:VALARM", "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def render_files(drafts: DraftSet, now: datetime) -> dict[str, bytes]:
    """Every output file by name."""
    files: dict[str, bytes] = {"drafts.json": drafts_json(drafts).encode("utf-8")}
    people = recipients(drafts)
    for draft in drafts.drafts:
        name = draft.id + EXTENSION[draft.kind]
        if draft.kind == "email":
            files[name] = render_eml(draft, drafts, people.get(draft.id))
        elif draft.kind == "note":
            files[name] = render_note(draft).encode("utf-8")
        else:
            files[name] = render_call(draft).encode("utf-8")
    files["plan.ics"] = render_ics(drafts, now).encode("utf-8")
    return files


def check_writable(folder: Path, force: bool) -> None:
    """Refuse to replace anything draftkit did not write, and what it wrote only when forced."""
    from .folders import check_writable as check

    check(folder, force)


def write_folder(folder: Path, files: dict[str, bytes], *, force: bool = False) -> None:
    """Write every file atomically into a folder draftkit owns (see folders.py)."""
    from .folders import write_folder as write

    write(folder, files, force=force)

