"""Quoted passages, found from the quote marks alone, before the parse is consulted.

The first step of `newsdig.enrich.quotes`. News text mixes curly, straight and single quote marks,
runs a quote over several paragraphs and uses the closing single mark as an apostrophe, so pairing
the marks is a problem of its own: plain string work on the text, no spaCy Doc needed. Finding the
passages first is what lets a quote split over sentences ("They are numerous. ... They rely on their
numbers," he told ...) be one statement. `statement_text` lives here too: it removes exactly the
marks these passages found, and nothing else, from a statement's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
STRAIGHT_DOUBLE = '"'
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
STRAIGHT_SINGLE = "'"
QUOTE_CHARS = frozenset(DOUBLE_OPEN + DOUBLE_CLOSE + STRAIGHT_DOUBLE + SINGLE_OPEN + SINGLE_CLOSE
                        + STRAIGHT_SINGLE)
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")
_OPENING_CONTEXT = " \t\n([{—–-/:"
_TRIM = " \t\n,;:—–"


@dataclass(frozen=True, slots=True)
class QuotedPassage:
    """Words between quote marks: `start`/`end` bound the words (a trailing comma trimmed),
    `outer_start`/`outer_end` include the marks, `marks` are the offsets of all its marks (more
    than two when it runs over paragraphs)."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    marks: tuple[int, ...]

    def covers(self, start: int, end: int) -> bool:
        """Whether [start, end) lies within the passage, marks included."""
        return self.outer_start <= start and end <= self.outer_end


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPENING_CONTEXT or before in DOUBLE_OPEN) and not after.isspace()


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _double_pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(open, close) offsets of double-quote pairs in one paragraph; an unclosed quote gets -1."""
    pairs: list[tuple[int, int]] = []
    open_at = -1
    for i in range(start, end):
        char = text[i]
        if char in DOUBLE_OPEN:
            if open_at < 0:
                open_at = i
        elif char in DOUBLE_CLOSE:
            if open_at >= 0:
                pairs.append((open_at, i))
                open_at = -1
        elif char == STRAIGHT_DOUBLE:
            if open_at < 0 and _opens(text, i):
                open_at = i
            elif open_at >= 0 and _closes(text, i):
                pairs.append((open_at, i))
                open_at = -1
    if open_at >= 0:
        pairs.append((open_at, -1))
    return pairs


def _single_pairs(text: str, start: int, end: int, doubles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single-quote pairs outside double quotes, at word boundaries only: the apostrophes of
    "don’t" and "Russia’s" are followed by a letter and so never close a quote."""
    pairs: list[tuple[int, int]] = []
    open_at = -1
    for i in range(start, end):
        char = text[i]
        if char not in (SINGLE_OPEN, SINGLE_CLOSE, STRAIGHT_SINGLE) or any(a <= i <= b for a, b in doubles):
            continue
        after = text[i + 1] if i + 1 < end else " "
        if open_at < 0:
            if char in (SINGLE_OPEN, STRAIGHT_SINGLE) and _opens(text, i) and after.isalnum():
                open_at = i
        elif char in (SINGLE_CLOSE, STRAIGHT_SINGLE) and _closes(text, i):
            pairs.append((open_at, i))
            open_at = -1
    return pairs


def _passage(text: str, marks: list[int], close: int | None, limit: int) -> QuotedPassage:
    """A passage from its opening mark(s) to `close` (None: no closing mark, runs to `limit`)."""
    end = close if close is not None else limit
    outer_end = close + 1 if close is not None else end
    start = marks[0] + 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    all_marks = (*marks, close) if close is not None else tuple(marks)
    return QuotedPassage(start, end, marks[0], outer_end, all_marks)


def find_passages(text: str) -> list[QuotedPassage]:
    """Every quoted passage of `text` in order; paragraphs are separated by blank lines.

    A quote left open at a paragraph's end continues when the next paragraph opens with a
    quote mark (news style); a quote paragraph that is never closed ends with its paragraph.
    """
    passages: list[QuotedPassage] = []
    pending: list[int] = []  # opening marks of a quote still open at the previous paragraph's end
    pending_end = 0
    pending_whole = False  # the open quote started its paragraph: a quote paragraph left unclosed

    def settle() -> None:
        if pending and pending_whole:
            passages.append(_passage(text, pending, None, pending_end))

    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        doubles = _double_pairs(text, start, end)
        first = next((i for i in range(start, end) if not text[i].isspace()), end)
        if pending:
            if doubles and doubles[0][0] == first:
                opening, close = doubles.pop(0)
                if close >= 0:
                    passages.append(_passage(text, [*pending, opening], close, end))
                    pending = []
                else:
                    pending.append(opening)
                    pending_end = end
            else:  # never resumed: a quote paragraph ends with its paragraph, a stray mark is dropped
                settle()
                pending = []
        closed = [(a, b) for a, b in doubles if b >= 0]
        passages.extend(_passage(text, [a], b, end) for a, b in closed)
        unclosed = [a for a, b in doubles if b < 0]
        if unclosed:
            pending, pending_end, pending_whole = [unclosed[0]], end, unclosed[0] == first
        passages.extend(_passage(text, [a], b, end) for a, b in _single_pairs(text, start, end, closed))
    settle()
    passages.sort(key=lambda p: p.outer_start)
    return passages


def statement_text(text: str, offset: int, passages: Iterable[QuotedPassage]) -> str:
    """`text` (found at `offset`) without quote marks and line breaks: the statement as stored.

    Only the marks of known passages are removed, so apostrophes stay ("don’t", "Russia’s").
    """
    drop = {mark - offset for passage in passages for mark in passage.marks}
    kept = "".join(char for i, char in enumerate(text) if i not in drop and char not in DOUBLE_OPEN
                   and char not in DOUBLE_CLOSE)
    return " ".join(kept.split()).strip(" ,;:—–")
