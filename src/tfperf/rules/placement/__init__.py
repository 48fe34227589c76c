"""Guide section "Place Ops in HPU" (TFP5xx), and the guide's note on Estimator.

TFP501 (an op with no kernel on the target, falling back to the host) needs the op graph and is
not detected from source; where ops run is worked out by `tfperf.analyze.placement_of`. TFP502 is detected
in both: a `tf.estimator.Estimator` on Habana hardware should be a
`habana_frameworks.tensorflow.habana_estimator` so that its input pipeline is placed on the HPU.
"""

