"""Guide section "Use tf.data.prefetch_to_device" (TFP4xx): the input pipeline.

A `tf.data` pipeline should end in a prefetch, so that the host prepares batch N+1 while the
device runs step N; on an accelerator, `tf.data.experimental.prefetch_to_device` also overlaps
the host-to-device copy. Work placed after the prefetch runs unbuffered on the critical path, and
`map`/`interleave` without `num_parallel_calls` use one core.

The source detector follows a pipeline through method chains and through a local variable's
assignments (`ds = ...; ds = ds.map(f); ds = ds.batch(32)`), from a `tf.data` source to its end:
the last dataset value that is not transformed further.

The pipeline detectors (`check_pipeline`) judge a captured pipeline (`tfperf check --dataset`,
`tfperf.capture.dataset`): every stage with its real arguments, the options it runs with and what
this TensorFlow version will do by itself when it iterates it (inject a final prefetch, parallelize
a stateless map), so that a finding says what actually happens.
"""

