"""Training helpers: the guide's fixes that live in the optimizer rather than in the graph.

    with_gradient_decay(optimizer, decay)   add `coefficient * v` to each gradient (exact L2 replacement)
    move_l2_to_gradients(model, optimizer)  take a Keras model's L2 regularizers out of the loss into that decay
    custom_objects()                        to load a model saved with such an optimizer

Importing this package does not import TensorFlow; the functions do when called.
"""

from tfperf.train.convert import L2Conversion, move_l2_to_gradients
from tfperf.train.decay import custom_objects, with_gradient_decay

__all__ = ["L2Conversion", "custom_objects", "move_l2_to_gradients", "with_gradient_decay"]
