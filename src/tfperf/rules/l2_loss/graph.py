"""TFP301 in a captured training step: penalties of trainable variables that reach the loss."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from tfperf.cost import l2_penalty_cost
from tfperf.findings import Cost
from tfperf.ir import Graph, Node, dtype_size, num_elements
from tfperf.rules.base import CheckContext

GRAPH_REMEDY = ("add the penalty's gradient to the gradients instead, which gives the same gradients "
                "(the logged loss leaves the penalty out): tfperf.train.move_l2_to_gradients(model) for "
                "Keras weight regularizers, tfperf.train.with_gradient_decay(optimizer, wd) for a "
                "`wd * l2_loss` sum (`tfperf check --unsafe-fixes FILE` rewrites that form in source)")


_VALUE_PASS = {"Identity", "Cast"}  # between a variable's read and the op squaring it
_SCALINGS = {"Mul", "RealDiv", "Div", "DivNoNan", "Neg", "Cast", "Identity", "Sum", "Mean", "Reshape", "Squeeze",
             "ExpandDims"}  # a penalty times a coefficient, summed, reshaped... is still a penalty
_COMBINERS = {"Add", "AddV2", "AddN", "Sub", "Pack", "ConcatV2"}  # where penalties meet the rest of the loss


@dataclass(frozen=True)
class Penalty:
    node: Node  # the scalar penalty: L2Loss(v), or the Sum of v's squares
    handle: Node  # the variable's handle
    elements: int | None  # the variable's size
    itemsize: int | None


def penalties_in_loss(graph: Graph) -> list[Penalty]:
    """L2 penalties of trainable variables whose value is added to something other than penalties."""
    found = list(_penalties(graph))
    if not found:
        return []
    downstream = _downstream(graph, [p.node for p in found])
    return [p for p in found if _meets_the_loss(graph, p.node, downstream)]


def _penalties(graph: Graph) -> Iterator[Penalty]:
    for node in graph.by_op("L2Loss", "Square", "Mul", "Pow"):
        handle = _squared_variable(graph, node)
        if handle is None:
            continue
        shape, dtype = graph.input_shape(node, 0), graph.input_dtype(node, 0)
        size = dtype_size(dtype)
        if node.op == "L2Loss":
            yield Penalty(node, handle, num_elements(shape), size)
            continue
        for consumer, _ in graph.consumers(node):
            if consumer.op == "Sum" and consumer.shape(0) == ():  # summed over every axis: a norm
                yield Penalty(consumer, handle, num_elements(shape), size)


def _squared_variable(graph: Graph, node: Node) -> Node | None:
    """The handle of the trainable variable `node` squares (L2Loss(v), Square(v), v * v, v ** 2)."""
    if node.op == "Mul":
        first = _variable_handle(graph, node, 0)
        return first if first is not None and first is _variable_handle(graph, node, 1) else None
    if node.op == "Pow" and graph.constant(node, 1) != 2:
        return None
    return _variable_handle(graph, node, 0)


def _variable_handle(graph: Graph, node: Node, slot: int) -> Node | None:
    src = graph.producer(node, slot)
    while src is not None and src.op in _VALUE_PASS:
        src = graph.producer(src, 0)
    if src is None:
        return None
    if src.op == "ReadVariableOp":
        handle = graph.producer(src, 0)
    elif src.op in ("VariableV2", "Variable"):  # TF1 reference variables
        handle = src
    else:
        return None
    if handle is None or (handle.variable is not None and not handle.variable.trainable):
        return None
    return handle


def variable_key(node: Node) -> tuple[str | None, str]:
    return node.function, node.name


def _downstream(graph: Graph, starts: list[Node]) -> set:
    """Everything computed from the penalties by scaling, reducing and adding (keys of nodes)."""
    seen = {variable_key(n) for n in starts}
    stack = list(starts)
    while stack:
        for consumer, _ in graph.consumers(stack.pop()):
            if consumer.op in _SCALINGS | _COMBINERS and variable_key(consumer) not in seen:
                seen.add(variable_key(consumer))
                stack.append(consumer)
    return seen


def _meets_the_loss(graph: Graph, penalty: Node, downstream: set) -> bool:
    """Whether the penalty reaches an addition one of whose other terms does not come from penalties."""
    seen, stack = set(), [penalty]
    while stack:
        for consumer, _ in graph.consumers(stack.pop()):
            if variable_key(consumer) in seen or variable_key(consumer) not in downstream:
                continue
            seen.add(variable_key(consumer))
            if consumer.op in _COMBINERS and any(_other_term(graph, consumer, slot, downstream)
                                                 for slot in range(len(consumer.inputs))):
                return True
            stack.append(consumer)
    return False


def _other_term(graph: Graph, node: Node, slot: int, downstream: set) -> bool:
    src = graph.producer(node, slot)
    return src is not None and src.op != "Const" and variable_key(src) not in downstream


def penalty_ops(graph: Graph, penalty: Penalty) -> list[Node]:
    """The ops a penalty adds to the step: forward, from the op squaring the variable through the
    scalings of the penalty up to where it meets other terms; backward, the gradient ops fed by the
    variable's value or by those forward ops (`2 * v`, times the penalty's gradient) up to the add
    into the variable's data gradient, which is left out (the decay on the gradients keeps one add)."""
    square = graph.producer(penalty.node, 0) if penalty.node.op == "Sum" else penalty.node
    forward = [penalty.node] + ([square] if square is not None and square is not penalty.node else [])
    seen = {variable_key(n) for n in forward}
    todo = list(forward)
    while todo:  # scalings of the penalty alone (not where it meets the loss)
        for reader, _ in graph.consumers(todo.pop()):
            if reader.op in _SCALINGS and variable_key(reader) not in seen and not _is_gradient(reader):
                seen.add(variable_key(reader))
                forward.append(reader)
                todo.append(reader)
    read = graph.producer(square, 0) if square is not None else None
    return forward + _gradient_ops(graph, forward + ([read] if read is not None else []), seen)


def _is_gradient(node: Node) -> bool:
    return node.name.startswith(("gradient_tape/", "gradients/"))


def _gradient_ops(graph: Graph, sources: list[Node], forward: set) -> list[Node]:
    """Gradient ops computed from `sources`, up to, not including, an add that also takes a gradient
    made from something else."""
    made = {variable_key(n) for n in sources}
    found: dict = {}
    todo = [reader for source in sources for reader, _ in graph.consumers(source)]
    while todo:
        node = todo.pop()
        key = variable_key(node)
        if key in found or key in forward or not _is_gradient(node):
            continue
        if node.op in _COMBINERS and not _all_from(graph, node, made | set(found)):
            continue  # where the penalty's gradient meets the data gradient
        found[key] = node
        todo.extend(reader for reader, _ in graph.consumers(node))
    return list(found.values())


def _all_from(graph: Graph, node: Node, made: set) -> bool:
    return all(variable_key(src) in made for slot in range(len(node.inputs))
               if (src := graph.producer(node, slot)) is not None and src.op != "Const")


def penalty_cost(penalty: Penalty, ctx: CheckContext) -> Cost:
    if penalty.elements is None or penalty.itemsize is None:
        return Cost(target=ctx.target.name)
    return l2_penalty_cost(penalty.elements, penalty.itemsize, ctx.target)
