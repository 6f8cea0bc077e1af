"""Score the checklist on the labelled corpus: per-rule precision and recall.

Usage: python evals/run.py [--strict]   (--strict: exit 1 unless every case is right)
"""

from __future__ import annotations

import sys
from pathlib import Path

from draftkit.checklist.corpus import format_table, load_cases, score

HERE = Path(__file__).resolve().parent


def main() -> int:
    results = score(load_cases(HERE))
    print(format_table(results))
    return 1 if "--strict" in sys.argv and results.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
