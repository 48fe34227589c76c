"""TFP601 in source, for the user: docs/source-linting.md and `tfperf rules CODE` are generated from this."""

from tfperf.rules.base import SourceDoc

TFP601 = SourceDoc(
    line="a sum over the last axis in a loss",
    fix_kind="advice",
    targets="HPU targets",
    finds=(
        "`tf.reduce_sum(..., axis=-1)` (also Keras's `keras.ops.sum`, `keras.backend.sum`, also of a Keras backend "
        "the code is handed, `backend = kwargs[\"backend\"]`, known by a function only Keras's backend has that the "
        "file reads of it, `backend.epsilon()`; or the axis a parameter defaults to) in a loss.",
        "The channels axis a data-format choice picks (`axis = 3 if image_data_format() == \"channels_last\" "
        "else 1`): 1 is the channels axis of channels_first data, so the other is the last axis of channels_last "
        "data, whatever the rank.",
        "An axis list from k up to the summed tensor's rank (`axis=list(range(1, len(g.shape)))`, `dims = "
        "len(g.shape)` through a name, also the rank of a tensor it is made of elementwise, `g2 = tf.square(g)`, "
        "either operand of a product too, `t * tf.log(y)` with `len(y.get_shape())`): "
        "the last axis among them (a gradient penalty's sum over every non-batch axis).",
        "`axis=rank-1` where the source states the rank (`axis=1` of a `[B, B]` matrix from "
        "`tf.tile(.., [n, 1])`, a matmul of 2-D operands, a column compared with its transpose; failing the "
        "code, the rank the function's docstring gives the parameter, or the rank of the tensors it is computed with "
        "elementwise when they agree, a pairwise matrix times a `[B, B]` mask, or, failing those, of the tensors the "
        "code elsewhere combines it with elementwise, a mask also multiplied by the `[B, B]` matrix it masks, or the "
        "rank a comment on its assignment states, `# 2D tensor`, `# [batch_size, dim]`: the message says which).",
        "The last axis written as the tensor's rank less one (`len(y_pred.get_shape()) - 1`, `len(x.shape) - 1`, "
        "`x.shape.rank - 1`, `tf.rank(x) - 1`, `K.ndim(x) - 1`, also through a name), the rank of the summed tensor or "
        "of one it is computed of elementwise: Keras 2.0's backend spelling, copied into many projects' losses.",
        "`axis=rank-1` where the ops that made the tensor imply its rank, though the source writes it nowhere: a "
        "per-position loss `tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ids, ...)` has the labels' rank "
        "(a softmax cross-entropy the logits' less one, a sigmoid one the logits'); a reduction over k stated axes "
        "drops k (none with `keepdims`); `tf.sequence_mask`, `tf.one_hot`, `expand_dims` and `tf.stack` add one; a "
        "`squeeze` of stated axes drops them; a reshape has as many axes as its shape list, `tf.slice` as many as "
        "its begin list; `tf.concat`, `transpose`, a Dense, Conv, normalisation or dropout layer keep the rank; "
        "`tf.gather(table, ids)` has the ids' axes and the table's rows'; elementwise ops and arithmetic broadcast "
        "to their operands' largest rank (each known), a matmul to its operands'; a slice keeps the axes it slices "
        "and drops those an integer picks; through names, the file's helpers' returns and what every call of a "
        "function in the file passes it. Where the ops imply a rank, it decides: a sum over axis 1 of a 3-D tensor "
        "is not reported, whatever a comment or docstring says.",
        "The rank of an embedding lookup (`tf.nn.embedding_lookup(table, ids)`: the ids' rank plus one, a vector of "
        "the table per id, when the source does not state the table's), also held in a `self.<attr>`, and of a "
        "parameter every call of its function in the file passes such a tensor for: `axis=1` of BPR scores "
        "`tf.multiply(users, items)` of `[batch]` ids' embeddings.",
        "A literal list of several axes with the last among them: `axis=[-2, -1]` at any rank, `axis=(1, 2, 3)` "
        "where the source states the rank as for `axis=rank-1` (its largest axis is then the last: a YOLO term "
        "summed over every non-batch axis of a `[batch, grid, grid, anchors]` tensor; not a list with axis 0, a full "
        "reduction as `range(0, rank)` is). It adds the product of the "
        "reduced axes' sizes per result, so a stated small last axis beside axes of unknown size keeps the "
        "finding.",
        "The message gives the axis' size where the source states it, and says so where it does not.",
        "A helper of any module of the project that returns the sum of its argument over the trailing axes, the last "
        "among them (`tf.reduce_sum(t, axis=tuple(range(ndims, t.shape.ndims)))`), called in a loss: "
        "`ops.reduce_sum_trailing_dimensions(cls_losses, ndims=2)`, reported at the call.",
        "A loss is a function or class named for one (`*loss*`, `*crossentropy*`, `hinge`, `divergence`, "
        "`penalty`: a term added to an objective...), or "
        "any function of a module or package named for losses (`losses.py`, `softnn_loss.py`, `losses/utils.py`), "
        "or a value assigned to a `*loss*` name or attribute (`self.forward_loss = ...`, `self.loss += ...`: a TF1 "
        "model class's losses), also one whose value reaches such a name or a loss call through ops with a gradient "
        "(`distance = tf.reduce_sum(..., -1)`, then `total_loss = tf.reduce_mean(distance)`). Outside them, a "
        "loss's target: a value the file's code hands "
        "through `tf.stop_gradient` to a loss call's `labels=` (also through the returns of the file's functions: "
        "a projected target distribution). Also a helper of the file whose returned sum a loss minimises: a call "
        "of it whose value goes, through ops with a gradient, into a `*loss*` value or a loss call, or is returned "
        "by a loss or by another such helper (a KL term, a C51 TD error handed to `huber_loss`, a CRF energy); "
        "also the scores a Keras model's `call` returns through elementwise ops and reshapes only (`pos_logits = "
        "tf.reduce_sum(pos_emb * seq_emb, -1)`), when its class, or a project base class it overrides `call` of, "
        "calls itself (`self(inp, training=True)`) and hands that value to a loss; "
        "not one a loss reads only through an op no gradient passes (`argmin`, `top_k`, a comparison, a draw, a "
        "one-hot of an index, `stop_gradient`, numpy: a matching cost, a mask, a codebook's nearest neighbour, a "
        "greedy target), nor by a name beside a loss in a returned pair (`codes, e_loss = vq(x)`), nor an item of "
        "a tuple a helper returns that every call of the file unpacks into a name nothing reads, or `_`, at its "
        "place (`rgb, _ = self.render(x)`: a depth map the training step discards, which the traced step prunes). "
        "A sum over axis k whose assigned result a comment states as k-D sums the last axis.",
    ),
    leaves_alone=(
        "A sum over a last axis the shapes the source states make small (16 elements or fewer; also a product "
        "with `arange(16)`, bins of a distribution decoded to a value; also a "
        "one-hot of a literal depth times a tensor of unknown shape: `one_hot(labels, depth=2) * log_probs`; a "
        "slice `[:, :, :, :4]` of a tensor whose rank the code or, failing it, a docstring states, through "
        "elementwise ops: a softmax over 4 commands; a piece of `tf.split(x, [4, 4, -1], -1)`; within the file, "
        "a parameter every call of its function passes such a tensor for, or what a function of the file "
        "returns: `l1(y_true[..., :3], y_pred[..., :3])`; a one-hot whose depth the file states through its calls: "
        "`num_labels=len(processor.get_labels())` where each processor's `get_labels`, in the file or another "
        "module of the project, returns a list of 2-3), "
        "a sum of a vector, of integer counts, of a table made only of constants and sizes (`hold * tf.eye(n) + "
        "other * tf.ones([n, n])`: computed once, no tensor of the step reaches it), a sum only its shape is read of "
        "(`tf.zeros_like(tf.reduce_sum(..))`).",
        "A sum over axis k (counted from the front) whose size the source states whatever the rank: the pieces a "
        "`tf.stack` along k stacks (`tf.stack([sum_result, average_result, count_result], axis=1)`: 3), the sizes "
        "a `tf.concat` along k adds (`tf.expand_dims(x, 1)` pieces: 1 each), a literal slice at position k "
        "(`p[:, :2]` over axis 1), through names and elementwise ops; over several axes, when the product of every "
        "reduced axis' stated size is 16 or fewer.",
        "The conv-with-a-ones-filter form: it is fine.",
        "A metric, even in a module of losses: a method of a class of a `*Metric` base (`keras.metrics.Metric`), a "
        "function whose every return is a dict of means under names no loss word names (`{\"epe\": "
        "tf.reduce_mean(epe), \"1px\": ...}`).",
        "A probability distribution's `entropy()` (also `_entropy`): a method of a class that samples (it or a base "
        "of the file defines `sample`) or derives from a distributions module's class (`tfp.distributions."
        "Categorical`): the distribution's statistic over its event axis (a policy's actions), not a loss of its "
        "own; `entropy_loss` or a class that does not sample still is one.",
        "In a loss, a sum whose value reaches neither what the function returns nor a loss (an EMA update's "
        "normaliser that only feeds a variable's `assign` under `tf.control_dependencies`), and a sum whose result is "
        "cast to a float (`tf.cast(tf.reduce_sum(mask, -1), tf.float32)`: what it sums is no float, a count).",
        "A sum only in a branch the default of its function's parameter turns away (`if self.average == "
        "\"micro\":` with `average=\"macro\"` set from the constructor, also through a validator "
        "`self.average = validate_enum(average, ...)`; `if mode != \"mean\":` with `mode=\"mean\"`) when no call of "
        "the project passes a value that takes it (TFP301's convention for an opt-in regularizer, also `elif method in "
        "(\"se\", ...)` with `method=\"mse\"` and a loss lambda returned there; see [Values "
        "the callers pass](#values-the-callers-pass)); one that does brings the finding back, saying who.",
        "A sum over a last axis sized by a setting whose every value in the project is 16 or fewer: the depth of a "
        "one-hot, the units of a dense layer, the last element of a reshape's shape, of a shape check's "
        "(`tf.ensure_shape`, lingvo's `py_utils.HasShape`) or of the shape a tensor is made "
        "of (`tf.random.normal(shape=(batch, self.latent_dim))`), the bound of a slice `[..., :n]` (through names, "
        "elementwise ops and the file's calls), read of a parameter (`latent_dim=8`, also as `self.latent_dim` "
        "stored from it), a flag, a Params or HParams hyperparameter, or a config field; its values are the "
        "default, what the project's callers, constructions and sets give it (see [Values the callers "
        "pass](#values-the-callers-pass)). One larger, or not known here, keeps the finding, saying the values.",
    ),
    fix=("Advice.",),
)
