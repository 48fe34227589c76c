"""The op class table: which kind of work each TensorFlow op type is, as data.

The step model prices an op by its class, never by branching on op names: a class says which kind
of engine work it is ("matrix", "vector", "dma", the host, or nothing) and how its FLOPs and bytes
follow from the static shapes in the IR (`tfperf.cost.engines`). Adding an op type is adding a
word below.

| class       | work   | FLOPs                                  | bytes                        |
|-------------|--------|----------------------------------------|------------------------------|
| matrix      | matrix | 2 x M x N x K (x batch) from the dims  | inputs + outputs             |
| depthwise   | vector | 2 x output (or out_backprop) x window  | inputs + outputs             |
| elementwise | vector | output elements x FLOPS_PER_ELEMENT    | inputs + outputs             |
| random      | vector | output elements                        | inputs + outputs             |
| reduction   | vector | data input elements x FLOPS_PER_ELEMENT| inputs + outputs             |
| pool        | vector | output elements x window               | inputs + outputs             |
| gather      | vector | 0                                      | 2 x outputs (reads what it writes) |
| movement    | dma    | 0                                      | inputs + outputs             |
| slicing     | dma    | 0                                      | 2 x outputs                  |
| transpose   | dma    | 0                                      | cache-line rounded read + write; free when logical on the target |
| host        | host   | unknown (not counted)                  | inputs + outputs, host memory |
| free        | -      | 0 (metadata, aliases, constants)       | 0                            |
| call        | -      | its function bodies are scheduled      | 0                            |

An op type not in the table is "other": priced as element-wise by its bytes (inputs + outputs),
and the estimate names such op types so nothing is silently guessed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OpClass:
    name: str
    work: str | None  # "matrix", "vector", "dma", "host"; None: runs on no engine
    summary: str


CLASSES = {c.name: c for c in (
    OpClass("matrix", "matrix", "matrix multiplications and convolutions, forward and backward"),
    OpClass("depthwise", "vector", "depthwise convolutions: one filter per channel, no reduction over channels"),
    OpClass("elementwise", "vector", "element-wise arithmetic, activations, casts, their gradients, variable updates"),
    OpClass("random", "vector", "random numbers (dropout masks, initializers): counter-based generators"),
    OpClass("reduction", "vector", "reductions over axes: sums, means, softmax, losses, bias gradients"),
    OpClass("pool", "vector", "pooling windows and their gradients"),
    OpClass("gather", "vector", "gathers and scatters by index"),
    OpClass("movement", "dma", "copies that rearrange data: pad, concat, tile, broadcast, reverse"),
    OpClass("slicing", "dma", "slices and splits: read what they write"),
    OpClass("transpose", "dma", "transposes: a copy unless the target makes them logical"),
    OpClass("host", "host", "ops that run on the host: Python callbacks, strings, printing, input iterators"),
    OpClass("free", None, "metadata, aliases and constants: no kernel runs"),
    OpClass("call", None, "function calls and control flow: their bodies are scheduled instead"),
    OpClass("other", "vector", "op types the table does not know: priced as element-wise by their bytes"),
)}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# op type -> class. Grouped by class; within a group, alphabetical where it reads.
_TABLE = {
    "matrix": _words("""
        MatMul BatchMatMul BatchMatMulV2 BatchMatMulV3 Einsum _FusedMatMul _FusedBatchMatMulV2 _MklMatMul
        Conv2D Conv3D _FusedConv2D _FusedConv3D Conv2DBackpropInput Conv2DBackpropInputV2 Conv2DBackpropFilter
        Conv2DBackpropFilterV2 Conv3DBackpropInputV2 Conv3DBackpropFilterV2 Conv3DBackpropInput Conv3DBackpropFilter
    """),
    "depthwise": _words("""
        DepthwiseConv2dNative _FusedDepthwiseConv2dNative DepthwiseConv2dNativeBackpropInput
        DepthwiseConv2dNativeBackpropFilter
    """),
    "elementwise": _words("""
        Abs Acos Acosh Add AddN AddV2 AccumulateNV2 Angle ApproximateEqual Asin Asinh Atan Atan2 Atanh BiasAdd
        BiasAddV1 Cast Ceil ClipByValue Cos Cosh Digamma Div DivNoNan Elu EluGrad Equal Erf Erfc Exp Expm1 Floor
        FloorDiv FloorMod FusedBatchNorm FusedBatchNormV2 FusedBatchNormV3 Gelu GeluGrad Greater GreaterEqual
        Inv InvGrad IsFinite IsInf IsNan LeakyRelu LeakyReluGrad Less LessEqual Lgamma Log Log1p LogicalAnd
        LogicalNot LogicalOr Maximum Minimum Mod Mul MulNoNan Neg NotEqual OnesLike Pow RealDiv Reciprocal
        ReciprocalGrad Relu Relu6 Relu6Grad ReluGrad Rint Round Rsqrt RsqrtGrad Select SelectV2 Selu SeluGrad
        Sigmoid SigmoidGrad Sign Sin Sinh Softplus SoftplusGrad Softsign SoftsignGrad Sqrt SqrtGrad Square
        SquaredDifference Sub Tan Tanh TanhGrad TruncateDiv TruncateMod Xdivy Xlog1py Xlogy ZerosLike Fill
        BitwiseAnd BitwiseOr BitwiseXor LeftShift RightShift Invert PopulationCount CheckNumerics CheckNumericsV2
        AssignAddVariableOp AssignSubVariableOp ResourceApplyAdam ResourceApplyAdamWithAmsgrad
        ResourceApplyGradientDescent ResourceApplyMomentum ResourceApplyKerasMomentum ResourceApplyRMSProp
        ResourceApplyAdagrad ResourceApplyAdagradV2 ResourceApplyAdadelta ResourceApplyAdaMax
        ResourceApplyCenteredRMSProp ResourceApplyFtrl ResourceApplyFtrlV2 Range LinSpace _FusedMulAdd
    """),
    "random": _words("""
        RandomUniform RandomStandardNormal TruncatedNormal RandomUniformInt StatelessRandomUniformV2
        StatelessRandomNormalV2 StatelessTruncatedNormalV2 StatelessRandomUniformIntV2 StatelessRandomUniform
        StatelessRandomNormal StatelessTruncatedNormal StatelessRandomUniformFullIntV2 StatelessRandomGetKeyCounter
        RngReadAndSkip
    """),
    "reduction": _words("""
        Sum Mean Max Min Prod All Any ArgMax ArgMin EuclideanNorm BiasAddGrad L2Loss Softmax LogSoftmax
        SparseSoftmaxCrossEntropyWithLogits SoftmaxCrossEntropyWithLogits FusedBatchNormGrad FusedBatchNormGradV2
        FusedBatchNormGradV3 Cumsum Cumprod CumulativeLogsumexp TopKV2 InTopKV2 UnsortedSegmentSum
        UnsortedSegmentMax UnsortedSegmentMin SegmentSum SegmentMean SparseSegmentSum SparseSegmentMean
        SparseSegmentSqrtN LRN LRNGrad _FusedBatchNormEx
    """),
    "pool": _words("""
        MaxPool MaxPoolV2 MaxPool3D AvgPool AvgPool3D MaxPoolGrad MaxPoolGradV2 MaxPool3DGrad AvgPoolGrad
        AvgPool3DGrad MaxPoolWithArgmax MaxPoolGradWithArgmax MaxPoolGradGrad
    """),
    "gather": _words("""
        GatherV2 Gather GatherNd ResourceGather ResourceGatherNd ScatterNd TensorScatterUpdate TensorScatterAdd
        TensorScatterSub TensorScatterMax TensorScatterMin ResourceScatterAdd ResourceScatterSub
        ResourceScatterUpdate ResourceScatterNdUpdate ResourceScatterNdAdd OneHot DynamicStitch
        ParallelDynamicStitch DynamicPartition Where
    """),
    "movement": _words("""
        Pad PadV2 MirrorPad MirrorPadGrad ConcatV2 Concat Pack Tile TileGrad BroadcastTo Reverse ReverseV2
        ReverseSequence Roll DepthToSpace SpaceToDepth SpaceToBatchND BatchToSpaceND MatrixBandPart MatrixDiag
        MatrixDiagV3 MatrixDiagPartV3 MatrixSetDiagV3 AssignVariableOp Copy CopyHost DeepCopy _HostSend _HostRecv
        ResizeBilinear ResizeNearestNeighbor ResizeBilinearGrad ResizeNearestNeighborGrad ResizeBicubic
        ImageProjectiveTransformV3 ExtractImagePatches UpperBound LowerBound
    """),
    "slicing": _words("""
        Slice StridedSlice StridedSliceGrad Split SplitV Unpack ResourceStridedSliceAssign TensorStridedSliceUpdate
    """),
    "transpose": _words("Transpose ConjugateTranspose"),
    "host": _words("""
        PyFunc PyFuncStateless EagerPyFunc StringFormat PrintV2 Print AsString StringJoin RegexReplace
        StaticRegexReplace RegexFullMatch StringSplit StringSplitV2 StringToNumber StringLength Substr
        StringStrip StringLower StringUpper ReduceJoin DecodeJpeg DecodePng DecodeImage DecodeRaw DecodeCSV
        EncodeJpeg EncodePng ReadFile WriteFile ParseExample ParseExampleV2 ParseSingleExample
        ParseSequenceExampleV2 SerializeTensor ParseTensor ScalarSummary HistogramSummary TensorSummaryV2
        WriteScalarSummary WriteSummary WriteHistogramSummary WriteImageSummary FlushSummaryWriter Timestamp
        IteratorGetNext IteratorGetNextSync MultiDeviceIteratorGetNextFromShard OptionalGetValue
        IteratorGetNextAsOptional LookupTableFindV2 LookupTableImportV2 HashTableV2 MutableHashTableV2
    """),
    "free": _words("""
        Identity IdentityN Reshape Squeeze ExpandDims Const HostConst NoOp Placeholder PlaceholderWithDefault
        _Arg _Retval _DeviceArg _DeviceRetval ReadVariableOp VarHandleOp VariableV2 Variable VarIsInitializedOp
        Shape ShapeN Size Rank StopGradient PreventGradient BroadcastGradientArgs Snapshot EnsureShape Bitcast
        DestroyResourceOp ConsumeMutexLock MutexLock MutexV2 Assert ControlTrigger Switch Merge Enter Exit
        NextIteration LoopCond RefSwitch RefMerge RefEnter RefExit RefNextIteration VariableShape
        AnonymousIteratorV2 AnonymousIteratorV3 MakeIterator DeleteIterator IteratorV2 OptionalFromValue
        OptionalHasValue OptionalNone DatasetCardinality _Recv _Send TensorListLength InvertPermutation
        EmptyTensorList TensorListReserve TensorListFromTensor TensorListStack TensorListGetItem TensorListSetItem
        TensorListElementShape TensorListPushBack TensorListPopBack
    """),
    "call": _words("""
        PartitionedCall StatefulPartitionedCall If StatelessIf While StatelessWhile Case StatelessCase
        _While _If TPUPartitionedCall
    """),
}

OP_CLASS: dict[str, str] = {op: cls for cls, ops in _TABLE.items() for op in ops}

# Ops whose class depends on what they read: a string, variant or resource result is host work or
# no work at all. The pipeline builders of tf.data (…Dataset, …DatasetV2) build, they do not run.
DATASET_SUFFIXES = ("Dataset", "DatasetV2", "DatasetV3", "DatasetV4")

# Counted FLOPs per element where an op does more than one arithmetic operation per output
# (element-wise) or per input (reduction) element; everything else counts one. Element-wise work
# is memory-bound on every target here, so these only matter on a slow vector engine.
FLOPS_PER_ELEMENT = {
    "SquaredDifference": 2, "Selu": 3, "Gelu": 8, "GeluGrad": 10, "Softplus": 3, "Erf": 4,
    "FusedBatchNorm": 4, "FusedBatchNormV2": 4, "FusedBatchNormV3": 4, "_FusedBatchNormEx": 4,
    "Softmax": 5, "LogSoftmax": 5, "SparseSoftmaxCrossEntropyWithLogits": 6, "SoftmaxCrossEntropyWithLogits": 6,
    "FusedBatchNormGrad": 8, "FusedBatchNormGradV2": 8, "FusedBatchNormGradV3": 8, "L2Loss": 2,
    "ResourceApplyAdam": 12, "ResourceApplyAdamWithAmsgrad": 14, "ResourceApplyMomentum": 4,
    "ResourceApplyKerasMomentum": 4, "ResourceApplyRMSProp": 8, "ResourceApplyGradientDescent": 2,
    "LRN": 6, "LRNGrad": 10,
}

# Matrix ops: how to read their dims (tfperf.cost.engines has one reader per kind).
MATRIX_DIMS = {
    **dict.fromkeys(("MatMul", "_FusedMatMul", "_MklMatMul"), "matmul"),
    **dict.fromkeys(("BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "_FusedBatchMatMulV2"), "batch_matmul"),
    **dict.fromkeys(("Conv2D", "Conv3D", "_FusedConv2D", "_FusedConv3D"), "conv"),
    **dict.fromkeys(("Conv2DBackpropInput", "Conv2DBackpropInputV2", "Conv3DBackpropInputV2",
                     "Conv3DBackpropInput"), "conv_input_grad"),
    **dict.fromkeys(("Conv2DBackpropFilter", "Conv2DBackpropFilterV2", "Conv3DBackpropFilterV2",
                     "Conv3DBackpropFilter"), "conv_filter_grad"),
    "Einsum": "einsum",
}

# Element-wise ops a matrix op's epilogue absorbs (Grappler's remapper: Conv2D/MatMul + BiasAdd (or
# FusedBatchNorm) [+ Add] [+ activation] -> _FusedConv2D / _FusedMatMul; cuDNN / oneDNN post-ops).
# The first op after the matrix op must be one of EPILOGUE_FIRST, the next ones EPILOGUE_NEXT.
# Used when a target's fusion is "epilogue".
EPILOGUE_FIRST = frozenset(_words("BiasAdd BiasAddV1 FusedBatchNorm FusedBatchNormV3"))
EPILOGUE_NEXT = frozenset(_words("Relu Relu6 Elu LeakyRelu Selu Sigmoid Tanh Gelu Softplus Softsign Add AddV2"))
EPILOGUE_OPS = EPILOGUE_FIRST | EPILOGUE_NEXT
MAX_EPILOGUE = 3  # ops after the matrix op that one call absorbs

# Ops whose output is an alias of an input (same buffer): no new memory.
ALIASES = frozenset(_words("""
    Identity IdentityN Reshape Squeeze ExpandDims StopGradient PreventGradient Snapshot EnsureShape Bitcast
    ReadVariableOp
