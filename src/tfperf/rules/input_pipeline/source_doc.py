"""TFP401-TFP405 in source, for the user: docs/source-linting.md and `tfperf rules CODE` are generated from this."""

from tfperf.rules.base import SourceDoc

CALLERS = "(see [Values the callers pass](#values-the-callers-pass))"
VERSION = "(see [Which TensorFlow](#which-tensorflow))"

TFP401 = SourceDoc(
    line="a `tf.data` pipeline without `.prefetch(...)`",
    fix_kind="exact",
    finds=(
        "A `tf.data` pipeline with no `.prefetch(...)` anywhere on its way to where it is used (followed "
        "through returns and calls, see [How far it follows values](#how-far-it-follows-values)).",
        "Also an Estimator's `input_fn` made by a project builder (`train_input_fn = input_fn_builder(...)`, or "
        "`input_fn=input_fn_builder(...)` itself, "
        "whose body returns a function defined in it): the Estimator adds no prefetch, so the pipeline ends at "
        "the closure's return.",
        f"A warning when nothing overlaps the last stage with the step: the TensorFlow the code runs on {VERSION} "
        "is older than 2.12 (tf.data appends no prefetch itself), or the pipeline's options turn `inject_prefetch`, "
        "autotune or the default optimizations off (`options.experimental_optimization.inject_prefetch = False`); "
        "the message says which.",
        "A prefetch whose result is discarded (`ds.prefetch(n)` as a statement): the pipeline goes on without it.",
    ),
    info_when=(
        "A discarded prefetch where something else overlaps the pipeline with the step: its last stage runs "
        "ahead by itself (see below), or the pipeline that goes on is handed to a `tf.distribute` strategy, which "
        "prefetches to the devices.",
        "tf.data overlaps the end itself (measured in `benchmarks/tfdata_defaults.py`, also for TF1-style "
        "`tf.compat.v1` iterators run in a Session, as an Estimator does): TensorFlow >= 2.12 appends "
        "`prefetch(AUTOTUNE)` after a synchronous last stage (`inject_prefetch`); a last `.map(...).batch(...)` is "
        "fused into an asynchronous map_and_batch (TensorFlow >= 1.14, `map_and_batch_fusion`); a last stage "
        "that runs ahead by itself: `.apply(map_and_batch(...))` (also `map_and_batch_with_legacy_function`), "
        "`.batch(..., num_parallel_calls=...)`, a map or "
        "interleave with a stated `num_parallel_calls` above 1 (with `AUTOTUNE` a map overlapped only with the "
        "injected prefetch). The exact fix stays, so that the overlap does not depend on options and versions.",
        "The input an Estimator takes (its `input_fn`'s return) in TensorFlow 1 code (a file calling `tf.logging`, "
        "`tf.contrib`...): an accelerator runs it only ported to TensorFlow 2, where TensorFlow >= 2.12 appends the "
        "prefetch (the TensorFlow 1 convention of a one-shot iterator's pipeline).",
        "A pipeline read once for its single element (`tf.data.experimental.get_single_element(ds)`, "
        "`ds.get_single_element()`, `next(iter(ds))`, `for x in ds.take(1)`, or `return iter(ds)` from a function every call of which, all "
        "in its own module, is `next(f(...))`: a fresh iterator per read): a gather, not a stream of training "
        "batches (also for TFP403-TFP405).",
    ),
    fix=("Exact: append `.prefetch(tf.data.AUTOTUNE)` at its last stage; in TensorFlow 1 code (a file calling "
         "`tf.flags`, `tf.logging`, `tf.Session`... as `tensorflow` itself, not through `tensorflow.compat.v1`), "
         "which has no `tf.data.AUTOTUNE`, "
         "`.prefetch(tf.data.experimental.AUTOTUNE)`, and only advice unless the file already calls "
         "`tf.data.experimental`.",),
)

