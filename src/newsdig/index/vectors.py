"""The ANN index of chunk vectors under <home>/vectors/: derived data, rebuilt from the catalog.

Layout: `manifest.json` names the current index file (`chunks-<max id>-<n>.usearch`, an HNSW graph
with float16 vectors, usearch) and the highest chunk id it holds. Saving writes a new file, then
replaces the manifest (an atomic rename), then removes older files, so a reader sees the old index
or the new one, never half of one; a reader that still has an old file open keeps reading it.

Reading (`VectorSearcher`) never needs the index to be current: chunks above the manifest's max id
(embedded since the last save) are searched exactly from the catalog and merged in; chunk ids that
no longer exist in the catalog (an article re-embedded after a text change; AUTOINCREMENT never
reuses an id) are dropped when results are resolved. A missing, unreadable or foreign index file
is rebuilt from the catalog. Below EXACT_BELOW chunks there is no file at all: exact search over
a matrix in memory is fast enough (~1 ms per 10k chunks) and needs nothing saved.

Why usearch: docs/semantic.md compares usearch, hnswlib and faiss-cpu on this machine.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdig.catalog.embeddings import chunk_count, iter_vectors, max_chunk_id
from newsdig.home import Home

if TYPE_CHECKING:
    import numpy as np

FORMAT = "newsdig-vectors"
VERSION = 1
MANIFEST = "manifest.json"
EXACT_BELOW = int(os.environ.get("NEWSDIG_VECTORS_EXACT_BELOW", "20000"))  # chunks
REBUILD_STALE_SHARE = 0.25  # replaced chunks above this share of the index: rebuild instead of adding
CONNECTIVITY = 16  # HNSW M
EXPANSION_ADD = 128  # efConstruction
EXPANSION_SEARCH = 96  # ef at query time (raised to the number of results asked for)


def usearch_index() -> Any:
    """usearch's Index class, imported only after onnxruntime when that is installed.

    Importing onnxruntime (1.32) into a process that already loaded usearch (2.26, via its
    numkong extension) crashes with a segmentation fault; the other order is fine. A server that
    answers "more like this" (usearch) before its first semantic query (the model) would die.
    """
    with contextlib.suppress(ImportError):
        import onnxruntime  # noqa: F401  (for its side effect: load it first)
    from usearch.index import Index

    return Index


def vectors_dir(home: Home) -> Path:
    return home.root / "vectors"


# -- the manifest -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Manifest:
    model: str
    dim: int
    file: str | None  # None: exact search only (a small catalog)
    max_id: int  # chunks with ids up to this are in the file
    size: int  # entries in the file (replaced chunks included until the next rebuild)
    file_bytes: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "model": self.model, "dim": self.dim,
                "file": self.file, "max_id": self.max_id, "size": self.size,
                "file_bytes": self.file_bytes}


def read_manifest(directory: Path) -> Manifest | None:
    """The manifest, or None when it is missing, unreadable or from another format version."""
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            return None
        return Manifest(str(data["model"]), int(data["dim"]), data.get("file"), int(data["max_id"]),
                        int(data["size"]), int(data.get("file_bytes", 0)))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_manifest(directory: Path, manifest: Manifest) -> None:
    tmp = directory / f"{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(manifest.as_dict(), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, directory / MANIFEST)


def _remove_other_files(directory: Path, keep: str | None) -> None:
    for path in directory.glob("chunks-*.usearch*"):
        if path.name != keep:
            path.unlink(missing_ok=True)


@contextlib.contextmanager
def _build_lock(directory: Path) -> Iterator[None]:
    """One builder at a time (a searcher repairing a broken index, or `embed` syncing it)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- building ---------------------------------------------------------------------------------
def _new_index(dim: int) -> Any:
    Index = usearch_index()

    return Index(ndim=dim, metric="ip", dtype="f16", connectivity=CONNECTIVITY,
                 expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)


