"""Literal matchers agree with the regexes they replace, and do work in proportion to the text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from draftkit.checklist.literals import LiteralRuns, LiteralWords


def _runs_regex(tokens: list[str]) -> re.Pattern[str]:
    alternatives = [r"[^\w]+".join(map(re.escape, tokens[i:j]))
                    for i in range(len(tokens)) for j in range(i + 2, len(tokens) + 1)]
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)


def _words_regex(words: set[str]) -> re.Pattern[str]:
    alternatives = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)", re.IGNORECASE)


CASES = [
    ("Hargrove & Pike", "Thanks from Hargrove & Pike, and from Pike himself."),
    ("Hargrove & Pike", "HARGROVE -- PIKE and hargrove pike and Hargrove  &Pike."),
    ("Bank of The West", "I enjoyed Bank of the West; the west team, Bank of."),
    ("A A B", "a a a b, a a b, a b."),
    ("Acme Logistics 12", "acme logistics 12 and Acme Logistics and logistics 12"),
    ("Café Noir", "Dear CAFÉ NOIR team, café-noir rocks"),
    ("Pike Pike", "pikepike pike pike pike"),
    ("X Corp", ""),
    ("Vistulon sp. z o.o.", "Hello Olga,\n\nThank you from Vistulon sp. z o.o. and Vistulon Sp. Z O.O."),  # whole words only
]


@pytest.mark.parametrize(("company", "text"), CASES)
def test_runs_match_the_regex(company: str, text: str) -> None:
    tokens = re.findall(r"[\w'’]+", company)
    pattern = _runs_regex(tokens)
    assert LiteralRuns(tokens).blank(text) == pattern.sub(lambda m: " " * len(m.group()), text)


@pytest.mark.parametrize(("company", "text"), CASES)
def test_words_match_the_regex(company: str, text: str) -> None:
    words = {company.split()[0].lower(), company.lower()}
    found = _words_regex(words).search(text)
    assert LiteralWords(words).search(text) == (found.span() if found else None)


WORDS = st.sampled_from(["pike", "Pike", "hargrove", "&", " ", ", ", "-", "x", "pikes", "_", "é", "É"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Pike", "Hargrove", "Bank", "of", "Ö"]), min_size=2, max_size=4),
       st.lists(WORDS, max_size=30))
def test_runs_agree_on_any_text(tokens: list[str], parts: list[str]) -> None:
    text = "".join(parts)
    expected = _runs_regex(tokens).sub(lambda m: " " * len(m.group()), text)
    assert LiteralRuns(tokens).blank(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.sets(st.sampled_from(["pike", "hargrove & pike", "bank", "x"]), min_size=1), st.lists(WORDS, max_size=30))
def test_words_agree_on_any_text(words: set[str], parts: list[str]) -> None:
    text = "".join(parts)
    found = _words_regex(words).search(text)
    assert LiteralWords(words).search(text) == (found.span() if found else None)


def test_runs_work_is_linear_in_occurrences() -> None:
    runs = LiteralRuns(["Hargrove", "Pike"])
    runs.blank("Hargrove Pike met Pike. " * 2000)
    assert runs.scans == 2000  # one look per occurrence of a token that can start a run ("Hargrove")


def test_words_stop_at_the_first_whole_word() -> None:
    words = LiteralWords({"pike"})
    assert words.search("pikes " * 5000 + "pike") == (30000, 30004)
    assert words.scans == 5001
