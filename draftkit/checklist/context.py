"""What the checklist knows from the notes: words to mask, names, topics, allowed figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..notes import Interviewer, Notes
from ..textutil import HONORIFICS, STOPWORDS, WORD_RE, content_words, first_name
from ..textutil import words as plain_words
from .numbers import figure_values
from .phrases import MASK, SEPARATOR, CaselessPattern, fold

IGNORE_RE = re.compile(r"<!--\s*draftkit:\s*ignore\s+([\w\s,\-]+?)\s*-->", re.IGNORECASE)


def blank_comments(text: str) -> tuple[str, set[str]]:
    """Blank out inline ignore comments (same length) and return the rules they name."""
    rules: set[str] = set()

    def _blank(match: re.Match[str]) -> str:
        rules.update(r.strip().lower() for r in re.split(r"[,\s]+", match.group(1)) if r.strip())
        return " " * len(match.group())

    return IGNORE_RE.sub(_blank, text), rules


def strip_comments(text: str) -> str:
    """Remove inline ignore comments from text meant for a person."""
    return re.sub(r"[ \t]*" + IGNORE_RE.pattern + r"[ \t]*\n?", "", text, flags=re.IGNORECASE)


def trie_regex(phrases: list[list[str]]) -> str:
    """Literal token sequences as one regex shaped like a trie: shared prefixes are tried once."""
    trie: dict = {}
    for tokens in phrases:
        node = trie
        for token in tokens:
            node = node.setdefault(token, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = []
        for token in sorted((t for t in node if t), key=len, reverse=True):
            child = node[token]
            rest = build_children(child)
            branches.append(re.escape(token) + rest)
        return "(?:" + "|".join(branches) + ")" if branches else ""

    def build_children(child: dict) -> str:
        ends_here = "" in child
        deeper = build({k: v for k, v in child.items() if k})
        if not deeper:
            return r"(?!\w)"
        tail = f"(?:{SEPARATOR}{deeper})"
        return rf"(?:{tail}|(?!\w))" if ends_here else tail

    return build(trie)


def _ngrams(text: str, smallest: int = 2) -> set[str]:
    """Runs of two or more words that hold at least one content word."""
    tokens = [m.group() for m in WORD_RE.finditer(text)]
    grams = set()
    for size in range(smallest, min(len(tokens), 6) + 1):
        for i in range(len(tokens) - size + 1):
            gram = tokens[i : i + size]
            if any(t.lower() not in STOPWORDS for t in gram):
                if gram[0].lower() in STOPWORDS or gram[-1].lower() in STOPWORDS:
                    continue
                grams.add(" ".join(gram))
    return grams


@dataclass
class Person:
    """An interviewer as the rules see them."""

    name: str
    first: str
    last: str
    salutation: str | None
    topics: list[str]
    has_address: bool

    @classmethod
    def of(cls, person: Interviewer) -> Person:
        return cls(
            person.name, person.first_name, person.last_name, person.salutation, person.topics,
            bool(person.address),
        )

    @cached_property
    def name_words(self) -> set[str]:
        words = {self.first.lower(), self.last.lower(), *(w.lower().strip(".") for w in self.name.split())}
        if self.salutation:
            words.update(w.lower().strip(".") for w in self.salutation.split()[1:])
        words |= {part for w in list(words) for part in WORD_RE.findall(w)}  # "jean-luc": jean, luc
        return {w for w in words if w and w not in HONORIFICS}


class NotesContext:
    """Everything the rules derive from one notes file, computed once."""

    def __init__(self, notes: Notes):
        self.notes = notes
        self.people = {p.name.casefold(): Person.of(p) for p in notes.interviewers}
        self.candidate_first = first_name(notes.candidate.name)
        self._mentions: dict[tuple[str, ...], bool] = {}

    @cached_property
    def name_words(self) -> set[str]:
        """Every person's name words, the candidate's included (set aside when comparing drafts)."""
        words = {w for person in self.people.values() for w in person.name_words}
        return words | {w.lower() for w in self.notes.candidate.name.split()}

    def person(self, name: str) -> Person | None:
        return self.people.get(name.strip().casefold())

    @cached_property
    def _mask_pattern(self) -> CaselessPattern | None:
        """The notes' phrases and their runs of words, as one trie-shaped regex."""
        notes = self.notes
        phrases: set[str] = {notes.company, notes.role, *notes.highlights}
        for text in [notes.company, notes.role, *notes.highlights]:
            phrases |= _ngrams(fold(text))
        for person in notes.interviewers:
            phrases.add(person.name)
            if person.salutation:
                phrases.add(person.salutation)
            for topic in person.topics:
                phrases.add(topic)
                phrases |= _ngrams(fold(topic))
        token_lists = [fold(p).lower().split() for p in phrases if p and p.strip()]
        if not token_lists:
            return None
        return CaselessPattern(re.compile(r"(?<!\w)" + trie_regex(token_lists)))

    @cached_property
    def _name_pattern(self) -> re.Pattern[str] | None:
        """Single-word names, only when capitalised: "Hope" is a name, "hope" is not."""
        notes = self.notes
        names = {notes.candidate.name, *(p.name for p in notes.interviewers)}
        singles = sorted({w for n in names for w in n.split() if len(w) > 1}, key=len, reverse=True)
        if not singles:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, singles)) + r")(?!\w)")

    def mask(self, text: str) -> str:
        """The notes' own words replaced by a mask character, offsets unchanged."""
        spans = []
        for pattern in (self._mask_pattern, self._name_pattern):
            if pattern is not None:
                spans += [m.span() for m in pattern.finditer(text)]
        if not spans:
            return text
        chars = list(text)
        for start, end in spans:
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = MASK
        return "".join(chars)

    @cached_property
    def allowed_figures(self) -> set[float]:
        """Every figure the notes mention, plus the size of the panel."""
        notes = self.notes
        texts = [
            notes.company, notes.role, notes.extra or "", *notes.highlights, *notes.concerns,
            notes.candidate.name,
        ]
        for person in notes.interviewers:
            texts += [person.name, person.title or "", *person.topics]
        values = set()
        for text in texts:
            values |= {value for _, _, value in figure_values(text, exclude_context=False)}
        values.add(float(len(notes.interviewers)))
        return values

    def mentions_any(self, words: list[str]) -> bool:
        """Whether the role, company, titles or topics use any of these words (a job's domain)."""
        key = tuple(words)
        if key not in self._mentions:
            notes = self.notes
            text = " ".join([notes.role, notes.company, *(p.title or "" for p in notes.interviewers),
                             *(t for p in notes.interviewers for t in p.topics)])
            self._mentions[key] = bool(set(words) & set(plain_words(text)))
        return self._mentions[key]

    @cached_property
    def _company_runs(self) -> re.Pattern[str] | None:
        tokens = re.findall(r"[\w'’]+", self.notes.company)
        if len(tokens) < 2:
            return None
        alternatives = [r"[^\w]+".join(map(re.escape, tokens[i:j]))
                        for i in range(len(tokens)) for j in range(i + 2, len(tokens) + 1)]
        return re.compile("|".join(sorted(alternatives, key=len, reverse=True)), re.IGNORECASE)

    def without_company(self, text: str) -> str:
        """Text with runs of the company's own name blanked (so "Hargrove & Pike" is no greeting)."""
        pattern = self._company_runs
        return pattern.sub(lambda m: " " * len(m.group()), text) if pattern else text

    @cached_property
    def company_pattern(self) -> re.Pattern[str]:
        alternatives = sorted(self.company_words, key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)", re.IGNORECASE)

    @cached_property
    def role_words(self) -> list[str]:
        return content_words(self.notes.role)

    @cached_property
    def company_words(self) -> set[str]:
        words = [w for w in re.findall(r"[\w'’&.-]+", self.notes.company) if w.lower() not in STOPWORDS]
        return {w.lower() for w in words[:1]} | {self.notes.company.lower()}
