"""What a draft mentions: the recipient's name in any script, the role by its initials, a topic's words."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..textutil import LETTER_RUN, STOPWORDS, content_words, letter_runs, spelled_out, topic_heads

UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")  # scripts written without spaces


def mentions(text: str, name_words: set[str]) -> bool:
    """Whether any name word appears, in any script: "Mei-Ling", "Анна", "王伟" (also inside "王伟先生")."""
    tokens = letter_runs(text)
    folded = None
    for name in name_words:
        parts, unspaced = _name_parts(name)
        if parts and all(p in tokens for p in parts):
            return True
        if unspaced:
            if folded is None:
                folded = text.casefold()
            if name.casefold() in folded:
                return True
    return False


@lru_cache(maxsize=1024)
def _name_parts(name: str) -> tuple[list[str], bool]:
    """A name word's letter runs, case-folded, and whether it is in a script written without spaces."""
    return LETTER_RUN.findall(name.casefold()), UNSPACED.search(name) is not None


VAGUE_WORDS = frozenset(content_words("stuff thing things bit bits"))  # "site stuff" is echoed by "the site"


def _topic_words(text: str) -> list[str]:
    """A topic's content words, vague ones aside; for scripts the stemmer does not know, its letter runs."""
    found = [w for w in content_words(text) if w not in VAGUE_WORDS]
    found += [w for w in LETTER_RUN.findall(text.casefold()) if not w.isascii()]
    return found


@lru_cache(maxsize=256)
def given_words(role: str, company: str) -> frozenset[str]:
    """The role's and the company's content words (NotesContext.role_words is the role's)."""
    return frozenset(content_words(role)).union(content_words(company))


@lru_cache(maxsize=256)
def topic_word_lists(topics: tuple[str, ...], given: frozenset[str]) -> tuple[list[str], ...]:
    """Each topic's (and topic head's) words, also with its shorthand spelled out ("shift sched" is
    echoed by "shift schedule"), less the role's and company's own words if any remain."""
    heads = [t for topic in topics for head in topic_heads(topic) for t in dict.fromkeys([head, spelled_out(head)])]
    return tuple([w for w in _topic_words(t) if w not in given] or _topic_words(t) for t in heads)


def echoes(topic_words: list[str], text_words: set[str] | frozenset[str], share: float, least: int) -> bool:
    """Whether the text holds enough of a topic's words: `share` of them, and `least` (or all)."""
    if not topic_words:
        return False
    needed = max(math.ceil(len(topic_words) * share), min(len(topic_words), least))
    return sum(w in text_words for w in topic_words) >= needed


def names_role_initials(role: str, text: str) -> bool:
    """The role by its initials, as people write it ("the RVT role" for a Registered Veterinary
    Technician, "DSM" for a Deputy Stage Manager): two or more capitals, as a word of their own."""
    pattern = _initials_pattern(role)
    return pattern is not None and pattern.search(text) is not None


@lru_cache(maxsize=64)
def _initials_pattern(role: str) -> re.Pattern[str] | None:
    words = [w for w in LETTER_RUN.findall(role.split(",")[0]) if w.lower() not in STOPWORDS]
    initials = "".join(w[0] for w in words).upper()
    return re.compile(rf"(?<![\w-]){initials}s?(?![\w-])") if len(initials) >= 2 else None
