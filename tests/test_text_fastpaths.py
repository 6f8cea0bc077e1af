"""The text checks' fast paths against the plain regex scans they stand in for.

Each fast path (an ASCII tokeniser, a prefilter before a regex scan, a backward scan instead of a
regex on a prefix) must give exactly what the straightforward code gives, on any text: these
tests keep that straightforward code as a small reference and compare on many texts, including
hypothesis-generated ones built from characters that trip case folding and tokenising.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from draftkit.checklist.catalog import catalog
from draftkit.checklist.phrasetext import text_words
from draftkit.checklist.splice_rules import (
    ARTICLE,
    CAPITALISED,
    _doubled,
    _token_before,
    may_double,
)
from draftkit.checklist.text_rules import (
    _phrases,
    _regex,
    _tone_scans,
)
from draftkit.textutil import (
    COUNT_WORD_RE,
    LETTER_RUN,
    STOPWORDS,
    WORD_RE,
    alnum_words,
    content_words,
    count_words,
    has_whole,
    last_lines,
    letter_runs,
    stem,
    words,
)

TEXT_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)?")  # the phrase prefilter's first-written word scan

# letters, digits, marks, spaces, and characters whose case or width is odd: İ ı ſ K (Kelvin) ß
TRICKY = "\x1c\x0b\r\u2028\u3000aAnNbBxXeEsStTkKiI019_<>{}[]:;^)(3'’‘“”—–…\u00a0 \t\n.,;:!?&-()[]éÉİıſKßАаН王🙂ǅ"
SAMPLES = [
    "", "Hi Priya,\n\nThank you for the the chat.", "It’s Ana’s plan — and the team’s “plan”…",
    "don't won't rock'n'roll ''s 's' O'Neil's", "İstanbul istanbul ſo so K k", "ĲSSELMEER ĳsselmeer",
    "café café CAFÉ", "Анна анна 王伟 王伟", "that that, is is. had had", "x\u00a0x\tx\n\nx", "A1 a1 _a a_ a",
    "e.g., etc., J., D.C., U.S.;", "Dr.. no.. ...,", "The\tthe THE tHe", "ǅemal ǆemal",
    "Hey yo :) ;-) <3 ^_^ :-( :D 🙂 ☀", "Dear Sir or Madam, I remain yours faithfully; hereby", "gonna wanna",
    "an hour, a Apple, An NATO, AN MBA, a‘ x’, at AT&T", "went on Light exposure limits, and Speaking with",
    "[Name] {{x}} <name> (your name) XXX xXx", "Dear <name>,", "Hi (your name)", "{x}", "[x]", "a XxX b", "\n\n  \nBest,\n \t\nAlex\n\n", "a\r\nb\r\n\r\n", "\u2028x\x1c y",
]
text_st = st.text(alphabet=st.sampled_from(TRICKY), max_size=60) | st.text(max_size=40)
PROFILE = settings(max_examples=400, derandomize=True, database=None, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])


def reference_words(text: str) -> list[str]:
    tokens = WORD_RE.findall(text.lower().replace("’", "'"))
    return [t[:-2] if t.endswith("'s") else t for t in tokens]


def reference_content_words(text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for token in reference_words(text):
        if token in STOPWORDS or len(token) < 2:
            continue
        seen.setdefault(stem(token), None)
    return tuple(seen)


def reference_token_before(text: str, end: int) -> str:
    before = re.search(r"([\w.]+)\.$", text[:end])
    return before.group(1).lower().rstrip(".") if before else ""


def assert_same(text: str) -> None:
    assert words(text) == reference_words(text)
    assert alnum_words(text) == frozenset(TEXT_WORDS.findall(text.lower()))  # the first-written scan
    assert content_words.__wrapped__(text) == reference_content_words(text)
    assert letter_runs.__wrapped__(text) == frozenset(LETTER_RUN.findall(text.casefold()))
    doubled = _doubled("broken-punctuation")
    if not may_double(text):
        assert doubled.search(text) is None
    marks = re.compile(catalog()["broken-punctuation"].data["marks"], re.IGNORECASE)
    for match in marks.finditer(text):
        assert _token_before(text, match.start() + 1) == reference_token_before(text, match.start() + 1)
    assert len(COUNT_WORD_RE.findall(text)) <= min(len(text.split()), (len(text) + 1) // 2)
    assert count_words(text) == len(COUNT_WORD_RE.findall(text))
    lines = [m.span() for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    for count in (1, 2, 5):
        assert last_lines(text, count) == lines[-count:]
    for end in range(1, len(text) + 1):
        if text[end - 1] in ".,;":
            assert _token_before(text, end) == reference_token_before(text, end)


@pytest.mark.parametrize("text", SAMPLES)
def test_fast_paths_match_reference_on_samples(text):
    assert_same(text)


@PROFILE
@given(text_st)
def test_fast_paths_match_reference_on_any_text(text):
    assert_same(text)


def reference_tone(rule_id: str, culture: str, text: str) -> list[tuple[int, int]]:
    if culture == "formal":
        patterns = [_phrases(rule_id, "casual_markers").pattern, _regex(rule_id, "emoticons"), _regex(rule_id, "emoji", 0)]
    else:
        patterns = [_phrases(rule_id, "stiff_markers").pattern]
    return [m.span() for p in patterns for m in p.finditer(text)]


def assert_same_scans(text: str) -> None:
    old_article = re.compile(ARTICLE.pattern.replace("(?=[aA])", "", 1))
    assert [m.groups() for m in ARTICLE.finditer(text)] == [m.groups() for m in old_article.finditer(text)]
    old_capital = re.compile(CAPITALISED.pattern.replace(r"(?=[ \t][ \t]*[A-Z])", "", 1))
    assert old_capital.pattern != CAPITALISED.pattern and old_article.pattern != ARTICLE.pattern
    assert [m.span(2) for m in CAPITALISED.finditer(text)] == [m.span(2) for m in old_capital.finditer(text)]
    for culture in ("formal", "casual"):
        fast = [m.span() for p in _tone_scans("tone-mismatch", culture, text, text_words(text)) for m in p.finditer(text)]
        assert fast == reference_tone("tone-mismatch", culture, text)


@pytest.mark.parametrize("text", SAMPLES)
def test_scans_match_reference_on_samples(text):
    assert_same_scans(text)


@PROFILE
@given(text_st)
def test_scans_match_reference_on_any_text(text):
    assert_same_scans(text)


@PROFILE
@given(st.lists(st.sampled_from(["the", "The", "THE", "that", "İs", "is", "ıs", "ſo", "so", "K", "k", "café"]),
                max_size=8), st.lists(st.sampled_from([" ", "\t", "  ", "\n", ", ", "’", "-", "."]), max_size=8))
def test_doubled_prefilter_on_word_sequences(tokens, separators):
    text = "".join(t + s for t, s in zip(tokens, separators + [" "] * len(tokens), strict=False))
    assert_same(text)


@PROFILE
@given(text_st, st.sampled_from(["", "a", "alex", "alex chen", "é", "_", "ss", "i̇", "王伟"]) | st.text(max_size=3))
def test_whole_word_search_matches_regex(text, word):
    for haystack in (text, text.lower(), f"{text} {word}", f"{word}{text}"):
        assert has_whole(haystack, word) == bool(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", haystack))
