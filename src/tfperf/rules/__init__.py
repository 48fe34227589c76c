"""The rules, one module per guide section. Importing this package registers them all."""

from tfperf.rules import pad, transpose  # noqa: F401
from tfperf.rules import l2_loss, input_pipeline, placement, engines  # noqa: F401
