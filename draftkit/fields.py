"""Checks for single notes fields: one-line text, free text, emails, countries, dates.

Each check raises ValueError with a message in our words; notes.py names the field and the file.
Policy per field (documented in the README):

- names, company, role, title, salutation, emails, phones: one line. A line break, tab or other
  control character is an error (it could start a new header or calendar line); runs of spaces
  are collapsed.
- topics, highlights, concerns: free text. Line breaks and control characters become spaces and
  whitespace is collapsed, because they only ever appear inside a sentence.
- address, extra: several lines allowed (CR/CRLF become LF); other control characters are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

MIN_YEAR, MAX_YEAR = 1900, 2999
DEFAULT_COUNTRY = "US"

_EMAIL_RE = re.compile(r"[^@\s,;:<>()\[\]\"\\]+@[^@\s,;:<>()\[\]\"\\]+\.[^@\s,;:<>()\[\]\"\\.]+")
_ISO_START_RE = re.compile(r"\s*\d{4}-\d{2}-\d{2}")


def short_repr(value: Any, limit: int = 60) -> str:
    """repr() cut to `limit` characters, so an error line never echoes a huge value."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # exactly categories Cc, Zl and Zp
_CONTROL_BUT_LF_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Invisible format characters that come with copied text (zero-width space, byte-order mark,
# direction overrides, soft hyphen): they hide in names and numbers and spoof what a header shows.
# The zero-width joiners U+200C/U+200D stay: names in Indic and Persian scripts need them.
_INVISIBLE_RE = re.compile("[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
# A comma in a name is a surname-first name ("Lee, Marcus") unless what follows is a suffix.
_NAME_SUFFIXES = frozenset("jr sr ii iii iv v phd md dds dvm rn np pa esq cpa mba msc bsc ma ba obe mbe cbe qc kc".split())


def _too_long(text: str, limit: int) -> None:
    if len(text) > limit:
        raise ValueError(f"is {len(text)} characters long; keep it to {limit} or fewer")


def one_line(limit: int) -> Callable[[str], str]:
    """A check for one-line fields: no control characters, spaces collapsed, at most `limit` long."""

    def check(text: str) -> str:
        found = CONTROL_RE.search(text)
        bad = found.group() if found else None
        if bad is not None:
            what = "a line break" if bad in "\r\n\u2028\u2029\x85" else "a control character"
            raise ValueError(f"contains {what} (U+{ord(bad):04X}); keep it on one line of plain text")
        hidden = _INVISIBLE_RE.search(text)
        if hidden:
            raise ValueError(f"contains an invisible character (U+{ord(hidden.group()):04X}) at position "
                             f"{hidden.start() + 1}; delete it (it often comes with copied text)")
        text = " ".join(text.split())
        _too_long(text, limit)
        return text

    return check


def free_text(limit: int, max_words: int = 80) -> Callable[[str], str]:
    """A check for a fragment used inside a sentence: whitespace normalised, bounded in characters and words."""

    def check(text: str) -> str:
        text = " ".join(CONTROL_RE.sub(" ", _INVISIBLE_RE.sub("", text)).split())
        _too_long(text, limit)
        count = len(text.split())
        if count > max_words:
            raise ValueError(f"has {count} words; keep it to {max_words} or fewer (a phrase or a sentence)")
        return text

    return check


def multi_line(limit: int) -> Callable[[str], str]:
    """A check for text that may span lines: LF line ends, no other control characters."""

    def check(text: str) -> str:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
        text = _CONTROL_BUT_LF_RE.sub("", _INVISIBLE_RE.sub("", text.replace("\t", " "))).strip()
        _too_long(text, limit)
        return text

    return check


def check_name(text: str) -> str:
    """A person's name as it is said: one line, at least one letter, no address or list in it."""
    text = one_line(100)(text)
    if not any(c.isalpha() for c in text):
        raise ValueError(f"{short_repr(text)} has no letters; write the person's name")
    if re.search(r"[@<>:;]", text):
        raise ValueError(f"{short_repr(text)} has @, <, >, : or ; in it; write only the name "
                         "(an email address goes in \"email\")")
    head, comma, tail = text.rpartition(",")
    suffix_only = (tail.strip().strip(".").lower() in _NAME_SUFFIXES and "," not in head
                   and any(c.isalpha() for c in head))
    if comma and not suffix_only:
        raise ValueError(f'{short_repr(text)} has a comma; write the name as it is said, first name first '
                         '(e.g. "Marcus Lee", not "Lee, Marcus")')
    return text


def check_email(text: str) -> str:
    """One plain address like name@example.com (no display name, no second address)."""
    text = one_line(254)(text)
    local, _, domain = text.partition("@")
    dots_wrong = ".." in text or local.startswith(".") or local.endswith(".") or domain.startswith(".")
    if not _EMAIL_RE.fullmatch(text) or dots_wrong:
        raise ValueError(f"{short_repr(text)} is not one email address like name@example.com")
    return text


def check_country(text: str) -> str:
    """An ISO 3166 alpha-2 code the `holidays` package knows, upper-cased."""
    code = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValueError(f"{short_repr(text)} is not a two-letter ISO 3166 country code such as US, GB or DE")
    from .publicholidays import known_countries

    if code not in known_countries():
        raise ValueError(
            f"{short_repr(text)} is not a country code the holidays calendar knows (use ISO 3166 alpha-2, e.g. US, GB, DE)"
        )
    return code


def iso_date_only(what: str) -> Callable[[Any], Any]:
    """Refuse numbers (read as Unix time otherwise) and strings that do not start like YYYY-MM-DD."""
    example = "2026-11-24T14:00:00-08:00" if what == "date-time" else "2026-12-05"

    def check(value: Any) -> Any:
        if isinstance(value, date):  # YAML reads bare dates itself
            return value
        if isinstance(value, (int, float)):
            raise ValueError(f"{short_repr(value)} is a number, not a {what}: write it as ISO 8601, e.g. {example}")
        if not isinstance(value, str) or not _ISO_START_RE.match(value):
            raise ValueError(f"{short_repr(value)} is not a {what}: write it as ISO 8601, e.g. {example}")
        return value

    return check


def lower_case(value: Any) -> Any:
    """Case-insensitive choices: "Formal" is "formal"."""
    return value.strip().lower() if isinstance(value, str) else value
