import os
import sys

# `python -m tfperf` puts the working directory first on sys.path, where a user's json.py or csv.py
# would replace the modules tfperf and TensorFlow import. The `tfperf` command does not; neither does
# this. (Module specs such as pkg.models:build still find the working directory: capture adds it.)
if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from tfperf.cli import run  # noqa: E402

if __name__ == "__main__":
    run()
