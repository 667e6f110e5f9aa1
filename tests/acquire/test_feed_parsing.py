"""RSS/Atom parsing and feed links on HTML pages (pure functions over fixture bytes)."""

from __future__ import annotations

import gzip

from newsdig.acquire.feeds import find_feed_links, looks_like_feed, parse_feed
from tests.support import FIXTURES

CRAWL = FIXTURES / "crawl"


def test_rss2_candidates_dates_titles_and_relative_links() -> None:
    found = parse_feed((CRAWL / "rss2.xml").read_bytes(), "https://news.example.com/rss.xml")
    urls = [c.url for c in found]
    assert urls == [
        "https://news.example.com/2026/01/ferry-timetable",  # tracking parameter removed
        "https://news.example.com/2025/12/old-story",         # relative link resolved
        "https://news.example.com/undated",
    ]                                                          # duplicate and mailto: dropped
    first = found[0]
    assert first.published == "2026-01-02T09:00:00+00:00"      # converted to UTC
    assert first.title == "Ferry timetable changes"           # whitespace collapsed
    assert found[2].published is None


def test_atom_entries_use_published_then_updated() -> None:
    found = parse_feed((CRAWL / "atom.xml").read_bytes(), "https://blog.example.org/atom.xml")
    assert [(c.url, c.published) for c in found] == [
        ("https://blog.example.org/posts/one", "2026-02-01T07:15:00+00:00"),
        ("https://blog.example.org/posts/two", "2026-01-20T00:00:00+00:00"),
    ]
    assert found[0].title == "Atom entry one"


def test_gzipped_feed_and_sniffing() -> None:
    body = (CRAWL / "rss2.xml").read_bytes()
    assert len(parse_feed(gzip.compress(body), "https://news.example.com/rss.xml")) == 3
    assert looks_like_feed(body) and looks_like_feed((CRAWL / "atom.xml").read_bytes())
    assert not looks_like_feed((CRAWL / "urlset.xml").read_bytes())
    assert not looks_like_feed((CRAWL / "home.html").read_bytes())
    assert not looks_like_feed(b"\x1f\x8b\x08 truncated gzip")


def test_junk_is_no_feed() -> None:
    for junk in (b"", b"\x00\x01\x02", b"<html><body>hi</body></html>", (CRAWL / "broken.xml").read_bytes()):
        assert parse_feed(junk, "https://news.example.com/") == []


def test_feed_parsing_never_reads_local_files(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-XXE")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>t</title>
<item><title>&xxe;</title><link>https://news.example.com/a?x=&xxe;</link></item>
</channel></rss>""".encode()
    found = parse_feed(body, "https://news.example.com/rss.xml")
    assert "TOP-SECRET" not in repr(found)


def test_feed_links_on_a_home_page() -> None:
    links = find_feed_links((CRAWL / "home.html").read_bytes(), "https://news.example.com/")
    assert links == ["https://news.example.com/rss.xml", "https://news.example.com/atom.xml"]
    assert find_feed_links(b"", "https://news.example.com/") == []
    assert find_feed_links(b"\x00\xff not html", "https://news.example.com/") == []
