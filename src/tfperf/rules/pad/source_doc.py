"""TFP201 in source, for the user: docs/source-linting.md and `tfperf rules CODE` are generated from this."""

from tfperf.rules.base import SourceDoc

TFP201 = SourceDoc(
    line="a zero pad feeding a VALID conv or pool",
    fix_kind="exact",
    finds=(
        "`tf.pad` / `tf.compat.v1.pad` / `keras.layers.ZeroPadding1D/2D/3D` whose result feeds a VALID "
        "`tf.nn.conv1d`, `conv2d`, `conv3d`, `convolution`, `depthwise_conv2d`, `max_pool*`, `avg_pool*`, "
        "Keras `Conv1D/2D/3D`, `DepthwiseConv1D/2D`, `SeparableConv1D/2D`, `MaxPooling1D/2D/3D`, "
        "`AveragePooling1D/2D/3D`, tf_slim and `tf.compat.v1.layers` convs and pools (1-D, 2-D, 3-D). The paddings "
        "are a list, or a list made a tensor or an array (`tf.constant([...])`, `np.array([...])`).",
        "Other layer libraries' pad layers, convs and pools, built then called on their input as Keras' "
        "(a table of their constructors' positions, keywords and defaults): TensorLayer 2's `ZeroPad1d/2d/3d` "
        "before its `Conv1d/2d/3d`, `DepthwiseConv2d`, `SeparableConv1d/2d`, `MaxPool*`/`MeanPool*` "
        "(`ZeroPad2d(((1, 0), (1, 0)))` then `Conv2d(..., strides=(2, 2), padding='VALID')`; their default "
        "padding is 'SAME'), Sonnet's `Conv1D/2D/3D(..., padding=\"VALID\")` after a `tf.pad`, TF1's layer classes "
        "(`tf.compat.v1.layers.Conv2D`, `MaxPooling2D`...): advice.",
        "The pad reaches the conv in one expression, through variables, a `Sequential([...])` list, a "
        "functional chain, consecutive `model.add(...)`, a pad layer stored on `self` and applied in `call`, a "
        "helper (of this file or another module) that returns the pad, a pad in a conditional expression "
        "(`pad(x) if max(p) > 0 else x`) or in one branch of an `if`.",
        "Layers built into names first: `Sequential([pad, conv, bn, act])` and `model.add(pad)` with "
        "`pad = ZeroPadding2D(1)`, `conv = Conv2D(...)` (advice); a pad after a `ReLU` / `Activation(\"relu\")` "
        "in the same list or `add` chain feeds a max pool a non-negative input; a pad layer a function of the "
        "file returns in its one return, added in the chain (`model.add(make_pad())`; reported at that return, "
        "advice).",
        "A layer held on `self` built in several places (`self.pad1 = ZeroPadding2D(1)` in one branch of an "
        "`if`, `ZeroPadding2D(3)` in the other; `self.conv1` a Sequential that starts with a VALID conv in the "
        "first, a `Conv2D` in the second; two `Conv2D`s, \"valid\" under `if stride == 2:`, \"same\" in the "
        "`else`): each pad construction is judged against the consumer built on a path its own (and the tests "
        "of `self.<attr>` where the pad runs) is compatible with.",
        "Through layout changes that keep each axis whole, followed axis by axis: `tf.transpose` with a literal "
        "permutation (a time axis padded in NCW is the spatial axis of the NWC tensor a conv1d reads), "
        "`tf.expand_dims`, a `tf.reshape` that only inserts size-1 axes (`[s[0], 1, s[1], c]` with "
        "`s = x.get_shape().as_list()`): advice.",
        "A `tf.pad` by a border list held on `self` or returned by a function of the file for the call's "
        "literal arguments (`_padding_arg(h, w, 'NHWC')` takes the `if input_format == 'NHWC':` branch), also "
        "through the variable it returns (set in both branches of an `if` on the data format), or by a function "
        "of another module every list of which pads the border only, also one joined from a computed list "
        "(`[[0, 0]] + list(paddings) + [[0, 0]]`; Sonnet's `pad.create`), also one whose items a branch shifts "
        "on an axis it already pads (`pads[1][0] -= 1`: tensornets' `pad_info(k, symmetry=False)`).",
        "A pad or conv reached through a callable value rather than a direct call, read as the op itself (the "
        "shared name resolution: every rule sees it so): an alias in a function (`pad = tf.pad`, on every path) "
        "or on `self` (`self.pad = tf.pad`; `staticmethod(tf.pad)` in the class body); a project wrapper, of "
        "this file or another module, that returns a closure handing the op every argument unchanged and "
        "returning its result (`pad = ops_to_outputs(tf.pad)` with `def wrapper(*args, **kwargs): x = "
        "func(*args, **kwargs); x = collect_named_outputs(..., x); return x`; `functools.wraps`; a factory of "
        "one, `deco(tag)(tf.pad)`), star-imported too; `functools.partial(tf.pad)` binding nothing but a "
        "name; a lambda passing its parameters on in order (`lambda x, p: tf.pad(x, p)`); `getattr(tf, "
        "\"pad\")`; an item of a dict or list of ops by a literal key (`OPS[\"pad\"]`); `tf.function(op)`; a "
        "function of the file or a method read on `self` whose one statement returns the op called with its "
        "parameters unchanged (`def pad(self, x, p): return tf.pad(x, p)`).",
        "A conv a project function builds with every argument it is given (`def convbnrelu(*args, **kwargs): "
        "return relu(batch_norm(conv2d(*args, **kwargs)))`, popping other keywords at most): VALID when the "
        "caller passes `padding='VALID'` (tensornets' `conv(x, 64, 7, stride=2, padding='VALID')`); advice.",
        "A conv padding held on `self` read where the pad runs past a flag the same branch sets: under `if "
        "self.padding_func:`, `self.conv_padding = padding.upper()` beside `self.padding_func = None` did not "
        "run, so `self.conv_padding` is the other branch's \"VALID\".",
        "A conv the project builds: a helper (of this file or another module) that builds a VALID conv from "
        "its parameter, whatever its arguments or when its padding parameter is `\"valid\"` "
        "(`conv2d_no_bias(pad(x), 64, 7, padding=\"valid\")`), also from a nested function of the helper "
        "reading its parameters (`def _apply_kernel(...): return tf.layers.conv2d(x, ..., padding=padding)`), "
        "and a function of this file that forwards its input and padding to such a helper "
        "(`_conv2d(scope, x, k, n, 'VALID')` calling `layers.custom_conv2d(x=x, ..., padding=padding)`); a "
        "project subclass of a Keras conv of any rank (`class DepthwiseConv3D(layers.Conv3D)` after a "
        "`ZeroPadding3D`; `padding=` read, on the pad's path: under `if stride == 2 or stride == (2, 2, 2):`, "
        "`'same' if stride == 1 else 'valid'` is VALID, and so is `'same' if stride == (1, 1) or stride == 1 "
        "else 'valid'`, a test decided by its sides).",
        "A helper that pads under its flag and builds the conv with its padding parameter (`def conv_bn(x, ..., "
        "padding=\"same\", zero_pad=False): if zero_pad: x = ZeroPadding2D(((1, 0), (1, 0)))(x)` then "
        "`Conv2D(..., padding=padding)(x)`): judged by what the project's calls pass (see [Values the callers "
        "pass](#values-the-callers-pass)) on the pad's path (a call leaving the flag False never pads): a call "
        "passing `zero_pad=True, padding=\"valid\"` makes the warning, saying who; none when no call does; info "
        "when a padding is not known here and the default is not VALID; advice.",
        "A layer project code makes: a class whose `call` hands its input (as passed, or padded by the class "
        "itself) to convs built \"valid\" only (`self.conv = Conv2D(..., padding=(\"valid\" if not force_same "
        "else \"same\"))`: as long as `force_same` keeps its default), and the blocks and factories of its module "
        "that build one passing that on (`dwconv3x3_block(..., padding=0)` returning `ConvBlock(...)`; a factory "
        "chosen in a variable, `block_fn = dwconv3x3_block if k == 3 else dwconv5x5_block`); a framework conv a "
        "project factory binds to a module-level name, handing it its arguments (`Conv2DQuantized = "
        "quantize_wrapped_layer(tf_keras.layers.Conv2D, config)`: judged as that conv); a factory that returns a "
        "function it defines which hands its input (as passed, or a channel slice of it: a `Lambda` of a function "
        "every return of which takes a range of the last axis, or of axis 1 beside such a return, the "
        "channels_first branch) to convs built \"valid\" only (`GroupConv2D(filters, ..., padding='valid', "
        "**kwargs)` returning `def layer(input_tensor)`, a grouped conv slicing each group's channels), as long "
        "as its padding keeps its default: a `**kwargs` spread into the factory's call is read as a framework "
        "conv's is (the key a dict the source states, or the code stores, else not passed); a project subclass "
        "of Keras' `Wrapper` whose `call` returns `self.layer(x)` or `self.layer.call(x)` of its input (a copy of "
        "WeightNormalization) is the layer it wraps, also where a name holding the conv is wrapped only on some "
        "paths (`conv = Conv1D(...)`, then `if norm: conv = WeightNorm(conv)`): advice.",
        "A conv a project factory returns, called on the pad's output (`conv_block(f, 3, strides=2)(y)`): the "
        "factory returns a Keras conv or pool it constructs, a local name bound to one, a `Sequential([conv, "
        "...])` or a `Sequential()` whose first `add` is the conv (also a method on `self`, `self._conv(f, 2)`, "
        "and a factory in a `Sequential` list or `add` chain right after the pad); its padding read with the "
        "values this call passes (a keyword, a default, an expression of the factory's arguments: `padding = "
        "\"same\" if strides == 1 else \"valid\"`, `\"valid\" if kwargs.get(\"strides\") == (2, 2) else "
        "\"same\"`; the call's `**kwargs` when the factory hands them on unedited, its `*args` when they end "
        "before the padding's position); a factory of another module: VALID whatever it is passed, or while one "
        "parameter keeps its literal default (a padding the callers may put in its `**kwargs`: while they do "
        "not). Likewise a helper of the file that applies the conv to its input parameter (`conv_bn(y, 32, 3, "
        "strides=2)`): its padding, and the tests its conv is under, read with the call's values. A value the "
        "call does not state (not a literal, a `**` spread, a decorator other than `functools.wraps`) leaves "
        "it not known: no finding. A factory or helper that hands the call's values on to another "
        "of the file which builds the conv (`def conv_block(f, k, strides=(1, 1)): return conv_2d(f, k, "
        "strides=strides)` with `conv_2d` returning `Conv2D(..., padding='valid' if strides == (2, 2) else "
        "'same')`; `x = conv_2d(x, f, strides=strides)` in a helper applying it) is read through it, what it "
        "hands on taking the call's values; a flag the call passes picks the padding (`downsample(x, f, "
        "with_padding=False)` building `padding='same' if with_padding else 'valid'`). Advice.",
        "Layers and pads a class keeps in lists, zipped in a comprehension or a loop (`[dconv(tf.pad(x, pad)) "
        "for x, dconv, pad in zip(xs, self.dconvs, self.pads)]`, every `self.dconvs.append(...)` a VALID conv, "
        "every `self.pads.append(...)` a border list): advice.",
        "A pad in a conv subclass's own `call` before `super().call(x)` when every `self.padding = ...` of the "
        "class says \"valid\" (`tf.pad(x, self._compute_causal_padding(x))`, a causal conv), or its "
        "`__init__` passes `super().__init__` a padding that is \"valid\" where the pad layer is built "
        "(`padding=padding if padding != \"symmetric\" else \"valid\"` with `self.pad = ZeroPadding2D(p) if "
        "padding == \"symmetric\" else None`; left out, with a Keras conv as the base: \"valid\"; a test in "
        "`call` of `self.<attr>` set from a constructor parameter is that parameter's test).",
        "The conv's padding is read on the path the pad takes (`padding=\"same\" if stride == 1 else "
        "\"valid\"` under `if stride > 1:`; an assignment after the `if`, `padding = \"valid\"`, counts; a "
        "flag one assignment defines as a test says what its definition does where it is tested: a pad layer "
        "built under `if self.use_pad:` with `self.use_pad = (padding > 0) and (not force_same)` meets the "
        "conv's `\"valid\" if not force_same else \"same\"` as \"valid\"). A pad in a layer's `call` under a test "
        "of an attribute (`if self.stride == 2: x = self.pad(x)`, also `if self.strides > 1:`, a flag "
        "`self.downsample`, or past `if self.stride != 2: return ...`) meets the conv `__init__` builds with a "
        "padding that tests the constructor parameter the attribute stores (`self.stride = stride` once, "
        "unconditionally, the parameter never rebound: `'same' if stride == 1 else 'valid'`, also bound to a "
        "local first) as that parameter's value there; advice (the pad layer is built elsewhere).",
        "A pad past an `if` without `else` that may not run (`x = self.pad(x)`, then `if channels_first: x = "
        "tf.transpose(...)`, then the conv): the conv reads the pad where the `if` does not run; advice.",
        "Through an elementwise activation that maps 0 to 0 between the pad and the conv, also one that may be "
        "skipped (`ZeroPadding2D` -> `Activation(\"relu\")` -> VALID `DepthwiseConv2D`; `relu`, `relu6`, `elu`, "
        "`selu`, `tanh`, `swish`/`silu`, `gelu`, `leaky_relu`..., as a function, `Activation(...)`, or a Keras "
        "`ReLU`/`LeakyReLU`/`ELU`/`PReLU` layer): relu(pad(x)) is pad(relu(x)), the conv still reads a zero "
        "border; also in a `Sequential([ZeroPadding2D(1), ReLU(), Conv2D(...)])` list (the activations' "
        "output feeds a pool a non-negative input only for non-negative activations). A `BatchNormalization` "
        "between them is not followed: it maps 0 to beta - mean * gamma / sqrt(var + eps), not 0; advice.",
        "A Keras layers module handed in at run time (keras_applications' style: `layers = None` at module level, "
        "rebound through `global` by `backend, layers, models, utils = get_submodules_from_kwargs(kwargs)`, or a "
        "local bound so): a name bound only by plain assignments of None or of what a call or subscript gives, "
        "never a parameter, every read of which is an attribute named in keras.layers, two at least layer "
        "classes (`layers.ZeroPadding2D`, `layers.Conv2D`), is read as keras.layers.",
        "A conv given its arguments by a dict (`Conv2D(..., **conv_params)`): the padding the dict holds, followed "
        "through a literal, `dict(...)`, its one assignment with its `update(...)`s and `d[\"padding\"] = ...`, and "
        "a function of the file returning one for the call's keywords (`get_conv_params(**params)` updating a "
        "literal dict with them); a dict not shown leaves Keras' default, as without it, unless the code sets "
        "its padding: the last `kwargs[\"padding\"] = ...` before the conv (before the nested function that "
        "builds it, and none after) in a block on every path to it counts, one in a branch makes it unknown; "
        "advice (a `padding=` added beside the dict could repeat its keyword).",
        "A Keras `Lambda` whose function pads its input: a lambda or a function of the file it names returning "
        "a `tf.pad` of its first parameter or what a pad helper (this file's, another module's) makes of it "
        "(`Lambda(lambda x: ops.fixed_padding(x, k))`, also built by a method that returns it: "
        "`self._FixedPaddingLayer(k)(features)`): reported at the helper's pad (another module's: at the call); "
        "advice.",
        "Lists of layers applied in order: a pad layer (`ZeroPadding2D`, a padding `Lambda`) appended to a list "
        "whose next layer, in the order the code adds them (through `if`/`else` branches), is a VALID conv or "
        "pool, or which is next extended by a list that starts with one (a literal, or what a function of the "
        "project returns: `create_conv_block(..., padding, ...)` building `SeparableConv2D`/`Conv2D` with its "
        "`padding` parameter first), when the list is applied layer after layer: handed to a `Sequential`, "
        "iterated by a loop feeding each layer the previous one's output (`for layer in net: x = layer(x)`), or "
        "kept on `self` where the class iterates it so; advice. Also a Keras `Sequential` built empty and "
        "filled with `add` across an `if` (`if strides == 2: self.seq.add(ZeroPadding2D(((1, 0), (1, 0))))`, "
        "then `self.seq.add(self._conv)`, a VALID `Conv2D` on that path), the same adds a project subclass of "
        "`Sequential` makes to itself (`class ConvBlock(Sequential)`: `if downsample: self.add(ZeroPadding2D("
        "((1, 0), (1, 0))))` then `self.add(Conv2D(..., padding='valid' if downsample else 'same'))`; not when "
        "the class defines its own `add`) or a helper makes to the model it is handed (`def add_conv(model, ...)`, "
        "the parameter never rebound), and a list applied in a loop whose last "
        "layer is a pad (`stack.append(ZeroPadding2D())`, `for down in stack: x = down(x)`) before the VALID conv "
        "that reads the loop's output (`out = last(x)`); a pad followed by the conv in a list literal assigned "
        "to such a list (`self.seq = [ZeroPadding2D(1), Conv2D(...)]`), added to it (`+=`) or extended onto it "
        "(`self.seq.extend([...])`); the loop may be in a base class of the file (`for layer in "
        "self.layers_list: x = layer(x)` in `Base.call`); advice.",
        "Layers project code makes, read as the framework layer by the shared name resolution (every rule sees "
        "them so, `tfperf.source.factories`): a call of a project factory that returns the class its literal "
        "arguments choose, handing it its `**kwargs` and its own parameters unchanged: by `if`/`elif` "
        "(`if kind == \"pad\": return layers.ZeroPadding2D(**kwargs)`), a local name the branches assign, a dict "
        "of classes by key and by dims (medicai's `get_reshaping_layer(spatial_dims=..., layer_type=\"padding\", "
        "padding=...)` and `get_conv_layer(..., layer_type=\"conv\", padding=\"valid\")`; a `spatial_dims` not "
        "stated reads the lowest rank of the family for the pad and the conv alike); a layer a wrapper applies "
        "unchanged (`TimeDistributed(ZeroPadding2D(1))` then `TimeDistributed(Conv2D(..., padding=\"valid\"))`, "
        "`WeightNormalization`, `SpectralNormalization`): advice.",
        "tf_slim convs called through a local name (`conv_op = slim.conv2d`, or in another branch "
        "`functools.partial(slim.separable_conv2d, depth_multiplier=1)`), VALID whichever it holds; a slim conv "
        "with no padding argument takes the `padding=` of the innermost enclosing `slim.arg_scope([...], "
        "padding=...)` of its function that lists it (an arg_scope of scopes nearer than it: not known); "
        "advice. Both branches of an `if` assigning the conv's input (`if i: padded = tf.pad(a, p)` / `else: "
        "padded = tf.pad(b, p)`): each pad is reported, as advice.",
    ),
    leaves_alone=("A pad of another rank than the consumer reads: it is not its border (also before a layer a "
                  "project factory or class makes).",
                  "A factory or helper of the file whose conv, with the values the call passes, is 'same' or sits "
                  "under a test those values fail (`if strides == 1: Conv2D(..., padding='same')` for `strides=1`); "
                  "a factory that edits the `**kwargs` it hands the conv (`kwargs.setdefault(\"padding\", "
                  "\"same\")`, `kwargs[\"padding\"] = ...`, `update`).",
                  "A factory call not read as a layer: its key not literal at the call, arguments by position (they "
                  "would be read as the layer's), a factory that edits its `**kwargs`, hands on a parameter with a "
                  "default of its own the call leaves out, or may make a class its code does not show.",
                  "A callable that changes the op: a wrapper or lambda that adds an argument (`mode=\"REFLECT\"`, "
                  "a conv's `\"SAME\"`), has defaults of its own, edits its keywords (`kwargs[\"mode\"] = ...`) or "
                  "returns anything but the op's result; a partial binding an argument (`mode=`, `padding=`); a "
                  "name that holds another op on some path; a conv builder that sets `padding` itself.",
                  "A `tf.pad` to a multiple of a size (an amount `k - w % k` or `-w % k`, directly or through a "
                  "name: Swin's `maybe_pad` before a patch conv): one-sided and zero for sizes already a multiple, "
                  "not a border the conv's padding reproduces.",
                  "A pad before a layer project code makes whose output is then cropped (`x = self.pool(x)`, then "
                  "`x = x[:, 1:, 1:, :]`): a one-pixel shift of the grid (NASNet's extra padding), no border.",
                  "A pad through an activation that does not keep zeros (`sigmoid`, a `ReLU` with a threshold); a "
                  "pad layer of `(0, 0)`: it pads nothing.",
                  "A pad whose size a parameter of its function computes (`pad_total = kernel_size - 1`) when every "
                  "call of the project that reaches it makes it zero (`kernel_size=1`; a call passing `stride=1` "
                  "does not reach a pad under `else:` of `if stride == 1:`; no call reaching it at all: no "
                  "finding); a size some call makes nonzero, or one not known here, keeps the warning, saying who "
                  "passes what. Also a size a few parameters and config fields compute together (`(stride + "
                  "cfg.down_kernel_size) // 2 - 1`), judged on every mix of their values (see [Values the callers "
                  "pass](#values-the-callers-pass)).",),
    info_when=("The pad is needed: average pools; max pools over possibly negative inputs.",
               "A pad layer built only under a test of a constructor parameter (`ZeroPadding2D(p) if padding == "
               "\"symmetric\" else None`, `... if use_pad else None`) whose default builds none, when what the "
               "project's callers pass is not known here (a mode word is kept, also read from a config's field: "
               "`padding=cfg.conv_padding` is what the project's configs set); a caller passing a value that "
               "builds it makes the warning, every caller's value known and building none makes no finding. A "
               "test of something not a parameter: info. A test that the pad's own size is positive "
               "(`ZeroPadding2D(pad) if pad > 0 else None`) says only that the built layer pads: no condition.",
               "A pad no call of the project reaches, whose function's defaults take another path too (`else:` of "
               "`if stride == 1:` in a public helper nobody calls with another stride).",
               "It pads a weight or a tensor computed only from weights, as TFP101 judges it (the kernel of a "
               "regularizer's `__call__`, convolved with itself: `tf.nn.conv2d(tf.pad(w, p), w, 1, 'VALID')`), also "
               "a helper's parameter every call of which in the project passes one: a copy of a weight's size, "
               "with no batch factor (the weight convention)."),
    fix=(
        "Exact: `padding=\"SAME\"` when SAME adds exactly these pads, else the explicit list "
        "`[[0, 0], [t, b], [l, r], [0, 0]]` (ops that accept it).",
        "Advice through helpers and stored layers.",
    ),
)
