"""Guide section "Avoid Calculating L2 Loss in Forward Path" (TFP3xx).

`loss + wd * add_n([l2_loss(v) for v in trainable_variables])` reads every weight once more per
step and adds a reduction per variable to the forward pass; the same training effect is
`grad + wd * var` in the update, with nothing added to the forward pass.
"""
