"""What the checklist knows from the notes: words to mask, names, topics, allowed figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from itertools import compress
from operator import itemgetter

from .. import textutil
from ..notes import Interviewer, Notes
from ..textutil import (
    BRACKETED,
    HONORIFICS,
    QUALIFIER,
    STOPWORDS,
    WORD_RE,
    content_words,
    first_name,
    latin_spelling,
)
from .literals import LiteralRuns, LiteralWords
from .numbers import figure_values
from .phrasetext import MASK
from .tokenmask import TokenMask
from .wordscan import literal_spans, name_tokens

MASK_BUDGET = 20_000  # notes characters whose words are masked (far more than real notes hold)
IGNORE_RE = re.compile(r"<!--\s*draftkit\s*:?\s*ignore\b\s*:?\s*(.*?)\s*-->", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class IgnoreComment:
    """An inline `<!-- draftkit: ignore RULE, RULE -->` in one field, and the rules it names."""

    field: str
    start: int
    end: int
    rules: tuple[str, ...]


def _names(match: re.Match[str]) -> tuple[str, ...]:
    return tuple(r.strip().lower() for r in re.split(r"[,\s]+", match.group(1)) if r.strip())


def _may_hold_comment(text: str) -> bool:
    """Whether IGNORE_RE can match: it starts with "<!--" and holds "draftkit" in some case."""
    return "<!--" in text and "draftkit" in text.lower()


def find_ignores(fields: dict[str, str]) -> list[IgnoreComment]:
    """Every ignore comment in a draft's fields."""
    return [IgnoreComment(name, m.start(), m.end(), _names(m))
            for name, text in fields.items() if _may_hold_comment(text) for m in IGNORE_RE.finditer(text)]


def blank_comments(text: str) -> tuple[str, set[str]]:
    """Blank out inline ignore comments (same length) and return the rules they name."""
    if not _may_hold_comment(text):
        return text, set()
    rules: set[str] = set()

    def _blank(match: re.Match[str]) -> str:
        rules.update(_names(match))
        return re.sub(r"[^\n]", " ", match.group())

    return IGNORE_RE.sub(_blank, text), rules


def strip_comments(text: str) -> str:
    """Remove inline ignore comments from text meant for a person."""
    return re.sub(r"[ \t]*" + IGNORE_RE.pattern + r"[ \t]*\n?", "", text, flags=re.IGNORECASE | re.DOTALL)


RECENT_CONTEXTS = 4  # contexts kept for reuse (one notes file is composed, then checked)
_RECENT: dict[str, NotesContext] = {}


def _content_key(notes: Notes) -> str:
    return notes.model_dump_json()


def _remember(ctx: NotesContext, key: str) -> None:
    _RECENT.pop(key, None)
    _RECENT[key] = ctx
    while len(_RECENT) > RECENT_CONTEXTS:
        del _RECENT[next(iter(_RECENT))]


@dataclass
class Person:
    """An interviewer as the rules see them."""

    name: str
    first: str
    last: str
    salutation: str | None
    topics: list[str]
    has_address: bool
    email: str | None = None

    @classmethod
    def of(cls, person: Interviewer) -> Person:
        return cls(
            person.name, person.first_name, person.last_name, person.salutation, person.topics,
            bool(person.address), person.email,
        )

    @cached_property
    def name_words(self) -> set[str]:
        words = {self.first.lower(), self.last.lower(), *(w.lower().strip(".") for w in self.name.split())}
        # "Hi Orit" to אורית שמעוני <orit.shimoni@…>: the Latin spelling their address shows
        words.update(latin.lower() for w in self.name.split()
                     if (latin := latin_spelling(w, self.email, self.name.replace(w, "").strip())))
        if self.salutation:
            words.update(w.lower().strip(".") for w in self.salutation.split()[1:])
        words |= {part for w in list(words) for part in WORD_RE.findall(w)}  # "jean-luc": jean, luc
        return {w for w in words if w and w not in HONORIFICS}


