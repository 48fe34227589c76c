"""tfperf: find, locate, price, fix and measure what slows TensorFlow models down on accelerators.

The public API. Importing tfperf never imports TensorFlow; capture functions import it lazily.
"""

from tfperf.analyze import check, check_graph
from tfperf.findings import Cost, Finding, Fix, GuideSection, Location, Safety, Severity
from tfperf.version import __version__

__all__ = ["Cost", "Finding", "Fix", "GuideSection", "Location", "Safety", "Severity", "__version__", "check",
           "check_graph", "estimate", "optimize"]


def __getattr__(name: str):
    """`tfperf.optimize` (verified graph rewrites) and `tfperf.estimate` (the step model) are loaded on
    first use, keeping `import tfperf` light."""
    if name == "optimize":
        from tfperf.rewrite import optimize

        return optimize
    if name == "estimate":
        from tfperf.analyze import estimate

        return estimate
    raise AttributeError(f"module 'tfperf' has no attribute {name!r}")
