"""Read each notes fragment once: its shape, point of view, tone and the light rewrites it needs.

A fragment is a topic, highlight, concern or the role, as the candidate typed it. The composer
only puts a fragment into a sentence frame that accepts its shape, so no frame ever has to guess.
"""

from __future__ import annotations

import gzip
import re
import sys
import types
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

from ..textutil import QUALIFIER, STOPWORDS

Shape = Literal["noun", "gerund", "wh", "clause", "question", "first_person"]
SHAPES: tuple[Shape, ...] = ("noun", "gerund", "wh", "clause", "question", "first_person")

AUX = frozenset(
    "is are was were am be been being has have had do does did will would can could should shall "
    "may might must isn't aren't wasn't weren't hasn't haven't hadn't don't doesn't didn't won't "
    "wouldn't can't couldn't shouldn't".split()
)
WH = frozenset("how why what when where which who whom whose whether".split())
FIRST_PERSON = frozenset("i i'm i've i'd i'll we we're we've we'd we'll".split())
SUBJECTS = frozenset("they he she it you there this that these those".split())
SUBJECT_CONTRACTION = re.compile(r"^(?:they|you|he|she|it|there|that)['’](?:re|s|ve|ll|d)$")
MINE = frozenset("i i'm i've i'd i'll me my mine myself".split())
# -ing words that are nouns in their own right ("nursing", "funding"): a noun phrase, not a verb.
NOUN_ING = frozenset(
    "banking billing building catering clothing engineering evening funding hearing housing "
    "landscaping learning lending marketing meeting morning nursing offering onboarding painting "
    "planning plumbing pricing processing programming recruiting reporting scheduling setting "
    "spending staffing teaching testing training wording writing wiring tooling hiring "
    "accounting advertising bookkeeping consulting coaching counseling manufacturing mentoring "
    "modeling modelling networking outsourcing packaging parking printing publishing purchasing "
    "shipping sourcing tutoring welding".split()
)
IRREGULAR_PAST = frozenset(
    "led built ran cut grew won made wrote taught drove took set spoke brought held began kept "
    "found rebuilt rewrote oversaw sold bought met paid got gave left lost became chose fell rose "
    "shrank sank spent went saw fed sped bled".split()
)
# Words that turn a topic into news the interviewer shared with some regret: no "highlight" frame.
CHALLENGE = frozenset(
    "drop dropping dropped fall falling fell decline declining declined turnover shortage "
    "shortages backlog layoff layoffs cut cuts deficit problem problems issue issues challenge "
    "challenges struggle struggling churn complaint complaints attrition burnout delay delays "
    "understaffed understaffing gap gaps risk risks failing failed fail loss losses lost audit "
    "postmortem post-mortem breach breaches shrinkage "
    "lawsuit incident incidents outage outages vacancy vacancies freeze shrinking pressure "
    "overtime strike strikes closure closing debt slow slowdown backlog errors error mistakes "
    "frustration tension conflict budget budgets".split()
)
DETERMINERS = frozenset("a an the my our your their his her its this that these those".split())
PREPOSITION_AFTER_VERB = frozenset("to from by in into after for over under at on with".split())
TOKEN_RE = re.compile(r"\S+")
# A time in a noun phrase makes it an event ("ISO certification next year", "menu changes every
# six weeks"): only plain frames ("our conversation about …") keep its meaning.
TIMED = re.compile(
    r"(?i)\b(?:(?:next|last|this|every|each) (?:\w+ )?(?:years?|weeks?|months?|quarters?|days?|spring|summer|"
    r"fall|autumn|winter|morning|night|shift|season)|since|every|weekly|monthly|yearly|annually|daily|"
    r"(?:in|by|from|until) (?:19|20)\d\d)\b")
# Product names that are also dictionary words: written with a capital, they keep it.
PRODUCTS = frozenset(
    "epic slack notion dovetail workday zoom canvas relativity toast square lever linear sage oracle "
    "harvest excel outlook salesforce dropbox facebook snowflake mailchimp quickbooks bamboohr".split())
