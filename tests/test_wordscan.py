"""The fast word scans masking uses agree with the plain regex scans they replace, on varied texts."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from draftkit.checklist.context import NotesContext
from draftkit.checklist.examples import EXAMPLE_NOTES
from draftkit.checklist.phrasetext import _FOLD, MASK, fold, text_words
from draftkit.checklist.tokenmask import END, MASK_WORD, TokenMask
from draftkit.checklist.wordscan import (
    literal_spans,
    name_tokens,
    plain_runs,
    run_offsets,
    word_starts,
)
from draftkit.notes import parse_notes
from draftkit.textutil import STOPWORDS, WORD_RE, spaced, word_tokens
from draftkit.textutil import words as plain_words

TEXT_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)?")  # the phrase prefilter's word scan, as first written

VOCAB = ["data", "Quality", "checks", "on-call", "rotation", "Northwind", "Logistics", "the", "of", "Priya",
         "Raman", "don't", "rock'n'roll", "O'Brien", "Jean-Luc", "Dr.", "café", "İstanbul", "ſtraße", "x_y",
         "42", "3.5", "a-a-a", "Luc-Ann", "’tis", "a''b", "'quoted'", "Kafka", "migration", "ETL", "nightly", "batch"]
PIECES = [" ", "  ", "\n", ", ", ". ", "'", "’", "‘", "“", "”", "\u00a0", "‐", "‑", "-", "_", MASK, "(", ")", "é", "É",
          "İ", "ı", "ſ", "ß", "K", "\u212a", "9", "½"]
texts = st.lists(st.sampled_from(VOCAB + PIECES), max_size=40).map("".join) | st.lists(
    st.sampled_from(VOCAB), max_size=30).map(" ".join) | st.text(
    alphabet=st.sampled_from("abcAB09'’ _-.,\n" + MASK + "éİſß\u00a0"), max_size=60)
PHRASES = ["Northwind Logistics", "data quality checks", "the on-call rotation", "Priya Raman", "Dr. Raman",
           "don't panic", "(ETL)", "'quoted'", "café culture", "ſtraße", "rock'n'roll"]
FRAGMENTS = ["Northwind Logistics", "the nightly batch ETL and data quality checks", "Kafka migration of the ETL",
             "Jean-Luc's on-call rotation", "İstanbul office"]


def reference_finditer(phrases: set[str], fragments: list[str], text: str) -> list[tuple[int, int]]:
    """The walk as first written: every word a regex token, every position looked up."""
    trie, edges = reference_build(phrases, fragments)
    folded = fold(text)
    lowered = folded.lower()
    if len(lowered) != len(folded):
        matches = list(MASK_WORD.finditer(folded))
        words = [m.group().lower() for m in matches]
    else:
        matches = list(MASK_WORD.finditer(lowered))
        words = [m.group() for m in matches]
    spans, count, i = [], len(words), 0
    while i < count:
        node = trie.get(words[i])
        if node is None:
            i += 1
            continue
        size, j = (1 if END in node else 0), i + 1
        while j < count:
            node = node.get(words[j])
            if node is None:
                break
            j += 1
            if END in node:
                size = j - i
        if not size:
            i += 1
            continue
        start, end = matches[i].start(), matches[i + size - 1].end()
        for lead, trail in edges.get(tuple(words[i:i + size]), ()):
            if lead and fold(text[max(0, start - len(lead)):start]) == lead:
                start -= len(lead)
            if trail and fold(text[end:end + len(trail)]) == trail:
                end += len(trail)
        spans.append((start, end))
        i += size
    return spans


def reference_build(phrases: set[str], fragments: list[str]) -> tuple[dict, dict]:
    """The trie and edges as first built: regex tokens of the folded fragments and phrases."""
    trie: dict = {}
    edges: dict = {}
    for fragment in fragments:
        words = [w.lower() for w in WORD_RE.findall(fold(fragment))]
        content = [w not in STOPWORDS for w in words]
        for i, starts in enumerate(content):
            if not starts:
                continue
            node = trie
            for end in range(i, min(len(words), i + 6)):
                node = node.setdefault(words[end], {})
                if end + 1 - i >= 2 and content[end]:
                    node[END] = True
    for phrase in phrases:
        phrase = fold(phrase).strip()
        found = list(MASK_WORD.finditer(phrase))
        if found:
            tokens = tuple(m.group().lower() for m in found)
            node = trie
            for token in tokens:
                node = node.setdefault(token, {})
            node[END] = True
            lead, trail = phrase[: found[0].start()], phrase[found[-1].end():]
            if lead or trail:
                edges.setdefault(tokens, set()).add((lead, trail))
    return trie, edges


def ctx_phrases(ctx: NotesContext) -> tuple[set[str], list[str]]:
    """The phrases and fragments a notes file masks (as `NotesContext._mask_pattern` gathers them)."""
    notes = ctx.notes
    phrases = {notes.company, notes.role, *(p.name for p in notes.interviewers),
               *(p.salutation for p in notes.interviewers if p.salutation)}
    fragments = [notes.company, notes.role, *(t for p in notes.interviewers for t in p.topics), *notes.highlights]
    return phrases | set(fragments), fragments


def reference_mask(ctx: NotesContext, text: str) -> str:
    """Masking as first written: the phrase walk, then single-word names by one regex."""
    spans = reference_finditer(*ctx_phrases(ctx), text)
    notes = ctx.notes
    names = {notes.candidate.name, *(p.name for p in notes.interviewers)}
    singles = sorted({w for n in names for w in n.split() if len(w) > 1}, key=len, reverse=True)
    if singles:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, singles)) + r")(?!\w)")
        spans += [m.span() for m in pattern.finditer(text)]
    out = list(text)
    for start, end in spans:
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = MASK
    return "".join(out)


CONTEXT = NotesContext(parse_notes({**EXAMPLE_NOTES, "candidate": {"name": "Jean-Luc O'Brien"}}, source="t"))
MASKER = TokenMask(set(PHRASES), FRAGMENTS)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_fast_scans_match_the_regex_scans(text):
    assert fold(text) == text.translate(_FOLD)
    assert name_tokens(text) == re.findall(r"[\w'’-]+", text)
    tokens = WORD_RE.findall(text.lower().replace("’", "'"))
    assert set(plain_words(text)) == {t[:-2] if t.endswith("'s") else t for t in tokens}
    found = TEXT_WORDS.findall(text.lower())
    assert text_words.__wrapped__(text) == frozenset(found).union(*(w.split("'") for w in found))
    lowered = fold(text).lower()
    if lowered.isascii():
        for pattern in (MASK_WORD, TEXT_WORDS, WORD_RE):
            assert word_tokens(lowered, pattern) == pattern.findall(lowered)
        layout = spaced(lowered)
        if plain_runs(layout):
            offsets, runs = run_offsets(layout)
            assert layout.split() == MASK_WORD.findall(lowered)
            assert [offsets[r] + r for r in runs] == [m.start() for m in MASK_WORD.finditer(lowered)]
    if len(lowered) == len(text):
        words = MASK_WORD.findall(lowered)
        if words:
            assert word_starts(lowered, words, len(words) - 1) == [m.start() for m in MASK_WORD.finditer(lowered)]


@settings(max_examples=400, deadline=None)
@given(texts, st.lists(st.sampled_from(["Priya", "Raman", "O'Brien", "Jean-Luc", "Dr.", "Ann", "Anne", "x_y", "İş", "a-a", "Luc-Ann"]),
                       max_size=5, unique=True))
def test_literal_spans_match_the_alternation(text, literals):
    _compare_literal_spans(text, literals)


@pytest.mark.parametrize(("text", "literals"), [
    ("a-a-a and Jean-Luc-Ann", ["Jean-Luc", "Luc-Ann", "a-a"]), ("Anne Ann Annex", ["Anne", "Ann"]),
    ("Dr. Raman, Dr.Raman", ["Raman", "Dr."]),
])
def test_literal_spans_examples(text, literals):
    _compare_literal_spans(text, literals)


def _compare_literal_spans(text: str, literals: list[str]) -> None:
    literals = sorted(literals, key=len, reverse=True)
    expected = [m.span() for m in re.finditer(r"(?<!\w)(?:" + "|".join(map(re.escape, literals)) + r")(?!\w)", text)
                ] if literals else []
    assert literal_spans(text, literals) == expected


@settings(max_examples=400, deadline=None)
@given(texts)
def test_mask_matches_the_first_written_mask(text):
    assert TokenMask(set(PHRASES), FRAGMENTS).finditer(text) == reference_finditer(set(PHRASES), FRAGMENTS, text)
    assert NotesContext(CONTEXT.notes).mask(text) == reference_mask(CONTEXT, text)


@pytest.mark.parametrize("text", [
    "Hi Priya,\n\nThanks for the chat about data quality checks at Northwind Logistics.",
    "THE ON-CALL ROTATION and the nightly batch ETL; (ETL) and 'quoted' and don't panic",
    "rock'n'roll, rock’n’roll, ’quoted’ and ‘quoted’, Jean-Luc’s on-call rotation",
    "İstanbul office and ſtraße, café culture: CAFÉ CULTURE",
    "Northwind\nLogistics, Dr. Raman and Dr.Raman, Priya_Raman, x_y",
])
def test_mask_examples(text):
    assert TokenMask(set(PHRASES), FRAGMENTS).finditer(text) == reference_finditer(set(PHRASES), FRAGMENTS, text)
    assert NotesContext(CONTEXT.notes).mask(text) == reference_mask(CONTEXT, text)
    assert MASKER.finditer(text) == reference_finditer(set(PHRASES), FRAGMENTS, text)
    assert MASKER.finditer(text)  # every example masks something


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, max_size=4), st.lists(texts, max_size=4))
def test_trie_matches_the_first_written_build(phrases, fragments):
    mask = TokenMask(set(phrases), fragments)
    assert (mask.full_trie(), mask.edges) == reference_build(set(phrases), fragments)


def test_fixed_trie_matches_the_first_written_build():
    assert (TokenMask(set(PHRASES), FRAGMENTS).full_trie(), MASKER.edges) == reference_build(set(PHRASES), FRAGMENTS)
    assert MASKER.edges  # "(ETL)", "Dr. Raman", "'quoted'" keep their marks


def reference_capitalised_runs(notes) -> set[str]:
    """`NotesContext.capitalised_runs` as first written (a regex per text, every token looked at)."""
    names = [notes.company, notes.role, notes.candidate.name]
    for person in notes.interviewers:
        names += [person.name, person.title or "", person.salutation or ""]
    fragments = [*notes.highlights, *notes.concerns, notes.extra or ""]
    fragments += [t for p in notes.interviewers for t in p.topics]
    runs: set[str] = set()
    for text, skip_first in [(n, False) for n in names] + [(f, True) for f in fragments]:
        tokens = re.findall(r"[\w'’-]+", text)
        for i, token in enumerate(tokens):
            if (skip_first and i == 0) or not token[:1].isupper():
                continue
            runs.add(f"{token} {tokens[i + 1]}" if i + 1 < len(tokens) else token)
    return runs


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, min_size=8, max_size=8))
def test_notes_word_sets_match_the_first_written_ones(parts):
    person = SimpleNamespace(name=parts[0], title=parts[1], salutation=parts[2] or None, topics=parts[3:5])
    notes = SimpleNamespace(company=parts[5], role=parts[6], candidate=SimpleNamespace(name="Alex Kim"),
                            interviewers=[person], highlights=[parts[7]], concerns=[parts[4]], extra=parts[3])
    ctx = NotesContext.__new__(NotesContext)
    ctx.notes = notes
    assert ctx.capitalised_runs == reference_capitalised_runs(notes)
    job_text = " ".join([notes.role, notes.company, person.title, *person.topics])
    for domain in (["data"], ["quality", "kafka"], [w.lower() for w in parts[6].split()][:2]):
        assert ctx.mentions_any(domain) == bool(set(domain) & set(plain_words(job_text)))
