"""Snippets: a window of the article text around the query terms, with highlight offsets.

Highlights are (start, end) *character* offsets into the returned snippet string (tantivy gives
UTF-8 byte offsets into its fragment; we convert). Whitespace runs (paragraph breaks) are folded
to one space. Making the highlights bold, <mark> or ANSI is the presentation layer's job.
"""

from __future__ import annotations

import re

import tantivy

from newsdig.index.schema import F

SNIPPET_MAX_CHARS = 220
FALLBACK_CHARS = 200  # the opening of the text when no query term occurs in it

Highlights = list[tuple[int, int]]
# The whitespace runs that shift offsets when folded: two or more characters anywhere, one at
# either end. A lone space or newline between words stays one character, so it is not listed.
_SHIFTING_RUN = re.compile(r"\s{2,}|\A\s|\s\Z")


def snippet_generator(
    searcher: tantivy.Searcher, schema: tantivy.Schema, highlight: tantivy.Query | None
) -> tantivy.SnippetGenerator | None:
    if highlight is None:
        return None
    generator = tantivy.SnippetGenerator.create(searcher, highlight, schema, F.TEXT)
    generator.set_max_num_chars(SNIPPET_MAX_CHARS)
    return generator


def _byte_to_char_ranges(fragment: str, ranges: list[tuple[int, int]]) -> Highlights:
    data = fragment.encode("utf-8")

    def char_at(offset: int) -> int:
        return len(data[:offset].decode("utf-8", errors="ignore"))

    return [(char_at(start), char_at(end)) for start, end in ranges]


def fold_whitespace(text: str, highlights: Highlights) -> tuple[str, Highlights]:
    """Collapse whitespace runs to one space and strip the ends, moving the offsets along.

    Offsets move by what the runs before them lost; an offset inside a run lands before its
    folded space. Done over the runs that shift anything (a paragraph break or two per snippet),
    not per character: a per-char loop was a third of a whole query's time.
    """
    runs = [(m.start(), m.end()) for m in _SHIFTING_RUN.finditer(text)]
    folded = " ".join(text.split())
    if not runs:
        return folded, [(s, e) for s, e in highlights if e > s]
    end = len(text)

    def moved(offset: int) -> int:
        removed = 0
        for start, stop in runs:
            if start >= offset:
                break
            if offset < stop:  # inside the run: where its space goes
                removed += offset - start
                break
            removed += (stop - start) - (1 if start > 0 and stop < end else 0)
        return min(offset - removed, len(folded))

    shifted = [(moved(s), moved(e)) for s, e in highlights]
    return folded, [(s, e) for s, e in shifted if e > s]


def opening(text: str, limit: int = FALLBACK_CHARS) -> str:
    """The first `limit` characters of the text, cut at a word boundary."""
    folded = " ".join(text.split())
    if len(folded) <= limit:
        return folded
    cut = folded.rfind(" ", 0, limit + 1)
    return folded[: cut if cut > limit // 2 else limit]


def make_snippet(generator: tantivy.SnippetGenerator | None, doc: tantivy.Document) -> tuple[str, Highlights]:
    """(snippet, highlights) for one hit's stored document."""
    text = doc.get_first(F.TEXT) or ""
    if generator is not None:
        snippet = generator.snippet_from_doc(doc)
        fragment = snippet.fragment()
        ranges = [(r.start, r.end) for r in snippet.highlighted()]
        if fragment and ranges:
            return fold_whitespace(fragment, _byte_to_char_ranges(fragment, ranges))
    return opening(text), []
