from __future__ import annotations

import gzip
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from newsdig.acquire import files
from newsdig.acquire.files import check_inputs, iter_captures, total_input_bytes
from newsdig.errors import InputError
from newsdig.models import Capture, Rejection

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"
PAGE = (FIXTURES / "harbour.html").read_bytes()
PROSE = (FIXTURES / "notes" / "ferry.txt").read_bytes()


def summary(items: list[Capture | Rejection]) -> list[tuple[str, str]]:
    return [(x.origin, x.kind if isinstance(x, Capture) else x.reason) for x in items]


def test_fixture_directory(tmp_path: Path) -> None:
    root = tmp_path / "import"
    shutil.copytree(FIXTURES, root)
    items = list(iter_captures([root]))
    assert summary(items) == [
        (f"{root}/articles.jsonl:1", "text"), (f"{root}/articles.jsonl:2", "bad-jsonl"),
        (f"{root}/articles.jsonl:3", "html"), (f"{root}/harbour.html", "html"),
        (f"{root}/notes/ferry.txt", "text"),
    ]
    market = items[2]
    assert market.url == "https://news.example.org/2024/03/market" and market.hint("authors") == "Dee Roy"
    assert items[3].body == PAGE and items[3].url is None


def test_walk_order_hidden_entries_and_non_inputs(tmp_path: Path) -> None:
    for name, data in {
        "b/2.html": PAGE, "a/z.txt": PROSE, "a/sub/y.html": PAGE, "a/sub/x.txt": PROSE,
        ".hidden/x.html": PAGE, "a/.secret.txt": PROSE, "c.png": b"\x89PNG", "d.PDF": b"%PDF",
        "e.tar.gz": gzip.compress(b"x"),
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    os.symlink(tmp_path / "nowhere", tmp_path / "f-broken")
    os.symlink(tmp_path / "a", tmp_path / "g-linked-dir")  # not followed: no loops, no doubles
    assert summary(list(iter_captures([tmp_path]))) == [
        (f"{tmp_path}/a/sub/x.txt", "text"), (f"{tmp_path}/a/sub/y.html", "html"),
        (f"{tmp_path}/a/z.txt", "text"), (f"{tmp_path}/b/2.html", "html"),
        (f"{tmp_path}/c.png", "unsupported-file"), (f"{tmp_path}/d.PDF", "unsupported-file"),
        (f"{tmp_path}/e.tar.gz", "unsupported-file"), (f"{tmp_path}/f-broken", "unreadable"),
    ]


def test_content_decides_not_the_name(tmp_path: Path, warc_builder) -> None:
    b = warc_builder(gz=True)
    at = b.response("https://example.org/1")
    (tmp_path / "1-warc.txt").write_bytes(b.getvalue())
    (tmp_path / "2-page.jsonl").write_bytes(PAGE)
    (tmp_path / "3-lines.html").write_bytes(json.dumps({"text": "t"}).encode() + b"\n")
    (tmp_path / "4-prose.warc").write_bytes(PROSE)
    (tmp_path / "5-page").write_bytes(gzip.compress(PAGE))
    (tmp_path / "6-binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    assert summary(list(iter_captures(sorted(tmp_path.iterdir())))) == [
        (f"{tmp_path}/1-warc.txt@{at}", "html"), (f"{tmp_path}/2-page.jsonl", "html"),
        (f"{tmp_path}/3-lines.html:1", "text"), (f"{tmp_path}/4-prose.warc", "text"),
        (f"{tmp_path}/5-page", "html"), (f"{tmp_path}/6-binary.txt", "unsupported-file"),
    ]


def test_gzipped_documents_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(PAGE))
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(PROSE))
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress((FIXTURES / "articles.jsonl").read_bytes()))
    (tmp_path / "d.html.gz").write_bytes(gzip.compress(PAGE)[:-40])  # cut off
    items = list(iter_captures([tmp_path]))
    assert summary(items) == [
        (f"{tmp_path}/a.html.gz", "html"), (f"{tmp_path}/b.txt.gz", "text"),
        (f"{tmp_path}/c.jsonl.gz:1", "text"), (f"{tmp_path}/c.jsonl.gz:2", "bad-jsonl"),
        (f"{tmp_path}/c.jsonl.gz:3", "html"), (f"{tmp_path}/d.html.gz", "unreadable"),
    ]
    assert items[0].body == PAGE and items[1].body == PROSE


