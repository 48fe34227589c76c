"""tfperf: find, locate, price, fix and measure what slows TensorFlow models down on accelerators.

The public API. Importing tfperf never imports TensorFlow; capture functions import it lazily.
"""

from tfperf.findings import Cost, Finding, Fix, GuideSection, Location, Safety, Severity
from tfperf.version import __version__

__all__ = ["Cost", "Finding", "Fix", "GuideSection", "Location", "Safety", "Severity", "__version__", "check",
           "check_graph", "estimate", "optimize"]


def __getattr__(name: str):
    """`tfperf.check`, `check_graph` (the analysis), `tfperf.optimize` (verified graph rewrites) and
    `tfperf.estimate` (the step model) are loaded on first use, keeping `import tfperf` light (the
    command line imports it for every `tfperf check src/`)."""
    if name in ("check", "check_graph"):
        from tfperf import analyze

        return getattr(analyze, name)
    if name == "optimize":
        from tfperf.rewrite import optimize

        return optimize
    if name == "estimate":
        from tfperf.analyze import estimate

        return estimate
    raise AttributeError(f"module 'tfperf' has no attribute {name!r}")
