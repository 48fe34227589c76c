"""Guide section "Avoid Using tf.pad" (TFP2xx).

A zero Pad in front of a VALID convolution or pooling is an extra read and write of the padded
tensor; the convolution can pad by itself (SAME, or explicit paddings) at no cost. Gaudi's graph
compiler folds most such pads, "but not always", so the graph is where to remove them.
"""
