"""Local inputs -> Capture | Rejection: files, directories and stdin, in any supported format.

Each input is sniffed from its first bytes (see `newsdig.formats`) and handed to the WARC or JSONL
reader, or read whole as one HTML/text document. Parquet files of articles (what `newsdig spark
ingest` writes) are the exception: their rows are extractions already made, so they come out as
Article records (see `acquire.parquet`), and only from a file (Parquet needs to seek).
WARC, JSONL and Parquet inputs are streamed record by record, so memory stays flat on
multi-gigabyte files; single documents are read whole but capped at MAX_FILE_BYTES (also after
gunzip, so a compression bomb stops there).

Origins: ``path`` for a document, ``path@offset`` for a WARC record (``path#n`` inside a WARC
gzipped as one stream), ``path:lineno`` for a JSONL line, ``path#row`` for a Parquet row; stdin
is ``-``, ``-@offset``, ``-:lineno``.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsdig.errors import InputError
from newsdig.formats import SNIFF_BYTES, detect_format, is_gzip
from newsdig.models import Article, Capture, CaptureKind, Rejection

from .jsonl import iter_jsonl
from .parquet import is_parquet, iter_parquet
from .warc import iter_warc

STAGE = "import"
STDIN = "-"
MAX_FILE_BYTES = 20 * 1024 * 1024  # one page, record or JSONL line; real articles are far smaller
# Found while walking a directory, these are skipped without being opened (named explicitly,
# a file is always sniffed: the content decides).
SKIP_EXTENSIONS = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff", ".avif",
    ".pdf", ".zip", ".7z", ".rar", ".tar", ".tgz", ".bz2", ".xz", ".zst",
    ".mp3", ".mp4", ".m4a", ".wav", ".ogg", ".webm", ".mov", ".avi", ".mkv",
    ".woff", ".woff2", ".ttf", ".otf", ".eot", ".css", ".js", ".map",
    ".exe", ".dll", ".so", ".dylib", ".bin", ".pyc", ".class", ".jar",
    ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".epub", ".sqlite", ".db",
})
# Bookkeeping files Spark and Hadoop leave beside their output, passed over in a directory walk.
HADOOP_MARKERS = frozenset({"_SUCCESS", "_metadata", "_common_metadata"})
_GZIP_ERRORS = (OSError, EOFError, zlib.error)  # a corrupt or cut-off .gz, or a failing disk

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class _Input:
    path: str  # as it will appear in origins: the user's spelling joined with walked names
    problem: Rejection | None = None


def iter_captures(
    paths: Iterable[str | Path],
    stdin: BinaryIO | None = None,
    on_progress: Progress | None = None,
    *,
    skipped: Counter[str] | None = None,
) -> Iterator[Capture | Rejection | Article]:
    """Yield a Capture or Rejection for everything found in `paths` (``-`` reads `stdin`), and an
    Article for each row of a Parquet articles file (already extracted).

    Directories are walked recursively in name order; hidden entries and symlinked directories
    are skipped, known non-inputs (images, archives...) rejected unread. `on_progress` receives
    the running total of input bytes consumed so far, ending at `total_input_bytes(paths)`
    (stdin is not counted). WARC bookkeeping records passed over without a Rejection are
    counted in `skipped` by ``warc-<type>``. Never raises for bad input.
    """
    progress = _Progress(on_progress)
    for item in input_files(paths):
        if item.problem is not None:
            yield item.problem
        elif item.path == STDIN:
            source = stdin if stdin is not None else sys.stdin.buffer
            stream, head, seekable = sniffable(source)
            yield from read_stream(stream, STDIN, head, seekable=seekable, size=None, skipped=skipped)
        else:
            progress.next_file()
            yield from _read_file(item.path, progress, skipped)


def total_input_bytes(paths: Iterable[str | Path]) -> int:
    """Bytes iter_captures will consume from `paths` (the progress bar's total; stdin counts 0)."""
    total = 0
    for item in input_files(paths):
        if item.problem is None and item.path != STDIN:
            with contextlib.suppress(OSError):  # it will be an "unreadable" Rejection instead
                total += os.stat(item.path).st_size
    return total


def check_inputs(paths: Iterable[str | Path]) -> None:
    """Raise InputError for paths that do not exist, or stdin named twice, before any work."""
    names = [str(p) for p in paths]
    missing = [n for n in names if n != STDIN and not os.path.exists(n)]
    if missing:
        raise InputError(f"no such file or directory: {', '.join(missing)}")
    if names.count(STDIN) > 1:
        raise InputError("stdin ('-') can only be read once")


def input_files(paths: Iterable[str | Path]) -> Iterator[_Input]:
    for raw in paths:
        path = str(raw)
        if path != STDIN and os.path.isdir(path):
            yield from _walk(path)
        else:
            yield _Input(path)  # a missing file becomes "unreadable" when opened


def _walk(directory: str) -> Iterator[_Input]:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as err:
        yield _Input(directory, _rejection("unreadable", directory, str(err)))
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in HADOOP_MARKERS:
            continue
        path = os.path.join(directory, entry.name)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)  # symlinked directories are not followed (no loops, no doubles)
        elif not entry.is_file():
            if entry.is_symlink() and not entry.is_dir():
                yield _Input(path, _rejection("unreadable", path, "broken symbolic link"))
        elif (ext := _extension(entry.name)) in SKIP_EXTENSIONS:
            yield _Input(path, _rejection("unsupported-file", path, f"{ext} file"))
        else:
            yield _Input(path)