@pytest.mark.parametrize("seekable", [True, False], ids=["file", "pipe"])
def test_stdin_in_every_format(warc_builder, pipe, seekable: bool) -> None:
    def stdin(data: bytes):
        return io.BytesIO(data) if seekable else io.BufferedReader(pipe(data))

    b = warc_builder(gz=True)
    b.warcinfo()
    at = b.response("https://example.org/1")
    jsonl = (FIXTURES / "articles.jsonl").read_bytes()
    assert summary(list(iter_captures(["-"], stdin=stdin(b.getvalue())))) == [(f"-@{at}", "html")]
    assert summary(list(iter_captures(["-"], stdin=stdin(jsonl)))) == [
        ("-:1", "text"), ("-:2", "bad-jsonl"), ("-:3", "html")]
    [page] = iter_captures(["-"], stdin=stdin(gzip.compress(PAGE)))
    [prose] = iter_captures(["-"], stdin=stdin(PROSE))
    assert (page.origin, page.kind, page.body) == ("-", "html", PAGE)
    assert (prose.origin, prose.kind, prose.body) == ("-", "text", PROSE)


def test_unreadable_empty_and_too_large(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    (tmp_path / "big.html").write_bytes(PAGE + b" " * 1000)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n")
    missing = tmp_path / "missing.html"
    names = ["big.html", "empty.txt", "blank.txt"]
    items = list(iter_captures([*(tmp_path / n for n in names), missing]))
    assert summary(items) == [
        (f"{tmp_path}/big.html", "too-large"), (f"{tmp_path}/empty.txt", "empty-file"),
        (f"{tmp_path}/blank.txt", "empty-file"), (str(missing), "unreadable"),
    ]
    assert items[-1].stage == "import" and "No such file" in items[-1].detail


def test_gzip_bomb_stops_at_the_cap(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb") as out:
        out.write(b"<html><body>")
        for _ in range(files.MAX_FILE_BYTES // (1 << 20) + 5):
            out.write(b" " * (1 << 20))
    assert bomb.stat().st_size < 200_000
    [rejection] = iter_captures([bomb])
    assert rejection.reason == "too-large" and "gunzipped" in rejection.detail


def test_progress_adds_up_to_the_total(tmp_path: Path, warc_builder) -> None:
    b = warc_builder(gz=True)
    for i in range(30):
        b.response(f"https://example.org/{i}", PAGE)
    b.write(tmp_path / "crawl.warc.gz")
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG" * 1000)  # skipped unread: not in the total
    (tmp_path / "binary.dat").write_bytes(b"\x00" * 1000)  # read, then rejected: in the total
    reported: list[int] = []
    items = list(iter_captures([tmp_path, "-"], stdin=io.BytesIO(PROSE), on_progress=reported.append))
    assert len(items) == 30 + 5 + 2 + 1
    assert len(reported) > 10 and reported == sorted(set(reported))  # a running total, rising
    assert reported[-1] == total_input_bytes([tmp_path, "-"])
    expected = sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".png")
    assert total_input_bytes([tmp_path]) == expected


def test_check_inputs(tmp_path: Path) -> None:
    check_inputs([tmp_path, "-"])
    with pytest.raises(InputError, match="nope"):
        check_inputs([tmp_path / "nope"])
    with pytest.raises(InputError, match="once"):
        check_inputs(["-", "-"])
