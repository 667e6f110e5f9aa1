"""newsdig's metadata pass must find exactly what trafilatura's `extract_metadata` finds.

The pass (newsdig.extract.metadata, .bylines) is a faster arrangement of trafilatura's own steps;
these tests hold it to trafilatura's answers on the fixture site and on markup built to reach
every branch of the author search. bench/ingest.py and docs/performance.md have the speed.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import pytest
from lxml.html import HtmlElement, tostring
from trafilatura.metadata import extract_author, extract_metadata
from trafilatura.xpaths import AUTHOR_XPATHS

from newsdig.extract.bylines import MIRROR_HOLDS, byline_candidates
from newsdig.extract.metadata import _DISCARD, _author, page_metadata
from newsdig.extract.parse import load_markup

SITE = Path(__file__).parents[1] / "fixtures" / "site"
DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2026-11-01"}


def _page(body: str, head: str = "<title>Harbor news</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


# Each page reaches one branch of the author search; trafilatura's answer is the expectation.
AUTHOR_PAGES = {
    "specific class": _page('<p>Text</p><span class="author-name">Maria Delgado</span>'),
    "rel=author link": _page('<a rel="author" href="/m">Thomas Reed</a><p>Body text.</p>'),
    "common id": _page('<div id="post-author">Priya Nair</div>'),
    "byline class": _page('<p class="byline">Daniel Okafor</p>'),
    "any element": _page('<section class="Byline">Anna Berg</section>'),
    "itemprop": _page('<em itemprop="author">Jon Smith</em>'),
    "inside comments": _page('<div id="comments"><span class="author">Troll Name</span></div>'
                             '<span class="writer">Real Writer</span>'),
    "inside figure": _page('<figure><span class="author">Photo Credit</span></figure>'
                           '<div class="byline">Lena Ortiz</div>'),
    "time inside byline": _page('<div class="byline">By Maria Delgado <time>May 5, 2025</time> '
                                'in Harbor City</div>'),
    "date span inside": _page('<p class="author">Thomas Reed<span class="date">2025</span>tail</p>'),
    "too long": _page('<div class="author">' + "word " * 40 + '</div><a class="author">Short Name</a>'),
    "too short": _page('<span class="author">X</span><span class="byline">Jane Roe</span>'),
    "discarded ancestor by class": _page('<div class="sidebar"><p><a class="author">Side Bar</a></p></div>'),
    "nested candidates": _page('<div class="author-box"><span class="author-name">Inner Name</span>'
                               ' and more words</div>'),
    "author element": _page("<author>Custom Element</author>"),
    "rel element": _page("<p class='byline'>Kim Lee<rel>me</rel></p>"),
    "none": _page("<p>No byline anywhere on this page, just text.</p>"),
}


@pytest.mark.parametrize("name", sorted(AUTHOR_PAGES))
def test_the_author_search_finds_what_trafilatura_finds(name: str) -> None:
    tree = load_markup(AUTHOR_PAGES[name])
    assert tree is not None
    expected = extract_author(tree)
    assert _author(tree) == expected


def test_the_author_search_on_a_fragment_searches_only_the_fragment() -> None:
    """lxml returns the lone element of a fragment; trafilatura searches a copy of it alone."""
    tree = load_markup('<div><p>Some words here.</p><span class="author">Frag Ment</span></div>')
    assert tree is not None
    assert _author(tree) == extract_author(tree)


def test_the_author_search_leaves_the_page_untouched() -> None:
    tree = load_markup(AUTHOR_PAGES["inside comments"])
    before = deepcopy(tree)
    _author(tree)
    assert _same_tree(tree, before)


@pytest.mark.parametrize("name", sorted(AUTHOR_PAGES))
def test_the_byline_walk_returns_what_the_xpaths_return(name: str) -> None:
    tree = load_markup(AUTHOR_PAGES[name])
    found = byline_candidates(tree)
    if name == "rel element":
        assert found is None  # left to trafilatura (see bylines.byline_candidates)
        return
    assert found is not None
    assert list(found) == [expression(tree) for expression in AUTHOR_XPATHS]


def test_the_installed_trafilatura_has_the_xpaths_the_fast_paths_mirror() -> None:
    """Fails after a trafilatura upgrade that changed its author XPaths: results stay right (the
    slow path runs), but update bylines.MIRRORED and the rewrite in metadata to get the speed back."""
    assert MIRROR_HOLDS
    assert _DISCARD is not None


@pytest.mark.parametrize("page", sorted(p.name for p in SITE.glob("*.html")))
def test_page_metadata_equals_trafilatura_on_the_fixture_site(page: str) -> None:
    markup = (SITE / page).read_text(encoding="utf-8")
    tree = load_markup(markup)
    assert tree is not None
    expected = extract_metadata(deepcopy(tree), None, dict(DATE_PARAMS))
    found = page_metadata(tree, None, DATE_PARAMS)
    assert (found.title, found.author, found.date, found.sitename, found.description) == (
        expected.title, expected.author, expected.date, expected.sitename, expected.description)


def _same_tree(a: HtmlElement, b: HtmlElement) -> bool:
    return tostring(a) == tostring(b)
