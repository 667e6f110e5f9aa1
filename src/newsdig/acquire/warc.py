"""WARC records -> Capture | Rejection.

A crawl WARC is mostly things that are not articles: request records, metadata, redirects,
images, scripts. Bookkeeping records (warcinfo, request, metadata, revisit, ...) are passed over
silently but counted, so the summary stays readable; a response that is not a 200 HTML page,
or a record that cannot be read, becomes a Rejection naming the record by ``path@offset``.

Accepted: ``response`` records with HTTP 200 and an HTML content type (or none, when the body
sniffs as HTML), and ``resource`` records of text/html or text/plain, which is what newsdig's
own raw store writes (records from a raw store keep their hints and exact fields).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from io import BytesIO
from typing import BinaryIO

from warcio.bufferedreaders import BufferedReader
from warcio.recordloader import ArcWarcRecord

from newsdig.formats import SNIFF_BYTES, detect_format, is_gzip
from newsdig.models import Capture, CaptureKind, Rejection

from .rawstore import CAPTURE_HEADER, decode_capture
from .warcstream import (
    CorruptStream,
    Damage,
    RecordRead,
    StrictBufferedReader,
    StrictChunkedReader,
    iter_records,
)

STAGE = "import"
ACCEPTED_STATUS = 200
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
_ENCODING_ALIASES = {"x-gzip": "gzip", "x-deflate": "deflate"}


# A verdict against a record: (rejection reason, detail). Returned, not raised.
Verdict = tuple[str, str]


def iter_warc(
    fh: BinaryIO, name: str, *, max_bytes: int, seekable: bool, skipped: Counter[str] | None = None
) -> Iterator[Capture | Rejection]:
    """Yield a Capture per article-like record of a WARC stream (plain or gzip), else a Rejection.

    `name` prefixes origins (``name@offset``). Passed-over bookkeeping records are counted in
    `skipped` under ``warc-<type>`` (``warc-response-non-http`` for dns: and the like).
    Never raises for bad input.
    """

    def cap(record: ArcWarcRecord) -> int | None:
        return max_bytes if _wanted(record) and _verdict(record) is None else None

    for item in iter_records(fh, cap, seekable=seekable):
        if isinstance(item, Damage):
            yield Rejection(STAGE, "malformed-warc", name + item.locator, detail=item.detail)
            continue
        origin = name + item.locator
        if not _wanted(item.record):
            if skipped is not None:
                kind = item.record.rec_type or "unknown"
                skipped[f"warc-{kind}-non-http" if kind == "response" else f"warc-{kind}"] += 1
            continue
        result = _capture(item, origin, max_bytes)
        if isinstance(result, Capture):
            yield result
        else:
            url = item.record.rec_headers.get_header("WARC-Target-URI")
            yield Rejection(STAGE, result[0], origin, url=url, detail=result[1])


def _wanted(record: ArcWarcRecord) -> bool:
    """Content records we judge; response records without HTTP (dns:, whois:) are bookkeeping."""
    if record.rec_type == "response":
        return record.http_headers is not None
    return record.rec_type == "resource"


def _verdict(record: ArcWarcRecord) -> Verdict | None:
    """Judge a content record from its headers alone, before any payload is read."""
    if record.rec_type == "response":
        status = record.http_headers.get_statuscode()
        if status != str(ACCEPTED_STATUS):
            return (f"http-{status}" if status.isdigit() else "http-invalid", status)
    media = _media_type(_content_type(record))
    if media is None or media in HTML_TYPES:
        return None
    if record.rec_type == "resource" and media in TEXT_TYPES:
        return None
    return ("not-html", _content_type(record) or "")


def _capture(item: RecordRead, origin: str, max_bytes: int) -> Capture | Verdict:
    record = item.record
    verdict = _verdict(record)
    if verdict is not None:
        return verdict
    if item.too_large or item.payload is None:
        return ("too-large", f"payload over {max_bytes} bytes")
    if CAPTURE_HEADER in record.rec_headers:
        own = _from_raw_store(record, item.payload, origin)
        if own is not None:
            return own
    body = _decode_body(record, item.payload, max_bytes)
    if not isinstance(body, bytes):
        return body
    content_type = _content_type(record)
    kind: CaptureKind = "text" if _media_type(content_type) in TEXT_TYPES else "html"
    if is_gzip(body):
        # Undecodable compression: warcio takes a first-block failure for "not compressed".
        return ("bad-encoding", "body is still gzip-compressed after decoding")
    sniffed = detect_format(body[:SNIFF_BYTES])
    if sniffed == "binary":
        return ("not-html", f"binary body labelled {content_type}")
    if content_type is None and sniffed != "html":
        return ("not-html", "no content type and the body does not look like HTML")
    http = record.http_headers
    return Capture(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        body=body,
        kind=kind,
        origin=origin,
        fetched_at=record.rec_headers.get_header("WARC-Date"),
        status=ACCEPTED_STATUS if http is not None else None,
        content_type=content_type,
        http_headers=tuple(http.headers) if http is not None else (),
    )


def _from_raw_store(record: ArcWarcRecord, payload: bytes, origin: str) -> Capture | None:
    """A record written by RawStore: keep its exact fields and hints, but say where it is now."""
    try:
        own = decode_capture(record, payload)
    except (ValueError, KeyError, TypeError):
        return None  # damaged newsdig headers: judge it like any other record
    if own is None:
        return None
    url = own.url or record.rec_headers.get_header("WARC-Target-URI")
    return dataclasses.replace(own, origin=origin, url=url)


def _decode_body(record: ArcWarcRecord, payload: bytes, max_bytes: int) -> bytes | Verdict:
    """Undo HTTP transfer and content encodings, capped at max_bytes (compression bombs)."""
    http = record.http_headers
    if http is None:
        return payload
    encoding = (http.get_header("Content-Encoding") or "").strip().lower()
    encoding = _ENCODING_ALIASES.get(encoding, encoding)
    if encoding in ("", "identity"):
        encoding = ""
    elif encoding not in BufferedReader.get_supported_decompressors():
        return ("bad-encoding", f"unsupported Content-Encoding: {encoding}")
    chunked = "chunked" in (http.get_header("Transfer-Encoding") or "").lower()
    if not chunked and not encoding:
        return payload
    reader_type = StrictChunkedReader if chunked else StrictBufferedReader
    reader = reader_type(BytesIO(payload), decomp_type=encoding or None)
    try:
        body = reader.read(max_bytes + 1)
    except CorruptStream as err:
        return ("bad-encoding", str(err))
    if len(body) > max_bytes:
        return ("too-large", f"decoded body over {max_bytes} bytes")
    return body


def _content_type(record: ArcWarcRecord) -> str | None:
    """The payload's type: HTTP Content-Type, else what the crawler identified (CC-NEWS does)."""
    if record.rec_type == "response":
        return record.http_headers.get_header("Content-Type") or record.rec_headers.get_header(
            "WARC-Identified-Payload-Type"
        )
    return record.content_type


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None
