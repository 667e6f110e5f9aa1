"""Inputs of `newsdig spark ingest`: which files, in which order, and how a task reads one.

The driver resolves globs, directories, manifests (one path per line), local paths and
``file://`` URIs into one sorted list of files; a file's position in it is the first part of every
record's `seq`. Directories are walked exactly as `newsdig add` walks them (the same function:
name order, hidden entries skipped, images and archives rejected unread), so a directory gives
the same records in the same order. Other schemes (``s3a://``, ``hdfs://``, ``gs://``) go
through fsspec when it is installed; without it the error names what to install.

On an executor, a local file is read by `acquire.files.iter_captures`, the reader `newsdig add`
uses, one record at a time; a remote one by the same sniff-and-dispatch after fsspec opens it.
Origins start with the name the user gave, as in `newsdig add`; the file is opened by its
absolute path, which every executor must see (a shared mount on a cluster).
"""

from __future__ import annotations

import glob
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from newsdig.errors import InputError
from newsdig.models import Capture, Rejection

STAGE = "import"
# Hadoop's scheme names and the fsspec protocol that reads the same storage.
FSSPEC_PROTOCOLS = {"s3a": "s3", "s3n": "s3", "gcs": "gs", "abfss": "abfs", "wasbs": "abfs"}
FSSPEC_PACKAGES = {"s3": "s3fs", "gs": "gcsfs", "abfs": "adlfs", "hdfs": "pyarrow"}


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file: its place in the order, the name origins use, and where to open it."""

    ordinal: int
    name: str  # as the user spelled it (origins start with it, like `newsdig add`'s)
    local: str | None  # absolute path to open; None for a remote URI (opened with fsspec)
    problem: Rejection | None = None  # found while walking a directory: rejected unread


def resolve_inputs(args: Sequence[str], manifests: Sequence[str] = ()) -> list[InputFile]:
    """Every input file, sorted by name; directories expanded in place in `newsdig add`'s order.

    Raises InputError when nothing is given, a path does not exist, a glob matches nothing, or a
    remote scheme cannot be read here.
    """
    entries: list[str] = []
    for arg in args:
        entries.extend(_expand(arg))
    for manifest in manifests:
        for line in _manifest_lines(manifest):
            entries.extend(_expand(line))
    if not entries:
        raise InputError("no inputs: give WARC files, globs, directories or --manifest FILE")
    files: list[InputFile] = []
    for entry in sorted(dict.fromkeys(entries)):
        for name, local, problem in _files_of(entry):
            files.append(InputFile(len(files), name, local, problem))
    return files


def _expand(arg: str) -> list[str]:
    """One argument -> names (files or directories), without walking directories."""
    text = arg.strip()
    scheme = urlsplit(text).scheme.lower() if "://" in text else ""
    if scheme == "file":
        text = file_uri_path(text)
    elif scheme:
        return _remote_expand(text, scheme)
    if glob.has_magic(text):
        found = sorted(glob.glob(text))
        if not found:
            raise InputError(f"no file matches {arg!r}")
        return found
    if not os.path.exists(text):
        raise InputError(f"no such file or directory: {text}")
    return [text]


def file_uri_path(uri: str) -> str:
    """The local path of a ``file://`` URI (only this host's files: no other host name)."""
    parts = urlsplit(uri)
    if parts.netloc not in ("", "localhost"):
        raise InputError(f"{uri}: a file:// URI must name a file on this machine (file:///path)")
    return url2pathname(unquote(parts.path))


def _manifest_lines(manifest: str) -> Iterator[str]:
    """Entries of a manifest: one path, glob or URI per line; blank lines and # comments skipped.
    Relative local entries are taken relative to the manifest's own directory."""
    scheme = urlsplit(manifest).scheme.lower() if "://" in manifest else ""
    if scheme and scheme != "file":
        with _open_remote(manifest, scheme) as fh:
            text = fh.read().decode("utf-8")
        base = None
    else:
        path = Path(file_uri_path(manifest) if scheme == "file" else manifest)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read the manifest {manifest}: {err}") from err
        base = path.parent
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if base is not None and "://" not in line and not os.path.isabs(line):
            line = str(base / line)
        yield line


