"""Learned site templates: lines that repeat across many articles of one source are furniture.

Pure functions; the caller (the catalog) keeps the state. Per source it counts, for each key
from `template_candidates`, the distinct articles that contributed it; keys seen in at least
`MIN_TEMPLATE_DOCS` articles form the source's template set, which `apply_templates` removes
from every article of that source. Article text does not repeat across articles; furniture does.

Only short lines near the start and end of a text are candidates: furniture sits at the edges,
and bounding the candidates per article bounds the catalog's counting work.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from newsdig.extract.draft import collapse, count_words

MIN_TEMPLATE_DOCS = 3  # a line in this many distinct articles of a source is template
MAX_TEMPLATE_LINE_CHARS = 200  # longer lines are body text, never template candidates
EDGE_LINES = 15  # candidates come from this many lines at each end of the text
# Removal keeps the text untouched if it would take more than this share of the words: such a
# text is a near-copy of another article (a dedup matter for a later stage), not furniture.
MAX_TEMPLATE_SHARE = 0.5
LINE_KEY_HEX_CHARS = 16  # 64 bits: no accidental collisions among one source's lines


def line_key(line: str) -> str:
    """A short key for a line, equal for lines differing only in case and whitespace."""
    normalised = collapse(line).lower()
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:LINE_KEY_HEX_CHARS]


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def template_candidates(text: str) -> list[str]:
    """Keys of the short edge lines of one article, each once, for the caller to count."""
    lines = _lines(text)
    if len(lines) > 2 * EDGE_LINES:
        lines = lines[:EDGE_LINES] + lines[-EDGE_LINES:]
    keys = (line_key(line) for line in lines if len(collapse(line)) <= MAX_TEMPLATE_LINE_CHARS)
    return list(dict.fromkeys(keys))


def learned_templates(counts: Iterable[tuple[str, int]]) -> frozenset[str]:
    """The template set from (key, distinct-article count) pairs the caller kept for a source."""
    return frozenset(key for key, seen in counts if seen >= MIN_TEMPLATE_DOCS)


def apply_templates(text: str, template_keys: set[str] | frozenset[str]) -> str:
    """Remove template lines from a text, unless that would remove most of its words."""
    if not template_keys:
        return text
    paragraphs: list[str] = []
    removed_words = 0
    for paragraph in text.split("\n\n"):
        kept = []
        for line in paragraph.split("\n"):
            if line.strip() and line_key(line) in template_keys:
                removed_words += count_words(line)
            else:
                kept.append(line)
        if any(line.strip() for line in kept):
            paragraphs.append("\n".join(kept))
    if removed_words == 0:
        return text
    if removed_words > MAX_TEMPLATE_SHARE * count_words(text):
        return text
    return "\n\n".join(paragraphs)
