"""newsdig.formats: the one content sniffer shared by the importers and the extractor."""

from __future__ import annotations

import gzip
import json

import pytest

from newsdig.formats import (
    MAX_DECOMPRESSED_BYTES,
    SNIFF_BYTES,
    binary_format,
    detect_format,
    gunzip,
    is_gzip,
    looks_like_html,
    sniff_kind,
)

WARC_HEAD = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n"
JSONL_HEAD = json.dumps({"url": "https://example.org/a", "text": "Words."}).encode() + b"\n{}\n"
PAGE = b"<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>x</p></body></html>"


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (WARC_HEAD, "", "warc"),
        (b"WARC/1.1\nWARC-Type: response\n", "notes.txt", "warc"),
        (JSONL_HEAD, "", "jsonl"),
        (b"\n\n  " + JSONL_HEAD, "page.html", "jsonl"),  # content beats the name
        (b'{"html": "' + b"x" * SNIFF_BYTES, "", "jsonl"),  # first line longer than the head
        (b"{not json}\nA brace, then prose.\n", "", "text"),
        (PAGE, "article.txt", "html"),
        (b"\xef\xbb\xbf  <!-- saved --> <html lang=en>", "", "html"),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "", "html"),
        (b"<div>" + b"<p>para</p>" * 10 + b"</div>", "", "html"),  # a fragment: tag density
        (b"Compare <b>bold</b> with plain.", "", "text"),
        (b"Compare <b>bold</b> with plain.", "frag.html", "html"),  # a few tags: the name decides
        ("<html><body>Grüße</body></html>".encode("utf-16"), "", "html"),
        (b"A plain article.\n\nSecond paragraph.\n", "x.warc", "text"),
        (b"%PDF-1.7\n%binary", "paper.txt", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "", "binary"),
        (b"PK\x03\x04zipzip", "", "binary"),
        (b"text\x00with\x00nuls", "", "binary"),
        (b"", "", "text"),
        (b"   \n", "feed.jsonl", "jsonl"),  # nothing to go on: the extension breaks the tie
        (b"", "dump.warc.gz", "warc"),
    ],
)
def test_detect_format(head: bytes, name: str, expected: str) -> None:
    assert detect_format(head, name) == expected


@pytest.mark.parametrize("inner", [WARC_HEAD, JSONL_HEAD, PAGE, b"Just prose.\n"])
def test_gzip_is_looked_inside_whatever_the_name(inner: bytes) -> None:
    plain = detect_format(inner)
    assert detect_format(gzip.compress(inner), "misleading.png") == plain
    # only the head of a big gzip is passed: a partial stream must still sniff
    big = gzip.compress(inner + b"\n" * 200_000 + bytes(range(256)) * 4000)
    assert detect_format(big[:SNIFF_BYTES]) == plain


def test_gzip_oddities_are_binary() -> None:
    assert detect_format(gzip.compress(gzip.compress(PAGE))) == "binary"  # nested gzip
    assert detect_format(b"\x1f\x8b\x08\x00garbage-not-deflate") == "binary"


def test_sniff_kind() -> None:
    assert sniff_kind(b"<!DOCTYPE html><html>") == "html"
    assert sniff_kind(b"\xef\xbb\xbf  <html lang=en>") == "html"
    assert sniff_kind(b"Some title\n\nA story that mentions <p> tags later<p>") == "html"
    assert sniff_kind("<html><body>".encode("utf-16")) == "html"
    assert sniff_kind(b"x\n\nGoogle search engine\n\nNorth Korea has confirmed") == "text"
    assert sniff_kind(b"Prices rose 3% (< 5% forecast)") == "text"


@pytest.mark.parametrize(
    "head",
    [
        PAGE,
        b"\xef\xbb\xbf  <!-- saved --> <html lang=en>",
        b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">',
        b"<div>" + b"<p>para</p>" * 10 + b"</div>",
        b"Some title\n\nA story that mentions <p> tags later<p>",
        b"<span>a</span>" * 8,  # tag density alone
        "<html><body>Grüße</body></html>".encode("utf-16"),
        b"Compare <b>bold</b> with plain.",
        b"Prices rose 3% (< 5% forecast)",
        b"A plain article.\n\nSecond paragraph.\n",
        b"{not json}\nA brace, then prose.\n",
    ],
)
def test_importer_and_extractor_agree_on_html(head: bytes) -> None:
    """One rule set: a body the importer calls html the extractor calls html, and the other way."""
    assert (detect_format(head) == "html") == looks_like_html(head) == (sniff_kind(head) == "html")


def test_looks_like_html_window() -> None:
    prose = b"Plain prose line.\n" * 300  # past HTML_MARKER_WINDOW
    assert not looks_like_html(prose + b"<p>late</p>")
    assert looks_like_html(prose + b"<span>x</span>" * 8)  # density counts the whole head
    assert not looks_like_html(b"x" * SNIFF_BYTES + b"<span>x</span>" * 8)  # but no further


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", "PDF document"),
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"GIF89a", "GIF image"),
        (b"PK\x03\x04", "ZIP archive (or Office document)"),
        (b"BZh91AY&SY", "bzip2 archive"),
        (b"\x00\x00\x00\x18ftypmp42", "MP4/ISO media"),
        (b"filedesc://x.arc", "ARC web archive (unsupported)"),
        (PAGE, None),
        (b"", None),
    ],
)
def test_binary_format(head: bytes, expected: str | None) -> None:
    assert binary_format(head) == expected
    assert (detect_format(head) == "binary") == (expected is not None)


def test_gunzip_is_bounded() -> None:
    data = b"x" * 10_000
    packed = gzip.compress(data)
    assert is_gzip(packed) and not is_gzip(data)
    assert gunzip(packed) == data
    assert gunzip(packed, limit=100) is None  # a bomb stops at the limit
    assert gunzip(packed, limit=100, head_only=True) == data[:100]  # sniffing wants only the head
    assert gunzip(packed[:40], head_only=True) is not None  # a stream cut short still sniffs
    assert gunzip(b"\x1f\x8b\x08\x00garbage-not-deflate") is None
    assert MAX_DECOMPRESSED_BYTES >= SNIFF_BYTES
