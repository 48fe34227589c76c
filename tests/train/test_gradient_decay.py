"""The L2 -> gradient decay fix keeps the training trajectory: a small CNN trained 5 steps with the
penalty in the loss and with the decay in the optimizer, from the same (fresh random) weights and
data, ends with the same weights to 1e-6 relative, for SGD, SGD with momentum and Adam, with
model.fit, a custom loop, loss scaling, and MirroredStrategy over 2 logical CPUs (in a subprocess,
since logical devices must be set up before TensorFlow starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfperf.train import custom_objects, move_l2_to_gradients, with_gradient_decay

STEPS, BATCH, L2 = 5, 4, 1e-2
RTOL = 1e-6
OPTIMIZERS = {
    "sgd": lambda: keras.optimizers.SGD(0.1),
    "momentum": lambda: keras.optimizers.SGD(0.1, momentum=0.9),
    "adam": lambda: keras.optimizers.Adam(0.01),
}


def cnn(kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, dtype=None) -> keras.Model:
    inputs = keras.Input((6, 6, 2))
    x = keras.layers.Conv2D(3, 3, activation="relu", kernel_regularizer=kernel_regularizer,
                            bias_regularizer=bias_regularizer, dtype=dtype, name="conv")(inputs)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(2, kernel_regularizer=kernel_regularizer, activity_regularizer=activity_regularizer,
                           dtype=dtype, name="dense")(x)
    return keras.Model(inputs, x)


def data():
    rng = np.random.default_rng()  # fresh draws every run
    return (rng.normal(size=(STEPS * BATCH, 6, 6, 2)).astype("float32"),
            rng.normal(size=(STEPS * BATCH, 2)).astype("float32"))


def same_start(build):
    """Two copies of a model with the same fresh random weights."""
    a, b = build(), build()
    b.set_weights(a.get_weights())
    return a, b


def relative_gap(a: keras.Model, b: keras.Model) -> float:
    """Largest weight difference relative to the largest weight. (Per tensor, a bias of weights
    near 0.01 would be judged by the absolute rounding that sums of the larger ones carry.)"""
    before, after = a.get_weights(), b.get_weights()
    assert all(np.all(np.isfinite(w)) for w in before + after)
    scale = max(float(np.max(np.abs(u))) for u in before)
    return max(float(np.max(np.abs(u - v))) for u, v in zip(before, after)) / scale


def fit(model, optimizer, x, y):
    model.compile(optimizer=optimizer, loss="mse")
    before = model.get_weights()
    history = model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    assert any(np.any(w0 != w1) for w0, w1 in zip(before, model.get_weights())), "training changed nothing"
    return history.history["loss"][-1]


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_model_fit_same_trajectory(name):
    x, y = data()
    a, b = same_start(lambda: cnn(keras.regularizers.L2(L2), keras.regularizers.L2(L2)))
    loss_a = fit(a, OPTIMIZERS[name](), x, y)
    b.compile(optimizer=OPTIMIZERS[name](), loss="mse")
    conversion = move_l2_to_gradients(b)
    assert conversion.decay == {"conv/kernel": 2 * L2, "conv/bias": 2 * L2, "dense/kernel": 2 * L2}
    loss_b = b.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0).history["loss"][-1]
    assert relative_gap(a, b) <= RTOL
    assert loss_b < loss_a, "the logged loss no longer includes the penalty"


def test_the_comparison_can_fail():
    """Keras's L2(l) has gradient 2*l*v: a decay of l*v (the l2_loss convention) is caught."""
    x, y = data()
    a, b = same_start(lambda: cnn(keras.regularizers.L2(L2)))
    fit(a, OPTIMIZERS["sgd"](), x, y)
    for layer in b.layers:
        for v in layer.trainable_weights:
            v.regularizer = None
    fit(b, with_gradient_decay(OPTIMIZERS["sgd"](), {"conv/kernel": L2, "dense/kernel": L2}), x, y)
    assert relative_gap(a, b) > 100 * RTOL


def _custom_loop(model, optimizer, x, y, wd):
    @tf.function
    def step(xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(xb, training=True) - yb))
            if wd:
                loss = loss + wd * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables])
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))

    for i in range(STEPS):
        step(x[i * BATCH:(i + 1) * BATCH], y[i * BATCH:(i + 1) * BATCH])


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_custom_loop_same_trajectory(name):
    x, y = data()
    a, b = same_start(cnn)
    _custom_loop(a, OPTIMIZERS[name](), x, y, wd=L2)
    _custom_loop(b, with_gradient_decay(OPTIMIZERS[name](), L2), x, y, wd=0.0)
    assert relative_gap(a, b) <= RTOL


def test_loss_scaling_mixed_precision():
    """float16 compute with a LossScaleOptimizer: the decay goes to the inner optimizer, after unscaling."""
    x, y = data()
    build = lambda: cnn(keras.regularizers.L2(L2), dtype="mixed_float16")  # noqa: E731
    a, b = same_start(build)
    fit(a, keras.optimizers.LossScaleOptimizer(OPTIMIZERS["momentum"]()), x, y)
    b.compile(optimizer=keras.optimizers.LossScaleOptimizer(OPTIMIZERS["momentum"]()), loss="mse")
    move_l2_to_gradients(b)
    b.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    assert type(b.optimizer.inner_optimizer).__name__ == "SGDWithGradientDecay"
    assert relative_gap(a, b) <= RTOL


