from __future__ import annotations

import io
import json

from newsdig.acquire.jsonl import iter_jsonl, parse_line
from newsdig.models import Capture, Rejection


def line(**fields: object) -> bytes:
    return json.dumps(fields).encode() + b"\n"


def test_fields_and_hints() -> None:
    capture = parse_line(line(url="https://example.org/a", title=" Title ", text="Body.",
                              published="2024-01-02", authors=["Ann A", "", "Bob B"], language="en",
                              source="example.org"), "f:1")
    assert capture == Capture(
        url="https://example.org/a", body=b"Body.", kind="text", origin="f:1",
        hints=(("title", "Title"), ("published", "2024-01-02"), ("authors", "Ann A; Bob B"),
               ("language", "en"), ("source", "example.org")),
    )


def test_aliases() -> None:
    capture = parse_line(line(link="https://example.org/b", headline="H", body="Plain words.",
                              date=1700000000, author="Cy", lang="de", site="ex"), "f:2")
    assert isinstance(capture, Capture) and capture.url == "https://example.org/b"
    assert capture.hints == (("title", "H"), ("published", "1700000000"), ("authors", "Cy"),
                             ("language", "de"), ("source", "ex"))
    assert parse_line(line(published_at="2024-05-06", content="x"), "f").hint("published") == "2024-05-06"


def test_html_wins_and_content_is_sniffed() -> None:
    both = parse_line(line(html="<html><body><p>x</p></body></html>", text="Clean x."), "f")
    assert both.kind == "html" and both.body.startswith(b"<html>") and both.hint("text") == "Clean x."
    page = parse_line(line(content="<!doctype html><html><body>x</body></html>"), "f")
    fragment = parse_line(line(body="<p>One paragraph of markup.</p>"), "f")
    prose = parse_line(line(content="Prose that mentions 3 < 4 and x > y."), "f")
    assert (page.kind, fragment.kind, prose.kind) == ("html", "html", "text")


def test_paragraph_lists_and_author_objects() -> None:
    capture = parse_line(line(text=["One.", " ", "Two."], authors=[{"name": "Di"}, {"id": 3}, "Ed"]), "f")
    assert capture.body == b"One.\n\nTwo." and capture.hint("authors") == "Di; Ed"


def test_newsdig_export_round_trips() -> None:
    exported = {"id": "0123456789abcdef", "url": "https://example.org/x?utm=1",
                "canonical_url": "https://example.org/x", "source": "example.org", "title": "T",
                "authors": ["A"], "published": "2024-02-03T04:05:06+00:00", "language": "en",
                "text": "P1.\n\nP2.", "word_count": 2, "content_hash": "ab", "extractor": "x 1",
                "site_name": "Example", "description": "D", "fetched_at": "2024-02-03T05:00:00Z"}
    capture = parse_line(json.dumps(exported, ensure_ascii=False).encode(), "export.jsonl:1")
    assert capture.body == b"P1.\n\nP2." and capture.kind == "text"
    assert capture.fetched_at == "2024-02-03T05:00:00Z"
    assert dict(capture.hints) == {"title": "T", "published": "2024-02-03T04:05:06+00:00", "authors": "A",
                                   "language": "en", "source": "example.org",
                                   "canonical_url": "https://example.org/x", "site_name": "Example",
                                   "description": "D"}


def test_bad_lines_become_rejections_with_line_numbers() -> None:
    data = b"".join([
        b"\xef\xbb\xbf" + line(url="https://example.org/1", text="ok"),  # BOM on the first line
        b"{not json\n",
        b"\n",  # blank lines are skipped but counted
        b"[1, 2]\n",
        line(url="https://example.org/5", title="no text"),
        line(text="   "),
        b'{"text": "bad utf-8 \xff"}\n',
        line(text="last, no newline").rstrip(b"\n"),
    ])
    items = list(iter_jsonl(io.BytesIO(data), "in.jsonl", max_bytes=10_000))
    assert [(x.origin, type(x).__name__) for x in items] == [
        ("in.jsonl:1", "Capture"), ("in.jsonl:2", "Rejection"), ("in.jsonl:4", "Rejection"),
        ("in.jsonl:5", "Rejection"), ("in.jsonl:6", "Rejection"), ("in.jsonl:7", "Rejection"),
        ("in.jsonl:8", "Capture"),
    ]
    rejections = [x for x in items if isinstance(x, Rejection)]
    assert {x.reason for x in rejections} == {"bad-jsonl"} and all(x.detail for x in rejections)
    assert rejections[2].url == "https://example.org/5"


def test_over_long_line_is_skipped_without_losing_the_next() -> None:
    data = line(text="x" * 5000) + line(text="short")
    items = list(iter_jsonl(io.BytesIO(data), "f", max_bytes=1000))
    assert [getattr(x, "reason", "ok") for x in items] == ["too-large", "ok"]
    assert items[1].origin == "f:2"