TFP402 = SourceDoc(
    line="work after the last `.prefetch(...)`",
    fix_kind="advice",
    finds=(
        "Work after the last `.prefetch(...)` when the pipeline does not end in a prefetch.",
        "Also in an operand of a `zip` / `concatenate` / `sample_from_datasets` whose result ends without one.",
        "Also in a pipeline a class keeps in `self.<attr>` when none of its methods leaves it ending in a "
        "prefetch, such as a wrapper whose `batch()` prefetches then batches.",
        f"A warning when nothing overlaps the pipeline's end with the step, as TFP401 judges it: the TensorFlow "
        f"the code runs on {VERSION} is older than 2.12, or the pipeline's options turn `inject_prefetch`, autotune "
        "or the default optimizations off; the message says which.",
    ),
    info_when=(
        "tf.data overlaps the pipeline's end itself, as for TFP401 (a prefetch TensorFlow >= 2.12 appends after a "
        "synchronous last stage, a last map and batch fused into map_and_batch, an asynchronous last stage): the "
        "work after the prefetch then runs ahead of the step too, as fast as with the prefetch moved last (measured "
        "in `benchmarks/tfdata_defaults.py`: a map over each batch after the prefetch, 0.81 s with TensorFlow 2.21's "
        "defaults, 0.75 s with the prefetch moved last, 1.38 s with `inject_prefetch` off). The advice stays, so "
        "that the overlap does not depend on options and versions.",
    ),
    fix=("Advice.",),
)

TFP403 = SourceDoc(
    line="the user's own loop over a pipeline without prefetching to the device",
    fix_kind="advice",
    targets="accelerator targets",
    finds=(
        "A loop of the user's own iterating a pipeline without `prefetch_to_device` / `copy_to_device`: "
        "prefetched on the host only, or with no prefetch at all when a loop pulls its batches (`for x in ds`, "
        "`it = iter(ds)` then `next(it)` / `it.get_next()` inside a `for` or `while`; one `next(iter(ds))` is no loop).",
        "TensorFlow 1's iterators, in the function form (`tf.compat.v1.data.make_one_shot_iterator(ds)`) and the "
        "method form (`ds.make_one_shot_iterator()`, `ds.make_initializable_iterator()`) alike.",
        "A pipeline a class stores in `self.<attr>` and hands over in its `__iter__` (`return iter(self.data)`, "
        "`return map(self, self.data)`, `yield from self.data`, a `for` over it that yields), where a loop of "
        "training steps of the project, in any module, iterates an instance of the class (`data_set = "
        "SimulationDataset(...)` ... `for batch in enumerate(data_set)`): the loop pulls the pipeline's batches.",
        "A pipeline a class keeps in `self.<attr>` (a chain of its own, a constructor's or setter's parameter, what a "
        "project function returns) that a loop of training steps of its methods pulls (`for batch in "
        "self.train_dataset: self.train_step(batch)`, `enumerate(self.train_ds)`, `self.train_ds.take(-1)`), or "
        "whose iterator it keeps (`self._iterator = iter(dataset)`) for a training step's `next(self._iterator)`: "
        "reported where the pipeline is made, also in the project function that returns it to such a class or hands "
        "it there, with no prefetch at all too (or prefetched on the host before its last stages). TensorFlow 1's "
        "iterator whose next element a class's session loop (`while not sess.should_stop(): sess.run(train_op)`) "
        "trains on, likewise.",
        "A project function's pipeline, prefetched on the host, that some of its callers iterate as it is returned "
        "(or hand as it is to such a loop) while others go on with it (zip it with another).",
    ),
    leaves_alone=("`fit` and `tf.distribute`: they prefetch to their devices (also a `self.<attr>` the class stores "
                  "a strategy's distributed dataset in).",
                  "A pipeline kept in `self.<attr>` that only an evaluation or prediction loop pulls.",
                  "An Estimator's input: the dataset its input_fn returns, or TensorFlow 1's iterator "
                  "(`tf.compat.v1.data.make_one_shot_iterator(ds)`) whose next element the input_fn returns (one the "
                  "project hands an Estimator, or one named `input_fn` / `*_input_fn`): the Estimator feeds the "
                  "device (on an HPU, the Estimator itself is TFP502's).",),
    fix=("Advice.",),
)

