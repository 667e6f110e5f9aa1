"""`newsdig reindex`: build a fresh index beside the live one, then swap directories."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from newsdig.index.writer import AUTO_THREADS, DEFAULT_HEAP_BYTES, open_writer
from newsdig.models import Article, Enrichment


def _sibling(index_dir: Path, suffix: str) -> Path:
    return index_dir.with_name(index_dir.name + suffix)


def build_fresh(
    index_dir: Path,
    articles: Iterable[Article] | Iterable[tuple[Article, Enrichment | None]],
    *,
    heap_bytes: int = DEFAULT_HEAP_BYTES,
    threads: int = AUTO_THREADS,
) -> int:
    """Index `articles` into `<index_dir>.new`, then swap it in for `index_dir`; returns the count.

    Ids are taken as unique (the catalog's primary key), so documents are added without deletes.
    The swap is two renames (live -> `.old`, `.new` -> live) then removing `.old`. A crash between
    the renames leaves no live index, which open_index reports as IndexError_ -> rebuild.
    Searchers that hold the old directory keep reading it (open files survive the removal on POSIX).
    """
    index_dir = Path(index_dir)
    new_dir, old_dir = _sibling(index_dir, ".new"), _sibling(index_dir, ".old")
    shutil.rmtree(new_dir, ignore_errors=True)  # leftovers of an interrupted build
    with open_writer(new_dir, heap_bytes=heap_bytes, threads=threads) as writer:
        count = writer.add_enriched(
            item if isinstance(item, tuple) else (item, None) for item in articles
        )
        writer.commit()

    shutil.rmtree(old_dir, ignore_errors=True)
    if index_dir.exists():
        os.replace(index_dir, old_dir)
    os.replace(new_dir, index_dir)
    shutil.rmtree(old_dir, ignore_errors=True)
    return count
