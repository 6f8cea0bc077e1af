"""Find figures in text and normalise them, so "6" matches "six" and "$1.2M" matches "1.2 million"."""

from __future__ import annotations

import bisect
import itertools
import re

UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SUFFIX_SCALE = {"k": 1_000, "m": 1_000_000, "mm": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}

_NUMBER_WORD = "|".join(sorted([*UNITS, *SCALES, "one"], key=len, reverse=True))
WORDS_RE = re.compile(
    rf"(?<![\w-])(?:a[\s-]+(?=(?:{'|'.join(SCALES)})\b))?(?:(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?)?)+(?![\w])"
)
DIGITS_RE = re.compile(
    r"(?<![\w.])[$€£]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:\s?(?:k|m|mm|bn|b)\b)?%?"
    r"|(?<![\w.])[$€£]?\d+(?:\.\d+)?(?:\s?(?:k|m|mm|bn|b)\b)?%?"
)

ANY_FIGURE = re.compile(rf"\d|(?<![\w-])(?:{'|'.join([*UNITS, *SCALES])})(?!\w)")
WINDOW = 60  # characters either side of a figure that can make it a date, time or phone
MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
TIME_UNIT = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|business days?|working days?|weeks?|months?|years?|quarters?)"
NUM = rf"(?:\d+|{'|'.join(UNITS)}|one|a few|a couple of|several)"
HOUR = r"(?:\d{1,2}(?:[:.]\d{2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
EXCLUDED = re.compile(
    "|".join(
        [
            r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+",  # links and addresses
            r"\+?\(?\d[\d\s().-]{6,}\d",  # phone-like runs
            r"\b\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?(?:z|[+-]\d{2}:?\d{2})?)?\b",
            rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}}(?![-/\d]))?\b",
            rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+\d{{4}}(?![-/\d]))?\b",
            r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b",
            r"\b(?:the|on|by|before|after|until)\s+\d{1,2}(?:st|nd|rd|th)\b",
            r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)",
            # times of day in words: "at 3 in the morning", "six o'clock", "half past 9", "by 5 tonight"
            rf"\b{HOUR}(?:\s*-?ish)?\s+(?:in the (?:morning|afternoon|evening|night)|at night|o'?clock)\b",
            rf"\b(?:half|quarter|\d{{1,2}}|five|ten|twenty|twenty-five)\s+(?:minutes\s+)?past\s+{HOUR}\b",
            rf"\b(?:at|by|around|about|before|after|until|till|from|since|gone)\s+{HOUR}(?:\s*-?ish)?"
            r"(?=\s+(?:sharp|on the dot|tonight|today|tomorrow|this (?:morning|afternoon|evening)|at the latest)\b)",
            r"\b(?:at|by|around|from|until|till|before|after)\s+\d{1,2}[.h]\d{2}\b",
            rf"\b(?:desk|office|work|home|there|here|in|up|start|starts|started|begin|begins|arrive|arrives|leave|leaves"
            rf"|finish|finishes|call|ring|meet|available|free|open|opens|close|closes|done|online)\s+"
            rf"(?:at|by|around|until|till|from|after|before)\s+{HOUR}\b(?!\s*%)",
            r"\b\d{1,2}:\d{2}\b",
            rf"\b{NUM}[\s-]+{TIME_UNIT}\s+(?:ago|from now|earlier|later|back)\b",
            rf"\b(?:in|within|after|for the (?:next|past|last)|over the (?:next|past|last)|next|last|past)\s+{NUM}[\s-]+(?:business |working )?(?:days?|weeks?|months?|hours?)\b",
            r"\b(?:in|since|by|from|until|through|during|early|late|mid|circa|of|before|after)\s+(?:19|20)\d{2}\b",
            r"\b(?:q[1-4]|h[12])\b",
            r"\b(?:19|20)\d{2}(?=\s*[.,;:!?)]|\s*$)",
        ]
    )
)  # every pattern here is lower case: it runs on lower-cased text


# where an EXCLUDED match can start when the text has no link or address: the start of a word, a
# digit, "+" or "(" (every other alternative starts with \\b and a letter or a digit)
EXCLUDED_STARTS = re.compile(r"(?<!\w)\w|[\d+(]")


