"""Small text helpers: slugs, words, light stemming, content words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['’][A-Za-z]+)?")
COUNT_WORD_RE = re.compile(r"\S*[\w]\S*")
# A notes fragment's asides, as people type them: what follows a spaced dash or a semicolon, and
# what sits in brackets ("Phonics - they use Jolly Phonics", "billable hours target (1,800?)").
DASH = re.compile(r"\s+(?:-{1,2}|–|—)\s+")
ASIDE_TAIL = re.compile(DASH.pattern + r".*$|;\s.*$")
BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]")
# Where a job title meets its qualifier: "Associate, Commercial Litigation", "Lead Pharmacist – Stewardship".
QUALIFIER = re.compile(r",\s+|" + DASH.pattern)

STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "s", "t", "re", "ve", "ll", "d", "m", "us", "also", "via", "per", "one's", "its'", "let's"]
)


SLUG_MAX = 60


def _transliterate(text: str) -> str:
    from anyascii import anyascii

    # a wide character (Chinese, Japanese, Korean) is a syllable of its own: keep them apart
    return "".join(
        f" {anyascii(c)} " if unicodedata.east_asian_width(c) in "WF" else anyascii(c) for c in text
    )


LATIN_LETTER = re.compile(r"[A-Za-zÀ-ɏ]")


def latin_spelling(word: str, email: str | None, family: str = "") -> str | None:
    """How the owner of a name in another script spells `word` in Latin letters, when their email
    address shows it ("אורית" with orit.shimoni@… → "Orit"); None when it does not.

    An address part counts when it sounds like the word (its transliteration, about as long)
    and more like it than like the family name, so "wei.wang@" never turns 王伟 into "Wang"."""
    if not email or not word or LATIN_LETTER.search(word):
        return None
    from difflib import SequenceMatcher

    def sound(text: str) -> str:
        return re.sub(r"[^a-z]", "", _transliterate(text).lower())

    said, other = sound(word), sound(family) if family and family != word else ""
    best, best_score = None, 0.5
    for part in re.split(r"[._+-]+", email.split("@", 1)[0].lower()):
        if len(part) < 2 or not part.isalpha() or abs(len(part) - len(said)) > 2:
            continue
        score = SequenceMatcher(None, said, part).ratio()
        if score >= best_score and (not other or score > SequenceMatcher(None, other, part).ratio()):
            best, best_score = part, score
    return best.capitalize() if best else None


def slugify(text: str, limit: int = SLUG_MAX) -> str:
    """A readable ASCII name for ids and file names: lower case, words joined by '-'.

    Every script keeps a readable form (Zoë -> zoe, 王伟 -> wang-wei, Анна -> anna); the result is
    at most `limit` characters, cut at a word boundary where it can be.
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _transliterate(text)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1].rsplit("-", 1)[0] if "-" in slug[: limit + 1] else ""
        slug = (cut if len(cut) >= limit // 2 else slug[:limit]).strip("-")
    return slug or "-".join(f"u{ord(c):x}" for c in text.strip()[:8]) or "blank"


# ASCII bytes that can be part of a WORD_RE match in lower-cased text (the rest become spaces)
_WORD_BYTES = bytes(c if chr(c).isalnum() and not chr(c).isupper() or c == 39 else 32 for c in range(128)) + b" " * 128
# ASCII letters, lower-cased (the rest become spaces): letter runs of ASCII text
_LETTER_BYTES = bytes(ord(chr(c).lower()) if chr(c).isalpha() else 32 for c in range(128)) + b" " * 128
LETTER_RUN = re.compile(r"[^\W\d_]+")


# non-ASCII marks that no word pattern here matches (typographic quotes, dashes, ellipsis, no-break space)
_MARKS = "’‘“”—–…\u00a0"


def _ascii_or_none(text: str) -> str | None:
    """The text with _MARKS as spaces (same length), if that leaves it ASCII; else None."""
    if text.isascii():
        return text
    for mark in _MARKS:
        if mark in text:
            text = text.replace(mark, " ")
    return text if text.isascii() else None


def spaced(lowered: str) -> str:
    """A lower-cased ASCII text with every character but letters, digits and apostrophes a space."""
    return lowered.encode("ascii").translate(_WORD_BYTES).decode("ascii")


def word_tokens(lowered: str, pattern: re.Pattern[str] = WORD_RE) -> list[str]:
    """pattern.findall(lowered), for a pattern whose every match is letters and digits joined by
    apostrophes, with no lookaround (WORD_RE, ALNUM_WORD_RE, a mask's words): for ASCII text,
    split where no match can reach (the regex only for chunks with an apostrophe)."""
    plain = _ascii_or_none(lowered)
    if plain is None:
        return pattern.findall(lowered)
    lowered = plain
    chunks = spaced(lowered).split()
    if "'" not in lowered:
        return chunks
    tokens: list[str] = []
    for chunk in chunks:
        if "'" in chunk:
            tokens += pattern.findall(chunk)
        else:
            tokens.append(chunk)
    return tokens


ALNUM_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?")  # the phrase matcher's words (phrases.TEXT_WORDS)


def alnum_words(text: str) -> frozenset[str]:
    """ALNUM_WORD_RE.findall(text.lower()) as a set: what phrasetext.text_words gives, faster on ASCII."""
    return frozenset(word_tokens(text.lower(), ALNUM_WORD_RE))


def words(text: str) -> list[str]:
    """Lower-case word tokens, possessive 's dropped."""
    lowered = text.lower().replace("’", "'")
    tokens = word_tokens(lowered)
    return [t[:-2] if t.endswith("'s") else t for t in tokens] if "'s" in lowered else tokens


def ascii_letter_runs(text: str) -> list[str] | None:
    """LETTER_RUN.findall(text.lower()) for ASCII text (typographic marks aside), in order
    (None for any other text)."""
    text = _ascii_or_none(text)
    if text is None:
        return None
    return text.encode("ascii").translate(_LETTER_BYTES).decode("ascii").split()


@lru_cache(maxsize=1024)
def letter_runs(text: str) -> frozenset[str]:
    """The text's runs of letters, case-folded: LETTER_RUN.findall(text.casefold()) as a set."""
    runs = ascii_letter_runs(text)
    return frozenset(LETTER_RUN.findall(text.casefold()) if runs is None else runs)


# Where a jotted topic's head ends: a label's colon ("take-home review: liked the feature eng"), a
# question's mark before its answer ("beA? yes, daily") or the comma before a comment.
HEAD_END = re.compile(r":\s|\?+\s|,\s")


# Shorthand people use in notes, spelled out (lower-case keys; trailing punctuation is ignored).
SHORTHAND = {
    "w/": "with", "w/o": "without", "b/c": "because", "re:": "about", "approx": "about", "approx.": "about",
    "yr": "year", "yrs": "years", "mo": "month", "mos": "months", "wk": "week", "wks": "weeks",
    "wknd": "weekend", "wknds": "weekends", "hr": "hour", "hrs": "hours", "min": "minutes", "mins": "minutes",
    "govt": "government", "dept": "department", "depts": "departments", "mgmt": "management",
    "mgmt.": "management", "mgr": "manager", "mgrs": "managers", "ops": "operations", "req": "requirement",
    "reqs": "requirements", "yoe": "years of experience", "thru": "through", "tho": "though", "bc": "because",
    "cust": "customer", "custs": "customers", "ppl": "people", "eng": "engineering", "org": "organisation",
    "orgs": "organisations", "pts": "patients", "pt": "patient", "pax": "passengers", "fxn": "function",
    "chem": "chemistry", "bio": "biology", "stats": "statistics", "sched": "schedule", "scheds": "schedules",
    "obs": "observation", "prog": "programme", "progs": "programmes", "docs": "documents", "info": "information",
    "cert": "certification", "certs": "certifications", "incl": "including", "vs": "versus", "etc": "and so on",
    "tbd": "to be decided", "tbc": "to be confirmed", "asap": "as soon as possible", "xmas": "Christmas",
    "1st-yr": "first-year", "2nd-yr": "second-year", "3rd-yr": "third-year", "yr1": "year 1",
    "&": "and", "+": "and", "/": "and", "→": "to", "->": "to", "=>": "to", "<->": "and", "~": "around", "@": "at",
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "jun": "June", "jul": "July",
    "aug": "August", "sep": "September", "sept": "September", "oct": "October", "nov": "November", "dec": "December",
}


def spelled_token(token: str) -> str | None:
    """One word of notes spelled out, trailing punctuation kept ("yr?" → "year?"), or None."""
    found = SHORTHAND.get(token.lower().rstrip(".,;:?!"))
    return None if found is None else found + token[len(token.rstrip(",;:?!")):]


def spelled_out(text: str) -> str:
    """The text with each shorthand word spelled out ("shift sched" → "shift schedule")."""
    return " ".join(spelled_token(token) or token for token in text.split())


def topic_heads(topic: str) -> list[str]:
    """A topic, and its head without its asides when it has them (echoing the head echoes it): the
    part before a dash or brackets, and the part before a label's colon, a jotted answer or a comment."""
    head = BRACKETED.sub("", ASIDE_TAIL.sub("", topic)).strip()
    heads = [topic] + ([head] if head and head != topic else [])
    cut = HEAD_END.search(head)
    if cut:
        heads.append(head[:cut.start()].strip())
    return [h for h in heads if h == topic or re.search(r"[^\W\d_]{2}", h)]


# ASCII: a word character becomes "w", white space " "; everything else is deleted (_COUNT_DROP)
_COUNT_BYTES = bytes(119 if chr(c).isalnum() or c == 95 else 32 if chr(c).isspace() else c for c in range(256))
_COUNT_DROP = bytes(c for c in range(128) if not (chr(c).isalnum() or c == 95 or chr(c).isspace()))


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of non-space containing a letter or digit
    (len(COUNT_WORD_RE.findall(text)); on ASCII text, counted without a regex)."""
    if not text.isascii():
        plain = text.replace("\u00a0", " ")
        for mark in _MARKS:
            if mark in plain:
                plain = plain.replace(mark, "")  # not space, not a word character: dropping it keeps the count
        if not plain.isascii():
            return len(COUNT_WORD_RE.findall(text))
        text = plain
    return len(text.encode("ascii").translate(_COUNT_BYTES, _COUNT_DROP).split())


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match 'migrating' with 'migration'."""
    w = word.lower()
    if len(w) <= 3:
        return w
    for _ in range(2):
        stripped = _strip_suffix(w)
        if stripped == w:
            break
        w = stripped
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    return w


def _strip_suffix(w: str) -> str:
    for suffix, repl in (
        ("ational", "ate"), ("ization", "ize"), ("isation", "ize"), ("ations", "ate"),
        ("ation", "ate"), ("ments", ""), ("ment", ""), ("ings", ""), ("ing", ""), ("ies", "y"),
        ("ied", "y"), ("ers", ""), ("er", ""), ("ed", ""), ("ly", ""), ("es", ""), ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + repl
    return w


@lru_cache(maxsize=4096)
def content_words(text: str) -> tuple[str, ...]:
    """Stemmed words that carry meaning (no stop words), in order, without repeats."""
    return tuple(dict.fromkeys(filter(None, map(_content_stem, words(text)))))


@lru_cache(maxsize=8192)
def _content_stem(token: str) -> str:
    """A word's stem, or "" for a stop word or a single character (stems are never empty)."""
    return "" if token in STOPWORDS or len(token) < 2 else stem(token)


def last_lines(text: str, count: int) -> list[tuple[int, int]]:
    r"""Spans of the last `count` lines holding a non-space character, in order: the tail of what
    finditer of `[^\n]*\S[^\n]*` gives, read from the end of the text."""
    spans: list[tuple[int, int]] = []
    end = len(text)
    while end >= 0 and len(spans) < count:
        start = text.rfind("\n", 0, end) + 1
        if start < end and not text[start:end].isspace():
            spans.append((start, end))
        end = start - 1
    return spans[::-1]


def is_word_char(char: str) -> bool:
    """What the re module calls \\w."""
    return char.isalnum() or char == "_"


def has_whole(text: str, word: str) -> bool:
    r"""Whether `word` occurs in `text` with no word character either side, as a search for
    `(?<!\w)word(?!\w)` would find it (str.find, rather than a regex tried at every character)."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        if (start == 0 or not is_word_char(text[start - 1])) and (end == len(text) or not is_word_char(text[end])):
            return True
        start = text.find(word, start + 1)
    return False


HONORIFICS = frozenset(["mr", "mrs", "ms", "mx", "miss", "dr", "prof", "professor", "sir", "dame", "rev"])


def first_name(name: str) -> str:
    """The first word of a full name, honorifics ("Dr.") set aside."""
    parts = [p for p in name.split() if p.lower().rstrip(".") not in HONORIFICS] or name.split()
    return parts[0] if parts else name


def last_name(name: str) -> str:
    """The last word of a full name."""
    parts = name.split()
    return parts[-1] if parts else name
