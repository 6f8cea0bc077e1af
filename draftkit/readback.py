"""Read back the files a person may have edited (.eml, .txt, .md): each field's text and where it sits."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from .checklist.context import IGNORE_RE
from .errors import DraftsError
from .locations import LineIndex, TextMap
from .outputs import SCRIPT_HEADING, VOICEMAIL_HEADING

HEADER_END = re.compile(rb"\r?\n\r?\n")
QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")


@dataclass
class FieldText:
    """A field's text as a person would send it, and where each character sits in the file."""

    text: str
    where: TextMap


Fields = dict[str, FieldText]


def _clip(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def _decode_text(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DraftsError(f"{source}: not UTF-8 text (byte {exc.start + 1}); save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_note(data: bytes, source: str) -> Fields:
    """A handwritten note: the whole file is the body."""
    text = _decode_text(data, source)
    return {"body": FieldText(text.rstrip(), TextMap.verbatim(text))}


def _section(text: str, lines: LineIndex, start: int, end: int) -> FieldText:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    return FieldText(body, TextMap.verbatim(body, *lines.at(start + lead)))


def read_call(data: bytes, source: str) -> Fields:
    """A call script: the text under "## Script" and under "## Voicemail"."""
    text = _decode_text(data, source)
    script = re.search(rf"^[ \t]*{re.escape(SCRIPT_HEADING)}[ \t]*$", text, re.MULTILINE)
    fields = _call_sections(text, script)
    above = "".join("\n" + m.group() for m in IGNORE_RE.finditer(text, 0, script.start())) if script else ""
    if above:  # an ignore comment at the top of the file applies to the call: kept after the script's text
        fields["body"] = FieldText(fields["body"].text + above, fields["body"].where)
    return fields


def _call_sections(text: str, script: re.Match[str] | None) -> Fields:
    lines = LineIndex(text)
    voice = re.search(rf"^[ \t]*{re.escape(VOICEMAIL_HEADING)}[ \t]*$", text, re.MULTILINE)
    empty = FieldText("", TextMap())
    if script is None:
        body_end = voice.start() if voice else len(text)
        return {"body": _section(text, lines, 0, body_end),
                "voicemail": _section(text, lines, voice.end(), len(text)) if voice else empty}
    if voice is None:
        return {"body": _section(text, lines, script.end(), len(text)), "voicemail": empty}
    if voice.start() > script.end():
        return {"body": _section(text, lines, script.end(), voice.start()),
                "voicemail": _section(text, lines, voice.end(), len(text))}
    return {"body": _section(text, lines, script.end(), len(text)),
            "voicemail": _section(text, lines, voice.end(), script.start())}


# --- .eml -------------------------------------------------------------------------------------


def _subject(head: bytes) -> FieldText:
    lines = head.split(b"\n")
    first = next((i for i, line in enumerate(lines) if line[:8].lower() == b"subject:"), None)
    if first is None:
        return FieldText("", TextMap.single(1))
    found, text = TextMap(), ""
    i = first
    while i < len(lines) and (i == first or lines[i][:1] in (b" ", b"\t")):
        piece = lines[i].rstrip(b"\r").decode("utf-8", "replace")
        column = 1
        if i == first:
            value = piece[8:]
            column = 9 + len(value) - len(value.lstrip(" \t"))
            piece = value.lstrip(" \t")
        found.add(len(text), i + 1, column)
        text += piece
        i += 1
    if "=?" in text:  # RFC 2047 encoded words: the decoded text does not sit anywhere on disk
        return FieldText(str(BytesParser(policy=policy.default).parsebytes(head + b"\n\n")["Subject"] or ""),
                         TextMap.single(first + 1, 10))
    return FieldText(text.rstrip(), found)


def _char_columns(line: bytes) -> list[int] | range:
    """The 1-based column, in characters as an editor shows the file, of each byte of a line (and
    one past its end): raw 8-bit UTF-8 left in a quoted-printable body takes one column a character."""
    if line.isascii():
        return range(1, len(line) + 2)
    columns, column = [], 0
    for byte in line:
        column += not 0x80 <= byte <= 0xBF  # a continuation byte shares its character's column
        columns.append(column)
    columns.append(column + 1)
    return columns


def _quoted_printable(raw: bytes, charset: str, first_line: int) -> tuple[str, TextMap]:
    """Decode quoted-printable, keeping for each character the place of its first byte."""
    decoder = codecs.getincrementaldecoder(charset)(errors="replace")
    found, parts, offset = TextMap(), [], 0
    pending: tuple[int, int] | None = None

    def emit(data: bytes, line: int, column: int) -> None:
        nonlocal offset, pending
        for byte in data:
            if pending is None:
                pending = (line, column)
            out = decoder.decode(bytes([byte]))
            for char in out:
                found.add(offset, *pending)
                parts.append(char)
                offset += 1
            if out:
                pending = None

    for n, line in enumerate(raw.split(b"\n")):
        line = line.rstrip(b"\r").rstrip(b" \t")
        soft = line.endswith(b"=")
        if soft:
            line = line[:-1]
        col = _char_columns(line)
        at = 0
        for m in QP_ESCAPE.finditer(line):
            for k in range(at, m.start()):
                emit(line[k : k + 1], first_line + n, col[k])
            emit(bytes([int(m.group(1), 16)]), first_line + n, col[m.start()])
            at = m.end()
        for k in range(at, len(line)):
            emit(line[k : k + 1], first_line + n, col[k])
        if not soft:
            emit(b"\n", first_line + n, col[len(line)])
    return "".join(parts).replace("\r\n", "\n"), found


def _plain(raw: bytes, charset: str, first_line: int, flowed: bool) -> tuple[str, TextMap]:
    """7bit/8bit text; with format=flowed, soft line breaks rejoin and stuffed spaces go."""
    text = raw.decode(charset, "replace").replace("\r\n", "\n").replace("\r", "\n")
    if not flowed:
        return text, TextMap.verbatim(text, first_line)
    found, parts, offset = TextMap(), [], 0
    for n, line in enumerate(text.split("\n")):
        column = 1
        if line.startswith(" "):
            line, column = line[1:], 2
        found.add(offset, first_line + n, column)
        soft = line.endswith(" ") and line != "-- "
        parts.append(line if soft else line + "\n")
        offset += len(parts[-1])
    return "".join(parts), found


def _html_to_text(html: str) -> str:
    text = re.sub(r"(?is)<(script|style).*?</\1>", "", html)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text)
    return re.sub(r"<[^>]+>", "", text)


def _body(raw: bytes, msg: EmailMessage, body_start: int, source: str) -> FieldText:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return FieldText("", TextMap.single(raw.count(b"\n", 0, body_start) + 1))
    charset = part.get_content_charset("us-ascii")
    try:
        "a".encode(charset)  # a text encoding (not zlib, base64 or rot13)
    except (LookupError, ValueError):
        raise DraftsError(f"{source}: unknown charset {_clip(charset)!r} in its Content-Type; "
                          "save it as UTF-8 (charset=\"utf-8\")") from None
    start, end = body_start, len(raw)
    if part is not msg:  # a part of a multipart message: find its payload in the file
        payload = str(part.get_payload(decode=False)).encode("ascii", "surrogateescape")
        at = raw.find(payload) if payload else -1
        start, end = (at, at + len(payload)) if at >= 0 else (body_start, body_start)
    first_line = raw.count(b"\n", 0, start) + 1
    cte = str(part.get("content-transfer-encoding", "7bit")).strip().lower()
    try:
        if cte == "quoted-printable":
            text, where = _quoted_printable(raw[start:end], charset, first_line)
        elif cte == "base64":
            text, where = str(part.get_content()), TextMap.single(first_line)
        else:
            flowed = str(part.get_param("format", "")).lower() == "flowed"
            text, where = _plain(raw[start:end], charset, first_line, flowed)
    except (LookupError, ValueError, UnicodeError) as exc:
        raise DraftsError(f"{source}: cannot decode its body ({type(exc).__name__}); save it as UTF-8") from None
    if part.get_content_type() == "text/html":
        text, where = _html_to_text(text), TextMap.single(first_line)
    return FieldText(text.rstrip(), where)


def read_eml(data: bytes, source: str) -> Fields:
    """An email: the Subject header and the plain-text body (else the HTML body as text)."""
    if data.startswith(b"\xef\xbb\xbf"):  # saved by an editor that marks UTF-8 with a BOM
        data = data[3:]
    split = HEADER_END.search(data)
    head = data[: split.start()] if split else data
    try:
        msg = BytesParser(policy=policy.default).parsebytes(data)
        body = _body(data, msg, split.end() if split else len(data), source)
    except DraftsError:
        raise
    except Exception as exc:  # the email package raises many kinds on malformed input
        raise DraftsError(f"{source}: not a readable email ({type(exc).__name__}); "
                          "save it again from your mail client or as plain text") from None
    return {"subject": _subject(head), "body": body}


READERS: dict[str, Callable[[bytes, str], Fields]] = {"email": read_eml, "note": read_note, "call": read_call}


def read_file(kind: str, path: Path) -> Fields:
    """The fields of one readable draft file; raises DraftsError with one clear line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DraftsError(f"{path}: cannot read it ({exc.strerror or type(exc).__name__})") from None
    return READERS[kind](data, str(path))
