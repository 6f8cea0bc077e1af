"""The text side of phrase matching: quotes folded, modifier words relaxed, each text's words.

Every rule reads the same few fields, so each text is lowered, relaxed and split into words once
(memoised), not once per rule.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..textutil import alnum_words

MASK = "\ue000"
# Words people slip into a phrase without changing it ("I really need an answer", "so excited").
# Phrases are matched on the text with these blanked out (same length), so "i need an answer"
# matches "I really do need an answer"; a phrase that names one of them is matched as written.
MODIFIERS = (
    "really", "just", "truly", "so", "very", "still", "genuinely", "honestly", "definitely", "certainly",
    "absolutely", "simply", "quite", "actually", "deeply", "greatly", "sincerely", "particularly",
    "especially", "also", "most", "now", "even", "badly", "desperately", "all the more", "incredibly",
    "extremely", "super", "hugely", "personally", "kind of", "sort of", "totally", "do", "does", "did",
)
MODIFIER_RE = re.compile(
    r"(?<![\w'’])(?:" + "|".join(m.replace(" ", r"\s+") for m in sorted(MODIFIERS, key=len, reverse=True))
    + r")(?![\w'’])", re.IGNORECASE)
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "‐": "-", "‑": "-"})


_FOLD_PAIRS = tuple((chr(code), new) for code, new in _FOLD.items())  # one character for one


def fold(text: str) -> str:
    """Normalise quotes, dashes and spaces without changing any offset (ASCII text as it is;
    other text with a few C-level replaces, faster than str.translate)."""
    if text.isascii():
        return text
    for old, new in _FOLD_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


@lru_cache(maxsize=256)
def text_words(text: str) -> frozenset[str]:
    """The lower-case words of a text, for the phrase prefilter; "a'decision" gives its parts too
    (a phrase's separator matches before an apostrophe)."""
    # every run of letters and digits, with an apostrophe inside; the mask is no word character,
    # so as a space it leaves the words as they are and masked text on the fast ASCII path
    found = alnum_words(text.replace(MASK, " ") if MASK in text else text)
    if "'" not in text:
        return found
    return found.union(*(word.split("'") for word in found if "'" in word))


MODIFIER_LOWER = re.compile(MODIFIER_RE.pattern)  # the same words, on lower-cased text (faster)
MODIFIER_FIRST_WORDS = frozenset(m.split()[0] for m in MODIFIERS)
# letters a caseless pattern matches to ASCII ones that lower-casing does not turn into them
CASELESS_ODD = re.compile("[\u0130\u0131\u017f]")


@lru_cache(maxsize=256)
def relax(text: str) -> str:
    """The text with modifier words blanked, offsets unchanged."""
    lowered = text.lower()
    if len(lowered) != len(text) or (not text.isascii() and CASELESS_ODD.search(text)):
        return MODIFIER_RE.sub(lambda m: re.sub(r"\S", " ", m.group()), text)
    if MODIFIER_FIRST_WORDS.isdisjoint(text_words(text)):  # a modifier is one of the text's words
        return text
    parts, last = [], 0
    for match in MODIFIER_LOWER.finditer(lowered):
        start, end = match.span()
        word = match.group()
        parts += [text[last:start], " " * len(word) if word.isalpha() else re.sub(r"\S", " ", word)]
        last = end
    return "".join(parts) + text[last:] if parts else text


@lru_cache(maxsize=256)
def lowered_forms(text: str) -> tuple[str, str] | None:
    """The text and its relaxed form lower-cased, when lower-casing keeps every offset (else None).

    Every rule scans the same few fields, so each text is lowered and relaxed once, not per rule.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        return None
    relaxed = relax(text)
    return lowered, lowered if relaxed is text else relaxed.lower()
