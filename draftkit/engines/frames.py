"""The table of sentence frames (prompts/builtin/frames.toml) and how a frame is chosen.

Choices are keyed by a stable hash of candidate, company and person, never by list position,
and no two people on one panel get the same frame in a slot while the pool has another that fits.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2

from ..derived import toml_table
from ..templating import packaged_env, prompt_root
from .fragments import SHAPES, Fragment
from .meaning import reads_as_work

TONES = ("any", "calm", "candid")
# Slots that take a fragment: their frames accept noun-like fragments unless they say otherwise.
FRAGMENT_SLOTS = frozenset({"subject", "topic", "topic2", "link", "link_echo", "concern", "note_topic", "note_ahead", "call_topic",
                            "interest_topic"})
# Slots about what was discussed: the candidate's own words go only into their "mine" frames.
TOPIC_SLOTS = frozenset({"subject", "topic", "topic2", "link", "link_echo", "note_topic", "note_ahead", "call_topic",
                         "interest_topic"})
FORMATS = ("onsite", "video", "phone")
# Slots that make a topic the point of the letter: a practical matter (start date, relocation) never goes there.
NOT_FOR_LOGISTICS = frozenset({"subject", "link", "link_echo", "interest_topic", "note_ahead", "call_topic"})
# Slots that offer a topic as work the candidate would take on: only a piece of work goes there
# ("the intake process", "near-miss reporting"), never a figure, a perk or a quality ("lanes").
WORK_SLOTS = frozenset({"interest_topic"})
# Words that stand out when two sentences in a row use them.
ECHO_WORDS = frozenset("enjoyed valued appreciated glad learned helpful useful good time stayed conversation "
                       "grateful chance hope forward".split())
KEYS = frozenset({"id", "text", "shapes", "mine", "tone", "voice", "plain", "formats"})


@dataclass(frozen=True)
class Frame:
    """One sentence pattern: the shapes it accepts, and whether it suits "my" words and bad news."""

    slot: str
    id: str
    text: str
    shapes: tuple[str, ...]
    mine: bool
    tone: str
    voice: str = "any"
    plain: bool = False
    formats: tuple[str, ...] = FORMATS

    def suits(self, interview_format: str | None) -> bool:
        """Frames that assume a visit ("welcoming me") only for an onsite interview."""
        return self.formats == FORMATS or interview_format in self.formats

    def fits(self, fragment: Fragment | None) -> bool:
        if not self.shapes:
            return True
        if fragment is None:
            return False
        if fragment.shape not in self.shapes:
            return False
        if self.slot in TOPIC_SLOTS:
            own = fragment.own_words
            if self.voice == "mine":
                return own and fragment.act is not None
            if own:
                return False  # "what you said about my demo", "the point where I walked through …"
            if self.voice == "theirs" and fragment.pov is None and fragment.shape != "wh":
                return False  # "your view on the sample size": it may have been their question to me
        if fragment.logistics and (not self.plain or self.slot in NOT_FOR_LOGISTICS):
            return False  # "I would be glad to take on the start date"
        if self.slot in WORK_SLOTS and not reads_as_work(fragment.text):
            return False  # "I would love the chance to take on lanes"
        if fragment.timed and not self.plain:
            return False  # "had time for menu changes every six weeks"
        if (fragment.pov == "my" or (fragment.pov == "your" and fragment.shape != "clause")) and not self.mine:
            return False  # "what you said about my demo", "your view on your pricing"
        if self.tone == "calm" and fragment.challenge:
            return False
        return not (self.tone == "candid" and not fragment.challenge)

    @property
    def template(self) -> jinja2.Template:
        return _compiled(self.text)


@cache
def _compiled(text: str) -> jinja2.Template:
    return packaged_env().from_string(text)


@cache
def frame_table() -> dict[str, tuple[Frame, ...]]:
    """Every frame by slot, validated once."""
    data = toml_table(prompt_root() / "builtin" / "frames.toml")
    table: dict[str, tuple[Frame, ...]] = {}
    for slot, rows in data.items():
        frames = []
        for row in rows:
            default = ("noun", "gerund", "wh") if slot in FRAGMENT_SLOTS else ()
            shapes = tuple(row.get("shapes", default))
            unknown = set(shapes) - set(SHAPES) or ({row.get("tone", "any")} - set(TONES))
            formats = tuple(row.get("formats", FORMATS))
            unknown = unknown or (set(formats) - set(FORMATS)) or ({row.get("voice", "any")} - {"any", "mine", "theirs"})
            if unknown or set(row) - KEYS:
                raise ValueError(f"frames.toml: bad frame {row.get('id')!r} in [[{slot}]]")
            frames.append(Frame(slot, row["id"], row["text"], shapes, row.get("mine", True), row.get("tone", "any"),
                                row.get("voice", "any"), bool(row.get("plain", False)), formats))
        table[slot] = tuple(frames)
    return table


def stable_key(*parts: str) -> str:
    """A key that is the same on every machine and run (unlike hash())."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class FramePicker:
    """Picks frames for one panel: each person's own order, no frame twice in a slot."""

    def __init__(self, *seed: str, interview_format: str | None = None) -> None:
        self.seed = seed
        self.interview_format = interview_format
        self.used: dict[str, set[str]] = {}
        self.chosen: list[tuple[str, str, str]] = []  # (person key, slot, frame id), for tests

    def candidates(self, slot: str, person: str, fragment: Fragment | None = None) -> list[Frame]:
        """Frames that fit, in this person's own order, those still unused on the panel first."""
        fitting = [f for f in frame_table()[slot] if f.fits(fragment) and f.suits(self.interview_format)]
        fitting.sort(key=lambda f: stable_key(*self.seed, person, slot, f.id))
        used = self.used.get(slot, set())
        return [f for f in fitting if f.id not in used] + [f for f in fitting if f.id in used]

    def mark(self, slot: str, frame: Frame, person: str = "") -> None:
        self.used.setdefault(slot, set()).add(frame.id)
        self.chosen.append((person, slot, frame.id))

    def pick(self, slot: str, person: str, fragment: Fragment | None = None, *, after: str = "",
             skip: tuple[str, ...] = ()) -> Frame | None:
        """The first fitting frame in this person's order that no one else on the panel has
        (and, when there is a choice, that does not open like the sentence before it);
        frames whose id holds a word in `skip` are left out."""
        found = [f for f in self.candidates(slot, person, fragment) if not any(w in f.id for w in skip)]
        used = self.used.get(slot, set())
        opening = after.split()[:2]
        before = set(re.findall(r"[a-z]+", after.lower()))

        def clash(frame: Frame) -> tuple[bool, bool, bool, bool]:
            said = set(re.findall(r"[a-z]+", frame.text.lower()))
            return (frame.id in used,
                    "thank" in before and "thank" in said,  # one thank-you sentence per draft
                    bool(opening) and frame.text.split()[:2] == opening,
                    bool(before & said & ECHO_WORDS))  # "enjoyed … also enjoyed"

        found.sort(key=clash)  # stable: this person's own order otherwise
        if found:
            self.mark(slot, found[0], person)
        return found[0] if found else None


def realise(frame: Frame, **values: Any) -> str:
    """A frame with its values; notes arrive only as values, never as template code."""
    return frame.template.render(**values)
