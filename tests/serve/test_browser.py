"""The search page in a real browser: Playwright driving Debian's Chromium on 127.0.0.1.

Skipped with a reason where /usr/bin/chromium is missing, unless NEWSDIG_REQUIRE_BROWSER=1
(set by .ci/run, which installs Chromium), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdig.demo import build_demo_home
from newsdig.home import Home
from tests.serve.conftest import LiveServer, _serve

CHROMIUM = Path("/usr/bin/chromium")
ATOM = "{http://www.w3.org/2005/Atom}"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = os.environ.get("NEWSDIG_SCREENSHOT")  # where to keep a picture of the results page

if not CHROMIUM.exists():
    if os.environ.get("NEWSDIG_REQUIRE_BROWSER") == "1":
        raise RuntimeError("NEWSDIG_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing")
    pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed; .ci/run installs it",
                allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The bundled demo sample (a few hundred articles, so facets and pages mean something)."""
    home = Home(tmp_path_factory.mktemp("browser-home"))
    build_demo_home(home)
    yield from _serve(home, sample=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


def search_from_home(page: object, server: LiveServer, query: str) -> None:
    page.goto(server.url + "/")  # type: ignore[attr-defined]
    page.fill("#q", query)  # type: ignore[attr-defined]
    page.press("#q", "Enter")  # type: ignore[attr-defined]
    page.wait_for_url("**/search?**")  # type: ignore[attr-defined]


def hit_titles(page: object) -> list[str]:
    return page.locator(".hits .hit__title a").all_inner_texts()  # type: ignore[attr-defined]


def hit_links(page: object) -> list[str]:
    """Article links: titles repeat across outlets (syndicated copies), ids do not."""
    links = page.locator(".hits .hit__title a")  # type: ignore[attr-defined]
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


def test_search_facet_click_and_sample_banner(page: object, demo_server: LiveServer) -> None:
    search_from_home(page, demo_server, "strike")
    assert "Sample data" in page.inner_text("body")  # type: ignore[attr-defined]
    line = page.inner_text(".results-line")  # type: ignore[attr-defined]
    total = int(line.split()[0].replace(",", ""))
    assert total > 10 and hit_titles(page)
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT)  # type: ignore[attr-defined]
    first_source = page.locator(".facet").first.locator(".facet__link").first  # type: ignore[attr-defined]
    chosen = first_source.locator(".facet__label").inner_text().strip()
    first_source.click()
    page.wait_for_url("**source%3A*")  # type: ignore[attr-defined]
    narrowed = int(page.inner_text(".results-line").split()[0].replace(",", ""))  # type: ignore[attr-defined]
    assert 0 < narrowed < total
    sources = page.locator(".hits .hit__source .source").all_inner_texts()  # type: ignore[attr-defined]
    assert sources and all(s == chosen for s in sources)
    assert page.locator(".chip").count() >= 1  # type: ignore[attr-defined]


def test_paginate_and_open_an_article(page: object, demo_server: LiveServer) -> None:
    search_from_home(page, demo_server, "said")
    first_page = hit_links(page)
    assert len(first_page) == 10
    page.click("a[rel=next]")  # type: ignore[attr-defined]
    page.wait_for_url("**offset=10*")  # type: ignore[attr-defined]
    second_page = hit_links(page)
    assert second_page and not set(second_page) & set(first_page)
    title = hit_titles(page)[0]
    page.locator(".hits .hit__title a").first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/article/*")  # type: ignore[attr-defined]
    assert page.inner_text("h1").strip() == title.strip()  # type: ignore[attr-defined]
    paragraphs = page.locator(".article__body p").all_inner_texts()  # type: ignore[attr-defined]
    assert len(paragraphs) >= 3
    assert "Previous article" not in " ".join(paragraphs)


def test_feed_link_gives_an_atom_feed_newest_first(page: object, demo_server: LiveServer) -> None:
    search_from_home(page, demo_server, "port")
    href = page.get_attribute(".feed-link", "href")  # type: ignore[attr-defined]
    response = page.request.get(demo_server.url + href)  # type: ignore[attr-defined]
    assert response.ok and "atom" in response.headers["content-type"]
    feed = ET.fromstring(response.body())
    updated = [e.findtext(f"{ATOM}updated") or "" for e in feed.findall(f"{ATOM}entry")]
    assert len(updated) > 1 and updated == sorted(updated, reverse=True)


def test_a_script_typed_as_a_query_is_shown_as_text(page: object, demo_server: LiveServer) -> None:
    attack = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    search_from_home(page, demo_server, attack)
    assert page.evaluate("window.__pwned") is None  # type: ignore[attr-defined]
    assert page.input_value("#q") == attack  # type: ignore[attr-defined]
    assert "<script>window.__pwned" in page.inner_text("main")  # type: ignore[attr-defined]


def test_api_docs_render_offline(page: object, demo_server: LiveServer) -> None:
    """Swagger UI comes from the server itself, not a CDN, so /docs works without internet."""
    page.goto(demo_server.url + "/docs")  # type: ignore[attr-defined]
    page.wait_for_selector(".opblock", timeout=15_000)  # type: ignore[attr-defined]
    paths = page.locator(".opblock-summary-path").all_inner_texts()  # type: ignore[attr-defined]
    assert any("/api/search" in p for p in paths)
