"""The raw capture archive: every capture, as it came in, in WARC files under ``<home>/raw/``.

Extraction keeps improving; the archive is what lets `newsdig reextract` redo it without the
original inputs. Files are gzip-per-record WARCs, so any record can be read by (file, offset)
and the files open in any WARC tool. A capture that came with HTTP status and headers becomes a
``response`` record, anything else a ``resource`` record. The exact Capture fields travel in
three extra WARC headers (origin, a small JSON of the scalar fields, the hints as JSON), so
`read` gives back an equal Capture rather than a guess.

Every open starts a new file: after a crash the current file may end in a torn record, and
appending behind it would bury good records after bad bytes.
"""

from __future__ import annotations

import contextlib
import http
import json
import logging
import os
import re
import uuid
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from types import TracebackType
from typing import BinaryIO
from urllib.parse import quote

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from newsdig import __version__
from newsdig.errors import RawStoreError, write_failure_hint
from newsdig.models import Capture

from .warcstream import Damage, RecordRead, iter_records

ROLL_BYTES = 1 << 30  # start a new file past ~1 GB: big enough to be few, small enough to copy
RAW_GZIP_LEVEL = 3  # see _write_member: warcio's level 9 is CPU-bound for little gain
MAX_RECORD_BYTES = 1 << 30  # reading back: larger than anything we would have written
# A failed write stops the run before its batch commits (commit flushes raw/ first).
KEPT = "everything committed before this batch is kept; fix the cause and run the command again"
RAW_NAME = re.compile(r"^captures-(\d{8})-(\d{4,})\.warc\.gz$")

ORIGIN_HEADER = "X-Newsdig-Origin"
CAPTURE_HEADER = "X-Newsdig-Capture"  # JSON: kind, url, fetched_at, content_type, status
HINTS_HEADER = "X-Newsdig-Hints"  # JSON list of [name, value] pairs
# The body we keep is already de-chunked and decompressed; headers that say otherwise would make
# other WARC readers decode it twice, so they are renamed on the way in and back on the way out
# (Content-Length only when it no longer matches the body).
ORIG_HEADER_PREFIX = "X-Newsdig-Orig-"
_ENCODING_HEADERS = frozenset({"content-length", "content-encoding", "transfer-encoding"})
_KIND_CONTENT_TYPE = {"html": "text/html", "text": "text/plain"}
_WARC_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$")

log = logging.getLogger(__name__)


