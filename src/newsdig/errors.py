"""The exception tree.

NewsdigError                 base; the CLI prints its message (no traceback) and exits 1
├── HomeError                the home directory cannot be used (locked, unwritable, newer schema)
│   ├── RawStoreError        a raw capture cannot be written or read back (raised by acquire.rawstore)
│   └── IndexWriteError      the search index cannot be written (disk full, file size limit; raised
│                            by index.writer; not an IndexError_: a full disk is no reason to rebuild)
├── InputError               a user-supplied path or argument is unusable (raised by acquire/cli)
├── IndexError_              the search index is missing or incompatible (raised by index; the
│                            catalog sync answers by rebuilding from the catalog)
├── IndexBusyError           another writer holds the index lock (raised by index.writer; not an
│                            IndexError_, because a busy index must not be rebuilt)
└── EnrichModelError         the language model for entities and quotes cannot be loaded (the
                             rest of enrichment - copies, stories - still runs)

Expected per-item failures (a broken page, a non-HTML WARC record) are not exceptions: they
become `Rejection` records, counted in the summary and stored in the catalog.
"""

from __future__ import annotations

import errno
import resource
import shutil
from pathlib import Path

LOW_SPACE_BYTES = 16 * 1024 * 1024  # below this much free space, a failed write is blamed on it


class NewsdigError(Exception):
    """Base class: a failure with a message meant for the user."""


class HomeError(NewsdigError):
    """The home directory cannot be used."""


class HomeBusyError(HomeError):
    """Another newsdig process holds the home's writer lock (it will do the writing itself)."""


class InputError(NewsdigError):
    """A path or argument given by the user cannot be used."""


class IndexError_(NewsdigError):  # trailing underscore: the builtin IndexError stays usable
    """The search index is missing, corrupt or from an incompatible schema."""


class RawStoreError(HomeError):
    """A raw capture cannot be written or read back (disk full, missing or damaged file)."""


class IndexWriteError(HomeError):
    """The search index cannot be written: a full disk or a file size limit, most often."""


class IndexBusyError(NewsdigError):
    """Another IndexWriter (in this or another process) holds the index lock."""


class EnrichModelError(NewsdigError):
    """The spaCy pipeline used for entities and quotes is missing or broken."""


def write_failure_hint(path: Path, error: BaseException | None = None) -> str:
    """Why a write under `path` most likely failed, in words, for the end of an error message.

    SQLite reports a file size limit (EFBIG) only as "disk I/O error", and tantivy wraps every
    I/O error in a thread panic; free space and this process's `ulimit -f` name the cause.
    """
    code = getattr(error, "errno", None)
    said_full = code == errno.ENOSPC or getattr(error, "sqlite_errorname", "") == "SQLITE_FULL"
    limit = _size_limit()
    if code == errno.EFBIG or (limit is not None and not said_full):
        shown = f": {limit:,} bytes" if limit is not None else ""
        return f" (a file reached this process's file size limit, ulimit -f{shown})"
    probe = Path(path)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return " (the disk is full)" if said_full else ""
    if said_full or free < LOW_SPACE_BYTES:
        state = "is full" if not free else "is nearly full"
        return f" (the disk holding {probe} {state}: {free:,} bytes free)"
    return ""


def _size_limit() -> int | None:
    soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    return None if soft == resource.RLIM_INFINITY else soft
