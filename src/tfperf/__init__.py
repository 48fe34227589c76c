"""tfperf: find, locate, price, fix and measure what slows TensorFlow models down on accelerators.

The public API. Importing tfperf never imports TensorFlow; capture functions import it lazily.
"""

from tfperf.findings import Cost, Finding, Fix, GuideSection, Location, Safety, Severity

__version__ = "0.1.0"

__all__ = ["Cost", "Finding", "Fix", "GuideSection", "Location", "Safety", "Severity", "__version__"]
