"""Plan rules: across all drafts of one notes file, about timing and coverage."""

from __future__ import annotations

import difflib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import timedelta
from itertools import chain, filterfalse

from ..drafts import Draft
from ..plan import earliest_call_date, notes_allowed
from ..textutil import words
from .catalog import RuleSpec
from .context import NotesContext
from .registry import Hit, Param, PlanRun, plan_check


def _due_hit(draft: Draft, what: str) -> Hit:
    due = draft.due.isoformat() if draft.due else ""
    return Hit("due", 0, len(due), {"what": what}, draft=draft.id, to=draft.to)


@plan_check("missed-deadline", params=(Param("email_hours", 1, 24 * 14), Param("note_hours", 1, 24 * 60), Param("note_min_days", 1, 60, True)), values=("what",))
def missed_deadline(drafts: list[Draft], ctx: NotesContext, spec: RuleSpec, params: dict, run: PlanRun) -> Iterable[Hit]:
    at = ctx.notes.interview.at
    limits = {"email": params["email_hours"], "note": params["note_hours"]}
    for draft in drafts:
        if draft.kind == "note" and not notes_allowed(ctx.notes, run.policy):
            yield Hit(None, 0, 0, {"what": (
                f"The decision is due {ctx.notes.decision_by}, under {int(params['note_min_days'])} days after "
                "the interview: a mailed note would arrive too late; let the email carry the thanks.")},
                draft=draft.id, to=draft.to)
            continue
        if draft.kind not in limits or draft.due is None:
            continue
        hours = limits[draft.kind]
        if draft.due > at + timedelta(hours=hours):
            late = (draft.due - at).total_seconds() / 3600
            yield _due_hit(draft, (
                f"This {draft.kind} is due {late:.0f} h after the interview; send it within {hours:g} h."))


@plan_check("premature-follow-up", params=(Param("business_days", 1, 60, True),), values=("what",))
def premature_follow_up(drafts: list[Draft], ctx: NotesContext, spec: RuleSpec, params: dict, run: PlanRun) -> Iterable[Hit]:
    earliest = earliest_call_date(ctx.notes, run.policy)
    tz = ctx.notes.interview.at.tzinfo
    for draft in drafts:
        if draft.kind != "call" or draft.due is None:
            continue
        day = draft.due.astimezone(tz).date()
        if day < earliest:
            reason = (f"after the decision date ({ctx.notes.decision_by})"
                      if ctx.notes.decision_by and earliest > ctx.notes.decision_by else
                      f"{int(params['business_days'])} business days after the interview")
            yield _due_hit(draft, f"The call is due {day}, too soon: wait until {earliest} ({reason}).")


@plan_check("too-many-follow-ups", values=("count",))
def too_many(drafts: list[Draft], ctx: NotesContext, spec: RuleSpec, params: dict, run: PlanRun) -> Iterable[Hit]:
    groups: dict[tuple[str, str], list[Draft]] = defaultdict(list)
    for draft in drafts:
        if draft.kind in spec.kinds:
            groups[(draft.kind, draft.to.strip().casefold())].append(draft)
    for (kind, _), group in groups.items():
        if len(group) > 1:
            yield Hit(None, 0, 0, {"count": len(group), "kind": kind, "to": group[0].to}, to=group[0].to)


@plan_check("note-without-address")
def note_without_address(drafts: list[Draft], ctx: NotesContext, spec: RuleSpec, params: dict, run: PlanRun) -> Iterable[Hit]:
    for draft in drafts:
        if draft.kind == "note":
            person = ctx.person(draft.to)
            if person is None or not person.has_address:
                yield Hit(None, 0, 0, {"to": draft.to}, draft=draft.id, to=draft.to)


@plan_check("missing-thank-you")
def missing_thank_you(drafts: list[Draft], ctx: NotesContext, spec: RuleSpec, params: dict, run: PlanRun) -> Iterable[Hit]:
    emailed = {d.to.strip().casefold() for d in drafts if d.kind == "email"}
    for person in ctx.notes.interviewers:
        if person.name.casefold() not in emailed:
            yield Hit(None, 0, 0, {"to": person.name}, to=person.name)


def _tokens(text: str, names: set[str] | frozenset[str]) -> list[str]:
    """`textutil.words(text)` without the names."""
    return list(filterfalse(names.__contains__, words(text)))


def trigrams(text: str, names: set[str]) -> set[tuple[str, ...]]:
    """Word 3-grams with every person's name set aside."""
    tokens = _tokens(text, names)
    return set(zip(tokens, tokens[1:], tokens[2:], strict=False))