"""))

# Data types that carry no tensor data the model prices (handles, variants, strings).
OPAQUE_DTYPES = frozenset(("resource", "variant", "string"))

# Function-calling ops and the attributes naming their callees.
LOOPS = frozenset(("While", "StatelessWhile", "_While"))
CONDITIONALS = frozenset(("If", "StatelessIf", "_If", "Case", "StatelessCase"))


def op_class(op: str) -> str:
    """The class name of op type `op` ("other" when the table does not know it)."""
    found = OP_CLASS.get(op)
    if found is not None:
        return found
    if op.endswith(DATASET_SUFFIXES):
        return "free"
    return "other"


# Kernels a runtime runs under names of its own: oneDNN's CPU kernels (_MklNativeConv2D is a
# Conv2D), and Grappler's fusions named after what they fuse (_MklNativePadWithFusedConv2D,
# _FusedConv2D): a profile's kernel types, read back to a class.
_RUNTIME_PREFIXES = ("_MklNative", "_Mkl")


def kernel_class(op: str) -> str:
    """The class of a kernel a profile names by its op type, fused and renamed kernels included."""
    for prefix in _RUNTIME_PREFIXES:
        if op.startswith(prefix):
            op = op[len(prefix):]
            break
    found = op_class(op)
    if found != "other":
        return found
    if "Depthwise" in op:
        return "depthwise"
    if "Conv" in op or "MatMul" in op:
        return "matrix"
    if "BatchNorm" in op:
        return "elementwise"
    return found
