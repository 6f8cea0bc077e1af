"""Case-insensitive literal matching without compiling a regex: per notes file this is microseconds,
where a compiled alternation costs a few hundred (a folder of notes files pays it once per file)."""

from __future__ import annotations

import re

from ..textutil import is_word_char


def lower_in_place(text: str) -> str:
    """Lower case wherever it keeps the length: "İş Bankası" stays "İş bankası", never "i̇ş"
    (the fallback regex, case-insensitive, then finds it as written)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _lowered(text: str) -> str | None:
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


class LiteralWords:
    """Phrases found case-insensitively as whole words: `(?<!\\w)(?:a|b)(?!\\w)` with re.IGNORECASE."""

    def __init__(self, phrases: set[str]):
        self.phrases = sorted({lower_in_place(p) for p in phrases if p}, key=len, reverse=True)
        self._regex: re.Pattern[str] | None = None
        self.scans = 0  # str.find calls made (tests use it to keep the work linear)

    def _fallback(self) -> re.Pattern[str]:
        if self._regex is None:
            alternatives = "|".join(map(re.escape, self.phrases))
            self._regex = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)
        return self._regex

    def search(self, text: str) -> tuple[int, int] | None:
        """The leftmost span of a whole-word phrase in the text, or None."""
        lowered = _lowered(text)
        if lowered is None:  # a character whose lower case changes length
            match = self._fallback().search(text)
            return match.span() if match else None
        best: tuple[int, int] | None = None
        for phrase in self.phrases:
            start = lowered.find(phrase)
            while start != -1 and (best is None or start < best[0]):
                self.scans += 1
                end = start + len(phrase)
                if (start == 0 or not is_word_char(lowered[start - 1])) and (
                        end == len(lowered) or not is_word_char(lowered[end])):
                    best = (start, end)
                    break
                start = lowered.find(phrase, start + 1)
        return best


class LiteralRuns:
    """Runs of two or more consecutive tokens of a name, separated by non-word characters, as whole
    words in any case: what the alternation of every such run (longest first) between word
    boundaries, with re.IGNORECASE, finds."""

    def __init__(self, tokens: list[str]):
        self.tokens = [lower_in_place(t) for t in tokens]
        self._regex: re.Pattern[str] | None = None
        self.scans = 0

    def _fallback(self) -> re.Pattern[str]:
        if self._regex is None:
            tokens = self.tokens
            alternatives = [r"[^\w]+".join(map(re.escape, tokens[i:j]))
                            for i in range(len(tokens)) for j in range(i + 2, len(tokens) + 1)]
            self._regex = re.compile(r"(?<!\w)(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + r")(?!\w)",
                                     re.IGNORECASE)
        return self._regex

    def _run_at(self, lowered: str, start: int, first: int) -> int:
        """The end of the longest run of whole words starting with token `first` at `start` (start
        if under two): "o.o." in "sp. z o.o." never matches the "o" ending "Hello" and the "O" of "Olga"."""
        tokens, pos, best = self.tokens, start + len(self.tokens[first]), start
        for token in tokens[first + 1:]:
            gap = pos
            while gap < len(lowered) and not is_word_char(lowered[gap]):
                gap += 1
            if gap == pos or not lowered.startswith(token, gap):
                break
            pos = gap + len(token)
            if pos < len(lowered) and is_word_char(lowered[pos]):
                break  # the token is the start of a longer word
            best = pos
        return best

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Leftmost, then longest, non-overlapping runs."""
        lowered = _lowered(text)
        if lowered is None or any(not is_word_char(t[0]) for t in self.tokens[1:]):
            return [m.span() for m in self._fallback().finditer(text)]
        starts: dict[int, int] = {}  # position -> end of the longest run starting there
        for first, token in enumerate(self.tokens[:-1]):
            at = lowered.find(token)
            while at != -1:
                self.scans += 1
                end = at if at and is_word_char(lowered[at - 1]) else self._run_at(lowered, at, first)
                if end > at:
                    starts[at] = max(starts.get(at, at), end)
                at = lowered.find(token, at + 1)
        found, last = [], 0
        for start in sorted(starts):
            if start >= last:
                found.append((start, starts[start]))
                last = starts[start]
        return found

    def blank(self, text: str) -> str:
        """The text with every run replaced by spaces (same length)."""
        spans = self.spans(text)
        if not spans:
            return text
        parts, last = [], 0
        for start, end in spans:
            parts += [text[last:start], " " * (end - start)]
            last = end
        parts.append(text[last:])
        return "".join(parts)
