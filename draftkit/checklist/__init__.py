"""The checklist: deterministic rules over drafts, never I/O."""

from .catalog import RuleSpec, catalog
from .config import Config, load_config
from .engine import check_drafts, text_findings

__all__ = ["Config", "RuleSpec", "catalog", "check_drafts", "load_config", "text_findings"]
