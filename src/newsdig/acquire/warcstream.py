"""Record-level WARC reading that survives damaged files.

warcio's ArchiveIterator is a generator: the first corrupt record kills it, and gzip errors are
printed to stderr rather than raised. Imports of multi-gigabyte crawls must not lose a file's
remaining records to one bad byte, so this module
- makes decompression failures raise (`CorruptStream`) instead of printing,
- reads each wanted record's payload up to a cap, drains the rest, and reports a record whose
  block is shorter than its Content-Length as damage (a torn write, a cut download),
- after damage, scans forward for the next record start (a gzip member holding ``WARC/``, or a
  ``WARC/1.x`` line) and starts a fresh iterator there, when the file is seekable.

Used by the WARC importer and by the raw store, which reads its own files the same way.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader, DecompressingBufferedReader
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord

READ_BLOCK = 64 * 1024  # draining a skipped payload
# Compressed bytes read per step. Each step is inflated whole, and deflate reaches ~1000:1, so
# this bounds the worst transient (a record of one repeated byte) at ~4 MB; real pages are ~10:1.
# Measured on a 200 MB WARC: 16 KB steps (warcio's default) peaked 31 MB higher, 4 KB 15 MB.
FILE_BLOCK = 4 * 1024
SCAN_BLOCK = 1024 * 1024  # resync scans the file in blocks this big: memory stays flat
RESYNC_PROBE = 4096  # compressed bytes decompressed to check that a gzip member holds a record
# A record this big that will not be read is skipped to the next gzip member, not inflated.
SKIP_BYTES = 4 * 1024 * 1024
END = -1  # _skip_to: nothing follows the skipped record
# Real WARC and HTTP header lines (a long URL, a Content-Security-Policy) stay far below these.
MAX_LINE_BYTES = 1024 * 1024
MAX_HEADER_LINES = 10_000
GZIP_MEMBER_START = b"\x1f\x8b\x08"
WARC_LINE_START = b"WARC/1."
_WARC_VERSION_LINE = re.compile(rb"WARC/1\.[01]\r?\n")


class CorruptStream(Exception):
    """Compressed data stopped decoding part-way: the record (or the file from here) is damaged."""


class _StrictDecompress:
    """Mixin for warcio readers: raise on a mid-stream decompression error instead of printing.

    A failure on a stream's first block is left to warcio, which takes it to mean "not
    compressed after all" (servers that say gzip and send plain bytes).
    """

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor and data and self.num_block_read:  # type: ignore[attr-defined]
            try:
                return self.decompressor.decompress(data)  # type: ignore[attr-defined]
            except Exception as err:  # zlib.error, or brotli's own error type
                raise CorruptStream(f"decompression failed: {err}") from err
        return super()._decompress(data)  # type: ignore[misc]


class StrictBufferedReader(_StrictDecompress, BufferedReader):
    """BufferedReader that raises CorruptStream (HTTP Content-Encoding bodies)."""


class StrictChunkedReader(_StrictDecompress, ChunkedDataReader):
    """ChunkedDataReader that raises CorruptStream (chunked, possibly compressed, bodies)."""


class _StrictFileReader(_StrictDecompress, DecompressingBufferedReader):
    """The file reader: strict about gzip, and about header lines (`readline`)."""

    _header_lines = 0  # lines read since the last read(): one record's WARC and HTTP headers

    def read(self, length: int | None = None) -> bytes:
        self._header_lines = 0
        return super().read(length)

    def readline(self, length: int | None = None) -> bytes:
        """warcio's readline, made linear and bounded. warcio concatenated the line block by
        block, so a 200 MB header line took minutes and all of it in memory; and 5 million short
        header lines made 5 million tuples. A line over MAX_LINE_BYTES, or more than
        MAX_HEADER_LINES in one header block, is damage (CorruptStream), not a header."""
        if length == 0:
            return b""
        self._header_lines += 1
        if self._header_lines > MAX_HEADER_LINES:
            raise CorruptStream(f"over {MAX_HEADER_LINES} header lines in one record")
        parts: list[bytes] = []
        size = 0
        while length is None or size < length:
            self._fillbuff()
            if self.empty():
                break
            part = self.buff.readline(-1 if length is None else length - size)
            parts.append(part)
            size += len(part)
            if part.endswith(b"\n"):
                break
            if size > MAX_LINE_BYTES:
                raise CorruptStream(f"a header line runs past {MAX_LINE_BYTES} bytes")
        return b"".join(parts)


class _RecordIterator(ArchiveIterator):
    """ArchiveIterator that is quiet, strict about gzip, and tolerant of whole-file gzip.

    `gzip file.warc` makes one gzip member of many records; warcio refuses such files after the
    first record. They read fine front to back, only their offsets mean nothing, so we note it
    (`single_member`) and number the records instead.
    """

    INC_RECORD = ""  # warcio prints this warning to stderr on a bad Content-Length; stay silent

    def __init__(self, fileobj: BinaryIO, *, parse_http: bool) -> None:
        super().__init__(fileobj, no_record_parse=not parse_http, arc2warc=False)
        self.reader = _StrictFileReader(self.fh, block_size=FILE_BLOCK)
        self.single_member = False

    def _raise_invalid_gzip_err(self) -> None:
        self.single_member = True


@dataclass(frozen=True, slots=True)
class RecordRead:
    """One intact record. `payload` is what follows the HTTP headers (or the whole block)."""

    locator: str  # "@<offset>" or, in a whole-file gzip, "#<record number>"
    offset: int
    record: ArcWarcRecord
    payload: bytes | None  # None when not wanted or too large
    too_large: bool = False


@dataclass(frozen=True, slots=True)
class Damage:
    """A record or stretch of file that could not be read."""

    locator: str
    detail: str


PayloadCap = Callable[[ArcWarcRecord], int | None]  # how many payload bytes to keep; None: skip


def iter_records(
    fh: BinaryIO, payload_cap: PayloadCap, *, seekable: bool, parse_http: bool = True
) -> Iterator[RecordRead | Damage]:
    """Yield each record of a WARC stream, or Damage where one cannot be read; never raises.

    With `seekable`, damage is followed by a scan for the next record start; otherwise the
    stream ends at the first damage (what came before it has been yielded already). In a
    seekable .warc.gz, a record over SKIP_BYTES that will not be read is jumped over to the next
    gzip member rather than inflated to its end (see `_skip_to`).
    """
    start = fh.tell() if seekable else 0
    compressed = seekable and _starts_gzip(fh, start)
    aligned = False  # record boundaries seen to fall on gzip member boundaries
    while True:
        it = _RecordIterator(fh, parse_http=parse_http)
        number, reading = 0, False  # records seen; whether the failure hit one being read
        skip: int | None = None
        try:
            for record in it:
                number, reading = number + 1, True
                aligned = aligned or (number > 1 and not it.single_member)
                locator = f"#{number}" if it.single_member else f"@{it.offset}"
                cap = payload_cap(record)
                if compressed and not it.single_member and _unwanted_bulk(record, cap):
                    skip = _skip_to(fh, it.offset, aligned=aligned)
                    if skip is not None:
                        reading = False
                        yield RecordRead(locator, it.offset, record, None, too_large=cap is not None)
                        break
                item = _read_record(record, cap, locator, it.offset)
                reading = False
                yield item
            else:
                if not it.single_member:
                    tail = _unread_tail(fh, it.offset) if seekable else _unread_pipe_tail(it)
                    if tail:
                        # A gzip member cut off before it decodes to anything ends warcio's loop quietly.
                        detail = f"truncated: {tail} bytes at the end hold no complete record"
                        yield Damage(f"@{it.offset}", detail)
                return
        except Exception as err:  # the iterator is dead whatever warcio raised
            # it.offset is the start of the record being read, or of the bytes that would not parse.
            failed_at = it.offset
            which = number if reading else number + 1
            yield Damage(f"#{which}" if it.single_member else f"@{failed_at}", _describe(err))
        else:  # a record skipped: go on at the next gzip member, or stop at the end of the file
            if skip == END:
                return
            fh.seek(skip)
            start, aligned = skip, True
            continue
        if not seekable or it.single_member:
            return
        resume = find_record_start(fh, max(failed_at, start) + 1, compressed=compressed)
        if resume is None:
            return
        fh.seek(resume)
        start = resume


def _unwanted_bulk(record: ArcWarcRecord, cap: int | None) -> bool:
    """A record over SKIP_BYTES whose payload will not be read (too large, or not wanted)."""
    stream = record.raw_stream
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not isinstance(stream, LimitReader) or not declared.isdigit():
        return False  # _read_record reports it
    return stream.limit > SKIP_BYTES and (cap is None or stream.limit > cap)


def _skip_to(fh: BinaryIO, offset: int, *, aligned: bool) -> int | None:
    """Where to go on after the record whose gzip member starts at `offset`: the next member that
    holds a record, END when there is none and records are known to sit one per member, or None
    (inflate the record to its end after all: it may be the first of a file gzipped whole).

    Inflating a 1000:1 gzip bomb to find its end cost ~4 s per GiB; the scan reads its few
    compressed MB. The position warcio's reader expects is restored when the record is read on.
    """
    position = fh.tell()
    resume = find_record_start(fh, offset + 1, compressed=True)
    if resume is None and aligned:
        return END
    if resume is None:
        fh.seek(position)
    return resume


def _read_record(record: ArcWarcRecord, cap: int | None, locator: str, offset: int) -> RecordRead | Damage:
    """Read the payload (if wanted and small enough), drain the rest, and check for a torn end."""
    stream = record.raw_stream
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not isinstance(stream, LimitReader) or not declared.isdigit():
        # Without Content-Length the record's end is unknown; stop and resync. warcio reads an
        # empty, negative or non-numeric one as 0, which passed a cut record off as empty.
        raise CorruptStream(f"record has no valid Content-Length ({declared[:40]!r})")
    payload: bytes | None = None
    too_large = False
    if cap is not None:
        if stream.limit > cap:
            too_large = True
        else:
            payload = stream.read(stream.limit)
    while stream.read(READ_BLOCK):
        pass
    if stream.limit > 0:
        return Damage(locator, f"truncated record: {stream.limit} bytes missing")
    return RecordRead(locator, offset, record, payload, too_large)


def find_record_start(fh: BinaryIO, pos: int, *, compressed: bool) -> int | None:
    """Offset of the next plausible record start at or after `pos`, or None at end of file."""
    needle = GZIP_MEMBER_START if compressed else WARC_LINE_START
    keep = len(needle) + 1  # a hit at the carry's start was whole in the last block: checked
    try:
        block_start = max(pos - 1, 0)  # one byte early: whether a hit starts a line is then known
        fh.seek(block_start)
        carry = b""
        while True:
            block = fh.read(SCAN_BLOCK)
            if not block:
                return None
            data = carry + block
            base = block_start - len(carry)
            hit = data.find(needle)
            while hit >= 0:
                candidate = base + hit
                if candidate >= pos and _is_record_start(fh, candidate, data, hit, compressed):
                    return candidate
                hit = data.find(needle, hit + 1)
            carry = data[-keep:]
            block_start += len(block)
            fh.seek(block_start)
    except OSError:
        return None


def _is_record_start(fh: BinaryIO, candidate: int, data: bytes, hit: int, compressed: bool) -> bool:
    fh.seek(candidate)
    if not compressed:
        # Only a whole "WARC/1.x" line starting a line counts (bodies may quote "WARC/1.0").
        at_line_start = candidate == 0 or (hit > 0 and data[hit - 1 : hit] == b"\n")
        return at_line_start and bool(_WARC_VERSION_LINE.match(fh.read(len(WARC_LINE_START) + 3)))
    try:
        inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(fh.read(RESYNC_PROBE), 16)
    except zlib.error:
        return False
    return inner.startswith(b"WARC/")


def _unread_tail(fh: BinaryIO, consumed: int) -> int:
    try:
        return max(fh.seek(0, io.SEEK_END) - consumed, 0)
    except OSError:
        return 0


def _unread_pipe_tail(it: _RecordIterator) -> int:
    """Bytes of a stream that cannot seek taken past the last whole record (a cut record: warcio
    ends quietly on one). Reads the stream to its end, counting."""
    taken = it.fh.tell()  # warcio wraps such a stream in a reader that counts what it takes
    try:
        while chunk := it.fh.read(READ_BLOCK):
            taken += len(chunk)
    except OSError:
        pass
    return max(taken - it.offset, 0)


def _starts_gzip(fh: BinaryIO, start: int) -> bool:
    magic = fh.read(2)
    fh.seek(start)
    return magic == GZIP_MEMBER_START[:2]


def _describe(err: Exception) -> str:
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text}"[:300]
