"""Splice checks: the marks a fragment pasted into a sentence leaves, whoever wrote the draft."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .catalog import RuleSpec, catalog
from .phrases import fold
from .registry import DraftView, Hit, text_check

ARTICLE = re.compile(r"(?<![\w'’&/-])(a|an|A|An|AN)[ \t]+[\"'“‘(]?([^\W_][\w'’.-]*)")


@cache
def _compiled(rule_id: str, key: str) -> re.Pattern[str]:
    return re.compile(catalog()[rule_id].data[key], re.IGNORECASE)


def _number_article(token: str) -> set[str]:
    digits = re.match(r"[\d,]+", token).group().replace(",", "")
    if digits.startswith("8") or (len(digits) % 3 == 2 and digits[:2] in ("11", "18")):
        return {"an"}
    return {"a"}


def _acronym_article(token: str, spec: RuleSpec) -> set[str]:
    letters = re.match(r"[A-Z]+", token).group()
    by_letter = "an" if letters[0] in spec.data["an_letters"].upper() else "a"
    said_as_word = len(letters) >= 3 and letters[0] not in "AEIOU" and letters[1] in "AEIOU"
    if said_as_word or letters.lower() in spec.data["either"]:
        return {"a", "an"}
    return {by_letter}


def expected_articles(token: str, spec: RuleSpec) -> set[str]:
    """The articles a careful writer may put before `token` ({"a"}, {"an"} or both)."""
    word = token.strip(".'’-")
    if not word:
        return {"a", "an"}
    if word[0].isdigit():
        return _number_article(word)
    if not word[0].isascii():
        return {"a", "an"}
    lower = word.lower()
    if lower in spec.data["either"] or _compiled(spec.id, "either_starts").match(lower):
        return {"a", "an"}
    if len(word) == 1 or re.match(r"[A-Za-z][.-]", token):  # a letter: "an X-ray", "a B.Sc."
        return {"an" if lower[0] in spec.data["an_letters"] else "a"}
    head = re.match(r"[A-Z]{2,}(?=s?\d*(?:[-/]|$))", word)  # "MBA", "URL-shortener", "APIs"
    if head and head.group() not in spec.data["words_in_capitals"]:
        return _acronym_article(head.group(), spec)
    if _compiled(spec.id, "an_starts").match(lower):
        return {"an"}
    if _compiled(spec.id, "a_starts").match(lower):
        return {"a"}
    return {"an"} if lower[0] in "aeiou" else {"a"}


@text_check("wrong-article", data=("an_letters", "an_starts", "a_starts", "either", "either_starts",
                                   "words_in_capitals"), values=("article", "word"))
def wrong_article(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    for name, text in view.fields.items():
        quotes = None
        for match in ARTICLE.finditer(text):
            article, word = match.group(1).lower(), match.group(2)
            expected = expected_articles(word, spec)
            if article not in expected:
                if quotes is None:
                    quotes = _quoted_spans(text)
                if any(s <= match.start() < e for s, e in quotes):
                    continue
                right = next(iter(expected))
                shown = right.capitalize() if match.group(1)[0].isupper() else right
                yield Hit(name, match.start(), match.end(2), {"article": shown, "word": word})


CAPITALISED = re.compile(r"(?<=[a-z,;])([ \t]+)([A-Z][a-z]+)(?=[\s,.;:!?)]|$)")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|(?<!\w)'[^'\n]*'(?!\w)", text)]


@text_check("stray-capital", data=("common_words",), values=("lower",))
def stray_capital(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    common = set(spec.data["common_words"])
    proper = view.notes.capitalised_runs
    for name, text in view.fields.items():
        quotes = None
        for match in CAPITALISED.finditer(text):
            word = match.group(2)
            if word.lower() not in common:
                continue
            start = match.start(2)
            following = re.match(r"[ \t]+([\w'’-]+)", text[match.end(2):])
            if f"{word} {following.group(1) if following else ''}".strip() in proper or word in proper:
                continue
            nxt = following.group(1) if following else ""
            if nxt[:1].isupper() and nxt != "I" and nxt not in view.notes.name_starts:
                continue  # part of a title or name: "in The Economist" (but not "The Senior Data Engineer")
            if quotes is None:
                quotes = _quoted_spans(text)
            if any(s <= start < e for s, e in quotes):
                continue
            yield Hit(name, start, match.end(2), {"lower": word.lower()})


@cache
def _doubled(rule_id: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’-])([^\W\d_]+)[ \t]+(\1)(?![\w'’-])", re.IGNORECASE)


@text_check("broken-punctuation", data=("marks", "abbreviations", "doubled_ok"), values=("repair",))
def broken_punctuation(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    abbreviations = set(spec.data["abbreviations"])
    doubled_ok = set(spec.data["doubled_ok"])
    for name, text in view.fields.items():
        for match in _compiled(spec.id, "marks").finditer(text):
            before = re.search(r"([\w.]+)\.$", text[: match.start() + 1])
            if match.group().startswith(".") and before and before.group(1).lower().rstrip(".") in abbreviations:
                continue  # "etc.," "Inc.,"
            repair = match.group()[-1] if match.group()[0] in ",;" else match.group()[0]
            yield Hit(name, match.start(), match.end(), {"repair": repair})
        for match in _doubled(spec.id).finditer(text):
            if match.group(1).lower() in doubled_ok:
                continue
            yield Hit(name, match.start(), match.end(), {"repair": match.group(1)})


@text_check("misplaced-voice", data=("phrases", "exceptions"))
def misplaced_voice(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    for name, text in view.fields.items():
        for match in spec.matcher.finditer(fold(text)):
            yield Hit(name, match.start(), match.end())
