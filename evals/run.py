"""Score the checklist on the labelled corpora: per-rule precision and recall.

Three sets: `evals/` (development: cases/ and notes/; the tests assert every case),
`evals/tuned/` (a set written blind and then tuned on, not yet right in every case: scored here,
not asserted) and `evals/heldout/` (written separately in other voices and scenarios; scored here,
never asserted case by case, so its figures measure judgement rather than memory).

A held-out folder may be missing or empty (between sets): the script says so and scores the rest.

Usage: python evals/run.py [--strict] [--failures]
  --strict    exit 1 unless every development case is right
  --failures  list the held-out cases the checklist gets wrong
"""

from __future__ import annotations

import sys
from pathlib import Path

from draftkit.checklist.corpus import format_table, load_cases, score

HERE = Path(__file__).resolve().parent
SETS = {"development": HERE, "tuned": HERE / "tuned", "held-out": HERE / "heldout"}


def main() -> int:
    status = 0
    for name, folder in SETS.items():
        cases = load_cases(folder)
        print(f"== {name} set ({folder.relative_to(HERE.parent)}) ==")
        if not cases:
            print(f"no cases in {folder.relative_to(HERE.parent)}/cases\n")
            continue
        results = score(cases)
        show_failures = name != "held-out" or "--failures" in sys.argv
        print(format_table(results, failures=show_failures))
        print()
        if name == "development" and "--strict" in sys.argv and results.failures:
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
