"""Stories, who said what and the name facets in a real browser (Playwright + Debian's Chromium).

Skipped like test_browser.py where /usr/bin/chromium is missing, unless NEWSDIG_REQUIRE_BROWSER=1.
Every page is also watched for script errors and Content-Security-Policy violations (the pages
must work with no inline script), and hostile stored text must never run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.serve.conftest import LiveServer
from tests.serve.test_browser import CHROMIUM, CHROMIUM_ARGS

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page plus what went wrong on it: script errors, console errors (CSP reports), dialogs."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on("console", lambda msg: self.problems.append(msg.text) if msg.type == "error" else None)
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page())
    yield watched
    context.close()
    assert not watched.problems, watched.problems


def api(page: Any, server: LiveServer, path: str, **params: Any) -> Any:
    response = page.request.get(server.url + path, params=params)
    assert response.ok, response.text()
    return response.json()


def q_of(url: str) -> str:
    return parse_qs(urlsplit(url).query).get("q", [""])[0]


def test_article_page_says_who_said_what(watched: Watched, enriched_server: LiveServer) -> None:
    page = watched.page
    seed = api(page, enriched_server, "/api/quotes", speaker="Syrskyi")["quotes"][-1]["article_id"]
    page.goto(f"{enriched_server.url}/article/{seed}")
    page.click("a[href='#who-said-title']")  # the jump from the article's header
    assert page.url.endswith("#who-said-title")
    who = page.locator("section.who-said")
    assert who.locator("h2").inner_text() == "Who said what"
    gerasimov = who.locator("section.speaker", has=page.locator("h3", has_text="Valery Gerasimov"))
    stances = [s.lower() for s in gerasimov.locator(".stance").all_inner_texts()]
    assert {"praises", "claims"} <= set(stances)
    assert "heroism" in gerasimov.inner_text()
    syrskyi = who.locator("section.speaker", has=page.locator("h3", has_text="Oleksandr Syrskyi"))
    assert {"warns", "states"} <= {s.lower() for s in syrskyi.locator(".stance").all_inner_texts()}
    assert "11,000-12,000" in syrskyi.locator(".statement__text mark").all_inner_texts()
    assert syrskyi.locator(".statement__text--direct").first.inner_text().startswith("“They are numerous.")
    names = page.locator("section.aside-box", has=page.locator("#names-title"))
    names.locator("a", has_text="Kim Jong Un").first.click()
    page.wait_for_url("**/search?**")
    assert q_of(page.url) == 'entity:"Kim Jong Un"'
    assert page.locator(".hits .hit").count() >= 1


def test_click_a_speaker_facet(watched: Watched, enriched_server: LiveServer) -> None:
    page = watched.page
    page.goto(enriched_server.url + "/")
    page.fill("#q", "Kursk")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?**")
    before = int(page.inner_text(".results-line").split()[0].replace(",", ""))
    group = page.locator("section.facet", has=page.locator("#facet-speaker"))
    link = group.locator("a.facet__link", has_text="Valery Gerasimov").first
    if not link.is_visible():  # beyond the first eight: open "N more"
        group.locator("summary").click()
    link.click()
    page.wait_for_url("**speaker%3A**")
    assert q_of(page.url) == 'Kursk speaker:"Valery Gerasimov"'
    after = int(page.inner_text(".results-line").split()[0].replace(",", ""))
    expected = api(page, enriched_server, "/api/search", q='Kursk speaker:"Valery Gerasimov"')
    assert 0 < after == expected["total"] < before
    quoted = page.locator(".hits .hit__quoted").all_inner_texts()
    assert len(quoted) == len(expected["hits"]) and all("Valery Gerasimov" in q for q in quoted)
    chip = page.locator(".chip", has_text="Speaker: Valery Gerasimov")
    chip.click()  # and the chip takes it off again
    page.wait_for_url("**/search?**")
    assert q_of(page.url) == "Kursk"


def test_from_a_hit_to_its_story_and_on_to_an_article(watched: Watched, enriched_server: LiveServer) -> None:
    page = watched.page
    page.goto(enriched_server.url + "/search?q=said")
    story_link = page.locator(".hits .hit__story").first
    label = story_link.inner_text().removeprefix("story: ").rsplit(" · ", 1)[0]
    story_link.click()
    page.wait_for_url("**/stories/*")
    assert page.inner_text("h1").strip() == label.strip()
    assert page.locator("section.who-said .speaker").count() >= 1
    assert page.locator("section.who-said .stance").count() >= 1
    entries = page.locator(".timeline .timeline__item")
    assert entries.count() >= 2
    title = entries.first.locator("a").inner_text()
    entries.first.locator("a").click()
    page.wait_for_url("**/article/*")
    assert page.inner_text("h1").strip() == title.strip()
    assert page.locator("#story-title").count() == 1  # the article links back to its story


def test_similar_articles_unfold(watched: Watched, enriched_server: LiveServer) -> None:
    page = watched.page
    page.goto(enriched_server.url + "/search?q=said")
    copies = page.locator(".hits .hit__copies").first
    assert not copies.locator("ul").is_visible()
    copies.locator("summary").click()
    assert copies.locator("ul li").first.is_visible()
    copies.locator("a", has_text="Show every copy").click()
    page.wait_for_url("**collapse=0**")
    assert page.locator(".collapse-toggle").inner_text() == "Fold copies"
    assert page.locator(".hits .hit__copies").count() == 0
    page.fill("#q", "said strike")  # a new search keeps the copies shown
    page.press("#q", "Enter")
    page.wait_for_url("**q=said+strike**")
    assert "collapse=0" in page.url


def test_stored_script_never_runs(watched: Watched, hostile_enriched_server: LiveServer) -> None:
    page = watched.page
    base = hostile_enriched_server.url
    hit = api(page, hostile_enriched_server, "/api/search", q="harbour")["hits"][0]
    for path in ("/search?q=harbour", f"/stories/{hit['story_id']}", "/stories", f"/article/{hit['id']}",
                 "/quotes?speaker=Mallory"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert '<script>alert("' in page.inner_text("main"), path  # shown as text
    assert watched.dialogs == []
