"""The rank a function's docstring states for each of its parameters (and the sizes, where its shape
gives numbers: `matrix: tensor with shape (4, 4)`).

Google- and NumPy-style docstrings describe a tensor parameter's rank in its entry:
`labels: 1-D tf.int32 Tensor`, `pairwise_distances: A 2D FloatTensor`, `y_pred: ... with
shape=(batch_num, 3*embeded_vector_size)`, `x : Tensor of rank 3`. This reads those entries and
nothing else (and, for a layer, its class docstring's list of input tensors with each one's shape:
`listed_inputs`); an entry that names two different ranks (`1-D or 2-D`), an unknown one (`N-D`,
`[..., C]`) or describes a collection (`a list of 2-D tensors`) states none. It is the author's
word, not the code's: `tfperf.source.shapes` uses it only when asked (`documented` inference).
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache

from tfperf.source.arguments import parameter_names

_ENTRY = re.compile(r"^(\s*)\**(\w+)\s*(?:\([^)]*\))?\s*:(?!:)(.*)$")
_RANK_WORDS = re.compile(r"(?<![\w-])([0-9])-?D(?![\w-])|\brank[- ]([0-9])\b|\b([0-9])-dimensional\b")
# `shape=(B, D)`, `with shape [batch_size]`, `of size [n, m]`: a tuple needs its comma (`(dimensions)` is prose)
_SHAPE = re.compile(r"\b(?:shape|size)\s*(?:=|:|of)?\s*`?\s*(?:\[([^()\[\]]*)\]|\(([^()\[\]]*,[^()\[\]]*)\))",
                    re.IGNORECASE)
_UNKNOWN_RANK = re.compile(r"\bN-?D\b|\.\.\.|…|\brank\s+[a-zA-Z]\b")
_COLLECTION = re.compile(r"\b(?:list|lists|tuple|tuples|sequence|dict|iterable)\b", re.IGNORECASE)


def documented_ranks(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, int]:
    """Parameter name -> the rank its docstring entry states (only the parameters that have one)."""
    docstring = ast.get_docstring(function, clean=True)
    if not docstring:
        return {}
    return _ranks(docstring, frozenset(parameter_names(function)))


@lru_cache(maxsize=4096)  # the same docstring is asked about by every reduction of its function
def _ranks(docstring: str, names: frozenset[str]) -> dict[str, int]:
    ranks = {}
    seen = set()
    for name, description in _entries(docstring, names):
        rank = stated_rank(description) if name not in seen else None  # the first entry is the parameter's
        seen.add(name)
        if rank is not None:
            ranks[name] = rank
    return ranks


def _entries(docstring: str, names: frozenset[str]):
    """(parameter, its description): the entry's first line and the lines indented under it."""
    lines = docstring.splitlines()
    words = {m.group(2) for line in lines if (m := _ENTRY.match(line)) is not None}
    for i, line in enumerate(lines):
        match = _ENTRY.match(line)
        name = None if match is None else _named(match.group(2), names, words)
        if name is None:
            continue
        indent = len(match.group(1))
        description = [match.group(3)]
        for following in lines[i + 1:]:
            if not following.strip() or len(following) - len(following.lstrip()) <= indent:
                break
            description.append(following.strip())
        yield name, " ".join(description)


def _named(word: str, names: frozenset[str], words: set[str]) -> str | None:
    """The parameter an entry's word names: itself, or a parameter it misses by a plural's "s"
    (`pairwise_distance:` for `pairwise_distances`) that no entry of its own documents."""
    if word in names:
        return word
    near = [n for n in (word + "s", word[:-1] if word.endswith("s") else None) if n in names and n not in words]
    return near[0] if len(near) == 1 else None


def documented_dims(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, tuple]:
    """Parameter name -> the dimensions its docstring entry's shape states, for the parameters whose
    entry states one rank by a shape (`matrix: tensor with shape (4, 4)`): an int where the entry
    gives a number, None where it gives a name (`(batch, 4)` -> (None, 4))."""
    return {name: tuple(int(d) if d.isdigit() else None for d in dims)
            for name, dims in _written_dims(function, prose=False).items()}


