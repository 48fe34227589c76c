"""The one error type capture raises: a one-line message that says what is wrong and how to mend it."""

from tfperf.errors import first_line


class CaptureError(Exception):
    """An input tfperf cannot analyse (missing, corrupt, unsupported). Exit code 2 at the CLI."""

    def __init__(self, message: str):
        super().__init__(first_line(message) or "capture failed")

