"""Find figures in text and normalise them, so "6" matches "six" and "$1.2M" matches "1.2 million".

Every scan starts with a character class or a literal, so CPython's `re` skips ahead in C; the
patterns that start with a look-behind (DIGITS_RE, WORDS_RE, EXCLUDED) are only tried where one of
them can start: at a digit run, a number word, or a word that begins one of EXCLUDED's alternatives.
"""

from __future__ import annotations

import bisect
import functools
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


def _trie(words: list[str] | tuple[str, ...]) -> str:
    """An alternation matching the same strings as `a|b|…`, factored by first character (faster to try)."""
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[0], []).append(word[1:])
    parts = []
    for head, tails in heads.items():
        if len(tails) == 1:
            parts.append(re.escape(head + tails[0]))
            continue
        rest = [t for t in dict.fromkeys(tails) if t]
        inner = f"(?:{_trie(rest)})" if rest else ""
        parts.append(re.escape(head) + (inner + "?" if inner and "" in tails else inner))
    return "|".join(parts)


_NUMBER_WORD = "|".join(sorted([*UNITS, *SCALES, "one"], key=len, reverse=True))
_A_SCALE = rf"a[\s-]+(?=(?:{'|'.join(SCALES)})\b)"  # "a hundred", "a-dozen"
WORDS_RE = re.compile(rf"(?<![\w-])(?:{_A_SCALE})?(?:(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?)?)+(?![\w])")
DIGITS_RE = re.compile(
    r"(?<![\w.])[$€£]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:\s?(?:k|m|mm|bn|b)\b)?%?"
    r"|(?<![\w.])[$€£]?\d+(?:\.\d+)?(?:\s?(?:k|m|mm|bn|b)\b)?%?"
)
CURRENCY = "$€£"

ANY_FIGURE = re.compile(rf"\d|(?<![\w-])(?:{'|'.join([*UNITS, *SCALES])})(?!\w)")  # the reference for the marks
# A WORDS_RE (or ANY_FIGURE word) match starts after a character other than a word character or "-",
# at "a <scale>" or a number word: _WORD_SCAN finds every such place (the lookahead has no word end,
# so it finds more, never fewer), _WORD_AT the text's start.
_WORD_START = rf"(?=(?:{_A_SCALE}|{_trie([*UNITS, *SCALES, 'one'])}))"
# Each scan starts with an ASCII-only class (a bitmap, much faster than \W's Unicode test); a look-behind
# then checks the character against the real class.
_WORD_SCAN = re.compile(rf"[^a-zA-Z0-9_-]{_WORD_START}(?<=[^\w-])")
_WORD_AT = re.compile(_WORD_START)
_FIGURE_WORD = re.compile(rf"(?:{'|'.join([*UNITS, *SCALES])})(?!\w)")  # ANY_FIGURE's word part, after its look-behind
_DIGIT_RUN, _ASCII_DIGIT_RUN = re.compile(r"\d+"), re.compile(r"[0-9]+")  # the same in ASCII text

WINDOW = 60  # characters either side of a figure that can make it a date, time or phone
MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")  # MONTH's first 3 letters
TIME_UNIT = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|business days?|working days?|weeks?|months?|years?|quarters?)"
_NUM = (*UNITS, "one", "a few", "a couple of", "several")
NUM = rf"(?:\d+|{'|'.join(_NUM)})"
_HOUR = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
HOUR = rf"(?:\d{{1,2}}(?:[:.]\d{{2}})?|{'|'.join(_HOUR)})"
_ORDINAL_BY = ("the", "on", "by", "before", "after", "until")
_PAST = ("half", "quarter", r"\d{1,2}", "five", "ten", "twenty", "twenty-five")
_AT = ("at", "by", "around", "about", "before", "after", "until", "till", "from", "since", "gone")
_AT_DOT = ("at", "by", "around", "from", "until", "till", "before", "after")
_BUSY = ("desk", "office", "work", "home", "there", "here", "in", "up", "start", "starts", "started", "begin", "begins",
         "arrive", "arrives", "leave", "leaves", "finish", "finishes", "call", "ring", "meet", "available", "free",
         "open", "opens", "close", "closes", "done", "online")