# Verbs whose past tense is irregular, back to the form after "to" ("the chance to lead …").
BASE_OF = {"led": "lead", "ran": "run", "gave": "give", "taught": "teach", "spoke": "speak", "told": "tell",
           "went": "go", "made": "make", "took": "take", "brought": "bring", "wrote": "write", "built": "build",
           "drew": "draw", "showed": "show", "shown": "show", "did": "do", "sent": "send", "set": "set",
           "put": "put", "read": "read", "began": "begin", "held": "hold", "met": "meet", "sat": "sit",
           "grew": "grow", "won": "win", "kept": "keep", "found": "find", "drove": "drive", "sold": "sell",
           "bought": "buy", "chose": "choose"}
THROUGH_VERBS = frozenset({"walk", "talk", "take"})
# Practical matters of a hire, not the work: never a subject line, a highlight or something to "take on".
LOGISTICS = re.compile(r"(?i)\b(?:start(?:ing)? dates?|start(?:ing)?\s+(?:on\s+|in\s+)?(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)|relocat\w*|moving (?:to|from)|notice|salary|salaries|"
                       r"pay|compensation|benefits|reimburse\w*|visas?|sponsorship|clearance|background check|"
                       r"parking|commut\w*|probation|contract length|references|billable|"
                       r"(?:hybrid|remote|flexible|home) work\w*|work\w* from home|wfh|off-?sites?|away days?|"
                       r"dress code|uniforms?|(?:annual|study|parental|maternity|paternity|sick) leave|holiday allowance|pensions?|overtime|working hours|"
                       r"shift patterns?|team (?:lunch|lunches|socials?|drinks|party|parties)|christmas party|"
                       r"(?:drug|alcohol) tests?|police checks?|dbs checks?|"
                       r"(?:staff|campus|on-?site|company) (?:housing|accommodation|transport|bus|shuttle|meals?|canteen|"
                       r"parking|car|van|vehicle|ute|phone)|"
                       r"(?:housing|accommodation|transport|meals?|uniforms?|tools|gear|vans?|utes?|cars?|phones?|laptops?) "
                       r"(?:is |are )?provided|"
                       r"commission (?:structure|plan|rate|split)s?|on-target earnings|ote|bonus(?:es)?|"
                       r"allowances?|(?:training|learning|education|travel|equipment) budgets?|fuel cards?|"
                       r"company (?:car|van)s?|per diems?|stipends?|self-scheduling|"
                       r"float pool\w*|\d+x\d+s?)\b")
# "why teaching", "why SaaS after 4 years in hardware": the interviewer's question to the candidate.
WHY_CHOICE = re.compile(r"(?i)^why\s+(?!(?:the|a|an|this|that|these|those|you|your|they|their|we|our|he|she|it|i)\b)(\S.*)$")
TRAILING = ".;,:!?"


@dataclass
class Fragment:
    """One notes fragment, read once."""

    field: str
    raw: str
    text: str
    shape: Shape
    pov: str | None = None
    challenge: bool = False
    changes: list[str] = field(default_factory=list)
    timed: bool = False
    act: str | None = None  # the candidate's own words as what they did: "walk you through my plan"
    logistics: bool = False  # a practical matter (start date, relocation, clearance): said plainly, never a highlight

    @property
    def own_words(self) -> bool:
        """The candidate's own words ("my demo lesson", "I walked through my plan")."""
        return self.pov == "my" or self.shape == "first_person"

    @property
    def mine(self) -> bool:
        """In the candidate's own voice (my, I): a second-person frame would misquote it."""
        return self.pov == "my"

    @property
    def nounlike(self) -> bool:
        """Fits after "about"/"on": a noun, gerund or wh-phrase."""
        return self.shape in ("noun", "gerund", "wh")


