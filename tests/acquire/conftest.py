"""WARC files built in code, record by record, with the offsets each record landed at."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HTML = b"<!doctype html><html><head><title>Quiet harbour</title></head><body><p>Boats.</p></body></html>"


class WarcBuilder:
    """Appends records to an in-memory WARC; every method returns the record's offset."""

    HTML = HTML

    def __init__(self, gz: bool = True) -> None:
        self.buf = io.BytesIO()
        self.writer = WARCWriter(self.buf, gzip=gz)

    def _put(self, record) -> int:
        offset = self.buf.tell()
        self.writer.write_record(record)
        return offset

    def warcinfo(self) -> int:
        return self._put(self.writer.create_warcinfo_record("test.warc", {"software": "tests"}))

    def response(self, url: str, body: bytes = HTML, *, status: int = 200,
                 content_type: str | None = "text/html; charset=utf-8",
                 headers: list[tuple[str, str]] | None = None,
                 warc_headers: dict[str, str] | None = None) -> int:
        http_headers = [("Content-Type", content_type)] if content_type else []
        http_headers += headers if headers is not None else [("Content-Length", str(len(body)))]
        status_line = f"{status} {'OK' if status == 200 else 'Other'}"
        http = StatusAndHeaders(status_line, http_headers, protocol="HTTP/1.1")
        record = self.writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                http_headers=http, warc_headers_dict=warc_headers or {})
        return self._put(record)

    def request(self, url: str) -> int:
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        return self._put(self.writer.create_warc_record(url, "request", http_headers=http))

    def resource(self, url: str, body: bytes, content_type: str) -> int:
        record = self.writer.create_warc_record(url, "resource", payload=io.BytesIO(body), length=len(body),
                                                warc_content_type=content_type)
        return self._put(record)

    def metadata(self, url: str) -> int:
        body = b"via: tests\r\n"
        record = self.writer.create_warc_record(url, "metadata", payload=io.BytesIO(body), length=len(body),
                                                warc_content_type="application/warc-fields")
        return self._put(record)

    def raw(self, data: bytes) -> int:
        """Bytes that are no record at all (garbage between records)."""
        offset = self.buf.tell()
        self.buf.write(data)
        return offset

    def getvalue(self) -> bytes:
        return self.buf.getvalue()

    def write(self, path: Path) -> Path:
        path.write_bytes(self.getvalue())
        return path


@pytest.fixture
def warc_builder() -> type[WarcBuilder]:
    return WarcBuilder


class Unseekable(io.RawIOBase):
    """A pipe-like stream: reads, cannot seek (what stdin usually is)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


@pytest.fixture
def pipe() -> type[Unseekable]:
    return Unseekable
