"""Evals for prompts and models: draft a suite of notes files, check every draft, gate on a baseline."""

from .baseline import Comparison, check_comparable, compare, load_baseline, save_baseline
from .formats import FORMATS, WRITERS, verdict
from .harness import (
    SuiteRun,
    Variant,
    arun_suite,
    check_variants,
    default_suite,
    prepare_run_dir,
    run_suite,
    suite_fingerprint,
    variants_for,
)

__all__ = ["FORMATS", "WRITERS", "Comparison", "SuiteRun", "Variant", "arun_suite", "check_comparable",
           "check_variants", "compare", "default_suite", "load_baseline", "prepare_run_dir", "run_suite",
           "save_baseline", "suite_fingerprint", "variants_for", "verdict"]
