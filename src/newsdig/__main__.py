"""`python -m newsdig` runs the CLI (same as the `newsdig` console script)."""

from newsdig.cli import main

if __name__ == "__main__":  # worker processes re-import this module; they must not run the CLI
    main()
