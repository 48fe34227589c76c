"""Guide section "TensorFlow Mixed Precision" (TFP7xx).

The guide's batch-size table runs every model "using mixed precision", and its mixed-precision
section sends the reader to Habana's "TensorFlow Mixed Precision Training on Gaudi": compute in
bfloat16 where it is safe (Keras' `mixed_bfloat16` policy, or Habana's bf16 conversion pass driven
by a JSON config in `TF_BF16_CONVERSION`), keep precision-sensitive work in float32. Gaudi's MME
runs bfloat16 at about four times its float32 rate, and every 16-bit tensor moves half the bytes.
The rules find matrix ops left in float32 (TFP701, priced with the step model), Keras code without
a policy or with one set too late (TFP702), precision-sensitive work in 16-bit (TFP703) and casts
that go back and forth (TFP704); `tfperf optimize --bf16` converts an inference graph, verified
within a stated tolerance, and `tfperf amp` writes Habana's config for a model.
"""
