"""Trying phrases only where they can start finds exactly what scanning the whole text finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from draftkit.checklist import numbers
from draftkit.checklist import phrases as phrases_module
from draftkit.checklist.anchors import (
    WORD_START,
    Alternation,
    Words,
    anchor_runs,
    anchored_matches,
    second_anchor,
    single_pattern,
)
from draftkit.checklist.catalog import catalog
from draftkit.checklist.corpus import load_cases
from draftkit.checklist.phrases import compile_phrases
from draftkit.checklist.phrasetext import MASK, MODIFIER_RE, relax

ROOT = Path(__file__).resolve().parent.parent
LISTS = ("phrases", "exceptions", "withdrawal", "casual_markers", "stiff_markers")


def _texts() -> list[str]:
    drafts = [d for case in load_cases(ROOT / "evals") for d in case.drafts]
    texts = [d.body for d in drafts][::2] + [d.voicemail for d in drafts if d.voicemail]
    for spec in catalog().values():
        for example in spec.examples_fire + spec.examples_pass:
            texts.append(example if isinstance(example, str) else example.get("body", ""))
    rng = random.Random(7)
    variants = []
    for text in texts[::5]:  # masked words, brackets, underscores, apostrophes, doubled spaces
        words = list(re.finditer(r"\w+", text))
        if words:
            word = rng.choice(words)
            variants.append(text[: word.start()] + MASK * len(word.group()) + text[word.end():])
        variants += [text.replace(" ", " (", 3), text.replace(" ", "_", 2), text.replace(" ", "  "),
                     text.replace("I ", "I'm I ").replace(" a ", " a'")]
    return [t.lower() for t in texts + variants if t]


TEXTS = _texts()
RULE_LISTS = [(rule_id, key) for rule_id, spec in catalog().items() for key in LISTS if spec.data.get(key)]


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@pytest.mark.parametrize(("rule_id", "key"), RULE_LISTS)
def test_each_phrase_tried_at_its_anchors_finds_what_a_scan_finds(rule_id, key):
    phrases = catalog()[rule_id].data[key]
    anchored = [(p, anchor_runs(p), second_anchor(p)) for p in phrases]
    assert sum(a is not None for _, a, _ in anchored) >= len(phrases) // 2  # most phrases are anchored
    for text in TEXTS:
        relaxed = relax(text)
        for phrase, anchors, second in anchored:
            if anchors is None:
                continue
            for variant in (text, relaxed):
                scanned = _spans(single_pattern(phrase).finditer(variant))
                assert _spans(anchored_matches(phrase, anchors, variant, second)) == scanned, (phrase, variant)


@pytest.mark.parametrize(("rule_id", "key"), RULE_LISTS)
def test_a_list_tried_at_its_anchors_finds_what_its_alternation_finds(rule_id, key):
    phrases = catalog()[rule_id].data[key]
    alternation = Alternation(phrases)
    if not alternation.known:
        pytest.skip("a phrase in this list has no anchor: the list is scanned")
    pattern = compile_phrases(phrases)
    for text in TEXTS:
        assert _spans(alternation.matches(text)) == _spans(pattern.finditer(text)), text


@pytest.mark.parametrize(("phrase", "anchors"), [
    ("asap", {"=asap"}),
    ("i'm waiting", {"=i"}),
    ("debts? due", {">deb"}),
    ("e-?mail me", {"<e"}),
    ("want(s|ed)? to", {">wan"}),
    ("(a|b)(s|ed) x", {"<a", "<b"}),
    ("(i|i'm|i am)( [^\\s.?!,;:]+){0,3}? want", {"=i"}),
    ("would( [^\\s.?!,;:]+){0,2}? (love|like)", {"=would"}),
    ("(i|we)? need", {"=i", "=we"}),  # an optional first group: a match cannot start on " need"
    ("(very |really )?keen", {"=very", "=really", "=keen"}),
    ("((may|might) )?not", {"=may", "=might", "=not"}),
    ("(would|'d) love", {"=would"}),  # no match starts on an apostrophe
    ("(i|we)? ?need", None),  # "weneed" matches: scanned
    ("(?!no)\\w+ thanks", None),  # lookaround first: scanned
    ("a b|c d", None),  # a top-level alternation: scanned
    ("( a|b) c", None),  # an alternative that starts with a separator: scanned
    ("!!", None),
])
def test_anchor_keys_of_phrase_shapes(phrase, anchors):
    assert anchor_runs(phrase) == (frozenset(anchors) if anchors is not None else None)


@pytest.mark.parametrize("phrase", ["asap", "i'm waiting", "debts? due", "e-?mail me", "want(s|ed)? to",
                                    "(a|b)(s|ed) x", "(i|i'm|i am)( [^\\s.?!,;:]+){0,3}? want",
                                    "would( [^\\s.?!,;:]+){0,2}? (love|like)", "(any|an) (news|update)s? yet",
                                    "(very |really )?keen", "(i|we)? need", "(would|'d) love", "i (have|'ve got) x"])
@pytest.mark.parametrize("text", ["asap asap_ xasap", "i'm waiting i waiting i'm  waiting", "debt due debts due debtsdue",
                                  "email me e-mail me e-mailme", "want to wants to wanted to wanting to",
                                  "as x bed x aed x b x", "i really do want i'm so want i am x y z want",
                                  "would love would so much like would a b c like", "any news yet an updates yet an update yet",
                                  "(i'm waiting) [asap] i\ue000 want",
                                  "very keen really  keen keen verykeen", "we need i need  need weneed", "i'd love would love 'd love",
                                  "i've got x i have x i 've got x"])
def test_edge_shapes_match_what_a_scan_matches(phrase, text):
    anchors = anchor_runs(phrase)
    assert anchors is not None
    expected = _spans(single_pattern(phrase).finditer(text))
    assert _spans(anchored_matches(phrase, anchors, text, second_anchor(phrase))) == expected


@pytest.mark.parametrize("text", [
    "call me at +1 (555) 123-4567 about the 3 pipelines", "on 2026-11-24t14:00 we shipped 4 fixes",
    "jan 5, 2026 and the 5th of march: 12 teams", "by the 3rd at 9:30 am, 10:45, two weeks ago",
    "in the next 3 business days since 2019 q3 h1 in 2024.", "email a@b.com or see https://x.y/z 5 www.site.com 7",
    "x+1 a_b 12 3pm a12345678b (12) over the past few months 1,000,000", "4-5 weeks later, mid 2020, 1970",
])
def test_excluded_spans_tried_at_their_starts_match_a_scan(text):
    windows: list[list[int]] = []  # each figure's window, overlapping ones merged
    for match in numbers.ANY_FIGURE.finditer(text):
        start, end = max(0, match.start() - numbers.WINDOW), min(len(text), match.end() + numbers.WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    expected = [m.span() for start, end in windows for m in numbers.EXCLUDED.finditer(text, start, end)]
    assert expected and numbers._excluded_spans(text) == expected


@pytest.mark.parametrize("text", ["I really do need it", "ALL THE\tmore", "so's do_ x'so so' don't", "Kind\nof sort of",
                                  "I REALLY Just need", "ſo very", "so’s ’so so_ _so \ue000so so\ue000 Kind \n of",
                                  "İ really do", "ıt's so", "no modifier here", "sorta justice sofa", "ALL\tTHE  MORE"])
def test_modifiers_blanked_on_lower_case_text_as_the_caseless_pattern_does(text):
    assert relax.__wrapped__(text) == MODIFIER_RE.sub(lambda m: re.sub(r"\S", " ", m.group()), text)


def _reference_spans(phrases: list[str], exceptions: list[str], text: str) -> list[tuple[int, int]]:
    """Every phrase scanned over the whole text (relaxed unless it names a modifier), leftmost and
    longest kept, minus spans an exception overlaps: no prefilter, no anchors, no memo."""
    def scan(items: list[str]) -> list[tuple[int, int]]:
        spans = []
        for phrase in items:
            target = text if MODIFIER_RE.search(re.sub(r"[()|?\[\]]", " ", phrase)) else relax(text)
            spans += [m.span() for m in single_pattern(phrase).finditer(target) if m.end() > m.start()]
        return spans
    kept, last_end = [], -1
    for start, end in sorted(scan(phrases), key=lambda s: (s[0], -s[1])):
        if start >= last_end:
            kept.append((start, end))
            last_end = end
    blocked = scan(exceptions)
    return [(s, e) for s, e in kept if not any(bs < e and s < be for bs, be in blocked)]


PHRASE_RULES = [rule_id for rule_id, spec in catalog().items() if spec.data.get("phrases")]


@pytest.mark.parametrize("rule_id", PHRASE_RULES)
def test_a_rules_matcher_finds_what_scanning_each_phrase_finds(rule_id):
    spec = catalog()[rule_id]
    phrases, exceptions = spec.data["phrases"], spec.data.get("exceptions", [])
    fired = 0
    for text in TEXTS:
        expected = _reference_spans(phrases, exceptions, text)
        assert _spans(spec.matcher.finditer(text)) == expected, text
        assert spec.matcher.fires(text) == bool(expected), text
        fired += bool(expected)
    assert fired  # the texts hold the rule's own examples: the comparison is not vacuous


def _alternation_spans(phrases: list[str], exceptions: list[str], text: str) -> list[tuple[int, int]]:
    """The whole list as one alternation over the whole text (relaxed, and as written for phrases
    naming a modifier), minus spans an exception overlaps: what a long text must give."""
    def scan(items: list[str]) -> list[tuple[int, int]]:
        names = [bool(MODIFIER_RE.search(re.sub(r"[()|?\[\]]", " ", p))) for p in items]
        relaxed = [p for p, n in zip(items, names, strict=True) if not n]
        literal = [p for p, n in zip(items, names, strict=True) if n]
        spans = [m.span() for m in compile_phrases(relaxed).finditer(relax(text))] if relaxed else []
        spans += [m.span() for m in compile_phrases(literal).finditer(text)] if literal else []
        return sorted(spans, key=lambda s: s[0])
    blocked = scan(exceptions)
    return [(s, e) for s, e in scan(phrases) if e > s and not any(bs < e and s < be for bs, be in blocked)]


@pytest.mark.parametrize("rule_id", PHRASE_RULES)
def test_a_long_text_finds_what_one_alternation_of_the_list_finds(rule_id):
    """On a long text with many phrases in play the list is matched in one pass, built from only
    the phrases the text can match: leaving the others out must change nothing."""
    text, k = "", 0
    while len(text) < phrases_module.LONG_TEXT + 1000:
        text += TEXTS[k % len(TEXTS)] + "\n\n"
        k += 1
    spec = catalog()[rule_id]
    chosen = spec.matcher._choose(spec.matcher._known_words & phrases_module.text_words(text))
    if len(chosen) <= phrases_module.FEW:
        pytest.skip("few phrases in play: scanned one by one, as test_a_rules_matcher_finds… checks")
    expected = _alternation_spans(spec.data["phrases"], spec.data.get("exceptions", []), text)
    assert expected  # the rule fires somewhere in the text: the comparison is not vacuous
    assert _spans(spec.matcher.finditer(text)) == expected
    assert spec.matcher.fires(text)


@pytest.mark.parametrize("text", [*TEXTS[::7], "a_b c__d _e f_", "i'm x\ue000y \ue000\ue000 z9 9z", "", "   ", "ümlaut x",
                                  "tab\tnew\nline's end.", "''a'' 'b' c'"])
def test_words_split_in_c_match_the_word_start_scan(text):
    words = Words(text)
    assert (words.runs, words.at) == (WORD_START.findall(text), [m.start() for m in WORD_START.finditer(text)])