@cache
def common_words() -> frozenset[str]:
    """Lower-case English dictionary words (a capital on one of them opening a fragment is
    usually just the start of a line, not a name)."""
    data = resources.files("draftkit.engines").joinpath("data/common_words.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("ascii").split())


@cache
def _inflect_engine():
    """inflect's engine, imported without typeguard's import-time instrumentation.

    inflect wraps its methods in typeguard's @typechecked, which costs about a second at import;
    the checks are for inflect's own development, so the decorator is a no-op while it loads.
    """
    if "inflect" not in sys.modules:
        real = sys.modules.get("typeguard")
        stub = types.ModuleType("typeguard")
        stub.typechecked = lambda target=None, **_: target  # type: ignore[attr-defined]
        sys.modules["typeguard"] = stub
        try:
            import inflect  # noqa: F401
        finally:
            if real is None:
                del sys.modules["typeguard"]
            else:
                sys.modules["typeguard"] = real
    import inflect

    return inflect.engine()


def article(phrase: str) -> str:
    """"a" or "an" for a phrase, by sound (an MBA, a URL, an hour, a one-off)."""
    first = phrase.split()[0] if phrase.split() else phrase
    letters = re.sub(r"[^A-Za-z]", "", first)
    if letters.isupper() and len(letters) > 1 and letters[0] == "U":
        return "a"  # "you": a URL, a UX review (inflect says "an URL")
    if re.match(r"[A-Z]\d", first):  # "R9m", "F1", "M4": the letter is said by its name
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return _inflect_engine().a(phrase).split(" ", 1)[0]


def with_article(phrase: str) -> str:
    return f"{article(phrase)} {phrase}"


def proper_words(texts: list[str]) -> frozenset[str]:
    """Words the notes write with a capital where no sentence starts: names to keep."""
    seen: set[str] = set()
    for text in texts:
        tokens = TOKEN_RE.findall(text)
        for i, token in enumerate(tokens):
            word = token.strip("\"'()[],.;:!?")
            if i and word[:1].isupper() and not tokens[i - 1].endswith((".", "!", "?", ":")):
                seen.add(word)
    return frozenset(seen)


def _keeps_capital(word: str, proper: frozenset[str]) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    if not word[:1].isupper():
        return True
    if letters.lower() in PRODUCTS:
        return True
    if word in proper or letters in proper or word.rstrip("'s’") in proper:
        return True
    if word == "I" or word.startswith(("I'", "I’")):
        return True
    if len(letters) > 1 and any(c.isupper() for c in letters[1:]):
        return True  # an acronym or a brand written in mixed case: ICU, iPad, McKinsey
    if any(c.isdigit() for c in word):
        return True
    base = letters.lower()
    return (base not in STOPWORDS and base not in common_words() and not base.endswith("ing")
            and not _compound(base))


def _compound(word: str) -> bool:
    """Two dictionary words run together ("backflow", "workflow"): a common noun, not a name."""
    words_ = common_words()
    return any(word[:i] in words_ and word[i:] in words_ for i in range(4, len(word) - 3))


def base_verb(word: str) -> str | None:
    """ "walked" → "walk", "shared" → "share", "planned" → "plan", "led" → "lead"; None if unsure."""
    word = word.lower()
    if word in BASE_OF:
        return BASE_OF[word]
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    if not word.endswith("ed"):
        return word if word in common_words() and word not in AUX else None
    for candidate in (word[:-1], word[:-2]):
        if candidate in common_words() and candidate not in STOPWORDS:
            return candidate
    if len(word) > 5 and word[-3] == word[-4]:
        return word[:-3]
    return None


def own_act(text: str, shape: str) -> str | None:
    """The candidate's own words as a verb phrase after "the chance to": "I walked through my plan"
    → "walk you through my plan", "my demo lesson" → "walk you through my demo lesson"."""
    tokens = text.split()
    if shape == "first_person":
        if len(tokens) < 3 or tokens[0].lower() not in ("i", "we"):
            return None
        verb = base_verb(tokens[1].strip(",."))
        if verb is None or tokens[1].lower() in AUX:
            return None
        rest = tokens[2:]
        if verb in THROUGH_VERBS and rest[0].lower() == "through":
            return " ".join([verb, "you", *rest])
        return " ".join([verb, *rest])
    if shape == "noun":
        return f"walk you through {text}"
    if shape == "wh":
        return f"talk you through {text}" if re.search(r"\bexplain", text) else f"explain {text}"
    return None


def _lower_first(text: str, proper: frozenset[str], changes: list[str]) -> str:
    first, _, rest = text.partition(" ")
    if first in ("My", "Our", "The", "Their", "Your", "A", "An") and rest:
        changes.append(f'lower-cased "{first}"')
        return first.lower() + " " + rest  # "My NY bar admission" → "my NY bar admission"
    if rest[:1].isupper() and rest.split(" ", 1)[0].lower() not in STOPWORDS:
        return text  # "Vision Zero outcomes", "New York office": a name of several words
    if _keeps_capital(first, proper):
        return text
    changes.append(f'lower-cased "{first}" (read as the start of the phrase, not a name)')
    return first[:1].lower() + text[len(first[:1]):]


def _clean(raw: str, changes: list[str]) -> tuple[str, bool]:
    text = " ".join(raw.split())
    asked = text.endswith("?")
    stripped = text.rstrip(TRAILING + " ")
    if asked:
        changes.append('dropped the "?"')
    elif stripped != text:
        changes.append("dropped the closing punctuation")
    stripped = stripped.strip("\"“”")
    return stripped, asked


# Where a relative clause starts: its verb ("children who are new to English") is not the fragment's.
RELATIVE = frozenset("who whom whose which where".split())
# Participles that list what comes with a job ("ute and tools provided"): no verb of a clause.
LISTING = frozenset("provided included supplied covered paid reimbursed required needed preferred".split())


def _finite_verb_inside(tokens: list[str]) -> bool:
    """A finite verb after the first word: "the team is moving", "pass rates dropped to 41%"
    (tokens lower-cased; "may" arrives as "May" when it is the month, so its capital is kept)."""
    for i, token in enumerate(tokens[1:], start=1):
        if token in RELATIVE:
            return False
        if token in AUX:
            return True
        if token in LISTING and i == len(tokens) - 1:
            return False
        past = (len(token) > 3 and token.endswith("ed")) or token in IRREGULAR_PAST  # never "18th ed", "bed"
        if past and tokens[i - 1] not in DETERMINERS and tokens[i - 1] not in PREPOSITION_AFTER_VERB:
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if not after or after in PREPOSITION_AFTER_VERB or after in DETERMINERS or after[:1].isdigit():
                return True
    return False


def shape_of(text: str, asked: bool) -> Shape:
    # "IT Park …" and "… in May" keep their capitals: an acronym and a month, not "it" and "may"
    # ("May I …" opening a question is the verb)
    tokens = [t if t == "IT" or (t == "May" and i) else t.lower().strip("\"'(),")
              for i, t in enumerate(text.split())]
    if not tokens:
        return "noun"
    first, second = tokens[0], (tokens[1] if len(tokens) > 1 else "")
    if first in FIRST_PERSON:
        return "first_person"
    if first in AUX and asked:
        return "question"
    if first in WH:
        return "question" if second in AUX else "wh"
    if first in SUBJECTS and second and second not in ("of", "and"):
        return "clause"
    if SUBJECT_CONTRACTION.match(first):  # "they're rebuilding the scorecards", "it's a 24-bed unit"
        return "clause"
    if _finite_verb_inside(tokens):
        return "clause"
    if first.endswith("ing") and len(first) > 4 and (first not in NOUN_ING or second in DETERMINERS):
        return "gerund"  # "building an outbound team": a verb, though "building" can be a noun
    return "noun"


def _pov(tokens: list[str]) -> str | None:
    if any(t in MINE for t in tokens):
        return "my"
    for t in tokens:
        if t in ("our", "we", "us"):
            return "our"
        if t in ("your", "you"):
            return "your"
        if t in ("their", "they"):
            return "their"
    return None


# "How do I see X?", "how would I handle X": a question put to the candidate, said as what they explained.
ASKED_ME = re.compile(r"(?i)^(how|why|what|when|where|which)\s+(do|would|will|can|could|should)\s+I\s+(\S.*)$")


def analyse(field_name: str, raw: str, proper: frozenset[str]) -> Fragment:
    """Read a topic-like fragment (a topic, or the topic half of a concern)."""
    changes: list[str] = []
    text, asked = _clean(raw, changes)
    asked_me = ASKED_ME.match(text)
    if asked_me:
        wh, aux, rest = asked_me.groups()
        text = f"{wh.lower()} I {rest}" if aux.lower() == "do" else f"{wh.lower()} I {aux.lower()} {rest}"
        asked = False
        changes[:] = [f'wrote it as "{text}" (the question was put to you)']
    shape = shape_of(text, asked)
    if shape == "question" and asked:
        changes.remove('dropped the "?"')  # question frames ask it again
    text = _lower_first(text, proper, changes)
    tokens = [t.lower().strip("\"'(),.") for t in text.split()]
    pov = _pov(tokens)
    text, pov = _employer_as_you(text, tokens, shape, pov, changes)
    if shape == "question":
        text, shape = _reasons(text, shape, changes)
        pov = "your" if shape == "noun" else pov
    if shape == "wh" and len(tokens) <= 2 and not WHY_CHOICE.match(text):
        shape = "question"  # "what tools": a question with no verb reads only as the question it was
    choice = WHY_CHOICE.match(text)
    if shape == "wh" and choice and not _finite_verb_inside(tokens):
        text = f"why I chose {choice.group(1)}"
        changes.append(f'wrote it as "{text}" (the question was put to you)')
        pov = "my"
    lead = text.split(" ", 1)[0]
    if (shape == "noun" and verb_first(tokens) and re.fullmatch("[a-z]{3,}", lead) and lead not in NOUN_FIRST | DETERMINERS
            and not lead.endswith("ing")):  # "onboarding 6 weeks" is no order to turn into "onboardinging"
        text, shape = _inflect_engine().present_participle(lead) + text[len(lead):], "gerund"  # "explain a result to …"
        changes.append(f'wrote it as "{text}" (a task set in the interview)')
    if shape == "noun" and _needs_the(text):
        text = "the " + text
        changes.append('added "the" before it')
    challenge = any(t in CHALLENGE for t in tokens) or bool(re.search(r"\bdown (to|by)\b", text))
    fragment = Fragment(field_name, raw, text, shape, pov, challenge, changes)
    # a comparison ("CGE versus DSGE models") is talked about, never "taken on": plain frames only
    fragment.timed = fragment.nounlike and (bool(TIMED.search(text)) or " versus " in text)
    fragment.logistics = bool(LOGISTICS.search(text))
    if fragment.own_words:
        fragment.act = own_act(text, shape)
    return fragment


# First words that read as nouns before an article or a figure ("budget a …" aside): never made a task.
NOUN_FIRST = frozenset("team teams staff budget time times data cost costs pay rate rates week weeks day days notice "
                       "year years hour hours site sites case cases shift shifts".split())
WHY_YOU = re.compile(r"(?i)^why (?:did|do|does|would) you ([a-z]+)\b(.*)$")


NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten twelve fifteen twenty "
                         "thirty forty fifty hundred dozen several".split())


