"""Splice rules: article choice agrees with inflect except where inflect is known to be wrong."""

from __future__ import annotations

import pytest

from draftkit.checklist import catalog
from draftkit.checklist.examples import run_example
from draftkit.checklist.splice_rules import expected_articles

WORDS = """apple banana hour honest heir unit union unique university user usual umbrella ugly upper urgent
European euro ewe one once onetime owl orange eagle egg ice idea island item open ox yellow year yacht
zebra honor honour honorable heavy hiring highlight huge habit unanimous uninterested unimportant unusual
unlikely until utility utensil uranium urologist ukulele Ukrainian Uber ubiquitous unicorn uniform useful
usable utopia ultimatum underdog update upgrade opportunity exciting interview offer engineering analyst
architect audit account agenda MBA FBI NGO LLM ICU API HR ARB NBA CEO CTO VP IT FAQ NASA NATO HIPAA FIFA
X-ray U-turn A B E F S T""".split()
# inflect says "an UX", "an UI", "a MA", "a usher": people write "a UX", "a UI", "an MA", "an usher".
INFLECT_WRONG = {"UX": {"a"}, "UI": {"a"}, "MA": {"an"}, "usher": {"an"}, "URL": {"a"}}


@pytest.fixture(scope="module")
def inflect_engine():
    inflect = pytest.importorskip("inflect")
    return inflect.engine()


@pytest.mark.parametrize("word", WORDS)
def test_article_table_agrees_with_inflect(inflect_engine, word):
    ours = expected_articles(word, catalog()["wrong-article"])
    assert inflect_engine.a(word).split()[0] in ours


@pytest.mark.parametrize(("word", "article"), sorted(INFLECT_WRONG.items()))
def test_article_table_where_inflect_is_wrong(word, article):
    assert expected_articles(word, catalog()["wrong-article"]) == article


@pytest.mark.parametrize(("rule", "sentence", "fires"), [
    ("wrong-article", "As a ICU nurse I know it.", True),
    ("wrong-article", "An URL-shortener is a UX toy; an MBA and an hour.", True),
    ("wrong-article", "A URL-shortener is a UX toy; an MBA and an hour.", False),
    ("wrong-article", "It was an 8-hour shift and an 18% gain and a 15% cut.", False),
    ("wrong-article", "It was a 8-hour shift.", True),
    ("wrong-article", "We spent time on outbound M&A into Asia and the Q&A after it.", False),
    ("wrong-article", "The Corporate & M&A interview and the R&D/A team.", False),
    ("stray-capital", "I enjoyed our chat on Why the team chose Airflow.", True),
    ("stray-capital", "I enjoyed our chat. Why the team chose Airflow was clear.", False),
    ("stray-capital", "Thanks: The roadmap is clear, and I read The Economist.", False),
    ("stray-capital", "I know I can help, and I will.", False),
    ("stray-capital", "I liked the \"How we work\" page.", False),
    ("broken-punctuation", "Thanks for the time?. Really.", True),
    ("broken-punctuation", "Thanks for the time!. Really.", True),
    ("broken-punctuation", "Thanks for the time;, really.", True),
    ("broken-punctuation", "Thanks for the time ... really.", False),
    ("broken-punctuation", "I liked the the roadmap.", True),
    ("broken-punctuation", "The the", True),
    ("broken-punctuation", "It was the theme.", False),
    ("misplaced-voice", "Thanks for your insights into my dbt test suites.", True),
    ("misplaced-voice", "Thanks for your insights into the dbt roadmap.", False),
    ("misplaced-voice", "Thanks for your feedback on my demo.", False),
])
def test_splice_table(rule, sentence, fires):
    assert bool(run_example(rule, sentence)) is fires


@pytest.mark.parametrize("rule", ["wrong-article", "stray-capital", "broken-punctuation", "misplaced-voice"])
def test_splice_rules_have_fix_hints(rule):
    found = run_example(rule, catalog()[rule].examples_fire[0])
    assert found and all(f.fix and "{" not in f.fix for f in found)
