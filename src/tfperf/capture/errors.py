"""The one error type capture raises: a one-line message that says what is wrong and how to mend it."""


class CaptureError(Exception):
    """An input tfperf cannot analyse (missing, corrupt, unsupported). Exit code 2 at the CLI."""

    def __init__(self, message: str):
        super().__init__(message.strip().splitlines()[0] if message.strip() else "capture failed")


def first_line(exc: BaseException) -> str:
    """The line of an exception's message that says what went wrong. TensorFlow's errors from
    traced or graph code start with a header and a stack ("in user code:", "Graph execution
    error:"); their message is the last line that is not a "[[{{node ...}}]]" marker."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    if lines[0].startswith(("in user code", "Graph execution error")):
        return next((line for line in reversed(lines) if not line.startswith("[[")), lines[-1])
    return lines[0]