TFP404 = SourceDoc(
    line="a `map` / `interleave` that does real work on one core",
    fix_kind="advice",
    finds=(
        "`map` / `interleave` without `num_parallel_calls` (or `=None`; also not in the dict literal a `**options` "
        "argument unpacks) on a pipeline of more than a few "
        "elements, read from what the map's function does (a lambda, a function or method of the file, "
        "`self.parse`, or the one method of that name among the file's classes): a warning for anything but "
        "plumbing and light elementwise work (a decode, a `tf.image` op, a project function, a function the "
        "source does not show) where the map runs on one core.",
        f"A `map` runs on one core when its function holds state (a random op with a hidden seed: "
        "`tf.random.*`, `tf.image.random_*`, Keras' random layers, `tf.nn.dropout`; a Python callback: "
        "`tf.py_function`, `tf.numpy_function`; a variable update; `tf.print`): the message names the call. A "
        "`tf.py_func` / `tf.numpy_function` with `stateful=False` holds no state (tf.data may run it in "
        "parallel), but its Python body holds the GIL: still a warning, which says so. Or "
        f"when the TensorFlow the code runs on {VERSION} is older than 2.7, or the pipeline's options turn "
        "`map_parallelization` or autotune off. The function is followed into the file's functions, what a "
        "factory of the file returns (`.map(make_fn(w))`), a held instance's `__call__`, what the file's "
        "callers pass for a parameter, `functools.partial(f, ...)`, every function a variable may hold, and a "
        "framework function passed on (`tf.nest.map_structure(tf.random.shuffle, x)`), and a module-level "
        "function of another module of the project, as that module reads it (`.map(parse_a_line)` with "
        "`parse_a_line` calling `tf.py_func` in `utils.py`); calls in the branch of "
        "the function that runs only off training (the else of `if is_training:`) do not count. A function the "
        "source does not show (a parameter, a held object, another module's) named for a data augmentation "
        "(`augmenter`, `augment_fn`, `RandAugment`, `distort_image`, `jitter`) draws random numbers: state. "
        "`interleave` is not parallelized by TensorFlow itself: always a warning.",
        f"`num_parallel_calls=n`, `n` a parameter, by what the callers pass {CALLERS}: 1 or None is one core (None "
        "only where tf.data does not parallelize the map itself, below) "
        "(info where only callers off the training step pass it: `make_evaluation_dataset(num_threads=1)`).",
        "`.cache()` after a random augmentation.",
    ),
    leaves_alone=(
        "A map that only plumbs the element: regroups it (`lambda x, y, t: (x, (y, t))`); selects dict keys or "
        "fields, also in comprehensions over `element.items()`; slices; sets static shapes with `set_shape` / "
        "`tf.ensure_shape` or a project function that only does that; `tf.expand_dims` / `reshape`; bounds "
        "computed from `tf.shape`; a repetition `[[z] * k]`; one random scalar (`tf.random.uniform([], ...)`, a "
        "crop's offset); a loop over the element's fields doing only that.",
        "A map over batches (right after `batch`) that pads only a partial last batch up to the batch size: a "
        "`tf.pad` of the batch axis alone by an amount from sizes (`[[0, n - tf.shape(x)[0]], [0, 0]]`, or such "
        "rows built in a list), a pad of zero that TensorFlow forwards on every full batch.",
        "A map over the choice dataset of `choose_from_datasets`, which yields indices.",
    ),
    info_when=(
        "The map also does light elementwise work on the element's values (arithmetic, a cast, `tf.maximum`, "
        "`tf.strings.join`): it pays in parallel only if the elements are large, which the source does not show.",
        "`num_parallel_calls=n`, `n` a parameter whose value is not known here, or None from the callers for a "
        "map tf.data may run in parallel itself (the next case: None builds the map without "
        "`num_parallel_calls`).",
        "A map without `num_parallel_calls` whose function holds no state the source shows, on TensorFlow >= 2.7 "
        "(`map_parallelization` on by default; measured in `benchmarks/tfdata_defaults.py`: as fast as "
        "`AUTOTUNE`), or in a pipeline whose `with_options(...)` is given `tf.data.Options()` with "
        "`experimental_optimization.map_parallelization = True` set unconditionally (a variable of the function, "
        "or a property returning it), autotune not set there: tf.data runs the map in parallel itself. Where the "
        "function is not shown (another module's, a parameter no caller of the file gives), the message says "
        "the source does not show whether it is stateless.",
    ),
    fix=("Advice.",),
)

