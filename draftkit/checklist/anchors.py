"""Where a phrase can start: scan a text only at the words a match can begin with.

A phrase's regex is tried with `pattern.match(text, position)` at the few words its first token
allows, instead of being run over the whole text; a phrase none of whose first words is in the
text is never tried (nor compiled). Results are exactly what scanning the text would give.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from .phrases import (
    PLAIN_TOKEN,
    _closing_paren,
    _split_alternatives,
    _starts_with_word,
    _top_level_tokens,
    compile_phrases,
)
from .wordscan import ascii_runs

WORD_START = re.compile(r"(?<!\w)[^\W_]+")
STEM = re.compile(r"[a-z0-9]+")
# a group that starts with a separator, optionally repeated: "( [^\s.?!,;:]+){0,3}?"
_SPACED = r"\( [^()|]*\)(?:\{\d*,?\d*\}|[?*+])?\??"
SPACED_GROUP = re.compile(_SPACED)
SPACED_TAIL = re.compile(_SPACED + "$")


class Words:
    """The words of one lower-cased text: where each word starts and its first run of letters and
    digits ("i'm" starts the run "i"), and which words answer to each anchor key (see `keys`).

    A text holds many words but a rule asks about a few keys: each key's words are gathered when
    first asked for."""

    __slots__ = ("runs", "at", "_by_run", "_keys", "_found")

    def __init__(self, lowered: str):
        fast = ascii_runs(lowered)
        if fast is not None:
            self.runs, self.at = fast
        else:
            self.runs = WORD_START.findall(lowered)
            self.at = [m.start() for m in WORD_START.finditer(lowered)] if self.runs else []
        self._by_run: dict[str, list[int]] | None = None
        self._keys: frozenset[str] | None = None
        self._found: dict[str, list[int]] = {}

    @property
    def by_run(self) -> dict[str, list[int]]:
        """Each run with the indices in `runs` of its words, in order."""
        if self._by_run is None:
            by_run: dict[str, list[int]] = {}
            for index, run in enumerate(self.runs):
                by_run.setdefault(run, []).append(index)
            self._by_run = by_run
        return self._by_run

    @property
    def key_set(self) -> frozenset[str]:
        """Every anchor key some word answers to."""
        if self._keys is None:
            runs = self.by_run
            self._keys = frozenset(["=" + run for run in runs] + [">" + run[:3] for run in runs]
                                   + ["<" + run[0] for run in runs])
        return self._keys

    def indices(self, key: str) -> list[int]:
        """The indices in `runs` of the words answering to a key (one of `key_set`), in order."""
        if key[0] == "=":
            return self.by_run.get(key[1:], [])
        found = self._found.get(key)
        if found is None:
            prefix, size = key[1:], 3 if key[0] == ">" else 1
            lists = [indices for run, indices in self.by_run.items() if run[:size] == prefix]
            found = lists[0] if len(lists) == 1 else sorted(i for indices in lists for i in indices)
            self._found[key] = found
        return found

    def next_fits(self, index: int, second: frozenset[str] | None) -> bool:
        """Whether the word after word `index` answers to one of the keys (always, with no keys)."""
        if second is None:
            return True
        if index + 1 >= len(self.runs):
            return False
        return not second.isdisjoint(keys(self.runs[index + 1]))


def keys(run: str) -> tuple[str, str, str]:
    """The anchor keys a word with this first run answers to: the whole run ("=run"), its first
    three characters (">run") and its first one ("<r")."""
    return "=" + run, ">" + run[:3], "<" + run[0]


@lru_cache(maxsize=512)
def words_of(lowered: str) -> Words:
    return Words(lowered)


def _word_anchor(word: str, whole: bool) -> str | None:
    """The anchor key every match of one phrase word starts on (`whole`: nothing but a separator
    or the phrase's end can follow the word), or None when it cannot be known."""
    spaced = SPACED_TAIL.search(word)
    if spaced and spaced.start() > 0 and SPACED_GROUP.fullmatch(word, spaced.start()):
        word, whole = word[: spaced.start()], True  # "would( [^\s]+){0,2}?": a separator follows
    if PLAIN_TOKEN.fullmatch(word):
        run = STEM.match(word).group()
        if whole or len(run) < len(word):  # "i'm": the run ends at the apostrophe
            return "=" + run
        return ">" + run[:3] if len(run) >= 3 else "<" + run[0]
    stem = STEM.match(word)
    if stem is None:
        return None
    stem_text = stem.group()
    if word[stem.end():stem.end() + 1] in ("?", "*", "{"):  # "debts?": the last letter may be missing
        stem_text = stem_text[:-1]
    if not stem_text:
        return None
    return ">" + stem_text[:3] if len(stem_text) >= 3 else "<" + stem_text[0]


def _without_optional_lead(phrase: str, at_start: bool) -> list[str] | None:
    """The phrases one that opens with an optional group stands for: the group's each alternative
    followed by the rest, and the rest alone (when a match can start there), or None."""
    if not phrase.startswith("(") or phrase[1:2] == "?":
        return None
    close = _closing_paren(phrase)
    if close < 0 or phrase[close + 1:close + 2] != "?":
        return None
    rest = phrase[close + 2:].removeprefix("?")  # "(...)??" is optional too
    if rest.startswith(" ?"):  # "(i|we)? ?need": "weneed" matches too; write "((i|we) )?need"
        return None
    variants = [alternative + rest for alternative in _split_alternatives(phrase[1:close])]
    if not rest.startswith(" "):
        variants.append(rest)
    elif not at_start:  # only a phrase's start cannot be a separator (compile_phrases' lookahead)
        return None
    return variants


def anchor_runs(phrase: str, at_start: bool = True) -> frozenset[str] | None:
    """The anchor keys one of which every match of the phrase starts on, if that can be known:
    when the phrase starts with a word, with a group whose alternatives each start with one, or
    with an optional group (the keys of each way the phrase can begin). `at_start`: the phrase
    starts a match (compile_phrases lets no match start on an apostrophe or a separator), rather
    than following another token."""
    if not _starts_with_word(phrase) or len(_split_alternatives(phrase.strip())) > 1:
        return None
    variants = _without_optional_lead(phrase.strip(), at_start)
    if variants is not None:
        found: set[str] = set()
        for variant in variants:
            anchors = anchor_runs(variant, at_start) if _starts_with_word(variant) or not at_start else frozenset()
            if anchors is None:
                return None
            found |= anchors
        return frozenset(found)
    tokens = _top_level_tokens(phrase)
    if not tokens:
        return None
    first = tokens[0]
    if not first.startswith("("):
        anchor = _word_anchor(first, whole=True)
        return frozenset({anchor}) if anchor else None
    close = _closing_paren(first)
    if close < 0 or first[close + 1:close + 2] in ("?", "*", "{") or first[1:2] == "?":
        return None  # an optional group, or a lookaround / non-capturing group
    whole = close == len(first) - 1 or bool(SPACED_GROUP.fullmatch(first, close + 1))
    anchors = set()
    for alternative in _split_alternatives(first[1:close]):
        words = _top_level_tokens(alternative)
        if not words or alternative[:1].isspace():
            return None
        if not _starts_with_word(alternative):  # "'d": no match starts on it, but one may go on with it
            if at_start:
                continue
            return None
        anchor = _word_anchor(words[0], whole=whole or len(words) > 1)
        if anchor is None:
            return None
        anchors.add(anchor)
    return frozenset(anchors)


def second_anchor(phrase: str) -> frozenset[str] | None:
    """The anchor keys the word after the first must answer to, when the phrase's first token is one
    plain word or a group of plain words (so the second token starts at the next word), if known."""
    if anchor_runs(phrase) is None:
        return None
    tokens = _top_level_tokens(phrase)
    first = tokens[0]
    words = _split_alternatives(first[1:-1]) if first.startswith("(") and _closing_paren(first) == len(first) - 1 else [first]
    if len(tokens) < 2 or not all(re.fullmatch(r"[a-z0-9]+", w) for w in words):
        return None
    return anchor_runs(" ".join(tokens[1:]), at_start=False)


_SINGLE: dict[str, re.Pattern[str]] = {}


def single_pattern(phrase: str) -> re.Pattern[str]:
    """One phrase compiled on its own (once per process)."""
    pattern = _SINGLE.get(phrase)
    if pattern is None:
        pattern = _SINGLE[phrase] = compile_phrases([phrase])
    return pattern


def anchored_matches(phrase: str, anchors: frozenset[str], text: str,
                     second: frozenset[str] | None = None, found_words: Words | None = None) -> list[re.Match[str]]:
    """What finditer of one phrase's pattern finds in lower-cased text, trying only its anchors
    (and, given `second`, only where the next word answers to those keys); `found_words` is
    `words_of(text)`, when the caller has it."""
    if found_words is None:
        found_words = words_of(text)
    present = anchors & found_words.key_set
    if not present:
        return []
    if len(present) == 1:
        indices = found_words.indices(next(iter(present)))
    else:  # a word can answer to two keys ("=want", ">wan"): each tried once
        indices = sorted({i for key in present for i in found_words.indices(key)})
    if second is not None:
        indices = [i for i in indices if found_words.next_fits(i, second)]
    if not indices:
        return []
    pattern = single_pattern(phrase)
    at = found_words.at
    found, after = [], 0
    for index in indices:
        position = at[index]
        if position < after:
            continue
        match = pattern.match(text, position)
        if match is not None:
            found.append(match)
            after = match.end()
    return found


class Alternation:
    """What the alternation `compile_phrases(phrases)` finds with finditer, tried only at the words
    its alternatives can start with: at each word, the first alternative (in the alternation's
    order) that matches wins, and the next word tried is past the match."""

    def __init__(self, phrases: list[str]):
        self.ordered = sorted(set(phrases), key=len, reverse=True)  # the order compile_phrases gives
        anchors = [anchor_runs(p) for p in self.ordered]
        self.known = all(a is not None for a in anchors)  # else the caller scans as before
        self.second = [second_anchor(p) for p in self.ordered]
        self._by_key: dict[str, list[int]] = {}
        for i, found in enumerate(anchors):
            for key in found or ():
                self._by_key.setdefault(key, []).append(i)
        self._by_run: dict[str, list[int]] = {}

    def _alternatives(self, run: str) -> list[int]:
        chosen = self._by_run.get(run)
        if chosen is None:
            chosen = sorted({i for key in keys(run) for i in self._by_key.get(key, ())})
            if len(self._by_run) < 4096:
                self._by_run[run] = chosen
        return chosen

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        """Matches in lower-cased text (only when `known`), found as they are asked for."""
        after = 0
        text_words = words_of(text)
        at, runs = text_words.at, text_words.runs
        candidates = sorted({i for key in self._by_key.keys() & text_words.key_set for i in text_words.indices(key)})
        for index in candidates:
            position = at[index]
            if position < after:
                continue
            for i in self._alternatives(runs[index]):
                if not text_words.next_fits(index, self.second[i]):
                    continue
                match = single_pattern(self.ordered[i]).match(text, position)
                if match is not None:
                    yield match
                    after = match.end()
                    break
