"""The exception tree.

NewsdigError                 base; the CLI prints its message (no traceback) and exits 1
├── HomeError                the home directory cannot be used (locked, unwritable, newer schema)
│   └── RawStoreError        a raw capture cannot be written or read back (raised by acquire.rawstore)
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


class NewsdigError(Exception):
    """Base class: a failure with a message meant for the user."""


class HomeError(NewsdigError):
    """The home directory cannot be used."""


class InputError(NewsdigError):
    """A path or argument given by the user cannot be used."""


class IndexError_(NewsdigError):  # trailing underscore: the builtin IndexError stays usable
    """The search index is missing, corrupt or from an incompatible schema."""


class RawStoreError(HomeError):
    """A raw capture cannot be written or read back (disk full, missing or damaged file)."""


class IndexBusyError(NewsdigError):
    """Another IndexWriter (in this or another process) holds the index lock."""


class EnrichModelError(NewsdigError):
    """The spaCy pipeline used for entities and quotes is missing or broken."""
