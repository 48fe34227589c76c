"""The one error type capture raises: a one-line message that says what is wrong and how to mend it."""


class CaptureError(Exception):
    """An input tfperf cannot analyse (missing, corrupt, unsupported). Exit code 2 at the CLI."""

    def __init__(self, message: str):
        super().__init__(message.strip().splitlines()[0] if message.strip() else "capture failed")


def first_line(exc: BaseException) -> str:
    """The line of an exception's message that says what went wrong. TensorFlow's errors from
    traced code start with "in user code:" and a stack; their message is the last line."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    return lines[-1] if lines[0].startswith("in user code") else lines[0]