def verb_first(tokens: list[str]) -> bool:
    """ "run a weekly clinic", "plan a 3-day itinerary": a verb, since an object follows at once
    (tokens lower-cased)."""
    if len(tokens) < 2:
        return False
    after = tokens[1]
    return after in DETERMINERS or after[:1].isdigit() or after in NUMBER_WORDS


def _reasons(text: str, shape: str, changes: list[str]) -> tuple[str, str]:
    """ "why did you choose X" is the interviewer's own explanation: "your reasons for choosing X",
    never a question pasted into a sentence ("one question: why did you choose X?")."""
    found = WHY_YOU.match(text)
    if not found:
        return text, shape
    verb = _inflect_engine().present_participle(found.group(1).lower())
    new = f"your reasons for {verb}{found.group(2)}"
    changes.append(f'wrote it as "{new}"')
    return new, "noun"


def _employer_as_you(text: str, tokens: list[str], shape: str, pov: str | None,
                     changes: list[str]) -> tuple[str, str | None]:
    """ "their move to weekend rotas", "they switched vendors", "why did they choose X": the
    employer is the person written to, so "your"/"you" (never "they" about their own team)."""
    if not tokens:
        return text, pov
    words_ = text.split(" ")
    at = None
    if tokens[0] in ("their", "they") and shape in ("noun", "gerund", "clause"):
        at = 0
    elif shape == "question" and len(tokens) > 2 and tokens[1] in AUX and tokens[2] in ("they", "their"):
        at = 2
    elif shape == "question" and len(tokens) > 1 and tokens[0] in AUX and tokens[1] in ("they", "their"):
        at = 1
    if at is None and shape in ("wh", "clause", "noun", "gerund"):
        # "why they're moving to Epic", "why healthcare is their biggest bet": no plural before
        # "they" that it could mean instead ("how buyers say they choose"), so it is the employer
        at = next((i for i, t in enumerate(tokens) if t in THEY_AS_YOU), None)
        if at is not None and any(t.endswith("s") and len(t) > 3 and t not in STOPWORDS for t in tokens[:at]):
            at = None
    if at is None:
        return text, pov
    said = []
    for i in range(at, len(words_)):
        old = words_[i]
        new = THEY_AS_YOU.get(old.lower().replace("’", "'"))
        if new is not None:
            words_[i] = new
            said.append(f'"{old}" as "{new}"')
    changes.append(f'wrote {", ".join(said)} (the interviewer\'s team)')
    return " ".join(words_), "your"