TFP405 = SourceDoc(
    line="a batch whose shape changes: a smaller last batch, or padding to each batch's longest element",
    fix_kind="advice",
    finds=(
        "`.batch(n)` (also `ragged_batch`, `.apply(dense_to_ragged_batch(n))`, `.apply(map_and_batch(...))`) "
        "without `drop_remainder=True` on a finite training pipeline: a smaller last batch recompiles the step.",
        "`drop_remainder=` a flag that is True only on a TPU (`is_tpu = len(tf.config.list_logical_devices("
        "\"TPU\")) > 0`, `isinstance(strategy, TPUStrategy)`) is False on the target: a warning that says so; "
        "so is one True only with more than one replica (`strategy.num_replicas_in_sync > 1`) or only inside a "
        "tf.distribute strategy's scope (`drop_remainder=tf.distribute.has_strategy()`): False in the "
        "single-device run.",
        "A dataset whose end the source does not show (what another library returns, a parameter no call of the "
        "project fills) is finite where the code says so: a repeat with a count before the batch "
        "(`dataset.repeat(epochs)`, `epochs = train_conf['train_epochs']`: a number of passes, which only a "
        "dataset that ends has; not `repeat()`, None, -1 or a parameter defaulting to one), or a repeat after the "
        "batch in the same chain (`dataset.batch(n).repeat()`: one repeats only a dataset that ends, and the "
        "partial batch comes back at every pass, also to the reader of a TF1 iterator, which then goes past the "
        "end; not after an `unbatch`, `rebatch` or `take`), unless another "
        "path through the batch pads the last batch back to full size. The message says so.",
        f"`drop_remainder=` a parameter: by what the callers pass {CALLERS}; of a public function too, by what "
        "the project's own calls pass when it makes some (`get_dataset(files, n, drop_remainder=True)` in the "
        "training code: the package's choice, whatever another caller keeps), by its default when it makes none.",
        "`.padded_batch` to each batch's longest element: no `padded_shapes`, or the element's own shapes "
        "(`ds.output_shapes`, `get_output_shapes(ds)`, `tf.nest.map_structure(lambda s: s.shape, "
        "ds.element_spec)`, a function of the file returning them); also in a transformation a helper returns "
        "for `.apply(...)` (`return lambda dataset: dataset.padded_batch(...)`).",
        "`.padded_batch` whose `padded_shapes` the code builds by storing a None into a dict or list "
        "(`shapes[k] = [None] * len(v.shape.dims)` for each feature of `ds.element_spec`): a length padded to "
        "each batch's longest, a new shape per batch whatever the dataset, its end or `drop_remainder`.",
        "`.padded_batch` whose `padded_shapes` a function of the file returns with a None dimension on every "
        "path (`padded_shapes=self.feature_spec()` returning `(tf.TensorShape([tf.Dimension(None)]), ...)`, "
        "directly, through a name, or from a list it appends to).",
        f"`padded_shapes=` a parameter whose None pads to the longest (`padded_shapes or "
        f"_output_shapes(dataset)`): by what the callers pass {CALLERS}.",
        "`bucket_by_sequence_length` (the Dataset method, or `.apply(...)` of `tf.data.experimental`'s, "
        "`tf.compat.v1`'s or `tf.contrib.data`'s transformation) without `pad_to_bucket_boundary=True`: it groups "
        "elements by a length that varies and pads each batch to its own longest, a new shape per batch whatever "
        f"the dataset's end (`pad_to_bucket_boundary=` a parameter: by what the callers pass {CALLERS}). Padded "
        "to the boundaries (or to `padded_shapes` stating every size), its batches are judged as any other's: a "
        "last, partial batch per bucket of a finite dataset. Info where an `if` around it tests the very boundaries "
        "it is given (`if params.bucket_boundaries:`): bucketing is then the configuration's option.",
        "Names unpacked from a project function every dataset return of which is a tuple or list of datasets "
        "(`train_ds, eval_ds = make_datasets(files)` with `return train, evaluation`): they hold what those "
        "datasets hold (a finite one ends); only the names at a place some return puts a dataset at "
        "(`dataset, spec = self._process(dataset)` with `return dataset, spec`: `spec` is no dataset). Also of a "
        "method of an instance a local holds (`loader = cyclegan_dataloader(name)` on every path, or "
        "`data_loader(d).load_dataset()`), of a project class of any module whatever its capitalisation.",
        "A batch on a dataset that arrives as a parameter (`def batched(dataset, n): return dataset.batch(n)`): "
        "finite when a call of the project, in any module, hands it a finite dataset (a finite source, not "
        "repeated; a parameter handed on is followed to its own callers; calls from tests do not count, and "
        "when only evaluation or other code off the training step hands it one, the finding is info), or when "
        "what takes its batches runs until the data ends: `model.fit(ds)` without `steps_per_epoch` (an epoch "
        "ends only when the data does), a `for` loop over it that neither breaks nor returns (also in the "
        "callers a returned batch goes to), TensorFlow 1's iterator (`ds.make_initializable_iterator()`, held in "
        "a local or `self.<attr>`) read by a `while True:` loop that `except tf.errors.OutOfRangeError` ends; "
        "no `take` after the batch. The message says which.",
        "A dataset a class stores once, in its `__init__` or another method (`load_dataset`), and no other method of "
        "it or of a subclass of the file stores (`self._ds = tf.data.Dataset.from_tensor_slices(x)`): its other "
        "methods read that one (`self._ds.batch(n)` in `train`), in every pipeline rule.",
        "Through `if` / `else` reassignments (`if tokens: ds = ds.padded_batch(...)` / `else: ds = ds.batch(n)`, "
        "`if skip: ds = helper(ds)`): a chain follows each read to the last assignment before it, and a batch is "
        "also judged on each path that skips a branch's assignment (another one that may reach the read, or the "
        "parameter itself).",
        "A `from_generator` source is finite when its generator is a project generator function that ends (no "
        "yield of its own in a `while` loop, in a `for` over `itertools.count/cycle/repeat`, or a `yield from`), "
        "given by name, `functools.partial` or `lambda: gen(...)`; for a method (`from_generator(self.generator)`), "
        "also every override of it in the project's subclasses, in any module (an abstract one: only those). A "
        "generator whose yields sit in a `for` over a project generator that does not end (`for d in "
        "self.forfit(): yield d`, `forfit` a `while True:` one; also of a module that names no framework) does "
        "not end either; a generator picked on a path (`generator = self.forfit` / `else: def generator(): ...`) "
        "ends only if each one does. A source that does not end (a generator none of whose picks ends, "
        "`Dataset.random`, a counter) has no last batch, whatever repeat follows, unless a `take` cuts it first.",
        "A batch of all the elements a `take` of the same count left (`ds.take(n).map(f).batch(n)`, only maps, "
        "filters, shuffles and caches between them: a database read into one tensor) is one batch, the same at "
        "every pass: no warning.",
        "A dataset handed through a project function that hands it back (every return a chain on its dataset "
        "parameter: `ds = self._augment(ds)`, `prep.normalize(ds)`, also inside a tuple: `return dataset, spec`) "
        "ends as the dataset it is given does, unless the function repeats it without end. Also through a method "
        "of an object whose class the source does not show (`spec.preprocess_ds(ds)`, `spec` a parameter), where "
        "every method of that name the project defines that returns a dataset hands back the one it is given.",
        "A pipeline a method holds on `self` and the next statements read (`self.dataset = "
        "self.dataset.batch(n).repeat()` then `tf.compat.v1.data.make_initializable_iterator(self.dataset)`, "
        "`for x in self.dataset`).",
        "A batch after a finite repeat (`repeat(num_epochs)`): the run's last batch is partial unless the size "
        "divides the repeated data, one more compilation as for an un-repeated dataset's last batch.",
        "TensorFlow 1's iterator whose next element an Estimator's input_fn returns (`iterator = "
        "dataset.make_one_shot_iterator()`, `return iterator.get_next()`): the Estimator takes its batches to the "
        "end of the data, as a returned dataset's. An input_fn is one the project hands an Estimator or its "
        "TrainSpec / EvalSpec, by name, through a builder, or through a lambda that calls it (`input_fn=lambda: "
        "input_fn(files, num_epochs=2)`).",
    ),
    leaves_alone=("A batch of the literal size 1 (`batch(1)`, often undone by `unbatch()` around a map that "
                  "wants a batch): no batch is ever partial; a size 1 only on some paths (`if infer: batch_size "
                  "= 1` over a parameter) is not.",
                  f"A batch only in a branch of a private helper that the default of its parameter turns away "
                  f"(`if padded_batch:` with `padded_batch=False` in `_make_batch`) when no call of the project "
                  f"passes a value that takes it (the opt-in convention {CALLERS}); a public function's branches "
                  f"are its users' (`flow(repeat=True)`), judged whatever the default.",
                  "A batch on a dataset parameter that every call of the project hands an endless (repeated) one.",
                  "A batch after an endless repeat: `repeat()`, `repeat(None)`, `repeat(-1)`, or `repeat(count=n)` with "
                  "`n` a parameter whose default is None or -1 (`repeat(n)` with a count leaves the dataset finite); "
                  "after `if split == \"train\": ds = ds.repeat()` the batch is judged on the training branch "
                  "(the path that skips the repeat is info, saying when the repeat runs).",
                  "A batch whose TensorFlow 1 iterator's elements only a session fetches "
                  "(`images, labels = it.get_next()`, then only `sess.run([images, labels])`): the batches come "
                  "into Python as arrays, and no op of the graph takes them.",),
    info_when=(
        "`drop_remainder=` any other value the source does not resolve (a config field).",
        "A batch on a dataset parameter whose end neither the calls that hand it one nor what takes its batches "
        "show (`fit(..., steps_per_epoch=n)`, a loop that breaks, a library function nothing in the project "
        "calls): whether the last batch is partial is not known here; the message says so.",
        "`.padded_batch` where the code picks the unknown length only on a condition: `[n + 1 if n else None]`.",
    ),
    fix=("Advice.",),
)
