"""Files for people and machines: drafts.json, .eml, .txt, .md, plan.ics; atomic folder writes."""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from datetime import datetime, timezone
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime
from pathlib import Path

from . import __version__
from .checklist.context import IGNORE_RE, strip_comments
from .drafts import Draft, DraftSet
from .errors import OutputExistsError
from .kinds import EXTENSION
from .notes import Notes
from .textutil import slugify

KIND_LABEL = {"email": "Send thank-you email to", "note": "Mail handwritten note to", "call": "Status call to"}
SCRIPT_HEADING, VOICEMAIL_HEADING = "## Script", "## Voicemail"


def default_folder(notes: Notes) -> Path:
    """drafts/<company-slug>-<interview-date>/"""
    return Path("drafts") / f"{slugify(notes.company)}-{notes.interview.at.date().isoformat()}"


def drafts_json(drafts: DraftSet) -> str:
    return json.dumps(drafts.to_json(), indent=2, ensure_ascii=False) + "\n"


def _address(name: str, email: str | None) -> str:
    if not email or "@" not in email:
        return name
    user, domain = email.rsplit("@", 1)
    return str(Address(display_name=name, username=user, domain=domain))


def render_eml(draft: Draft, drafts: DraftSet) -> bytes:
    """An unsent RFC 5322 message that opens in any mail client."""
    notes = drafts.notes
    person = notes.interviewer(draft.to)
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = _address(notes.candidate.name, notes.candidate.email)
    msg["To"] = _address(draft.to, person.email if person else None)
    msg["Subject"] = strip_comments(draft.subject or "")
    if draft.due:
        msg["Date"] = format_datetime(draft.due)
    msg["X-Unsent"] = "1"
    msg["X-Draftkit-Id"] = draft.id
    msg.set_content(strip_comments(draft.body).rstrip("\n") + "\n")
    return msg.as_bytes()


def render_note(draft: Draft) -> str:
    return strip_comments(draft.body).rstrip("\n") + "\n"


def render_call(draft: Draft) -> str:
    due = f"Due: {draft.due:%a %d %b %Y, %H:%M} ({draft.due:%z})\n\n" if draft.due else ""
    return (
        f"# Status call: {draft.to}\n\n{due}{SCRIPT_HEADING}\n\n{strip_comments(draft.body).strip()}\n\n"
        f"{VOICEMAIL_HEADING}\n\n{strip_comments(draft.voicemail or '').strip()}\n"
    )


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


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
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def render_ics(drafts: DraftSet, now: datetime) -> str:
    """One VEVENT with a reminder per draft that has a due time."""
    notes = drafts.notes
    stamp = f"{slugify(notes.company)}-{notes.interview.at.date().isoformat()}"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//draftkit//draftkit {__version__}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for draft in drafts.drafts:
        if draft.due is None:
            continue
        summary = f"{KIND_LABEL[draft.kind]} {draft.to}"
        detail = f"{notes.role} at {notes.company}. Draft: {draft.id}{EXTENSION[draft.kind]}"
        lines += [
            "BEGIN:VEVENT", f"UID:{draft.id}.{stamp}@draftkit", f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(draft.due)}", "DURATION:PT15M", f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(detail)}", "BEGIN:VALARM", "ACTION:DISPLAY",
            f"DESCRIPTION:{_ics_text(summary)}", "TRIGGER:-PT10M", "END:VALARM", "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def render_files(drafts: DraftSet, now: datetime) -> dict[str, bytes]:
    """Every output file by name."""
    files: dict[str, bytes] = {"drafts.json": drafts_json(drafts).encode("utf-8")}
    for draft in drafts.drafts:
        name = draft.id + EXTENSION[draft.kind]
        if draft.kind == "email":
            files[name] = render_eml(draft, drafts)
        elif draft.kind == "note":
            files[name] = render_note(draft).encode("utf-8")
        else:
            files[name] = render_call(draft).encode("utf-8")
    files["plan.ics"] = render_ics(drafts, now).encode("utf-8")
    return files


def check_writable(folder: Path, force: bool) -> None:
    """Refuse to replace a non-empty folder unless forced."""
    if folder.exists() and not folder.is_dir():
        raise OutputExistsError(f"{folder}: exists and is not a folder; choose another with -o")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise OutputExistsError(
            f"{folder}: already holds output; pass --force to replace it or -o to write elsewhere"
        )


def write_folder(folder: Path, files: dict[str, bytes], *, force: bool = False) -> None:
    """Write every file into a fresh temp folder, then swap it into place in one rename."""
    check_writable(folder, force)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{folder.name}.{uuid.uuid4().hex[:12]}"
    staging.mkdir()  # like any folder the user makes: the umask applies
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        backup = None
        if folder.exists():
            backup = folder.parent / f".{folder.name}.old-{os.getpid()}"
            folder.rename(backup)
        staging.rename(folder)
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


# --- reading back what the user edited -------------------------------------------------------


def _html_to_text(html: str) -> str:
    text = re.sub(r"(?is)<(script|style).*?</\1>", "", html)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text)
    return re.sub(r"<[^>]+>", "", text)


def read_eml(path: Path) -> tuple[str, str, int, int]:
    """Subject, plain-text body, and the lines (1-based) of the Subject header and of the body."""
    raw = path.read_bytes()
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    part = msg.get_body(preferencelist=("plain", "html"))
    body = "" if part is None else part.get_content()
    if part is not None and part.get_content_type() == "text/html":
        body = _html_to_text(body)
    head_end = raw.find(b"\r\n\r\n")
    head_end = raw.find(b"\n\n") if head_end < 0 else head_end
    head = raw[: max(head_end, 0)]
    body_line = head.count(b"\n") + 3 if head_end >= 0 else 1
    subject_line = next((i + 1 for i, line in enumerate(head.split(b"\n")) if line.lower().startswith(b"subject:")), 1)
    return str(msg.get("Subject", "")), body.replace("\r\n", "\n").rstrip("\n"), subject_line, body_line


def _first_text_line(lines: list[str], heading: int) -> int:
    for i in range(heading + 1, len(lines)):
        if lines[i].strip():
            return i + 1
    return heading + 2


def read_call(path: Path) -> tuple[str, str, int, int]:
    """Script, voicemail, and the lines where each starts."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    script_at = next((i for i, line in enumerate(lines) if line.strip() == SCRIPT_HEADING), None)
    voice_at = next((i for i, line in enumerate(lines) if line.strip() == VOICEMAIL_HEADING), None)
    if script_at is None:
        return text.strip(), "", 1, 1
    end = voice_at if voice_at is not None and voice_at > script_at else len(lines)
    script = "\n".join(lines[script_at + 1 : end])
    above = "\n".join(lines[:script_at])  # an ignore comment at the top of the file applies to the call
    script += "".join("\n" + m.group() for m in IGNORE_RE.finditer(above))
    voicemail = "\n".join(lines[voice_at + 1 :]) if voice_at is not None else ""
    first = _first_text_line(lines, script_at)
    vfirst = _first_text_line(lines, voice_at) if voice_at is not None else 1
    return script.strip(), voicemail.strip(), first, vfirst
