"""Snippets: a window of the article text around the query terms, with highlight offsets.

Highlights are (start, end) *character* offsets into the returned snippet string (tantivy gives
UTF-8 byte offsets into its fragment; we convert). Whitespace runs (paragraph breaks) are folded
to one space. Making the highlights bold, <mark> or ANSI is the presentation layer's job.
"""

from __future__ import annotations

import tantivy

from newsdig.index.schema import F

SNIPPET_MAX_CHARS = 220
FALLBACK_CHARS = 200  # the opening of the text when no query term occurs in it

Highlights = list[tuple[int, int]]


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
    """Collapse whitespace runs to one space and strip the ends, moving the offsets along."""
    out: list[str] = []
    new_pos = [0] * (len(text) + 1)  # new_pos[i] = length of the output before text[i]
    pending_space = False
    for i, char in enumerate(text):
        if char.isspace():
            pending_space = bool(out)
            new_pos[i] = len(out)  # an end offset here stops before the folded space
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        new_pos[i] = len(out)
        out.append(char)
    new_pos[len(text)] = len(out)
    folded = "".join(out)
    moved = [(min(new_pos[s], len(folded)), min(new_pos[e], len(folded))) for s, e in highlights]
    return folded, [(s, e) for s, e in moved if e > s]


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
