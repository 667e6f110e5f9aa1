"""Python walks standing in for the XPaths that cost trafilatura most on news pages.

Before extracting, trafilatura prunes the whole page of ad and infinite-scroll boxes
(RAW_TREE_PRUNE_XPATH) and of comment sections (REMOVE_COMMENTS_AND_LISTS_XPATH); it looks for
the article container (BODY_XPATH), then prunes navigation, share bars, hidden blocks and the
like from it (OVERALL_DISCARD_XPATH). Their `re:test` predicates call back into Python for every
element with an id or class: these eight XPaths took 4.6 ms of a news page (2026 profile, see
docs/performance.md). A walk in Python with the same tests finds the same elements in the same
order in about 1.4 ms. `faster_xpaths` puts the walks into trafilatura's XPath lists for the
length of one extraction and puts the XPaths back afterwards, so trafilatura used directly (the
benchmark baseline, say) is never affected.

Each walk mirrors the expression text in its slot's `mirrors`, written with the walk's own
regexes; if the installed trafilatura's expressions differ (an upgrade changed them), nothing is
swapped: a change there can cost speed but never correctness. tests/extract/test_walks.py
compares walks and XPaths on sample markup; over the extraction dev sets (1,955 pages; 4,528
calls of OVERALL_DISCARD_XPATH, 3,103 of BODY_XPATH) they gave identical element lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.xpaths import (
    BODY_XPATH,
    OVERALL_DISCARD_XPATH,
    RAW_TREE_PRUNE_XPATH,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
)

_ADS_TAGS = frozenset({"div", "section", "aside"})
_ADS_OR_SCROLL = re.compile("mvp-post-add-(?:box|wrap)|infinite-?scroll")
_ADS = re.compile("mvp-post-add-(?:box|wrap)")
_COMMENT_TAGS = frozenset({"div", "list", "section", "details", "ol", "ul"})
_COMMENT_ID = re.compile("^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)")
_COMMENT_LIST_ID = re.compile("^(?:[Cc]omment(?!ary)|comol)")
_COMMENT_CLASS = re.compile("^[Cc]omment(?!ary)|(?:article|post)-comments")
_BOILERPLATE_TAGS = frozenset({"div", "item", "list", "p", "section", "span"})
_BOILERPLATE_ID = re.compile(
    "^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author|"
    "^(?:jp-|dpsp-content)|bmdh|footer|Footer|share|Share|nav|Nav|menu|related|message-container|"
    "premium|^ad-")
_BOILERPLATE_CLASS = re.compile(
    "^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author|"
    "^(?:nav|post-nav|ZendeskForm)|subnav|avigation|navbar|navbox|menu|bar| ad |-ad-|(?:^| )ad-|"
    "dfp[Aa]d|outbrain|taboola|criteo|paid-?content|widget|footer|Footer|byline|Byline|share-|"
    "sociable|embedded|embed|tag-list|consent|modal-content|permission|elated|next-|-stories|"
    "most-popular|more-on|meta|rating|attachment|timestamp|user-info|user-profile|-icon|"
    "article-infos|message-container|slide|viewport|overlay|options|expand|obfuscated|blurred|"
    "mol-factbox|yin|zlylin|nfoline")
_HIDDEN_ID = re.compile("reader-comments|akismet")
_HIDDEN_CLASS = re.compile(
    "^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print|"
    " hidden| hide|noprint|notloaded")
_BODY_TAGS = ("article", "div", "main", "section")
_ARTICLE_ID = re.compile(
    "(?:entry|article|art)-content|article__content|article(?:-|__)?body|articleBody|body-text")
_ARTICLE_CLASS = re.compile(
    "post[-_]text|post-body|post-?entry|post[-_]?content|postContent|post_inner_wrapper|article-?text|"
    "articleText|(?:entry|page|text|article|art)-content|article__content|article(?:-|__)?body|"
    "articleBody|ArticleContent|body-text|article__container")
_STORY_IDS = frozenset({"article", "story"})
_STORY_CLASSES = frozenset({"postarea", "art-postcontent", "text", "cell", "story"})
_STORY_ID = re.compile("^primary|story-body")
_STORY_FULLTEXT = re.compile("fulltext", re.IGNORECASE)  # re:test(..., 'i')
_STORY_CLASS = re.compile(
    "^article |post-bodycopy|story-?content|(?:theme|blog|section|single)-content|single-post|"
    "main-column|wpb_text_column|story-body|field-body")
_CONTENT_ID = re.compile("content-main|content-body|contentBody")
_CONTENT_CLASS = re.compile("content[-_]main|content(?:-|__)body")


def _matches(pattern: re.Pattern[str], value: str | None) -> bool:
    """XPath ``re:test(@attr, pattern)``: a missing attribute tests the empty string."""
    return value is not None and pattern.search(value) is not None


def _ad_boxes(tree: HtmlElement) -> list[HtmlElement]:
    found = []
    for element in tree.iterdescendants(*_ADS_TAGS):
        ident, cls = element.get("id"), element.get("class")
        if not (_matches(_ADS_OR_SCROLL, ident) or _matches(_ADS_OR_SCROLL, cls)):
            continue
        if (next(element.iterdescendants("h1"), None) is None
                or _matches(_ADS, ident) or _matches(_ADS, cls)):
            found.append(element)
    return found


def _share_buttons(tree: HtmlElement) -> list[HtmlElement]:
    return [element for element in tree.iterdescendants(*_ADS_TAGS)
            if "elementor-share-buttons" in (element.get("class") or "")]


def _comment_sections(tree: HtmlElement) -> list[HtmlElement]:
    found = []
    for element in tree.iterdescendants(*_COMMENT_TAGS):
        ident = element.get("id")
        comment_class = _matches(_COMMENT_CLASS, element.get("class"))
        if not (comment_class or _matches(_COMMENT_ID, ident)):
            continue
        if element.tag not in ("ol", "ul") or comment_class or _matches(_COMMENT_LIST_ID, ident):
            found.append(element)
    return found


def _first(element: HtmlElement, names: tuple[str, str]) -> str:
    """XPath ``@id|@class`` as a string: the value of whichever of the two comes first."""
    return next((value for name, value in element.items() if name in names), "")


def _boilerplate(tree: HtmlElement) -> list[HtmlElement]:
    found = []
    for element in tree.iterdescendants(*_BOILERPLATE_TAGS):
        get = element.get
        ident, cls, role = get("id"), get("class"), get("role")
        if (get("data-lp-replacement-content") is not None
                or (role is not None and "nav" in role.replace("N", "n"))
                or "MostPopularStories" in (get("data-component") or "")
                or ((ident is not None or cls is not None) and "cookie" in _first(element, ("id", "class")))
                or _matches(_BOILERPLATE_ID, ident) or _matches(_BOILERPLATE_CLASS, cls)):
            found.append(element)
    return found


def _hidden(tree: HtmlElement) -> list[HtmlElement]:
    found = []
    for element in tree.iterdescendants():
        if not isinstance(element.tag, str) or not len(element.attrib):
            continue
        get = element.get
        ident, cls, style = get("id"), get("class"), get("style")
        if (cls == "comments-title"
                or ((ident is not None or cls is not None)
                    and _first(element, ("id", "class")).startswith("reply-"))
                or ((ident is not None or style is not None) and "hidden" in _first(element, ("id", "style")))
                or (style is not None and ("display:none" in style or "display: none" in style))
                or _matches(_HIDDEN_ID, ident) or _matches(_HIDDEN_CLASS, cls)
                or get("aria-hidden") == "true"):
            found.append(element)
    return found


def _article_bodies(tree: HtmlElement) -> list[HtmlElement]:
    """``.//*[...][1]``: under each parent, the first child that matches (not just the first)."""
    found, parents = [], set()
    for element in tree.iterdescendants(*_BODY_TAGS):
        get = element.get
        ident, cls = get("id"), get("class")
        if (cls in ("post", "entry") or get("itemprop") == "articleBody" or ident == "articleContent"
                or _matches(_ARTICLE_ID, ident) or _matches(_ARTICLE_CLASS, cls)):
            parent = element.getparent()
            if parent not in parents:
                parents.add(parent)
                found.append(element)
    return found


