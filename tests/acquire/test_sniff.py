from __future__ import annotations

import gzip
import json

import pytest

from newsdig.acquire.sniff import SNIFF_BYTES, detect_format

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
