"""Hostile seed inputs, built in code: real pages, broken encodings, bombs, deep and giant markup,
truncated WARC records, 100 MB lines.

Small seeds are returned as bytes (tests/hostile and the atheris runner, fuzz/run.py, both use
them); big ones are streamed into a file, so building a 1 GB gzip bomb or a 100 MB line never
holds it in memory.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src" / "newsdig" / "sample"
SAMPLE_FEEDS = sorted((SAMPLE / "generated" / "feeds").glob("*.jsonl"))
MiB = 1024 * 1024
GiB = 1024 * MiB

# Body paragraphs long enough to pass the word floor on their own (MIN_WORDS is 20).
PARAGRAPH = ("The harbour board met on Tuesday evening to discuss the new quay, its cost to the city and the "
             "two years of building work that residents along the waterfront fear will disturb them.")
PARAGRAPHS = (
    PARAGRAPH,
    "Engineers told the meeting that the old quay wall had been patched eleven times since 1998 and "
    "would not survive another winter of storms without a full rebuild.",
    "The council will vote on the plan next month, after a public consultation that opens on Friday "
    "and runs for six weeks in the library and online.",
    "Shopkeepers on Wharf Street said they supported the work but asked for the noisiest building to "
    "be kept out of the summer months, when most of their trade is done.",
)
ARTICLE_HTML = "".join(f"<p>{p}</p>" for p in PARAGRAPHS).encode()


def sample_pages() -> list[Path]:
    """Every bundled HTML page (hand-written and generated outlets), in name order."""
    return sorted(SAMPLE.glob("sites/*/*.html")) + sorted(SAMPLE.glob("generated/sites/*/*.html"))


def one_page_per_site() -> list[Path]:
    """The first page of each bundled outlet: every template, few pages."""
    first: dict[str, Path] = {}
    for path in sample_pages():
        first.setdefault(f"{path.parent.parent.name}/{path.parent.name}", path)
    return list(first.values())


def sample_text() -> bytes:
    """The bundled plain-text capture (a scraper's dump, chrome included)."""
    return next(iter(sorted((SAMPLE / "seed").glob("*.txt")))).read_bytes()


# --- broken encodings ------------------------------------------------------------------------

def encoding_variants(page: bytes) -> dict[str, bytes]:
    """A UTF-8 page re-encoded or damaged the ways real servers damage pages."""
    text = page.decode("utf-8")
    relabelled = page.replace(b'charset="utf-8"', b'charset="iso-8859-1"').replace(
        b"charset=utf-8", b"charset=iso-8859-1")
    return {
        "invalid-utf8": page.replace(b"</p>", b"\xff\xfe\xc3</p>", 3),
        "utf8-labelled-latin1": relabelled,
        "cp1252-labelled-utf8": text.encode("cp1252", "replace"),
        "utf16le-bom": b"\xff\xfe" + text.encode("utf-16-le"),
        "utf16le-no-bom": text.encode("utf-16-le"),
        "utf16be-no-bom": text.encode("utf-16-be"),
        "nul-bytes": page.replace(b"<p>", b"<p>\x00", 5),
        "truncated-mid-char": page[: page.rfind("’".encode()) + 1] if "’" in text else page[:-7],
        "unknown-charset-label": page.replace(b"utf-8", b"x-no-such-charset-\xff", 1),
    }


# --- markup ----------------------------------------------------------------------------------

def gigantic_attribute_page(size: int = 10 * MiB) -> bytes:
    """An article whose first element carries a `size`-byte attribute (an inlined base64 image)."""
    value = (b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0" * (size // 36 + 1))[:size]
    return (b'<!doctype html><html><head><title>Quay approved</title></head><body><article>'
            b'<img alt="quay" src="data:image/png;base64,' + value + b'">' + ARTICLE_HTML
            + b"</article></body></html>")


def deep_page(levels: int = 100_000, tag: bytes = b"div", closed: bool = True) -> bytes:
    """An article nested `levels` tags deep (closed again, or left open as broken CMSs do)."""
    opening, closing = b"<" + tag + b">", b"</" + tag + b">"
    return (b"<!doctype html><html><head><title>Quay approved</title></head><body>" + opening * levels
            + ARTICLE_HTML + (closing * levels if closed else b"") + b"</body></html>")


def html_seeds() -> dict[str, bytes]:
    """Small HTML seeds for properties and fuzzing: real pages, broken encodings, odd markup."""
    pages = one_page_per_site()
    seeds = {f"page-{p.parent.name}": p.read_bytes() for p in pages[:4]}
    for name, body in encoding_variants(pages[0].read_bytes()).items():
        seeds[f"enc-{name}"] = body
    article = b"<html><body><article>" + ARTICLE_HTML + b"</article></body></html>"
    seeds |= {
        "bare-fragment": ARTICLE_HTML,
        "deep-300": deep_page(300),
        "deep-open-b": deep_page(3000, b"b", closed=False),
        "attribute-64k": gigantic_attribute_page(64 * 1024),
        "comments-cdata": b"<html><!-- <p> --><body><![CDATA[x]]><p>" + PARAGRAPH.encode() + b"</body>",
        "entities": b"<p>&amp;&#0;&#x110000;&#xD800;&nbsp;&unknown;&#99999999999;" + PARAGRAPH.encode(),
        "xml-decl": b'<?xml version="1.0" encoding="utf-16"?><html><body>' + ARTICLE_HTML,
        "meta-charset-bad": b'<meta charset="\xff\xfe"><meta http-equiv="content-type" content="text/html; '
                            b'charset=utf-7">' + article,
        "gzip-body": zlib.compress(article, 9, wbits=31),
        "scripts-only": b"<html><body><script>" + b"var a=1;" * 500 + b"</script></body></html>",
        "canonical-junk": b'<html><head><link rel="canonical" href="http://[::1/x"><meta property="og:url" '
                          b'content="javascript:alert(1)"></head><body>' + ARTICLE_HTML,
    }
    return seeds


# --- plain text ------------------------------------------------------------------------------

def text_seeds() -> dict[str, bytes]:
    """Plain-text seeds: the bundled dump, chrome-only text, encodings, long and odd lines."""
    dump = sample_text()
    chrome = "\n".join(["x", "Google search engine", "Share", "Advertisement - scroll to continue",
                        "Previous article" + "A" * 300, "Read more: Quay", "© 2025 Herald", "Tags:"])
    return {
        "seed-dump": dump,
        "seed-dump-cp1252": dump.decode("utf-8").encode("cp1252", "replace"),
        "seed-dump-crlf": dump.replace(b"\n", b"\r\n"),
        "seed-dump-utf16-bom": b"\xff\xfe" + dump.decode("utf-8").encode("utf-16-le"),
        "chrome-only": chrome.encode(),
        "long-line": (PARAGRAPH + " ").encode() * 400,
        "byline-dateline": b"Quay approved\n\nBy Jane Doe and John Roe | Herald\n\n"
                           b"Published 28 April 2025\n\n" + PARAGRAPH.encode(),
        "nuls": b"\x00".join([PARAGRAPH.encode()] * 3),
        "only-whitespace": b" \t\r\n\x0b\x0c" * 100,
    }


# --- queries ---------------------------------------------------------------------------------

QUERY_SEEDS: tuple[str, ...] = (
    '"Skylark Air"', "desalination OR desaladora", "lang:de Hochwasser", "Velde after:2026-01-01",
    '"Millbrook Bridge" source:"Coastline Daily"', "denied Zippa", '"North Korean troops" Kursk',
    "lang:fr grève", "-site:example.org quay", 'intitle:"a phrase" | b OR -c', "before:2025-13-40 after:0000",
    'site:https://user@www.bbc.co.uk:8080/news?x#y', '"unbalanced quote', "--x ---y -", "OR OR | |",
    "speaker:Gerasimov entity:\"Kim Jong Un\"", "a:b:c source: lang:xx-toolongsubtag",
    "\u202e\u0000\ud800\udcff", "word " * 100, "x" * 3000, "+(title:a) AND NOT b* ~2 ^3 [a TO b]",
)


# --- WARC ------------------------------------------------------------------------------------

def warc_bytes(bodies: list[bytes], gz: bool, *, content_type: str = "text/html; charset=utf-8",
               http_headers: list[tuple[str, str]] | None = None) -> tuple[bytes, list[int]]:
    """A WARC holding a warcinfo record and one 200 response per body; returns it and the
    response records' offsets (plus the end offset)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("hostile.warc", {"software": "tests/hostile"}))
    offsets = []
    for number, body in enumerate(bodies):
        offsets.append(buf.tell())
        headers = [("Content-Type", content_type), *(http_headers or [("Content-Length", str(len(body)))])]
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://example.org/{number}", "response", payload=io.BytesIO(body), length=len(body),
            http_headers=http))
    offsets.append(buf.tell())
    return buf.getvalue(), offsets


def warc_seeds() -> dict[str, bytes]:
    """WARC seeds: real pages as records (plain and gzip), cut records, odd encodings."""
    pages = [p.read_bytes() for p in one_page_per_site()[:2]]
    plain, plain_offsets = warc_bytes(pages, gz=False)
    packed, packed_offsets = warc_bytes(pages, gz=True)
    gzipped_body = zlib.compress(pages[0], 9, wbits=31)
    encoded, _ = warc_bytes([gzipped_body], gz=False, http_headers=[("Content-Encoding", "gzip")])
    chunk = pages[0][:500]
    chunked_body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(chunk), chunk)
    chunked, _ = warc_bytes([chunked_body], gz=False, http_headers=[("Transfer-Encoding", "chunked")])
    middle = (plain_offsets[1] + plain_offsets[2]) // 2
    return {
        "plain": plain,
        "gzip": packed,
        "plain-cut-in-record": plain[:middle],
        "plain-cut-in-headers": plain[: plain_offsets[1] + 40],
        "gzip-cut-in-member": packed[: (packed_offsets[1] + packed_offsets[2]) // 2],
        "whole-file-gzip": zlib.compress(plain, 6, wbits=31),
        "content-encoding-gzip": encoded,
        "chunked": chunked,
        "bad-content-length": plain.replace(b"Content-Length: ", b"Content-Length: -", 1),
        "garbage-between": plain[: plain_offsets[1]] + b"\x00garbage\r\n" * 10 + plain[plain_offsets[1]:],
        "jsonl-deep-second-line": b'{"url": "https://example.org/1", "text": "' + PARAGRAPH.encode() + b'"}\n'
                                  b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}\n",
        "header-lines": plain[: plain_offsets[1]] + b"WARC/1.0\r\n" + b"X: v\r\n" * 3000 + b"\r\n",
    }


def cut_positions(data: bytes, start: int, end: int) -> list[int]:
    """Every interesting place to cut the record at data[start:end]. A gzip member: every byte
    (any of them may end the deflate stream or its trailer). A plain record: each byte of its
    WARC and HTTP headers, the bytes around every line break, every 97th byte of the body and
    the last bytes."""
    record = data[start:end]
    if record.startswith(b"\x1f\x8b"):
        return list(range(start, end + 1))
    head_end = record.find(b"\r\n\r\n")
    http_end = record.find(b"\r\n\r\n", head_end + 4)
    cuts = set(range(start, start + max(http_end, head_end) + 5))
    cuts |= {start + i + d for i, byte in enumerate(record) if byte == 0x0A for d in (-1, 0, 1)}
    cuts |= set(range(start, end, 97)) | set(range(max(end - 8, start), end + 1))
    return sorted(c for c in cuts if start <= c <= end)


# --- big inputs, streamed to disk -------------------------------------------------------------

def write_gzip_bomb(path: Path, size: int, prefix: bytes = b"", suffix: bytes = b"") -> Path:
    """A gzip file expanding to `size` bytes of b"a" between prefix and suffix (1 GB -> ~1 MB)."""
    with path.open("wb") as out:
        _gzip_bomb(out, size, prefix, suffix)
    return path


def _gzip_bomb(out: BinaryIO, size: int, prefix: bytes = b"", suffix: bytes = b"") -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"a" * MiB
    out.write(packer.compress(prefix))
    for _ in range(size // MiB):
        out.write(packer.compress(block))
    out.write(packer.compress(b"a" * (size % MiB) + suffix))
    out.write(packer.flush())


class _Repeat(io.RawIOBase):
    """`size` bytes of b"a", read like a file (a WARC payload that is never in memory)."""

    def __init__(self, size: int) -> None:
        self._left = size
        self._block = b"a" * (64 * 1024)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), self._left, len(self._block))
        buffer[:n] = self._block[:n]
        self._left -= n
        return n


def write_warc_bomb(path: Path, size: int, *, encoded: bool = False, last: bool = False,
                    whole_file: bool = False) -> Path:
    """A .warc.gz with one response record of `size` bytes of b"a" (about 1 MB on disk per GB)
    and one ordinary article record that must still be read, after the bomb (or before it, with
    `last`).

    With `encoded` the bomb is an HTTP ``Content-Encoding: gzip`` body instead: the record is
    small, its decoded body huge. With `whole_file` the WARC is gzipped as one stream (`gzip
    file.warc`) rather than a member per record.
    """
    headers = [("Content-Type", "text/html")]
    payload: BinaryIO
    if encoded:
        packed = io.BytesIO()
        _gzip_bomb(packed, size, b"<html><body><p>")
        payload, length = io.BytesIO(packed.getvalue()), len(packed.getvalue())
        headers.append(("Content-Encoding", "gzip"))
    else:
        payload, length = io.BufferedReader(_Repeat(size)), size
    with path.open("wb") as raw, (gzip.GzipFile(fileobj=raw, mode="wb") if whole_file else raw) as out:
        writer = WARCWriter(out, gzip=not whole_file)
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        bomb = writer.create_warc_record("https://example.org/bomb", "response", payload=payload,
                                         length=length, http_headers=http)
        body = b"<html><body><article>" + ARTICLE_HTML + b"</article></body></html>"
        ok = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        article = writer.create_warc_record("https://example.org/article", "response",
                                            payload=io.BytesIO(body), length=len(body), http_headers=ok)
        for record in ([article, bomb] if last else [bomb, article]):
            writer.write_record(record)
    return path


def _words(size: int) -> Iterator[bytes]:
    """`size` bytes of prose-like words, in 1 MiB pieces, with no newline."""
    piece = (PARAGRAPH.encode() + b" ") * (MiB // (len(PARAGRAPH) + 1) + 1)
    left = size
    while left > 0:
        yield piece[: min(MiB, left)]
        left -= min(MiB, left)


def write_long_line_jsonl(path: Path, line_bytes: int) -> Path:
    """JSONL: an ordinary line, one `line_bytes`-long line, another ordinary line."""
    ordinary = (b'{"url": "https://example.org/%d", "title": "Quay approved", "text": "'
                + PARAGRAPH.encode() + b'"}\n')
    with path.open("wb") as out:
        out.write(ordinary % 1)
        out.write(b'{"url": "https://example.org/long", "text": "')
        for piece in _words(line_bytes):
            out.write(piece)
        out.write(b'"}\n')
        out.write(ordinary % 3)
    return path


def write_long_line_text(path: Path, line_bytes: int) -> Path:
    """A plain-text capture that is one `line_bytes`-long line."""
    with path.open("wb") as out:
        write_long_line_text_to(out, line_bytes)
    return path


def write_long_line_text_to(out: BinaryIO, line_bytes: int) -> None:
    for piece in _words(line_bytes):
        out.write(piece)


def long_line(line_bytes: int) -> bytes:
    """The same long line in memory (for calling extraction on a capture directly)."""
    return b"".join(_words(line_bytes))
