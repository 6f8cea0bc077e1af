"""Figures found by trying the regexes only where they can start equal a plain scan of the whole text."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from draftkit.checklist import numbers
from draftkit.checklist.corpus import load_cases
from draftkit.checklist.numbers import (
    ANY_FIGURE,
    DIGITS_RE,
    EXCLUDED,
    EXCLUDED_ALTERNATIVES,
    WINDOW,
    WORDS_RE,
    figure_values,
)

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=400, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def reference_windows(text: str) -> list[list[int]]:
    """Each ANY_FIGURE match widened by WINDOW either side, overlapping ones merged."""
    windows: list[list[int]] = []
    for match in ANY_FIGURE.finditer(text):
        start, end = max(0, match.start() - WINDOW), min(len(text), match.end() + WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return windows


def reference_excluded(text: str) -> list[tuple[int, int]]:
    """EXCLUDED scanned over every window around ANY_FIGURE's matches (the straightforward way)."""
    return [m.span() for start, end in reference_windows(text) for m in EXCLUDED.finditer(text, start, end)]


def reference_figures(text: str, *, exclude_context: bool = True) -> list[tuple[int, int, float]]:
    """figure_values as whole-text scans: DIGITS_RE and WORDS_RE over everything, spans by reference."""
    lowered = text.lower()
    text = lowered if len(lowered) == len(text) else numbers._ascii_lower(text)
    if not ANY_FIGURE.search(text):
        return []
    excluded = numbers._Spans(reference_excluded(text) if exclude_context else [])
    digits: list[tuple[int, int]] = []

    def overlaps_digits(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in digits)

    found: list[tuple[int, int, float]] = []
    for match in DIGITS_RE.finditer(text):
        value = numbers._digits_value(match.group())
        if value is None or excluded.overlaps(*match.span()) or overlaps_digits(*match.span()):
            continue
        scale, end = numbers._trailing_scale(text, match.end())
        found.append((match.start(), end, value * scale))
        digits.append((match.start(), end))
    for match in WORDS_RE.finditer(text):
        raw = match.group().rstrip(" -")
        value = numbers._words_value(raw)
        if value is None:
            continue
        start = match.start()
        lead = re.match(r"(?:(?:a|one|and)[\s-]+)+", raw, re.IGNORECASE)
        if lead and numbers._words_value(raw[lead.end():]) == value:
            start += lead.end()
        end = match.start() + len(raw)
        if not excluded.overlaps(start, end) and not overlaps_digits(start, end):
            found.append((start, end, value))
    return sorted(found)


def _agree(text: str) -> None:
    lowered = text.lower()
    lowered = lowered if len(lowered) == len(text) else numbers._ascii_lower(text)
    assert numbers._windows(numbers._figure_marks(lowered)[0], len(lowered)) == reference_windows(lowered)
    assert numbers._excluded_spans(lowered) == reference_excluded(lowered)
    assert [m.span() for m in numbers._digit_matches(lowered, numbers._figure_marks(lowered)[1])] == \
        [m.span() for m in DIGITS_RE.finditer(lowered)]
    assert [m.span() for m in numbers._word_matches(lowered, numbers._figure_marks(lowered)[2])] == \
        [m.span() for m in WORDS_RE.finditer(lowered)]
    for exclude in (True, False):
        assert figure_values(text, exclude_context=exclude) == reference_figures(text, exclude_context=exclude)


def _corpus() -> list[str]:
    texts = []
    for case in load_cases(ROOT / "evals"):
        texts += [t for d in case.drafts for t in (d.subject or "", d.body, d.voicemail or "")]
    rng = random.Random(11)
    variants = []
    for text in texts[::3]:
        variants += [text.upper(), text.replace("'", "’"), text.replace("i", "İ", 2), text.replace("s", "ſ", 2),
                     text.replace(" ", "\u00a0", 4), text.replace(" ", "", 3), text.replace(" ", "(", 2)]
        cut = rng.randrange(len(text) + 1)
        variants.append(text[cut:] + " " + text[:cut])
    return [t for t in texts + variants if t]


def test_corpus_texts_agree():
    for text in _corpus():
        _agree(text)


