"""Phrase lists as data: compile them into case-insensitive, punctuation-tolerant matchers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

MASK = "\ue000"
# A space in a phrase matches any run of separators, but never a masked span.
SEPARATOR = rf"(?:[^\w{MASK}]+|(?='))"
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "‐": "-", "‑": "-"})


def fold(text: str) -> str:
    """Normalise quotes, dashes and spaces without changing any offset."""
    return text.translate(_FOLD)


def compile_phrase(phrase: str) -> str:
    """One phrase (regex syntax, spaces as flexible separators) to a bounded regex."""
    out, in_class, prev_space = [], False, False
    for char in phrase.strip():
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        if char == " " and not in_class:
            if not prev_space:
                out.append(SEPARATOR)
            prev_space = True
            continue
        prev_space = False
        out.append(char)
    body = "".join(out)
    start = r"(?<!\w)" if re.match(r"[\w(]", phrase) else ""
    end = r"(?!\w)" if re.search(r"[\w)?]$", phrase) else ""
    return f"{start}(?:{body}){end}"


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Every phrase in one alternation, longest first so spans are greedy."""
    parts = [compile_phrase(p) for p in sorted(set(phrases), key=len, reverse=True)]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


class PhraseMatcher:
    """Phrases that fire, minus spans an exception phrase overlaps."""

    def __init__(self, phrases: Iterable[str], exceptions: Iterable[str] = ()):
        self.pattern = compile_phrases(phrases)
        self.exceptions = compile_phrases(exceptions)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Matches in already folded/masked text."""
        if self.pattern is None:
            return
        blocked = (
            [m.span() for m in self.exceptions.finditer(text)] if self.exceptions is not None else []
        )
        for match in self.pattern.finditer(text):
            start, end = match.span()
            if start == end:
                continue
            if any(s < end and start < e for s, e in blocked):
                continue
            yield match

    def search(self, text: str) -> re.Match[str] | None:
        """The first surviving match, if any."""
        return next(self.finditer(text), None)
