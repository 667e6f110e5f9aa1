"""Snippet highlighting for HTML: the one place where article text becomes markup.

`highlight()` escapes every piece of the snippet and only adds `<mark>` elements of its own,
so the result can be marked safe in a template whatever the snippet contains. Offsets come
from the search layer (character offsets into the snippet); bad ones are clamped, dropped or
merged rather than trusted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

_OPEN, _CLOSE = Markup("<mark>"), Markup("</mark>")


def clean_ranges(length: int, highlights: Iterable[Sequence[int]] | None) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) ranges inside [0, length]; empty or malformed ones go."""
    ranges: list[tuple[int, int]] = []
    for pair in highlights or ():
        try:
            start, end = int(pair[0]), int(pair[1])
        except (TypeError, ValueError, IndexError):
            continue
        start, end = max(0, min(start, length)), max(0, min(end, length))
        if end > start:
            ranges.append((start, end))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:  # overlapping or touching: one mark
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight(snippet: str | None, highlights: Iterable[Sequence[int]] | None = ()) -> Markup:
    """The snippet as HTML: every segment escaped, highlighted ranges wrapped in `<mark>`."""
    text = snippet or ""
    parts: list[Markup] = []
    position = 0
    for start, end in clean_ranges(len(text), highlights):
        parts.append(escape(text[position:start]))
        parts.append(_OPEN + escape(text[start:end]) + _CLOSE)
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)
