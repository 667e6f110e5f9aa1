"""Article -> tantivy.Document: the only place that knows how an article is laid out in the index."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urlsplit

import tantivy

from newsdig.index.schema import LEAD_PARAGRAPHS, F
from newsdig.models import Article, Enrichment

_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
_MIN_SITE_LABELS = 2  # "co.uk" yes, "uk" no: a bare TLD is too broad to be a useful site filter


def parse_published(value: str | None) -> datetime | None:
    """An ISO date or datetime as an aware UTC datetime; None when missing, vague or unreadable.

    Naive datetimes are taken as UTC; "YYYY-MM" means the first of that month; a bare year is too
    vague to sort or filter by and gives None, as do dates tantivy cannot store.
    """
    if not value:
        return None
    text = value.strip()
    month = _YEAR_MONTH.fullmatch(text)
    if month:
        text = f"{month.group(1)}-{month.group(2)}-01"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        parsed = parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    if not tantivy.MIN_DATETIME < parsed < tantivy.MAX_DATETIME:
        return None
    return parsed


# scheme://[userinfo@]host[:port]: most URLs; anything else (IPv6, odd shapes) goes to urlsplit.
_PLAIN_HOST = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#@\[\]:]*)(?::\d*)?(?:[/?#]|$)")


def url_host(url: str) -> str:
    """The lowercased host of a URL, without port, userinfo or trailing dot ("" when none).

    A regex for the common shape before urlsplit: `reindex` calls this twice per article, and
    urlsplit was a fifth of the Python time of building a document.
    """
    match = _PLAIN_HOST.match(url.strip())
    if match:
        return match.group(1).rstrip(".").lower()
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def host_suffixes(host: str) -> list[str]:
    """The host itself and each of its domain suffixes with at least two labels.

    "www.bbc.co.uk" -> ["www.bbc.co.uk", "bbc.co.uk", "co.uk"], so `site:bbc.co.uk` matches
    every subdomain. An IP address or a single-label host gives just itself.
    """
    return list(_suffixes(host))


@lru_cache(maxsize=65536)  # a few thousand outlets write millions of articles
def _suffixes(host: str) -> tuple[str, ...]:
    if not host:
        return ()
    labels = host.split(".")
    if all(label.isdigit() for label in labels) or ":" in host:
        return (host,)
    suffixes = [host]
    for start in range(1, len(labels) - _MIN_SITE_LABELS + 1):
        suffixes.append(".".join(labels[start:]))
    return tuple(suffixes)


def lead_of(article: Article) -> str:
    """The first paragraphs, indexed apart so a match in the lede weighs a little more."""
    lead: list[str] = []
    # Only the opening is split: the whole text's paragraphs were built for every article.
    pieces = article.text.split("\n\n", LEAD_PARAGRAPHS * 4)
    if len(pieces) > LEAD_PARAGRAPHS * 4:
        pieces.pop()  # the unsplit rest of the text
    for paragraph in pieces:
        if paragraph.strip():
            lead.append(paragraph)
            if len(lead) == LEAD_PARAGRAPHS:
                break
    else:
        lead = article.paragraphs[:LEAD_PARAGRAPHS]  # many empty pieces first: the slow way
    return "\n\n".join(lead)


MAX_KEYED_NAMES = 40  # entity facet values per article: the most mentioned ones


def article_to_document(article: Article, extras: Enrichment | None = None) -> tantivy.Document:
    """The index document of one article (with what enrichment found, when it ran); never raises
    on odd field values."""
    doc = tantivy.Document()
    doc.add_text(F.ID, article.id)
    doc.add_text(F.TITLE, article.title)
    doc.add_text(F.TITLE_EXACT, article.title)
    doc.add_text(F.LEAD, lead_of(article))
    doc.add_text(F.TEXT, article.text)
    doc.add_text(F.TEXT_EXACT, article.text)
    doc.add_text(F.URL, article.url)

    source = " ".join(article.source.split())
    if source:
        doc.add_text(F.SOURCE, source)
        doc.add_text(F.SOURCE_KEY, source)

    sites = _suffixes(url_host(article.url))
    if article.canonical_url and article.canonical_url != article.url:  # they may differ
        sites = tuple(dict.fromkeys((*sites, *_suffixes(url_host(article.canonical_url)))))
    for site in sites:
        doc.add_text(F.SITE, site)

    language = (article.language or "").strip().lower()
    if language:
        doc.add_text(F.LANGUAGE, language)

    published = parse_published(article.published)
    if published is not None and article.published:
        doc.add_date(F.PUBLISHED, published)
        doc.add_integer(F.PUBLISHED_EPOCH, int(published.timestamp()))
        doc.add_text(F.MONTH, f"{published.year:04d}-{published.month:02d}")
        doc.add_text(F.PUBLISHED_TEXT, article.published.strip())
    doc.add_integer(F.ID_KEY, id_key(article.id))
    add_enrichment(doc, article.id, extras or Enrichment())
    return doc


def add_enrichment(doc: tantivy.Document, article_id: str, extras: Enrichment) -> None:
    """Speakers and entities as words and as facet keys; the copy group and story as fast ints.

    An article with no copies is its own group, so collapsing never needs a special case.
    """
    for name in extras.speakers:
        name = " ".join(name.split())
        if name:
            doc.add_text(F.SPEAKER, name)
            doc.add_text(F.SPEAKER_KEY, name)
    for position, name in enumerate(extras.entities):
        name = " ".join(name.split())
        if not name:
            continue
        doc.add_text(F.ENTITY, name)
        if position < MAX_KEYED_NAMES:
            doc.add_text(F.ENTITY_KEY, name)
    doc.add_integer(F.DUP_KEY, id_key(extras.group_id or article_id))
    doc.add_integer(F.STORY_ID, extras.story_id or 0)


def id_key(article_id: str) -> int:
    """The first 60 bits of the hex id (fits tantivy's i64); equal scores are ordered by it so
    two indexes built from the same catalog rank ties the same way."""
    try:
        return int(article_id[:15], 16)
    except ValueError:
        return 0