THEY_AS_YOU = {"they": "you", "their": "your", "them": "you", "theirs": "yours", "they're": "you're",
               "they've": "you've", "they'll": "you'll", "they'd": "you'd", "themselves": "yourselves"}


MASS_ENDINGS = ("ing", "ness", "ity", "ship", "ance", "ence", "ism", "ety", "work", "ware", "s", "ics", "tion")
# -ment nouns read without "the" ("performance management"); other -ment heads take it ("the bilingual requirement").
MASS_MENT = frozenset("management recruitment equipment employment procurement development treatment assessment "
                      "engagement investment enrolment enrollment retirement payment government entertainment "
                      "environment improvement".split())


# Nouns that read without "the" on their own ("I enjoyed talking about research").
# (Words with a mass ending, "-ity", "-th", "-acy" …, need no entry.)
MASS_WORDS = frozenset("research data software hardware feedback advice revenue math art "
                       "music sport payroll tax freight traffic furniture welfare food waste energy travel culture "
                       "inclusion law medicine care chemistry history industry dentistry surgery poetry "
                       "forestry carpentry joinery machinery poverty ministry".split())


def _needs_the(text: str) -> bool:
    """A bare singular noun phrase ("after-school robotics club") reads as a splice without "the"."""
    tokens = text.split()
    if len(tokens) > 2 and tokens[0].isupper() and tokens[1] == "of":
        return True  # "UX of the incident form" → "the UX of …"
    named = len(tokens) > 2 and tokens[0].lower() in PRODUCTS and tokens[0][1:].islower()
    if named and not any(t in PREPOSITION_AFTER_VERB or t in ("of", "and") for t in tokens):
        tokens = [tokens[0].lower(), *tokens[1:]]  # "Epic safety observations app" → "the Epic …"
    if re.fullmatch(r"[A-Z][\w+#.-]* to [A-Z][\w+#.-]* [a-z]+", text) and tokens[-1] in common_words():
        return True  # "Stata to Python migration" → "the Stata to Python migration"
    modifies = len(tokens) > 1 and tokens[1] not in ("and", "or", "of", *PREPOSITION_AFTER_VERB)  # not "Naloxone and …"
    if (len(tokens) > 2 and modifies and tokens[0][:1].isupper() and not tokens[0].isupper()
            and tokens[0].lower() not in common_words() and all(t.isalpha() and t.islower() for t in tokens[1:])):
        tokens = ["brand", *tokens[1:]]  # "ServiceTitan dispatch board" → "the ServiceTitan dispatch board"
    if modifies and tokens[0].isupper() and tokens[0].isalpha() and all(t.isalpha() and t.islower() for t in tokens[1:]):
        tokens = ["brand", *tokens[1:]]  # "EPMA rollout" → "the EPMA rollout"
    if len(tokens) == 1 and tokens[0].isalpha() and tokens[0].islower():  # "rota", "caseload", "territory"
        word = tokens[0]
        return ((word in common_words() or _compound(word)) and word not in STOPWORDS and word not in MASS_WORDS
                and not word.endswith((*MASS_ENDINGS, "ment", "ogy", "acy", "th", "age")))
    if len(tokens) < 2 or not tokens[0].islower() or not tokens[0][:1].isalpha():
        return False
    if tokens[0] in DETERMINERS or tokens[0] in STOPWORDS:
        return False
    head = tokens[-1]
    for i, token in enumerate(tokens[1:], start=1):
        if token in PREPOSITION_AFTER_VERB or token in ("of", "and", "across", "between", "through", "without"):
            head = tokens[i - 1]
            break
    head = head.strip(",.").lower()
    if head.endswith("s") and " of the " in f" {text} ":
        return head.isalpha()  # "effects of the CCB" → "the effects of the CCB"
    parts = head.split("-")
    if len(parts) > 1 and all(x.isalpha() and x in common_words() for x in parts):
        return not parts[-1].endswith(MASS_ENDINGS)  # "ride-along on a call" → "the ride-along …"
    if head.endswith("ment"):
        return head not in MASS_MENT
    return head.isalpha() and head in common_words() and not head.endswith(MASS_ENDINGS)


