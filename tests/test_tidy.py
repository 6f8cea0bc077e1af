import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from draftkit.engines.tidy import tidy

PEOPLE = frozenset({"bec", "arjun"})


@pytest.mark.parametrize(("raw", "text", "rough", "vague", "names_someone"), [
    ("Phonics - they use Jolly Phonics", "Phonics", False, False, False),
    ("CGE vs DSGE models - which do they use for tax policy?", "CGE versus DSGE models", False, False, False),
    ("titers — they're at 3-4 g/L, want 6+", "titers", False, False, False),
    ("billable hours target (1,800?)", "billable hours target", False, False, False),
    ("calls w/ no heat at 9pm", "calls with no heat at 9pm", False, False, False),
    ("why SaaS after 4 yrs selling hardware", "why SaaS after 4 years selling hardware", False, False, False),
    ("Stata → Python migration", "Stata to Python migration", False, False, False),
    ("expansion into Mexico & Colombia", "expansion into Mexico and Colombia", False, False, False),
    ("quota 1.2M BRL ARR/yr", "quota 1.2M BRL ARR/yr", True, False, False),
    ("SDR:AE ratio 2:1", "SDR:AE ratio 2:1", True, False, False),
    ("shop stuff", "shop", False, False, False),  # a vague tail goes; "shop" stays
    ("stuff", "stuff", False, True, False),
    ("chat about the place", "chat about the place", False, True, False),
    ("I walked him through the rota", "I walked him through the rota", False, False, True),
    ("I told Bec about my notice period", "I told Bec about my notice period", False, False, True),
    ("the 24/7 on-call rota and/or weekend cover", "the 24/7 on-call rota and/or weekend cover", False, False, False),
    ("M&A into SE Asia", "M&A into SE Asia", False, False, False),
    ("- dash first", "- dash first", False, False, False),
])
def test_tidy_table(raw, text, rough, vague, names_someone):
    got = tidy(raw, PEOPLE)
    assert (got.text, got.rough, got.vague, got.names_someone) == (text, rough, vague, names_someone)


def test_tidy_says_what_it_changed():
    got = tidy("Phonics w/ Year 1 - they use Jolly Phonics (since 2019)")
    assert got.text == "Phonics with Year 1"
    assert got.changes == ['left out the aside "they use Jolly Phonics (since 2019)"', "spelled out 'w/'"]


def test_an_untouched_fragment_reports_no_change():
    assert tidy("the move to weekend rotas").changes == []


NOTE_BITS = st.sampled_from(list("abX ,.:;?!()[]-–—~/=<>+&@'0123456789\u05d0\u4e00Жé")
                            + ["yr", " and ", "they're ", "Ltd", " sp. z o.o.", "w/", "? ", ": ", ", ", "(", "/day"])


@settings(max_examples=300, deadline=None)
@given(st.lists(NOTE_BITS, max_size=80).map("".join))
def test_any_jotted_text_is_read_without_error(text):
    """Hostile or garbled notes: every reader returns text (no exception, no unbounded growth)."""
    from draftkit.engines.claims import concern, first_person
    from draftkit.engines.fragments import analyse
    from draftkit.engines.naming import institution

    tidied = tidy(text)
    assert len(tidied.text) <= 3 * len(text) + 10  # spelling out lengthens a little, never without bound
    analyse("t", text, frozenset())
    concern(text, "concerns[0]", frozenset())
    first_person(text, "highlights[0]")
    assert len(institution(text)) <= len(text) + 4  # at most "the " added
