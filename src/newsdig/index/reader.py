"""Opening an index for reading, with the compatibility check the caller answers by rebuilding."""

from __future__ import annotations

from pathlib import Path

import tantivy

from newsdig.errors import IndexError_
from newsdig.index.manifest import check_manifest
from newsdig.index.schema import build_schema, register_tokenizers


def open_index(index_dir: Path) -> tantivy.Index:
    """Open the index at `index_dir` with our analyzers registered.

    Raises IndexError_ when it is missing, corrupt, or from another schema version.
    """
    index_dir = Path(index_dir)
    if not index_dir.is_dir():
        raise IndexError_(f"there is no search index at {index_dir}")
    check_manifest(index_dir)
    path = str(index_dir)
    try:
        if not tantivy.Index.exists(path):
            raise IndexError_(f"the search index at {index_dir} has no tantivy meta.json")
        if not tantivy.Index.is_compatible(path):
            raise IndexError_(f"the search index at {index_dir} was written by an incompatible tantivy")
        index = tantivy.Index.open(path)
    except IndexError_:
        raise
    except Exception as exc:  # tantivy reports corruption as ValueError or OSError
        raise IndexError_(f"the search index at {index_dir} cannot be opened: {exc}") from exc
    except BaseException as exc:  # or as a Rust panic (pyo3's PanicException is a BaseException)
        if not looks_damaged(exc):
            raise
        raise IndexError_(f"the search index at {index_dir} cannot be opened: {exc}") from exc
    if index.schema != build_schema():
        raise IndexError_(f"the search index at {index_dir} has a different schema; it has to be rebuilt")
    register_tokenizers(index)
    return index


def doc_count(index_dir: Path) -> int:
    """Number of live (not deleted) articles in the index."""
    return open_index(index_dir).searcher().num_docs


# What tantivy's ValueErrors say about damaged files; a broader word ("invalid") would turn a bug's
# ValueError into a needless rebuild of the whole index.
_DAMAGE_WORDS = ("corrupt", "checksum", "ioerror", "io error", "failed to open file", "fst", "unexpected end",
                 "decompress")


def looks_damaged(error: BaseException) -> bool:
    """Whether what tantivy raised while searching or reading documents says the index's files are
    damaged. Bytes scrambled inside a segment whose footer is intact open fine and fail only when
    read: a ValueError ("Fst data is corrupted", "An IO error occurred: ... decompressed buffer")
    or a Rust panic surfacing as pyo3's PanicException (a BaseException: "index out of bounds",
    "mid > len")."""
    if type(error).__name__ == "PanicException":
        return True
    if not isinstance(error, ValueError):
        return False
    text = str(error).lower()
    return any(word in text for word in _DAMAGE_WORDS)
