"""usearch first, the model's runtime second: the order a server meets them when "more like this"
(vectors) is asked before any semantic query. onnxruntime 1.32 imported after usearch 2.26 crashed
the process with a segmentation fault; newsdig.index.vectors loads them in the safe order."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

# find_spec, not importorskip: importing usearch here, then onnxruntime, is the very crash.
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("usearch") is None or importlib.util.find_spec("onnxruntime") is None,
    reason="the [semantic] extra (usearch, onnxruntime) is not installed",
)


def test_vectors_then_model_runtime_does_not_crash() -> None:
    code = (
        "from newsdig.index.vectors import usearch_index\n"
        "Index = usearch_index()\n"
        "import onnxruntime\n"
        "index = Index(ndim=4, metric='ip', dtype='f16')\n"
        "print('alive', onnxruntime.__version__, type(index).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-500:]}"
    assert done.stdout.startswith("alive")
