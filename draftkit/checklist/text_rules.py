"""Text checks: each reads one draft's fields and yields where its rule fired."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any

from ..kinds import KINDS, LIMIT_KEYS
from ..textutil import (
    COUNT_WORD_RE,
    content_words,
    count_words,
    has_whole,
    last_lines,
    letter_runs,
)
from .catalog import RuleSpec, catalog, data_words
from .mentions import echoes, given_words, mentions, names_role_initials, topic_word_lists
from .numbers import figure_values, same_figure
from .phrases import PhraseMatcher
from .registry import DraftView, Hit, Param, phrase_hits, text_check


@cache
def _regex(rule_id: str, key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(catalog()[rule_id].data[key], flags)


@cache
def _phrases(rule_id: str, key: str) -> PhraseMatcher:
    return PhraseMatcher(catalog()[rule_id].data[key])


PHRASES = ("phrases", "exceptions")


@text_check("phrases", data=PHRASES)
def phrases(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    """Any of the rule's phrases, minus its exceptions."""
    return phrase_hits(view, spec)


SENTENCE_END = re.compile(r"[.!?\n]")


def _sentence(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    right = SENTENCE_END.search(text, end)
    return text[left : right.end() if right else len(text)]


@text_check("asks-salary", data=(*PHRASES, "domain_words", "asking"))
def asks_salary(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    in_domain = view.notes.mentions_any(spec.data["domain_words"])
    for hit in phrase_hits(view, spec):
        if in_domain and not _regex(spec.id, "asking").search(_sentence(view.fields[hit.field], hit.start, hit.end)):
            continue
        yield hit


EXCLAIMS = re.compile(r"!+")


@text_check("pushy", data=PHRASES)
def pushy(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    yield from phrase_hits(view, spec)
    marks = [(name, m) for name, text in view.fields.items() if "!" in text for m in EXCLAIMS.finditer(text)]
    doubled = [(name, m) for name, m in marks if len(m.group()) >= 2]
    for name, match in doubled:
        yield Hit(name, match.start(), match.end())
    if not doubled and len(marks) >= 3:
        name, match = marks[2]
        yield Hit(name, match.start(), match.end())


FIRST_LINE = re.compile(r"\S[^\n]*")
FOLLOWING_WORD = re.compile(r"[ \t,]*([\w.'’-]+)")


def _first_line_span(text: str) -> tuple[int, int]:
    match = FIRST_LINE.search(text)
    return match.span() if match else (0, 0)


@text_check("generic-greeting", data=(*PHRASES, "bare_greeting", "bare_kinds"))
def generic_greeting(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    body = view.masked.get("body", "")
    start, end = _first_line_span(body)
    line = body[start:end]
    names = view.person.name_words if view.person else {w.lower() for w in view.draft.to.split()}
    for match in spec.matcher.finditer(body, view.masked_words.get("body")):
        follows = FOLLOWING_WORD.match(view.fields["body"], match.end())  # at the offset, without copying the rest
        if follows and follows.group(1).strip(".").lower() in names:
            continue  # "Hi there, Priya": the name follows
        yield Hit("body", match.start(), match.end())
        return
    if view.kind in spec.data["bare_kinds"]:
        bare = _bare_greeting(spec.id).fullmatch(line)
        if bare:
            yield Hit("body", start, end)


@cache
def _bare_greeting(rule_id: str) -> re.Pattern[str]:
    return re.compile(rf"\s*{catalog()[rule_id].data['bare_greeting']}[\s,.:;!—-]*", re.IGNORECASE)


@text_check("not-personal", values=("missing",))
def not_personal(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    text = "\n".join(view.fields.values())
    missing = []
    person = view.person
    name_words = person.name_words if person else {w.lower() for w in view.draft.to.split()}
    ctx = view.notes
    salutation = person.salutation if person else None
    named = bool(salutation and salutation.lower() in text.lower())
    if not named and not mentions(ctx.without_company(text), name_words):
        missing.append("the recipient")
    if not ctx.company_pattern.search(text):
        missing.append("the company")
    said = set(content_words(text)) if view.kind == "email" else set()
    if view.kind == "email" and not echoes(ctx.role_words, said, 0.5, 2) and not echoes(ctx.title_words, said, 1, 2) \
            and not names_role_initials(view.notes.notes.role, text):
        missing.append("the role")
    if missing:
        joined = " or ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
        yield Hit("body", 0, 0, {"missing": joined})


@text_check("no-specifics", params=(Param("min_share", 0.01, 1.0), Param("min_words", 1, 20, True)), values=("topics",))
def no_specifics(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    person = view.person
    if person is None or not person.topics:
        return
    text = "\n".join(view.fields.values())
    text_words = letter_runs(text).union(content_words(text))
    share, least = params["min_share"], int(params["min_words"])
    # the role's and the company's own words say nothing about the conversation: naming the
    # "ICU Charge Nurse" role must not count as echoing the topic "charge nurse staffing ratios"
    topics = topic_word_lists(tuple(person.topics), given_words(view.notes.notes.role, view.notes.notes.company))
    if not any(echoes(words, text_words, share, least) for words in topics):
        yield Hit("body", 0, 0, {"to": person.name, "topics": "; ".join(person.topics)})


@text_check("placeholder", data=(*PHRASES, "filler", "square", "curly", "angle", "paren", "html_tags", "stage_words"))
def placeholder(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    yield from phrase_hits(view, spec)
    data = spec.data
    for name, text in view.masked.items():
        for match in _regex(spec.id, "square").finditer(text):
            inner = match.group()[1:-1].strip().lower()
            if view.kind == "call" and inner.split(" ", 1)[0].strip(":,") in data["stage_words"]:
                continue
            yield Hit(name, match.start(), match.end())
        for key in ("curly", "paren", "filler"):
            for match in _regex(spec.id, key).finditer(text):
                yield Hit(name, match.start(), match.end())
        for match in _regex(spec.id, "angle").finditer(text):
            if match.group()[1:-1].strip().lower().lstrip("/") not in data["html_tags"]:
                yield Hit(name, match.start(), match.end())


LENGTH_PARAMS = tuple(Param(key, 1, 100_000, True) for key in LIMIT_KEYS)


@text_check("too-long", params=LENGTH_PARAMS, values=("field", "count", "unit", "limit"))
def too_long(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    for name, text in view.fields.items():
        key = KINDS[view.kind].limits.get(name)
        if key is None:
            continue
        limit = int(params[key])
        if key.endswith("_chars"):
            if len(text.strip()) > limit:
                yield Hit(name, limit, len(text), {"field": name, "count": len(text.strip()), "unit": "characters", "limit": limit})
            continue
        if len(text) <= 2 * limit or len(text.split()) <= limit:
            continue  # words are runs of non-space: there cannot be more than these
        count = count_words(text)
        if count > limit:
            first_over = next(islice(COUNT_WORD_RE.finditer(text), limit, None))
            yield Hit(name, first_over.start(), len(text.rstrip()),
                      {"field": name, "count": count, "unit": "words", "limit": limit})


@text_check("no-thanks", data=PHRASES)
def no_thanks(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    if not spec.matcher.fires(view.masked.get("body", ""), view.masked_words.get("body")):
        yield Hit("body", 0, 0, {"kind": view.kind})


SENTENCE_RE = re.compile(r"[^.!?;\n]+")
TOKEN_RE = re.compile(r"[\w\ue000]+(?:['’][\w]+)?")


def _interest_sentence(tokens: list[str], data: dict) -> bool:
    """A wish about belonging, said any way: a hope or desire word, or a liking not in the past
    tense ("would be great", "chuffed"), in the same sentence as joining or being part of the
    place ("to work with you", "to be on one of your vans", "I'd bring the same habit to ...")."""
    hopes, likings, past = data["hopes"], data["likings"], data["past"]
    others = ("you", "your", "they", "their", "he", "his", "she", "her", "it", "its", "who")  # not our wish
    wish = any(t in hopes and (i == 0 or tokens[i - 1] not in others) for i, t in enumerate(tokens)) or any(
        t in likings and not past & set(tokens[max(0, i - 3):i]) for i, t in enumerate(tokens))
    if not wish:
        return False
    acts, belonging = data["acts"], data["belonging"]
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else ""
        if token in belonging:
            return True
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in ("be", "being") and (before not in ("to", *hopes) or before in ("would", "i'd", "we'd")
                                         or after in data["not_belonging"]):
            continue  # "would be happy to send", "to be clear": being, not belonging
        if token in ("work", "working") and after not in data["work_with"]:
            continue
        if token in acts and (before in ("to", "i'd", "i'll", "would", "will") or before in hopes
                              or token.endswith("ing") and before in likings):  # "I'd enjoy working"
            return True
    return False


def states_interest(text: str, data: dict) -> bool:
    """Whether any sentence of the (masked) text wishes to join, whatever words it uses."""
    for sentence in SENTENCE_RE.findall(text.replace("’", "'")):
        if _interest_sentence([t.lower() for t in TOKEN_RE.findall(sentence)], data):
            return True
    return False


@text_check("no-interest", data=(*PHRASES, "withdrawal", "hopes", "likings", "past", "acts", "belonging",
                                 "not_belonging", "work_with"))
def no_interest(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    body = view.masked.get("body", "")
    withdrawal = _phrases(spec.id, "withdrawal").search(body)
    if withdrawal:
        yield Hit("body", withdrawal.start(), withdrawal.end())
    elif not spec.matcher.fires(body, view.masked_words.get("body")) and not states_interest(body, _interest_words(spec.id)):
        yield Hit("body", 0, 0)


@cache
def _interest_words(rule_id: str) -> dict[str, frozenset[str]]:
    data = catalog()[rule_id].data
    keys = ("hopes", "likings", "past", "acts", "belonging", "not_belonging", "work_with")
    return {key: frozenset(data[key]) for key in keys}


def _tone_scans(rule_id: str, culture: str, text: str, words: frozenset[str]) -> Iterator[Any]:
    """The patterns the culture's markers are found with, in order, less those that cannot match
    this text: no phrase's required word (PhraseMatcher.triggers), no character outside ASCII
    for an emoji."""
    markers = _phrases(rule_id, "casual_markers" if culture == "formal" else "stiff_markers")
    if markers.triggers is None or not markers.triggers.isdisjoint(words):
        yield markers.pattern
    if culture == "formal":
        yield _regex(rule_id, "emoticons")
        if not text.isascii():
            yield _regex(rule_id, "emoji", 0)


@text_check("tone-mismatch", data=("casual_markers", "emoticons", "emoji", "stiff_markers"), values=("marker", "culture"))
def tone_mismatch(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    culture = view.notes.notes.culture
    if culture == "neutral":
        return
    for name, text in view.masked.items():
        for pattern in _tone_scans(spec.id, culture, text, view.masked_words[name]):
            for match in pattern.finditer(text):
                marker = view.fields[name][match.start():match.end()]
                yield Hit(name, match.start(), match.end(), {"marker": f'"{marker}"', "culture": culture})


def _name_tokens(text: str, titles: set[str]) -> list[str]:
    return [t for t in (w.strip(".,").lower() for w in text.split()) if t and t not in titles]


@text_check("unknown-name", params=(Param("sign_lines", 1, 50, True),), data=("sign_kinds", "titles", "generic", "greeting"), values=("problem",))
def unknown_name(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    body = view.fields.get("body", "")
    data = spec.data
    titles, generic = data_words(spec.id, "titles"), data_words(spec.id, "generic")
    person = view.person
    name_words = person.name_words if person else {w.lower() for w in view.draft.to.split()}
    match = _regex(spec.id, "greeting", 0).search(body[: _first_line_span(body)[1]])
    if match and match.group(3):
        tokens = _name_tokens(match.group(3), titles)
        caller = {w.lower() for w in view.notes.notes.candidate.name.split()}
        introducing = bool(set(tokens) & caller) and not set(tokens) & name_words  # "Hi, Rosa Delgado for Dr. Okafor"
        salutation = (person.salutation or "") if person else ""
        if salutation and salutation.lower().startswith(match.group(3).strip().lower()):
            tokens = []  # the notes' own form of address ("Madame de la Roche-Maubert")
        if tokens and not introducing and not set(tokens) & generic and not set(tokens) & name_words:
            who = match.group(3).strip()
            yield Hit("body", match.start(3), match.start(3) + len(who),
                      {"problem": f'The greeting addresses "{who}", but this draft is to {view.draft.to}.'})
    if view.kind in data["sign_kinds"]:
        lines = last_lines(body, int(params["sign_lines"]))
        ctx = view.notes
        signer = {ctx.candidate_first.lower(), ctx.notes.candidate.name.lower()}
        tail = " ".join(body[start:end] for start, end in lines).lower()
        if not any(has_whole(tail, s) for s in signer):
            span = lines[-1] if lines else (0, 0)
            yield Hit("body", *span, {"problem": f"The {view.kind} is not signed with your name ({ctx.notes.candidate.name})."})


@text_check("unsupported-number", values=("figure",))
def unsupported_number(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    allowed = view.notes.sorted_figures
    for name, text in view.fields.items():
        for start, end, value in figure_values(text):
            if not same_figure(value, allowed):
                yield Hit(name, start, end, {"figure": text[start:end]})


@text_check("note-has-link", data=("email", "url"))
def note_has_link(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    for name, text in view.fields.items():
        spans = [m.span() for key in ("email", "url") for m in _regex(spec.id, key, 0).finditer(text)]
        kept: list[tuple[int, int]] = []
        for span in sorted(spans, key=lambda s: (s[0], -s[1])):
            if not any(s <= span[0] < e for s, e in kept):
                kept.append(span)
        for start, end in kept:
            yield Hit(name, start, end)


@text_check("voicemail-callback", values=("phone",))
def voicemail_callback(view: DraftView, spec: RuleSpec, params: dict) -> Iterable[Hit]:
    phone = view.notes.notes.candidate.phone
    if not phone or "voicemail" not in view.fields:
        return
    wanted = re.sub(r"\D", "", phone)[-7:]
    said = re.sub(r"\D", "", view.fields["voicemail"])
    if wanted and wanted not in said:
        yield Hit("voicemail", 0, 0, {"phone": phone})

