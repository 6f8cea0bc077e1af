"""Text rules on every core: a big drafts file's drafts split between forked worker processes.

Each draft's text rules read only that draft and the notes, so the drafts can be checked in any
order and by any process; the plan rules, which read them all, stay in the calling process. Only
where `fork` exists (the workers inherit the compiled rules and the notes instead of rebuilding
them); anywhere else, or for a small file, the work stays in one process. The findings are the
same either way, in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from ..drafts import Finding

if TYPE_CHECKING:  # multiprocessing is imported only for a file big enough to share out
    from multiprocessing.context import BaseContext

MIN_DRAFTS = 600  # fewer drafts than this: starting workers costs more than it saves
CHUNK = 200  # drafts per task: small enough to keep every worker busy to the end

Item = TypeVar("Item")  # a draft and what its check needs
T = TypeVar("T")
_JOB: tuple[Sequence, Callable] | None = None  # what forked workers inherit


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _fork_context() -> BaseContext | None:
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform
        return None


def _check_range(bounds: tuple[int, int]) -> list[tuple]:
    items, check_one = _JOB
    fields = Finding.model_fields
    return [tuple(getattr(f, name) for name in fields) for item in items[bounds[0]:bounds[1]] for f in check_one(item)]


def _unpack(row: tuple) -> Finding:
    return Finding.model_construct(**dict(zip(Finding.model_fields, row, strict=True)))


def check_each(items: Sequence[Item], check_one: Callable[[Item], list[Finding]], workers: int,
               meanwhile: Callable[[], T]) -> tuple[list[Finding], T]:
    """`check_one` of every item (a draft), in order, using up to `workers` processes, and what
    `meanwhile` returns (run in this process while the workers check)."""
    workers = min(workers, cores(), -(-len(items) // CHUNK))
    context = _fork_context() if workers >= 2 and len(items) >= MIN_DRAFTS else None
    global _JOB
    _JOB = (items, check_one)  # before the pool forks its workers, which inherit it
    try:
        pool = context.Pool(workers) if context is not None else None
    except OSError:  # no processes to be had (a sandbox, a process limit): check them here
        pool = None
    try:
        if pool is None:
            return [finding for item in items for finding in check_one(item)], meanwhile()
        chunks = [(lo, min(lo + CHUNK, len(items))) for lo in range(0, len(items), CHUNK)]
        pending = pool.map_async(_check_range, chunks)
        other = meanwhile()
        return [_unpack(row) for rows in pending.get() for row in rows], other
    finally:
        if pool is not None:
            pool.terminate()
        _JOB = None
