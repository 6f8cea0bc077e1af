"""Eval on a folder's shape of input: many drafts files, each with its own notes, ~4 drafts each.

Every file's notes differ (the company is renamed), so nothing built from one notes file can
be reused for the next: each file pays for its own masks, as `draftkit eval FOLDER` does. Prints
drafts per second on one core and the ratio against proselint on the same texts; asserts nothing.
Usage: python benchmarks/folder_eval.py [--files N] [--proselint-sample M]

Last run (2026-12-01, a 2-core machine slower than the day before): 300 files, 548 drafts/s
against 458 for the previous release in the same sitting, 1.9x proselint; 500 files 476 drafts/s,
1.7x. (The day before, on a quicker machine: 676-721 drafts/s, 2.0-2.5x.) Targets (3,000
drafts/s, 5x proselint) not met. Earlier: 415 drafts/s; before masks stopped compiling a regex
per notes file: 95 drafts/s (0.4x proselint).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from checklist_throughput import proselint_rate

from draftkit.checklist import Config, check_drafts
from draftkit.checklist.corpus import load_cases
from draftkit.drafts import Draft
from draftkit.notes import parse_notes

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATE, TARGET_RATIO = 3000, 5.0  # issue 9: drafts per second on one core, and times proselint
COMPANIES = ["Harbor", "Pinecrest", "Lumen", "Bluefield", "Orchard", "Granite", "Willow", "Summit"]


def folder(files: int, per_file: int = 4, seed: int = 3) -> list[tuple[dict, list[Draft]]]:
    """(notes, drafts) per file: corpus drafts whose company and people are renamed per file."""
    rng = random.Random(seed)
    by_notes: dict[Path, list[Draft]] = {}
    for case in load_cases(ROOT / "evals"):
        by_notes.setdefault(case.notes_path, []).extend(case.drafts)
    sources = [(json.loads(p.read_text(encoding="utf-8")), drafts) for p, drafts in by_notes.items()]
    out = []
    for i in range(files):
        notes, drafts = sources[i % len(sources)]
        company = f"{COMPANIES[i % len(COMPANIES)]} {notes['company'].split()[-1]} {i}"
        renames = {notes["company"]: company}
        text = json.dumps(notes)
        for old, new in renames.items():
            text = text.replace(old, new)
        chosen = rng.sample(drafts, k=min(per_file, len(drafts)))
        renamed = []
        for draft in chosen:
            data = draft.model_dump()
            for key in ("subject", "body", "voicemail"):
                if data.get(key):
                    for old, new in renames.items():
                        data[key] = data[key].replace(old, new)
            renamed.append(Draft.model_validate(data))
        out.append((json.loads(text), renamed))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--proselint-sample", type=int, default=300)
    args = parser.parse_args()
    files = folder(args.files)
    config = Config.default()
    check_drafts(parse_notes(files[0][0], source="warm"), files[0][1], config)  # rule catalogue, compiled phrases
    total = sum(len(d) for _, d in files)
    start = time.process_time()
    findings = 0
    for notes_data, drafts in files:
        notes = parse_notes(notes_data, source="bench")  # each file: its notes parsed, its masks built
        findings += len(check_drafts(notes, drafts, config))
    elapsed = time.process_time() - start
    ours = total / elapsed
    print(f"draftkit eval, folder shape: {len(files)} notes files, {total} drafts in {elapsed:.2f} s CPU "
          f"= {ours:,.0f} drafts/s ({findings} findings; notes parsed and masks built per file)")
    theirs = proselint_rate([d.body for _, drafts in files for d in drafts][: args.proselint_sample])
    if theirs is None:
        return
    print(f"ratio: draftkit is {ours / theirs:,.1f}x proselint on this input")
    print(f"issue 9 targets: >= {TARGET_RATE:,} drafts/s: {'met' if ours >= TARGET_RATE else 'NOT met'}; "
          f">= {TARGET_RATIO:g}x proselint: {'met' if ours / theirs >= TARGET_RATIO else 'NOT met'}")


if __name__ == "__main__":
    main()
