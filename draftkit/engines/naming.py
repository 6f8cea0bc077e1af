"""How the drafts name people and organisations: the greeting name, and "the" before an institution.

Rules, not lists of people: a name is read as family-name-first when its first word is a common
Vietnamese family name (with at least three words) or when it is written in Chinese, Japanese or
Korean script; a title in the name ("Dr.", "Prof.") is kept in every culture but the casual one;
two-word given names ("Ana Lucia", "Jean Paul") stay whole.
"""

from __future__ import annotations

import re
import unicodedata

from ..textutil import HONORIFICS, LATIN_LETTER, QUALIFIER, latin_spelling

VIETNAMESE_FAMILY = frozenset(
    "nguyễn nguyen trần tran lê le phạm pham hoàng hoang huỳnh huynh phan vũ vu võ vo đặng dang "
    "bùi bui đỗ do hồ ho ngô ngo dương duong lý ly đinh dinh trương truong lâm lam mai tạ ta".split())
# Given names that often come second in a two-part given name (Ana Lucia, Jean Paul, Mary Jane).
SECOND_GIVEN = frozenset(
    "lucia lucía luisa maria maría josé jose paul pierre jacques luc claude marie jane ann anne elena "
    "carmen isabel teresa fernanda clara sofia sofía beatriz carlos manuel pablo miguel antonio luis "
    "louise rose kate lynn grace eduardo andrés andres ángel angel".split())
FIRST_GIVEN = frozenset(
    "ana anna maria maría mary marie jean juan josé jose luis luz rosa john jean-pierre mary-jane "
    "pedro carlos miguel francisco".split())
# Titles that name a calling or a degree, not just Mr or Ms: kept in a name's greeting unless the
# tone is casual ("Dr. Liu"), and a salutation opening on one is used whatever the tone ("Rev. Jacobs").
STANDING_TITLES = frozenset("dr prof professor rev reverend fr father sister sr brother br pastor rabbi imam judge "
                            "justice hon captain capt colonel col major sheikh chief".split())
# Salutations that name nobody: the person's own name is used instead.
BARE_HONORIFICS = frozenset({"sir", "ma'am", "maam", "madam", "madame", "sir/madam", "sir or madam", "boss", "mister"})
INSTITUTION_HEADS = frozenset(
    "department ministry office bureau agency administration commission council board institute "
    "university college court city county state province government ville cabinet secretariat "
    "republic kingdom embassy".split())
INSTITUTION_TAILS = frozenset(
    "system institute authority agency commission council board service services department "
    "ministry foundation trust district consortium library".split())


def _script(name: str) -> str:
    """ "cjk" when the name is written in Chinese, Japanese or Korean script, else "latin"/"other"."""
    for ch in name:
        if ch.isalpha():
            what = unicodedata.name(ch, "")
            if what.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")):
                return "cjk"
            return "latin" if "LATIN" in what else "other"
    return "other"


def split_name(name: str) -> tuple[str | None, str, str]:
    """(title, given name, family name) of a full name, in the order its culture writes it."""
    words = name.split()
    title = None
    if words and words[0].lower().rstrip(".") in HONORIFICS:
        title, words = words[0], words[1:]
    if not words:
        return title, name, name
    if _script(name) == "cjk":
        if len(words) > 1:
            return title, " ".join(words[1:]), words[0]
        return title, words[0], words[0]  # "王伟": no space to split on; the whole name
    if len(words) >= 3 and words[0].lower() in VIETNAMESE_FAMILY:
        return title, words[-1], words[0]  # "Nguyễn Thị Lan": Lan
    if len(words) >= 3 and words[0].lower() in FIRST_GIVEN and words[1].lower() in SECOND_GIVEN:
        return title, " ".join(words[:2]), " ".join(words[2:])
    if len(words) >= 3 and re.fullmatch(r"[^\W\d_]{1,3}\.", words[0]):  # "Ma. Theresa Dizon": Ma. Theresa
        return title, " ".join(words[:2]), " ".join(words[2:])
    if len(words) == 1:
        return title, words[0], words[0]
    return title, words[0], words[-1]


def greeting_name(name: str, salutation: str | None, culture: str, email: str | None = None) -> str:
    """The name after "Dear"/"Hi": the salutation when formal, or whatever the tone when it names a
    calling or a degree ("Rev. Jacobs"; never a bare "Sir"), else the given name (with a
    doctor's or professor's title kept unless the tone is casual) — never the full name. A given
    name in another script is written as its owner spells it in Latin letters, where their email
    address shows it ("Hi Orit", not "Hi אורית" in an English letter)."""
    title, given, family = split_name(name)
    given = latin_spelling(given, email, family) or given
    if salutation and salutation.strip(" .,").lower() in BARE_HONORIFICS:
        salutation = None  # "Dear Sir" greets anyone: their name does better
    standing = bool(salutation) and salutation.split()[0].lower().rstrip(".") in STANDING_TITLES
    if salutation and (culture == "formal" or standing or (culture != "casual" and not LATIN_LETTER.search(given))):
        return salutation  # "Dear Mr. Gupta", "Dear Rev. Jacobs", not "Hello राजेश": the address they gave
    if culture != "casual" and title and title.lower().rstrip(".") in STANDING_TITLES:
        return f"{title} {family}"
    if culture == "formal" and title:
        return f"{title} {family}"
    return given


