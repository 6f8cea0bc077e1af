"""Text rules on every core: a big drafts file's drafts split between forked worker processes.

Each draft's text rules read only that draft and the notes, so the drafts can be checked in any
order and by any process; the plan rules, which read them all, stay in the calling process. The
findings are the same either way, in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from .. import workers as _workers
from ..drafts import Finding

MIN_DRAFTS = 600  # fewer drafts than this: starting workers costs more than it saves
CHUNK = 200  # drafts per task: small enough to keep every worker busy to the end

Item = TypeVar("Item")  # a draft and what its check needs
T = TypeVar("T")


def _pack(finding: Finding) -> tuple:
    return tuple(getattr(finding, name) for name in Finding.model_fields)


def _unpack(row: tuple) -> Finding:
    return Finding.model_construct(**dict(zip(Finding.model_fields, row, strict=True)))


def check_each(items: Sequence[Item], check_one: Callable[[Item], list[Finding]], workers: int,
               meanwhile: Callable[[], T]) -> tuple[list[Finding], T]:
    """`check_one` of every item (a draft), in order, using up to `workers` processes, and what
    `meanwhile` returns (run in this process while the workers check)."""
    return _workers.map_flat(items, check_one, workers, min_items=MIN_DRAFTS, chunk=CHUNK, meanwhile=meanwhile,
                             pack=_pack, unpack=_unpack)
