"""One-line error messages: every error tfperf shows is one line (design.md, "Conventions")."""


def first_line(message: object) -> str:
    """The first line of a message (or of an exception's text), stripped; "" when there is none."""
    text = str(message).strip()
    return text.splitlines()[0] if text else ""


def describe(exc: BaseException) -> str:
    """The line of an exception's message that says what went wrong. TensorFlow's errors from
    traced or graph code start with a header and a stack ("in user code:", "Graph execution
    error:"); their message is the last line that is not a "[[{{node ...}}]]" marker."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    if lines[0].startswith(("in user code", "Graph execution error")):
        return next((line for line in reversed(lines) if not line.startswith("[[")), lines[-1])
    return lines[0]
