"""What every target shares: a clean sys.path, quiet logging, the checks, and the atheris entry.

Targets are run as scripts (`python fuzz/html.py CORPUS -max_total_time=60`), so the script's own
directory would lead sys.path and `fuzz/html.py` would shadow the standard library's `html`
module for trafilatura; `setup_path` puts the repository root first instead. Import this module
inside the target's `atheris.instrument_imports` block so the newsdig modules it pulls in are
instrumented for coverage. The checks themselves are the tests' (tests/hostile/checks.py).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def setup_path() -> None:
    here = os.path.join(ROOT, "fuzz")
    sys.path[:] = [ROOT, *(p for p in sys.path if os.path.abspath(p or ".") != here)]
    logging.disable(logging.CRITICAL)  # trafilatura and htmldate log every odd page


class Finding(AssertionError):
    """A documented answer that breaks its own invariants (raised so libFuzzer records the input)."""


def run(test_one_input: Callable[[bytes], None]) -> None:
    import atheris

    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
