"""One JSON record per attack run, so scripts/reliability.py can write docs/reliability.md.

Every reliability, hostile-input, API, web-security and load test that wants its figures in the
document calls `write_record`; nothing is written unless `NEWSDIG_RELIABILITY_OUT=DIR` is set
(the script sets it, a plain `pytest` run does not).

Record shape (a contract between the tests and the script; add keys freely, rename none):
    {"name": "kill-add",            # file name, unique per test
     "section": "crash",            # crash | disk | hostile | api | web | load
     "title": "SIGKILL during newsdig add",
     "attacks": ["SIGKILL at start-up", "SIGKILL mid-batch"],   # what was tried, human words
     "figures": {"kills survived": 25, "pages": 3000},          # numbers shown in the table
     "errors": 0,                   # what went wrong and was not handled: must be 0 to pass
     "long": false}                 # true for the runs behind the `slow` marker
"""

from __future__ import annotations

import json
import os
from pathlib import Path

SECTIONS = ("crash", "disk", "hostile", "api", "web", "load")


def write_record(name: str, section: str, title: str, attacks: list[str],
                 figures: dict[str, object], errors: int = 0, long: bool = False) -> Path | None:
    """Write one record into $NEWSDIG_RELIABILITY_OUT (no-op when unset); returns its path."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}; one of {SECTIONS}")
    out = os.environ.get("NEWSDIG_RELIABILITY_OUT")
    if not out:
        return None
    Path(out).mkdir(parents=True, exist_ok=True)
    path = Path(out) / f"{name}.json"
    record = {"name": name, "section": section, "title": title, "attacks": attacks,
              "figures": figures, "errors": errors, "long": long}
    path.write_text(json.dumps(record, indent=2, default=str), encoding="utf-8")
    return path
