"""Fast word scans for masking: the same results as the plain regex scans, without a regex pass over
ASCII text (the common case), where `re` costs ~40 ns a character and bytes.translate ~2."""

from __future__ import annotations

import re
from itertools import accumulate, compress

from ..textutil import WORD_RE, words
from .literals import is_word_char
from .phrasetext import _FOLD, MASK, text_words

# ASCII letters and digits kept, the apostrophe kept, every other byte a space
_WORD_BYTES = bytes(c if chr(c).isalnum() or c == 39 else 32 for c in range(128)) + b" " * 128
_NAME_BYTES = bytes(c if chr(c).isalnum() or chr(c) in "_'-" else 32 for c in range(128)) + b" " * 128
NAME_TOKEN = re.compile(r"[\w'’-]+")
_FOLD_PAIRS = tuple((chr(code), new) for code, new in _FOLD.items())  # one character for one


def fast_fold(text: str) -> str:
    """`phrases.fold(text)`: ASCII text is returned as is, other text folded with a few C-level replaces."""
    if text.isascii():
        return text
    for old, new in _FOLD_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


def spaced(text: str) -> str:
    """An ASCII text with every character but letters, digits and apostrophes turned into a space."""
    return text.encode("ascii").translate(_WORD_BYTES).decode("ascii")


def name_tokens(text: str) -> list[str]:
    """`NAME_TOKEN.findall(text)`: on ASCII text, runs of letters, digits, "_", "'" and "-" split in C."""
    if text.isascii():
        return text.encode("ascii").translate(_NAME_BYTES).decode("ascii").split()
    return NAME_TOKEN.findall(text)


def ascii_words(text: str, pattern: re.Pattern[str]) -> list[str]:
    """`pattern.findall(text)` for an ASCII text, where every match of the pattern is ASCII letters
    and digits joined by apostrophes and it has no lookaround: each run of letters, digits and
    apostrophes holds its own matches, so runs are split off in C and only those with an apostrophe
    go through the regex."""
    runs = spaced(text).split()
    if "'" not in text:
        return runs
    return [word for run in runs for word in ((run,) if "'" not in run else pattern.findall(run))]


def run_offsets(spaced_text: str) -> tuple[list[int], list[int]]:
    """(offsets, runs): run k of `spaced_text.split()` starts at offsets[runs[k]] + runs[k]."""
    parts = spaced_text.split(" ")  # runs, and an empty part for each space after the first
    return list(accumulate(map(len, parts), initial=0)), list(compress(range(len(parts)), parts))


def word_set(text: str) -> set[str]:
    """`set(textutil.words(text))`, without a regex pass over ASCII text."""
    lowered = text.lower()
    if not lowered.isascii():
        return set(words(text))
    tokens = ascii_words(lowered, WORD_RE)
    return {t[:-2] if t.endswith("'s") else t for t in tokens} if "'s" in lowered else set(tokens)


def masked_words(masked: str) -> frozenset[str]:
    """`phrases.text_words(masked)`: the mask character is no word character, so a space does as well."""
    plain = masked.lower().replace(MASK, " ")
    if not plain.isascii() or "'" in plain:  # text_words also gives the parts of "a'decision"
        return text_words(masked)
    return frozenset(spaced(plain).split())


def plain_runs(spaced_text: str) -> bool:
    """Whether every run of a spaced text is one whole `[^\\W_]+(?:'[^\\W_]+)*` match."""
    return "'" not in spaced_text or not (
        "''" in spaced_text or " '" in spaced_text or "' " in spaced_text
        or spaced_text[0] == "'" or spaced_text[-1] == "'")


def word_starts(text: str, words: list[str], upto: int) -> list[int]:
    """Where each of the first `upto` + 1 words of `words` (the text's word tokens, in order) starts.

    A token begins with a letter or digit, and every letter or digit of the text is in a token, so
    the next token is the first occurrence of its own spelling after the end of the one before."""
    starts, pos, find = [], 0, text.find
    for word in words[: upto + 1]:
        pos = find(word, pos)
        starts.append(pos)
        pos += len(word)
    return starts


def literal_spans(text: str, literals: list[str]) -> list[tuple[int, int]]:
    """The spans `(?<!\\w)(?:a|b|...)(?!\\w)` finds (case-sensitive), literals sorted longest first."""
    found = []
    for rank, literal in [(rank, literal) for rank, literal in enumerate(literals) if literal in text]:
        size, start = len(literal), text.find(literal)
        while start != -1:
            end = start + size
            if (start == 0 or not is_word_char(text[start - 1])) and (end == len(text) or not is_word_char(text[end])):
                found.append((start, rank, end))
            start = text.find(literal, start + 1)
    if len(found) < 2:
        return [(start, end) for start, _, end in found]
    spans, last = [], 0
    for start, _, end in sorted(found):  # leftmost first, then the first alternative (the longest)
        if start >= last:
            spans.append((start, end))
            last = end
    return spans

