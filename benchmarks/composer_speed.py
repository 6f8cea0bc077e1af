"""How much the builtin composer costs: `draftkit write examples/notes.json` as a whole process
(CPU seconds, so a busy machine does not blur it), against the bare CLI start-up in the same run,
and the in-process cost of composing every notes file in tests/data/notes/."""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def child_cpu(args: list[str]) -> float:
    """Median CPU seconds (user + system) of a child process over RUNS runs."""
    samples = []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return sorted(samples)[len(samples) // 2]


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        write = child_cpu([sys.executable, "-c", "from draftkit.cli import main; main()", "write",
                           "examples/notes.json", "-o", out, "--force"])
    startup = child_cpu([sys.executable, "-c", "import draftkit.cli"])
    print(f"draftkit write examples/notes.json: {write:.3f} s CPU (median of {RUNS})")
    print(f"bare CLI import:                    {startup:.3f} s CPU")
    print(f"ratio write / start-up:             {write / startup:.2f}x")

    sys.path.insert(0, str(ROOT))
    import draftkit

    files = sorted((ROOT / "tests" / "data" / "notes").iterdir())
    draftkit.write(files[0], engine="builtin")  # warm: imports, templates, frame table
    start = time.process_time()
    drafts = sum(len(draftkit.write(f, engine="builtin").drafts) for f in files)
    spent = time.process_time() - start
    print(f"in process: {len(files)} notes files, {drafts} drafts in {spent:.2f} s CPU "
          f"({spent / len(files) * 1000:.0f} ms a file, checklist included)")


if __name__ == "__main__":
    main()
