"""The conversion plan on hand-made IR graphs (TensorFlow-free): Habana's list semantics, exceptions,
boundaries, the minimum cut (against brute force), and tfperf's plan written as a config and read back."""

from __future__ import annotations

import itertools
import random

import pytest

from tfperf import targets
from tfperf.amp import boundaries, converted_graph, habana, plan, tfperf_config
from tfperf.amp.choose import _Cut
from tfperf.amp.habana import Bf16Config, NodePattern
from tfperf.cost.estimate import estimate_graph
from tfperf.ir import Graph, Node, TensorRef

SHAPE = (256, 1024)


def node(name, op, *inputs, dtype="float32", shape=SHAPE, typed=True, **attrs) -> Node:
    return Node(name, op, tuple(TensorRef(*i) if isinstance(i, tuple) else TensorRef(i) for i in inputs),
                attrs={**({"T": dtype} if typed else {}), **attrs}, output_shapes=(shape,), output_dtypes=(dtype,))


def mlp(size: int = 1024) -> Graph:
    """x -> Reshape -> MatMul(w) -> BiasAdd(b) -> Relu -> AddV2(skip) -> Softmax -> Identity."""
    return Graph([
        node("x", "Placeholder", typed=False, shape=(size, size)),
        node("shape", "Const", dtype="int32", typed=False, shape=(2,)),
        node("reshape", "Reshape", "x", "shape", shape=(size, size)),
        node("w", "ReadVariableOp", typed=False, shape=(size, size)),
        node("matmul", "MatMul", "reshape", "w", shape=(size, size)),
        node("b", "Const", typed=False, shape=(size,)),
        node("bias", "BiasAdd", "matmul", "b", shape=(size, size)),
        node("relu", "Relu", "bias", shape=(size, size)),
        node("skip", "AddV2", "relu", "reshape", shape=(size, size)),
        node("softmax", "Softmax", "skip", shape=(size, size)),
        node("Identity", "Identity", "softmax", shape=(size, size)),
    ])


def converted(p) -> set[str]:
    return {n.name for n in p.nodes()}


LISTS = Bf16Config(frozenset({"MatMul"}), frozenset({"Reshape", "BiasAdd", "Relu", "Identity"}),
                   frozenset({"AddV2"}))


def test_lists_as_habana_applies_them():
    p = plan(mlp(), LISTS)
    # the conditional ops next to the matmul convert; the strict add's inputs are both 16-bit (relu,
    # reshape), so it converts too; the softmax is listed nowhere; the result keeps its dtype
    assert converted(p) == {"reshape", "matmul", "bias", "relu", "skip"}


def test_strict_waits_for_every_input():
    lists = Bf16Config(LISTS.allow, LISTS.conditional - {"Reshape"}, LISTS.strict)
    assert "skip" not in converted(plan(mlp(), lists)), "reshape stays float32, so the add must"


def test_exceptions_by_node_name_and_op():
    never = Bf16Config(LISTS.allow, LISTS.conditional, LISTS.strict, never=(NodePattern("mat.*", "MatMul"),))
    assert converted(plan(mlp(), never)) == set(), "nothing else anchors a conversion"
    always = Bf16Config(frozenset(), frozenset(), frozenset(), always=(NodePattern("softmax", ""),))
    assert converted(plan(mlp(), always)) == {"softmax"}


def test_input_only_nodes_do_not_spread_through_their_outputs():
    config = Bf16Config(frozenset(), frozenset({"Relu", "Softmax"}), frozenset(),
                        input_only=(NodePattern("bias", ""),))
    p = plan(mlp(), config)
    assert (None, "bias") in p.input_only and "relu" not in converted(p)
    assert [b.to for b in boundaries(p) if b.producer.name == "bias"] == ["float32"]


def test_boundaries_one_cast_per_tensor_constants_in_place():
    p = plan(mlp(), LISTS)
    found = {(b.producer.name, b.to): b for b in boundaries(p)}
    assert set(found) == {("x", "bfloat16"), ("w", "bfloat16"), ("b", "bfloat16"), ("skip", "float32")}
    assert found[("b", "bfloat16")].how == "constant"
    assert found[("x", "bfloat16")].how == "cast" and [r.name for r, _ in found[("x", "bfloat16")].readers] == ["reshape"]


