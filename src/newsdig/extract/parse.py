"""Decoded markup -> lxml tree: trafilatura's lenient loader, with a cheaper element class lookup.

lxml.html's parser gives each element its Python class through `HtmlElementClassLookup`, a
Python method that runs every time lxml wraps a node (millions of times per thousand pages,
as trafilatura walks the tree again and again) only to hand <form>, <input>, <select>,
<textarea> and <label> their form helpers, which neither trafilatura nor htmldate use.
`ElementDefaultClassLookup` makes every element an `HtmlElement` in C. Copies of the tree keep
its parser, so trafilatura's own copies get it too. About 1 ms of ~20 per page; the extracted
text and metadata are unchanged (checked on the extraction dev sets).

`load_markup` follows `trafilatura.utils.load_html` for a decoded string step by step; only
the parser differs.
"""

from __future__ import annotations

import logging

from lxml.etree import ElementDefaultClassLookup
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura.utils import is_dubious_html, repair_faulty_html

log = logging.getLogger(__name__)

# trafilatura's HTML_PARSER settings (trafilatura.utils)
PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                    remove_comments=True, remove_pis=True)
PARSER.set_element_class_lookup(ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
HEAD_CHARS = 50  # trafilatura looks for "html" and a doctype in this many leading characters


def _from_bytes(markup: str) -> HtmlElement | None:
    try:
        return fromstring(markup.encode("utf8", "surrogatepass"), parser=PARSER)
    except Exception as err:  # lxml raises many types on hostile markup; trafilatura logs them too
        log.debug("lxml could not parse the page as bytes: %s", err)
    return None


def load_markup(markup: str) -> HtmlElement | None:
    """The page's tree, or None when it is no HTML (trafilatura's `load_html` for a string)."""
    beginning = markup[:HEAD_CHARS].lower()
    dubious = is_dubious_html(beginning)
    markup = repair_faulty_html(markup, beginning)
    tree: HtmlElement | None = None
    tried_bytes = False
    try:
        tree = fromstring(markup, parser=PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        tree = _from_bytes(markup)
        tried_bytes = True
    except Exception as err:  # as trafilatura: any other lxml failure means no tree
        log.debug("lxml could not parse the page: %s", err)
    if (tree is None or len(tree) < 1) and not tried_bytes:
        tree = _from_bytes(markup)
    if tree is not None and dubious and len(tree) < 2:  # no <html> and next to nothing parsed
        tree = None
    return tree
