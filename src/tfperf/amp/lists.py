"""tfperf's mixed-precision op lists, in the vocabulary of Habana's bf16 conversion pass.

- ALLOW: converted always. The matrix ops, whose engines run 16-bit faster (the step model's
  "matrix" class, and depthwise convolutions as Habana's `full.json` lists them). TensorFlow's
  Grappler auto-mixed-precision pass allow-lists the same ops (auto_mixed_precision_lists.h).
- CONDITIONAL: converted when a neighbour is. Ops that do not change the magnitude or precision
  of what they pass on (data movement, ReLU-like activations, max-pooling), bias adds, and the
  batch-norm kernels, whose statistics TensorFlow computes in float32 whatever T is (their `U`
  attribute). Grappler's clear and infer lists, Habana's `conditional_list`.
- STRICT: converted only when every input already is: sums of two branches (a residual add must
  not round one branch because the other is 16-bit). Habana's `strict_conditional_list`.
- Every other op stays float32, and the precision-sensitive ones are what TFP703 looks for:
  exponentials and logarithms (softmax, log-softmax, cross-entropy), and reductions (Grappler's
  deny list: Exp, Expm1, L2Loss, Mean, Pow, Sum, the cross-entropies; Keras' mixed-precision guide:
  "the softmax and the loss in float32").

Nothing here imports TensorFlow.
"""

from __future__ import annotations

from tfperf.cost.ops import op_class


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# matrix ops TensorFlow writes (Grappler's _Fused*/_Mkl* forms appear only after it ran)
ALLOW = frozenset(op for op in _words("""
    MatMul BatchMatMul BatchMatMulV2 BatchMatMulV3 Einsum Conv2D Conv3D Conv2DBackpropInput
    Conv2DBackpropInputV2 Conv2DBackpropFilter Conv2DBackpropFilterV2 Conv3DBackpropInputV2
    Conv3DBackpropFilterV2 DepthwiseConv2dNative DepthwiseConv2dNativeBackpropInput
    DepthwiseConv2dNativeBackpropFilter
""") if op_class(op) in ("matrix", "depthwise"))

CONDITIONAL = _words("""
    Identity IdentityN Snapshot StopGradient Reshape Squeeze ExpandDims Transpose ConcatV2 Pack Unpack
    Split SplitV Slice StridedSlice StridedSliceGrad Pad PadV2 MirrorPad Tile BroadcastTo ReverseV2
    DepthToSpace SpaceToDepth ResizeNearestNeighbor ResizeNearestNeighborGrad Select SelectV2 ZerosLike
    OnesLike Relu Relu6 ReluGrad Relu6Grad LeakyRelu LeakyReluGrad Elu EluGrad Selu SeluGrad Gelu GeluGrad
    Sigmoid SigmoidGrad Tanh TanhGrad Softplus SoftplusGrad Softsign SoftsignGrad Neg Abs Maximum Minimum
    ClipByValue Mul BiasAdd BiasAddV1 BiasAddGrad MaxPool MaxPoolV2 MaxPoolGrad MaxPoolGradV2 AvgPool
    AvgPoolGrad FusedBatchNormV2 FusedBatchNormV3 FusedBatchNormGradV2 FusedBatchNormGradV3
""")

STRICT = _words("Add AddV2 AddN Sub")

# op -> why 16-bit hurts it (TFP703's words)
SENSITIVE = {
    "Softmax": "softmax (exponentials normalised by their sum)",
    "LogSoftmax": "log-softmax",
    "Exp": "exp", "Expm1": "expm1", "Log": "log", "Log1p": "log1p", "Pow": "pow",
    "SoftmaxCrossEntropyWithLogits": "the cross-entropy loss",
    "SparseSoftmaxCrossEntropyWithLogits": "the cross-entropy loss",
}
REDUCTIONS = _words("Sum Mean Prod EuclideanNorm L2Loss Cumsum")

# A reduction of more than this many terms per result loses whole terms when it accumulates in
# bfloat16: its significand has 8 bits, so once the running sum is 256 times a term, adding the
# term rounds it away. (TensorFlow's CPU kernels accumulate 16-bit sums in float32; what Gaudi's
# and NVIDIA's kernels do is not published, and the result is rounded to 8 bits in any case.)
LARGE_REDUCTION = 256

# Slots that keep their own dtype when an op is converted (its other float inputs and outputs
# follow its "T"): (T inputs, T outputs). FusedBatchNorm's scale, offset, mean and variance are
# its `U` (float32 always); ResizeBilinear returns float32 whatever it reads.
T_SLOTS = {
    **dict.fromkeys(("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3"), ((0,), (0,))),
    **dict.fromkeys(("FusedBatchNormGrad", "FusedBatchNormGradV2", "FusedBatchNormGradV3"), ((0, 1), (0,))),
    "ResizeBilinear": ((0,), ()),
}

FLOAT16 = ("bfloat16", "float16")
