"""Tell an input's format from its first bytes.

Users hand us files named anything (`dump.txt` that is a gzipped WARC, `page` without an
extension, `-` on a pipe), so the decision is made from content; the name only breaks ties
when the content is empty or ambiguous (a few tags in otherwise plain text).
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from typing import Literal

Format = Literal["warc", "jsonl", "html", "text", "binary"]

SNIFF_BYTES = 64 * 1024  # how much of an input callers pass to detect_format
GZIP_MAGIC = b"\x1f\x8b"
HTML_MARKER_WINDOW = 4096  # <html>/<body>/doctype past this point do not make a page
HTML_MIN_TAGS = 8  # this many common tags in the head is HTML whatever the name says
CONTROL_RATIO_MAX = 0.01  # legacy text has the odd \x1a; more control bytes than this is binary

# Formats we cannot read even though some of them are ASCII at the start (%PDF-, ARC's filedesc://).
_BINARY_MAGICS = (
    b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"PK\x03\x04", b"PK\x05\x06",
    b"7z\xbc\xaf\x27\x1c", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd", b"Rar!", b"RIFF", b"\x00\x00\x01\x00",
    b"OggS", b"ID3", b"fLaC", b"wOFF", b"wOF2", b"\x7fELF", b"filedesc://",
)
_BZIP2 = re.compile(rb"^BZh[1-9]1AY&SY")
_WARC_LINE = re.compile(rb"^WARC/1\.[01]\r?\n")
_JSON_OBJECT_START = re.compile(rb'^\{\s*"[^"\n]*"\s*:')
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_MARKER = re.compile(rb"<!doctype\s+html|<(?:html|head|body)\b[^>]*>", re.I)
_COMMON_TAG = re.compile(
    rb"</?(?:p|div|span|a|br|hr|h[1-6]|article|section|header|footer|nav|main|ul|ol|li|table|tr|td"
    rb"|img|meta|link|script|style|title|em|strong|b|i|blockquote|figure)\b[^<>]{0,500}>",
    re.I,
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1b") + b"\x7f"

_EXTENSIONS: dict[str, Format] = {
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
}


def is_gzip(head: bytes) -> bool:
    """True when the bytes start a gzip stream (callers then decompress before reading)."""
    return head.startswith(GZIP_MAGIC)


def detect_format(head: bytes, name: str = "") -> Format:
    """Return the input format of a file or stream from its first bytes (about SNIFF_BYTES)."""
    if is_gzip(head):
        inner = _gunzip_head(head)
        # A gzip inside a gzip (.tar.gz is caught by the NUL check) is not something we read.
        if inner is None or is_gzip(inner):
            return "binary"
        head = inner
    return _detect_plain(head, _extension_hint(name))


def _detect_plain(head: bytes, hint: Format | None) -> Format:
    if _WARC_LINE.match(head):
        return "warc"
    if head.startswith(_BINARY_MAGICS) or _BZIP2.match(head):
        return "binary"
    head = _as_utf8(head)
    if b"\x00" in head or _control_ratio(head) > CONTROL_RATIO_MAX:
        return "binary"
    stripped = head.lstrip()
    if not stripped:
        return hint if hint is not None else "text"
    if stripped.startswith(b"{") and _looks_like_jsonl(stripped, hint):
        return "jsonl"
    if _HTML_START.match(head) or _HTML_MARKER.search(head, 0, HTML_MARKER_WINDOW):
        return "html"
    tags = len(_COMMON_TAG.findall(head))
    if tags >= HTML_MIN_TAGS or (tags and hint == "html"):
        return "html"
    return "text"


def _looks_like_jsonl(stripped: bytes, hint: Format | None) -> bool:
    line, newline, _ = stripped.partition(b"\n")
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        if newline:
            return False
    # The first record runs past the head we were given (whole pages inlined as "html"), so it
    # cannot be parsed here: a `{"key":` start decides, or the name when even that is cut off.
    return bool(_JSON_OBJECT_START.match(line)) or hint == "jsonl"


def _gunzip_head(head: bytes) -> bytes | None:
    """Decompress what the head holds of a gzip stream; the stream usually goes on past it."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return None


def _as_utf8(head: bytes) -> bytes:
    """UTF-16 pages are full of NULs; re-encode them so the checks below see their text."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            usable = head[len(bom):]
            usable = usable[: len(usable) - len(usable) % 2]
            return usable.decode(codec, "replace").encode("utf-8")
    return head.removeprefix(codecs.BOM_UTF8)


def _control_ratio(head: bytes) -> float:
    if not head:
        return 0.0
    return (len(head) - len(head.translate(None, _CONTROL_BYTES))) / len(head)


def _extension_hint(name: str) -> Format | None:
    lowered = name.lower().removesuffix(".gz")
    dot = lowered.rfind(".")
    if dot < 0 or "/" in lowered[dot:]:
        return None
    return _EXTENSIONS.get(lowered[dot:])
