"""TFP701-TFP704: matrix ops left in float32, no (or a late) mixed-precision policy, precision-sensitive
work in 16-bit, and casts that go back and forth."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterator

from tfperf.findings import Cost, Finding, Fix, GuideSection, Safety, Severity, StepShare
from tfperf.rules.base import CheckContext, Rule, lazy_face
from tfperf.rules.mixed_precision import examples, source_doc
from tfperf.rules.mixed_precision.source import FloatOutputLayerSource, MixedPrecisionPolicySource

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.amp import MixedPrice
    from tfperf.ir import Graph, Node

CONVERT_REMEDY = ("training: keras.mixed_precision.set_global_policy(\"{policy}\") before the model is built "
                  "(TFP702's fix); inference: `tfperf optimize --bf16` converts the graph (verified within a "
                  "tolerance); on Gaudi, `tfperf amp --emit-habana-config` writes a TF_BF16_CONVERSION config that "
                  "converts what tfperf priced")


# A plan predicted to save less than 5% of the step is not worth a change of precision (a tiny model
# is launch-bound: its matmuls are a sliver of the step): TFP701 stays quiet.
MIN_SPEEDUP = 1.05


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3g} ms"


def _config_name(ctx: CheckContext) -> str | None:
    config = ctx.option("bf16_config")
    return None if config is None else config.source


class MatrixOpsInFloat32(Rule):
    """Matrix ops (MatMul, BatchMatMul, Einsum, convolutions and their gradients) computing in float32
    on a target whose matrix engine runs 16-bit faster (bfloat16 first; float16 where only it is).

    Priced with the step model: the predicted step of the graph as it is, and after tfperf's plan
    converts it (the ops whose 16-bit version is cheaper on the target, casts included: a small
    matmul whose casts cost more than it saves stays float32). Reported when the plan is at least
    5% faster, or when the shapes are open and it cannot be priced. With `--bf16-config FILE` the
    graph is first converted as Habana's pass would convert it with that file, and the finding is
    what the file leaves in float32 and what tfperf's plan would still save.
    """

    code = "TFP701"
    name = "matrix-ops-in-float32"
    section = GuideSection.MIXED_PRECISION
    summary = "matmuls/convolutions compute in float32 where the target's matrix engine runs 16-bit faster"
    severity = Severity.WARNING
    safety = Safety.NUMERICS
    invalid = examples.TFP701_INVALID
    valid = examples.TFP701_VALID
    @lazy_face
    def fix_pass():
        from tfperf.rules.mixed_precision.fix import ConvertToMixedPrecision
        return ConvertToMixedPrecision

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        from tfperf.amp import compare  # here: a source-only check never loads the step model
        from tfperf.amp.patterns import float32_matrix_ops, matrix_flops
        from tfperf.ir import num_elements

        sixteen = ctx.target.sixteen_bit()
        matrix = float32_matrix_ops(graph)
        if sixteen is None or not matrix:
            return
        price = compare(graph, ctx.target, dtype=sixteen[0], baseline=ctx.estimate)
        known = all(num_elements(n.shape(0)) is not None for n in matrix)
        if known and (not any(price.plan.is_converted(n) for n in matrix) or price.speedup < MIN_SPEEDUP):
            return  # at these shapes nothing pays on this target (launches and casts outweigh the matmuls)
        flops = [matrix_flops(graph, n) for n in matrix]
        cost = Cost(flops=None if None in flops else sum(flops), seconds=price.saved_seconds if known else None,
                    target=ctx.target.name)
        fix = Fix(Safety.NUMERICS, CONVERT_REMEDY.format(policy="mixed_" + sixteen[0]))
        yield self.finding(_matrix_message(matrix, ctx, sixteen, price if known else None), matrix[0], ctx,
                           related=matrix[1:10], cost=cost, fix=fix, step=_plan_share(price) if known else None)


def _plan_share(price: MixedPrice) -> StepShare | None:
    """The whole plan's saving is this finding's share of the step (the plan was priced by scheduling
    the converted step, as whatif prices a removal); None (whatif's reason) when an op is unpriced."""
    if price.fp32.ops_unknown or price.mixed.ops_unknown:
        return None
    return StepShare(max(0.0, price.saved_seconds), price.fp32.step_seconds, price.fp32.target.name,
                     "tfperf's plan applied (its ops in 16-bit, casts included)")


def _matrix_message(matrix: list[Node], ctx: CheckContext, sixteen: tuple[str, float], price: MixedPrice | None) -> str:
    dtype, gain = sixteen
    kinds = ", ".join(f"{op} x{n}" for op, n in Counter(n.op for n in matrix).most_common())
    ops = f"{len(matrix)} matrix op{'s' if len(matrix) > 1 else ''} ({kinds})"
    what = (f"the bf16 config {_config_name(ctx)} leaves {ops} in float32" if ctx.option("bf16_config")
            else f"{ops} compute{'' if len(matrix) > 1 else 's'} in float32")
    engine = ctx.target.engine_for("matrix")
    message = f"{what}; on {ctx.target.name} the {engine.title if engine else 'matrix engine'} run {dtype} {gain:.1f}x faster"
    if price is None:
        return message + ": the shapes are open, give --batch-size or --input-shape to price it"
    return message + (f": predicted step {_ms(price.fp32.step_seconds)} as it is, {_ms(price.mixed.step_seconds)} "
                      f"with tfperf's plan ({price.speedup:.2f}x: {len(price.plan.converted)} ops in {dtype}, "
                      f"{price.casts} casts)")


class MixedPrecisionPolicy(Rule):
    """Keras training code without a mixed-precision policy, or with one set after the model is built.

    Keras layers read the global dtype policy when they are constructed: with none, every matmul
    and convolution computes in float32; set after the first layer is built, it leaves the layers
    built before it in float32 (a common slip: the policy line placed just before `fit`). The file
    must both build Keras layers or models (the project's own `keras.Model` subclasses too) and
    train them (`compile`, `fit`, `train_on_batch` or a `tf.GradientTape`). A policy another module
    sets, or a project function the file calls sets, counts (another module's as info: its order
    is not in the source); in a program (an `if __name__ == "__main__":` block) only what it sets
    or calls counts, and a program that trains a model built elsewhere with no policy is reported
    at its first `fit`. In a library (no program, and no script building or training a model at
    module level, outside tests, tools and benchmarks) the policy is the user's program's to set:
    info. Not reported on targets whose matrix engine is no faster in 16-bit.

    Fix (numerics, applied only with `--unsafe-fixes`): `keras.mixed_precision.set_global_policy(
    "mixed_bfloat16")` on the line before the first layer is built (moved there, when it was set
    late). On a target without bfloat16 but faster float16: "mixed_float16", which needs loss
    scaling: `model.compile` wraps the optimizer in a LossScaleOptimizer itself (Keras 3's
    `auto_scale_loss`); a custom training loop is left to the user (advisory).
    """

    code = "TFP702"
    name = "no-mixed-precision-policy"
    section = GuideSection.MIXED_PRECISION
    summary = "Keras training code has no mixed-precision policy, or sets it after the model is built"
    severity = Severity.WARNING
    safety = Safety.NUMERICS
    invalid = examples.TFP702_INVALID
    valid = examples.TFP702_VALID
    Source = MixedPrecisionPolicySource
    source_doc = source_doc.TFP702


class PrecisionSensitiveIn16Bit(Rule):
    """Precision-sensitive work computing in 16-bit: softmax, log-softmax, exp, log and the
    cross-entropy losses; reductions of more than 256 terms per result (sums, means, variances: the
    statistics of a normalisation; bfloat16 keeps 8 significant bits, so a running sum 256 times a
    term rounds the term away where a kernel accumulates in 16-bit, and the result keeps 8 bits
    anyway); and a model whose result is 16-bit (Keras' mixed-precision guide: the output layer in
    float32). Batch-norm kernels (FusedBatchNorm*) are not reported: TensorFlow computes their
    statistics in float32 whatever their input dtype.

    Source: under a 16-bit global policy, a softmax output layer (`Dense(..., activation="softmax")`,
    `Activation("softmax")`, `Softmax()`) without `dtype="float32"`; the fix adds it (numerics:
    applied with `--unsafe-fixes`). With `--bf16-config FILE`, the graph face reports what that file
    converts (Habana's full.json allowlists Softmax, Exp and Log).
    """

    code = "TFP703"
    name = "precision-sensitive-16bit"
    section = GuideSection.MIXED_PRECISION
    summary = "softmax/exp/log, large reductions, the loss or the model's output computed in 16-bit"
    severity = Severity.WARNING
    safety = Safety.NUMERICS
    invalid = examples.TFP703_INVALID
    valid = examples.TFP703_VALID
    Source = FloatOutputLayerSource
    source_doc = source_doc.TFP703

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        from tfperf.amp.patterns import outputs_16bit, sensitive_16bit
        from tfperf.amp.plan import key

        outputs = {key(n): n for n in outputs_16bit(graph)}
        for node, why in sensitive_16bit(graph):
            output = "; it is the model's output" if outputs.pop(key(node), None) is not None else ""
            yield self._finding(node, ctx, f"{why} computes in {node.attrs['T']}{_converted_by(ctx, node)}{output}")
        for node in outputs.values():
            dtype = next(d for d in node.output_dtypes if d in SIGNIFICANT_BITS)
            yield self._finding(node, ctx, f"the model's output ({node.op}) is {dtype}{_converted_by(ctx, node)}: "
                                           f"what reads it (a loss, a metric, an argmax) gets {SIGNIFICANT_BITS[dtype]} "
                                           "significant bits")

    def step_change(self, finding: Finding, graph: Graph, ctx: CheckContext):
        from tfperf.cost.whatif import Change

        return Change(unknown="a precision fix: float32 here buys accuracy, and costs step time rather than saving it")

    def _finding(self, node: Node, ctx: CheckContext, message: str) -> Finding:
        remedy = ("compute it in float32: dtype=\"float32\" on the Keras layer (the output layer above all), or a "
                  "cast to float32 before it")
        if ctx.option("bf16_config"):
            remedy = (f"add [\"{node.name}\", \"{node.op}\"] to the config's non_convertible_exceptions, or drop "
                      f"{node.op} from its lists")
        return self.finding(message, node, ctx, fix=Fix(Safety.ADVISORY, remedy))


SIGNIFICANT_BITS = {"bfloat16": 8, "float16": 11}


def _converted_by(ctx: CheckContext, node: Node) -> str:
    plan = ctx.option("bf16_plan")
    return f" (converted by the bf16 config {_config_name(ctx)})" if plan is not None and plan.is_converted(node) else ""


class CastPingPong(Rule):
    """Casts back and forth around a few ops kept in the other precision: a float32 island (bfloat16
    -> float32 -> bfloat16) of ops tfperf's lists allow in 16-bit, or a 16-bit island (float32 ->
    bfloat16 -> float32) without a matrix op, or a cast straight back. Each cast reads and writes
    the whole tensor; the price is the step model's for those casts. An island holding
    precision-sensitive work (a normalisation's statistics, a softmax) is the price of precision
    and is not reported.
    """

    code = "TFP704"
    name = "cast-ping-pong"
    section = GuideSection.MIXED_PRECISION
    summary = "float32 <-> 16-bit casts around a few ops that could stay in the surrounding precision"
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = examples.TFP704_INVALID
    valid = examples.TFP704_VALID

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        from tfperf.amp.choose import CastPrices
        from tfperf.amp.patterns import avoidable, islands
        from tfperf.amp.plan import key
        from tfperf.ir import num_elements

        self._islands = {}  # first entry cast -> its island, for step_change
        for island in islands(graph):
            if not avoidable(island):
                continue
            self._islands[key(island.entries[0])] = island
            sixteen = next(d for c in island.casts for d in (c.attrs["SrcT"], c.attrs["DstT"]) if d != "float32")
            prices = CastPrices(ctx.target, sixteen)
            seconds = sum(prices.seconds(c.shape(0)) for c in island.casts)
            elements = [num_elements(c.shape(0)) for c in island.casts]
            nbytes = None if None in elements else 6 * sum(elements)  # float32 + 16-bit, read and written
            known = None not in elements
            yield self.finding(_pingpong_message(island, sixteen), island.entries[0], ctx,
                               related=island.ops + island.exits,
                               cost=Cost(nbytes, 0 if known else None, seconds if known else None, ctx.target.name),
                               fix=Fix(Safety.ADVISORY, _pingpong_remedy(island, sixteen)))


    def step_change(self, finding: Finding, graph: Graph, ctx: CheckContext):
        """The island's casts leave the step (its ops priced as they are: a float32 island computing
        in 16-bit after the fix would save a little more)."""
        from tfperf.amp.plan import key
        from tfperf.cost.whatif import Change

        loc = finding.location.graph
        island = getattr(self, "_islands", {}).get((loc.function, loc.node))
        if island is None:
            return None
        return Change.removing({key(c) for c in island.casts}, note="its casts removed")


def _pingpong_message(island, sixteen: str) -> str:
    ops = ", ".join(n.op for n in island.ops[:4]) + (", ..." if len(island.ops) > 4 else "")
    casts = f"{len(island.casts)} casts"
    if not island.ops:
        return f"a cast to {island.entries[0].attrs['DstT']} is cast straight back ({casts}): a lossy round trip"
    if island.dtype == "float32":
        return f"{sixteen} -> float32 -> {sixteen} around {ops} ({casts}): ops that could compute in {sixteen}"
    return f"float32 -> {sixteen} -> float32 around {ops} ({casts}): no matrix op in it gains from {sixteen}"


def _pingpong_remedy(island, sixteen: str) -> str:
    if not island.ops:
        return "remove both casts (the round trip only rounds the values)"
    if island.dtype == "float32":
        return f"compute these ops in {sixteen} (drop their dtype=\"float32\", or list them in the bf16 config): " \
               "both casts go"
    return "keep these ops in float32 (drop them from the bf16 config's lists): both casts go"
