"""Source linting: `tfperf check PATH...` without TensorFlow and without running the user's code.

Files are parsed with Python's `ast`; each rule's `Source` visitor (see `tfperf.source.visitor`)
runs in one walk per file; names resolve through the file's imports (`tfperf.source.names`).
Fixes are text edits written atomically (`tfperf.source.edits`). `lint_paths` is the entry point.
"""

from tfperf.source.linter import FileError, LintResult, fix_text, lint_file, lint_paths, lint_text
from tfperf.source.visitor import FileContext, SourceVisitor, argument, keyword

__all__ = ["FileContext", "FileError", "LintResult", "SourceVisitor", "argument", "fix_text", "keyword",
           "lint_file", "lint_paths", "lint_text"]