def _save(directory: Path, index: Any, model: str, dim: int, max_id: int) -> Manifest:
    name = f"chunks-{max_id}-{index.size}.usearch"
    tmp = directory / f"{name}.{os.getpid()}.tmp"
    index.save(str(tmp))
    os.replace(tmp, directory / name)
    manifest = Manifest(model, dim, name, max_id, int(index.size), (directory / name).stat().st_size)
    _write_manifest(directory, manifest)
    _remove_other_files(directory, name)
    return manifest


@dataclass
class SyncReport:
    """What `sync_vectors` did (part of `newsdig embed --json`)."""

    kind: str = "exact"  # exact | hnsw
    action: str = "none"  # none | rebuilt | added | exact
    chunks: int = 0
    added: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "action": self.action, "chunks": self.chunks, "added": self.added,
                "seconds": round(self.seconds, 3)}


def rebuild_vectors(home: Home, conn: sqlite3.Connection, model: str, dim: int) -> Manifest:
    """Build the index from every chunk vector in the catalog, then swap it in."""
    directory = vectors_dir(home)
    directory.mkdir(parents=True, exist_ok=True)
    max_id = max_chunk_id(conn)
    index = _new_index(dim)
    for keys, vectors in iter_vectors(conn, dim, after_id=0):
        index.add(keys, vectors, threads=os.cpu_count() or 1)
    return _save(directory, index, model, dim, max_id)


def sync_vectors(home: Home, conn: sqlite3.Connection) -> SyncReport:
    """Bring the saved index up to the catalog after an embed run (called under the writer lock).

    Small catalogs keep no file (exact search). Otherwise new chunks are added to the saved index,
    or it is rebuilt when it is missing, unreadable, of another model, or holds too many replaced
    chunks.
    """
    from newsdig.enrich.embeddings import DIM, model_version

    started = time.perf_counter()
    directory = vectors_dir(home)
    model = model_version()
    report = SyncReport(chunks=chunk_count(conn))
    with _build_lock(directory):
        manifest = read_manifest(directory)
        if report.chunks < EXACT_BELOW:
            # Rewritten every time: its new stamp tells long-running readers to reload their exact
            # matrix, dropping the rows of chunks replaced since.
            _write_manifest(directory, Manifest(model, DIM, None, 0, 0))
            _remove_other_files(directory, None)
            report.action = "exact"
        else:
            report.kind = "hnsw"
            current = max_chunk_id(conn)
            index = _load(directory, manifest, model, view=False) if manifest else None
            new = int(conn.execute("SELECT COUNT(*) FROM embedding_chunks WHERE id > ?",
                                   (manifest.max_id if manifest else 0,)).fetchone()[0])
            stale = (index.size + new - report.chunks) if index is not None else 0
            if index is None or manifest is None or stale > REBUILD_STALE_SHARE * (index.size + new):
                rebuild_vectors(home, conn, model, DIM)
                report.action, report.added = "rebuilt", report.chunks
            elif current > manifest.max_id:
                for keys, vectors in iter_vectors(conn, DIM, after_id=manifest.max_id):
                    index.add(keys, vectors, threads=os.cpu_count() or 1)
                    report.added += len(keys)
                _save(directory, index, model, DIM, current)
                report.action = "added"
    report.seconds = time.perf_counter() - started
    return report


def _load(directory: Path, manifest: Manifest | None, model: str, *, view: bool) -> Any | None:
    """The saved index when it is sound (right model, complete file, readable), else None."""
    if manifest is None or manifest.file is None or manifest.model != model:
        return None
    path = directory / manifest.file
    try:
        if path.stat().st_size != manifest.file_bytes:
            return None  # truncated or replaced behind our back
        Index = usearch_index()

        index = Index.restore(str(path), view=view)
    except (OSError, ValueError, RuntimeError):
        return None
    if index is None or index.size != manifest.size or index.ndim != manifest.dim:
        return None
    return index