def _read_file(path: str, progress: _Progress, skipped: Counter[str] | None
               ) -> Iterator[Capture | Rejection | Article]:
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as err:
        yield _rejection("unreadable", path, str(err))
        return
    with fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            stream, head, seekable = sniffable(fh)
        except OSError as err:
            yield _rejection("unreadable", path, str(err))
            return
        if is_parquet(head):
            yield from iter_parquet(fh, path)
            progress.at(size)
            return
        tick = (lambda: progress.at(fh.tell())) if seekable else None
        yield from read_stream(stream, path, head, seekable=seekable, size=size, skipped=skipped, tick=tick)
    progress.at(size)


def read_stream(
    stream: BinaryIO,
    name: str,
    head: bytes,
    *,
    seekable: bool,
    size: int | None,
    skipped: Counter[str] | None,
    tick: Callable[[], None] | None = None,
) -> Iterator[Capture | Rejection]:
    """Dispatch one opened input (positioned at its start) on its sniffed format."""
    if not head:
        yield _rejection("empty-file", name, "no bytes")
        return
    if is_parquet(head):  # a file never gets here (_read_file reads it): this is stdin
        yield _rejection("unsupported-file", name, "Parquet cannot be read from a pipe: give its path")
        return
    fmt = detect_format(head, name)
    if fmt == "binary" and is_gzip(head):
        yield _rejection("unreadable", name, "corrupt gzip data, or a gzip of something that is not a page")
    elif fmt == "binary":
        yield _rejection("unsupported-file", name, "binary content")
    elif fmt == "warc":
        for item in iter_warc(stream, name, max_bytes=MAX_FILE_BYTES, seekable=seekable, skipped=skipped):
            yield item
            if tick is not None:
                tick()
    elif fmt == "jsonl":
        lines = gzip.GzipFile(fileobj=stream) if is_gzip(head) else stream
        try:
            yield from iter_jsonl(lines, name, max_bytes=MAX_FILE_BYTES, after_line=tick)
        except _GZIP_ERRORS as err:
            yield _rejection("unreadable", name, f"stopped reading: {err}")
    else:
        yield _read_document(stream, name, head, kind="html" if fmt == "html" else "text", size=size)


def _read_document(
    stream: BinaryIO, name: str, head: bytes, *, kind: CaptureKind, size: int | None
) -> Capture | Rejection:
    """One whole HTML or text file, gunzipped if need be, never more than MAX_FILE_BYTES of it."""
    compressed = is_gzip(head)
    if not compressed and size is not None and size > MAX_FILE_BYTES:
        return _rejection("too-large", name, f"{size} bytes, over {MAX_FILE_BYTES}")
    try:
        body = (gzip.GzipFile(fileobj=stream) if compressed else stream).read(MAX_FILE_BYTES + 1)
    except _GZIP_ERRORS as err:
        return _rejection("unreadable", name, str(err))
    if len(body) > MAX_FILE_BYTES:
        unit = "bytes gunzipped" if compressed else "bytes"
        return _rejection("too-large", name, f"over {MAX_FILE_BYTES} {unit}")
    if not body.strip():
        return _rejection("empty-file", name, "only whitespace")
    return Capture(url=None, body=body, kind=kind, origin=name)


def sniffable(source: BinaryIO) -> tuple[BinaryIO, bytes, bool]:
    """Return (stream positioned at the start, its first bytes, seekable?).

    Pipes cannot seek back after the sniff, so their head is replayed in front of the rest.
    """
    if source.seekable():
        start = source.tell()
        head = source.read(SNIFF_BYTES)
        source.seek(start)
        return source, head, True
    head = b""
    while len(head) < SNIFF_BYTES and (chunk := source.read(SNIFF_BYTES - len(head))):
        head += chunk
    return io.BufferedReader(_Replay(head, source)), head, False


class _Replay(io.RawIOBase):
    """A non-seekable stream with its already-read head put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer)) or b""
        buffer[: len(data)] = data
        return len(data)


class _Progress:
    """Turns positions within the current file into the running total on_progress expects."""

    def __init__(self, callback: Progress | None) -> None:
        self._callback = callback
        self._done = 0  # bytes of all inputs so far
        self._base = 0  # where the current file starts in that count

    def next_file(self) -> None:
        self._base = self._done

    def at(self, position: int) -> None:
        """Report that the current file has been consumed up to `position` (never backwards)."""
        if self._callback is not None and self._base + position > self._done:
            self._done = self._base + position
            self._callback(self._done)


def _extension(name: str) -> str:
    return os.path.splitext(name.lower().removesuffix(".gz"))[1]


def _rejection(reason: str, origin: str, detail: str) -> Rejection:
    return Rejection(STAGE, reason, origin, detail=detail)
