"""Mixed precision: tfperf's op lists, Habana's bf16 conversion config, the conversion plan of a
graph, and what it buys on a target (the guide's "TensorFlow Mixed Precision" section).

    plan(graph, config)          which ops compute in 16-bit, as Habana's pass would decide
    boundaries(plan)             the casts that takes
    converted_graph(plan)        the graph after it, for the step model
    compare(graph, target)       predicted step time in float32 and mixed
    habana.read(path) / write    Habana's JSON config, both generations of key names

TensorFlow-free: `tfperf.rewrite` applies a plan to a GraphDef.
"""

from tfperf.amp.convert import Boundary, boundaries, converted_graph
from tfperf.amp.choose import cheapest, tfperf_config
from tfperf.amp.plan import Plan, default_config, plan
from tfperf.amp.price import MixedPrice, compare

__all__ = ["Boundary", "MixedPrice", "Plan", "boundaries", "cheapest", "compare", "converted_graph", "default_config", "plan",
           "tfperf_config"]
