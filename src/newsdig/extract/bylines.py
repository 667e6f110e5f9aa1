"""Byline candidates: trafilatura's three AUTHOR_XPATHS, answered in one walk over the page.

trafilatura tries its author XPaths one after the other over the whole page, and each costs
about 2 ms on a news page: libxml2 evaluates every predicate per element, and the `re:test`
calls go back into Python per element. Pages without a byline (most of those that reach this
search) pay for all three. One walk in Python with the same tests finds the same elements in
the same order for all three at once in about a quarter of the time.

The tests below mirror the expressions in `MIRRORED`; `MIRROR_HOLDS` is False when the
installed trafilatura's differ (an upgrade changed them), and the caller then runs trafilatura's
own search: a change there can cost speed but never correctness. tests/extract/test_metadata.py
compares both on sample markup; on the extraction dev sets all 1,955 pages gave identical lists.

The search runs on `tree` as trafilatura's does, on a copy of it: `//*` then means `tree` and
everything below it, which is what `tree.iter()` walks.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement
from trafilatura.xpaths import AUTHOR_XPATHS

# expression 1: specific markup
_SPECIFIC_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_SPECIFIC_TEST_IDS = frozenset({"AuthorCard", "AuthorURL"})
_SPECIFIC_CLASS = re.compile("author-?name|AuthorName|authorName")
# expression 2: common class and id names
_COMMON_TAGS = frozenset({"a", "div", "h3", "h4", "p", "span"})
_COMMON_CLASSES = frozenset({"byline", "username", "byl", "BBL"})
_COMMON_ID = re.compile("author|zuozhe|bianji|xiaobian")
_COMMON_CLASS = re.compile(
    "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
# expression 3: any element
_ANY_ID = re.compile("[Aa]uthor")
_ANY_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")

# trafilatura 2.x AUTHOR_XPATHS, whitespace collapsed, written with the regexes above
MIRRORED = (
    "//*[self::a or self::address or self::div or self::link or self::p or self::span or self::strong][ "
    "@rel='author' or @id='author' or @class='author' or @itemprop='author name' or rel='me' or "
    "@data-testid='AuthorCard' or @data-testid='AuthorURL' or "
    f"re:test(@class, '{_SPECIFIC_CLASS.pattern}')]|//author",
    "//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span][ @class='byline' or "
    "@class='username' or @class='byl' or @class='BBL' or contains(@itemprop, 'author') or "
    f"re:test(@id, '{_COMMON_ID.pattern}') or re:test(@class, '{_COMMON_CLASS.pattern}')]",
    "//*[ contains(@data-component, 'Byline') or contains(@itemprop, 'author') or "
    f"re:test(@id, '{_ANY_ID.pattern}') or re:test(@class, '{_ANY_CLASS.pattern}')]",
)
MIRROR_HOLDS = tuple(" ".join(xpath.path.split()) for xpath in AUTHOR_XPATHS) == MIRRORED


def _specific(element: HtmlElement, tag: str, cls: str | None, ident: str | None, prop: str | None) -> bool:
    if tag == "author":
        return True
    return tag in _SPECIFIC_TAGS and (
        element.get("rel") == "author" or ident == "author" or cls == "author" or prop == "author name"
        or element.get("data-testid") in _SPECIFIC_TEST_IDS
        or (cls is not None and _SPECIFIC_CLASS.search(cls) is not None))


def _common(tag: str, cls: str | None, ident: str | None, author_prop: bool) -> bool:
    return tag in _COMMON_TAGS and (
        cls in _COMMON_CLASSES or author_prop
        or (ident is not None and _COMMON_ID.search(ident) is not None)
        or (cls is not None and _COMMON_CLASS.search(cls) is not None))


def _anywhere(element: HtmlElement, cls: str | None, ident: str | None, author_prop: bool) -> bool:
    component = element.get("data-component")
    return (author_prop or (component is not None and "Byline" in component)
            or (ident is not None and _ANY_ID.search(ident) is not None)
            or (cls is not None and _ANY_CLASS.search(cls) is not None))


def byline_candidates(tree: HtmlElement) -> tuple[list[HtmlElement], ...] | None:
    """What each of trafilatura's AUTHOR_XPATHS returns for a copy of `tree`, in document order.

    None when the walk cannot stand in for the XPaths: they differ from `MIRRORED`, or the page
    has a <rel> element. trafilatura's first XPath reads ``rel='me'``, which tests the text of a
    child *element* named rel (an attribute was surely meant), and the author search runs after
    pruning that could change such text; no real page has one, so it is left to trafilatura.
    """
    if not MIRROR_HOLDS:
        return None
    found: tuple[list[HtmlElement], ...] = ([], [], [])
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str):  # an entity or other non-element node
            continue
        if tag == "rel":
            return None
        cls, ident, prop = element.get("class"), element.get("id"), element.get("itemprop")
        author_prop = prop is not None and "author" in prop
        if _specific(element, tag, cls, ident, prop):
            found[0].append(element)
        if _common(tag, cls, ident, author_prop):
            found[1].append(element)
        if _anywhere(element, cls, ident, author_prop):
            found[2].append(element)
    return found
