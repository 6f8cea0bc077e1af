"""LLM engine overhead and concurrency, against the test server on 127.0.0.1.

1. Overhead: draftkit's time per request (prompt building, token count, parsing, checklist) minus
   the raw openai client's time for the same messages to the same zero-latency server.
2. A 3-person panel with 1 s of server latency: wall time against one raw request.
Prints figures; asserts nothing. Usage: python benchmarks/llm_overhead.py [--panels N]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_llm import FakeLLM  # noqa: E402

import draftkit  # noqa: E402
from draftkit.notes import load_notes  # noqa: E402
from draftkit.plan import make_plan  # noqa: E402
from draftkit.prompting import build_messages  # noqa: E402

PANEL = json.loads((ROOT / "examples" / "notes.json").read_text())
for person in PANEL["interviewers"]:
    person.pop("address", None)  # 3 emails + 1 call: one round at the default concurrency of 4


async def raw_requests(base_url: str, messages_list: list, concurrency: int) -> float:
    from openai import AsyncOpenAI

    client = AsyncOpenAI(api_key="x", base_url=base_url, max_retries=0)
    gate = asyncio.Semaphore(concurrency)

    async def one(messages):
        async with gate:
            await client.chat.completions.create(model="gpt-4o-mini", messages=messages, max_tokens=900,
                                                 response_format={"type": "json_object"})

    start = time.perf_counter()
    await asyncio.gather(*(one(m) for m in messages_list))
    elapsed = time.perf_counter() - start
    await client.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--panels", type=int, default=20)
    args = parser.parse_args()
    notes = load_notes(copy.deepcopy(PANEL))
    messages = [build_messages(notes, t) for t in make_plan(notes)]

    with FakeLLM() as llm:
        draftkit.write(PANEL, engine="openai", base_url=llm.base_url, cache=False)  # warm imports
        asyncio.run(raw_requests(llm.base_url, messages, 4))
        start = time.perf_counter()
        for _ in range(args.panels):
            draftkit.write(PANEL, engine="openai", base_url=llm.base_url, cache=False, concurrency=1)
        ours = time.perf_counter() - start
        raw = sum(asyncio.run(raw_requests(llm.base_url, messages, 1)) for _ in range(args.panels))
    n = args.panels * len(messages)
    print(f"overhead: draftkit {ours / n * 1000:.1f} ms per request, raw openai client {raw / n * 1000:.1f} ms "
          f"per request; draftkit adds {(ours - raw) / n * 1000:.1f} ms per request ({ours / raw:.2f}x the raw time)")

    with FakeLLM(latency=1.0) as llm:
        one = asyncio.run(raw_requests(llm.base_url, messages[:1], 1))
        start = time.perf_counter()
        drafts = draftkit.write(PANEL, engine="openai", base_url=llm.base_url, cache=False)
        panel = time.perf_counter() - start
        peak = llm.peak_in_flight
    print(f"panel of 3 ({len(drafts.drafts)} drafts) with 1 s latency: {panel:.2f} s wall; one request "
          f"{one:.2f} s; ratio {panel / one:.2f}x (target under 1.5x); peak {peak} requests in flight")


if __name__ == "__main__":
    main()