_WITHIN = ("in", "within", "after", "for the (?:next|past|last)", "over the (?:next|past|last)", "next", "last", "past")
_IN_YEAR = ("in", "since", "by", "from", "until", "through", "during", "early", "late", "mid", "circa", "of", "before", "after")
DIGIT, LINK = r"\d", "<link>"  # lead markers: the alternative starts with a digit; it needs a link mark
# Each alternative of EXCLUDED, with the leads any of its matches starts with: a word's first letters, a
# digit, "+" or "(". Leads come from the same tuples as the patterns (a regex lead is cut at its first "(").
EXCLUDED_ALTERNATIVES: list[tuple[str, tuple[str, ...]]] = [
    (r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+", (LINK,)),  # links and addresses
    (r"\+?\(?\d[\d\s().-]{6,}\d", ("+", "(", DIGIT)),  # phone-like runs
    (r"\b\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?(?:z|[+-]\d{2}:?\d{2})?)?\b", (DIGIT,)),
    (rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}}(?![-/\d]))?\b", _MONTHS),
    (rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+\d{{4}}(?![-/\d]))?\b", (DIGIT,)),
    (r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b", (DIGIT,)),
    (rf"\b(?:{'|'.join(_ORDINAL_BY)})\s+\d{{1,2}}(?:st|nd|rd|th)\b", _ORDINAL_BY),
    (r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)", (DIGIT,)),
    # times of day in words: "at 3 in the morning", "six o'clock", "half past 9", "by 5 tonight"
    (rf"\b{HOUR}(?:\s*-?ish)?\s+(?:in the (?:morning|afternoon|evening|night)|at night|o'?clock)\b", (DIGIT, *_HOUR)),
    (rf"\b(?:{'|'.join(_PAST)})\s+(?:minutes\s+)?past\s+{HOUR}\b", _PAST),
    (rf"\b(?:{'|'.join(_AT)})\s+{HOUR}(?:\s*-?ish)?"
     r"(?=\s+(?:sharp|on the dot|tonight|today|tomorrow|this (?:morning|afternoon|evening)|at the latest)\b)", _AT),
    (rf"\b(?:{'|'.join(_AT_DOT)})\s+\d{{1,2}}[.h]\d{{2}}\b", _AT_DOT),
    (rf"\b(?:{'|'.join(_BUSY)})\s+(?:at|by|around|until|till|from|after|before)\s+{HOUR}\b(?!\s*%)", _BUSY),
    (r"\b\d{1,2}:\d{2}\b", (DIGIT,)),
    (rf"\b{NUM}[\s-]+{TIME_UNIT}\s+(?:ago|from now|earlier|later|back)\b", (DIGIT, *_NUM)),
    (rf"\b(?:{'|'.join(_WITHIN)})\s+{NUM}[\s-]+(?:business |working )?(?:days?|weeks?|months?|hours?)\b", _WITHIN),
    (rf"\b(?:{'|'.join(_IN_YEAR)})\s+(?:19|20)\d{{2}}\b", _IN_YEAR),
    (r"\b(?:q[1-4]|h[12])\b", ("q1", "q2", "q3", "q4", "h1", "h2")),
    (r"\b(?:19|20)\d{2}(?=\s*[.,;:!?)]|\s*$)", (DIGIT,)),
]
EXCLUDED = re.compile("|".join(p for p, _ in EXCLUDED_ALTERNATIVES))  # lower case: it runs on lower-cased text
LINK_MARKS = ("@", "http", "www.")  # a window without these has no link or address (_excluded_spans)


def _lead(lead: str) -> str:
    """A lead as literal text: a pattern lead ("\\d{1,2}", "for the (?:next…)") is cut before its first regex part."""
    if lead in ("+", "("):
        return lead
    return DIGIT if lead.startswith("\\d") else lead.split("(")[0]


_LEADS = {i: {_lead(lead) for lead in leads} for i, (_, leads) in enumerate(EXCLUDED_ALTERNATIVES)}
_WORD_LEADS = sorted({lead for leads in _LEADS.values() for lead in leads if lead[0].isalpha()})
_LEAD_SCAN = re.compile(rf"[^a-zA-Z0-9_](?=({_trie(_WORD_LEADS)}))(?<=\W)")  # a word start where an alternative may begin
_LEAD_AT = re.compile(f"({_trie(_WORD_LEADS)})")
_PHONE_MARK = re.compile(r"[+(]")


