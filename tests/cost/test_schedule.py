"""The list scheduler: one op per lane at a time, dependencies respected, the step bounded below by
the critical path and by every engine's busy time; function bodies and loops handled."""

from __future__ import annotations

import keras
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

from tfperf.capture import from_function, from_training
from tfperf.cost.estimate import estimate_graph
from tfperf.cost.schedule import UNREAD, list_schedule

EPS = 1e-12


@st.composite
def dags(draw):
    n = draw(st.integers(1, 40))
    lanes = draw(st.lists(st.integers(-1, 2), min_size=n, max_size=n))
    durations = [0.0 if lane < 0 else d for lane, d in
                 zip(lanes, draw(st.lists(st.floats(0.0, 5.0), min_size=n, max_size=n)))]
    succs = [[] for _ in range(n)]
    preds = [[] for _ in range(n)]
    for j in range(1, n):
        for i in draw(st.lists(st.integers(0, j - 1), max_size=3, unique=True)):
            succs[i].append(j)
            preds[j].append(i)
    return durations, lanes, succs, preds


@settings(max_examples=200, deadline=None)
@given(dags())
def test_list_schedule_never_overlaps_a_lane_and_respects_dependencies(dag):
    durations, lanes, succs, preds = dag
    start, end, critical = list_schedule(durations, lanes, succs, [len(p) for p in preds])
    n = len(durations)
    for i in range(n):
        assert end[i] == pytest.approx(start[i] + durations[i])
        for j in preds[i]:
            assert start[i] >= end[j] - EPS
    for lane in set(lanes) - {-1}:
        spans = sorted((start[i], end[i]) for i in range(n) if lanes[i] == lane)
        for (_, a_end), (b_start, _) in zip(spans, spans[1:]):
            assert b_start >= a_end - EPS
    makespan = max(end)
    for lane in set(lanes) - {-1}:
        assert makespan >= sum(durations[i] for i in range(n) if lanes[i] == lane) - EPS
    # the critical chain ends at the makespan and each link ends before the next starts
    i = max(range(n), key=lambda k: end[k])
    while critical[i] >= 0:
        assert end[critical[i]] <= start[i] + EPS
        i = critical[i]


def _check_plan(result):
    plan = result.plan
    tasks = plan.tasks
    for lane, order in plan.order.items():
        for a, b in zip(order, order[1:]):
            assert tasks[b].start >= tasks[a].end - EPS, lane
    for i, task in enumerate(tasks):
        if task.cost is None:
            continue
        node = task.cost.node
        for ref in node.inputs:
            j = next((k for k, t in enumerate(tasks[:len(result.graph.nodes)])
                      if t.cost.node.name == ref.node and t.cost.node.function == node.function), None)
            if j is not None and tasks[j].cost.op_class != "call":
                assert task.start >= tasks[j].end - EPS
    assert result.schedule_seconds >= sum(o.seconds for o in result.critical_path) - 1e-9
    for lane, busy in result.busy.items():
        assert result.schedule_seconds >= busy - 1e-9, lane
    assert result.step_seconds >= result.schedule_seconds


def test_a_keras_training_step_schedules_consistently():
    inputs = keras.Input((16, 16, 3), batch_size=4)
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, keras.layers.Dense(5)(x))
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    graph = from_training(model)
    for target in ("gaudi2", "a100", "cpu"):
        result = estimate_graph(graph, target)
        _check_plan(result)
        assert result.batch == 4 and result.samples_per_second > 0
        assert result.memory.training
        assert result.memory.other_variables_bytes >= 2 * result.memory.weights_bytes  # Adam's m and v


def test_function_bodies_run_between_the_call_and_its_readers():
    @tf.function
    def inner(x):
        return tf.linalg.matmul(x, x)

    @tf.function(input_signature=[tf.TensorSpec([256, 256])])
    def outer(x):
        y = tf.nn.relu(x)
        return inner(y) + 1.0

    graph = from_function(outer)
    assert graph.functions, "the call was not kept as a function"
    result = estimate_graph(graph, "gaudi2")
    tasks = {(t.cost.node.function, t.cost.node.op): t for t in result.plan.tasks if t.cost is not None}
    body = next(t for (f, op), t in tasks.items() if f is not None and op == "MatMul")
    relu = tasks[(None, "Relu")]
    add = tasks[(None, "AddV2")]
    assert body.duration > 0 and body.start >= relu.end and add.start >= body.end
    assert result.ops_unknown == 0


def test_while_loop_bodies_are_unknown_not_guessed():
    @tf.function(input_signature=[tf.TensorSpec([64, 64])])
    def f(x):
        return tf.while_loop(lambda i, y: i < 10, lambda i, y: (i + 1, tf.linalg.matmul(y, y)), [0, x])[1]

    result = estimate_graph(from_function(f), "gaudi2")
    assert result.unknown_by_reason.get("in a While loop (trip count unknown)", 0) >= 1
    assert any(c.node.op == "MatMul" and c.unknown and "While" in c.unknown for c in result.costs)


def test_host_ops_get_their_own_lane_and_copies_cross_the_link():
    @tf.function(input_signature=[tf.TensorSpec([1024])])
    def f(x):
        y = tf.numpy_function(lambda a: a * 2, [x * 3.0], tf.float32)
        y.set_shape([1024])  # a Python callback's result has no static shape unless the code gives one
        return y + 1.0

    result = estimate_graph(from_function(f), "gaudi2")
    assert result.busy.get("host", 0) > 0 and result.busy.get("link", 0) > 0
    copies = [t for t in result.plan.tasks if t.lane == "link"]
    assert len(copies) == 2 and all(t.nbytes == 4096 for t in copies)
    _check_plan(result)


def test_the_gradient_for_the_models_input_is_read_by_nothing_and_not_counted():
    """TensorFlow prunes what nothing reads: the first layer's input gradient (Conv2DBackpropInput)
    and the ops that only feed it. The variable updates, read by nothing either, stay."""
    inputs = keras.Input((32, 32, 3), batch_size=8)
    x = keras.layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    x = keras.layers.Conv2D(16, 3, padding="same")(x)
    model = keras.Model(inputs, keras.layers.Dense(5)(keras.layers.GlobalAveragePooling2D()(x)))
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    graph = from_training(model)
    result = estimate_graph(graph, "gaudi2")
    skipped = {c.node.op for c in result.costs if c.lane is None and c.node.op == "Conv2DBackpropInput"}
    counted = [c for c in result.costs if c.node.op == "Conv2DBackpropInput" and c.lane is not None]
    assert skipped == {"Conv2DBackpropInput"} and len(counted) == 1, "the second conv's input gradient is read"
    assert result.excluded[UNREAD] >= 1
    assert all(c.lane is not None for c in result.costs if c.node.op.startswith(("Assign", "ResourceApply")))
    graph.results = None  # results unknown: any op could be an output, nothing is dropped
    assert UNREAD not in estimate_graph(graph, "gaudi2").excluded
