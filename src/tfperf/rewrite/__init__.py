"""Verified graph rewrites: freeze a function, apply the guide's fixes as graph passes, rebuild a
callable with the same signature, prove on random inputs that it computes the same, measure it,
and save it as a SavedModel that loads without tfperf.

    optimize(model_or_fn, input_signature=None, **options) -> Optimized
    optimize_saved_model(path, signature=None, **options) -> {signature: Optimized}
    save_all({signature: Optimized}, out_dir)

The generic parts live here (freeze, graph_edit, passes, rebuild, verify, bench); each pass lives
beside the rule it fixes (`tfperf/rules/<section>/fix.py`). The names above are loaded on first use:
the rules import `tfperf.rewrite.passes`, and that must not load the pipeline (numpy, capture).
TensorFlow is imported when these are called, not when this package is imported.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "RewriteError": "tfperf.rewrite.freeze",
    "MME_MODES": "tfperf.rewrite.pipeline", "Optimized": "tfperf.rewrite.pipeline",
    "VerificationFailed": "tfperf.rewrite.pipeline", "optimize": "tfperf.rewrite.pipeline",
    "optimize_concrete": "tfperf.rewrite.pipeline", "optimize_saved_model": "tfperf.rewrite.pipeline",
    "save_all": "tfperf.rewrite.pipeline",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tfperf.rewrite' has no attribute {name!r}")