# -- searching --------------------------------------------------------------------------------
class VectorSearcher:
    """Nearest chunks of a query vector: the saved ANN index plus an exact pass over newer chunks.

    Keep one per process (the server does): the index file is memory-mapped once, the catalog's newer
    chunks are read once and then only what was added since. Safe to share between threads.
    """

    def __init__(self, home: Home) -> None:
        self.home = home
        self._lock = threading.Lock()
        self._index: Any | None = None
        self._manifest: Manifest | None = None
        self._manifest_stamp: tuple[int, int] | None = None
        self._delta_keys: np.ndarray | None = None
        self._delta_vectors: np.ndarray | None = None
        self._delta_after = 0

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = (vectors_dir(self.home) / MANIFEST).stat()
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)

    def _refresh(self, conn: sqlite3.Connection, model: str, dim: int) -> None:
        import numpy as np

        stamp = self._stamp()
        if self._manifest is None or stamp != self._manifest_stamp:
            directory = vectors_dir(self.home)
            manifest = read_manifest(directory)
            index = _load(directory, manifest, model, view=True)
            broken = manifest is not None and manifest.file is not None and index is None
            unsynced = manifest is None or manifest.model != model
            if broken or (unsynced and chunk_count(conn) >= EXACT_BELOW):
                manifest, index = self._repair(conn, model, dim)  # missing or corrupt: rebuild it
            elif unsynced or manifest is None:
                manifest = Manifest(model, dim, None, 0, 0)  # small and not synced yet: all exact
            self._manifest, self._index, self._manifest_stamp = manifest, index, self._stamp()
            self._delta_keys = np.zeros(0, dtype=np.int64)
            self._delta_vectors = np.zeros((0, dim), dtype=np.float32)
            self._delta_after = manifest.max_id
        keys, vectors = [self._delta_keys], [self._delta_vectors]
        for new_keys, new_vectors in iter_vectors(conn, dim, after_id=self._delta_after):
            keys.append(new_keys)
            vectors.append(new_vectors)
            self._delta_after = int(new_keys[-1])
        if len(keys) > 1:
            self._delta_keys = np.concatenate(keys)
            self._delta_vectors = np.concatenate(vectors)

    def _repair(self, conn: sqlite3.Connection, model: str, dim: int) -> tuple[Manifest, Any | None]:
        directory = vectors_dir(self.home)
        try:
            with _build_lock(directory):
                manifest = read_manifest(directory)
                index = _load(directory, manifest, model, view=True)
                if index is None or manifest is None:  # nobody repaired it meanwhile
                    rebuild_vectors(self.home, conn, model, dim)
                    manifest = read_manifest(directory)
                    index = _load(directory, manifest, model, view=True)
        except OSError:  # a read-only home: search everything exactly rather than fail
            return Manifest(model, dim, None, 0, 0), None
        return manifest or Manifest(model, dim, None, 0, 0), index

    def search(self, conn: sqlite3.Connection, query: np.ndarray, count: int) -> list[tuple[int, float]]:
        """(chunk id, cosine similarity) of the `count` nearest chunks, best first (replaced chunks
        may be among them: the caller resolves ids against the catalog)."""
        import numpy as np

        from newsdig.enrich.embeddings import DIM, model_version

        with self._lock:
            self._refresh(conn, model_version(), DIM)
            index, delta_keys, delta_vectors = self._index, self._delta_keys, self._delta_vectors
        found: dict[int, float] = {}
        if index is not None and index.size:
            index.expansion_search = max(EXPANSION_SEARCH, count)
            matches = index.search(query.astype(np.float32), min(count, index.size))
            found.update((int(k), 1.0 - float(d)) for k, d in zip(matches.keys, matches.distances,
                                                                   strict=True))
        if delta_keys is not None and delta_vectors is not None and len(delta_keys):
            scores = delta_vectors @ query.astype(np.float32)
            top = np.argpartition(-scores, min(count, len(scores)) - 1)[:count]
            found.update((int(delta_keys[i]), float(scores[i])) for i in top)
        return sorted(found.items(), key=lambda item: -item[1])[:count]

    @property
    def kind(self) -> str:
        return "hnsw" if self._index is not None else "exact"


_searchers: dict[Path, VectorSearcher] = {}
_searchers_lock = threading.Lock()


def vector_searcher(home: Home) -> VectorSearcher:
    """The process's VectorSearcher for `home` (created on first use)."""
    with _searchers_lock:
        searcher = _searchers.get(home.root)
        if searcher is None:
            searcher = _searchers[home.root] = VectorSearcher(home)
        return searcher