class NotesContext:
    """Everything the rules derive from one notes file, computed once."""

    def __init__(self, notes: Notes, key: str | None = None):
        self.notes = notes
        self.people = {p.name.casefold(): Person.of(p) for p in notes.interviewers}
        self.candidate_first = first_name(notes.candidate.name)
        # a draft's text findings by its content (the composer checks a draft, then write checks it again)
        self.text_findings: dict[tuple, tuple[object, list]] = {}
        _remember(self, key if key is not None else _content_key(notes))

    @classmethod
    def of(cls, notes: Notes) -> NotesContext:
        """The context of these notes: one built moments ago for the same content, else a new one."""
        key = _content_key(notes)
        found = _RECENT.get(key)
        if found is not None and (found.notes is notes or _content_key(found.notes) == key):  # not edited since
            return found
        return cls(notes, key)

    @cached_property
    def name_words(self) -> set[str]:
        """Every person's name words, the candidate's included (set aside when comparing drafts)."""
        words = {w for person in self.people.values() for w in person.name_words}
        return words | {w.lower() for w in self.notes.candidate.name.split()}

    def person(self, name: str) -> Person | None:
        return self.people.get(name.strip().casefold())

    @cached_property
    def _mask_pattern(self) -> TokenMask | None:
        """The notes' phrases and their runs of words, as one trie-shaped regex."""
        notes = self.notes
        phrases: set[str] = {notes.company, notes.role}
        for person in notes.interviewers:
            phrases.add(person.name)
            if person.salutation:
                phrases.add(person.salutation)
        budget = MASK_BUDGET  # characters of fragments masked: bounded time and memory for huge notes
        fragments = [notes.company, notes.role, *(t for p in notes.interviewers for t in p.topics), *notes.highlights]
        kept = []
        for text in fragments:
            if budget <= 0:
                break
            text = text[:budget]
            budget -= len(text)
            phrases.add(text)
            kept.append(text)
        masker = TokenMask(phrases, kept)
        return masker if masker else None

    @cached_property
    def _name_words(self) -> list[str]:
        """Single-word names, only when capitalised: "Hope" is a name, "hope" is not (longest first)."""
        notes = self.notes
        names = {notes.candidate.name, *(p.name for p in notes.interviewers)}
        return sorted({w for n in names for w in n.split() if len(w) > 1}, key=len, reverse=True)

    def mask(self, text: str) -> str:
        """The notes' own words replaced by a mask character, offsets unchanged."""
        if not text:
            return text
        spans = self._mask_pattern.finditer(text) if self._mask_pattern is not None else []
        if self._name_words:  # as whole words: (?<!\w)(?:Name|...)(?!\w)
            spans += literal_spans(text, self._name_words)
        if not spans:
            return text
        parts, last = [], 0
        for start, end in sorted(spans):
            if start < last:  # spans may overlap (a name inside a phrase)
                if end <= last:
                    continue
                start = last
            chunk = text[start:end]
            parts += [text[last:start], "\n".join(MASK * len(line) for line in chunk.split("\n"))
                      if "\n" in chunk else MASK * (end - start)]
            last = end
        parts.append(text[last:])
        return "".join(parts)

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

    @cached_property
    def capitalised_runs(self) -> set[str]:
        """Capitalised words the notes use as names ("Bank of The West"): each with its next word.

        A fragment's own first word ("Their move to weekend rotas") is not a name, so it is left out.
        """
        notes = self.notes
        names = [notes.company, notes.role, notes.candidate.name]
        for person in notes.interviewers:
            names += [person.name, person.title or "", person.salutation or ""]
        fragments = [*notes.highlights, *notes.concerns, notes.extra or ""]
        fragments += [t for p in notes.interviewers for t in p.topics]
        runs: set[str] = set()
        for text, skip_first in [(n, False) for n in names] + [(f, True) for f in fragments]:
            tokens = name_tokens(text)  # re.findall(r"[\w'’-]+", text): no token is empty
            last = len(tokens) - 1
            for i in compress(range(len(tokens)), map(str.isupper, map(itemgetter(0), tokens))):
                if i or not skip_first:
                    runs.add(f"{tokens[i]} {tokens[i + 1]}" if i < last else tokens[i])
        return runs

    @cached_property
    def name_starts(self) -> set[str]:
        """The first word of the company, the role and each person's name and title."""
        notes = self.notes
        texts = [notes.company, notes.role, *(p.name for p in notes.interviewers),
                 *(p.title or "" for p in notes.interviewers)]
        return {t.split()[0] for t in texts if t.split()}

    @cached_property
    def sorted_figures(self) -> list[float]:
        return sorted(self.allowed_figures)

    @cached_property
    def _job_words(self) -> set[str]:
        """The words of the role, company, titles and topics (`textutil.words`)."""
        notes = self.notes
        text = " ".join([notes.role, notes.company, *(p.title or "" for p in notes.interviewers),
                         *(t for p in notes.interviewers for t in p.topics)])
        return set(textutil.words(text))

    def mentions_any(self, words: list[str]) -> bool:
        """Whether the role, company, titles or topics use any of these words (a job's domain)."""
        return not self._job_words.isdisjoint(words)

    @cached_property
    def _company_runs(self) -> LiteralRuns | None:
        tokens = re.findall(r"[\w'’]+", self.notes.company)
        return LiteralRuns(tokens) if len(tokens) >= 2 else None

    def without_company(self, text: str) -> str:
        """Text with runs of the company's own name blanked (so "Hargrove & Pike" is no greeting)."""
        runs = self._company_runs
        return runs.blank(text) if runs else text

    @cached_property
    def company_pattern(self) -> LiteralWords:
        """The company's name or its first word, as a whole word in any case (`.search(text)`)."""
        return LiteralWords(self.company_words)

    @cached_property
    def role_words(self) -> list[str]:
        return content_words(self.notes.role)

    @cached_property
    def title_words(self) -> list[str]:
        """The role's title without its qualifier: "Electrician - commercial fit-outs" and
        "Science Teacher (Chemistry), Sec 1-4" are named as "the Electrician role", "the Science
        Teacher role", as people write them."""
        return content_words(QUALIFIER.split(BRACKETED.sub(" ", self.notes.role), maxsplit=1)[0])

    @cached_property
    def company_words(self) -> set[str]:
        tokens = re.findall(r"[\w'’&.-]+", self.notes.company)
        words = [w for w in tokens if w.lower() not in STOPWORDS]
        # its first word, the whole name, and any run of two or more of its words that starts and
        # ends on a content word ("the Institute of Environmental Sciences", "Leiden University")
        runs = {" ".join(tokens[i:j]) for i in range(len(tokens)) for j in range(i + 2, len(tokens) + 1)
                if tokens[i].lower() not in STOPWORDS and tokens[j - 1].lower() not in STOPWORDS}
        return {*words[:1], self.notes.company, *runs}  # LiteralWords lowers them
