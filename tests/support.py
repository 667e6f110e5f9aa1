"""Test support: paths to the team's fixture pages and the shared seed, and a CLI runner.

The CLI is run as a real subprocess (`python -m newsdig`) so tests see exactly what a user
sees: exit codes, stdout JSON, and no tracebacks on stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SEED = ROOT.parent / "shared" / "seed" / "000_f3ab224358793bb6.txt"


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


def run_cli(home: Path, *args: str, stdin: bytes | None = None, check: bool = True,
            enrich: bool = False) -> CliResult:
    """Run `newsdig ARGS` on `home`. add/crawl follow up with enrichment only when `enrich` is set:
    most tests are about importing and searching, and language analysis would triple their time;
    the enrich tests (tests/enrich/) turn it on and check that add and crawl do follow up."""
    env = {**os.environ, "NEWSDIG_HOME": str(home), "COLUMNS": "200",
           "NEWSDIG_ENRICH": "1" if enrich else "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "newsdig", *args],
        input=stdin, capture_output=True, env=env, timeout=300,
    )
    result = CliResult(proc.returncode, proc.stdout.decode(), proc.stderr.decode())
    assert "Traceback" not in result.stderr, result.stderr
    if check:
        assert result.code == 0, f"exit {result.code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result
