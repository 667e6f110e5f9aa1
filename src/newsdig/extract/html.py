"""HTML captures: trafilatura for the main text and metadata, on a tree parsed once.

The page is decoded and parsed here a single time (`parse`). trafilatura extracts the main
text from its own copy of that tree, with the `walks` standing in for its costliest XPaths;
then the metadata pass (`metadata`: title, byline, htmldate's original publication date) reads
the same tree, as do the canonical URL and the declared language. Built-in chrome patterns then
clean what trafilatura lets through. Text and metadata are what trafilatura's own
`bare_extraction(with_metadata=True)` gives, at about half its cost (docs/performance.md).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import trafilatura
from lxml.html import HtmlElement

from newsdig.extract.chrome import remove_chrome
from newsdig.extract.decode import decode, too_large
from newsdig.extract.draft import Draft, Refusal, collapse, split_authors
from newsdig.extract.language import normalise_language
from newsdig.extract.metadata import page_metadata
from newsdig.extract.parse import load_page
from newsdig.extract.title import strip_site_name
from newsdig.extract.urls import choose_canonical, is_web_url, registered_domain
from newsdig.extract.walks import faster_xpaths

EXTRACTOR = f"trafilatura {trafilatura.__version__}"

# Options chosen on bench/extraction.py (F1 on trafilatura-eval / dragnet-train, relative speed):
#   balanced        0.931 / 0.903  1.00      favor_precision  0.926 / 0.904  1.02
#   favor_recall    0.926 / 0.910  1.26      fast             0.924 / 0.908  1.24
#   fast + favor_recall  0.923 / 0.908 (2026-11, measured on the whole pipeline: -0.2 points on
#   both sets for ~10% less extraction time, so not taken; fast skips readability/justext)
# favor_recall: the news set gains, the mixed web set loses half a point, and it runs as fast as
# plain trafilatura (balanced mode re-runs short extractions). Comments are not article text;
# tables hold real content in news (results, budgets).
TRAFILATURA_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": False,
    "favor_recall": True,
}
# htmldate: the first publication date rather than the last update, nothing later than the
# fetch. Its extensive search (free text, via dateparser) found 1 more date in 100 on the eval
# set but doubled the time per page, so it is off.
EXTENSIVE_DATE_SEARCH = False


def _parse(text: str) -> HtmlElement | Refusal | None:
    """Parse markup with trafilatura's lenient loader; wrap bare fragments in a document.

    A fragment the loader accepts comes back as its own top element (a <div>, or an <svg>), and
    htmldate's cleaning, which drops <svg>, <iframe>... from the tree, failed on such a root.
    """
    tree = load_page(text)
    if tree is None or (isinstance(tree, HtmlElement) and tree.tag != "html"):
        tree = load_page(f"<html><body>{text}</body></html>")
    return tree


def _head_links(tree: HtmlElement) -> tuple[list[str | None], str | None]:
    """The canonical candidates (rel=canonical, then og:url) and a declared language."""
    canonical: str | None = None
    og_url: str | None = None
    language = tree.get("lang") or tree.get("xml:lang")
    head = tree.find("head")
    for element in (head if head is not None else tree).iter("link", "meta"):
        if element.tag == "link":
            if canonical is None and "canonical" in (element.get("rel") or "").lower().split():
                canonical = element.get("href")
            continue
        key = (element.get("property") or element.get("name") or element.get("http-equiv") or "").lower()
        if key == "og:url" and og_url is None:
            og_url = element.get("content")
        elif key in ("content-language", "dc.language", "language") and not language:
            language = element.get("content")
    return [canonical, og_url], language


def _max_date(fetched_at: str | None) -> str:
    """Latest plausible publication date: the fetch date if known, else today."""
    if fetched_at:
        try:
            return date.fromisoformat(fetched_at[:10]).isoformat()
        except ValueError:
            pass
    return date.today().isoformat()


def _date_params(fetched_at: str | None) -> dict[str, object]:
    """htmldate's options: the original publication date, nothing after the fetch."""
    return {"original_date": True, "extensive_search": EXTENSIVE_DATE_SEARCH,
            "max_date": _max_date(fetched_at)}


def _site_name(sitename: str | None, url: str | None) -> str | None:
    """The page's own site name; trafilatura's fallback to the bare hostname is dropped."""
    if not sitename:
        return None
    name = sitename.strip()
    domain = registered_domain(url) or ""
    lowered = name.lower().removeprefix("www.")
    if "." in lowered and " " not in lowered and (lowered == domain or lowered.endswith("." + domain)):
        return None
    return name


def _title(title: str | None, site_name: str | None, url: str | None) -> str | None:
    """The headline without the site's name around it (``Headline | The Herald``)."""
    title = collapse(title or "")
    if not title:
        return None
    domain = registered_domain(url) or ""
    host = urlsplit(url).hostname or "" if url else ""
    names = [site_name or "", domain, domain.split(".", 1)[0], host, host.removeprefix("www.")]
    return strip_site_name(title, names) or title


def _paragraphs(text: str, titles: tuple[str | None, ...]) -> list[str]:
    """trafilatura's text as paragraphs: one per block line, chrome and a repeated headline dropped."""
    paragraphs = remove_chrome([collapse(line) for line in text.split("\n") if line.strip()])
    headlines = {collapse(title).casefold() for title in titles if title}
    if paragraphs and paragraphs[0].casefold() in headlines:
        paragraphs = paragraphs[1:]
    return paragraphs


def extract_html(
    body: bytes, url: str | None, content_type: str | None = None, fetched_at: str | None = None
) -> Draft | Refusal:
    """Main text and metadata of an HTML page, or why there is none."""
    oversized = too_large(body)
    if oversized is not None:
        return oversized
    text = decode(body, content_type, markup=True)
    if text is None:
        return Refusal("undecodable", "the body is binary data, not text in any known encoding")
    tree = _parse(text)
    if isinstance(tree, Refusal):
        return tree
    if tree is None:
        return Refusal("not-article", "the body does not parse as HTML")
    declared_urls, declared_language = _head_links(tree)
    web_url = url if is_web_url(url) else None
    # trafilatura works on its own copy of the tree; the metadata pass reads this one after it
    with faster_xpaths():
        document = trafilatura.bare_extraction(tree, url=web_url, with_metadata=False, **TRAFILATURA_OPTIONS)
    if document is None or not (document.text or "").strip():
        return Refusal("empty-text", "trafilatura found no main text in the page")
    meta = page_metadata(tree, web_url, _date_params(fetched_at))
    canonical = choose_canonical(declared_urls, web_url)
    site_name = _site_name(meta.sitename, canonical)
    title = _title(meta.title, site_name or meta.sitename, canonical)
    return Draft(
        paragraphs=_paragraphs(document.text, (title, meta.title)),
        extractor=EXTRACTOR,
        title=title,
        authors=split_authors(meta.author),
        published=meta.date or None,
        language=normalise_language(declared_language),
        site_name=site_name,
        description=collapse(meta.description or "") or None,
        canonical_url=canonical,
    )
