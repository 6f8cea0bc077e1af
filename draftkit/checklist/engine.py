"""Run the checklist: text rules on each draft, plan rules across them, suppression, order."""

from __future__ import annotations

from ..drafts import Draft, Finding
from ..notes import Notes
from .catalog import RuleSpec, catalog
from .config import Config, RuleSettings
from .context import NotesContext, blank_comments, find_ignores
from .parallel import check_each
from .registry import CHECKS, DraftView, Hit, PlanRun


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _format(template: str, values: dict[str, object]) -> str:
    return template.format_map(values) if "{" in template or "}" in template else template


def _finding(rule_id: str, spec: RuleSpec, severity: str, hit: Hit, draft: Draft | None,
             fields: dict[str, str]) -> Finding:
    draft_id = hit.draft if hit.draft is not None else (draft.id if draft else None)
    to = hit.to if hit.to is not None else (draft.to if draft else None)
    text = ""
    if hit.field is not None:
        source = fields.get(hit.field)
        if source is None and draft is not None and hit.field == "due" and draft.due:
            source = draft.due.isoformat()
        text = (source or "")[hit.start : hit.end]
    message, fix = spec.message, spec.fix
    if "{" in message or "}" in message or "{" in fix or "}" in fix:
        values = _Values(hit.values)
        values.setdefault("text", text)
        values.setdefault("to", to or "")
        values.setdefault("kind", draft.kind if draft else "")
        message, fix = _format(message, values), _format(fix, values)
    return Finding(rule=rule_id, severity=severity, draft=draft_id, to=to, field=hit.field,
                   start=hit.start, end=hit.end, text=text, message=message, fix=fix)


def _view(ctx: NotesContext, draft: Draft, raw: dict[str, str] | None = None) -> tuple[DraftView, set[str]]:
    fields, ignored = {}, set()
    for name, text in (draft.fields() if raw is None else raw).items():
        fields[name], rules = blank_comments(text)
        ignored |= rules
    return DraftView(draft, ctx, fields, ctx.person(draft.to)), ignored


def _content(draft: Draft) -> tuple:
    return (draft.kind, draft.to, draft.subject, draft.body, draft.voicemail, draft.due)


def _unsuppressed(ctx: NotesContext, draft: Draft, config: Config, view: DraftView) -> list[Finding]:
    """Every text rule's findings, ignore comments not applied; remembered by the draft's content."""
    key = _content(draft)
    cached = ctx.text_findings.get(key)
    if cached is not None and cached[0] is config:
        return [f if f.draft == draft.id else f.model_copy(update={"draft": draft.id}) for f in cached[1]]
    findings = _run_text_rules(draft, config, view, set())
    ctx.text_findings[key] = (config, findings)
    return list(findings)


_PLANS: dict[int, tuple[Config, dict[str, list]]] = {}  # config id -> (config, kind -> its rules; "" the plan rules)


def _plans(config: Config) -> dict[str, list]:
    """What is worked out once per config rather than per draft (keyed by draft kind)."""
    known = _PLANS.get(id(config))
    if known is None or known[0] is not config:
        if len(_PLANS) > 8:
            _PLANS.clear()
        known = _PLANS[id(config)] = (config, {})
    return known[1]


def _text_rules(config: Config, kind: str) -> list[tuple[str, RuleSpec, object, RuleSettings]]:
    """(rule id, spec, check, settings) of each enabled text rule for a kind, in catalogue order."""
    plans = _plans(config)
    plan = plans.get(kind)
    if plan is None:
        plan = plans[kind] = [
            (rule_id, spec, CHECKS[spec.check].func, config.rule(rule_id))
            for rule_id, spec in catalog().items()
            if not spec.plan and config.rule(rule_id).enabled and kind in spec.kinds]
    return plan


def _run_text_rules(draft: Draft, config: Config, view: DraftView, ignored: set[str]) -> list[Finding]:
    findings = []
    for rule_id, spec, check, settings in _text_rules(config, draft.kind):
        if rule_id in ignored:
            continue
        for hit in check(view, spec, settings.params):
            findings.append(_finding(rule_id, spec, settings.severity, hit, draft, view.fields))
    return findings


def text_findings(ctx: NotesContext, draft: Draft, config: Config, *, view: DraftView | None = None,
                  ignored: set[str] | None = None) -> list[Finding]:
    """What the text rules find in one draft (the plan rules need the whole set)."""
    if view is None or ignored is None:
        view, ignored = _view(ctx, draft)
    if not ignored:  # nothing suppressed: the same findings check_drafts needs (and reuses)
        return _unsuppressed(ctx, draft, config, view)
    return _run_text_rules(draft, config, view, ignored)


def _plan_rules(config: Config) -> list[tuple[str, RuleSpec, RuleSettings]]:
    """(rule id, spec, settings) of each enabled plan rule, those that read the others' findings
    last; worked out once per config."""
    plans = _plans(config)
    plan = plans.get("")  # no draft kind is empty
    if plan is None:
        plan = plans[""] = [
            (rule_id, spec, config.rule(rule_id))
            for rule_id, spec in sorted(catalog().items(), key=lambda item: CHECKS[item[1].check].last)
            if spec.plan and config.rule(rule_id).enabled]
    return plan


def check_drafts(notes: Notes | NotesContext, drafts: list[Draft], config: Config | None = None, *,
                 workers: int = 1) -> list[Finding]:
    """Every finding for one notes file's drafts, sorted and deduplicated; ignore comments applied.
    `workers` > 1 checks a big file's drafts in that many processes (where the platform forks)."""
    config = config or Config.default()
    ctx = notes if isinstance(notes, NotesContext) else NotesContext.of(notes)
    by_id, raw, ignores = {}, {}, {}
    own = [(draft, draft.fields()) for draft in drafts]  # each draft with its own fields: ids may repeat
    for draft, fields in own:
        by_id[draft.id], raw[draft.id] = draft, fields
        ignores[draft.id] = find_ignores(fields)

    def check_one(item: tuple[Draft, dict[str, str]]) -> list[Finding]:  # its view is dropped once its rules have run
        draft, fields = item
        return _unsuppressed(ctx, draft, config, _view(ctx, draft, fields)[0])

    run = PlanRun(config.plan_policy(), ignores)
    commented = any(ignores.values())  # without ignore comments, applying them changes nothing

    def plan_findings(rules: list[tuple[str, RuleSpec, RuleSettings]]) -> list[Finding]:
        found = []
        for rule_id, spec, settings in rules:
            for hit in CHECKS[spec.check].func(drafts, ctx, spec, settings.params, run):
                draft = by_id.get(hit.draft) if hit.draft else None
                found.append(_finding(rule_id, spec, settings.severity, hit, draft, raw[draft.id] if draft else {}))
        return found

    rules = _plan_rules(config)
    first = [rule for rule in rules if not CHECKS[rule[1].check].last]  # they read no other rule's findings
    findings, planned = check_each(own, check_one, workers, meanwhile=lambda: plan_findings(first))
    findings += planned
    if len(first) < len(rules):
        if commented:
            findings = run.apply(findings)
        findings += plan_findings(rules[len(first):])
    if commented:
        findings = run.apply(findings)
    unique = {(f.rule, f.draft, f.to, f.field, f.start, f.end): f for f in findings}
    order = {d.id: i for i, d in enumerate(drafts)}
    last = len(order)
    return sorted(unique.values(), key=lambda f: (order.get(f.draft, last), f.field or "", f.start, f.end, f.rule, f.to or ""))
