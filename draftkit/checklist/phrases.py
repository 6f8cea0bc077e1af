"""Phrase lists as data: compile them into case-insensitive, punctuation-tolerant matchers."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator
from functools import cached_property

from .phrasetext import MASK, MODIFIER_RE, lowered_forms, relax, text_words

# A space in a phrase matches any run of separators, but never a masked span.
SEPARATOR = rf"(?:[^\w{MASK}]+|(?='))"
def _phrase_body(phrase: str) -> str:
    """Regex syntax with each space (outside a [class]) turned into a flexible separator."""
    out, in_class, prev_space = [], False, False
    for char in phrase.strip():
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        if char == " " and not in_class:
            if not prev_space:
                out.append(SEPARATOR)
            prev_space = True
            continue
        prev_space = False
        out.append(char)
    end = r"(?!\w)" if re.search(r"[\w)?]$", phrase.strip()) else ""
    return "".join(out) + end


def _starts_with_word(phrase: str) -> bool:
    return bool(re.match(r"[\w(]", phrase.strip()))


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Every phrase in one alternation, longest first; the word-start check is done once."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    worded = [_phrase_body(p) for p in ordered if _starts_with_word(p)]
    other = [_phrase_body(p) for p in ordered if not _starts_with_word(p)]
    parts = []
    if worded:
        parts.append(r"(?<!\w)(?=\w|\()(?:" + "|".join(worded) + ")")
    parts += other
    return re.compile("|".join(parts)) if parts else None


class CaselessPattern:
    """A lower-case pattern run on lower-cased text: much faster than re.IGNORECASE."""

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        self._caseless: re.Pattern[str] | None = None  # compiled when first needed: it is rarely

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        lowered = text.lower()
        if len(lowered) == len(text):
            return self.pattern.finditer(lowered)
        if self._caseless is None:  # a character whose lower case changes length
            self._caseless = re.compile(self.pattern.pattern, re.IGNORECASE)
        return self._caseless.finditer(text)


def caseless(phrases: Iterable[str]) -> CaselessPattern | None:
    """Compile phrases for case-insensitive matching."""
    pattern = compile_phrases(phrases)
    return CaselessPattern(pattern) if pattern is not None else None


PLAIN_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _split_top_level(text: str, separator: str, brackets: str = "()[]") -> list[str]:
    """Split on `separator` where no bracket is open."""
    parts, depth, current = [], 0, []
    opening, closing = brackets[0::2], brackets[1::2]
    for char in text:
        depth += (char in opening) - (char in closing)
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _top_level_tokens(phrase: str) -> list[str]:
    return [t for t in _split_top_level(phrase.strip(), " ") if t]


def _split_alternatives(inner: str) -> list[str]:
    return _split_top_level(inner, "|", "()")


def _closing_paren(token: str) -> int:
    depth = 0
    for i, char in enumerate(token):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return i
    return -1


def _token_words(token: str) -> frozenset[str] | None:
    """The words one of which must appear for this token to match, when that can be known."""
    if PLAIN_TOKEN.fullmatch(token):
        return frozenset({token})
    hyphenated = re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", token)
    if hyphenated:
        return frozenset({max(token.split("-"), key=len)})
    suffix = re.fullmatch(r"([a-z0-9']+)\(([a-z|]+)\)(\?)?", token)
    if suffix:
        stem, alts, optional = suffix.groups()
        words = {stem + alt for alt in alts.split("|")}
        return frozenset(words | ({stem} if optional else set()))
    trailing = re.fullmatch(r"([a-z0-9']+)\[[^\]a-z0-9]*\]", token)  # "urgent[:!]"
    if trailing:
        return frozenset({trailing.group(1)})
    plural = re.fullmatch(r"([a-z0-9']+)([a-z])\?", token)
    if plural:
        return frozenset({plural.group(1), plural.group(1) + plural.group(2)})
    if token.startswith("(") and _closing_paren(token) == len(token) - 1:
        firsts = set()
        for alt in _split_alternatives(token[1:-1]):
            first = alt.strip().split(" ")[0]
            if not PLAIN_TOKEN.fullmatch(first):
                return None
            firsts.add(first)
        return frozenset(firsts)
    return None


def token_words(phrase: str) -> tuple[frozenset[str], ...]:
    """For each top-level token whose words are known, the words one of which a match holds."""
    return tuple(w for w in (_token_words(t) for t in _top_level_tokens(phrase)) if w)


def required_words(phrase: str) -> frozenset[str] | None:
    """Words one of which every match of the phrase contains (the rarest such set), if known."""
    options = [w for w in (_token_words(t) for t in _top_level_tokens(phrase)) if w]
    if not options:
        return None
    return min(options, key=lambda ws: (sum(w in COMMON for w in ws), len(ws), -min(map(len, ws))))


COMMON = frozenset("""a an the i me my you your we our to of in on at by for with about and or is are was
be been am it this that as so do did have has had not no can could would will should may might""".split())


FEW = 6  # phrases scanned one by one; more than this, the whole list is scanned in one pass…
LONG_TEXT = 20_000  # …when the text is at least this long (short texts: compiling the list costs more)


def _names_modifier(phrase: str) -> bool:
    return bool(MODIFIER_RE.search(re.sub(r"[()|?\[\]]", " ", phrase)))


class _Split:
    """Phrases matched on relaxed text, and the few (naming a modifier) matched as written.

    Each part is tried only at the words its phrases can start with (anchors.Alternation), with
    the same result as one alternation; the alternation is compiled only for text it cannot read.
    """

    def __init__(self, phrases: list[str]):
        self._relaxed_phrases = [p for p in phrases if not _names_modifier(p)]
        self._literal_phrases = [p for p in phrases if _names_modifier(p)]

    @cached_property
    def relaxed(self) -> CaselessPattern | None:
        return caseless(self._relaxed_phrases)

    @cached_property
    def literal(self) -> CaselessPattern | None:
        return caseless(self._literal_phrases)

    @cached_property
    def _anchored(self) -> tuple[Alternation | None, Alternation | None] | None:
        parts = tuple(Alternation(p) if p else None for p in (self._relaxed_phrases, self._literal_phrases))
        return parts if all(part is None or part.known for part in parts) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        # tried only at the words a phrase can start with, lazily (the first match costs little);
        # a list with a phrase no anchor covers is scanned as one pattern
        cased = lowered_forms(text)
        if cased is not None and self._anchored is not None:
            relaxed, literal = self._anchored
            if literal is None:
                return relaxed.matches(cased[1])
            if relaxed is None:
                return literal.matches(cased[0])
            return heapq.merge(relaxed.matches(cased[1]), literal.matches(cased[0]), key=lambda m: m.start())
        if cased is not None:  # already lower-cased (once per text, for every rule)
            return iter(sorted(self.scan_lowered(*cased), key=lambda m: m.start()))
        if self.literal is None:
            return self.relaxed.finditer(relax(text))
        if self.relaxed is None:
            return self.literal.finditer(text)
        return iter(sorted([*self.relaxed.finditer(relax(text)), *self.literal.finditer(text)], key=lambda m: m.start()))

    def __bool__(self) -> bool:
        return bool(self._relaxed_phrases or self._literal_phrases)

    def scan_lowered(self, lowered: str, relaxed_lowered: str) -> list[re.Match[str]]:
        """Matches in text already lower-cased (same length as the original), relaxed and not."""
        found = []
        if self.relaxed is not None:
            found += self.relaxed.pattern.finditer(relaxed_lowered)
        if self.literal is not None:
            found += self.literal.pattern.finditer(lowered)
        return found


class PhraseMatcher:
    """Phrases that fire (modifiers allowed between their words), minus spans an exception overlaps.

    Each phrase is tried only on texts holding one of its required words, so a text is scanned by a
    small pattern of the few phrases it could match, not by the whole list.
    """

    def __init__(self, phrases: Iterable[str], exceptions: Iterable[str] = ()):
        self.phrases = tuple(dict.fromkeys(phrases))
        self._exception_phrases = list(exceptions)
        needed = [required_words(p) for p in self.phrases]
        self.needed = needed
        self.triggers: frozenset[str] | None = (
            None if None in needed else frozenset().union(*needed) if needed else frozenset()
        )
        self._single: dict[int, _Split] = {}
        self._always = tuple(i for i, need in enumerate(needed) if need is None)
        self._by_word: dict[str, list[int]] = {}
        for i, need in enumerate(needed):
            for word in need or ():
                self._by_word.setdefault(word, []).append(i)
        self._words = frozenset(self._by_word)
        # every other token's words too: a phrase whose words are not all in the text is not scanned
        self._all_needed = tuple(token_words(p) for p in self.phrases)
        # which phrases a text can match depends only on which of these words it holds
        self._known_words = frozenset().union(self._words, *(w for needs in self._all_needed for w in needs))
        self._chosen_by_present: dict[frozenset[str], list[int]] = {}
        self._subsets: dict[tuple[int, ...], _Split] = {}
        self._anchors = tuple(anchor_runs(p) for p in self.phrases)
        self._literal = tuple(_names_modifier(p) for p in self.phrases)
        self._second = tuple(second_anchor(p) for p in self.phrases)

    @cached_property
    def _exception_words(self) -> frozenset[str] | None:
        """Words one of which a text must hold for any exception to match, if known."""
        needed = [required_words(p) for p in self._exception_phrases]
        return None if None in needed else frozenset().union(*needed)

    @cached_property
    def exceptions(self) -> _Split | None:
        """The exceptions in one pattern (compiled on first use: only a match needs them)."""
        excepted = _Split(self._exception_phrases)
        return excepted if excepted else None

    @cached_property
    def pattern(self) -> _Split | None:
        """Every phrase in one pass (compiled on first use: most texts need only a few phrases)."""
        return _Split(list(self.phrases)) if self.phrases else None

    def _chosen_for(self, words: frozenset[str]) -> list[int]:
        """The phrases a text with these words can match (none when it holds no trigger)."""
        if not self.phrases or (self.triggers is not None and self._words.isdisjoint(words)):
            return []
        return self._choose(self._known_words & words)

    def _exceptions_could_match(self, words: frozenset[str]) -> bool:
        """False when the text holds none of the words every exception needs one of."""
        needed = self._exception_words
        return needed is None or not needed.isdisjoint(words)

    def _choose(self, present: frozenset[str]) -> list[int]:
        """The phrases (in order) a text holding exactly these of the matcher's words can match:
        one of each phrase's required words, and one word of each of its known tokens."""
        chosen = self._chosen_by_present.get(present)
        if chosen is None:
            candidates = set(self._always)
            for word in present & self._words:
                candidates.update(self._by_word[word])
            chosen = sorted(i for i in candidates if all(not need.isdisjoint(present) for need in self._all_needed[i]))
            if len(self._chosen_by_present) >= 4096:
                self._chosen_by_present.clear()
            self._chosen_by_present[present] = chosen
        return chosen

    def _pattern_of(self, chosen: list[int]) -> _Split:
        """The chosen phrases in one pass (the others cannot match: leaving them out changes nothing)."""
        if len(chosen) == len(self.phrases):
            return self.pattern
        key = tuple(chosen)
        split = self._subsets.get(key)
        if split is None:
            if len(self._subsets) >= 64:
                self._subsets.clear()
            split = self._subsets[key] = _Split([self.phrases[i] for i in chosen])
        return split

    def _compiled(self, i: int) -> _Split:
        split = self._single.get(i)
        if split is None:
            split = self._single[i] = _Split([self.phrases[i]])
        return split

    def _each(self, chosen: list[int], text: str) -> Iterator[list[re.Match[str]]]:
        """Each chosen phrase's matches in turn, each compiled once on first use."""
        cased = lowered_forms(text)
        if cased is None:
            for i in chosen:
                yield list(self._compiled(i).finditer(text))
            return
        lowered, relaxed = cased
        words = {False: words_of(relaxed), True: words_of(lowered)}
        for i in chosen:
            anchors, literal = self._anchors[i], self._literal[i]
            if anchors is None:
                yield self._compiled(i).scan_lowered(lowered, relaxed)
            else:
                yield anchored_matches(self.phrases[i], anchors, lowered if literal else relaxed,
                                       self._second[i], words[literal])

    def _scan(self, chosen: list[int], text: str) -> list[re.Match[str]]:
        """Matches of the chosen phrases in text order."""
        found = [match for matches in self._each(chosen, text) for match in matches]
        if len(found) > 1:
            found.sort(key=lambda m: (m.start(), -m.end()))
        kept, last_end = [], -1
        for match in found:  # leftmost, longest, not overlapping: what one alternation would give
            if match.start() >= last_end:
                kept.append(match)
                last_end = match.end()
        return kept

    def finditer(self, text: str, words: frozenset[str] | None = None) -> Iterator[re.Match[str]]:
        """Matches in already folded/masked text; `words` (text_words of it) lets it skip early."""
        if words is None:
            words = text_words(text)
        chosen = self._chosen_for(words)
        if not chosen:
            return
        blocked: list[tuple[int, int]] | None = None
        # a few phrases or a short text: scan for each (compiled singly, once); many phrases on a
        # long text: one pass of the whole list is cheaper
        few = len(chosen) <= FEW or len(text) < LONG_TEXT
        matches = self._scan(chosen, text) if few else self._pattern_of(chosen).finditer(text)
        for match in matches:
            start, end = match.span()
            if start == end:
                continue
            if self.exceptions is not None:
                if blocked is None:
                    could = self._exceptions_could_match(words)
                    blocked = [m.span() for m in self.exceptions.finditer(text)] if could else []
                if any(s < end and start < e for s, e in blocked):
                    continue
            yield match

    def fires(self, text: str, words: frozenset[str] | None = None) -> bool:
        """Whether any phrase survives in the text: `search(text) is not None`, stopping at the first
        phrase that matches when no exception can (the leftmost match is always kept, on a text of
        any length)."""
        if words is None:
            words = text_words(text)
        chosen = self._chosen_for(words)
        if not chosen:
            return False
        blockable = self.exceptions is not None and self._exceptions_could_match(words)
        if blockable and next(iter(self.exceptions.finditer(text)), None) is not None:  # one may block a match
            return self.search(text) is not None
        # nothing blocks: search finds a match exactly when some phrase matches (the leftmost of
        # the overlapping ones is kept), so stop at the first phrase that does
        return any(m.end() > m.start() for matches in self._each(chosen, text) for m in matches)

    def search(self, text: str) -> re.Match[str] | None:
        """The first surviving match, if any."""
        return next(self.finditer(text), None)


from .anchors import Alternation, anchor_runs, anchored_matches, second_anchor, words_of  # noqa: E402  (anchors reads this module)
