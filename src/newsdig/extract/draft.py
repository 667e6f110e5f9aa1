"""What one extraction path found, before identity, hints and the word floor are applied.

The HTML and plain-text paths fill a `Draft`; the dispatcher turns it into an `Article` or a
`Rejection`, so hints, source choice and ids are decided in one place for both paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A CJK ideograph or kana counts as a word: those scripts put no spaces between words, and
# counting whitespace tokens alone would reject every Chinese or Japanese article as empty.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_RE = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+")


# Byline wording that author fields carry along ("View all posts by Jane Doe")
_BYLINE_PREFIX = re.compile(
    r"^((view|see) (all|more) (posts|articles|stories) (by|from)|(posted|written|reported) by|by)\s+",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Draft:
    """Fields one path extracted; mutable so the path can fill it step by step."""

    paragraphs: list[str]
    extractor: str
    title: str | None = None
    title_inferred: bool = False
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    canonical_url: str | None = None  # a canonical the page declares, already normalised

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a path produced no draft; the dispatcher turns it into a `Rejection`."""

    reason: str  # "empty-text", "undecodable", "not-article"
    detail: str


def collapse(text: str) -> str:
    """Collapse runs of whitespace (incl. no-break spaces) so lines compare and hash alike."""
    return " ".join(text.split())


def count_words(text: str) -> int:
    """Count words the same way for every script, for the word floor and `Article.word_count`."""
    return len(_WORD_RE.findall(text))


def split_authors(value: str | None) -> tuple[str, ...]:
    """Split a ``;``-separated author string (trafilatura's and the importers' format)."""
    if not value:
        return ()
    names = (_BYLINE_PREFIX.sub("", collapse(name)) for name in value.split(";"))
    return tuple(dict.fromkeys(name for name in names if name))
