"""TFP702 and TFP703 in source, for the user: docs/source-linting.md and `tfperf rules CODE` are generated from this."""

from tfperf.rules.base import SourceDoc

TFP702 = SourceDoc(
    line="Keras training code with no mixed-precision policy, or one set after the first layer is built",
    fix_kind="numerics (`--unsafe-fixes`)",
    targets="targets whose matrix engine runs 16-bit faster",
    finds=(
        "A file that builds Keras layers or models (the project's own `keras.Model` subclasses too) and trains "
        "them (`compile`, `fit`, `fit_generator`, `train_on_batch`, or a `tf.GradientTape`) with no global dtype "
        "policy, or with "
        "one set after the first layer is built: layers read the policy when they are constructed, so those "
        "built before it keep float32.",
        "Order is execution order as far as the file shows it: a build or a policy call inside a function "
        "happens where the file calls that function (module-level code first, in line order), inside a method "
        "of a Keras class where the class is instantiated. A call to a project function that sets the policy "
        "(`performance.set_mixed_precision_policy(dtype)`) sets it.",
        "A program (a file with an `if __name__ == \"__main__\":` block, or a script building or training a "
        "model in module-level code, or whose module-level code calls its own functions that reach a training step "
        "(`for example in ds: train(example)`) or leads through the project to one (`trainer = Train(...)`; "
        "`trainer.launch(...)`, no `__main__` guard)) runs only what it calls: a policy set elsewhere and never called does not "
        "count, and a program that trains a model built elsewhere without a policy is reported at its first "
        "training call. A `__main__` block makes a program only where it may train: a call in it, or in the "
        "file's functions it names (and `main`), says training (`fit`, `train`, `compile`, an optimizer...), leads "
        "through project calls to a function that trains, hands the module to a runner (`tf.test.main()`), or "
        "calls a function the file does not show. A library module's `__main__: pass`, or a block that builds, "
        "saves, loads and predicts, leaves the module library code.",
        "A program that trains through project code: its calls reach, up to nine project calls deep, a function "
        "that trains (a `fit`, `fit_generator` or `train_on_batch`, a GradientTape, an optimizer's "
        "`apply_gradients`), following calls of the project's functions, methods of an instance of a project class "
        "a local name holds (`runner = Runner(...)`; `runner.train()`, by the bindings that reach the call: a "
        "parameter or `None` every path rebinds first does not count; also one a project factory makes: "
        "`return MODELS[name](args)`, or `model = gru(cfg)` in each branch ... `return model`; a module-level name "
        "read where it is bound, in the `__main__` block: `job = TrainingJob()`; `job.run()`), methods of an object "
        "made in place (`Trainer(cfg).train()`, `TRAINERS[name]().fit_loop()`, `make(name).fit_loop()`, "
        "`Mine.from_config(cfg).fit_loop()` of a class method every return of which is `cls(...)`, or that is "
        "annotated to return its own class, inherited: an instance of the class it is called on), a class method "
        "called on its class (`DeepQAgent.example(config)`, in which `agent = cls(**config)` or `cls.load(fn)` makes "
        "an instance of the class), and functions handed to a call (`tf.function(self._step)`, "
        "`strategy.run(model.train_sample)` with `model` a local instance or a parameter annotated with a "
        "project class); reported at the program's call that leads there (`runner.train(...)`). "
        "A method runs as the method of the object it is called on: a template method of a project base "
        "(`agent.train(x)` -> `Agent.train` -> `self._train_fn(x)`, bound in `__init__` to `tf.function(self._train)`) "
        "runs the override of the class the program made (`DqnAgent._train` holds the GradientTape; a sibling "
        "whose override does not train trains nothing), and an object handed to a project constructor "
        "(`Learner(root_dir, agent).run()`, `self._agent = agent` ... `self._agent.train(x)`, also handed on to "
        "another constructor in `__init__`) runs on the class the program made; an object a class makes itself and keeps "
        "(`self.trainer = Trainer(...)`, or None until then) runs on that class (`self.trainer.train()`); an object "
        "passed to a project function or method runs there on its class (`trainer.train(self.model, data)` ... "
        "`model.train_step(batch)` on the parameter: the `train_step` of the class `self.model` holds, also handed "
        "on to another call with the parameter; a parameter with a literal default is a setting, not an object), and "
        "a static or class method of a project class every return of which makes an instance is a factory "
        "(`LudwigModel.load(path)`). Calls a program picks at run time may run any of their candidates, and train "
        "when one does: a method of `self` picked by a computed name (`getattr(self, args.command)()`, a CLI's "
        "sub-command dispatch: every method the class defines), a class read from a registry by a computed key "
        "(`AGENTS[name](...)`, `agents.registry[name](...)`: a module-level dict, list or tuple of project classes; "
        "`registers.solver[name](config)`: the classes a decorator registers into that object, "
        "`@registers.solver.register`), and the closure a project factory returns (`loop = make_loop(agent)` ... "
        "`loop()`, whose body calls `agent.train(x)` on the factory's parameter as the factory's call passed it; also "
        "the factory a parameter defaulting to None is replaced with). A construction whose object is dropped "
        "(`CLI()` as a statement) runs its `__init__`. A command line runs any of its commands: the functions a "
        "decorator registers on an object of the file where that object is called (`@app.command()` of `app = "
        "typer.Typer()`, run by `app()`; `@cli.command()` of a `@click.group()` function, run by `cli()`), the "
        "functions of a module-level table read by a computed key (`COMMANDS[args.command](args)`), argparse's "
        "sub-commands (`args.func(args)` runs the functions the file's `set_defaults(func=...)` name, also one "
        "another module defines or a helper that builds the sub-parser is handed), every public "
        "method of a class handed to `fire.Fire(Cls)` (every public function of the module for `fire.Fire()`, the "
        "dict's for `fire.Fire({...})`), and the module's `main` for `tf.compat.v1.app.run()` given none. In a module named for inference (`reward_prediction_agent.py`), "
        "a function that records a GradientTape and applies the gradients with an optimizer trains all the same. "
        "A `fit` (`fit_generator`, `train_on_batch`, `compile`) of an object of a "
        "project class that defines the method itself (in the class or a project base) and derives from no Keras "
        "model is the project's code, followed like any other call (a wrapper whose `fit` fits its Keras model "
        "trains; a NumPy k-means' or a PyTorch network's `fit` trains no Keras model). So also on an object a "
        "`__main__` block makes and trains there (`dae = DenoisingAutoencoder(...)` ... `dae.fit(x, x)`). On an object of no class the "
        "source shows, a `fit` passing a keyword no Keras training call takes (`layer_obj.fit(x, x, graph=graph)`, "
        "`config.fit(batch=65000, method=\"BFGS\")`) is not Keras' (which would raise). A library's `compile` "
        "(`re.compile(pattern)`) is not a Keras model's. A file named for training and evaluation (`train_eval.py`) is a training program. A program that never names TensorFlow or Keras (it imports "
        "only its package: `from pkg import Trainer`) is read too, for its `__main__` block; there a `fit` counts only on "
        "an object of a project class (`svd.fit(data)` of scikit-learn or a recommender toolkit trains no Keras model), "
        "and nowhere on a local made from a class of a library outside Keras and TensorFlow (`MLPClassifier(...)`; "
        "also a script's module-level `scaler = StandardScaler()` ... `scaler.fit(x)`, so the first training call is "
        "the Keras model's `fit` after it); nor on `self.<attr>` whose every store in its class is such a library "
        "object or None (`self._svm = SVC(...)`); one whose stores are project classes runs their own `fit`, followed "
        "as project code. "
        "An entry point a framework or a console calls by name makes a program too: a public module-level function "
        "that no project code calls, returns no value, and builds a Keras model and trains it in its file, not on data "
        "or a model it is given (a TFX module file's `run_fn(fn_args)`, a command a CLI decorator registers); in a "
        "package's `__main__.py`, a function callable with no arguments whose calls lead through the project to "
        "training (a console script's `main()`); and a command a command line runs (`@clf.command()` of a click group "
        "another module adds to the console script's, `@click.command()`, typer's) that trains through the file's "
        "functions, though a project class builds the model (`model_instance.build_model()` then `model.fit`), or "
        "whose calls lead through the project to training: also through a method of another module's module-level "
        "object (`beat.app.train(...)` where `pkg/beat/__init__.py` holds `app = BeatTranscription()`, and `beat` "
        "is imported or a lazy loader of the module, `LazyLoader(\"beat\", globals(), \"pkg.beat\")`). Code that is "
        "not a program is not reported for it.",
        "A framework task's program method: a training step in the `run` of a class deriving from zookeeper's "
        "`Experiment` (its command line runs a `@task` subclass's `run`, the training loop by the framework's "
        "contract) with no policy; info when the project sets one elsewhere.",
        "A policy call that sets none on the target: `keras.mixed_precision.experimental.set_policy` on "
        "TensorFlow >= 2.9 (removed there: the call fails), and one that runs only where a GPU is found "
        "(inside `if tf.config.list_physical_devices(\"GPU\"):`, after `if not gpus: return`, also in a project "
        "policy function, also inside `if not force:` where `force` defaults to False) on a target that is not a "
        "GPU; the message says which.",
    ),
    leaves_alone=("Inputs and input specs: they compute nothing, so building them before the policy is fine.",),
    info_when=(
        "A policy another module sets may run first: its order is not in the source. For a program that trains "
        "through project code, also a project function on the way that may set a 16-bit policy (its conditions "
        "are not followed).",
        "Library code: a file that is not a program (Keras, a model zoo, a package's training API such as "
        "`create()`), whether or not the project has programs; the program that trains the model sets the "
        "policy, and a line inserted in a library would switch it for every program that calls it.",
        "A tiny model: a `Sequential` whose every layer states its size (Dense layers of at most 32 units, on "
        "inputs of at most 32 features): its matmuls are too small for a 16-bit policy to speed up.",
        "A smoke check: a program's `if __name__ == \"__main__\":` block that builds and compiles a model and "
        "trains it nowhere (no `fit`, `train_on_batch` or GradientTape in the file; the compiled model used only "
        "through its own attributes, `m.summary()`, never handed to other code).",
        "A random-data demo: a module that defines code (a class or a function) and fits its model only in its "
        "`__main__` block, on data drawn at random there (`model.fit(x, x)` of `x = tf.random.normal((1, N, 1))`): "
        "a smoke test of the module's code. A script with no code of its own is a program whatever it fits.",
        "A program that trains with a GradientTape, never uses Keras, and builds tf.Modules of a library that "
        "makes no Keras layers (Sonnet's `snt.Linear`) or of its own `tf.Module` classes: a Keras dtype policy "
        "would not reach them (the library's own mixed precision would).",
    ),
    fix=(
        "Numerics, applied with `--unsafe-fixes`: `keras.mixed_precision.set_global_policy(\"mixed_bfloat16\")` "
        "on the line before the first layer is built (moved there when it was set late); in a program's "
        "`__main__` block, inside it (before it, the line would run whenever the module is imported).",
    ),
)

TFP703 = SourceDoc(
    line="a softmax output layer computing in 16-bit",
    fix_kind="numerics (`--unsafe-fixes`)",
    finds=(
        "In a file whose global policy is 16-bit, a softmax output layer (`Dense(..., activation=\"softmax\")`, "
        "`Activation(\"softmax\")`, `Softmax()`) without `dtype=\"float32\"` (Keras' mixed-precision guide: "
        "the softmax and the model's output in float32).",
    ),
    fix=("Numerics, applied with `--unsafe-fixes`: add `dtype=\"float32\"` to the layer.",),
)
