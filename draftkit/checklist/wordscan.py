"""Fast word scans for masking: the same results as the plain regex scans, without a regex pass over
ASCII text (the common case), where `re` costs ~40 ns a character and bytes.translate ~2."""

from __future__ import annotations

import re
from itertools import accumulate, compress

from ..textutil import is_word_char
from .phrasetext import MASK

_NAME_BYTES = bytes(c if chr(c).isalnum() or chr(c) in "_'-" else 32 for c in range(128)) + b" " * 128
NAME_TOKEN = re.compile(r"[\w'’-]+")
_RUN_BYTES = bytes(c if chr(c).isalnum() else 32 for c in range(128)) + b" " * 128  # letters and digits kept


def name_tokens(text: str) -> list[str]:
    """`NAME_TOKEN.findall(text)`: on ASCII text, runs of letters, digits, "_", "'" and "-" split in C."""
    if text.isascii():
        return text.encode("ascii").translate(_NAME_BYTES).decode("ascii").split()
    return NAME_TOKEN.findall(text)


def run_offsets(spaced_text: str) -> tuple[list[int], list[int]]:
    """(offsets, runs): run k of `spaced_text.split()` starts at offsets[runs[k]] + runs[k]."""
    parts = spaced_text.split(" ")  # runs, and an empty part for each space after the first
    return list(accumulate(map(len, parts), initial=0)), list(compress(range(len(parts)), parts))


def ascii_runs(lowered: str) -> tuple[list[str], list[int]] | None:
    """`(?<!\\w)[^\\W_]+` runs and where they start, split in C, for ASCII text (the mask
    character, a non-word character like a space, aside) with no "_" (after which no run starts);
    else None."""
    plain = lowered.replace(MASK, " ") if MASK in lowered else lowered
    if "_" in plain or not plain.isascii():
        return None
    layout = plain.encode("ascii").translate(_RUN_BYTES).decode("ascii")
    offsets, parts = run_offsets(layout)
    return layout.split(), [offsets[i] + i for i in parts]


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

