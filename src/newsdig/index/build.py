"""`newsdig reindex`: build a fresh index beside the live one, then swap directories."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from newsdig.index.writer import AUTO_THREADS, open_writer
from newsdig.models import Article, Enrichment

# A rebuild writes every document once: a big indexing heap means few, large segments and little
# merging. On 50k articles here: 128 MB 2,500 docs/s, 512 MB 3,900, 1 GB 4,600 (2 threads). The
# heap is an upper bound tantivy fills as it goes (RSS ~0.3 GB at 50k). NEWSDIG_INDEX_HEAP_MB
# lowers it on a small machine (at least 64: tantivy wants 15 MB per thread).
REBUILD_HEAP_BYTES = max(64, int(os.environ.get("NEWSDIG_INDEX_HEAP_MB", "1000"))) * 1_000_000


def _sibling(index_dir: Path, suffix: str) -> Path:
    return index_dir.with_name(index_dir.name + suffix)


def build_fresh(
    index_dir: Path,
    articles: Iterable[Article] | Iterable[tuple[Article, Enrichment | None]],
    *,
    heap_bytes: int = REBUILD_HEAP_BYTES,
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
    try:
        with open_writer(new_dir, heap_bytes=heap_bytes, threads=threads) as writer:
            count = writer.add_enriched(
                item if isinstance(item, tuple) else (item, None) for item in articles
            )
            writer.commit()
    except BaseException:
        shutil.rmtree(new_dir, ignore_errors=True)  # a failed build (a full disk) frees its space
        raise

    shutil.rmtree(old_dir, ignore_errors=True)
    try:
        if index_dir.exists():
            os.replace(index_dir, old_dir)
    except OSError as err:
        if err.errno not in (errno.EBUSY, errno.EXDEV):
            raise
        _move_into(new_dir, index_dir)  # the index directory is a mount point: swap its contents
        return count
    os.replace(new_dir, index_dir)
    shutil.rmtree(old_dir, ignore_errors=True)
    return count


def _move_into(new_dir: Path, index_dir: Path) -> None:
    """Replace what `index_dir` holds by what `new_dir` holds, keeping `index_dir` itself.

    For an index directory that is its own mount point (a disk given to the index), which cannot
    be renamed. Not atomic: a crash half-way leaves an index open_index refuses, and the next
    command rebuilds it from the catalog, as after a crash between the two renames.
    """
    for entry in list(index_dir.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in list(new_dir.iterdir()):
        shutil.move(str(entry), index_dir / entry.name)  # copies across filesystems
    shutil.rmtree(new_dir, ignore_errors=True)
