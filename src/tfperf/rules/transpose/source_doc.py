"""TFP101 and TFP103 in source, for the user: docs/source-linting.md and `tfperf rules CODE` are generated from this."""

from tfperf.rules.base import SourceDoc

TFP101 = SourceDoc(
    line="a transpose whose perm copies data on the target",
    fix_kind="advice",
    finds=(
        "`tf.transpose(x, perm)` (also `tf.compat.v1`, `keras.ops`, `tf.experimental.numpy`, "
        "`keras.layers.Permute`, `tf.linalg.matrix_transpose`, `tf.linalg.adjoint`; `tf.transpose(x)` without perm: "
        "all axes "
        "reversed) whose perm copies data on the target: on Gaudi a perm that moves the last axis; on CPU/GPU "
        "any perm that is not the identity.",
        "NumPy's axis movers as Keras 3 and `tf.experimental.numpy` spell them, `swapaxes(x, 1, 2)` and "
        "`moveaxis(x, 1, -1)` (literal axes; `moveaxis` also lists of them): the permutation they make at the rank "
        "the source states for the input; else, when whether the last axis moves is the same at every rank their "
        "axes fit (`swapaxes(x, -1, -2)`, `moveaxis(x, 1, -1)`), at any rank; else (`swapaxes(x, 1, 2)` moves it "
        "only at rank 3) info, saying the rank is not stated.",
        "einops' `rearrange(x, \"b n c -> b c n\")` and its `Rearrange` layer (`einops.layers.keras`, "
        "`einops.layers.tensorflow`): a permutation of the elementary axes its pattern names, the groups that split "
        "or merge axes being reshapes; it moves the last axis when the output does not end in the input's last "
        "elementary axis (`\"b (h w) c -> b h w c\"` keeps it; a keyword that sizes an axis 1, `c=1`, is a size-1 "
        "axis). Anonymous axes (`1`, `()`) hold no data; a pattern that reduces or repeats is not read.",
        "An einsum of one operand whose literal equation only permutes its axes (`tf.einsum(\"bhwc->bchw\", x)`, "
        "`keras.ops.einsum(\"bnh->bhn\", q)`; `...` is one axis, whose axes keep their order): a transpose, as an "
        "einops rearrange is. One that sums, takes a diagonal or multiplies operands is not read; one that swaps "
        "only the last two axes into a matmul operand is TFP103's (`\"...ij->...ji\"`).",
        "A project function that returns a framework transpose of its parameter by its perm parameter, such "
        "as spektral's `ops.transpose(a, perm=None)`, is a transpose where it is called.",
        "Perms as literals, names bound to literals, or built in a list (`perm = [0]; "
        "perm.extend(range(2, rank)); perm.append(1)`; `perm = list(range(rank)); perm[-1], perm[axis] = "
        "perm[axis], perm[-1]`, the last axis swapped with another, whatever `axis` holds; "
        "`[i for i in range(rank)]` and swaps of literal indices, `perm[-2], perm[-1] = perm[-1], perm[-2]`, "
        "when they move the last axis at every rank they fit, also read in a later loop that only passes the "
        "list on; a literal list read after its swaps and item assignments of literal indices and values, "
        "`perm = [0, 1, 2, 3]; perm[2], perm[3] = perm[3], perm[2]`); a perm held by an attribute of `self` "
        "every assignment of which in the class is that literal or None (`self.permutation = (0, 1, 3, 2)` "
        "under a data-format test, `K.permute_dimensions(x, pattern=self.permutation)`; info when every such "
        "assignment is in a channels_first branch); a concatenation of `list(range(...))` pieces whose bounds, "
        "as written, chain from 0 to an end (`list(range(0, b)) + list(range(e, n)) + list(range(b, e))`: a "
        "permutation whatever the bounds, which moves the last axis unless the last piece ends at the end; "
        "one-axis pieces too: `[rank - 1] + list(range(rank - 1))`, `list(range(1, rank)) + [0]`). `keras_core."
        "ops.transpose` (Keras 3's preview package) as `keras.ops.transpose`.",
        "A literal head then the remaining axes in place up to the input's rank (`tf.transpose(t, [1, 0] + "
        "list(range(2, len(t.shape))))`, also `t.shape.ndims`, `tf.rank(t)`): it moves the last axis only when the "
        "input has no more axes than the head, so it is judged at the rank the source states for the input, else "
        "at the ranks every call of its function in the file passes (`self._swap(log_pi)` with a 2-D `log_pi`: "
        "a warning naming the call; only wider tensors: nothing); where no rank is stated, info that says so.",
        "A swap of the last two axes whose value also goes elsewhere than into matmul operands (`r = "
        "tf.transpose(r_inv, [0, 2, 1])` then `tf.matmul(r, t)` and `tf.concat([r, t], -1)`): no flag removes "
        "it, so it is TFP101's.",
        "The message gives the bytes the copy moves (in float32) where the source states every dimension, per "
        "index of the first axis where it states all but that one (`Input(shape=...)`), and otherwise says that "
        "its cost depends on a size the source does not state, and then what the file shows of its data "
        "(`tfperf.source.batchdata`): the value of the step it is computed from, so that the copy grows with the "
        "batch (an input of a layer's `call`, a loss's argument, a tensor a Keras layer is applied to, a "
        "`keras.Input`, a private helper's parameter as the file's calls pass it), or else the first value whose "
        "origin the file does not show (a public function's parameter no call of the file passes, an attribute the "
        "class does not set, another module's value). That does not change the severity: on the 38 labelled sets "
        "(2026-12-02), 9 in 10 warnings whose data the file does not show were real sites (the step's tensors "
        "travel through public helpers), so a warning stands on the site being on the step.",
    ),
    leaves_alone=(
        "On Gaudi, a perm whose every moved axis has size 1 by the shapes the source states.",
        "A transpose written as a matmul's or batched dot's operand whose perm (rank 3 or more) moves the leading, "
        "batch axis (`tf.matmul(tf.transpose(a, [1, 2, 0]), tf.transpose(b, [1, 0, 2]))`: which axes the matmul "
        "batches and contracts, an einsum's business), and an item a `tf.scan` function returns transposed whose "
        "stacked value goes only into matmul operands (`return [L, tf.transpose(L)]` ... `K.batch_dot(L, LT)`): "
        "TFP103's side of the boundary. One that keeps the batch axis and moves more than the last two stays "
        "TFP101's.",
        "The sizes it reads for that include what a layer's own code states: a `Dense(1)` output's last axis, an "
        "`add_weight(shape=(units, 1))` kernel through `K.dot` / `tf.tensordot` / matmuls (also kept in the "
        "layer's attributes and their lists or dicts), `tf.sequence_mask` of stated lengths, what a `Permute` "
        "is applied to, the size-1 spatial axes a global pooling layer with `keepdims=True` leaves.",
        "... and what a guard before it lets through: `if x.shape[k] != 1: raise ...` (or `> 1`; "
        "`x.get_shape()[k]`, `.as_list()`) or `assert x.shape[k] == 1` earlier in a block that holds the "
        "transpose, with `x` not assigned between them: axis k has size 1 (`[.., t, 1]` -> `[.., 1, t]` is a "
        "reshape).",
        "... and what a project layer class's `call` returns where it is applied in another file (`self.att = "
        "LocalActivation()` ... `self.att(x)`), or failing that the shape its `compute_output_shape` declares, "
        "where every return agrees (`(None, 1, input_shape[1][1])` under either flag: `[?, 1, ?]`).",
        "... a convolution's channels in a channels-last format: the filters' last axis (`tf.nn.conv1d(x, "
        "k[:, None, None])` has one), a `Conv1D/2D/3D(filters)` layer's; draws of `tf.random.categorical(logits, "
        "1)` / `tf.multinomial` (`[batch, 1]`); what a lambda or a function of the same file states of what it "
        "returns, where it is applied (`self.reshape_input = lambda x: x[:, None, :]` ... `self.reshape_input(x)`: "
        "`[?, 1, ?]`; its parameters taken as unknown, so a lambda returning its argument states nothing); the "
        "sizes `tf.concat` adds along its axis (four `[1, n]` coordinates: `[4, n]`); through a Keras layer that "
        "keeps its input's shape (activations, normalizations, dropout, noise), made directly or by a project "
        "factory (`gate_layer = act_layer_factory(\"sigmoid\"); self.gate = gate_layer()`: a `Conv1D(filters=1)` "
        "output gated stays `[?, ?, 1]`); a parameter's shape from what every call of its function passes, "
        "where they agree: a function only its file calls (nested, private, a private method through "
        "`self._m(...)`) gets the stated sizes; a public function its module alone calls (nothing handing it "
        "on) keeps only \"maybe 1\" sizes, since the package's users may pass other shapes: info, not silence.",
        "... and the input channels a convolution reading the transposed tensor requires: its filters' "
        "next-to-last axis, in a channels-last format (`x_nwc = tf.transpose(x, [0, 2, 1])` then "
        "`tf.nn.conv1d(x_nwc, k[:, None, None])`, also `keras.backend.conv2d(x, kernel)` of a `(w, 1, 1, 1)` "
        "kernel: the axis that lands last has size 1, an NCW tensor of one channel turned NWC is a reshape).",
        "... and a moved axis sized by a setting the project states elsewhere, where that axis having size 1 "
        "leaves only size-1 axes moving: the element at its position of the shape a reshape (a Keras `Reshape` "
        "layer's, the batch axis left out), a shape check or a "
        "creator is handed (`tf.reshape(X, [n, -1, self.colour_channels])`, `tf.random.normal([b, k_max, d])`), "
        "also through a reduction with `keepdims` over other axes, read of a parameter (also `self.<attr>` stored "
        "from one), a flag, a Params or HParams hyperparameter or a config field, as TFP601 reads a summed axis' "
        "size: its values are the default and what the project's callers, constructions and sets give it (see "
        "[Values the callers pass](#values-the-callers-pass)). Every one 1: no finding; one larger, or not known "
        "here, keeps the warning, saying the values. Two settings either of which would do: the warning stays. "
        "A size the data decides (the number of global tokens in a batch, a `[1, n]` graph batch) is no setting.",
        "A tensor made only of constants, which TensorFlow computes once (constant folding; eagerly, at "
        "construction): literals, NumPy, framework ops that are no random draw, variable or input, through the "
        "names holding them (`tf.transpose(tf.constant(GRID), [0, 2, 1])`); in a constructor (`__init__`) also "
        "sized by its parameters, the object's settings (`tf.range(max_grid_w)`, reshape/tile/fill sizes: "
        "YOLO's mesh grid), not when a parameter is its data; in any function, Python numbers (`int(...)`, "
        "`float(...)`, `len(...)`) and parameters declared Python scalars (`kernel_size: int`), whatever the op "
        "(a triangular filter: `tf.nn.conv3d` of two `tf.ones` boxes sized by them).",
        "A table of sizes: ranges, meshgrids, stacks and elementwise arithmetic of them whose only inputs are "
        "sizes (an index grid `tf.stack(tf.meshgrid(*[tf.range(s) for s in x.shape[-rank:]]))`, trajectory angles "
        "`tf.range(views, dtype=tf.float32) * delta`): a tensor's static or dynamic shape (`x.shape`, its items, "
        "`.rank`, `tf.shape(x)`, `tf.size(x)`), a parameter read as a size (a range's bound, a reshape's shape), "
        "through comprehensions, `*` arguments, `or` and augmented assignments; a parameter read as data when it "
        "holds a number (a number default, or the function also reads it as a size) or when it is a nested or "
        "private function's whose every call passes such a value. No data of the step reaches it, whatever the "
        "sizes (a grid as long as the batch is still no activation).",
    ),
    info_when=(
        "No layer, loss or training step of the project reaches it (a library's public op nothing in the project "
        "calls from such code, a helper reached only from a sampling loop or NumPy preprocessing): it costs a step "
        "only if a user's model calls it in each. Reached means from a root through the project's calls, "
        "references, closures and class hierarchy, each way on its own (a base's `self.m()` runs an override, a "
        "subclass runs what it inherits; a base's other subclasses run neither), and for a method nothing calls "
        "by name, where an instance of its class is made: in a training step, a layer's call, a loss, or a "
        "method of a layer whose `call` is a root (`self.stats = Stats()` in `build`), not a model builder or "
        "an optimizer's maker (a drift detector's statistics a loader makes); the roots are a derived "
        "class's `call`, a `__call__` of a class named for a layer, model, head, loss or regularizer, a function "
        "named for a loss, training or a forward pass, or handed to `loss=`/`model_fn=`/`step_fn=`, "
        "`strategy.run` or a `Lambda` layer, one that records a `GradientTape` or is handed one (a parameter "
        "annotated `tf.GradientTape`), applies gradients, makes an "
        "optimizer or calls a training step, `keras.Input`/`Model` and Keras layers applied to tensors, TF1 "
        "variables (`get_variable`, `variable_scope`), a `@layer_register`-style decorator. A project that "
        "shows no root at all (a snippet) keeps its warnings. The message keeps the device named. A layer's "
        "`call` is no root when every construction of its class in the project (tests aside) is in code off the "
        "step: a head added only to a Keras model built to predict (`self.predict_model = Model(inputs, "
        "Maxima2D()(outputs))`, used only by `predict`), a function named for export or evaluation (not one named only for "
        "prediction, a word that also names a forward pass); not when the class is also made elsewhere, referred to "
        "without a call (`custom_objects`) or subclassed in the project. "
        "The message then gives that code's kind (inference, export...).",
        "Every axis but one has a small stated size, 4 entries at most, and the other's length is not stated: "
        "`tf.transpose([h, w])`, `tf.stack([ty, tx, th, tw])`, a `[2, -1]` reshape, a result unstacked into 4 "
        "names. A warning again when that axis counts a tensor's elements: `[4, tf.size(x)]`.",
        "A 2-D transpose of coordinates, whose moved axis is a rank (info): a sparse tensor's `indices` or "
        "`tf.where(c)`'s (`[N, rank]`), also through row selections and casts (`tf.boolean_mask(sp.indices, keep)`); "
        "or a 2-D transpose the code reads only row by row with literal indices, two rows or more (`t = "
        "tf.transpose(pairs)` ... `t[0]`, `t[1]`): a few columns. One row alone (`tf.transpose(logits)[0]`) says "
        "nothing of the axis: a warning; so does a class's own `self.indices`.",
        "It runs once: in a layer's `build()`, a method only the class's `build()` calls, or a Keras "
        "initializer (`*Initializer` subclasses).",
        "Its input is per-position data, one scalar per position of a sequence and no feature axis (the "
        "per-position convention): b x t elements, 1/d of one activation. It needs both its kind and its rank. "
        "Kind: a name or attribute that names ids, paddings, segment ids, rewards, discounts, returns, advantages, "
        "lengths or step types, or what makes it (`tf.sequence_mask`, a comparison, logical op or cast of such data "
        "with a constant; not one broadcast against a transpose or `expand_dims`, a pairwise matrix; the squeeze of "
        "the last axis of a projection to one unit, `tf.squeeze(Dense(1)(h), -1)`, a logit per token), or a "
        "parameter its docstring entry shapes by batch and time axes alone (`values: Tensor with shape [T, B]`); a "
        "mask, labels "
        "or weights only beside such evidence (a field of a record whose other fields read in the function are "
        "paddings or ids, `targets.labels` beside `targets.paddings`; an argument of a call that also takes a "
        "transposed padding; or a rank 2 its own parameter's docstring entry states). Not a tensor shaped by a "
        "literal list naming one size twice (`tf.reshape(m, [batch_size, batch_size])`, a pairwise matrix). Rank: a perm of length 2, a stated rank "
        "2 (3 with a size-1 last axis), or no perm, which the rule itself judges as 2-D. A name that also names "
        "features (`ids_embedding`, `padding_states`, `segment_logits`) is not such data; nor is a transpose in a "
        "function or class named for attention (`AttenProbs`): a decoder's attention runs per query step, so the "
        "copy grows with t x t.",
        "What it makes goes only into `tf.summary.*` calls, through framework ops, the names that hold it and the "
        "calls of a nested function that returns it (`tf.summary.image(\"video\", tf.concat([fix_dims(a), "
        "fix_dims(b)], 1))`): logging.",
        "It runs only with channels_first data by a layout test written as a string method "
        "(`data_format.startswith(\"NC\")`), or in a flag's branch that sets the data format to channels_first "
        "(`if hp.use_nchw: ... data_format = \"channels_first\"`) and every other branch of the same function on "
        "that flag (the transpose back); or under a boolean named for the layout (`if self.channels_first:`, the "
        "else of `if channels_last:`).",
        "It moves a weight (`add_weight`, `tf.Variable`, an instance of a project class derived from "
        "`tf.Variable` or `tfp.util.TransformedVariable` (gpflow's `Parameter`); a variable a framework layer the "
        "code makes documents: "
        "`Dense(8)` ... `.kernel`, a Sonnet `VectorQuantizer`'s `.embeddings`, also inherited by a subclass of a "
        "dense, convolution, transposed, depthwise or separable convolution layer; the tensor argument of a Keras "
        "`Regularizer`'s or `Constraint`'s `__call__`, which Keras calls on weights, and of a quantizer class named "
        "for weights (`ConvTransposeWeightsQuantizer`, `KernelQuantizer`), with its base's `super().__call__(w, ...)`; "
        "what a Keras `Initializer`'s "
        "`__call__(shape, dtype)` makes of the weight's shape it is called with; a random draw whose shape is "
        "made of settings only, no tensor's shape: `tf.random.normal((dim, dim))`, a random projection or a "
        "posterior sample of the weights) or a tensor computed only from "
        "weights (ops and calls whose every input is a weight's tensor or a setting: a literal, a flag parameter "
        "defaulting to a bool or string, an attribute of `self` only `__init__` or `build()` sets: an index grid; "
        "a tensor built of constants only, which no tensor of the step reaches (NumPy and framework ops of "
        "literals; a layer attribute every assignment of which is one, or that only `__init__`/`build` set; what a "
        "method of the class or a function of the file returns of such values): an index or coordinate table made "
        "in `build` from `meshgrid`/`arange` over the layer's settings, `take(self.table, self.index[:n, :n])`, a "
        "small MLP over a constant coordinate table; at least one input a weight; `spectral_normalize("
        "tf.transpose(w), training=training)`; of a layout op "
        "only its data, so a reshape's sizes, a cast's dtype, a resize's size bring no batch: `tf.reshape("
        "tf.gather(self.table, self.index), (w * w, w * w, -1))`; of a project function only the arguments whose "
        "parameters reach what it returns other than as such sizes: `interpolate(w, grid_size=cfg.grid)` "
        "returning `w` or a resize of it), or its result "
        "is a convolution's filters (`tf.nn.conv1d(x, tf.transpose(kernel, [2, 1, 0]))`: shared over the batch, "
        "whatever they are made of, NumPy constants too; also through a local name every binding of which is "
        "such a conv: `conv_func = tf.nn.conv2d` ... `conv_func(x, tf.transpose(wt, [0, 1, 3, 2]), ...)`; "
        "through the one name it is assigned to when every read of it is such an argument, also scaled by a "
        "literal: `kernel = ops.transpose(k, (2, 3, 0, 1))` ... `ops.conv(x, kernel * 0.02)`, a kernel a "
        "network generates; in every framework's convolution op: TensorFlow's, Keras 3's `ops.conv`, "
        "`ops.depthwise_conv`, `ops.separable_conv`, `ops.conv_transpose`, the Keras backend's; by position or "
        "by keyword, `filters=`), or the class weights or biases of a sampled loss (`tf.nn.sampled_softmax_loss("
        "weights=tf.transpose(w), ...)`, `tf.nn.nce_loss`: documented as [num_classes, dim], one row per class), "
        "or it is stored as a layer's weight (`self.lm_head.kernel = tf.transpose(value)`: a `kernel`, `bias`, "
        "`embeddings`... attribute, what a Keras layer applies to every example). "
        "Priced: its size once per step, "
        "with no batch factor, at the target's bandwidth (per MiB when the size is not stated). A weight is also "
        "an item of a container the class loops over at a place some loop over it assigns into (`for weight, mask "
        "in self._pruning_vars` ... `weight.assign(...)`, `tf.compat.v1.assign(weight, ...)`, or a project "
        "function that assigns into that parameter); a parameter its function assigns into so (`return "
        "tf.compat.v1.assign(v, newv)`, `v.assign_sub(...)`, `K.update(v, ...)`: a weight-constraint hook given "
        "each variable), unless the function binds the name again; a parameter of a private method, a private or nested "
        "function every call of which passes a tensor computed only from weights (a weight helper: "
        "`self._mask_of(weight)`); a layer the class holds applied to a table of sizes and settings (`self."
        "relative_embedding(compute_bias(qlen, klen, num_buckets=self.buckets))`, also through a function of "
        "another module that returns such a table); the rows of a weight gathered by such a table "
        "(`tf.gather(self.relative_attention_bias, bucket)` of buckets of two lengths: T5's relative bias); a "
        "variable a Keras `Wrapper`'s wrapped layer documents (`self.layer.kernel`: spectral and weight "
        "normalisation), an item of a dict literal of variables by its key (`rec[\"W2\"]`), a `tf.cond` whose "
        "branches return weights, a held layer's `weights[0]`; a variable of a layer object, whatever its class "
        "(`self.in_proj.weight[0]`, `.kernel`, `.variables`, `.trainable_variables`, `get_weights()` of a layer the "
        "class makes and holds; `model.layers[0].kernel`, `layer.kernel` in a loop over `model.layers`); lingvo's "
        "`theta` (`theta.wm` in a method `(self, theta, ...)` of a class deriving from lingvo's `BaseLayer`, which "
        "documents it as the layer's variables); beside a weight, a call of a method of the class whose return no "
        "activation reaches (a coefficient of its settings: `normalize(self.kernel, self.u, self._get_coef())`; not "
        "a size, which may be the batch's: `tf.tile(w, [batch, 1, 1])` stays a warning). More "
        "generally, a value no activation reaches "
        "(`tfperf.source.batchfree`): every binding of every name it is computed from, the class's every "
        "assignment of an attribute, a Keras class's constructor parameters, the file's helpers' "
        "returns with their parameters as passed, a held layer (a Swin v2 bias MLP over its constant coordinate "
        "table), range bounds (a parameter read as one is a number) and the shape arguments and seed of a tensor "
        "made of a shape (`tf.random.normal((dim, dim), seed=seed)`, `tf.eye(n)`, `tf.zeros(shape)`: sizes too; a "
        "shape read off a tensor, `tf.shape(x)`, is that tensor's), the sizes of axes but the first, what a "
        "`tf.while_loop` body or a `tf.map_fn`/`tf.scan` function returns with its parameters taking the values "
        "handed to the loop (a power iteration or a Bjorck loop over a kernel), and a closure's free name as its "
        "enclosing function's parameter; a tensor made so of "
        "constants and settings alone (a polynomial basis of a `K.arange` over size parameters, a random "
        "projection block of a size parameter) is info too.",
        "Its function's parameters would make it a tensor computed only from weights, and every call of that "
        "function in the project (not in tests) passes weights or settings for them, or a parameter of its own "
        "caller that this holds for in turn (`pruning_utils.weights_rearrange(weights)` called only by a pruning "
        "step with a layer's kernel; a function registered on a project dispatcher, `@prior_kl.register(...)`, is "
        "called by the dispatcher's calls, and a subclass's override of a method of a base class of its file by "
        "the base's own `self._mix(self.kernel)`; a `tf.while_loop` body is called with the loop's variables; a closure's "
        "free name is the parameter of the function it is nested in: `def power_iteration(w, u): def body(u): "
        "return u @ tf.transpose(w)`). Not when one call passes anything else (an activation), when a public "
        "function's parameter is passed on and nothing in the project calls that function (a call from a module's "
        "function that only tests call, handing its own parameter on, is left out: it runs in no training step; "
        "`is_pruned_m_by_n(weights)`), or when the function "
        "is referred to or run by the framework (callers the source does not show: a method of a derived class "
        "whose name a framework class defines, `call`, `convolution_op`, or whose class has a base of another "
        "library; a Keras `Wrapper`'s own `power_iteration(self.w, self.u)` is called by the project alone). "
        "The weights may be reshaped by their own static shape (`K.reshape(w, [-1, w.shape.as_list()[-1]])`). "
        "The message says so. "
        "Also when no weight reaches it and every call passes settings or constants (or weights) for those parameters "
        "(`gammatone.fft_weights(self.nfft, self.sample_rate, ...)` from a Keras layer's constructor settings: a "
        "filterbank computed from settings alone; also through a chain of such helpers), when nothing but those "
        "parameters, weights, constants and settings reaches it (no data op: a model's `keras.Input(input_shape)` is "
        "made of a setting but is the batch, so a block passed it, or a builder making it, stays a warning) and no "
        "setting is an attribute a class that derives from no Keras class stores in its constructor (a TF1 model's "
        "`self.features`: it may hold the batch); TFP103 judges its operand so too.",
        "Not info but a warning: a weight's copy its stated size makes 1 ms per step or more. A copy with no "
        "batch factor costs the same at any batch, so beside a training step of tens to hundreds of ms it "
        "matters only when the weight is large in itself (1 ms is 1% of a 100 ms step; about 1 GiB of weight "
        "on gaudi2).",
        "Every dimension of the input is stated and they hold 1024 elements or fewer (in the code, or failing "
        "it, for a parameter transposed as it is, in its function's docstring: `matrix: tensor with shape "
        "(4, 4)`, which the message names): the copy costs a launch, not bandwidth.",
        "The code states no size, but the docstring of the parameter transposed as it is does, and by it only "
        "axes of size 1 move (`y_true: labels with shape [batch_size, 1]`, then `tf.transpose(y_true)`): a "
        "reshape by the author's word, which the message names.",
        "Only the caller's output: what it makes goes only into the structure its function returns, and the "
        "function computes from the untransposed tensor, or every way to the return passes an option of the "
        "signature off by default (a return under `if not return_dict:`, `x if output_hidden_states else "
        "None`); or its function runs only under such an option in each of its callers (`if "
        "output_segmentation: seg = grouping(attentions)`, up to two callers up, all in the file). An option is "
        "a flag (a bool default or annotation, or read only as a test), not `training` (Keras sets it in the "
        "step), and no call of the project passes it anything but its off value (an architecture builder "
        "passing `block_id % 2 == 1` turns it on).",
        "Only its shape or dtype is read (`tf.transpose(q, perm).dtype` as a `fn_output_signature`), or no read "
        "reaches it: assigned (also through the calls it is an argument of) to a name a later statement of the "
        "same block assigns again before any read (`agg = tf.zeros_like(tf.transpose(q, perm))` then `agg = "
        "tf.reduce_sum(...)`), not in a loop or read by a closure: a traced graph prunes the op.",
        "It runs only in an opt-in branch (`tfperf.source.optin`, the convention TFP301 and TFP601 read such "
        "code by): a test its flag's default fails (`if self.full_cov:` with `full_cov=False` set from the "
        "constructor, also a base's constructor the class inherits; `if p.input_data_format == \"TBC\":` with "
        "the hyperparameter defined `\"BTC\"`; `if FLAGS.packed:` with `DEFINE_bool(\"packed\", False, ...)`; "
        "`x if packed else None`; a None default of a parameter annotated a flag, `output_segmentation: "
        "Optional[bool] = None`) and no construction, config, store or setter of the project, nor a call in the "
        "file by that keyword, turns it on: the copy is real only where a user does. A value the project gives "
        "that takes the branch keeps the warning, saying who gives it; so does a class the project hands around "
        "(its calls are not all in view), though not by holding it in a dict under its own name (Keras's custom "
        "objects, `{'SeqSelfAttention': SeqSelfAttention}`: Keras builds it from a config its constructions "
        "saved). `training` and `is_training` are no option: the framework turns them "
        "on in the training step. The path's tests include an early return the default takes (`if axis == -1: "
        "return ...` before the transpose), the tests every call of a private helper or method sits under "
        "(`_swap_axis` called only past that return, `self._mul(x)` only under `if self.attention_type == "
        "Att.MUL:`), and a guard on a None default no call of the module gives "
        "(`if perm_mask is not None:`, not of a layer's `call`); a library function's option only users reach "
        "is info, saying the option.",
    ),
    fix=("Advice: produce the layout in the data loader.",),
)

