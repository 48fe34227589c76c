"""`import tfperf` and the CLI's help must not import TensorFlow (linting a repository stays fast)."""

import subprocess
import sys


def test_import_tfperf_does_not_import_tensorflow():
    code = ("import sys, tfperf, tfperf.findings, tfperf.ir, tfperf.analyze, tfperf.cli, tfperf.report, tfperf.targets,"
            " tfperf.train;"
            "import tfperf.findings as f; f.all_rules();"
            "print('tensorflow' in sys.modules or 'keras' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