def _ascii_lower(text: str) -> str:
    """Lower case that never changes a string's length (offsets must stay put)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    """Dates, times, phone numbers… near each candidate figure (scanning only those windows)."""
    windows: list[list[int]] = []
    for match in ANY_FIGURE.finditer(text):
        start, end = max(0, match.start() - WINDOW), min(len(text), match.end() + WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    spans: list[tuple[int, int]] = []
    for start, end in windows:
        if any(text.find(mark, start, end) != -1 for mark in ("@", "http", "www.")):
            spans += [m.span() for m in EXCLUDED.finditer(text, start, end)]
            continue
        after = start  # else a match starts at a word, a digit, "+" or "(": try only those (same result)
        for position in [m.start() for m in EXCLUDED_STARTS.finditer(text, start, end)]:
            if position < after:
                continue
            match = EXCLUDED.match(text, position, end)
            if match is not None:
                spans.append(match.span())
                after = max(match.end(), position + 1)
    return spans


def _words_value(text: str) -> float | None:
    tokens = [t for t in re.split(r"[\s-]+", text.lower()) if t and t != "and"]
    if not tokens or all(t in ("one", "a") for t in tokens):
        return None
    total, current, seen_number = 0.0, 0.0, False
    for token in tokens:
        if token in UNITS:
            current += UNITS[token]
            seen_number = True
        elif token == "one":
            current += 1
        elif token in SCALES:
            scale = SCALES[token]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
            seen_number = True
    return total + current if seen_number else None


def _digits_value(raw: str) -> float | None:
    text = raw.lower().lstrip("$€£").rstrip("%").strip()
    scale = 1.0
    match = re.match(r"^([\d.,]+)\s?(k|mm|m|bn|b)?$", text)
    if not match:
        return None
    number, suffix = match.groups()
    if suffix:
        scale = SUFFIX_SCALE[suffix]
    try:
        return float(number.replace(",", "")) * scale
    except ValueError:
        return None


TRAILING_SCALE = re.compile(r"[\s-]+(hundred|thousand|million|billion)\b", re.IGNORECASE)


def _trailing_scale(text: str, end: int) -> tuple[float, int]:
    match = TRAILING_SCALE.match(text, end)  # at `end`, without copying the rest of the text
    if match:
        return float(SCALES[match.group(1).lower()]), match.end()
    return 1.0, end


class _Spans:
    """Spans in increasing order; overlap test by bisection (a long text has thousands)."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.ends = list(itertools.accumulate((e for _, e in spans), max))  # furthest end so far

    def add(self, start: int, end: int) -> None:
        self.starts.append(start)
        self.ends.append(max(end, self.ends[-1]) if self.ends else end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans starting before `end`
        return i > 0 and self.ends[i - 1] > start


def figure_values(text: str, *, exclude_context: bool = True) -> list[tuple[int, int, float]]:
    """(start, end, value) for each figure; dates, times and phone numbers are skipped."""
    lowered = text.lower()
    text = lowered if len(lowered) == len(text) else _ascii_lower(text)
    if not ANY_FIGURE.search(text):
        return []
    excluded = _Spans(_excluded_spans(text) if exclude_context else [])
    digits = _Spans([])

    def free(start: int, end: int) -> bool:
        return not excluded.overlaps(start, end) and not digits.overlaps(start, end)

    found: list[tuple[int, int, float]] = []
    for match in DIGITS_RE.finditer(text):
        value = _digits_value(match.group())
        if value is None or not free(*match.span()):
            continue
        scale, end = _trailing_scale(text, match.end())
        found.append((match.start(), end, value * scale))
        digits.add(match.start(), end)
    for match in WORDS_RE.finditer(text):
        raw = match.group().rstrip(" -")
        value = _words_value(raw)
        if value is None:
            continue
        start = match.start()
        lead = re.match(r"(?:(?:a|one|and)[\s-]+)+", raw, re.IGNORECASE)
        if lead and _words_value(raw[lead.end():]) == value:
            start += lead.end()
        end = match.start() + len(raw)
        if free(start, end):
            found.append((start, end, value))
    return sorted(found)


def same_figure(value: float, allowed: set[float] | list[float]) -> bool:
    """True when `value` equals an allowed figure (to a small relative tolerance).

    `allowed` may be a sorted list (bisected) or any collection (scanned)."""
    if isinstance(allowed, list):
        i = bisect.bisect_left(allowed, value - 1e-9 - 1e-6 * abs(value) * 2)
        return any(abs(value - a) <= 1e-9 + 1e-6 * abs(a) for a in allowed[i:i + 3])
    return any(abs(value - a) <= 1e-9 + 1e-6 * abs(a) for a in allowed)
