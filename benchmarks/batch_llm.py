"""Batch write with the LLM engine against the test server (127.0.0.1).

1. Direct path: N notes files (default 500) at a fixed server latency and --concurrency 16; wall
   time against the ideal, requests x latency / concurrency (target: within 1.3x).
2. Batch API path (`write --batch`): how many HTTP requests it makes (uploads, batch creates, status
   checks, downloads) and how many chat answers it pays for, against the direct path's requests.
Prints figures; asserts nothing. Usage: python benchmarks/batch_llm.py [--files N] [--latency S]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import make_corpus  # noqa: E402
from fake_batch import FakeBatchLLM  # noqa: E402
from fake_llm import FakeLLM  # noqa: E402

from draftkit.batch import run_batch  # noqa: E402
from draftkit.checklist import Config  # noqa: E402

NOW = datetime.fromisoformat("2026-11-24T15:00:00-08:00")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    os.environ["DRAFTKIT_BATCH_POLL_SECONDS"] = "0.2"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DRAFTKIT_CACHE_DIR"] = str(Path(tmp) / "cache")
        paths = make_corpus(Path(tmp) / "notes", args.files)
        with FakeLLM(latency=args.latency) as llm:
            start = time.perf_counter()
            jobs = run_batch(paths, Path(tmp) / "direct", engine="openai", config=Config.default(), now=NOW,
                             base_url=llm.base_url, cache=False, concurrency=args.concurrency)
            wall = time.perf_counter() - start
            requests, peak = len(llm.requests), llm.peak_in_flight
        ideal = requests * args.latency / args.concurrency
        drafts = sum(j.summary.get("drafts", 0) for j in jobs)
        print(f"direct: {args.files} notes files, {drafts} drafts, {requests} requests at {args.latency:g} s latency, "
              f"concurrency {args.concurrency} (peak {peak} in flight): {wall:.1f} s wall; ideal {ideal:.1f} s; "
              f"ratio {wall / ideal:.2f}x (target within 1.3x)")

        with FakeBatchLLM() as llm:

            start = time.perf_counter()
            jobs = run_batch(paths, Path(tmp) / "batch", engine="openai", config=Config.default(), now=NOW,
                             base_url=llm.base_url, cache=False, batch_api=True)
            wall = time.perf_counter() - start
            direct = len(llm.direct_requests())
            answered = len(llm.requests) - direct
            statuses = len(llm.statuses) - len(llm.requests)
        drafts = sum(j.summary.get("drafts", 0) for j in jobs)
        print(f"batch API: {drafts} drafts; {direct} direct chat requests; {len(llm.uploads)} uploads and "
              f"{len(llm.batches)} batches (one per round); {statuses} Batch API HTTP calls in all (uploads, creates, "
              f"lists, status checks, downloads); {answered} answers paid for ({answered / max(drafts, 1):.2f} per "
              f"draft); {wall:.1f} s")


if __name__ == "__main__":
    main()
