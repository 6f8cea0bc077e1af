"""The checklist engine's fast paths agree with the plain algorithms they replace."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from draftkit.checklist import plan_rules
from draftkit.checklist.context import NotesContext
from draftkit.checklist.examples import EXAMPLE_NOTES
from draftkit.drafts import Draft, assign_ids
from draftkit.notes import parse_notes
from draftkit.textutil import words

CTX = NotesContext(parse_notes(EXAMPLE_NOTES, source="t"))
PEOPLE = ["Priya Raman", "Marcus Lee", "Dana Cho", "priya raman ", "Zoë Ångström"]
VOCABULARY = ("data team kafka pipeline latency migration rotation model it's Priya's priya’s "
              "o'neill l'été ÉCOLE naïve 42 3.5 x's 's marcus lee dana").split()
PIECES = [*"ab s'’Ée.,-\n", "Priya", "its", "'s", " data ", "İ", "ſ", "ẞ"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def reference_trigrams(text: str, names: set[str]) -> set[tuple[str, ...]]:
    tokens = [w for w in words(text) if w not in names]
    return {tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)}


def reference_copies(ctx, drafts, threshold):
    """copies() as first written: tuple trigrams, sorted by (frequency, trigram) per draft."""
    names = ctx.name_words | {w.lower() for d in drafts for w in d.to.split()}
    grams = [reference_trigrams(d.body, names) for d in drafts]
    frequency: dict = defaultdict(int)
    for gram_set in grams:
        for gram in gram_set:
            frequency[gram] += 1
    index: dict = defaultdict(list)
    found = []
    for i, later in enumerate(drafts):
        ordered = sorted(grams[i], key=lambda g: (frequency[g], g))
        prefix = ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1] if ordered else []
        shared = Counter(j for gram in prefix for j in index[(later.kind, gram)])
        if len(shared) > plan_rules.CANDIDATES:
            shared = Counter(dict(shared.most_common(plan_rules.CANDIDATES)))
        for j in sorted(shared):
            earlier = drafts[j]
            if later.to.casefold() == earlier.to.casefold():
                continue
            score = plan_rules.jaccard(grams[i], grams[j])
            if score >= threshold:
                found.append((later.id, earlier.id, score))
                break
        for gram in prefix:
            bucket = index[(later.kind, gram)]
            if len(bucket) < plan_rules.BUCKET:
                bucket.append(i)
    return found


def _drafts(n: int, seed: int, vocabulary: int, length: tuple[int, int] = (0, 16)) -> list[Draft]:
    rng = random.Random(seed)
    return assign_ids([Draft(kind=rng.choice(["email", "note"]), to=rng.choice(PEOPLE),
                             body=" ".join(rng.choice(VOCABULARY[:vocabulary]) for _ in range(rng.randint(*length))))
                       for _ in range(n)])


@given(TEXT, st.sets(st.sampled_from(["priya", "a", "b", "s", "ée", "its"])))
@settings(max_examples=400, deadline=None, derandomize=True, database=None)
def test_tokens_and_trigrams_match_the_plain_ones(text, names):
    assert plan_rules._tokens(text, names) == [w for w in words(text) if w not in names]
    tuples = reference_trigrams(text, names)
    assert plan_rules.trigrams(text, names) == tuples
    joined = plan_rules._joined_trigrams(text, names)
    assert sorted(joined) == [" ".join(t) for t in sorted(tuples)]  # same set, same order


@pytest.mark.parametrize("seed", range(30))
def test_trigram_order_is_the_tuple_order(seed):
    rng = random.Random(seed)
    text = " ".join(rng.choice(VOCABULARY + ["a", "ab", "a'b", "ab's", "b"]) for _ in range(40))
    tuples = reference_trigrams(text, set())
    assert sorted(plan_rules._joined_trigrams(text, set())) == [" ".join(t) for t in sorted(tuples)]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("threshold", [0.3, 0.37, 0.5, 0.8, 1.0])
@pytest.mark.parametrize("shape", [(40, 6, (0, 8)), (300, 3, (2, 9)), (200, len(VOCABULARY), (0, 30))])
def test_copies_matches_the_reference(seed, threshold, shape):
    n, vocabulary, length = shape  # few drafts; near-identical ones past the caps; varied ones
    drafts = _drafts(n, seed, vocabulary, length)
    assert [(a.id, b.id, s) for a, b, s in plan_rules.copies(CTX, drafts, threshold)] == \
        reference_copies(CTX, drafts, threshold)


def test_the_caps_are_reached():
    """The near-identical shape above does reach CANDIDATES and BUCKET, so the test covers them."""
    drafts = _drafts(300, 0, 3, (2, 9))
    names = CTX.name_words | {w.lower() for d in drafts for w in d.to.split()}
    grams = [reference_trigrams(d.body, names) for d in drafts]
    assert max(Counter(g for s in grams for g in s).values()) > plan_rules.BUCKET
    assert sum(1 for s in grams if s) > plan_rules.CANDIDATES * 2


@given(st.lists(st.tuples(st.sampled_from(["email", "note"]), st.sampled_from(PEOPLE), TEXT), max_size=25),
       st.sampled_from([0.3, 0.5, 0.75]))
@settings(max_examples=150, deadline=None, derandomize=True, database=None)
def test_copies_matches_the_reference_on_generated_drafts(rows, threshold):
    drafts = assign_ids([Draft(kind=k, to=to, body=body) for k, to, body in rows])
    assert [(a.id, b.id, s) for a, b, s in plan_rules.copies(CTX, drafts, threshold)] == \
        reference_copies(CTX, drafts, threshold)


def test_past_the_candidate_cap_the_most_similar_are_compared():
    """A copy that comes after 200 drafts sharing one trigram each is still found: it shares most."""
    words_ = [f"w{i}" for i in range(202)]
    noise = [Draft(kind="email", to="Dana Cho", body=" ".join(words_[k : k + 3]))
             for k in range(200)]
    copy = Draft(kind="email", to="Marcus Lee", body=" ".join(words_))
    drafts = assign_ids([*noise, copy, Draft(kind="email", to="Priya Raman", body=" ".join(words_))])
    found = [(a.id, b.id, s) for a, b, s in plan_rules.copies(CTX, drafts, 0.5)]
    assert found == reference_copies(CTX, drafts, 0.5)
    assert found[-1] == (drafts[-1].id, copy.id, 1.0)


@given(st.text(max_size=30) | st.lists(st.sampled_from(["a", "\t", "\n", "\r", "\x7f", "\x85", "\u202a", "\u2066",
                                                          "\u2069", "\u200b", "\u2028", "\xa0", "\ufeff", "é"]))
       .map("".join))
@settings(max_examples=500, deadline=None, derandomize=True, database=None)
def test_printable_skips_translating_only_text_it_would_not_change(text):
    from draftkit.reports import _UNPRINTABLE, printable

    assert printable(text) == text.translate(_UNPRINTABLE)


def test_every_replaced_character_is_unprintable():
    from draftkit.reports import _UNPRINTABLE

    assert not any(chr(code).isprintable() for code in _UNPRINTABLE)


def reference_check_drafts(notes, drafts, config):
    """check_drafts as first written: views kept, ignore comments always applied, every message formatted."""
    from draftkit.checklist.catalog import catalog
    from draftkit.checklist.context import find_ignores
    from draftkit.checklist.engine import _Values, _view
    from draftkit.checklist.registry import CHECKS, PlanRun
    from draftkit.drafts import Finding

    def finding(rule_id, severity, hit, draft, fields):
        spec = catalog()[rule_id]
        text = ""
        if hit.field is not None:
            source = fields.get(hit.field)
            if source is None and draft is not None and hit.field == "due" and draft.due:
                source = draft.due.isoformat()
            text = (source or "")[hit.start : hit.end]
        to = hit.to if hit.to is not None else (draft.to if draft else None)
        values = _Values(hit.values)
        values.setdefault("text", text)
        values.setdefault("to", to or "")
        values.setdefault("kind", draft.kind if draft else "")
        return Finding(rule=rule_id, severity=severity, draft=hit.draft if hit.draft is not None else (draft.id if draft else None),
                       to=to, field=hit.field, start=hit.start, end=hit.end, text=text,
                       message=spec.message.format_map(values), fix=spec.fix.format_map(values))

    ctx, findings = NotesContext(notes), []
    by_id = {d.id: d for d in drafts}
    for draft in drafts:
        view, _ = _view(ctx, draft)
        for rule_id, spec in catalog().items():
            settings = config.rule(rule_id)
            if not spec.plan and settings.enabled and draft.kind in spec.kinds:
                findings += [finding(rule_id, settings.severity, h, draft, view.fields)
                             for h in CHECKS[spec.check].func(view, spec, settings.params)]
    run = PlanRun(config.plan_policy(), {d.id: find_ignores(d.fields()) for d in drafts})
    for rule_id, spec in sorted(catalog().items(), key=lambda item: CHECKS[item[1].check].last):
        settings = config.rule(rule_id)
        if not spec.plan or not settings.enabled:
            continue
        if CHECKS[spec.check].last:
            findings = run.apply(findings)
        for hit in CHECKS[spec.check].func(drafts, ctx, spec, settings.params, run):
            draft = by_id.get(hit.draft) if hit.draft else None
            findings.append(finding(rule_id, settings.severity, hit, draft, dict(draft.fields()) if draft else {}))
    findings = run.apply(findings)
    unique = {(f.rule, f.draft, f.to, f.field, f.start, f.end): f for f in findings}
    order = {d.id: i for i, d in enumerate(drafts)}
    return sorted(unique.values(), key=lambda f: (order.get(f.draft, len(order)), f.field or "", f.start, f.end, f.rule, f.to or ""))


def _corpus_files():
    from pathlib import Path

    from draftkit.checklist.corpus import load_cases

    by_notes: dict = {}
    for case in load_cases(Path(__file__).resolve().parent.parent / "evals"):
        by_notes.setdefault(case.notes_path, []).extend(case.drafts)
    return sorted(by_notes.items())


@pytest.mark.parametrize("comment", ["", "<!-- draftkit: ignore pushy -->", "<!-- draftkit: ignore -->",
                                     "<!-- draftkit: ignore no-thanks, not-a-rule -->"])
def test_check_drafts_matches_the_reference_engine(comment):
    from draftkit.checklist import Config, check_drafts
    from draftkit.notes import load_notes

    config = Config.default()
    for notes_path, drafts in _corpus_files():
        notes = load_notes(notes_path)
        drafts = assign_ids([d.model_copy(update={"id": "", "body": d.body + ("\n" + comment if comment and i % 2 else "")})
                             for i, d in enumerate(drafts)])
        ours = check_drafts(NotesContext(notes), drafts, config)
        assert [f.model_dump() for f in ours] == [f.model_dump() for f in reference_check_drafts(notes, drafts, config)]
