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

libxml2 stops at its resource limits, silently for the caller: tags nested 256 deep, a text node
or attribute value over 10 MB (an inlined base64 image). Everything after that point is lost, so
a page with one giant attribute came out empty. `load_page` parses again with lxml's `huge_tree`
(limits 2048 levels and 1 GB; bodies are capped long before that) and says so when even those
are hit, rather than hand on a page cut short.
"""

from __future__ import annotations

import logging

from lxml.etree import ElementDefaultClassLookup, ErrorTypes
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura.utils import is_dubious_html, repair_faulty_html

from newsdig.extract.draft import Refusal

log = logging.getLogger(__name__)



def _parser(huge_tree: bool) -> HTMLParser:
    """trafilatura's HTML_PARSER settings (trafilatura.utils), with the C class lookup."""
    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                        remove_comments=True, remove_pis=True, huge_tree=huge_tree)
    parser.set_element_class_lookup(ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
    return parser


PARSER = _parser(huge_tree=False)
HUGE_PARSER = _parser(huge_tree=True)  # only for pages that hit PARSER's limits
HUGE_DEPTH = 2048  # libxml2's nesting limit with huge_tree (256 without)
HEAD_CHARS = 50  # trafilatura looks for "html" and a doctype in this many leading characters


def _from_bytes(markup: str, parser: HTMLParser) -> HtmlElement | None:
    try:
        return fromstring(markup.encode("utf8", "surrogatepass"), parser=parser)
    except Exception as err:  # lxml raises many types on hostile markup; trafilatura logs them too
        log.debug("lxml could not parse the page as bytes: %s", err)
    return None


def stopped_at_limit(parser: HTMLParser) -> str | None:
    """libxml2's message if the parser's last run stopped at a resource limit, else None."""
    for entry in parser.error_log:
        if entry.type == ErrorTypes.ERR_RESOURCE_LIMIT:
            return " ".join(entry.message.split())
    return None


def load_page(markup: str) -> HtmlElement | Refusal | None:
    """`load_markup`, parsed again without libxml2's default limits when it hit one; a Refusal
    when even the raised limits cut the page short (``too-deep``, ``parser-limit``)."""
    tree = load_markup(markup)
    if stopped_at_limit(PARSER) is None:
        return tree
    tree = load_markup(markup, HUGE_PARSER)
    limit = stopped_at_limit(HUGE_PARSER)
    if limit is None:
        return tree
    if "depth" in limit.lower():
        return Refusal("too-deep", f"tags nested over {HUGE_DEPTH} levels deep: the HTML parser stops there, "
                                   "so the page cannot be read whole")
    return Refusal("parser-limit", f"the HTML parser stops part-way ({limit}), so the page cannot be "
                                   "read whole")


def load_markup(markup: str, parser: HTMLParser = PARSER) -> HtmlElement | None:
    """The page's tree, or None when it is no HTML (trafilatura's `load_html` for a string)."""
    beginning = markup[:HEAD_CHARS].lower()
    dubious = is_dubious_html(beginning)
    markup = repair_faulty_html(markup, beginning)
    tree: HtmlElement | None = None
    tried_bytes = False
    try:
        tree = fromstring(markup, parser=parser)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        tree = _from_bytes(markup, parser)
        tried_bytes = True
    except Exception as err:  # as trafilatura: any other lxml failure means no tree
        log.debug("lxml could not parse the page: %s", err)
    if (tree is None or len(tree) < 1) and not tried_bytes:
        tree = _from_bytes(markup, parser)
    if tree is not None and dubious and len(tree) < 2:  # no <html> and next to nothing parsed
        tree = None
    return tree
