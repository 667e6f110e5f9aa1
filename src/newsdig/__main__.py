"""`python -m newsdig` runs the CLI (same as the `newsdig` console script)."""

from newsdig.cli import main

main()
