"""Work that must grow linearly: counted, not timed."""

from __future__ import annotations

import random

import pytest

from draftkit.checklist import plan_rules
from draftkit.checklist.context import NotesContext
from draftkit.checklist.examples import EXAMPLE_NOTES
from draftkit.checklist.numbers import figure_values
from draftkit.drafts import Draft, assign_ids
from draftkit.notes import parse_notes

CTX = NotesContext(parse_notes(EXAMPLE_NOTES, source="t"))
WORDS = "data team kafka pipeline latency migration rotation model quality checks ownership cost".split()


def _drafts(n: int, seed: int, vocabulary: int = len(WORDS)) -> list[Draft]:
    rng = random.Random(seed)
    people = ["Priya Raman", "Marcus Lee", "Dana Cho"]
    return assign_ids([Draft(kind=rng.choice(["email", "note"]), to=people[i % 3],
                             body=" ".join(rng.choice(WORDS[:vocabulary]) for _ in range(rng.randint(3, 14))))
                       for i in range(n)])


def _all_pairs(drafts, threshold):
    names = CTX.name_words | {w.lower() for d in drafts for w in d.to.split()}
    grams = {d.id: plan_rules.trigrams(d.body, names) for d in drafts}
    found = []
    for i, later in enumerate(drafts):
        for earlier in drafts[:i]:
            if later.kind != earlier.kind or later.to.casefold() == earlier.to.casefold():
                continue
            score = plan_rules.jaccard(grams[later.id], grams[earlier.id])
            if score >= threshold:
                found.append((later.id, earlier.id, score))
                break
    return found


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8])
def test_copies_finds_exactly_what_all_pairs_finds(seed, threshold):
    drafts = _drafts(50, seed, vocabulary=4 + seed % 5)
    ours = [(a.id, b.id, s) for a, b, s in plan_rules.copies(CTX, drafts, threshold)]
    assert ours == _all_pairs(drafts, threshold)


@pytest.mark.parametrize("n", [500, 2000])
def test_copies_compares_a_bounded_number_per_draft(n):
    for vocabulary in (3, len(WORDS)):  # near-identical drafts, and varied ones
        drafts = _drafts(n, 1, vocabulary)
        plan_rules.COMPARISONS[0] = 0
        plan_rules.copies(CTX, drafts, 0.5)
        assert plan_rules.COMPARISONS[0] <= plan_rules.CANDIDATES * n


def test_identical_drafts_to_many_people_are_linear():
    drafts = assign_ids([Draft(kind="email", to=f"Person {i}", body="Thank you for the time today.")
                         for i in range(3000)])
    plan_rules.COMPARISONS[0] = 0
    found = plan_rules.copies(CTX, drafts, 0.5)
    assert len(found) == 2999 and plan_rules.COMPARISONS[0] == 2999


@pytest.mark.parametrize("seed", range(20))
def test_span_bisection_agrees_with_scanning(seed):
    rng = random.Random(seed)
    spans, at = [], 0
    for _ in range(rng.randint(0, 30)):
        at += rng.randint(0, 6)
        spans.append((at, at + rng.randint(1, 9)))
    index = plan_rules_spans(spans)
    for start in range(0, at + 12):
        for width in (1, 3, 8):
            want = any(s < start + width and start < e for s, e in spans)
            assert index.overlaps(start, start + width) is want


def plan_rules_spans(spans):
    from draftkit.checklist.numbers import _Spans

    return _Spans(list(spans))


@pytest.mark.parametrize("seed", range(10))
def test_sorted_figures_match_the_set(seed):
    from draftkit.checklist.numbers import same_figure

    rng = random.Random(seed)
    allowed = {rng.choice([1, 2.5, 40, 1e6, 3.3e9, 0.001]) * rng.randint(1, 50) for _ in range(40)}
    for value in [*allowed, *(v * (1 + 1e-7) for v in allowed), *(v + 0.5 for v in allowed), 0.0, 7.0]:
        assert same_figure(value, sorted(allowed)) == same_figure(value, allowed)


def test_long_body_figures_found_once_each():
    text = " ".join(f"We shipped {i} parcels and {i + 0.5}% more." for i in range(100, 1000))
    values = figure_values(text)
    assert [v for _, _, v in values] == [v for i in range(100, 1000) for v in (i, i + 0.5)]
