"""Splice checks: the marks a fragment pasted into a sentence leaves, whoever wrote the draft."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from ..textutil import alnum_words, ascii_letter_runs
from .catalog import RuleSpec, catalog, data_words
from .phrasetext import fold
from .registry import DraftView, Hit, text_check

# the lookaheads only say what the pattern needs next; the regex engine then skips faster
ARTICLE = re.compile(r"(?=[aA])(?<![\w'’&/-])(a|an|A|An|AN)[ \t]+[\"'“‘(]?([^\W_][\w'’.-]*)")


@cache
def _compiled(rule_id: str, key: str) -> re.Pattern[str]:
    return re.compile(catalog()[rule_id].data[key], re.IGNORECASE)


def _number_article(token: str) -> set[str]:
    digits = re.match(r"[\d,]+", token).group().replace(",", "")
    if digits.startswith("8") or (len(digits) % 3 == 2 and digits[:2] in ("11", "18")):
        return {"an"}
    return {"a"}


def _said_as_word(letters: str, spec: RuleSpec) -> bool:
    """Whether capitals may be read as a word ("NATO", "SWOT", "SKU"), not letter by letter ("MBA")."""
    if len(letters) < 3 or letters[0] in "AEIOU":
        return False
    if letters[1] in "AEIOU":
        return not (len(letters) == 3 and letters[2] in "AEIOU")  # "an SAE", "an SEO": no word ends so
    return letters[:2].lower() in spec.data["word_onsets"] and letters[2] in "AEIOU"


def _acronym_article(token: str, spec: RuleSpec) -> set[str]:
    letters = re.match(r"[A-Z]+", token).group()
    by_letter = "an" if letters[0] in spec.data["an_letters"].upper() else "a"
    if _said_as_word(letters, spec) or letters.lower() in spec.data["either"]:
        return {"a", "an"}
    return {by_letter}


@lru_cache(maxsize=4096)
def _expected(token: str, rule_id: str) -> frozenset[str]:
    """expected_articles with the shipped rule's data, remembered: the same words recur."""
    return frozenset(expected_articles(token, catalog()[rule_id]))


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
    head = head or re.match(r"[A-Z]{2,}(?=[a-z])", word)  # a degree or a name in mixed case: "MSc", "MEng", "SQLite"
    if head and head.group() not in spec.data["words_in_capitals"]:
        return _acronym_article(head.group(), spec)
    if re.fullmatch(r"[A-Z][a-z][A-Z]s?", word):  # "PhD", "EdD": letter by letter
        return {"an" if lower[0] in spec.data["an_letters"] else "a"}
    if _compiled(spec.id, "an_starts").match(lower):
        return {"an"}
    if _compiled(spec.id, "a_starts").match(lower):
        return {"a"}
    return {"an"} if lower[0] in "aeiou" else {"a"}


@text_check("wrong-article", data=("an_letters", "an_starts", "a_starts", "either", "either_starts",
                                   "words_in_capitals", "word_onsets"), values=("article", "word"))
def wrong_article(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    for name, text in view.fields.items():
        quotes = None
        for match in ARTICLE.finditer(text):
            article, word = match.group(1).lower(), match.group(2)
            expected = _expected(word, spec.id)
            if article not in expected:
                if quotes is None:
                    quotes = _quoted_spans(text)
                if any(s <= match.start() < e for s, e in quotes):
                    continue
                right = next(iter(expected))
                shown = right.capitalize() if match.group(1)[0].isupper() else right
                yield Hit(name, match.start(), match.end(2), {"article": shown, "word": word})


FOLLOWING = re.compile(r"[ \t]+([\w'’-]+)")
PRECEDING = re.compile(r"([\w'’-]+)$")
CAPITALISED = re.compile(r"(?=[ \t][ \t]*[A-Z])(?<=[a-z,;])([ \t]+)([A-Z][a-z]+)(?=[\s,.;:!?)]|$)")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|(?<!\w)'[^'\n]*'(?!\w)", text)]


@cache
def _dictionary() -> frozenset[str]:
    from ..engines.fragments import common_words  # loaded only when a capital needs judging

    return common_words()


FRAGMENT_WORD = re.compile(r"[\w'’-]+")


