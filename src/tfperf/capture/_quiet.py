"""Import TensorFlow without its C++ start-up chatter on stderr.

TensorFlow's native logger writes before Python can configure it (TF_CPP_MIN_LOG_LEVEL no longer
silences it), so the CLI points file descriptor 2 at /dev/null for the duration of the import.
"""

from __future__ import annotations

import contextlib
import os
import sys


@contextlib.contextmanager
def native_stderr_silenced():
    try:
        saved = os.dup(2)
    except OSError:  # no usable stderr: nothing to silence
        yield
        return
    sys.stderr.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_tensorflow_quietly() -> None:
    with native_stderr_silenced():
        import tensorflow  # noqa: F401
        import keras  # noqa: F401
        import tensorflow as tf

        tf.constant(0.0) + 1.0  # the first kernel run logs the oneDNN notice