def _joined_trigrams(text: str, names: set[str]) -> set[str]:
    """`trigrams`, each as its words joined by a space: no word holds a space, and a space sorts
    before every word character, so these sort, compare and count as the tuples do, only faster."""
    tokens = _tokens(text, names)
    return set(map(" ".join, zip(tokens, tokens[1:], tokens[2:], strict=False)))


def jaccard(a: set, b: set) -> float:
    common = len(a & b)
    union = len(a) + len(b) - common  # len(a | b), without building it
    return common / union if union else 0.0


CANDIDATES = 64  # drafts compared per draft, at most
BUCKET = 16  # drafts remembered per trigram
COMPARISONS = [0]  # similarity computations so far (tests use it to catch a return to all-pairs)


def _ranked(grams: list[set[str]]) -> list[set[int]]:
    """Each draft's trigrams as ranks in one order: rarest first, ties by the trigram itself."""
    frequency = Counter(chain.from_iterable(grams))
    order = sorted(frequency)
    order.sort(key=frequency.__getitem__)  # stable: by frequency, then by trigram
    rank = dict(zip(order, range(len(order)), strict=True))
    return [set(map(rank.__getitem__, gram_set)) for gram_set in grams]


def copies(ctx: NotesContext, drafts: list[Draft], threshold: float) -> list[tuple[Draft, Draft, float]]:
    """(later, earlier, similarity) for each same-kind draft to someone else that reads like a copy.

    Exact, without comparing every pair: two sets with Jaccard >= t must share one of the rarest
    |A| - ceil(t|A|) + 1 trigrams of each (prefix filtering), so only drafts sharing such a
    trigram are compared, earliest first. With more than CANDIDATES such drafts (a folder of
    near-identical drafts) the ones sharing most of those trigrams are compared: linear time.
    Trigrams are numbered by rarity once, so a draft's prefix is its smallest numbers.
    """
    names = ctx.name_words | {w.lower() for d in drafts for w in d.to.split()}
    grams = _ranked([_joined_trigrams(d.body, names) for d in drafts])
    recipients = [d.to.casefold() for d in drafts]
    index: defaultdict[str, defaultdict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    found = []
    for i, later in enumerate(drafts):
        mine = grams[i]
        ordered = sorted(mine)
        prefix = ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1]
        buckets = list(map(index[later.kind].__getitem__, prefix))
        candidates = set(chain.from_iterable(buckets))
        if len(candidates) > CANDIDATES:  # template-like drafts: the most similar few are enough
            shared = Counter(chain.from_iterable(buckets))
            candidates = {j for j, _ in shared.most_common(CANDIDATES)}
        for j in sorted(candidates):
            if recipients[i] == recipients[j]:
                continue
            COMPARISONS[0] += 1
            score = jaccard(mine, grams[j])
            if score >= threshold:
                found.append((later, drafts[j], score))
                break
        for bucket in buckets:
            if len(bucket) < BUCKET:
                bucket.append(i)
    return found


@plan_check("duplicate-drafts", params=(Param("similarity", 0.05, 1.0),), values=("other", "similarity"))
def duplicate_drafts(drafts: list[Draft], ctx: NotesContext, spec: RuleSpec, params: dict, run: PlanRun) -> Iterable[Hit]:
    for later, earlier, score in copies(ctx, drafts, params["similarity"]):
        yield Hit("body", 0, 0, {"kind": later.kind, "other": earlier.id, "similarity": score},
                  draft=later.id, to=later.to)


@plan_check("ignore-comment", last=True, values=("problem",))
def ignore_comment(drafts: list[Draft], ctx: NotesContext, spec: RuleSpec, params: dict, run: PlanRun) -> Iterable[Hit]:
    """Ignore comments that name no rule, or that silenced nothing in their draft."""
    from .catalog import catalog

    known = catalog()
    for draft in drafts:
        for comment in run.ignores.get(draft.id, []):
            if not comment.rules:
                yield Hit(comment.field, comment.start, comment.end,
                          {"problem": "names no rule; write <!-- draftkit: ignore RULE -->"}, draft=draft.id, to=draft.to)
            for rule in comment.rules:
                if rule not in known:
                    close = difflib.get_close_matches(rule, known, n=2, cutoff=0.6)
                    hint = f" (did you mean {', '.join(close)}?)" if close else " (`draftkit rules` lists them)"
                    problem = f'names "{rule}", which is not a rule{hint}'
                elif (draft.id, rule) not in run.used:
                    problem = f'silences "{rule}", which finds nothing in this draft; remove it'
                else:
                    continue
                yield Hit(comment.field, comment.start, comment.end, {"problem": problem}, draft=draft.id, to=draft.to)
