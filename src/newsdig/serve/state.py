"""What one running server holds: the home, a reusable searcher, catalog connections.

Searches reuse one `Searcher` (it reloads itself after index commits); catalog reads open a
read-only connection per request (SQLite connections are cheap, and WAL lets them read while
a writer ingests), so no connection is shared across threads.

A shard server (`serve --shards`, serve.shard_mode) holds a `ShardedSearcher` in `shards` and no
catalog: its `home` is a stand-in at the index root, with no catalog.sqlite, and every route that
would read it is refused before it runs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsdig.catalog.db import connect
from newsdig.home import Home
from newsdig.search.engine import Searcher

if TYPE_CHECKING:
    from newsdig.search.shards import ShardedSearcher


@dataclass
class ServerState:
    home: Home
    allow_writes: bool = False
    sample: bool = False  # the demo home: pages say the articles are sample data
    shards: ShardedSearcher | None = None  # serving index shards: search only, no catalog
    _searcher: Searcher | None = field(default=None, repr=False)

    @property
    def searcher(self) -> Searcher | ShardedSearcher:
        """What answers searches: the shards when serving them, else the home's index."""
        if self.shards is not None:
            return self.shards
        if self._searcher is None:
            self._searcher = Searcher(self.home.index_dir)
        return self._searcher

    @contextmanager
    def catalog(self) -> Iterator[sqlite3.Connection]:
        conn = connect(self.home.catalog_path, readonly=True)
        try:
            yield conn
        finally:
            conn.close()
