"""The one error type capture raises: a one-line message that says what is wrong and how to mend it."""


class CaptureError(Exception):
    """An input tfperf cannot analyse (missing, corrupt, unsupported). Exit code 2 at the CLI."""

    def __init__(self, message: str):
        super().__init__(message.strip().splitlines()[0] if message.strip() else "capture failed")
