"""Checklist throughput: drafts per second in-process, and the same texts through proselint.

Prints figures and a ratio measured in the same process; asserts nothing.
Usage: python benchmarks/checklist_throughput.py [--drafts N] [--proselint-sample M]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from draftkit.checklist import Config, check_drafts
from draftkit.checklist.context import NotesContext
from draftkit.checklist.corpus import load_cases
from draftkit.drafts import Draft

ROOT = Path(__file__).resolve().parent.parent


def generated_sets(n: int, seed: int = 7):
    """n drafts grouped by notes file: corpus drafts, shuffled and re-mixed sentence by sentence."""
    rng = random.Random(seed)
    cases = load_cases(ROOT / "evals")
    by_notes: dict[Path, list[Draft]] = {}
    for case in cases:
        by_notes.setdefault(case.notes_path, []).extend(case.drafts)
    sets = []
    made = 0
    while made < n:
        for path, drafts in by_notes.items():
            batch = []
            for draft in rng.sample(drafts, k=min(6, len(drafts))):
                sentences = draft.body.split(". ")
                rng.shuffle(sentences)
                batch.append(draft.model_copy(update={"body": ". ".join(sentences), "id": f"{draft.id}-{made}"}))
                made += 1
            sets.append((path, batch))
            if made >= n:
                break
    return sets


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, default=20000)
    parser.add_argument("--proselint-sample", type=int, default=300)
    args = parser.parse_args()

    from draftkit.notes import load_notes

    sets = generated_sets(args.drafts)
    contexts = {path: NotesContext(load_notes(path)) for path in {p for p, _ in sets}}
    config = Config.default()
    total = sum(len(batch) for _, batch in sets)

    for path, batch in sets[: len(contexts)]:  # warm caches: compiled rules, each notes file's masks
        check_drafts(contexts[path], batch, config)
    start = time.process_time()
    findings = 0
    for path, batch in sets:
        findings += len(check_drafts(contexts[path], batch, config))
    elapsed = time.process_time() - start
    ours = total / elapsed
    print(f"draftkit checklist: {total} drafts in {elapsed:.2f} s CPU = {ours:,.0f} drafts/s "
          f"({findings} findings, one process, one core)")

    theirs = proselint_rate([d.body for _, batch in sets for d in batch][: args.proselint_sample])
    if theirs is not None:
        print(f"ratio: draftkit is {ours / theirs:,.0f}x faster than proselint on the same texts")


def proselint_rate(texts: list[str]) -> float | None:
    """Drafts per second proselint lints of these texts, warmed first as we warm ours (printed);
    None, said, when proselint is not installed."""
    try:
        import proselint  # noqa: F401
    except ImportError:
        print("proselint is not installed (pip install 'draftkit[bench]'); no ratio printed")
        return None
    from importlib.metadata import version

    _warm_proselint(texts[0])  # its registry and compiled checks
    start = time.process_time()
    _run_proselint(texts)
    elapsed = time.process_time() - start
    print(f"proselint {version('proselint')}: {len(texts)} of the same texts in {elapsed:.2f} s CPU "
          f"= {len(texts) / elapsed:,.1f} drafts/s")
    return len(texts) / elapsed


def _run_proselint(texts: list[str]) -> None:
    """Lint each text with proselint's default checks, as its own CLI does."""
    from proselint.config import DEFAULT
    from proselint.tools import LintFile

    for i, text in enumerate(texts):
        LintFile(f"draft-{i}", text).lint(DEFAULT)


def _warm_proselint(text: str) -> None:
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry

    CheckRegistry().register_many(__register__)
    _run_proselint([text])


if __name__ == "__main__":
    main()