class RawStore:
    """Appends captures to, and reads them back from, the WARC files of one home's raw/ folder.

    One writer at a time (the home lock); reads may happen while it writes.
    """

    def __init__(self, raw_dir: Path, *, roll_bytes: int = ROLL_BYTES) -> None:
        self.raw_dir = Path(raw_dir)
        self._roll_bytes = roll_bytes
        self._fh: BinaryIO | None = None
        self._writer: WARCWriter | None = None
        self._name = ""

    def append(self, capture: Capture, url: str) -> tuple[str, int]:
        """Write one capture; return (file name relative to raw/, record offset)."""
        record = _build_record(capture, url)
        try:
            if self._fh is None or self._fh.tell() >= self._roll_bytes:
                self._open_next()
            assert self._fh is not None and self._writer is not None
            offset = self._fh.tell()
            _write_member(self._fh, self._writer, record)
        except OSError as err:
            self._abandon()  # the file may now end in a torn record; the next append starts afresh
            raise RawStoreError(f"cannot write raw capture to {self.raw_dir / self._name}: {err}"
                                f"{write_failure_hint(self.raw_dir, err)}; {KEPT}") from err
        return self._name, offset

    def flush(self) -> None:
        """Make every appended record durable (called before a catalog batch commits)."""
        if self._fh is not None:
            try:
                self._fh.flush()
                os.fsync(self._fh.fileno())
            except OSError as err:
                self._abandon()  # it may end in a torn record: the next append starts a new file
                raise RawStoreError(f"cannot flush {self.raw_dir / self._name}: {err}"
                                    f"{write_failure_hint(self.raw_dir, err)}; {KEPT}") from err

    def close(self) -> None:
        """Flush and close the current file; a later append starts a new one."""
        if self._fh is not None:
            try:
                self.flush()
            finally:
                self._abandon()

    def __enter__(self) -> RawStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def read(self, file: str, offset: int) -> Capture:
        """Return the capture stored at `offset` of raw file `file`, equal to the one appended."""
        path = self._path(file)
        try:
            with path.open("rb") as fh:
                fh.seek(offset)
                item = next(iter_records(fh, _want_payload, seekable=False, parse_http=False), None)
                capture = _decode(item)
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise RawStoreError(f"raw capture {file}@{offset} cannot be read: {err}") from err
        if capture is None:
            detail = getattr(item, "detail", "no newsdig capture record there")
            raise RawStoreError(f"raw capture {file}@{offset} cannot be read: {detail}")
        return capture

    def iter_all(self) -> Iterator[tuple[str, int, Capture]]:
        """Yield (file, offset, capture) for every stored capture, oldest file first.

        Damaged stretches (a torn tail after a crash: its catalog batch never committed) are
        logged and passed over.
        """
        for name in self._files():
            with (self.raw_dir / name).open("rb") as fh:
                for item in iter_records(fh, _want_payload, seekable=True, parse_http=False):
                    if not isinstance(item, RecordRead):
                        log.warning("raw/%s%s skipped: %s", name, item.locator, item.detail)
                        continue
                    try:
                        capture = _decode(item)
                    except (ValueError, KeyError, TypeError) as err:
                        log.warning("raw/%s%s skipped: bad newsdig header: %s", name, item.locator, err)
                        continue
                    if capture is not None:  # None: the warcinfo record
                        yield name, item.offset, capture

    def _files(self) -> list[str]:
        if not self.raw_dir.is_dir():
            return []
        found = [(m[1], int(m[2]), m[0]) for p in self.raw_dir.iterdir() if (m := RAW_NAME.match(p.name))]
        return [name for _, _, name in sorted(found)]

    def _path(self, file: str) -> Path:
        if not RAW_NAME.match(file):
            raise RawStoreError(f"{file!r} is not a raw capture file name")
        return self.raw_dir / file

    def _open_next(self) -> None:
        self._abandon()
        self.raw_dir.mkdir(parents=True, exist_ok=True)
        today = datetime.now(UTC).strftime("%Y%m%d")
        seq = max((int(m[2]) for p in self.raw_dir.iterdir()
                   if (m := RAW_NAME.match(p.name)) and m[1] == today), default=0)
        while True:
            seq += 1
            name = f"captures-{today}-{seq:04d}.warc.gz"
            try:
                fh = (self.raw_dir / name).open("xb")
                break
            except FileExistsError:
                continue
        _fsync_dir(self.raw_dir)  # so the new file's name survives a crash along with its records
        self._fh, self._name = fh, name
        self._writer = WARCWriter(BytesIO(), gzip=False)  # only frames records; see _write_member
        info = {"software": f"newsdig {__version__}", "format": "WARC File Format 1.0"}
        _write_member(fh, self._writer, self._writer.create_warcinfo_record(name, info))

    def _abandon(self) -> None:
        if self._fh is not None:
            fh, self._fh, self._writer = self._fh, None, None
            # After a failed write, closing tries to write the buffered rest again and fails the
            # same way; that tail belongs to a batch that is not committed, so it may be lost.
            with contextlib.suppress(OSError):
                fh.close()


