"""The rules, one module per guide section. Importing this package registers them all."""

from tfperf.rules import pad, transpose  # noqa: F401
