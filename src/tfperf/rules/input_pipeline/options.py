"""What a pipeline's `with_options(...)` provably turns on, as its source states it.

tf.data applies a dataset's options to the whole pipeline when it is iterated, wherever
`with_options` stands in the chain. With `experimental_optimization.map_parallelization = True`
(and autotune, on unless turned off) it runs a stateless `map` in parallel itself, so a map without
`num_parallel_calls` does not run on one core. Only an options object the source shows is read:
`tf.data.Options()` in a variable of the function, or returned by a property (`self.dataset_options`),
with the flag set to True by a plain statement of that function before it is given, and never to
anything else there."""

from __future__ import annotations

import ast

from tfperf.source.scopes import start
from tfperf.source.treewalk import walk_nodes
from tfperf.source.visitor import FileContext

_FLAG = ("experimental_optimization", "map_parallelization")
_AUTOTUNE = ("autotune", "enabled")
# options that, set to False, keep tf.data from doing a default rewrite: what each one stops
_TURNS_OFF = {
    ("experimental_optimization", "map_parallelization"): ("map_parallelization", "parallel"),
    ("autotune", "enabled"): ("autotune", "parallel prefetch fusion"),
    ("experimental_optimization", "autotune"): ("autotune", "parallel prefetch fusion"),  # before TF 2.4
    ("experimental_optimization", "apply_default_optimizations"): ("apply_default_optimizations",
                                                                   "parallel prefetch fusion"),
    ("experimental_optimization", "inject_prefetch"): ("inject_prefetch", "prefetch"),
    ("experimental_optimization", "map_and_batch_fusion"): ("map_and_batch_fusion", "fusion"),
}


def map_parallelization_line(file: FileContext, with_options: ast.Call) -> int | None:
    """The line that turns on map_parallelization in the options `with_options(options)` is given,
    or None when the source does not show it on."""
    options = with_options.args[0] if with_options.args else None
    if isinstance(options, ast.Attribute):
        options = _property_value(file, options)
    if not isinstance(options, ast.Name):
        return None
    bound = file.binding(options)
    if bound is None or not isinstance(bound.value, ast.Call) or \
            file.qualified(bound.value.func) != "tensorflow.data.Options":
        return None
    assignments = [node for node in walk_nodes(file.scope_of(options)) if isinstance(node, ast.Assign)]
    if any(_sets(t, options.id, _AUTOTUNE) or _sets(t, options.id, ("experimental_autotune",))
           for node in assignments for t in node.targets):
        return None  # autotune set here, maybe off: grappler then leaves the map as it is
    settings = [node for node in assignments if any(_sets(t, options.id, _FLAG) for t in node.targets)]
    scope = file.scope_of(options)
    # a plain statement of the function (not under an `if`), before the options are given
    turned_on = [s for s in settings if isinstance(s.value, ast.Constant) and s.value.value is True
                 and file.parent(s) is scope and start(s) < start(options)]
    if not turned_on or len(turned_on) < len(settings):
        return None
    return min(s.lineno for s in turned_on)


def _property_value(file: FileContext, attribute: ast.Attribute) -> ast.expr | None:
    """The name a property's one return gives (`return options`), for `self.<property>`."""
    name = file.def_of(attribute)
    if name is None or name not in file.properties:
        return None
    returns = file.returns_of(file.defs[name])
    return returns[0].value if len(returns) == 1 else None


def _sets(target: ast.expr, name: str, path: tuple[str, ...]) -> bool:
    """`<name>.<path>` as an assignment's target (`options.experimental_optimization.map_parallelization`)."""
    for attr in reversed(path):
        if not (isinstance(target, ast.Attribute) and target.attr == attr):
            return False
        target = target.value
    return isinstance(target, ast.Name) and target.id == name


def turned_off(file: FileContext, with_options: ast.Call, rewrite: str) -> tuple[str, int] | None:
    """(the option, its line) when the options `with_options(options)` is given may turn off a default
    rewrite of tf.data: "parallel" (map_parallelization), "prefetch" (inject_prefetch) or "fusion"
    (map_and_batch_fusion). Any assignment of False counts, under an `if` too: it may hold."""
    options = with_options.args[0] if with_options.args else None
    if isinstance(options, ast.Attribute):
        options = _property_value(file, options)
    if not isinstance(options, ast.Name):
        return None
    for node in ast.walk(file.scope_of(options)):
        if not isinstance(node, ast.Assign) or not (isinstance(node.value, ast.Constant) and node.value.value is False):
            continue
        for target in node.targets:
            for path, (option, stops) in _TURNS_OFF.items():
                if rewrite in stops.split() and _sets(target, options.id, path):
                    return option, node.lineno
    return None