def _files_of(entry: str) -> Iterator[tuple[str, str | None, Rejection | None]]:
    """(name, absolute local path or None, problem) for each file an entry stands for."""
    if "://" in entry:
        yield entry, None, None
        return
    from newsdig.acquire.files import input_files  # `newsdig add`'s own walk, not a copy of it

    for item in input_files([entry]):
        yield item.path, os.path.abspath(item.path), item.problem


# -- remote storage (fsspec) ----------------------------------------------------------------
def fsspec_protocol(scheme: str) -> str:
    return FSSPEC_PROTOCOLS.get(scheme, scheme)


def _filesystem(scheme: str) -> Any:
    protocol = fsspec_protocol(scheme)
    package = FSSPEC_PACKAGES.get(protocol, f"the fsspec implementation of {protocol}://")
    try:
        import fsspec
    except ImportError:
        raise InputError(f"reading {scheme}:// inputs needs fsspec: pip install fsspec {package}".rstrip()
                         ) from None
    try:
        return fsspec.filesystem(protocol)
    except (ImportError, ValueError) as err:
        raise InputError(f"reading {scheme}:// inputs needs {package} (pip install {package}): {err}"
                         ) from err


def _remote_path(uri: str) -> str:
    return uri.split("://", 1)[1]


def _remote_expand(uri: str, scheme: str) -> list[str]:
    fs = _filesystem(scheme)
    path = _remote_path(uri)
    try:
        if glob.has_magic(path):
            found = sorted(fs.glob(path))
            if not found:
                raise InputError(f"no file matches {uri!r}")
        elif fs.isdir(path):
            found = sorted(p for p in fs.find(path) if not os.path.basename(p).startswith("."))
        elif fs.exists(path):
            found = [path]
        else:
            raise InputError(f"no such file or directory: {uri}")
    except OSError as err:
        raise InputError(f"cannot list {uri}: {err}") from err
    return [f"{scheme}://{p}" for p in found]


def _open_remote(uri: str, scheme: str) -> BinaryIO:
    fs = _filesystem(scheme)
    try:
        return fs.open(_remote_path(uri), "rb")
    except OSError as err:
        raise InputError(f"cannot open {uri}: {err}") from err


# -- reading one file, on an executor ------------------------------------------------------
Item = tuple[Capture, str] | Rejection  # a capture with the URL it is filed under, or a rejection


def iter_file(item: InputFile, skipped: Counter[str]) -> Iterator[Item]:
    """The records of one input file as `newsdig add` reads them, each Capture with its URL.

    WARC bookkeeping records passed over are counted in `skipped` (add's "passed over").
    """
    from newsdig.ingest import capture_url

    if item.problem is not None:
        yield item.problem
        return
    if item.local is None:
        yield from _remote_items(item, skipped)
        return
    from newsdig.acquire.files import iter_captures

    for found in iter_captures([item.local], skipped=skipped):
        if isinstance(found, Rejection):
            yield replace(found, origin=_renamed(found.origin, item))
            continue
        url = capture_url(found)  # before renaming: a URL-less file resolves by the path opened
        yield replace(found, origin=_renamed(found.origin, item)), url


def _renamed(origin: str, item: InputFile) -> str:
    if item.local and item.local != item.name and origin.startswith(item.local):
        return item.name + origin[len(item.local):]
    return origin


def _remote_items(item: InputFile, skipped: Counter[str]) -> Iterator[Item]:
    from newsdig.acquire.files import read_stream, sniffable  # add's dispatch on the sniffed format
    from newsdig.ingest import capture_url

    scheme = urlsplit(item.name).scheme.lower()
    try:
        fh = _open_remote(item.name, scheme)
    except InputError as err:
        yield Rejection(STAGE, "unreadable", item.name, detail=str(err))
        return
    with fh:
        try:
            size = getattr(fh, "size", None)
            stream, head, seekable = sniffable(fh)
        except OSError as err:
            yield Rejection(STAGE, "unreadable", item.name, detail=str(err))
            return
        for found in read_stream(stream, item.name, head, seekable=seekable,
                                  size=size if isinstance(size, int) else None, skipped=skipped):
            yield found if isinstance(found, Rejection) else (found, capture_url(found))


def describe(files: Iterable[InputFile]) -> list[str]:
    """The input names in order, for the dataset summary."""
    return [item.name for item in files]
