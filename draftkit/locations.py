"""Where a field's text sits in a file on disk: offsets in the text to line and column.

Line and column are 1-based and count characters, as an editor shows them.
"""

from __future__ import annotations

import json
import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator


class TextMap:
    """Runs of characters that sit side by side on one line of the file."""

    def __init__(self) -> None:
        self.offsets = array("q")
        self.lines = array("q")
        self.columns = array("q")
        self.fixed = False  # every offset at the first place (text decoded beyond mapping)

    def add(self, offset: int, line: int, column: int) -> None:
        """Character `offset` of the text is at (line, column); the following ones continue it."""
        if self.offsets:
            last = len(self.offsets) - 1
            gap = offset - self.offsets[last]
            if gap >= 0 and self.lines[last] == line and self.columns[last] + gap == column:
                return
        self.offsets.append(offset)
        self.lines.append(line)
        self.columns.append(column)

    def at(self, offset: int) -> tuple[int, int]:
        """(line, column) of the character at `offset`."""
        if not self.offsets:
            return 1, 1
        if self.fixed:
            return self.lines[0], self.columns[0]
        i = max(0, bisect_right(self.offsets, offset) - 1)
        return self.lines[i], self.columns[i] + max(0, offset - self.offsets[i])

    @classmethod
    def verbatim(cls, text: str, line: int = 1, column: int = 1) -> TextMap:
        """Text copied unchanged from a file where it starts at (line, column)."""
        found = cls()
        found.add(0, line, column)
        start = text.find("\n")
        while start != -1:
            line += 1
            found.add(start + 1, line, 1)
            start = text.find("\n", start + 1)
        return found

    @classmethod
    def single(cls, line: int, column: int = 1) -> TextMap:
        """Every offset points at one place (text decoded beyond mapping, e.g. base64)."""
        found = cls()
        found.add(0, line, column)
        found.fixed = True
        return found


class LineIndex:
    """Line and column of any index into a text, in O(log lines)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, index: int) -> tuple[int, int]:
        i = bisect_right(self.starts, index) - 1
        return i + 1, index - self.starts[i] + 1


# --- JSON -------------------------------------------------------------------------------------

_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)")


def json_strings(text: str) -> dict[tuple, int]:
    """Index of the opening quote of every string value in a JSON document, by its path.

    The path is the keys and list positions leading to the value, e.g. ("drafts", 2, "body").
    Assumes the document is valid JSON (it was parsed before); a repeated key keeps the last.
    """
    found: dict[tuple, int] = {}
    path: list = []
    kinds: list[str] = []  # "{" or "[" for each open container
    expect_key = False
    for m in _TOKEN.finditer(text):
        token = m.group()
        first = token[0]
        if first == "{":
            kinds.append("{")
            path.append(None)
            expect_key = True
        elif first == "[":
            kinds.append("[")
            path.append(0)
            expect_key = False
        elif first in "}]":
            kinds.pop()
            path.pop()
            expect_key = False
        elif first == ",":
            if kinds and kinds[-1] == "[":
                path[-1] += 1
            else:
                expect_key = True
        elif first == ":":
            expect_key = False
        elif first == '"':
            if expect_key:
                path[-1] = json.loads(token) if "\\" in token else token[1:-1]
            elif kinds:
                found[tuple(path)] = m.start()
    return found


def _escapes(text: str, start: int) -> Iterator[tuple[int, int, int]]:
    """(raw index, raw length, decoded length) of each escape in the string opened at `start`."""
    end = _STRING.match(text, start).end() - 1
    pos = start + 1
    matches = list(_ESCAPE.finditer(text, pos, end))
    i = 0
    while i < len(matches):
        m = matches[i]
        code = m.group(1)
        if code and 0xD800 <= int(code, 16) <= 0xDBFF and i + 1 < len(matches):
            nxt = matches[i + 1]
            low = nxt.group(1)
            if nxt.start() == m.end() and low and 0xDC00 <= int(low, 16) <= 0xDFFF:
                yield m.start(), nxt.end() - m.start(), 1
                i += 2
                continue
        yield m.start(), m.end() - m.start(), 1
        i += 1


def json_string_map(text: str, quote: int, lines: LineIndex) -> TextMap:
    """Where each character of the JSON string whose opening quote is at `quote` sits."""
    found = TextMap()
    decoded = 0
    raw = quote + 1
    found.add(0, *lines.at(raw))
    for at, raw_len, dec_len in _escapes(text, quote):
        decoded += at - raw
        found.add(decoded, *lines.at(at))
        decoded += dec_len
        raw = at + raw_len
        found.add(decoded, *lines.at(raw))
    return found
