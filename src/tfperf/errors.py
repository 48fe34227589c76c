"""One-line error messages: every error tfperf shows is one line (design.md, "Conventions")."""

import re


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


def without_origin(origin: str, message: object) -> str:
    """The first line of `message` without a leading mention of `origin`: the messages of capture and
    rewrite start with the input they are about, and a report names each input once
    ("model.py:build: model.py: no such file" -> "model.py:build: no such file")."""
    text = first_line(message)
    module = origin.rpartition(":")[0] if ":" in origin else ""
    for prefix in (origin, module):
        match = prefix and re.match(rf"(?:--[\w-]+ )?{re.escape(prefix)}: ", text)
        if match:
            return text[match.end():]
    return text


def readable(text: str) -> str:
    """`text` as valid Unicode: the bytes of a file name that are not UTF-8 (which Python keeps as lone
    surrogates) are shown as \\xNN escapes, so the name can be printed and written as JSON."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
