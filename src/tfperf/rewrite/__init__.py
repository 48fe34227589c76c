"""Verified graph rewrites: freeze a function, apply the guide's fixes as graph passes, rebuild a
callable with the same signature, prove on random inputs that it computes the same, measure it,
and save it as a SavedModel that loads without tfperf.

    optimize(model_or_fn, input_signature=None, **options) -> Optimized
    optimize_saved_model(path, signature=None, **options) -> {signature: Optimized}
    save_all({signature: Optimized}, out_dir)

TensorFlow is imported when these are called, not when this package is imported.
"""

from tfperf.rewrite.freeze import RewriteError
from tfperf.rewrite.pipeline import (MME_MODES, Optimized, VerificationFailed, optimize, optimize_concrete,
                                     optimize_saved_model, save_all)

__all__ = ["MME_MODES", "Optimized", "RewriteError", "VerificationFailed", "optimize", "optimize_concrete",
           "optimize_saved_model", "save_all"]
