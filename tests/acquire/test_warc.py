from __future__ import annotations

import gzip
import io
import random
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsdig.acquire.files import iter_captures
from newsdig.acquire.warc import iter_warc
from newsdig.models import Capture, Rejection


def summary(items: list[Capture | Rejection]) -> list[tuple[str, str]]:
    return [(x.origin, "ok" if isinstance(x, Capture) else x.reason) for x in items]


def mixed_warc(warc_builder, gz: bool):
    """Every kind of record a crawl WARC holds; returns (builder, offsets by name)."""
    b = warc_builder(gz=gz)
    at = {
        "info": b.warcinfo(),
        "page": b.response("https://example.org/news/1"),
        "request": b.request("https://example.org/news/1"),
        "missing": b.response("https://example.org/gone", b"<html>gone</html>", status=404),
        "image": b.response("https://example.org/a.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        "meta": b.metadata("https://example.org/news/1"),
        "note": b.resource("newsdig:file/note.txt", b"A plain note.", "text/plain"),
        "saved": b.resource("https://example.org/saved", b.HTML, "text/html"),
        "untyped": b.response("https://example.org/untyped", b.HTML, content_type=None),
        "untyped-bin": b.response("https://example.org/blob", b"\x00\x01\x02", content_type=None),
    }
    return b, at


@pytest.mark.parametrize("gz", [True, False], ids=["gz", "plain"])
def test_records_become_captures_rejections_or_counts(tmp_path: Path, warc_builder, gz: bool) -> None:
    b, at = mixed_warc(warc_builder, gz)
    path = b.write(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"))
    skipped: Counter[str] = Counter()
    items = list(iter_captures([path], skipped=skipped))
    o = {k: f"{path}@{v}" for k, v in at.items()}
    assert summary(items) == [
        (o["page"], "ok"), (o["missing"], "http-404"), (o["image"], "not-html"), (o["note"], "ok"),
        (o["saved"], "ok"), (o["untyped"], "ok"), (o["untyped-bin"], "not-html"),
    ]
    assert skipped == {"warc-warcinfo": 1, "warc-request": 1, "warc-metadata": 1}
    page, note = items[0], items[3]
    assert page.url == "https://example.org/news/1" and page.body == b.HTML and page.kind == "html"
    assert page.status == 200 and page.content_type == "text/html; charset=utf-8"
    assert ("Content-Type", "text/html; charset=utf-8") in page.http_headers
    assert page.fetched_at and page.fetched_at.endswith("Z")
    assert note.kind == "text" and note.body == b"A plain note." and note.status is None
    assert items[2].detail == "image/png" and items[1].url == "https://example.org/gone"


@pytest.mark.parametrize("gz", [True, False], ids=["gz", "plain"])
def test_offsets_are_the_ones_warcio_reports(tmp_path: Path, warc_builder, gz: bool) -> None:
    path = mixed_warc(warc_builder, gz)[0].write(tmp_path / "x.warc")
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        expected = [it.get_record_offset() for r in it if r.rec_type in ("response", "resource")]
    assert [int(x.origin.rsplit("@", 1)[1]) for x in iter_captures([path])] == expected


@pytest.mark.parametrize("gz", [True, False], ids=["gz", "plain"])
@pytest.mark.parametrize("keep", [8, 60, -20], ids=["first-bytes", "in-headers", "in-payload"])
def test_truncated_last_record_keeps_earlier(tmp_path: Path, warc_builder, gz: bool, keep: int) -> None:
    b = warc_builder(gz=gz)
    first = b.response("https://example.org/1")
    second = b.response("https://example.org/2")
    last = b.response("https://example.org/3", b.HTML * 3)
    data = b.getvalue()
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: last + keep] if keep > 0 else data[:keep])
    items = list(iter_captures([path]))
    assert summary(items) == [(f"{path}@{first}", "ok"), (f"{path}@{second}", "ok"),
                              (f"{path}@{last}", "malformed-warc")]
    assert items[-1].detail


@pytest.mark.parametrize("gz", [True, False], ids=["gz", "plain"])
def test_garbage_between_records_is_skipped(tmp_path: Path, warc_builder, gz: bool) -> None:
    b = warc_builder(gz=gz)
    first = b.response("https://example.org/1")
    junk = b.raw(b"GARBAGE LINE\r\n\x00\x01\x02 not a record\r\nWARC/1.0 looks like one\r\n" * 50)
    second = b.response("https://example.org/2")
    third = b.response("https://example.org/3")
    path = b.write(tmp_path / "junk.warc")
    items = list(iter_captures([path]))
    assert summary(items) == [(f"{path}@{first}", "ok"), (f"{path}@{junk}", "malformed-warc"),
                              (f"{path}@{second}", "ok"), (f"{path}@{third}", "ok")]


