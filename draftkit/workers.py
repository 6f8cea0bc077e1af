"""Work on every core: a long list's items shared out between forked worker processes.

Only where `fork` exists (the workers inherit what the caller has built instead of rebuilding it)
and only for a list long enough to repay starting them; anywhere else the work stays in this
process. The results are the same either way, in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # multiprocessing is imported only for a list big enough to share out
    from multiprocessing.context import BaseContext

Item = TypeVar("Item")
Result = TypeVar("Result")
T = TypeVar("T")
_JOB: tuple[Sequence, Callable, Callable | None] | None = None  # what forked workers inherit


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def fork_context() -> BaseContext | None:
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform
        return None


def _run_range(bounds: tuple[int, int]) -> list:
    items, each, pack = _JOB
    results = [result for item in items[bounds[0]:bounds[1]] for result in each(item)]
    return results if pack is None else list(map(pack, results))


def _nothing() -> None:
    return None


def map_flat(items: Sequence[Item], each: Callable[[Item], list[Result]], workers: int, *, min_items: int,
             chunk: int, meanwhile: Callable[[], T] = _nothing, pack: Callable[[Result], Any] | None = None,
             unpack: Callable[[Any], Result] | None = None) -> tuple[list[Result], T]:
    """Every result of `each(item)`, items in order, using up to `workers` processes when there are
    at least `min_items` items (`chunk` to a task), and what `meanwhile` returns (run in this
    process while the workers work). `pack`/`unpack` turn a result into something cheaper to send
    back and back again."""
    workers = min(workers, cores(), -(-len(items) // chunk))
    context = fork_context() if workers >= 2 and len(items) >= min_items else None
    global _JOB
    _JOB = (items, each, pack)  # before the pool forks its workers, which inherit it
    try:
        pool = context.Pool(workers) if context is not None else None
    except OSError:  # no processes to be had (a sandbox, a process limit): work here
        pool = None
    try:
        if pool is None:
            return [result for item in items for result in each(item)], meanwhile()
        chunks = [(lo, min(lo + chunk, len(items))) for lo in range(0, len(items), chunk)]
        pending = pool.imap(_run_range, chunks, chunksize=1)  # one at a time: the workers end together
        other = meanwhile()
        if unpack is None:
            return [result for results in pending for result in results], other
        return [unpack(result) for results in pending for result in results], other
    finally:
        if pool is not None:
            pool.terminate()
        _JOB = None
