"""Records that flow forward through the pipeline: Capture -> Article | Rejection.

They are frozen and plain so a stage can run in a loop, a process pool or a Spark task
and only ever move values, never shared state.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

CaptureKind = Literal["html", "text"]


@dataclass(frozen=True, slots=True)
class Capture:
    """What came in, untouched.

    `url` is None for plain files; the importer gives those a synthetic URL before extraction.
    `origin` says where the bytes came from (``path`` or ``path@offset`` for WARC records,
    ``-`` for stdin) so errors and rejections can point at the exact input.
    `hints` carries metadata an importer already knows (JSONL title/published/authors,
    a ``source`` chosen by the user), which extraction prefers over what it guesses.
    """

    url: str | None
    body: bytes
    kind: CaptureKind
    origin: str
    fetched_at: str | None = None
    status: int | None = None
    content_type: str | None = None
    http_headers: tuple[tuple[str, str], ...] = ()
    hints: tuple[tuple[str, str], ...] = ()

    def hint(self, name: str) -> str | None:
        """Return an importer-provided hint such as ``title`` or ``published``."""
        for key, value in self.hints:
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Article:
    """What extraction made of a capture; one row of the catalog."""

    id: str
    url: str
    canonical_url: str
    source: str
    title: str
    text: str  # paragraphs separated by a blank line
    content_hash: str
    extractor: str  # name and version, e.g. "trafilatura 2.3.1" or "plaintext 1"
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601 date or datetime
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    title_inferred: bool = False
    fetched_at: str | None = None
    origin: str = ""
    word_count: int = field(default=0)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a capture produced no article. Counted and listed, never silent."""

    stage: str  # "import", "extract", ...
    reason: str  # short machine-friendly kind: "not-html", "http-404", "empty-text", ...
    origin: str
    url: str | None = None
    detail: str = ""


ID_HEX_CHARS = 16  # 64 bits: collisions stay negligible well past 10^8 articles


def article_id(canonical_url: str) -> str:
    """A short stable id from the canonical URL, the same whichever path the page came in by."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]


def content_hash(text: str) -> str:
    """Hash of whitespace-normalised text: unchanged re-captures and exact copies match."""
    normalised = " ".join(text.split()).lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Enrichment:
    """What the enrich stage adds to an article's index document (read from the catalog).

    Kept apart from Article because it is derived later and changes on its own schedule: an
    article is searchable before it is enriched, and re-enrichment never touches its text.
    """

    speakers: tuple[str, ...] = ()  # canonical names of who is quoted (and relays, "via")
    entities: tuple[str, ...] = ()  # canonical names of people, organisations, places
    group_id: str | None = None  # near-duplicate group: the id of its first-seen member
    story_id: int | None = None