# `_SHAPE`, also as prose says it (`Shape is `[T, B, num_actions]`.`)
_NAMED_SHAPE = re.compile(r"\b(?:shape|size)\s*(?:=|:|of|is)?\s*`?\s*(?:\[([^()\[\]]*)\]|\(([^()\[\]]*,[^()\[\]]*)\))",
                          re.IGNORECASE)


def documented_dim_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, tuple[str, ...]]:
    """Parameter name -> the dimensions its docstring entry's shape states, as written (`[B, action_dimension]`
    -> ("B", "action_dimension")), also where prose states the shape (`Shape is [T, B, num_actions]`)."""
    return _written_dims(function, prose=True)


def _written_dims(function: ast.FunctionDef | ast.AsyncFunctionDef, prose: bool) -> dict[str, tuple[str, ...]]:
    docstring = ast.get_docstring(function, clean=True)
    return _dims(docstring, frozenset(parameter_names(function)), prose) if docstring else {}


@lru_cache(maxsize=1024)
def _dims(docstring: str, names: frozenset[str], prose: bool) -> dict[str, tuple[str, ...]]:
    """The dimensions, as written, of the parameters whose entry states one shape of the rank it states."""
    ranks = _ranks(docstring, names)
    found = {}
    for name, description in _entries(docstring, names):
        shapes = [m.group(1) or m.group(2) for m in (_NAMED_SHAPE if prose else _SHAPE).finditer(description)]
        dims = [[d.strip() for d in s.split(",") if d.strip()] for s in shapes]
        if name in ranks and name not in found and len(dims) == 1 and len(dims[0]) == ranks[name]:
            found[name] = tuple(dims[0])
    return found


def stated_rank(description: str) -> int | None:
    """The one rank a parameter's description states, or None (none, several, or not a tensor's)."""
    if _UNKNOWN_RANK.search(description) or _COLLECTION.search(description):
        return None
    ranks = {int(next(g for g in m.groups() if g)) for m in _RANK_WORDS.finditer(description)}
    for shape in _SHAPE.finditer(description):
        dims = [d for d in (shape.group(1) or shape.group(2)).split(",") if d.strip()]
        ranks.add(len(dims))
    return ranks.pop() if len(ranks) == 1 else None


# a docstring's list of the tensors a layer takes (`- A list of two tensor [seq_value,seq_len]`), and the line
# that gives one's shape (`- seq_len is a 2D tensor with shape : ``(batch_size, 1)``, ...`)
_LISTED = re.compile(r"\blist of\b[^\[\n]*\[\s*(\w+(?:\s*,\s*\w+)+)\s*\]", re.IGNORECASE)
_ITEM_SHAPE = r"^\s*[-*]?\s*{name}\s+is\b[^\n]*?\bshape\b[^\n(\[]*[(\[]([^()\[\]\n]*)[)\]]"


@lru_cache(maxsize=1024)
def listed_inputs(docstring: str) -> tuple[tuple[str, tuple | None], ...]:
    """The tensors a docstring lists as a layer's input, in order, each with the dimensions its own line
    states (`seq_len is a 2D tensor with shape: (batch_size, 1)` -> (None, 1)), or None; () when it lists none."""
    match = _LISTED.search(docstring)
    if match is None:
        return ()
    found = []
    for name in (n.strip() for n in match.group(1).split(",")):
        line = re.search(_ITEM_SHAPE.format(name=re.escape(name)), docstring, re.MULTILINE)
        dims = None
        if line is not None:
            parts = [d.strip() for d in line.group(1).split(",") if d.strip()]
            dims = tuple(int(d) if d.isdigit() else None for d in parts) if parts else None
        found.append((name, dims))
    return tuple(found)
