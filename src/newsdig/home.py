"""Where a newsdig home lives and what is in it.

All state sits under one directory so a user can back it up, move it or delete it whole:
``catalog.sqlite`` (source of truth), ``index/`` (derived, rebuildable) and ``raw/`` (every
capture as WARC). Precedence: ``--home`` flag, then ``NEWSDIG_HOME``, then the platform data dir.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from newsdig.errors import HomeBusyError, HomeError

HOME_ENV = "NEWSDIG_HOME"


@dataclass(frozen=True, slots=True)
class Home:
    root: Path

    @property
    def catalog_path(self) -> Path:
        return self.root / "catalog.sqlite"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def lock_path(self) -> Path:
        return self.root / "writer.lock"

    def ensure(self) -> Home:
        """Create the directory layout; a clear error when the place is not writable."""
        try:
            for path in (self.root, self.raw_dir):
                path.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise HomeError(f"cannot create the newsdig home at {self.root}: {err.strerror}") from err
        return self

    def exists(self) -> bool:
        return self.catalog_path.exists()


def resolve_home(flag: str | Path | None = None) -> Home:
    """Pick the home from the flag, the environment, or the platform data directory."""
    if flag:
        return Home(Path(flag).expanduser().resolve())
    env = os.environ.get(HOME_ENV)
    if env:
        return Home(Path(env).expanduser().resolve())
    return Home(Path(platformdirs.user_data_dir("newsdig", appauthor=False)))


@contextmanager
def writer_lock(home: Home, wait: bool = False) -> Iterator[None]:
    """One writer per home: a second `add` or `reindex` gets a clear message, not a corrupt index.

    flock is released by the kernel when the process dies, so a kill -9 never leaves a stale lock.
    """
    home.ensure()
    handle = open(home.lock_path, "a+")  # noqa: SIM115 - held for the duration of the context
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise HomeBusyError(
                f"another newsdig process is writing to {home.root} (lock {home.lock_path}); "
                "wait for it to finish or stop it"
            ) from err
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()

