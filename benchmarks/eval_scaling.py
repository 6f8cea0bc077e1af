"""Eval on big inputs: many drafts in one file, one huge body, huge highlights.

Each case is timed at two sizes; the ratio of times against the ratio of sizes shows whether the
work grows linearly (ratio ~ size ratio) or quadratically (ratio ~ size ratio squared). With
--full, `draftkit eval` itself is also run on a drafts.json of 10,000 drafts, as a user runs it
(wall time, every core), against `eval -j 1` in the same run. Prints figures; asserts nothing.
Usage: python benchmarks/eval_scaling.py [--full]
  --full   also run the sizes issue 8 names (10,000 drafts; a 1 MB body; 1 MB of highlights)

Last run (2026-12-01, 2-core machine whose speed drifted by a third within the hour): 10,000
drafts 14.8 s CPU in one process; `draftkit eval` 10.8 s wall with both cores against 16.5 s with
`-j 1` (x1.52), target 10 s not met; a 1 MB body 1.25 s (met). Huge highlights are refused by the
notes schema (at most 20), which the script reports. Before the linear rewrite: 229 s, 93 s
(700 KB), 69 s.
"""

from __future__ import annotations

import copy
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from draftkit.checklist import Config, check_drafts
from draftkit.drafts import Draft, assign_ids
from draftkit.errors import NotesError
from draftkit.notes import parse_notes

ROOT = Path(__file__).resolve().parent.parent
NOTES = json.loads((ROOT / "examples" / "notes.json").read_text(encoding="utf-8"))
TARGETS = {("drafts in one file", 10_000): 10.0, ("one body", 1_000_000): 2.0}  # issue 8, seconds
SENTENCES = [
    "Thank you for the conversation about {topic}.", "I enjoyed hearing how the team handles {topic}.",
    "At Contoso I led a Kafka migration that cut data latency from 6 hours to 5 minutes.",
    "I am excited about the Senior Data Engineer role at Northwind Logistics.",
    "We processed {n} events a day across {m} pipelines.", "It was a pleasure to meet you.",
]


def _body(i: int, sentences: int) -> str:
    topics = ["the on-call rotation", "data quality checks", "the nightly batch ETL", "warehouse costs"]
    parts = [SENTENCES[(i * 7 + k) % len(SENTENCES)].format(topic=topics[(i + k) % 4], n=i * 13 + k, m=k + i % 9)
             for k in range(sentences)]
    return "Hi Priya,\n\n" + " ".join(parts) + "\n\nBest,\nAlex"


def many_drafts(n: int) -> tuple[dict, list[Draft]]:
    people = [p["name"] for p in NOTES["interviewers"]]
    drafts = [Draft(kind="email", to=people[i % len(people)], subject="Thank you", body=_body(i, 6)) for i in range(n)]
    return NOTES, assign_ids(drafts)


def huge_body(size: int) -> tuple[dict, list[Draft]]:
    body = ""
    i = 0
    while len(body) < size:
        body += _body(i, 8) + "\n"
        i += 1
    return NOTES, assign_ids([Draft(kind="email", to="Priya Raman", subject="Thank you", body=body[:size])])


def huge_highlights(size: int) -> tuple[dict, list[Draft]]:
    notes = copy.deepcopy(NOTES)
    notes["highlights"] = []
    i = 0
    while sum(len(h) for h in notes["highlights"]) < size:
        notes["highlights"].append(f"led project {i} that cut costs by {i % 97}% across {i % 13} teams in region {i}")
        i += 1
    return notes, assign_ids([Draft(kind="email", to="Priya Raman", subject="Thank you", body=_body(3, 8))])


def timed(make, size: int) -> tuple[float, float, float] | str:
    """(CPU seconds, wall seconds, peak RSS MB), or why the notes were refused."""
    notes_data, drafts = make(size)
    try:
        notes = parse_notes(notes_data, source="bench")
    except NotesError as error:
        return str(error)
    start, wall = time.process_time(), time.perf_counter()
    check_drafts(notes, drafts, Config.default())
    elapsed, wall = time.process_time() - start, time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return elapsed, wall, peak


def whole_eval(n: int) -> None:
    """`draftkit eval drafts.json` on n drafts: wall seconds with every core and with one."""
    notes, drafts = many_drafts(n)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "drafts.json"
        path.write_text(json.dumps({"notes": notes, "drafts": [d.model_dump(mode="json") for d in drafts]}),
                        encoding="utf-8")
        times = {}
        for label, extra in (("one process (-j 1)", ["-j", "1"]), ("every core (default)", [])):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "draftkit", "eval", *extra, str(path)],
                                  capture_output=True, text=True)
            times[label] = time.perf_counter() - start
            summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()
            print(f"draftkit eval {n:,} drafts, {label:21}: {times[label]:6.2f} s wall (exit {done.returncode}: {summary})")
        single, shared = times.values()
        target = TARGETS.get(("drafts in one file", n))
        verdict = f"; target < {target:g} s: {'met' if shared < target else 'NOT met'}" if target else ""
        print(f"{'':20} every core is x{single / shared:.2f} faster than one process{verdict}")


def main() -> None:
    full = "--full" in sys.argv
    cases = [("drafts in one file", many_drafts, [1000, 4000] + ([10000] if full else []), "drafts"),
             ("one body", huge_body, [100_000, 400_000] + ([1_000_000] if full else []), "characters"),
             ("highlights", huge_highlights, [100_000, 400_000] + ([1_000_000] if full else []), "characters")]
    for name, make, sizes, unit in cases:
        results = []
        for size in sizes:
            result = timed(make, size)
            if isinstance(result, str):
                print(f"{name:20} {size:>9,} {unit:10}: notes refused before checking ({result})")
                continue
            elapsed, wall, peak = result
            results.append((size, elapsed, peak))
            target = TARGETS.get((name, size)) if make is not many_drafts else None  # judged on `eval` itself
            verdict = f"; target < {target:g} s: {'met' if elapsed < target else 'NOT met'}" if target else ""
            print(f"{name:20} {size:>9,} {unit:10}: {elapsed:7.2f} s CPU ({wall:.2f} s wall), "
                  f"process peak RSS {peak:7.1f} MB{verdict}")
        if len(results) < 2:
            continue
        (s1, t1, _), (s2, t2, _) = results[0], results[1]
        print(f"{'':20} size x{s2 / s1:.0f} -> time x{t2 / max(t1, 1e-9):.1f} (linear ~{s2 / s1:.0f}, quadratic ~{(s2 / s1) ** 2:.0f})")
    if full:
        whole_eval(10_000)


if __name__ == "__main__":
    main()
