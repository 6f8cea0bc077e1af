"""Batch write with the offline engine: files per second and peak memory, whole process.

Makes N varied notes files (default 500) plus one broken file, runs `draftkit write DIR -o OUT`
as a user would (a fresh process), and compares with a baseline measured in the same run: the
same files drafted one at a time in one process. Prints figures; asserts nothing.
Usage: python benchmarks/batch_offline.py [--files N] [--baseline-files M]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import make_corpus  # noqa: E402

NOW = "2026-11-24T15:00:00-08:00"


def baseline(paths: list[Path], out: Path) -> float:
    """Files per second drafting one file after another in this process (no pool)."""
    from draftkit import api
    from draftkit.checklist import Config
    from draftkit.outputs import render_files, write_folder

    config, now = Config.default(), datetime.fromisoformat(NOW)
    start = time.perf_counter()
    for path in paths:
        drafts = api.write(api.load_notes(path), "builtin", config=config, now=now)
        write_folder(out / path.stem, render_files(drafts, now))
    return len(paths) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--baseline-files", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "notes"
        paths = make_corpus(notes, args.files)
        (notes / "broken.json").write_text('{"candidate": ', encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
        command = [sys.executable, "-m", "draftkit.cli", "write", str(notes), "-o", str(Path(tmp) / "out"), "--now", NOW]
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        written = sum(1 for p in (Path(tmp) / "out").iterdir() if not p.name.startswith("."))
        rate = args.files / wall
        base = baseline(paths[: args.baseline_files], Path(tmp) / "base")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.files} notes files + 1 broken: {wall:.2f} s whole process, {rate:.1f} files/s "
          f"({written} folders written, exit {done.returncode}, broken file reported: "
          f"{'broken.json' in done.stdout}); peak memory of one process {peak_mb:.0f} MB")
    print(f"baseline (one file after another, in process, {args.baseline_files} files): {base:.1f} files/s; "
          f"batch is {rate / base:.2f}x the baseline; {os.cpu_count()} CPUs, load average {load:.1f}")
    print(done.stdout.strip().splitlines()[1] if done.stdout.strip() else done.stderr[-300:])


if __name__ == "__main__":
    main()
