from pathlib import Path

import pytest

from draftkit.checklist import catalog
from draftkit.checklist.corpus import load_cases, score

EVALS = Path(__file__).resolve().parent.parent / "evals"
CASES = load_cases(EVALS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_labelled_case(case):
    (outcome,) = score([case]).outcomes
    assert outcome.missed == set(), f"{case.id}: missed {outcome.missed}"
    assert outcome.unexpected == set(), f"{case.id}: unexpected {outcome.unexpected}"


def test_corpus_size_and_coverage():
    results = score(CASES)
    assert results.drafts >= 150
    kinds = {d.kind for c in CASES for d in c.drafts}
    assert kinds == {"email", "note", "call"}
    cultures = {c.notes_path.name for c in CASES}
    assert len(cultures) >= 5
    assert sum(not c.expect for c in CASES) >= 30, "clean cases and hard negatives"
    for rule in catalog():
        s = results.scores[rule]
        assert s.positives >= 1 and s.negatives >= 1, rule


def test_every_rule_has_perfect_precision_and_recall():
    results = score(CASES)
    for rule, s in results.scores.items():
        assert (s.precision, s.recall) == (1.0, 1.0), rule