@lru_cache(maxsize=256)
def _written_lower(fragments: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    """Each word the notes write in lower case, with the word after it: ("light", "exposure")."""
    pairs = set()
    for text in fragments:
        tokens = FRAGMENT_WORD.findall(text)
        for i, token in enumerate(tokens):
            if token[:1].islower():
                pairs.add((token, tokens[i + 1].lower() if i + 1 < len(tokens) else ""))
    return frozenset(pairs)


def _fragments(view: DraftView) -> tuple[str, ...]:
    notes = view.notes.notes
    return (*notes.highlights, *notes.concerns, notes.extra or "", *(t for p in notes.interviewers for t in p.topics))


def _common_noun(word: str, spec: RuleSpec) -> bool:
    lower = word.lower()
    return lower in _dictionary() and lower not in spec.data["names_in_lower_case"]


def _pasted_from_notes(written_lower: frozenset[tuple[str, str]], word: str, nxt: str, spec: RuleSpec) -> bool:
    """The notes write this word and the next in lower case ("light exposure limits"); the draft
    capitalises it mid-sentence ("your remarks on Light exposure limits"): a fragment's seam."""
    return (word.lower(), nxt.lower()) in written_lower and _common_noun(word, spec)


def _capital_gerund(text: str, start: int, word: str, nxt: str, spec: RuleSpec) -> bool:
    """A capitalised -ing word after "about", "on"… and before a lower-case word ("about Speaking
    with drivers"): an activity, not a name (names of places and people ending in -ing aside)."""
    lower = word.lower()
    if not (lower.endswith("ing") and len(word) > 5 and nxt[:1].islower() and nxt.lower() not in ("and", "&")
            and lower not in spec.data["names_in_lower_case"]):
        return False
    before = re.search(r"([A-Za-z]+)[ \t]+$", text[max(0, start - 40):start])  # a window: long texts stay linear
    if not (before and before.group(1).lower() in spec.data["gerund_after"]):
        return False
    stem = lower[:-3]
    if stem.endswith("is"):  # British "digitising": the dictionary spells "digitize"
        stem = stem[:-2] + "iz"
    verbs = {stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem}
    return any(v in _dictionary() for v in verbs)


@text_check("stray-capital", data=("common_words", "names_in_lower_case", "gerund_after"), values=("lower",))
def stray_capital(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    common = data_words(spec.id, "common_words")
    proper = view.notes.capitalised_runs
    written_lower = _written_lower(_fragments(view))
    for name, text in view.fields.items():
        quotes = None
        for match in CAPITALISED.finditer(text):
            word = match.group(2)
            start = match.start(2)
            following = FOLLOWING.match(text, match.end(2))  # at the offset, without copying the rest
            nxt = following.group(1) if following else ""
            if f"{word} {nxt}".strip() in proper or word in proper:
                continue
            before = PRECEDING.search(text, max(0, start - 60), match.start(1))
            if before and f"{before.group(1)} {word}" in proper:  # a name's last word: "Senior Civil Engineer (Highways)"
                continue
            if word.lower() in common:
                if nxt[:1].isupper() and nxt != "I" and nxt not in view.notes.name_starts:
                    continue  # part of a title or name: "in The Economist" (but not "The Senior Data Engineer")
            elif not (_pasted_from_notes(written_lower, word, nxt, spec) or _capital_gerund(text, start, word, nxt, spec)):
                continue
            if quotes is None:
                quotes = _quoted_spans(text)
            if any(s <= start < e for s, e in quotes):
                continue
            yield Hit(name, start, match.end(2), {"lower": word.lower()})


@cache
def _doubled(rule_id: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’&-])([^\W\d_]+)[ \t]+(\1)(?![\w'’&-])", re.IGNORECASE)  # "at AT&T"


INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")


def _token_before(text: str, end: int) -> str:
    r"""The word (dots kept) that a "." at end - 1 closes, lower case, without trailing dots:
    group 1 of `([\w.]+)\.$` searched in text[:end], lowered and stripped ("" if none)."""
    if text[end - 1] != ".":
        return ""
    start = end - 1
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):  # what re calls [\w.]
        start -= 1
    return text[start:end - 1].lower().rstrip(".")


def may_double(text: str) -> bool:
    """False only when no word can be directly repeated: in ASCII text, no two neighbouring
    letter runs are the same in lower case (a cheap test before the back-reference regex)."""
    runs = ascii_letter_runs(text)
    return runs is None or any(map(str.__eq__, runs, runs[1:]))


@text_check("broken-punctuation", data=("marks", "abbreviations", "doubled_ok"), values=("repair",))
def broken_punctuation(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    abbreviations = data_words(spec.id, "abbreviations")
    doubled_ok = data_words(spec.id, "doubled_ok")
    for name, text in view.fields.items():
        for match in _compiled(spec.id, "marks").finditer(text):
            mark = match.group()
            token = _token_before(text, match.start() + 1)
            if mark.startswith(".") and token in abbreviations:
                continue  # "etc.," "Inc.,"
            if mark.startswith((".,", ".;")) and INITIALS.fullmatch(token):  # "J.," "D.C.,"
                continue
            repair = mark[-1] if mark[0] in ",;" else mark[0]
            yield Hit(name, match.start(), match.end(), {"repair": repair})
        if may_double(text):
            for match in _doubled(spec.id).finditer(text):
                if match.group(1).lower() in doubled_ok:
                    continue
                yield Hit(name, match.start(), match.end(), {"repair": match.group(1)})


@text_check("misplaced-voice", data=("phrases", "exceptions", "frames"))
def misplaced_voice(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    openings = _highlight_openings(tuple(view.notes.notes.highlights))
    for name, text in view.fields.items():
        folded = fold(text)
        found = [m.span() for m in spec.matcher.finditer(folded, alnum_words(folded))]
        if openings:  # a frame that goes on to quote one of the candidate's own highlights
            for frame in _compiled(spec.id, "frames").finditer(text):
                after = " ".join(LETTERS.findall(text[frame.end():frame.end() + 80].lower())[:3])
                if len(after.split()) == 3 and after in openings and not any(s <= frame.start() < e for s, e in found):
                    found.append((frame.start(), frame.end() + len(text[frame.end():frame.end() + 120].split(".")[0])))
        for start, end in found:
            yield Hit(name, start, end)


LETTERS = re.compile(r"[^\W\d_]+|\d+")


@cache
def _highlight_openings(highlights: tuple[str, ...]) -> frozenset[str]:
    """The first three words of each highlight, as "I led the ..." loses its "I" in a frame."""
    out = set()
    for text in highlights:
        words = LETTERS.findall(text.lower())
        if words and words[0] in ("i", "we"):
            words = words[1:]
        if len(words) >= 3:
            out.add(" ".join(words[:3]))
    return frozenset(out)

