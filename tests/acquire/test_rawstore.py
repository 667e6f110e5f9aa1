from __future__ import annotations

import gzip
import logging
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsdig.acquire.files import iter_captures
from newsdig.acquire.rawstore import RawStore, RawStoreError
from newsdig.models import Capture

PAGE = b"<html><head><title>Pier</title></head><body><p>Stone pier repaired.</p></body></html>"

CAPTURES = [
    Capture(  # from a crawl WARC: headers describe an encoding the stored body no longer has
        url="https://example.org/pier", body=PAGE, kind="html", origin="crawl.warc.gz@1234",
        fetched_at="2024-03-02T08:30:00Z", status=200, content_type="text/html; charset=utf-8",
        http_headers=(("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
                      ("Transfer-Encoding", "chunked"), ("Content-Length", "999"), ("Server", "é-server"),
                      ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")),
    ),
    Capture(  # a plain file: no URL, hints from a JSONL line, an origin a header line would mangle
        url=None, body="Färja i tid.\n\nAndra stycket.".encode(), kind="text",
        origin=' odd/"dir"\nname.txt', fetched_at="last Tuesday",
        hints=(("title", "Färja"), ("authors", "A; B"), ("published", "2024-03-04")),
    ),
    Capture(url="https://example.org/x y", body=b"\x00\xffbinary-ish html", kind="html", origin="-",
            content_type="application/xhtml+xml"),
    Capture(url="https://example.org/empty", body=b"", kind="html", origin="-@0", status=200,
            http_headers=(("Content-Length", "0"),)),
]


def urls(capture: Capture) -> str:
    return capture.url or f"newsdig:file/{capture.origin.strip()}"


def test_append_then_read_gives_the_same_capture(tmp_path: Path) -> None:
    store = RawStore(tmp_path / "raw")
    places = [store.append(c, urls(c)) for c in CAPTURES]
    store.flush()
    assert [store.read(f, o) for f, o in places] == CAPTURES  # readable before close, too
    store.close()
    again = RawStore(tmp_path / "raw")
    assert [again.read(f, o) for f, o in places] == CAPTURES
    assert list(again.iter_all()) == [(f, o, c) for (f, o), c in zip(places, CAPTURES, strict=True)]
    assert len({f for f, _ in places}) == 1 and places[0][1] > 0  # after the warcinfo record


def test_files_are_valid_warcs_other_tools_can_read(tmp_path: Path) -> None:
    with RawStore(tmp_path) as store:
        place = store.append(CAPTURES[0], urls(CAPTURES[0]))
    with (tmp_path / place[0]).open("rb") as fh:
        it = ArchiveIterator(fh, check_digests="raise")  # raises on a digest mismatch
        bodies = {r.rec_type: (r.http_headers, r.content_stream().read()) for r in it}
    http_headers, body = bodies["response"]
    assert body == PAGE  # renamed encoding headers: no reader tries to gunzip or de-chunk it
    assert http_headers.get_statuscode() == "200"
    assert http_headers.get_header("X-Newsdig-Orig-Content-Encoding") == "gzip"


def test_a_new_store_starts_a_new_file_and_rolls_over(tmp_path: Path) -> None:
    with RawStore(tmp_path, roll_bytes=1) as store:  # every record after the first rolls
        first = [store.append(c, urls(c))[0] for c in CAPTURES[:3]]
    with RawStore(tmp_path) as store:
        later = store.append(CAPTURES[0], urls(CAPTURES[0]))[0]
    names = [*first, later]
    assert len(set(names)) == 4 and names == sorted(names)
    assert [c for _, _, c in RawStore(tmp_path).iter_all()] == [*CAPTURES[:3], CAPTURES[0]]


def test_torn_last_record_keeps_earlier_records_and_later_appends(tmp_path: Path, caplog) -> None:
    with RawStore(tmp_path) as store:
        places = [store.append(c, urls(c)) for c in CAPTURES[:3]]
    torn = tmp_path / places[0][0]
    torn.write_bytes(torn.read_bytes()[: places[2][1] + 50])  # a crash mid-way through record 3
    store = RawStore(tmp_path)
    assert [store.read(f, o) for f, o in places[:2]] == CAPTURES[:2]
    with pytest.raises(RawStoreError, match=r"truncated|cannot be read"):
        store.read(*places[2])
    new_place = store.append(CAPTURES[3], urls(CAPTURES[3]))
    store.close()
    assert new_place[0] != places[0][0]
    with caplog.at_level(logging.WARNING):
        assert [c for _, _, c in store.iter_all()] == [*CAPTURES[:2], CAPTURES[3]]
    assert "skipped" in caplog.text


def test_bad_references_raise_raw_store_error(tmp_path: Path) -> None:
    with RawStore(tmp_path) as store:
        name, offset = store.append(CAPTURES[0], urls(CAPTURES[0]))
    with pytest.raises(RawStoreError, match="not a raw capture file name"):
        store.read("../../etc/passwd", 0)
    with pytest.raises(RawStoreError):
        store.read(name, offset + 3)
    with pytest.raises(RawStoreError):
        store.read(name.replace("0001", "0099"), 0)
    with pytest.raises(RawStoreError, match="no newsdig capture"):
        store.read(name, 0)  # the warcinfo record


def test_importing_a_raw_store_file_keeps_hints(tmp_path: Path) -> None:
    with RawStore(tmp_path / "raw") as store:
        places = [store.append(c, urls(c)) for c in CAPTURES[:2]]
    path = tmp_path / "raw" / places[0][0]
    copy = tmp_path / "copy.warc.gz"
    copy.write_bytes(path.read_bytes())
    pier, ferry = iter_captures([copy])
    assert pier.origin == f"{copy}@{places[0][1]}" and pier.http_headers == CAPTURES[0].http_headers
    assert ferry.hints == CAPTURES[1].hints and ferry.kind == "text"
    assert ferry.url == urls(CAPTURES[1]).replace(" ", "%20").replace('"', "%22").replace("\n", "%0A")
    assert gzip.decompress(path.read_bytes()).count(b"WARC/1.0\r\n") == 3
