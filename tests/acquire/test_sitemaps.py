"""Sitemap parsing: urlset, index, Google News, gzip, junk, XXE; robots.txt Sitemap: lines."""

from __future__ import annotations

import gzip

from newsdig.acquire.sitemaps import iso_date, looks_like_sitemap, parse_sitemap, robots_sitemaps
from tests.support import FIXTURES

CRAWL = FIXTURES / "crawl"
BASE = "https://news.example.com/sitemap.xml"


def test_news_sitemap_dates_and_titles() -> None:
    page = parse_sitemap((CRAWL / "news-sitemap.xml").read_bytes(), BASE)
    assert page.kind == "urlset" and page.children == []
    assert [(c.url, c.published, c.title) for c in page.candidates] == [
        ("https://news.example.com/2026/03/election-results", "2026-03-05T17:00:00+00:00",
         "Election results are in"),
        ("https://news.example.com/2026/03/weather", "2026-03-04", "Storm warning"),
    ]


def test_urlset_lastmod_and_bad_locs() -> None:
    page = parse_sitemap((CRAWL / "urlset.xml").read_bytes(), BASE)
    assert [(c.url, c.published) for c in page.candidates] == [
        ("https://news.example.com/2024/05/archive-piece", "2024-05-01T10:00:00+00:00"),
        ("https://news.example.com/2026/02/fresh-piece", "2026-02-10"),
        ("https://news.example.com/about", None),
    ]


def test_sitemap_index_children_with_lastmod() -> None:
    page = parse_sitemap((CRAWL / "sitemap-index.xml").read_bytes(), BASE)
    assert page.kind == "sitemapindex" and page.candidates == []
    assert page.children == ["https://news.example.com/sitemaps/2024-05.xml",
                             "https://news.example.com/news-sitemap.xml",
                             "https://news.example.com/sitemaps/pages.xml"]
    assert page.child_lastmod["https://news.example.com/sitemaps/2024-05.xml"] == "2024-05-31"
    assert "https://news.example.com/sitemaps/pages.xml" not in page.child_lastmod


def test_gzipped_sitemap_and_corrupt_gzip() -> None:
    body = gzip.compress((CRAWL / "news-sitemap.xml").read_bytes())
    assert len(parse_sitemap(body, BASE).candidates) == 2
    assert looks_like_sitemap(body)
    assert not parse_sitemap(body[:30], BASE).ok


def test_broken_xml_yields_what_it_can() -> None:
    page = parse_sitemap((CRAWL / "broken.xml").read_bytes(), BASE)
    urls = [c.url for c in page.candidates]
    assert urls[:2] == ["https://news.example.com/ok-1", "https://news.example.com/ok-2"]
    assert page.candidates[1].published is None  # "not a date"


def test_junk_is_no_sitemap() -> None:
    for junk in (b"", b"   ", b"\x00\x01", b"<html><body>404</body></html>",
                 (CRAWL / "rss2.xml").read_bytes(), b"hello world\nnot urls"):
        page = parse_sitemap(junk, BASE)
        assert not page.ok and page.candidates == [] and page.children == []


def test_text_sitemap() -> None:
    page = parse_sitemap(b"https://news.example.com/a\nhttps://news.example.com/b\n", BASE)
    assert page.kind == "text" and [c.url for c in page.candidates] == [
        "https://news.example.com/a", "https://news.example.com/b"]
    assert not looks_like_sitemap(b"https://news.example.com/a\n")


def test_xxe_does_not_read_files(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-XXE")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.example.com/&xxe;</loc><news:title>&xxe;</news:title></url>
  <url><loc>https://news.example.com/plain</loc></url>
</urlset>""".encode()
    page = parse_sitemap(body, BASE)
    assert "TOP-SECRET" not in repr(page)
    assert "https://news.example.com/plain" in [c.url for c in page.candidates]


def test_billion_laughs_is_harmless() -> None:
    lol = b'<!ENTITY a0 "lol">' + b"".join(
        b'<!ENTITY a%d "&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;">' % ((i,) + (i - 1,) * 10)
        for i in range(1, 10))
    body = (b'<?xml version="1.0"?><!DOCTYPE urlset [' + lol + b"]>"
            b"<urlset><url><loc>https://x.example.com/&a9;</loc></url></urlset>")
    page = parse_sitemap(body, BASE)
    assert len(repr(page)) < 10_000


def test_iso_date() -> None:
    assert iso_date("2026-01-02") == "2026-01-02"
    assert iso_date("2026-01-02T10:00+01:00") == "2026-01-02T09:00:00+00:00"
    assert iso_date("2026-01-02T10:00:00.5Z") == "2026-01-02T10:00:00+00:00"
    assert iso_date("2026-01-02T10:00:00") == "2026-01-02T10:00:00+00:00"
    assert iso_date("yesterday") is None and iso_date("") is None and iso_date(None) is None


def test_robots_sitemap_lines() -> None:
    robots = ("User-agent: *\nDisallow: /private/\n"
              "Sitemap: https://news.example.com/sitemap_index.xml\n"
              "sitemap: /news-sitemap.xml\nSitemap: https://news.example.com/sitemap_index.xml\n")
    assert robots_sitemaps(robots, base_url="https://news.example.com/") == [
        "https://news.example.com/sitemap_index.xml", "https://news.example.com/news-sitemap.xml"]
    assert robots_sitemaps("") == []
    assert robots_sitemaps("\x00garbage\nSitemap:\n") == []