def test_a_cast_back_of_a_16bit_tensor_is_bypassed():
    graph = Graph([node("x", "Placeholder", dtype="bfloat16", typed=False),
                   node("up", "Cast", "x", typed=False, SrcT="bfloat16", DstT="float32"),
                   node("w", "ReadVariableOp", typed=False, shape=(1024, 1024)),
                   node("matmul", "MatMul", "up", "w"),
                   node("Identity", "Identity", "matmul")])
    [into_x] = [b for b in boundaries(plan(graph, LISTS)) if b.producer.name == "up"]
    assert into_x.how == "bypass"
    after = converted_graph(plan(graph, LISTS))
    assert after.get("matmul").inputs[0] == TensorRef("x"), "the matmul reads the 16-bit source"


def test_batch_norm_statistics_stay_float32():
    graph = Graph([node("x", "Placeholder", typed=False, shape=(8, 16, 16, 64)),
                   *(node(n, "Const", typed=False, shape=(64,)) for n in ("scale", "offset", "mean", "var")),
                   Node("bn", "FusedBatchNormV3", tuple(TensorRef(n) for n in ("x", "scale", "offset", "mean", "var")),
                        attrs={"T": "float32", "U": "float32"}, output_shapes=((8, 16, 16, 64),) + ((64,),) * 5,
                        output_dtypes=("float32",) * 6),
                   node("relu", "Relu", "bn", shape=(8, 16, 16, 64)),
                   node("mean_out", "Identity", ("bn", 1), shape=(64,))])
    config = Bf16Config(frozenset({"FusedBatchNormV3"}), frozenset({"Relu"}), frozenset())
    after = converted_graph(plan(graph, config))
    bn = after.get("bn")
    assert bn.output_dtypes == ("bfloat16",) + ("float32",) * 5
    assert after.get("scale").output_dtypes == ("float32",), "the scale is U: no cast, no conversion"
    assert after.get("mean_out").inputs == (TensorRef("bn", 1),)


def swish(names=("x", "w"), t=("float32", "float32")) -> Graph:
    """What Keras 3's swish traces as (a tf.custom_gradient): the forward result through an IdentityN
    whose "T" is a type list, and an unread forward Identity beside it; the function returns `out`."""
    x, w = names
    identity_n = Node("idn", "IdentityN", (TensorRef("mul"), TensorRef(x)), attrs={"T": list(t)},
                      output_shapes=(SHAPE, SHAPE), output_dtypes=tuple(t))
    graph = Graph([node(x, "Placeholder", typed=False, dtype=t[1]),
                   node(w, "ReadVariableOp", typed=False, shape=(1024, 1024)),
                   node("matmul", "MatMul", x, w), node("sig", "Sigmoid", "matmul"),
                   node("mul", "Mul", "matmul", "sig"), identity_n, node("side", "Identity", "mul"),
                   node("matmul2", "MatMul", "idn", w), node("out", "Identity", "matmul2")],
                  results=frozenset({("out", 0)}))
    return graph


SWISH_LISTS = Bf16Config(frozenset({"MatMul"}), frozenset({"Mul", "Sigmoid", "Identity", "IdentityN"}), frozenset())


def test_an_identity_n_of_float32_type_list_converts_as_a_whole():
    p = plan(swish(), SWISH_LISTS)
    assert {"idn", "mul", "matmul2"} <= converted(p)
    assert not [b for b in boundaries(p) if b.producer.name in ("mul", "idn")], "no cast around the swish"
    after = converted_graph(p).get("idn")
    assert after.attrs["T"] == ["bfloat16", "bfloat16"] and after.output_dtypes == ("bfloat16", "bfloat16")


def test_an_identity_n_with_a_non_float_element_stays():
    graph = swish(t=("float32", "int32"))
    assert "idn" not in converted(plan(graph, SWISH_LISTS))


