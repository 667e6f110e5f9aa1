"""What are these bytes: the one place newsdig tells formats apart by content.

Users hand us files named anything (`dump.txt` that is a gzipped WARC, `page` without an
extension, `-` on a pipe) and servers send wrong Content-Types, so the importers (acquire) and
the extractor both decide from the first bytes, with the same rules, so they cannot disagree about
a body. The name only breaks ties when the content is empty or ambiguous (a few inline tags in
otherwise plain text).

- `is_gzip`, `gunzip`: the gzip magic and a bounded decompressor (gzip bombs stop at a limit).
- `binary_format`: the name of a known format that is never an article (PDF, images, archives).
- `looks_like_html` and `sniff_kind`: markup or plain text.
- `detect_format`: an input file's format, WARC / JSONL / html / text / binary, looking inside gzip.

Neutral on purpose: data flows acquire -> extract, so this lives beside both stages, not in either.
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from itertools import islice
from typing import Literal

Format = Literal["warc", "jsonl", "html", "text", "binary"]

SNIFF_BYTES = 64 * 1024  # how much of an input callers pass to detect_format (and the HTML check reads)
GZIP_MAGIC = b"\x1f\x8b"
# A decompressed capture larger than this is no news article; the cap stops gzip bombs.
MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024
HTML_MARKER_WINDOW = 4096  # <html>/<body>/<p>/doctype past this point do not make a page
HTML_MIN_TAGS = 8  # this many common tags in the head is HTML whatever the name says
CONTROL_RATIO_MAX = 0.01  # legacy text has the odd \x1a; more control bytes than this is binary

# Magic numbers of formats we cannot read and that are never an article (some are ASCII at the
# start: %PDF-, ARC's filedesc://), with the name a rejection reports.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF media (WebP/WAV/AVI)"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"PK\x05\x06", "ZIP archive (empty)"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "Zstandard archive"),
    (b"Rar!", "RAR archive"),
    (b"\x00\x00\x01\x00", "ICO image"),
    (b"\x7fELF", "ELF executable"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"filedesc://", "ARC web archive (unsupported)"),
)
_BZIP2 = re.compile(rb"^BZh[1-9]1AY&SY")
_ISO_MEDIA_BOX = b"ftyp"  # MP4/MOV/HEIF: a box size, then "ftyp" at offset 4

_WARC_LINE = re.compile(rb"^WARC/1\.[01]\r?\n")
_JSON_OBJECT_START = re.compile(rb'^\{\s*"[^"\n]*"\s*:')

# HTML: a page's own prolog, any tag opening the body, a structural tag early on, or tag density.
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_TAG_START = re.compile(rb"^\s*<[!?a-z]", re.I)
_HTML_MARKER = re.compile(
    rb"<!doctype\s+html|<(?:html|head|body)\b[^>]*>|<(?:html|head|body|p|div|article|meta|title|br)[\s/>]",
    re.I,
)
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


def is_gzip(data: bytes) -> bool:
    """True when the bytes start a gzip stream (callers then decompress before reading)."""
    return data.startswith(GZIP_MAGIC)


def gunzip(data: bytes, limit: int = MAX_DECOMPRESSED_BYTES, *, head_only: bool = False) -> bytes | None:
    """Decompress gzip data, or None when it is corrupt or would exceed `limit` bytes.

    With `head_only` the data may be just the start of a stream and only its first `limit`
    decompressed bytes are wanted (sniffing): running past the limit is then no failure.
    """
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, limit)
    except zlib.error:
        return None
    if decompressor.unconsumed_tail and not head_only:
        return None
    return out


def binary_format(head: bytes) -> str | None:
    """Name of a known non-article binary format the bytes start with, else None."""
    for magic, name in _BINARY_MAGIC:
        if head.startswith(magic):
            return name
    if _BZIP2.match(head):
        return "bzip2 archive"
    if head[4:8] == _ISO_MEDIA_BOX:
        return "MP4/ISO media"
    return None


def looks_like_html(head: bytes) -> bool:
    """True if the first bytes (up to SNIFF_BYTES are read) look like markup rather than prose."""
    return _html_in(_as_utf8(head[:SNIFF_BYTES]))


def sniff_kind(head: bytes) -> Literal["html", "text"]:
    """'html' if the first bytes look like markup, else 'text'."""
    return "html" if looks_like_html(head) else "text"


def detect_format(head: bytes, name: str = "") -> Format:
    """Return the input format of a file or stream from its first bytes (about SNIFF_BYTES)."""
    if is_gzip(head):
        inner = gunzip(head, SNIFF_BYTES, head_only=True)
        # A gzip inside a gzip (.tar.gz is caught by the NUL check) is not something we read.
        if inner is None or is_gzip(inner):
            return "binary"
        head = inner
    return _detect_plain(head, _extension_hint(name))


def _detect_plain(head: bytes, hint: Format | None) -> Format:
    if _WARC_LINE.match(head):
        return "warc"
    if binary_format(head) is not None:
        return "binary"
    head = _as_utf8(head)
    if b"\x00" in head or _control_ratio(head) > CONTROL_RATIO_MAX:
        return "binary"
    stripped = head.lstrip()
    if not stripped:
        return hint if hint is not None else "text"
    if stripped.startswith(b"{") and _looks_like_jsonl(stripped, hint):
        return "jsonl"
    if _html_in(head):
        return "html"
    # a few inline tags in prose ("<b>bold</b>") are text, unless the name says HTML
    if hint == "html" and _COMMON_TAG.search(head):
        return "html"
    return "text"


def _html_in(head: bytes) -> bool:
    """The HTML rules, on a head already re-encoded by `_as_utf8`."""
    return bool(
        _TAG_START.match(head)
        or _HTML_START.match(head)
        or _HTML_MARKER.search(head, 0, HTML_MARKER_WINDOW)
        or sum(1 for _ in islice(_COMMON_TAG.finditer(head), HTML_MIN_TAGS)) >= HTML_MIN_TAGS
    )


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


def _as_utf8(head: bytes) -> bytes:
    """UTF-16 pages are full of NULs; re-encode them so the checks above see their text."""
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