@functools.lru_cache(maxsize=256)
def _alternatives(lead: str) -> re.Pattern[str]:
    """EXCLUDED cut to the alternatives (in order) that can match where the text starts with `lead`.

    For a word lead that means every alternative with a lead it starts with or that starts with it:
    the scan reports one lead, and any other lead that fits the text is a prefix of it or extends it."""
    if lead in (DIGIT, "+", "("):
        chosen = [i for i, leads in _LEADS.items() if lead in leads]
    else:
        chosen = [i for i, leads in _LEADS.items()
                  if any(w != LINK and (w.startswith(lead) or lead.startswith(w)) for w in leads)]
    return re.compile("|".join(EXCLUDED_ALTERNATIVES[i][0] for i in chosen))


def _candidates(text: str, start: int, end: int, runs: list[tuple[int, int]]) -> list[tuple[int, re.Pattern[str]]]:
    """(position, pattern) wherever an EXCLUDED alternative can start in text[start:end] (no link marks).

    A word-led alternative starts at a word start with its lead; a digit-led one at a digit run's first
    digit in the window (`runs`: the text's digit runs, in order; every alternative but the phone needs
    a word boundary, and a phone that fits from a later digit of a run also fits from the one before:
    no alternative ends between two digits, so that one is always tried); the phone also at "+", "("."""
    found = []
    if start == 0 and (lead := _LEAD_AT.match(text, 0, end)):
        found.append((0, _alternatives(lead.group(1))))
    found += [(m.start() + 1, _alternatives(m.group(1))) for m in _LEAD_SCAN.finditer(text, max(start - 1, 0), end)]
    digits = _alternatives(DIGIT)
    first = bisect.bisect_left(runs, (start,))  # the first run from `start` on, or the one holding it
    if first and runs[first - 1][1] > start:
        first -= 1
    last = bisect.bisect_left(runs, (end,), first)
    found += [(max(run_start, start), digits) for run_start, _ in runs[first:last]]
    if text.find("+", start, end) != -1 or text.find("(", start, end) != -1:
        found += [(m.start(), _alternatives(m.group())) for m in _PHONE_MARK.finditer(text, start, end)]
    found.sort()  # positions differ (a letter, a digit, "+" or "("): patterns are never compared
    return found


