"""The notes' words as a trie matched word by word: what masking hides in a draft's text."""

from __future__ import annotations

import re
from itertools import compress

from ..textutil import STOPWORDS, WORD_RE, spaced, word_tokens
from .phrasetext import fold
from .wordscan import plain_runs, run_offsets, word_starts

END = ""  # a trie node's key marking that a phrase ends there (a word is never empty)


def _ngram_starts(sources: dict[str, list], text: str) -> None:
    """Note where the text's runs of two to six words (lower case) that start and end on a content
    word begin: each content word, with the text's words (`TokenMask._subtrie` adds the runs)."""
    words = word_tokens(text.lower(), WORD_RE) if text.isascii() else [w.lower() for w in WORD_RE.findall(text)]
    content = [w not in STOPWORDS for w in words]
    source = (words, content)
    for i, starts in enumerate(content):
        if starts:
            known = sources.get(words[i])
            if known is None:
                sources[words[i]] = [(source, i)]
            else:
                known.append((source, i))


MASK_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
NOT_WORD = "".join(chr(c) for c in range(128) if not chr(c).isalnum())  # ASCII around a phrase's words


class TokenMask:
    """The notes' phrases as a trie of words, matched leftmost and longest first by walking it (no
    regex to build: a folder of notes files pays a few microseconds per phrase, not a compile)."""

    def __init__(self, phrases: set[str], fragments: list[str] = ()):
        self.trie: dict = {}  # word -> next words ...; END marks where a phrase ends
        self.edges: dict[tuple[str, ...], set[tuple[str, str]]] = {}  # marks around the words: "{% x %}"
        # what starts at each first word: ((words, content flags), i) for runs of the notes' words, or
        # ((tokens, None), 0) for a whole phrase; its branch of the trie is built when a text has it
        self._sources: dict[str, list] = {}
        for fragment in fragments:
            _ngram_starts(self._sources, fold(fragment))
        for phrase in phrases:
            phrase = fold(phrase or "").strip()
            if phrase.isascii():  # a token starts and ends on a letter or digit, and holds them all
                tokens = tuple(word_tokens(phrase.lower(), MASK_WORD))
                first, last = len(phrase) - len(phrase.lstrip(NOT_WORD)), len(phrase.rstrip(NOT_WORD))
            else:
                words = list(MASK_WORD.finditer(phrase))
                tokens = tuple(w.group().lower() for w in words)
                first, last = (words[0].start(), words[-1].end()) if words else (0, 0)
            if tokens:
                self._sources.setdefault(tokens[0], []).append(((tokens, None), 0))
                lead, trail = phrase[:first], phrase[last:]
                if lead or trail:
                    self.edges.setdefault(tokens, set()).add((lead, trail))

    def _subtrie(self, word: str) -> dict:
        """The trie's branch for a first word (one of `_sources`), built on first use."""
        root = self.trie.get(word)
        if root is not None:
            return root
        root = self.trie[word] = {}
        for (words, content), i in self._sources[word]:
            node = root
            if content is None:  # a whole phrase
                for token in words[1:]:
                    child = node.get(token)
                    if child is None:
                        child = node[token] = {}
                    node = child
                node[END] = True
                continue
            for end in range(i + 1, min(len(words), i + 6)):  # a run of two to six words
                child = node.get(words[end])
                if child is None:
                    child = node[words[end]] = {}
                node = child
                if content[end]:
                    node[END] = True
        return root

    def full_trie(self) -> dict:
        """Every branch of the trie (for tests)."""
        for word in self._sources:
            self._subtrie(word)
        return self.trie

    def __bool__(self) -> bool:
        return bool(self._sources)

    def finditer(self, text: str) -> list[tuple[int, int]]:
        """Spans of the text that spell one of the phrases, leftmost and longest first."""
        folded = fold(text)
        lowered = folded.lower()
        if len(lowered) != len(folded):  # a character whose lower case changes length
            matches = list(MASK_WORD.finditer(folded))
            words = [m.group().lower() for m in matches]
        elif lowered.isascii():
            matches, layout = None, spaced(lowered)
            words = layout.split()
            if not plain_runs(layout):  # an apostrophe that is no word's middle
                words, layout = word_tokens(lowered, MASK_WORD), None
        else:
            matches, layout, words = None, None, MASK_WORD.findall(lowered)
        sources, edges, trie = self._sources, self.edges, self.trie
        if sources.keys().isdisjoint(words):
            return []
        found, count, after = [], len(words), 0
        for i in list(compress(range(count), map(sources.__contains__, words))):  # where a phrase may start
            if i < after:
                continue
            node = trie.get(words[i])
            if node is None:
                node = self._subtrie(words[i])
            size, j = (1 if END in node else 0), i + 1
            while j < count:
                node = node.get(words[j])
                if node is None:
                    break
                j += 1
                if END in node:
                    size = j - i
            if size:
                found.append((i, i + size - 1))
                after = i + size
        if not found:
            return []
        if matches is None:
            if layout is not None:
                offsets, runs = run_offsets(layout)
                bounds = [(offsets[runs[i]] + runs[i], offsets[runs[k]] + runs[k] + len(words[k])) for i, k in found]
            else:
                starts = word_starts(lowered, words, found[-1][1])
                bounds = [(starts[i], starts[k] + len(words[k])) for i, k in found]
        else:
            bounds = [(matches[i].start(), matches[k].end()) for i, k in found]
        if not edges:
            return bounds
        spans = []
        for (i, k), (start, end) in zip(found, bounds, strict=True):
            for lead, trail in edges.get(tuple(words[i:k + 1]), ()):
                if lead and fold(text[max(0, start - len(lead)):start]) == lead:
                    start -= len(lead)
                if trail and fold(text[end:end + len(trail)]) == trail:
                    end += len(trail)
            spans.append((start, end))
        return spans