def test_corrupt_gzip_member_costs_only_that_record(tmp_path: Path, warc_builder) -> None:
    b = warc_builder(gz=True)
    first = b.response("https://example.org/1", b.HTML * 20)
    second = b.response("https://example.org/2", b.HTML * 20)
    third = b.response("https://example.org/3")
    data = bytearray(b.getvalue())
    for i in range(second + 60, second + 90):  # flip bits inside the second member's deflate data
        data[i] ^= 0x5A
    path = tmp_path / "flip.warc.gz"
    path.write_bytes(bytes(data))
    assert summary(list(iter_captures([path]))) == [
        (f"{path}@{first}", "ok"), (f"{path}@{second}", "malformed-warc"), (f"{path}@{third}", "ok")]


def test_unseekable_stream_stops_at_damage_after_yielding_what_came_before(warc_builder, pipe) -> None:
    b = warc_builder(gz=True)
    first = b.response("https://example.org/1")
    junk = b.raw(b"junk\r\nmore junk\r\n")
    b.response("https://example.org/2")
    items = list(iter_captures(["-"], stdin=io.BufferedReader(pipe(b.getvalue()))))
    assert summary(items) == [(f"-@{first}", "ok"), (f"-@{junk}", "malformed-warc")]


def test_cc_news_style_record_chunked_gzip_body_and_identified_type(tmp_path: Path, warc_builder) -> None:
    b = warc_builder(gz=True)
    page = b.HTML.replace(b"Boats.", "Båter på kaia.".encode())
    packed = gzip.compress(page)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(packed), packed)
    at = b.response("https://example.org/cc", chunked, content_type=None,
                    headers=[("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
                    warc_headers={"WARC-Identified-Payload-Type": "text/html"})
    [capture] = iter_captures([b.write(tmp_path / "CC-NEWS-20250101.warc.gz")])
    assert isinstance(capture, Capture) and capture.origin.endswith(f"@{at}")
    assert capture.body == page and capture.content_type == "text/html"
    assert ("Transfer-Encoding", "chunked") in capture.http_headers


def test_body_encodings_we_cannot_decode_are_rejected(tmp_path: Path, warc_builder) -> None:
    b = warc_builder(gz=False)
    b.response("https://example.org/br", b"\x1b\x00\x00", headers=[("Content-Encoding", "br")])
    noise = random.Random(7).randbytes(100_000)  # incompressible: the gzip spans many read blocks
    late = bytearray(gzip.compress(b.HTML + noise))
    late[60_000:60_040] = b"\xff" * 40  # decoding starts fine, then breaks
    b.response("https://example.org/late", bytes(late), headers=[("Content-Encoding", "gzip")])
    early = bytearray(gzip.compress(b.HTML * 50))
    early[30:40] = b"\xff" * 10  # breaks at once: warcio takes the body for uncompressed
    b.response("https://example.org/early", bytes(early), headers=[("Content-Encoding", "gzip")])
    items = list(iter_captures([b.write(tmp_path / "enc.warc")]))
    assert [getattr(x, "reason", "ok") for x in items] == ["bad-encoding"] * 3
    assert "br" in items[0].detail


def test_gzip_label_on_a_plain_body_is_forgiven(tmp_path: Path, warc_builder) -> None:
    b = warc_builder(gz=False)
    b.response("https://example.org/liar", headers=[("Content-Encoding", "gzip")])
    [capture] = iter_captures([b.write(tmp_path / "liar.warc")])
    assert isinstance(capture, Capture) and capture.body == b.HTML


def test_payload_and_decoded_body_are_capped(warc_builder) -> None:
    b = warc_builder(gz=False)
    b.response("https://example.org/big", b.HTML + b" " * 5000)
    bomb = gzip.compress(b"<html>" + b" " * 1_000_000)  # ~1 KB that inflates to 1 MB
    b.response("https://example.org/bomb", bomb, headers=[("Content-Encoding", "gzip")])
    b.response("https://example.org/fine")
    items = list(iter_warc(io.BytesIO(b.getvalue()), "w", max_bytes=4096, seekable=True))
    assert [getattr(x, "reason", "ok") for x in items] == ["too-large", "too-large", "ok"]


def test_whole_file_gzip_reads_every_record_with_record_numbers(tmp_path: Path, warc_builder) -> None:
    b, _ = mixed_warc(warc_builder, gz=False)
    path = tmp_path / "gzipped-afterwards.warc.gz"
    path.write_bytes(gzip.compress(b.getvalue()))
    assert [x.origin.rsplit("#", 1)[1] for x in iter_captures([path])] == ["2", "4", "5", "7", "8", "9", "10"]
