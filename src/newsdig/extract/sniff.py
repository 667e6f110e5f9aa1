"""Tell what a body is by its bytes: HTML or text, gzip, or a binary format that is no article.

File names and Content-Type headers lie often enough that the importers and `extract_file`
look at the first bytes instead.
"""

from __future__ import annotations

import gzip
import re
import zlib
from typing import Literal

SNIFF_BYTES = 4096  # how much of the head `sniff_kind` needs
GZIP_MAGIC = b"\x1f\x8b"
# A decompressed capture larger than this is no news article; the cap stops gzip bombs.
MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(rb"^\s*<[!?a-z]", re.IGNORECASE)
_HTML_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|p|div|article|meta|title|br)[\s/>]", re.IGNORECASE
)

# Magic numbers of formats that are never an article, with the name a rejection reports.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF media (WebP/WAV/AVI)"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x7fELF", "ELF executable"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)


def _text_head(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes, so UTF-16 pages sniff like any other."""
    if head.startswith(_UTF16_BOMS):
        return head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf")


def sniff_kind(head: bytes) -> Literal["html", "text"]:
    """'html' if the first bytes look like markup, else 'text'."""
    head = _text_head(head[:SNIFF_BYTES])
    if _HTML_START.match(head) or _HTML_TAG.search(head):
        return "html"
    return "text"


def binary_format(head: bytes) -> str | None:
    """Name of a known non-article binary format the body starts with, else None."""
    for magic, name in _BINARY_MAGIC:
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp":
        return "MP4/ISO media"
    return None


def is_gzip(data: bytes) -> bool:
    """True if the bytes start with the gzip magic number."""
    return data.startswith(GZIP_MAGIC)


def gunzip(data: bytes, limit: int = MAX_DECOMPRESSED_BYTES) -> bytes | None:
    """Decompress gzip data, or None when it is corrupt or would exceed `limit` bytes."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, limit)
        if decompressor.unconsumed_tail:
            return None
    except (zlib.error, gzip.BadGzipFile, EOFError):
        return None
    return out
