"""Hostile notes input: each class through `draftkit write` as a user runs it, with its wall time,
peak memory and exit code. The target is under 5 s and 500 MB each, exit 2 with one line (or 0).

Prints figures; asserts nothing. Usage: python benchmarks/hostile_notes.py
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = json.loads((ROOT / "examples" / "notes.json").read_text())
NOW = "2026-11-24T15:00:00-08:00"


def mutated(path: tuple, value) -> dict:
    data = copy.deepcopy(EXAMPLE)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


CASES = [
    ("baseline (example notes)", EXAMPLE, [], ""),
    ("CR/LF in role", mutated(("role",), "Engineer\r\nBcc: x@evil.example"), [], ""),
    ("NUL in a name", mutated(("interviewers", 0, "name"), "Priya\x00Raman"), [], ""),
    ("300-character company", mutated(("company",), "N" * 300), [], ""),
    ("2 MB topic", mutated(("interviewers", 0, "topics"), ["x" * 2_000_000]), [], ""),
    ("2 MB extra", mutated(("extra",), "y " * 1_000_000), [], ""),
    ("interview in year 1", mutated(("interview", "at"), "0001-01-01T00:00:00+14:00"), [], ""),
    ("interview in year 9999", mutated(("interview", "at"), "9999-12-31T23:59:59-12:00"), [], ""),
    ("decision in year 9999", mutated(("decision_by",), "9999-12-31"), [], ""),
    ("number as a date", mutated(("interview", "at"), 1700000000), [], ""),
    ("duplicate interviewer names", mutated(("interviewers", 1, "name"), "Priya Raman"), [], ""),
    ("unknown country", mutated(("country",), "XX"), [], ""),
    ("--now in year 1", EXAMPLE, ["--now", "0001-01-01T00:00:00"], ""),
    ("--now in year 9999", EXAMPLE, ["--now", "9999-12-31T23:59:59+14:00"], ""),
    ("huge business_days in config", EXAMPLE, [], "[rules.premature-follow-up]\nbusiness_days = 100000000\n"),
    ("12 interviewers, 100-character names", mutated(("interviewers",), [
        {"name": f"Person {i} " + "Q" * 88, "address": "1 Main St", "topics": [f"topic {j} " + "tt " * 78 for j in range(10)]}
        for i in range(12)
    ]), [], ""),
    ("a 249-word topic", mutated(("interviewers", 0, "topics"), ["t " * 249]), [], ""),
    ("13 interviewers", mutated(("interviewers",), [{"name": f"Person {i}"} for i in range(13)]), [], ""),
]


def run(data: dict, extra: list[str], config: str) -> tuple[float, float, float, int, str]:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "n.json").write_text(json.dumps(data))
        if config:
            Path(folder, "draftkit.toml").write_text(config)
        args = [sys.executable, "-m", "draftkit.cli", "write", "n.json", "-o", "out", *extra]
        if "--now" not in extra:
            args += ["--now", NOW]
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env={**os.environ, "DRAFTKIT_DEBUG": ""})
        err = proc.stderr.read().decode(errors="replace")
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        first = next((line for line in err.splitlines() if line.startswith("Error")), "")
        return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, first


def main() -> None:
    print(f"{'case':40} {'exit':>4} {'wall s':>7} {'cpu s':>6} {'peak MB':>8}  first error line")
    for name, data, extra, config in CASES:
        seconds, cpu, peak, code, line = run(data, extra, config)
        print(f"{name:40} {code:>4} {seconds:>7.2f} {cpu:>6.2f} {peak:>8.1f}  {line[:100]}")


if __name__ == "__main__":
    main()