def cubic(w):
    """A penalty that is not L2: it stays in the loss."""
    return 1e-3 * tf.reduce_sum(tf.abs(w) ** 3)


def test_only_the_l2_parts_move():
    x, y = data()
    build = lambda: cnn(keras.regularizers.L1L2(l1=1e-3, l2=L2), cubic, keras.regularizers.L1(1e-3))  # noqa: E731
    a, b = same_start(build)
    fit(a, OPTIMIZERS["sgd"](), x, y)
    b.compile(optimizer=OPTIMIZERS["sgd"](), loss="mse")
    conversion = move_l2_to_gradients(b)
    assert conversion.decay == {"conv/kernel": 2 * L2, "dense/kernel": 2 * L2}
    conv, dense = b.get_layer("conv"), b.get_layer("dense")
    for kernel in (conv.kernel, dense.kernel):
        assert type(kernel.regularizer) is keras.regularizers.L1 and np.float32(kernel.regularizer.l1) == np.float32(1e-3)
    assert conv.bias.regularizer is cubic
    assert conv.get_config()["kernel_regularizer"]["class_name"] == "L1"
    assert type(dense.activity_regularizer) is keras.regularizers.L1
    kept = "\n".join(conversion.kept)
    assert "conv/bias" in kept and "activity regularizer" in kept and "L1(l1=0.001)" in kept
    b.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    assert relative_gap(a, b) <= RTOL  # the L1 parts, the custom penalty and the activity term still act


def test_a_model_without_regularizers_is_left_alone():
    model = cnn()
    optimizer = keras.optimizers.SGD(0.1)
    conversion = move_l2_to_gradients(model, optimizer)
    assert conversion.decay == {} and type(optimizer) is keras.optimizers.SGD
    assert str(conversion) == "no weight regularizers: nothing to move"


def test_decay_survives_serialization():
    optimizer = with_gradient_decay(keras.optimizers.Adam(0.01), {"dense/kernel": 0.02})
    config = keras.optimizers.serialize(optimizer)
    restored = keras.optimizers.deserialize(json.loads(json.dumps(config)), custom_objects=custom_objects())
    assert type(restored).__name__ == "AdamWithGradientDecay"
    assert restored.gradient_decay == {"dense/kernel": 0.02}
    assert restored.learning_rate.numpy() == pytest.approx(0.01)


def test_decay_for_a_variable_the_optimizer_does_not_update_is_an_error():
    model = cnn()
    optimizer = with_gradient_decay(keras.optimizers.SGD(0.1), {"no/such": 1e-3})
    with pytest.raises(ValueError, match="no/such"):
        optimizer.build(model.trainable_variables)


MIRRORED = textwrap.dedent("""
    import json, sys
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    sys.path.insert(0, sys.argv[1])
    import keras
    import test_gradient_decay as t
    from tfperf.train import move_l2_to_gradients, with_gradient_decay

    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    x, y = t.data()
    gaps = {"replicas": strategy.num_replicas_in_sync}
    for name in ("momentum", "adam"):
        with strategy.scope():
            a, b = t.same_start(lambda: t.cnn(keras.regularizers.L2(t.L2), keras.regularizers.L2(t.L2)))
            a.compile(optimizer=t.OPTIMIZERS[name](), loss="mse")
            b.compile(optimizer=t.OPTIMIZERS[name](), loss="mse")
            move_l2_to_gradients(b)
        for model in (a, b):  # global batch 2 * BATCH: each replica sees BATCH samples
            model.fit(x, y, batch_size=2 * t.BATCH, epochs=1, shuffle=False, verbose=0)
        gaps[f"fit-{name}"] = t.relative_gap(a, b)

    def loop(model, optimizer, wd):
        def replica_step(xb, yb):
            with tf.GradientTape() as tape:
                per_example = tf.reduce_mean(tf.square(model(xb, training=True) - yb), axis=-1)
                loss = tf.nn.compute_average_loss(per_example, global_batch_size=2 * t.BATCH)
                if wd:
                    loss += tf.nn.scale_regularization_loss(
                        wd * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables]))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))

        step = tf.function(lambda xb, yb: strategy.run(replica_step, args=(xb, yb)))
        batches = tf.data.Dataset.from_tensor_slices((x, y)).batch(2 * t.BATCH)
        for xb, yb in strategy.experimental_distribute_dataset(batches):
            step(xb, yb)

    with strategy.scope():
        a, b = t.same_start(t.cnn)
        oa, ob = t.OPTIMIZERS["momentum"](), with_gradient_decay(t.OPTIMIZERS["momentum"](), t.L2)
        oa.build(a.trainable_variables)  # slots are created in the strategy's scope, not in the step
        ob.build(b.trainable_variables)
    loop(a, oa, t.L2)
    loop(b, ob, 0.0)
    gaps["loop-momentum"] = t.relative_gap(a, b)
    print(json.dumps(gaps))
""")


def test_mirrored_strategy_two_replicas_decay_once():
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    proc = subprocess.run([sys.executable, "-c", MIRRORED, os.path.dirname(__file__)], capture_output=True,
                          text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    gaps = json.loads(proc.stdout.strip().splitlines()[-1])
    assert gaps.pop("replicas") == 2
    assert gaps and all(gap <= RTOL for gap in gaps.values()), gaps
