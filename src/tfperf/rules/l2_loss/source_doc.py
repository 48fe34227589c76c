"""TFP301 in source, for the user: docs/source-linting.md and `tfperf rules CODE` are generated from this."""

from tfperf.rules.base import SourceDoc

TFP301 = SourceDoc(
    line="L2 of the trainable variables computed in the loss",
    fix_kind="advice (same-gradients with `--unsafe-fixes`)",
    finds=(
        "`tf.add_n([tf.nn.l2_loss(v) for v in ...trainable_variables])` (also filtered lists, "
        "`trainable_weights`, `tf.compat.v1.trainable_variables()`, `get_collection(TRAINABLE_VARIABLES)` (also "
        "through a project's version shims: `get_collection(get_GraphKeys().TRAINABLE_VARIABLES)`), "
        "a function of the file every return of which is one of those (`self._freeze_vars()`), `sum(...)`, a "
        "`for` loop; a parameter every call of its function in the file passes one of those for: a "
        "`weight_decay(rate, var_list)` helper looping over `var_list`; a `self.<attr>` every store of its class "
        "sets to one of those: `self.model_params = [v for v in tf.trainable_variables() if ...]`).",
        "`tf.nn.l2_loss(v)` of a variable of the model summed into a loss (`+`, `tf.add`, `add_n`, `+=`, through "
        "scalings): `v` a name or `self.<attr>` some assignment of which creates a variable (`tf.Variable`, "
        "`get_variable`, `add_weight`), or the loop variable over a list attribute that some `self.<list>.append(x)` "
        "of the project fills with variables (`for param in self.layer_params:` in a base class, the appends in its "
        "subclasses' modules). A coefficient that is a parameter is judged by what the callers pass.",
        "Keras and tf_slim `*_regularizer=L2(...)/l2(...)/L1L2(l2=...)` directly, through a helper, either "
        "branch of a conditional, a name (any assignment that may reach the use: `if wd: reg = l2(wd)` / `else: reg = "
        "None`), a kwargs dict (also one filled key by key: `kwargs['kernel_regularizer'] = self.regularizer`), "
        "a default argument (also of a parameter of another name, `def unet(nclass=19, kr=l2(1e-4))` ... "
        "`kernel_regularizer=kr`: reported at the read and judged by what the project's calls pass, None from "
        "each of them building none), a dict's `setdefault` or `get` of a regularizer's key with an L2 default "
        "(`conv_params.setdefault(\"kernel_regularizer\", l2(1e-4))`), a module of the framework a lazy-import helper of the project returns "
        "(`contrib.layers().l2_regularizer(wd)`), a module-level name another module "
        "imports and passes (`L2 = keras.regularizers.l2(1e-6)`, reported where it is built), an attribute "
        "assigned one (`layer.kernel_regularizer = l2(1e-4)`, `setattr(layer, attr, L2(wd))` in model surgery; "
        "on the layers of an existing model, `for layer in model.layers:`, it is info unless the function then "
        "makes the model anew from its config, `clone_model`, `model_from_json`: Keras reads a layer's "
        "regularizer when the layer builds its weights, so a built model adds no term), "
        "a method of a project class returning one that a call on an object the source cannot place passes "
        "(`kernel_regularizer=loss.kernel_regularizer()`, reported where the method builds it).",
        "What a dependency's API makes an L2 regularizer: an L2 regularizer built and called on each trainable "
        "variable (`[keras.regularizers.l2(wd)(w) for w in model.trainable_weights]`, then `add_loss`); Sonnet's "
        "`regularizers={'w': r}`; TF1's `apply_regularization(l2_regularizer(wd), weights)` (tf.contrib.layers, "
        "tf_slim), the regularizer summed over a weights list and added to a loss by hand; slim nets' arg-scope factories "
        "(`vgg.vgg_arg_scope(...)`, `resnet_utils.resnet_arg_scope(...)`: their `weight_decay` default is not 0), "
        "unless called with `weight_decay=0`; the function `tf.nn.l2_loss` as a layer's regularizer (also a "
        "parameter's default, `def fc(x, n, w_regularizer=tf.nn.l2_loss)`; at its reads for a parameter not named "
        "as a regularizer, `regularizer=tf.nn.l2_loss`), in a "
        "file whose loss adds the regularization collection under no test, or in a project another module of which "
        "adds it on its training path (under no test but a training flag's, `if is_training:`; the message names "
        "where): its strength is the coefficient of that sum, and the sum computes every term whatever it is.",
        "A strength parameter whose default is 0 that a configuration file of the project sets (a JSON/YAML "
        "mapping that names the function and sets the parameter to a number other than 0, `{\"model_name\": "
        "\"cnn_model\", \"coef_reg_cnn\": 1e-4}`, or a gin binding `cnn_model.coef_reg_cnn = 1e-4`): the source "
        "does not state the strength; the message names the file. So also a strength read from a field of a "
        "config class (see Leaves alone) when a configuration file sets a key of the field's name to a number "
        "other than 0 (a YAML experiment file overrides a dataclass config's field by its name, nested under "
        "its parents': `losses: {l2_weight_decay: 4.0e-5}`).",
        "A `keras.regularizers.Regularizer` subclass whose `__call__` returns a sum of squares of its weights "
        "(`reduce_sum(c * square(x))`, also with other terms added).",
        "A regularizer read from `self` (`kernel_regularizer=self.kernel_regularizer`, `add_weight(regularizer="
        "self.kernel_regularizer)`): a class attribute or `@property` of the class or a base, overridden in "
        "subclasses of any module of the project (reported where some subclass makes it L2, naming which: "
        "which one a program trains is not followed), or a constructor's `self.x = regularizers.get(regularizer)` "
        "given an L2 regularizer by a project call. A regularizer handed on to another project layer is "
        "reported where that layer's weight takes it, not where it is handed on; so is a parameter whose default "
        "is one, handed on to a project helper (`def srdrn(..., regularizer=l2(0.01))` calling "
        "`residual_block(model, regularizer=regularizer)`: the helper's convs, for the calls that leave it out).",
        "A strength that is a parameter (`l2(self.l2_reg)`, `self.l2_reg = l2_reg` in the constructor) is "
        "judged by what the callers pass (see [Values the callers pass](#values-the-callers-pass)), also through "
        "`functools.partial(conv, l2=1e-4)`, and so is one scaled by a number (`l2(weight_decay / 2.0)`); a strength not known here is a warning (it is most likely not 0). "
        "Keras reads `l2(None)` as its default strength, 0.01: a None the callers pass adds a term, and the "
        "message says so (not where a test around the construction turns None away).",
    ),
    leaves_alone=(
        "A regularizer built only under a test of its strength parameter, or of one flag parameter when its strength "
        "is none (`l2(1e-4) if use_l2 else None`) (`l2(l2) if l2 else None`, `if "
        "weight_decay:`, `if wd is not None:`, `l2(s) if s > 0 else None`, an earlier `if not wd: return None`, `and`/`or` of such tests; "
        "also in a helper of the file returning it, judged by what each call passes) when every caller and the "
        "default pass a value the test turns away (None, 0, False for `if l2`): no regularizer is built. A strength a "
        "loop takes from a sequence parameter (`for units, wd in zip(sizes, weight_decays)`, also under "
        "`enumerate`) that the function fills with Nones when it is None (`weight_decays = [None] * len(sizes)`) "
        "is judged the same way: a None passed gives None strengths, a sequence passed is not known here. So also a "
        "helper of any module that returns None for a None argument before building one "
        "(`default_regularizer(kernel_regularizer)` with `if ... or args[0] is None: return None`), called with the "
        "caller's default-None parameter, also handed on (`kernel_regularizer = "
        "default_regularizer(kernel_regularizer)` ... `Field(kernel_regularizer=kernel_regularizer)`): judged by "
        "what the callers pass (the opt-in convention, see [Values the callers pass](#values-the-callers-pass)).",
        "An L2 term built only in an opt-in branch (`tfperf.source.optin`, as TFP101 and TFP601 read such code): "
        "`if l2_reg is not None:` around an L2 sum of the variables with `l2_reg=None`, `elif mode == \"conv\":` "
        "around a regularized layer with `mode=None`, also past an early `if mode is None: return`, when no call of "
        "the project passes a value that takes it. A private helper every call of which passes the parameter "
        "(`__merge(feature, mode=temporal)`, nested in a builder with `temporal=None`) never takes its own default: "
        "what the calls pass decides. A regularizer there is judged with its strength (both must add a term).",
        "A strength followed by data flow to constants that add no term or to parameters no caller sets: "
        "`self.l2 = 0.0` stored by the constructor, a base constructor's `self.l2_coef = l2_coef` (default 0) read "
        "in a subclass's method (judged by what the calls of that subclass pass), or handed on from there to the "
        "layer that builds the regularizer (`FBILayer(self.fbi_l2)` in a subclass of a base whose constructor "
        "stores `self.fbi_l2 = fbi_l2`: what every construction passes that base), `self.l2_reg = "
        "kwargs.get(\"l2_reg\", 0.0)` (the keyword the callers pass), a local each branch assigns such a value "
        "(`l2 = self.l2_enc_coef if encoder else self.l2_coef`), a field of a config class (a dataclass, attrs or "
        "NamedTuple class, or a plain settings class) read through a parameter annotated with it, a loop over a "
        "parameter annotated as a collection of it (`for field in fields:` with `fields: List[Field]`) or a stored "
        "construction of it (`L1L2(0.0, cfg.l2_reg)` with `cfg: ModelConfig`, `self.cfg = cfg or ModelConfig()`): "
        "its default, what the project's constructions pass for it (`ModelConfig(l2_reg=1e-5)` anywhere brings "
        "the warning back), `dataclasses.replace` and stores into an attribute of its name. An item of a list (`l2(reg_layers[i + 1])`) is "
        "any item of what the list holds: a list the function makes (`regs = [reg] * len(sizes)`), its default "
        "(`reg_layers=[0.0, 0.0]`) or the lists the callers pass (`reg_layers=[self.reg] * len(self.layers)` with "
        "`reg=0.0`). A regularizer parameter handed on to the weight (`get_variable(regularizer=regularizer)`) "
        "is judged by what the callers pass: None from each (`self.reg = reg_config(reg)`, a helper returning "
        "None for the default `reg=None`) builds no term; so does a caller's `l2(self.l2_reg) if self.l2_reg else "
        "None` (also `is not None`, `not`) while every value the setting takes fails the test (a constructor's "
        "default None no construction of the project changes).",
        "Weight regularizers (and custom `Regularizer` classes) of a project that trains in graph mode from a "
        "loss (an optimizer's `minimize`/`compute_gradients`, slim's `create_train_op`, `tf.gradients` of the "
        "trainable variables; not in a test) and never adds the regularization losses to one: no "
        "`get_regularization_loss(es)`, `REGULARIZATION_LOSSES`, `get_total_loss`, `.losses` read or Keras "
        "`compile` anywhere in it. The graph prunes the L2 terms: never computed. A project that does not train "
        "so (a library of nets) keeps the finding, and a Keras tape step is not pruned from a graph (see Info when). "
        "So also in a file "
        "that builds its own graph-mode step of a loss it builds (not a loss its callers pass) where neither the "
        "file nor a project module it imports reads the regularization losses, though other models of the "
        "project do.",
        "Weight regularizers of a class whose model trains by a step of its own that never reads the "
        "regularization losses, and those of its subclasses: a step injected by assignment (`self.keras_model."
        "train_step = self.custom_train_step`), a `train_step` override of a `keras.Model` subclass, or else a "
        "`GradientTape` training method of one, whose code (and the class's methods it calls) reads no `.losses`, "
        "calls no `compute_loss` or default `train_step`, compiles nothing. `tf.compat.v1.losses."
        "get_regularization_loss()` does not count: in TF2 it reads the TF1 collection, which Keras layers do not "
        "fill, and in a TF2 file (a `GradientTape` step, no `Session` or `placeholder`) it is not reported.",
    ),
    info_when=(
        "The regularizer of a weight built with `trainable=False` (a layer's or `add_weight`'s, a "
        "`get_variable`'s): its term has no gradient (Keras 3 computes none; tf.keras 2 and TensorFlow 1 add a "
        "constant every step); the advice is to drop it. With `trainable=` a parameter (`trainable=self.use_bias`), "
        "the term is on a trained weight only for the values that train it: judged by what the callers pass, "
        "as an opt-in branch is.",
        "Weight regularizers (and custom `Regularizer` classes) of a project that trains its models by "
        "`GradientTape` steps of its own (a tape's gradient of trainable variables, not in a test) while none of "
        "its code reads `.losses`, compiles or fits (`.fit(` anywhere, a test's or a plain script's too, keeps the "
        "warning): Keras computes a weight regularizer's term only when `.losses` is read, so the project's own "
        "training never computes it; a user's own `fit` of one of its models would.",
        "A Keras `L2`/`l2` whose strength is 0 from every caller and default, built anyway: no L2 term worth "
        "moving, but Keras still computes `0 * sum(w**2)` each step (not priced: the graph optimizer may fold it); "
        "the advice is to build it only for a strength > 0. Built only then (see Leaves alone), or an "
        "`L1L2`/tf_slim regularizer (they skip a zero L2 part): no finding.",
        "`get_regularization_loss()` and `loss += tf.add_n(model.losses)` where the project builds L2 "
        "regularizers: each term is reported where it is built, the sum is plumbing. `get_regularization_loss()` "
        "in a project that builds none: the collection holds the terms of models built elsewhere (the users', a "
        "library's) or nothing, a cost not known here. (`model.losses` summed in such a project is not reported: "
        "the terms are the user's choice.)",
    ),
    fix=(
        "Advice: add `wd * var` to the gradients.",
        "With `--unsafe-fixes`, `loss + wd * add_n([l2_loss(v) ...])` followed by `tape.gradient(loss, VARS)` "
        "is rewritten that way (same gradients, the logged loss drops the L2 term; a filter in the list is "
        "kept word for word, or there is no fix; none when the gradient takes `output_gradients` or arguments "
        "the source does not show, or a name the filter or coefficient reads is assigned between the loss and "
        "the gradient).",
    ),
)