def _story_container(tree: HtmlElement) -> list[HtmlElement]:
    """``(.//*[...])[1]``: the first match in the whole tree."""
    for element in tree.iterdescendants(*_BODY_TAGS):
        get = element.get
        ident, cls = get("id"), get("class")
        if (get("role") == "article" or ident in _STORY_IDS or cls in _STORY_CLASSES
                or _matches(_STORY_ID, ident) or _matches(_STORY_FULLTEXT, cls)
                or _matches(_STORY_CLASS, cls)):
            return [element]
    return []


def _content_container(tree: HtmlElement) -> list[HtmlElement]:
    """``(.//*[...])[1]``, with XPath's translate() for the case-insensitive tests."""
    for element in tree.iterdescendants(*_BODY_TAGS):
        get = element.get
        ident, cls = get("id"), get("class")
        if (ident == "content" or cls == "content" or _matches(_CONTENT_ID, ident)
                or _matches(_CONTENT_CLASS, cls)
                or (ident is not None and "main-content" in ident.replace("C", "c").replace("M", "m"))
                or (cls is not None and ("main-content" in cls.replace("C", "c").replace("M", "m")
                                         or "page-content" in cls.replace("C", "c").replace("P", "p")))):
            return [element]
    return []


@dataclass(frozen=True, slots=True)
class Walk:
    """Called like the XPath it stands in for (trafilatura only ever calls them on a tree)."""

    path: str  # the XPath's own text, for anyone who reads it
    walk: Callable[[HtmlElement], list[HtmlElement]]

    def __call__(self, tree: HtmlElement, **_variables: object) -> list[HtmlElement]:
        return self.walk(tree)


