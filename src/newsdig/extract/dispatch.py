"""The extraction stage: Capture -> Article | Rejection, whatever the bytes are.

The HTML and plain-text paths produce a `Draft`; this module applies what the importer already
knows (hints win over guesses), the word floor, identity (URL, canonical URL, id, content hash)
and the source, the same way for both.

Source choice (the foundation issue's contract): the page's site name, else the registered
domain of the canonical URL (``www.bbc.co.uk`` -> ``bbc.co.uk``), else the parent directory of
the file. Site names are what readers know an outlet by ("The Northwind Times"); they can vary
between pages of one site, so template learning groups by domain instead (`template_group`).
"""

from __future__ import annotations

from pathlib import Path

from newsdig.extract.draft import Draft, Refusal, count_words, split_authors
from newsdig.extract.html import extract_html
from newsdig.extract.language import detect_language, normalise_language
from newsdig.extract.plaintext import extract_text
from newsdig.extract.title import infer_title
from newsdig.extract.urls import is_web_url, normalise_url, origin_path, registered_domain, synthetic_url
from newsdig.formats import binary_format, gunzip, is_gzip, sniff_kind
from newsdig.models import Article, Capture, Rejection, article_id, content_hash

STAGE = "extract"
# Fewer words than this is a teaser, an error page or a gallery caption, not an article. A
# wire brief runs 40+ words, so real short articles pass.
MIN_WORDS = 20
UNKNOWN_SOURCE = "unknown"
MAX_DETAIL_CHARS = 300


def _reject(capture: Capture, url: str | None, reason: str, detail: str) -> Rejection:
    return Rejection(STAGE, reason, capture.origin, url or capture.url, detail[:MAX_DETAIL_CHARS])


def _draft(capture: Capture, body: bytes) -> Draft | Refusal:
    """Run the path for the capture's kind; importer-provided text replaces the extracted text."""
    hint_text = capture.hint("text")
    # a record served as text/html that holds plain text reads better through the text path
    if capture.kind == "html" and body.strip() and sniff_kind(body) == "html":
        draft = extract_html(body, capture.url, capture.content_type, capture.fetched_at)
        if hint_text and isinstance(draft, Draft):
            text_draft = extract_text(hint_text.encode("utf-8"))
            if isinstance(text_draft, Draft):
                draft.paragraphs = text_draft.paragraphs
        return draft
    if hint_text:
        return extract_text(hint_text.encode("utf-8"))
    return extract_text(body, capture.content_type)


def guess_source(canonical_url: str | None, site_name: str | None, origin: str) -> str:
    """The source key when neither caller nor importer named one (see the module docstring)."""
    if site_name and site_name.strip():
        return " ".join(site_name.split())
    domain = registered_domain(canonical_url)
    if domain:
        return domain
    path = origin_path(origin)
    if path is not None and path.parent.name:
        return path.parent.name
    return UNKNOWN_SOURCE


def _finish(capture: Capture, draft: Draft, url: str | None, source: str | None) -> Article | Rejection:
    """Apply hints, the word floor and identity to a draft."""
    text = draft.text
    words = count_words(text)
    if words < MIN_WORDS:
        detail = f"{words} words of main text after chrome removal, fewer than {MIN_WORDS}"
        return _reject(capture, url, "empty-text", detail)
    url = url or capture.url or synthetic_url(capture.origin, text)
    # an importer that knows the canonical URL (newsdig's own export) keeps ids stable on re-import
    canonical = (capture.hint("canonical_url") or draft.canonical_url
                 or (normalise_url(url) if is_web_url(url) else None) or url)
    if not is_web_url(url) and is_web_url(canonical):
        url = canonical  # a saved file or stdin capture: the page's own address is the one to show
    title, inferred = capture.hint("title"), False
    if not title:
        title, inferred = draft.title, draft.title_inferred
    if not title:
        title, inferred = infer_title(draft.paragraphs), True
    language = normalise_language(capture.hint("language")) or draft.language or detect_language(text)
    return Article(
        id=article_id(canonical),
        url=url,
        canonical_url=canonical,
        source=source or capture.hint("source") or guess_source(canonical, draft.site_name, capture.origin),
        title=title or "",
        text=text,
        content_hash=content_hash(text),
        extractor=draft.extractor,
        authors=split_authors(capture.hint("authors")) or draft.authors,
        published=capture.hint("published") or draft.published,
        language=language,
        site_name=draft.site_name,
        description=draft.description,
        title_inferred=inferred and bool(title),
        fetched_at=capture.fetched_at,
        origin=capture.origin,
        word_count=words,
    )


def _extract(capture: Capture, url: str | None, source: str | None) -> Article | Rejection:
    body = capture.body
    if is_gzip(body):
        unpacked = gunzip(body)
        if unpacked is None:
            return _reject(capture, url, "undecodable", "corrupt or oversized gzip data")
        body = unpacked
    if not body.strip() and not capture.hint("text"):
        return _reject(capture, url, "empty-text", "the capture body is empty")
    binary = binary_format(body[:16])
    if binary:
        return _reject(capture, url, "not-article", f"the body is a {binary}")
    draft = _draft(capture, body)
    if isinstance(draft, Refusal):
        return _reject(capture, url, draft.reason, draft.detail)
    return _finish(capture, draft, url, source)


def extract(capture: Capture, url: str | None = None, source: str | None = None) -> Article | Rejection:
    """Extract an article from a capture, or say why not; never raises on bad input."""
    try:
        return _extract(capture, url, source)
    except Exception as error:  # trafilatura and lxml fail in many ways on hostile markup, and
        # one capture must not stop an ingest of millions: counted and listed as a rejection
        return _reject(capture, url, "extractor-error", f"{type(error).__name__}: {error}")


def extract_file(path: Path, url: str | None = None, source: str | None = None) -> Article | Rejection:
    """Extract one file (HTML, gzipped HTML or text, told apart by content), for `newsdig extract`."""
    origin = str(path.absolute())
    try:
        data = path.read_bytes()
    except OSError as error:
        detail = f"cannot read the file: {error.strerror or error}"
        return Rejection("import", "unreadable", origin, url, detail)
    if is_gzip(data):
        data = gunzip(data) or data  # a corrupt archive is left for `extract` to reject
    capture = Capture(url=url, body=data, kind=sniff_kind(data), origin=origin)
    return extract(capture, url, source)


def template_group(article: Article) -> str:
    """The key site templates are learned under: the domain when there is one (stable across
    pages even where site names vary), else the source."""
    return registered_domain(article.canonical_url) or article.source