def _windows(marks: list[tuple[int, int]], size: int) -> list[list[int]]:
    """Each figure mark widened by WINDOW either side, overlapping ones merged (marks in order)."""
    windows: list[list[int]] = []
    for mark_start, mark_end in marks:
        start, end = max(0, mark_start - WINDOW), min(size, mark_end + WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return windows


def _excluded_spans(text: str, marks: tuple[list[tuple[int, int]], list[tuple[int, int]]] | None = None,
                    ) -> list[tuple[int, int]]:
    """Dates, times, phone numbers… near each figure mark: EXCLUDED's matches in each window, in order.

    `marks`: (figure marks, digit runs) from _figure_marks, found again when not given."""
    figures, runs = marks or _figure_marks(text)[:2]
    spans: list[tuple[int, int]] = []
    for start, end in _windows(figures, len(text)):
        if any(text.find(mark, start, end) != -1 for mark in LINK_MARKS):
            spans += [m.span() for m in EXCLUDED.finditer(text, start, end)]
            continue
        after = start  # a scan tries every position; only the candidates can match (same result)
        for position, pattern in _candidates(text, start, end, runs):
            if position < after:
                continue
            match = pattern.match(text, position, end)
            if match is not None:
                spans.append(match.span())
                after = max(match.end(), position + 1)
    return spans


def _figure_marks(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[int]]:
    """(marks, digit runs, word starts): ANY_FIGURE's matches as spans (a digit run for its digits,
    which widens to the same windows), the digit runs, and where a WORDS_RE match may start."""
    runs = [m.span() for m in (_ASCII_DIGIT_RUN if text.isascii() else _DIGIT_RUN).finditer(text)]
    starts = [m.start() + 1 for m in _WORD_SCAN.finditer(text)]
    if _WORD_AT.match(text):
        starts.insert(0, 0)
    words = [(p, m.end()) for p in starts if (m := _FIGURE_WORD.match(text, p))]
    return (sorted(runs + words) if words else runs), runs, starts


def _ascii_lower(text: str) -> str:
    """Lower case that never changes a string's length (offsets must stay put)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_WORD_GAP = re.compile(r"[\s-]+")
_DIGITS_PARTS = re.compile(r"^([\d.,]+)\s?(k|mm|m|bn|b)?$")
_LEADING_ONES = re.compile(r"(?:(?:a|one|and)[\s-]+)+", re.IGNORECASE)  # "a", "one", "and" before a figure's words


def _words_value(text: str) -> float | None:
    tokens = [t for t in _WORD_GAP.split(text.lower()) if t and t != "and"]
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
    if raw.isdecimal():
        return float(raw)
    text = raw.lower().lstrip("$€£").rstrip("%").strip()
    scale = 1.0
    match = _DIGITS_PARTS.match(text)
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

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans starting before `end`
        return i > 0 and self.ends[i - 1] > start


def _digit_matches(text: str, runs: list[tuple[int, int]]) -> list[re.Match[str]]:
    """DIGITS_RE.finditer(text), tried only where a match can start: a digit run's first digit (its
    look-behind refuses a digit before), or a currency sign just before it (tried first)."""
    found: list[re.Match[str]] = []
    after = 0
    for start, _ in runs:
        if start < after:
            continue
        match = None
        if start > after and text[start - 1] in CURRENCY:
            match = DIGITS_RE.match(text, start - 1)
        if match is None:
            match = DIGITS_RE.match(text, start)
        if match is not None:
            found.append(match)
            after = match.end()
    return found


def _word_matches(text: str, starts: list[int]) -> list[re.Match[str]]:
    """WORDS_RE.finditer(text), tried only where a match can start (`starts`, in order)."""
    found: list[re.Match[str]] = []
    after = 0
    for start in starts:
        if start >= after and (match := WORDS_RE.match(text, start)) is not None:
            found.append(match)
            after = match.end()
    return found


def figure_values(text: str, *, exclude_context: bool = True) -> list[tuple[int, int, float]]:
    """(start, end, value) for each figure; dates, times and phone numbers are skipped."""
    lowered = text.lower()
    text = lowered if len(lowered) == len(text) else _ascii_lower(text)
    marks, runs, word_starts = _figure_marks(text)
    if not marks:
        return []
    spans = _excluded_spans(text, (marks, runs)) if exclude_context else []
    excluded = _Spans(spans) if spans else None
    found: list[tuple[int, int, float]] = []
    reach = -1  # the furthest end of a digit figure so far: they come in order, so this is their overlap test
    for match in _digit_matches(text, runs):
        start, end = match.span()
        value = _digits_value(match.group())
        if value is None or reach > start or (excluded is not None and excluded.overlaps(start, end)):
            continue
        scale, end = _trailing_scale(text, end)
        found.append((start, end, value * scale))
        reach = max(reach, end)
    words = _word_matches(text, word_starts)
    if not words:
        return found
    digits = _Spans([(start, end) for start, end, _ in found])
    for match in words:
        raw = match.group().rstrip(" -")
        value = _words_value(raw)
        if value is None:
            continue
        start = match.start()
        lead = _LEADING_ONES.match(raw)
        if lead and _words_value(raw[lead.end():]) == value:
            start += lead.end()
        end = match.start() + len(raw)
        if not (excluded is not None and excluded.overlaps(start, end)) and not digits.overlaps(start, end):
            found.append((start, end, value))
    return sorted(found)


def same_figure(value: float, allowed: set[float] | list[float]) -> bool:
    """True when `value` equals an allowed figure (to a small relative tolerance).

    `allowed` may be a sorted list (bisected) or any collection (scanned)."""
    if isinstance(allowed, list):
        i = bisect.bisect_left(allowed, value - 1e-9 - 1e-6 * abs(value) * 2)
        return any(abs(value - a) <= 1e-9 + 1e-6 * abs(a) for a in allowed[i:i + 3])
    return any(abs(value - a) <= 1e-9 + 1e-6 * abs(a) for a in allowed)
