"""The HTML pages against a real server: search, facets, pagination, article view, help, errors, XSS."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.search.parser import parse_query
from newsdig.serve.highlight import highlight
from newsdig.serve.pages import (
    active_filters,
    display_url,
    facet_groups,
    parse_offset,
    parse_sort,
    safe_url,
)
from tests.serve.conftest import LiveServer, start_server

HIT_LINK = re.compile(r'<h2 class="hit__title"[^>]*><a href="(/article/[0-9a-f]+)">')
TIME = re.compile(r'<time datetime="([^"]+)">')


def hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


def query_of(href: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def hit_times(html: str) -> list[str]:
    """The dates of the hits, in page order (the hits list only, not facets)."""
    listing = html.split('<ol class="hits"', 1)[1].split("</ol>", 1)[0]
    return TIME.findall(listing)


# ------------------------------------------------------------------ highlight() and view helpers


def test_highlight_escapes_every_segment_and_marks_ranges() -> None:
    snippet = 'Ships & <script>alert("x")</script> strike at the port'
    start = snippet.index("strike")
    html = str(highlight(snippet, [(start, start + len("strike"))]))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "Ships &amp; " in html
    assert html.endswith("<mark>strike</mark> at the port")


def test_highlight_escapes_inside_marks_and_merges_overlaps() -> None:
    snippet = "a <b>&</b> c"
    html = str(highlight(snippet, [(2, 6), (4, 10), (3, 5)]))
    assert html == "a <mark>&lt;b&gt;&amp;&lt;/b&gt;</mark> c"


def test_highlight_drops_bad_offsets() -> None:
    snippet = "port strike"
    bad: list = [(-5, 4), (5, 500), (7, 7), (9, 3), ("x", 2), (1,), None]
    html = str(highlight(snippet, bad))
    assert html == "<mark>port</mark> <mark>strike</mark>"
    assert str(highlight("", [(0, 3)])) == ""
    assert str(highlight("<i>", [])) == "&lt;i&gt;"


def test_highlight_adjacent_ranges_become_one_mark() -> None:
    assert str(highlight("abcdef", [(0, 2), (2, 4)])) == "<mark>abcd</mark>ef"


def test_safe_url_only_allows_http() -> None:
    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert safe_url("http://example.com") == "http://example.com"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd",
                "https://", "//example.com", "https://exa mple.com", "", None):
        assert safe_url(bad) is None, bad


def test_display_url() -> None:
    assert display_url("https://www.example.com/2025/03/story") == "example.com › 2025 › 03 › story"
    assert display_url("file:///tmp/x.txt") == "file:///tmp/x.txt"


def test_bad_params_fall_back_to_defaults() -> None:
    assert parse_offset("abc") == 0
    assert parse_offset("-20") == 0
    assert parse_offset("25") == 20
    assert parse_offset("99999999") == 10_000
    assert parse_sort("DATE") == "date"
    assert parse_sort("random") == "relevance"


def test_facet_links_add_and_remove_filters() -> None:
    q = "port strike"
    parsed = parse_query(q)
    facets = {"source": [("The Harbor Herald", 3)], "language": [("en", 3)], "month": [("2025-03", 2)]}
    groups = {g["name"]: g["items"][0] for g in facet_groups(q, parsed, facets)}
    assert query_of(groups["source"]["href"])["q"] == 'port strike source:"The Harbor Herald"'
    assert query_of(groups["language"]["href"])["q"] == "port strike lang:en"
    assert query_of(groups["month"]["href"])["q"] == "port strike after:2025-03-01 before:2025-04-01"

    narrowed = 'port strike source:"The Harbor Herald" after:2025-03-01 before:2025-04-01'
    parsed = parse_query(narrowed)
    groups = {g["name"]: g["items"][0] for g in facet_groups(narrowed, parsed, facets)}
    assert groups["source"]["active"] and groups["month"]["active"]
    assert query_of(groups["source"]["href"])["q"] == "port strike after:2025-03-01 before:2025-04-01"
    chips = {c["label"]: query_of(c["href"])["q"] for c in active_filters(parsed)}
    assert chips == {
        "Source: The Harbor Herald": "port strike after:2025-03-01 before:2025-04-01",
        "Month: March 2025": 'port strike source:"The Harbor Herald"',
    }


def test_month_facet_replaces_an_existing_date_range() -> None:
    q = "port after:2024"
    groups = {g["name"]: g for g in facet_groups(q, parse_query(q), {"month": [("2025-12", 1)]})}
    assert query_of(groups["month"]["items"][0]["href"])["q"] == "port after:2025-12-01 before:2026-01-01"


# ------------------------------------------------------------------ pages on the fixture home


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as c:
        yield c


def test_home_page(client: httpx.Client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<html lang="en">' in html
    assert 'name="q"' in html and '<label for="q"' in html
    assert 'role="search"' in html and '<main id="main"' in html and 'class="skip-link"' in html
    assert '<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"' in html
    assert "Sample data" not in html  # not the demo home
    assert re.search(r"Search [\d,]+ news articles", html)
    assert not re.search(r"<[^>]+\son[a-z]+=", html)  # no inline event handlers
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/newsdig.js" defer>']
    assert "'unsafe-inline'" not in r.headers["content-security-policy"]


def test_static_files_are_served(client: httpx.Client) -> None:
    assert client.get("/static/newsdig.css").status_code == 200
    assert client.get("/static/newsdig.js").status_code == 200
    assert client.get("/static/favicon.svg").status_code == 200


def test_search_shows_results_facets_and_pagination(client: httpx.Client) -> None:
    r = client.get("/search", params={"q": "said"})
    assert r.status_code == 200
    html = r.text
    total = int(re.search(r"([\d,]+) results? \(\d+\.\d+ s\)", html).group(1).replace(",", ""))
    assert total > 10
    links = HIT_LINK.findall(html)
    assert len(links) == 10
    assert "<mark>said</mark>" in html.lower() or "<mark>" in html
    # facets
    assert 'id="refine"' in html
    facet_queries = [query_of(h).get("q", "") for h in hrefs(html) if h.startswith("/search?")]
    assert any(q.startswith('said source:"') for q in facet_queries)
    assert "said lang:en" in facet_queries
    assert any(re.fullmatch(r"said after:\d{4}-\d\d-01 before:\d{4}-\d\d-01", q) for q in facet_queries)
    # pagination: page numbers, Next, no Previous on page 1
    assert 'aria-current="page"' in html
    assert 'rel="next"' in html and 'rel="prev"' not in html
    page2 = next(h for h in hrefs(html) if query_of(h).get("offset") == "10")
    r2 = client.get(page2)
    assert r2.status_code == 200
    assert 'rel="prev"' in r2.text
    links2 = HIT_LINK.findall(r2.text)
    assert len(links2) == total - 10
    assert not set(links) & set(links2)
    # feed and alternate link
    assert '<link rel="alternate" type="application/atom+xml" href="/feed?q=said"' in html
    assert "Subscribe (Atom feed)" in html


def test_facet_link_narrows_the_results(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "said"}).text
    before = len(HIT_LINK.findall(html))
    link = next(h for h in hrefs(html) if query_of(h).get("q") == 'said source:"dailyplanet"')
    narrowed = client.get(link).text
    n = int(re.search(r"(\d+) results? \(", narrowed).group(1))
    assert 0 < n < before
    assert re.findall(r'<span class="source">([^<]*)</span>', narrowed) == ["dailyplanet"] * n
    assert "Source: dailyplanet" in narrowed  # the chip
    chip = next(h for h in hrefs(narrowed) if query_of(h).get("q") == "said")
    assert chip  # removing the chip goes back to the plain query


def test_sort_by_date_is_newest_first(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "said", "sort": "date"}).text
    times = hit_times(html)
    assert len(times) == 10
    assert times == sorted(times, reverse=True)
    assert '<span class="sort__opt sort__opt--on" aria-current="true">Newest</span>' in html
    # paging keeps the sort
    assert any(query_of(h).get("sort") == "date" and query_of(h).get("offset") == "10" for h in hrefs(html))


def test_bad_offset_and_sort_fall_back(client: httpx.Client) -> None:
    default = HIT_LINK.findall(client.get("/search", params={"q": "said"}).text)
    for params in ({"offset": "abc"}, {"offset": "-3"}, {"sort": "bogus"}, {"offset": "", "sort": ""}):
        r = client.get("/search", params={"q": "said", **params})
        assert r.status_code == 200, params
        assert HIT_LINK.findall(r.text) == default, params
    far = client.get("/search", params={"q": "said", "offset": "5000"})
    assert far.status_code == 200
    assert HIT_LINK.findall(far.text)  # past the end: the last page, not an empty one


def test_did_you_mean(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "habor"}).text
    assert "Did you mean" in html
    assert any(query_of(h).get("q") == "harbor" for h in hrefs(html))


def test_empty_results_page_helps(client: httpx.Client) -> None:
    r = client.get("/search", params={"q": "zqxjvv source:nowhere"})
    assert r.status_code == 200
    html = r.text
    assert "No articles match" in html
    assert "Use fewer words" in html and "Check the spelling" in html and "Remove filters" in html
    assert 'href="/help"' in html
    assert any(query_of(h).get("q") == "zqxjvv" for h in hrefs(html))  # without the filter


def test_help_page_documents_the_syntax(client: httpx.Client) -> None:
    r = client.get("/help")
    assert r.status_code == 200
    html = unescape(r.text)
    for operator in ('"a phrase"', "-word", '-"a phrase"', "OR", "site:", "source:", "after:", "before:",
                     "lang:", "intitle:"):
        assert operator in html, operator
    examples = [query_of(h)["q"] for h in hrefs(r.text) if h.startswith("/search?q=")]
    assert len(examples) >= 10
    assert 'intitle:strike' in examples


def test_article_view(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "dredging permit"}).text
    link = HIT_LINK.findall(html)[0]
    r = client.get(link)
    assert r.status_code == 200
    page = r.text
    assert '<h1 id="article-title"' in page
    assert len(re.findall(r"<p>[^<]{40,}</p>", page)) >= 3  # the text as paragraphs
    original = re.search(r'<a class="button" href="(https?://[^"]+)"', page)
    assert original and "harborherald.com" in original.group(1)
    assert "Read the original" in page
    assert "<time datetime=" in page
    assert '<link rel="search"' in page


def test_unknown_article_is_a_friendly_404(client: httpx.Client) -> None:
    r = client.get("/article/ffffffffffffffff")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "find that article" in r.text and 'href="/"' in r.text
    r = client.get("/article/<b>x<b>")
    assert r.status_code == 404 and "<b>x<b>" not in r.text and "&lt;b&gt;x&lt;b&gt;" in r.text


def test_query_is_escaped(client: httpx.Client) -> None:
    q = '<script>alert(1)</script> "><img src=x onerror=alert(2)>'
    for path in ("/search", "/"):
        r = client.get(path, params={"q": q})
        assert r.status_code == 200
        assert "<script>alert(1)</script>" not in r.text
        assert "<img src=x" not in r.text
    html = client.get("/search", params={"q": q}).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img' in html


# ------------------------------------------------------------------ a home with hostile articles


EVIL_BODY = (
    'Zebrafish <script>alert("body")</script> swim in the bay. <img src=x onerror=alert(2)> The '
    "zebrafish count rose by a third this spring, researchers said on Monday, & more <b>bold</b> "
    "claims followed.\n\nA second paragraph about zebrafish habitats and the river & estuary."
)


def build_hostile_home(root: Path) -> Home:
    """Articles whose title, source, authors, text and URL carry markup and script."""
    rows = [
        {"url": "https://evil.example.com/2025/01/zebra", "published": "2025-01-05",
         "title": '<script>alert("title")</script> Zebrafish <img src=x onerror=alert(1)>',
         "text": EVIL_BODY, "source": "Evil <b>Source</b>", "language": "en",
         "authors": ["<i>Mallory</i>"]},
        {"url": "javascript:alert(3)", "published": "2025-02-05", "title": "Zebrafish javascript link",
         "text": EVIL_BODY.replace("third", "quarter"), "source": "Evil <b>Source</b>", "language": "en"},
    ]
    root.mkdir(parents=True, exist_ok=True)
    data = root / "evil.jsonl"
    data.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    home = Home(root / "home")
    summary = add_paths(home, [str(data)])
    assert summary.as_dict()["added"] == 2
    return home


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    home = build_hostile_home(tmp_path_factory.mktemp("hostile"))
    server, thread, url = start_server(home, sample=True)
    try:
        with httpx.Client(base_url=url, timeout=30) as c:
            yield c
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def assert_no_live_markup(html: str) -> None:
    for raw in ("<script>alert", "<img src=x", "<b>Source</b>", "<i>Mallory</i>", 'href="javascript:'):
        assert raw not in html, raw


def test_stored_markup_is_escaped_in_results(hostile: httpx.Client) -> None:
    html = hostile.get("/search", params={"q": "zebrafish"}).text
    assert "2 results" in html
    assert_no_live_markup(html)
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; Zebrafish &lt;img" in html
    assert "Evil &lt;b&gt;Source&lt;/b&gt;" in html
    assert "<mark>" in html  # the snippet is highlighted, and still escaped
    assert html.count("Original<span") == 1  # the javascript: URL is shown, never linked


def test_stored_markup_is_escaped_in_the_article_view(hostile: httpx.Client) -> None:
    html = hostile.get("/search", params={"q": "zebrafish"}).text
    for link in HIT_LINK.findall(html):
        page = hostile.get(link).text
        assert_no_live_markup(page)
        assert "&lt;script&gt;alert(&#34;body&#34;)&lt;/script&gt;" in page
        assert "&amp; more &lt;b&gt;bold&lt;/b&gt;" in page


def test_sample_banner_on_every_page(hostile: httpx.Client) -> None:
    banner = "fictional articles written for the newsdig demo (plus one real scraped page)"
    html = hostile.get("/search", params={"q": "zebrafish"}).text
    article = HIT_LINK.findall(html)[0]
    for path in ("/", "/search?q=zebrafish", "/help", article, "/article/nope"):
        page = hostile.get(path).text
        assert "Sample data" in page and banner in page, path


def test_empty_home_says_how_to_add_articles(tmp_path: Path) -> None:
    server, thread, url = start_server(Home(tmp_path / "empty"))
    try:
        with httpx.Client(base_url=url, timeout=30) as c:
            for path in ("/", "/search?q=anything"):
                r = c.get(path)
                assert r.status_code == 200, path
                assert "No articles yet" in r.text and "newsdig add" in r.text, path
            assert c.get("/article/abcdef").status_code == 404
            assert c.get("/help").status_code == 200
    finally:
        server.should_exit = True
        thread.join(timeout=10)