def _write_member(fh: BinaryIO, writer: WARCWriter, record: ArcWarcRecord) -> None:
    """Write one record as its own gzip member, so (file, offset) can be read directly.

    warcio's gzip writer hard-codes zlib level 9, which cost a tenth of ingest time on news
    pages; RAW_GZIP_LEVEL gives nearly the same size at a fraction of the CPU. Any WARC
    reader still reads the result (it is ordinary gzip-per-record).
    """
    framed = BytesIO()
    writer.out = framed
    writer.write_record(record)
    packer = zlib.compressobj(RAW_GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    fh.write(packer.compress(framed.getvalue()) + packer.flush())


def _build_record(capture: Capture, url: str) -> ArcWarcRecord:
    """A WARC record holding the capture exactly (see the module docstring for the layout)."""
    meta = {"kind": capture.kind, "url": capture.url, "fetched_at": capture.fetched_at,
            "content_type": capture.content_type, "status": capture.status}
    headers = [
        ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"),
        ("WARC-Date", _warc_date(capture.fetched_at)),
        ("WARC-Target-URI", quote(url, safe="!#$%&'()*+,/:;=?@[]~")),
        (ORIGIN_HEADER, _encode_origin(capture.origin)),
        (CAPTURE_HEADER, json.dumps(meta, ensure_ascii=True)),
    ]
    if capture.hints:
        headers.append((HINTS_HEADER, json.dumps([list(pair) for pair in capture.hints], ensure_ascii=True)))
    if capture.status is not None and capture.http_headers:
        rec_type, content_type = "response", "application/http; msgtype=response"
        block = _http_block(capture.status, capture.http_headers, len(capture.body)) + capture.body
    else:
        rec_type = "resource"
        content_type = _one_line(capture.content_type or _KIND_CONTENT_TYPE[capture.kind])
        block = capture.body
    headers.insert(0, ("WARC-Type", rec_type))
    headers.append(("WARC-Block-Digest", _sha1(block)))
    headers.append(("WARC-Payload-Digest", _sha1(capture.body)))
    rec_headers = StatusAndHeaders("", headers, protocol="WARC/1.0")
    # Handing warcio the block as-is (no parsed http_headers) keeps it from re-encoding our
    # header block; digests and length are set here, so it only frames and compresses.
    return ArcWarcRecord("warc", rec_type, rec_headers, BytesIO(block), None, content_type, len(block))


def _decode(item: RecordRead | Damage | None) -> Capture | None:
    if not isinstance(item, RecordRead) or item.payload is None:
        return None
    return decode_capture(item.record, item.payload)


def decode_capture(record: ArcWarcRecord, payload: bytes) -> Capture | None:
    """Rebuild the Capture a newsdig record was written from; None for other records.

    `payload` is the record block, or what follows the HTTP headers when warcio parsed them.
    Raises ValueError/KeyError/TypeError when the newsdig headers are damaged.
    """
    meta_text = record.rec_headers.get_header(CAPTURE_HEADER)
    if meta_text is None:
        return None
    meta = json.loads(meta_text)
    body, http_headers = payload, ()
    if record.rec_type == "response":
        parsed = record.http_headers
        if parsed is None:
            stream = BytesIO(payload)
            parsed = StatusAndHeadersParser([], verify=False).parse(stream)
            body = payload[stream.tell():]
        http_headers = _restore_http_headers(parsed.headers)
    hints_text = record.rec_headers.get_header(HINTS_HEADER)
    hints = tuple((str(k), str(v)) for k, v in json.loads(hints_text)) if hints_text else ()
    return Capture(
        url=meta["url"], body=body, kind=meta["kind"],
        origin=_decode_origin(record.rec_headers.get_header(ORIGIN_HEADER) or ""),
        fetched_at=meta.get("fetched_at"), status=meta.get("status"),
        content_type=meta.get("content_type"), http_headers=http_headers, hints=hints,
    )


def _restore_http_headers(headers: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Undo the renaming of encoding headers done when the record was written."""
    prefix = len(ORIG_HEADER_PREFIX)
    return tuple(
        (name[prefix:] if name.lower().startswith(ORIG_HEADER_PREFIX.lower()) else name, value)
        for name, value in headers
    )


def _http_block(status: int, headers: tuple[tuple[str, str], ...], body_length: int) -> bytes:
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    lines = [f"HTTP/1.1 {status} {phrase}".rstrip()]
    for name, value in headers:
        lowered = name.lower()
        if lowered in _ENCODING_HEADERS and not (lowered == "content-length" and value == str(body_length)):
            name = ORIG_HEADER_PREFIX + name
        lines.append(f"{_one_line(name)}: {_one_line(value)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def _one_line(value: str) -> str:
    return value.replace("\r", " ").replace("\n", " ")


def _encode_origin(origin: str) -> str:
    """Origins are paths: keep them readable, but quote the ones a header line would mangle."""
    plain = origin.isprintable() and origin == origin.strip() and not origin.startswith('"')
    return origin if plain else json.dumps(origin)


def _decode_origin(value: str) -> str:
    return json.loads(value) if value.startswith('"') else value


def _warc_date(fetched_at: str | None) -> str:
    if fetched_at and _WARC_DATE.match(fetched_at):
        return fetched_at
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sha1(data: bytes) -> str:
    digester = Digester("sha1")
    digester.update(data)
    return str(digester)


def _want_payload(record: ArcWarcRecord) -> int | None:
    return MAX_RECORD_BYTES if record.rec_type in ("response", "resource") else None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