def test_results_are_the_return_list_not_every_unread_identity():
    p = plan(swish(), SWISH_LISTS)
    assert p.outputs == frozenset({(None, "out", 0)})
    assert "side" in converted(p), "an unread forward Identity is not a result: it follows its input"
    assert not [b for b in boundaries(p) if b.producer.name == "mul" and b.to == "float32"]
    unknown = swish()
    unknown.results = None  # a graph whose return list is not known: every unread Identity is a result
    assert plan(unknown, SWISH_LISTS).outputs == frozenset({(None, "side", 0), (None, "out", 0)})


def test_converted_graph_holds_one_cast_node_per_cast_boundary():
    p = plan(mlp(), LISTS)
    after = converted_graph(p)
    casts = [n for n in after if n.op == "Cast"]
    assert len(casts) == sum(b.how == "cast" for b in boundaries(p)) == 3  # x, w in; skip back
    assert after.get("matmul").output_dtypes == ("bfloat16",) and after.get("matmul").attrs["T"] == "bfloat16"
    assert after.get("softmax").inputs == (TensorRef(casts[-1].name),)
    assert estimate_graph(after, "gaudi2").ops_unknown == 0


# ---------------------------------------------------------------------------------------------
# tfperf's plan


def test_a_large_matmul_converts_on_gaudi2_a_tiny_one_does_not():
    gaudi2 = targets.load("gaudi2")
    assert "matmul" in converted(plan(mlp(4096), tfperf_config(mlp(4096), gaudi2)))
    assert converted(plan(mlp(8), tfperf_config(mlp(8), gaudi2))) == set()


def test_tfperf_plan_is_no_slower_than_float32_or_the_lists_alone():
    gaudi2 = targets.load("gaudi2")
    graph = mlp(2048)
    steps = {name: estimate_graph(converted_graph(plan(graph, config)), gaudi2).step_seconds
             for name, config in (("ours", tfperf_config(graph, gaudi2)), ("lists", None))}
    assert steps["ours"] <= min(steps["lists"], estimate_graph(graph, gaudi2).step_seconds)


def test_tfperf_plan_written_as_a_habana_config_converts_the_same(tmp_path):
    gaudi2 = targets.load("gaudi2")
    graph = mlp(4096)
    config = tfperf_config(graph, gaudi2)
    habana.write(config, str(tmp_path / "ours.json"))
    assert converted(plan(graph, habana.read(str(tmp_path / "ours.json")))) == converted(plan(graph, config))


def test_open_shapes_are_chosen_on_a_stand_in_with_those_dims_at_1():
    graph = Graph([replace_shape(n) for n in mlp(4096)])
    stand_in = Graph([replace_shape(n, 1) for n in mlp(4096)])
    gaudi2 = targets.load("gaudi2")
    assert converted(plan(graph, tfperf_config(graph, gaudi2))) == converted(plan(stand_in, tfperf_config(stand_in, gaudi2)))


def replace_shape(n: Node, first=None) -> Node:
    from dataclasses import replace

    return replace(n, output_shapes=tuple(s if not s else (first, *s[1:]) for s in n.output_shapes))


# ---------------------------------------------------------------------------------------------
# the minimum cut, against brute force


def energy(labels: dict, unary: dict, pairs: list) -> float:
    total = sum(cost[1] if labels[v] else cost[0] for v, cost in unary.items())
    return total + sum(c for u, v, c in pairs if labels[u] and not labels[v])


@pytest.mark.parametrize("seed", range(25))
def test_minimum_cut_finds_the_least_energy(seed):
    rng = random.Random(seed)
    names = [f"n{i}" for i in range(rng.randint(2, 8))]
    unary = {v: (rng.choice([0.0, rng.random()]), rng.choice([0.0, rng.random()])) for v in names}
    pairs = [(u, v, rng.choice([rng.random(), 1e30])) for u, v in itertools.permutations(names, 2)
             if rng.random() < 0.3]
    cut = _Cut()
    for v, (as_float32, as_16bit) in unary.items():
        cut.unary(v, as_float32, as_16bit)
    for u, v, c in pairs:
        cut.edge(u, v, c)
    chosen = cut.source_side()
    found = energy({v: v in chosen for v in names}, unary, pairs)
    best = min(energy(dict(zip(names, bits)), unary, pairs) for bits in itertools.product((0, 1), repeat=len(names)))
    assert found == pytest.approx(best, rel=1e-9, abs=1e-12)