def analyse_role(raw: str) -> Fragment:
    """The role as it reads mid-sentence: no parenthetical, no leading article."""
    changes: list[str] = []
    text = " ".join(raw.split())
    bare = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", text).strip()
    if bare and bare != text:
        changes.append("left out the part in brackets")
        text = bare
    parts = QUALIFIER.split(text)  # "Title, Qualifier" or "Title – Qualifier"
    if len(parts) == 2 and 1 <= len(parts[0].split()) <= 3 and parts[1]:
        left, right = parts[0], parts[1].replace(" & ", " and ")
        text = _title_with_qualifier(left, right)  # "Associate, Commercial Litigation" → "Commercial Litigation Associate"
        changes.append(f'wrote it as "{text}"')
    lead = re.match(r"(?i)(a|an|the)\s+", text)
    if lead and len(text) > len(lead.group(0)):
        changes.append(f'left out the leading "{lead.group(1)}"')
        text = text[lead.end():]
    if len(text.split()) > LONG_ROLE_WORDS:
        short = re.split(r",\s|\s(?:of|for|and|in|with|–|-)\s", text, maxsplit=1)[0]
        if 1 <= len(short.split()) <= LONG_ROLE_WORDS and short != text:
            changes.append(f'shortened it to "{short}" ({len(text.split())} words read badly in a sentence)')
            text = short
    return Fragment("role", raw, text.rstrip(TRAILING), "noun", None, False, changes)


LONG_ROLE_WORDS = 6
# A qualifier goes before the title only while the whole stays a short, capitalised name.
FLIPPED_ROLE_WORDS = 3


def _title_with_qualifier(title: str, qualifier: str) -> str:
    """ "Account Executive - Mid-Market" reads "Mid-Market Account Executive"; a longer or
    lower-case qualifier ("Regional Climate Modelling", "Gran Vía flagship", "Labour and
    Delivery") makes a stack no one writes, so the bare title is kept."""
    words = qualifier.split()
    if len(words) + len(title.split()) <= FLIPPED_ROLE_WORDS and all(w[:1].isupper() for w in words):
        return f"{qualifier} {title}"
    return title