TFP103 = SourceDoc(
    line="a transpose of the last two axes feeding a matmul operand",
    fix_kind="exact or advice",
    finds=(
        "A transpose of the last two axes (or a 2-D one, `tf.transpose(x)` included) feeding an operand of "
        "`tf.matmul` / `tf.linalg.matmul` / `keras.ops.matmul` / `keras.backend.dot` / "
        "`tf.sparse.sparse_dense_matmul` / the `@` operator, directly or through a variable; also of "
        "`keras.backend.batch_dot` without `axes` for operands of rank 3 or more (a batched matmul). Through a "
        "variable, every read the assignment may reach (not one in the other branch of an `if`) must be a matmul "
        "operand, ask only the shape (`x.shape`, `tf.shape(x)`) or be a reduction along literal axes (`tf.reduce_mean("
        "xt, axis=-1)`: the untransposed tensor reduced along the matching axis); a sign or a literal scale in between "
        "(`-tf.linalg.matrix_transpose(r)`, `0.5 * ...`) commutes with the transpose and is looked through.",
        "A matmul helper that implements its own `transpose_a`/`transpose_b` (`adjoint_*`) parameter with such "
        "a transpose (`if transpose_a: a = transpose(a, perm)`, spektral's `modal_dot`).",
        "A head split then that swap, read the same way: an attention key's `tf.transpose(k, [0, 2, 3, 1])` is "
        "`(0, 2, 1, 3)`, which keeps the last axis, then the swap; on a target where the split is logical (Gaudi) "
        "only the swap copies, and the matmul's flag makes it (as the graph face folds it). TFP101 then leaves it "
        "to this rule; on a target where the split copies too (cpu) it stays TFP101's.",
    ),
    leaves_alone=(
        "What TFP101 leaves alone by the same shape facts: a transpose that moves only axes of size 1 (`tf.transpose("
        "tf.expand_dims(v, 1), [1, 0])`, `[n, 1]` -> `[1, n]`: a reshape, no copy for a flag to save), or one of a "
        "tensor made only of constants (folded once).",
    ),
    info_when=(
        "As TFP101: no layer, loss or training step of the project reaches it.",
        "The operand's every dimension is stated and they hold 1024 elements or fewer (as TFP101: in the code "
        "or the parameter's docstring; also for the einsum relabelling).",
        "It moves a weight or a tensor computed only from weights, as TFP101 judges it (a codebook `tf.matmul("
        "x, tf.transpose(e))`, `tf.matmul(tf.transpose(W), W)`, a spectral-norm layer's kernel): a copy once per "
        "step with no batch axis, under TFP101's weight price (a warning only when its stated size makes it 1 ms "
        "or more). The flag still saves it; the finding says what it moves. Also in a helper every call of which "
        "in the project passes weights for the operand, as TFP101 judges it (`w @ tf.transpose(w)` in a "
        "Bjorck orthonormalisation called on a layer's kernel).",
        "As TFP101, it runs only in an opt-in branch of its function (`if output_segmentation:` with a False "
        "default, or a None one the parameter's annotation says is a flag, `Optional[bool] = None`) that no "
        "caller of the project turns on: the copy is made only where a user asks for that output.",
    ),
    fix=(
        "Exact when the transpose is the operand itself of a `tf.matmul`: drop it and set "
        "`transpose_a`/`transpose_b`; for a head split, advice: transpose by the split alone and set the flag.",
        "Else advice: `@`, `keras.ops.matmul`, `K.dot` and `K.batch_dot` take no flag: `tf.linalg.matmul(..., "
        "transpose_b=True)`; `sparse_dense_matmul`'s `adjoint_a/b` is the transpose for real dtypes only; a "
        "helper passes its flag on to the matmul it calls.",
    ),
)
