"""`python -m newsdig.spark ingest …` — and `spark-submit …/newsdig/spark/__main__.py ingest …`.

The same commands as `newsdig spark …`, through the CLI's own entry point (same messages, same
exit codes). Run as a file by spark-submit, this file's directory would come first on sys.path
and its modules (`session`, `status`, …) would shadow top-level ones: it is taken off first.
"""

import sys
from pathlib import Path

if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)


def main() -> None:
    from newsdig.cli import main as cli_main

    sys.argv = ["newsdig", "spark", *sys.argv[1:]]
    cli_main()


if __name__ == "__main__":
    main()