def given_name(name: str) -> str:
    return split_name(name)[1]


# A legal form closing a company's registered name: people leave it out when they write to them.
LEGAL_FORM = re.compile(
    r"(?:,?\s+|\s*\()(?:\(?Pty\)? Ltd|Pvt\.? Ltd|Pte\.? Ltd|Private Limited|Co\.,? Ltd|[Ss]p\. ?z ?o\. ?o|S\.A\.(?:B\.)? de C\.V|"
    r"g?GmbH(?: & Co\.? KG)?|mbH|PartG mbB|Inc|Incorporated|L\.?L\.?C|P\.?L\.?L\.?C|L\.?L\.?P|Ltd|Limited|PLC|plc|AG|KG|"
    r"S\.?A\.?S|S\.?A\.?R\.?L|S\.à r\.l|S\.?r\.?l|S\.?p\.?A|S\.?A|S\.L|B\.?V|N\.?V|Oyj?|AB|A/S|ASA|ApS|"
    r"K\.K|Ltda|A\.Ş|Corp)\.?\)?$")


def trading_name(company: str) -> str:
    """The company without the legal form of its registered name: "Hargrove & Pike" for
    "Hargrove & Pike LLP", "Nowak Logistyka" for "Nowak Logistyka Sp. z o.o."."""
    short = LEGAL_FORM.sub("", company.strip()).strip()
    if not short or re.search(r"(?:&|\band|\bund|\bet|\by)$", short, re.IGNORECASE):
        return company  # nothing but the form, or "Smith & Co. Ltd": the rest is no name on its own
    return short


def institution(company: str) -> str:
    """The company as it reads after "at"/"join": "the Department of Transportation", "the
    Riverbend County Public Library System", "the Harbor Hotel"; a firm's name stays bare, and
    loses the legal form of its registered name ("Hargrove & Pike LLP": "Hargrove & Pike")."""
    words = company.split()
    if not words:
        return company
    short = trading_name(company)
    if short != company:  # a registered firm ("Tata Consultancy Services Pvt. Ltd."): no "the" of its own
        return "the " + short[4:] if short.startswith("The ") else short
    if any(w.endswith(("'s", "’s")) for w in words[:-1]):
        return company  # "St Aldhelm's NHS Foundation Trust": a name with a possessive takes no "the"
    if words[0] == "The" and len(words) > 1:
        return "the " + " ".join(words[1:])
    if words[0].lower() in ("the", "la", "le", "el", "les", "los", "las", "il", "der", "die", "das"):
        return company
    head = re.sub(r"[^\w]", "", words[0]).lower()
    tail = re.sub(r"[^\w]", "", words[-1]).lower()
    has_of = any(w.lower() in ("of", "de", "du", "des", "for") for w in words[1:-1])
    if head in INSTITUTION_HEADS and (has_of or len(words) == 1 or tail in INSTITUTION_TAILS):
        return "the " + company
    if has_of and any(re.sub(r"[^\w]", "", w).lower() in INSTITUTION_HEADS for w in words):
        return "the " + company
    if len(words) > 1 and tail in INSTITUTION_TAILS:
        return "the " + company
    return company


# Titles held by one person in a team ("the founder", "the head of year 9"); others take "a"/"an".
SINGLE_TITLE = re.compile(r"(?i)\b(founder|co-founder|owner|head|director|chief|president|principal|dean|chair|"
                          r"chairman|chairwoman|chairperson|deputy|manager|governor|superintendent|lead|"
                          r"supervisor|executive|[ES]?VP|[A-Z]?C[A-Z]O)\b")


def title_as(title: str) -> str:
    """An interviewer's job title after "as": "the founder", "a biostatistician", "the CMO",
    "the head of Year 9" — common words lower-cased, names and acronyms kept."""
    from .fragments import PRODUCTS, common_words, with_article

    title = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", title).strip() or title  # "Economist (EC-04)" → "Economist"
    title = re.split(rf"{QUALIFIER.pattern}|\s+/\s+", title, maxsplit=1)[0]  # "Chief Economist, Tax Policy Branch"
    words_ = title.split()
    plain = [bool(letters) and letters[1:].islower() and letters.lower() not in PRODUCTS
             and not any(w.lower() in ("of", "for") for w in words_[:i])  # "Head of Sales & Marketing"
             for i, letters in enumerate(re.sub(r"[^A-Za-z]", "", w) for w in words_)]
    # a job noun at the end ("… Manager", "Biostatistician") says the title is common words, not a name
    acronym = any(len(w) > 1 and w.isupper() for w in words_)
    job = words_ and plain[-1] and not acronym and (re.sub(r"[^a-z]", "", words_[-1].lower()) in common_words()
                                    or words_[-1].lower().endswith(("ian", "ist", "er", "or", "ant", "ent")))
    text = " ".join(w.lower() if job and keep_low else w for w, keep_low in zip(words_, plain, strict=True))
    return f"the {text}" if SINGLE_TITLE.search(title) else with_article(text)
