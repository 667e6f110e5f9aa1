"""Page metadata (title, author, date, site name, description) read from the parsed page.

This is trafilatura's `extract_metadata` sequence, built from its own functions, with two
changes that leave every field it returns unchanged (tests/extract/test_metadata.py):
  - categories, tags and the licence are not collected: newsdig stores none of them, and
    their XPath searches over the whole page were a quarter of the metadata time;
  - the author search does not prune a deep copy of the page. trafilatura removes comment,
    date and figure sections (AUTHOR_DISCARD_XPATHS) from a copy and then looks for bylines;
    pruning only removes elements, and the byline XPaths test an element's own attributes,
    so the bylines found in the pruned copy are the ones found in the page that sit in no
    removed section. Here each byline candidate is checked against the discard rules on its
    own ancestors, and only a candidate with removable parts inside is copied and pruned.
    With `bylines` (the byline XPaths answered in one walk) the author search went from 6.0
    to 1.9 ms on the pages that need it (about 1 in 2); on all 1,955 pages of the extraction
    dev sets it names the same author as trafilatura's.
Profile and figures: docs/performance.md ("ingest").
"""

from __future__ import annotations

import contextlib
import re
from copy import deepcopy
from dataclasses import dataclass

from htmldate import find_date
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.utils import trim
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

from newsdig.extract.bylines import byline_candidates

AUTHOR_MIN_CHARS = 2  # trafilatura's bounds (exclusive) for a byline's text
AUTHOR_MAX_CHARS = 120
_REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
_DESCENDANTS = ".//*["  # how trafilatura writes "any element below that matches [...]"
_TAGS_ANYWHERE = re.compile(r"^//\w+(?:\|//\w+)*$")  # "//time|//figure"


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    description: str | None


@dataclass(frozen=True, slots=True)
class _Discard:
    """One of trafilatura's author-discard XPaths as two tests relative to an element."""

    itself: XPath  # the element matches
    inside: XPath  # elements below it match
    root_too: bool  # whether it can remove the root of the pruned copy (".//*" cannot)


def _discard_tests(paths: list[XPath]) -> list[_Discard] | None:
    """The discard XPaths rewritten as element-relative tests, or None if one is written in a
    form this module does not know (then trafilatura's own author search runs)."""
    tests = []
    for xpath in paths:
        path = xpath.path.strip()
        if path.startswith(_DESCENDANTS):
            predicates = path[len(_DESCENDANTS):]
            tests.append(_Discard(XPath("self::*[" + predicates, namespaces=_REGEXP_NS),
                                  XPath(path, namespaces=_REGEXP_NS), root_too=False))
        elif _TAGS_ANYWHERE.match(path):
            tests.append(_Discard(XPath(path.replace("//", "self::")), XPath(path.replace("//", ".//")),
                                  root_too=True))
        else:
            return None
    return tests


_DISCARD = _discard_tests(AUTHOR_DISCARD_XPATHS)


def _discarded(element: HtmlElement, tree: HtmlElement, tests: list[_Discard]) -> bool:
    """Whether pruning a copy of `tree` removes `element` (it or an ancestor matches)."""
    node: HtmlElement | None = element
    while node is not None:
        at_root = node is tree
        if any((test.root_too or not at_root) and test.itself(node) for test in tests):
            return True
        node = None if at_root else node.getparent()
    return False


def _byline_text(element: HtmlElement, tests: list[_Discard]) -> str:
    """The candidate's text as it reads once the discard rules have pruned inside it."""
    if any(test.inside(element) for test in tests):
        element = prune_unwanted_nodes(deepcopy(element), AUTHOR_DISCARD_XPATHS)
    return trim(" ".join(element.itertext()))


def _author(tree: HtmlElement) -> str | None:
    """trafilatura's `extract_author`, without pruning a copy of the whole page."""
    candidates = byline_candidates(tree) if _DISCARD is not None else None
    if _DISCARD is None or candidates is None:
        return extract_author(tree)  # trafilatura's own search: slower, same answer
    for found in candidates:
        for element in found:
            if _discarded(element, tree, _DISCARD):
                continue
            content = _byline_text(element, _DISCARD)
            if content and AUTHOR_MIN_CHARS < len(content) < AUTHOR_MAX_CHARS:
                return normalize_authors(None, content)
    return None


def _sitename(sitename: str | None, tree: HtmlElement, url: str | None) -> str | None:
    """The site name as trafilatura settles it: <title> parts, Twitter handle, capitalised, URL."""
    sitename = sitename or extract_sitename(tree)
    if sitename:
        sitename = sitename.lstrip("@")
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
        return sitename
    if url and (match := META_URL.match(url)):
        return match[1]
    return None


def page_metadata(tree: HtmlElement, url: str | None, date_params: dict[str, object]) -> PageMetadata:
    """Metadata of a parsed page, exactly as trafilatura's `extract_metadata` finds it."""
    document = examine_meta(tree)
    if document.author and " " not in document.author:
        document.author = None  # trafilatura: a one-word meta author is a handle, not a name
    # as trafilatura does: its JSON-LD reader has bugs, and a page whose JSON-LD trips it
    # keeps what the meta tags gave (extract_meta_json fills `document` in place)
    with contextlib.suppress(Exception):
        document = extract_meta_json(tree, document)
    document.title = document.title or extract_title(tree)
    document.author = document.author or _author(tree)
    document.url = document.url or extract_url(tree, url)
    document.date = find_date(tree, **{**date_params, "url": document.url})
    document.sitename = _sitename(document.sitename, tree, document.url)
    document.clean_and_trim()  # what trafilatura does to every string field before returning
    return PageMetadata(document.title, document.author, document.date, document.sitename,
                        document.description)
