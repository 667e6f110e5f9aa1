"""The dispatcher and `extract_file`: identity, sniffing, and never raising on bad input."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from newsdig.extract import extract, extract_file, guess_source
from newsdig.extract.urls import normalise_url, registered_domain, synthetic_url
from newsdig.models import Article, Capture, Rejection, content_hash

FIXTURES = Path(__file__).parents[1] / "fixtures"
STORY = FIXTURES / "site" / "storm-elena-power-outages.html"
TEXT = FIXTURES / "text" / "dailyplanet" / "tunnel-reopens.txt"
GARBAGE = random.Random(7).randbytes(20_000)


def _capture(body: bytes, kind: str = "html", origin: str = "-") -> Capture:
    return Capture(url=None, body=body, kind=kind, origin=origin)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "kind", "reason"),
    [
        (b"", "html", "empty-text"),
        (b"   \n\n  ", "text", "empty-text"),
        (GARBAGE, "html", "undecodable"),
        (GARBAGE, "text", "undecodable"),
        (b"\x00" * 5000, "text", "undecodable"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "html", "not-article"),
        (b"\x89PNG\r\n\x1a\n" + GARBAGE, "html", "not-article"),
        (b"\x1f\x8b\x08\x00 not really gzip", "html", "undecodable"),
        (b"<html><body><nav>Home</nav></body></html>", "html", "empty-text"),
    ],
)
def test_bad_input_is_a_rejection(body: bytes, kind: str, reason: str) -> None:
    result = extract(_capture(body, kind))
    assert isinstance(result, Rejection)
    assert (result.stage, result.reason) == ("extract", reason)
    assert result.detail


@pytest.mark.parametrize(
    "body",
    [
        b"<div>" * 200_000 + b"deep" + b"</div>" * 10,
        b"<html><body><p>" + b"a" * 3_000_000 + b"</p></body></html>",
        b"<html><body><p>" + "caf\xe9 ".encode("latin-1") * 50 + b"\xff\xfe\x00</p>",
        b"<?xml version='1.0' encoding='utf-8'?><html><body><p>" + b"word " * 100 + b"</p></body></html>",
        "\ufeffThe port reopened on Monday after a strike. ".encode("utf-16") * 20,
        b"<<<>>><p<p<p>>" * 1000,
        b"<script>" + b"var x = 1;" * 10_000,
    ],
)
def test_hostile_input_never_raises(body: bytes) -> None:
    for kind in ("html", "text"):
        assert isinstance(extract(_capture(body, kind)), Article | Rejection)


def test_synthetic_urls() -> None:
    assert synthetic_url("/data/news/a.txt", "text") == "file:///data/news/a.txt"
    assert synthetic_url("data/my news/a.txt", "text") == "file:data/my%20news/a.txt"
    assert synthetic_url("-", "some text") == f"urn:newsdig:sha256:{content_hash('some text')}"
    assert synthetic_url("crawl.warc.gz@1234", "t").startswith("urn:newsdig:sha256:")


def test_url_and_source_arguments_override_guesses() -> None:
    capture = Capture(url=None, body=TEXT.read_bytes(), kind="text", origin=str(TEXT))
    article = extract(capture, url="https://planet.example.com/tunnel", source="daily-planet")
    assert isinstance(article, Article)
    assert article.url == article.canonical_url == "https://planet.example.com/tunnel"
    assert article.source == "daily-planet"


def test_stdin_text_gets_a_content_urn() -> None:
    article = extract(Capture(url=None, body=TEXT.read_bytes(), kind="text", origin="-"))
    assert isinstance(article, Article)
    assert article.url == f"urn:newsdig:sha256:{article.content_hash}"
    assert article.source == "unknown"


def test_extract_file_reads_gzipped_html(tmp_path: Path) -> None:
    packed = tmp_path / "storm.html.gz"
    packed.write_bytes(gzip.compress(STORY.read_bytes()))
    article = extract_file(packed, url=None, source=None)
    plain = extract_file(STORY, url=None, source=None)
    assert isinstance(article, Article) and isinstance(plain, Article)
    assert article.text == plain.text and article.id == plain.id


def test_extract_file_sniffs_html_without_extension(tmp_path: Path) -> None:
    copy = tmp_path / "page"
    copy.write_bytes(STORY.read_bytes())
    article = extract_file(copy)
    assert isinstance(article, Article) and article.extractor.startswith("trafilatura")


def test_extract_file_missing_is_a_rejection(tmp_path: Path) -> None:
    result = extract_file(tmp_path / "nope.html")
    assert isinstance(result, Rejection) and result.reason == "unreadable"


def test_urls_and_domains() -> None:
    assert registered_domain("https://www.bbc.co.uk/news/world") == "bbc.co.uk"
    assert registered_domain("https://News.Example.COM/a") == "example.com"
    assert registered_domain("file:///tmp/a.txt") is None
    assert normalise_url("https://WWW.Example.com:443/a?utm_source=x&b=2&a=1#frag") == "https://www.example.com/a?a=1&b=2"
    assert normalise_url("/relative/path") is None
    assert normalise_url("/relative/path", base="https://example.com/x/") == "https://example.com/relative/path"
    assert normalise_url("mailto:someone@example.com") is None


def test_guess_source_prefers_the_site_name_then_the_domain() -> None:
    assert guess_source("https://www.bbc.co.uk/news/1", "BBC News", "-") == "BBC News"
    assert guess_source("https://www.bbc.co.uk/news/1", "  ", "-") == "bbc.co.uk"
    assert guess_source("https://www.bbc.co.uk/news/1", None, "-") == "bbc.co.uk"
    assert guess_source("file:///x/y.html", "The Harbor Herald", "/x/y.html") == "The Harbor Herald"
    assert guess_source("file:///captures/planet/a.txt", None, "/captures/planet/a.txt") == "planet"
    assert guess_source(None, None, "-") == "unknown"


def test_text_served_as_html_takes_the_text_path() -> None:
    capture = Capture(url="https://planet.example.com/t", body=TEXT.read_bytes(), kind="html", origin="-")
    article = extract(capture)
    assert isinstance(article, Article)
    assert article.extractor == "plaintext 1"
    assert article.title == "Harbor tunnel reopens after two-year repair"
