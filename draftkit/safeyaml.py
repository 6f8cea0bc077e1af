"""YAML notes as plain data: no anchors' aliases, bounded nesting, so a tiny file cannot explode.

A 500-byte "billion laughs" file of nested aliases expands to gigabytes; notes never need
aliases, so they are refused with the line and column where one appears.
"""

from __future__ import annotations

from typing import Any

import yaml


class _PlainDataLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (`*name`, `<<: *name`)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in notes; write the value out in full",
                event.start_mark)
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    """Parse one YAML document as plain data; raises yaml.YAMLError with a readable message."""
    try:
        return yaml.load(text, Loader=_PlainDataLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise yaml.YAMLError("nested too deeply to be notes") from None
    except yaml.MarkedYAMLError as exc:  # one line: the problem and where, not a drawing of it
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise yaml.YAMLError(f"{what}{where}") from None
