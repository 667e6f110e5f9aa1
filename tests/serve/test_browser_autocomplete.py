"""Search-box completions in a real browser (Playwright + Debian's Chromium) over a real server.

Skipped like test_browser.py where /usr/bin/chromium is missing, unless NEWSDIG_REQUIRE_BROWSER=1.
Every page is watched for script errors and CSP violations (autocomplete.js is loaded by
newsdig.js, no inline script), hostile stored text must show as text and never run, and the
search box must work as before with JavaScript off.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.serve.conftest import LiveServer
from tests.serve.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.serve.test_browser_enrich import Watched, q_of

sync_api = pytest.importorskip("playwright.sync_api")
TYPING_DELAY_MS = 60  # a person typing: each key an input event, the dropdown debounced


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page())
    yield watched
    context.close()
    assert not watched.problems, watched.problems
    assert not watched.dialogs, watched.dialogs


def type_query(page: Any, text: str) -> Any:
    """Type into the search box and wait for the dropdown; returns the listbox."""
    box = page.locator("#q")
    box.click()
    box.press_sequentially(text, delay=TYPING_DELAY_MS)
    page.locator(f"#q-suggestions[data-query='{text}']").wait_for(state="visible")  # not an earlier prefix's
    return page.locator("#q-suggestions")


def option(page: Any, text: str) -> Any:
    return page.locator("#q-suggestions [role=option]", has=page.locator(".suggestion__text", has_text=text))


def test_choose_a_name_with_the_keyboard_and_land_on_results(watched: Watched,
                                                             enriched_server: LiveServer) -> None:
    page = watched.page
    page.goto(enriched_server.url + "/")
    box = page.locator("#q")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    listbox = type_query(page, "Gera")
    assert listbox.get_attribute("role") == "listbox"
    assert box.get_attribute("aria-controls") == "q-suggestions"
    assert box.get_attribute("aria-expanded") == "true"
    wanted = option(page, "Valery Gerasimov").first
    wanted.wait_for()
    assert wanted.locator(".suggestion__kind").inner_text() == "name"
    wanted_id = wanted.get_attribute("id")
    for _ in range(listbox.locator("[role=option]").count()):
        box.press("ArrowDown")
        if box.get_attribute("aria-activedescendant") == wanted_id:
            break
    assert box.get_attribute("aria-activedescendant") == wanted_id
    assert wanted.get_attribute("aria-selected") == "true"
    assert listbox.locator("[aria-selected=true]").count() == 1
    box.press("Enter")
    page.wait_for_url("**/search?q=Valery+Gerasimov*")
    assert q_of(page.url) == "Valery Gerasimov"
    assert page.locator("#q").input_value() == "Valery Gerasimov"
    assert page.locator(".hits .hit__title a").count() > 0
    assert int(page.inner_text(".results-line").split()[0].replace(",", "")) > 0


def test_arrows_wrap_and_escape_closes_before_it_leaves(watched: Watched,
                                                        enriched_server: LiveServer) -> None:
    page = watched.page
    page.goto(enriched_server.url + "/")
    listbox = type_query(page, "gera")
    box = page.locator("#q")
    count = listbox.locator("[role=option]").count()
    assert count >= 2
    box.press("ArrowUp")  # from the typed text up to the last option
    assert box.get_attribute("aria-activedescendant") == f"q-suggestions-{count - 1}"
    box.press("ArrowDown")  # past the last: back to the typed text
    assert box.get_attribute("aria-activedescendant") is None
    box.press("Escape")  # closes the list, keeps the text and the focus
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "q" and box.input_value() == "gera"
    box.press("ArrowDown")  # opens it again
    listbox.wait_for(state="visible")
    box.press("Escape")
    box.press("Escape")  # with the list closed: the page's own shortcut, leave the box
    assert listbox.is_hidden() and page.evaluate("document.activeElement.id") != "q"


def test_click_an_option_and_enter_without_one(watched: Watched, enriched_server: LiveServer) -> None:
    page = watched.page
    page.goto(enriched_server.url + "/search?q=kursk")
    box = page.locator("#q")
    box.fill("")
    type_query(page, "speaker:syr")
    choice = option(page, 'speaker:"Oleksandr Syrskyi"').first
    assert choice.get_attribute("data-kind") == "speaker"
    assert choice.locator(".suggestion__kind").inner_text() == "speaker"
    choice.click()
    page.wait_for_url("**/search?q=speaker*")
    assert q_of(page.url) == 'speaker:"Oleksandr Syrskyi"'
    # Enter with no option chosen searches what was typed.
    box = page.locator("#q")
    box.fill("")
    type_query(page, "pyo")
    box.press("Enter")
    page.wait_for_url("**/search?q=pyo*")
    assert q_of(page.url) == "pyo"


def test_stored_markup_in_a_story_label_stays_text(watched: Watched,
                                                   hostile_enriched_server: LiveServer) -> None:
    page = watched.page
    page.goto(hostile_enriched_server.url + "/")
    type_query(page, "harb")
    story = page.locator("#q-suggestions [data-kind=story]").first
    story.wait_for()
    assert '<script>alert("label")</script>' in story.inner_text()
    assert page.locator("#q-suggestions script, #q-suggestions img").count() == 0


def test_without_javascript_the_box_is_a_plain_search_field(browser: Any,
                                                            enriched_server: LiveServer) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(enriched_server.url + "/")
        box = page.locator("#q")
        assert box.get_attribute("role") is None and page.locator("#q-suggestions").count() == 0
        box.fill("Gera")
        box.press("Enter")
        page.wait_for_url("**/search?q=Gera*")
        assert page.locator("#q").input_value() == "Gera"
    finally:
        context.close()
