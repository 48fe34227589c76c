"""Guide section "Avoid Non-Logical Transpose Operations" (TFP1xx).

On Gaudi a transpose that keeps the fastest-changing (last) axis in place only rewrites tensor
metadata; any other transpose is a DMA copy of the whole tensor. On CPUs and GPUs every transpose
that moves a non-size-1 axis copies. The target profile says which regime applies.
"""
