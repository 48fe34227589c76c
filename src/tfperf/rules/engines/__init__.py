"""Guide section "Advanced: Replace some TPC operations with their MME equivalents" (TFP6xx).

On Gaudi a reduction such as `reduce_sum` runs on the vector engine (TPC) while the matrix engine
(MME) may sit idle; the guide's SSD-ResNet34 example computes the softmax denominator of the
classification loss as a 1x1 convolution with a ones filter instead, which runs on the MME. Worth
it only where the MME idles while the TPC holds up the step: the graph rule reads the predicted
timeline (`tfperf estimate`) and reports a reduction only where moving it shortens the step, and
`tfperf optimize` rewrites sums over the last axis only when asked (`--mme-reductions`).
"""
