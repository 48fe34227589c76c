"""Where ops run, on the device or on the host, and which tensors cross between them (TF-free).

    model   Placement (which nodes run on the host, why, learned from where), device types, the op list
    groups  the tensors that cross host<->device, host ops grouped by op type and line, PlacementReport

`tfperf.analyze.placement_of` works out a graph's placement (with `tfperf.capture.placement` for
what TensorFlow's registries say); the TFP5xx rules read it from their CheckContext.
"""

from tfperf.placement.groups import Crossing, HostGroup, PlacementReport, crossings, host_groups, parse_ops
from tfperf.placement.model import (KERAS_INTERNAL, HostReason, Placement, computes, device_type, from_devices,
                                    fully_placed, judge, load_op_list, predict_from_op_list)

__all__ = ["KERAS_INTERNAL", "Crossing", "HostGroup", "HostReason", "Placement", "PlacementReport", "computes", "crossings",
           "device_type", "from_devices", "fully_placed", "host_groups", "judge", "load_op_list", "parse_ops",
           "predict_from_op_list"]