@dataclass(frozen=True, slots=True)
class _Slot:
    xpaths: list[XPath]
    index: int
    mirrors: str  # the expression the walk answers, whitespace collapsed
    walk: Callable[[HtmlElement], list[HtmlElement]]


_SLOTS = (
    _Slot(RAW_TREE_PRUNE_XPATH, 0,
          f".//*[self::div or self::section or self::aside][ re:test(@id, '{_ADS_OR_SCROLL.pattern}') or "
          f"re:test(@class, '{_ADS_OR_SCROLL.pattern}')][ not(.//h1) or re:test(@id, '{_ADS.pattern}') or "
          f"re:test(@class, '{_ADS.pattern}')]",
          _ad_boxes),
    _Slot(RAW_TREE_PRUNE_XPATH, 1,
          ".//*[self::div or self::section or self::aside][contains(@class, 'elementor-share-buttons')]",
          _share_buttons),
    _Slot(REMOVE_COMMENTS_AND_LISTS_XPATH, 0,
          ".//*[self::div or self::list or self::section or self::details or self::ol or self::ul][ "
          f"re:test(@id, '{_COMMENT_ID.pattern}') or re:test(@class, '{_COMMENT_CLASS.pattern}')][ "
          f"not(self::ol or self::ul) or re:test(@id, '{_COMMENT_LIST_ID.pattern}') or "
          f"re:test(@class, '{_COMMENT_CLASS.pattern}')]",
          _comment_sections),
    _Slot(OVERALL_DISCARD_XPATH, 0,
          ".//*[self::div or self::item or self::list or self::p or self::section or self::span][ "
          "@data-lp-replacement-content or contains(translate(@role, 'N', 'n'), 'nav') or "
          "contains(@data-component, 'MostPopularStories') or re:test(@id|@class, 'cookie') or "
          f"re:test(@id, '{_BOILERPLATE_ID.pattern}') or re:test(@class, '{_BOILERPLATE_CLASS.pattern}')]",
          _boilerplate),
    _Slot(OVERALL_DISCARD_XPATH, 1,
          ".//*[@class='comments-title' or starts-with(@id|@class, 'reply-') or "
          "re:test(@id|@style, 'hidden') or contains(@style, 'display:none') or "
          f"contains(@style, 'display: none') or re:test(@id, '{_HIDDEN_ID.pattern}') or "
          f"re:test(@class, '{_HIDDEN_CLASS.pattern}') or @aria-hidden='true']",
          _hidden),
    _Slot(BODY_XPATH, 0,
          ".//*[self::article or self::div or self::main or self::section][ @class='post' or "
          "@class='entry' or @itemprop='articleBody' or @id='articleContent' or "
          f"re:test(@id, '{_ARTICLE_ID.pattern}') or re:test(@class, '{_ARTICLE_CLASS.pattern}') ][1]",
          _article_bodies),
    _Slot(BODY_XPATH, 2,
          "(.//*[self::article or self::div or self::main or self::section][ @role='article' or "
          "@id='article' or @id='story' or @class='postarea' or @class='art-postcontent' or "
          "@class='text' or @class='cell' or @class='story' or "
          f"re:test(@id, '{_STORY_ID.pattern}') or re:test(@class, '{_STORY_FULLTEXT.pattern}', 'i') or "
          f"re:test(@class, '{_STORY_CLASS.pattern}') ])[1]",
          _story_container),
    _Slot(BODY_XPATH, 3,
          "(.//*[self::article or self::div or self::main or self::section][ @id='content' or "
          f"@class='content' or re:test(@id, '{_CONTENT_ID.pattern}') or "
          f"re:test(@class, '{_CONTENT_CLASS.pattern}') or "
          "contains(translate(@id, 'CM','cm'), 'main-content') or "
          "contains(translate(@class, 'CM','cm'), 'main-content') or "
          "contains(translate(@class, 'CP','cp'), 'page-content') ])[1]",
          _content_container),
)


def _mirror_holds() -> bool:
    return all(len(slot.xpaths) > slot.index and isinstance(slot.xpaths[slot.index], XPath)
               and " ".join(slot.xpaths[slot.index].path.split()) == slot.mirrors for slot in _SLOTS)


MIRROR_HOLDS = _mirror_holds()
_SWAPS = tuple((slot, slot.xpaths[slot.index], Walk(slot.xpaths[slot.index].path, slot.walk))
               for slot in _SLOTS) if MIRROR_HOLDS else ()


@contextmanager
def faster_xpaths() -> Iterator[None]:
    """Run the body with the walks in place of trafilatura's raw-page prune XPaths."""
    for slot, _xpath, walk in _SWAPS:
        slot.xpaths[slot.index] = walk
    try:
        yield
    finally:
        for slot, xpath, _walk in _SWAPS:
            slot.xpaths[slot.index] = xpath