EDGES = [
    "call me at +1 (555) 123-4567 about the 3 pipelines", "on 2026-11-24t14:00 we shipped 4 fixes",
    "jan 5, 2026 and the 5th of march: 12 teams", "by the 3rd at 9:30 am, 10:45, two weeks ago",
    "in the next 3 business days since 2019 q3 h1 in 2024.", "email a@b.com or see https://x.y/z 5 www.site.com 7",
    "x+1 a_b 12 3pm a12345678b (12) over the past few months 1,000,000", "4-5 weeks later, mid 2020, 1970",
    "$5, a$5, .5, 5.5, $$5, €1,000.50, £3 bn, 40k%, 1,23,456, 12,345,678.9m", "a hundred and one, one-hundred, a-dozen",
    "sixish o'clock, six-ish in the evening, at nine sharp, at 9 on the dot, twenty-five past ten",
    "12345678 123456789 1 2 3 4 5 6 7 8 9 0 1 2", "5" + "x" * 70 + "the 3rd" + "y" * 70 + "(555) 123 4567",
    "x" * 59 + " on 3rd and 4", "q1 2 a1 234-5678 b", "Ｔhe ٣ ٤٥٦٧٨٩٠١ and ²³ ten", "ten" * 30 + " ten",
    "over the next 3 weeks, for the last two months, a couple of days ago, several hours later", "",
]


@pytest.mark.parametrize("text", EDGES)
def test_edge_texts_agree(text):
    _agree(text)


@pytest.mark.parametrize("gap", range(36, 48))
def test_a_span_at_the_window_start_agrees(gap):
    """A window begins WINDOW characters before its first figure: a match can start right there."""
    for lead in ("several hours ago", "(555) 123 4567", "a few days later", "sep 3"):
        _agree(f"ab {lead}" + " " * gap + " 5")
        _agree(f"ab{lead}" + " " * gap + " 5")


PIECES = st.sampled_from([
    " ", "  ", "\n", ",", ".", "-", "(", ")", "+", "$", "€", ":", "/", "%", "@", "_", "'", "’", "İ", "ſ", "x", "é",
    "0", "1", "2", "5", "9", "12", "19", "2026", "555", "1,000", "3.5", "٣", "k", "m", "bn", "am", "pm", "ish", "o'clock",
    "st", "th", "the", "on", "by", "at", "in", "of", "a", "and", "from", "until", "for the", "over the", "next",
    "past", "half", "quarter", "jan", "sept", "march", "may", "one", "two", "six", "ten", "twelve", "twenty",
    "twenty-five", "hundred", "dozen", "million", "a few", "a couple of", "several", "weeks", "days", "hours",
    "ago", "later", "sharp", "tonight", "morning", "q3", "h1", "desk", "call", "free", "there", "often", "someone",
])


@SETTINGS
@given(st.lists(PIECES, max_size=60))
def test_generated_texts_agree(pieces):
    _agree("".join(pieces))


@SETTINGS
@given(st.lists(PIECES, max_size=40), st.integers(0, 200))
def test_far_apart_figures_agree(pieces, gap):
    text = "".join(pieces)
    _agree(text + " " * gap + text.upper() + "x" * gap + text)


@pytest.mark.parametrize("index", range(1, len(EXCLUDED_ALTERNATIVES)))
@settings(SETTINGS, max_examples=150)
@given(data=st.data())
def test_every_alternative_match_starts_at_a_candidate(index, data):
    """Each alternative's matches (from its own pattern) start where the scan tries it, and agree."""
    pattern = EXCLUDED_ALTERNATIVES[index][0]
    body = data.draw(st.from_regex(pattern, fullmatch=False))
    before = data.draw(st.sampled_from(["", " ", "x", "9", "(", "-", "the "]))
    text = (before + body + " 7").lower()
    text = numbers._ascii_lower(text) if len(text) != len(before + body + " 7") else text
    _agree(text)
    match = re.compile(pattern).search(text)
    if match is None or any(text.find(m) != -1 for m in numbers.LINK_MARKS):
        return
    start = match.start()
    if start and text[start - 1].isdecimal() and text[start].isdecimal():
        return  # a later digit of a run: the run's first digit is tried (see _candidates)
    runs = numbers._figure_marks(text)[1]
    tried = {p: c.pattern for p, c in numbers._candidates(text, 0, len(text), runs)}
    assert pattern in tried.get(start, ""), (text, start)
