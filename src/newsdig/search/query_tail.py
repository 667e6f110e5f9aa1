"""What a search-box completion replaces: the tail of a query string (the word, open phrase or
filter value being typed), parsed without the full query parser.

Kept apart from autocomplete.py because it is pure string work, testable on its own: the parser
proper (search/parser.py) reads finished queries, this reads unfinished ones, where an open quote
or a half-typed `speaker:gera` is the normal case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsdig.index.schema import MAX_TOKEN_CHARS

COMPLETABLE_FIELDS = ("speaker", "entity", "intitle")
OTHER_FIELDS = ("site", "source", "lang", "language", "after", "before")


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Tail:
    """The end of a query that a completion replaces.

    `words`: the alphanumeric words of the unit being typed (the trailing run of bare words, the
    open phrase, the filter's value), the last one unfinished. `anchors`: offsets where a name may
    start replacing (piece or value starts: a name never replaces half of "xyz-gera"). `closer`: what
    to append after the completion (a closing quote). `value_start`: for an unquoted filter value or
    an exclusion, where the value starts (a name there is quoted when it has spaces).
    """

    words: tuple[_Word, ...]
    context: Literal["plain", "phrase", "field", "negated"]
    field: str | None = None
    anchors: frozenset[int] = frozenset()
    closer: str = ""
    value_start: int | None = None
    whole_query_plain: bool = False


def parse_tail(query: str) -> Tail | None:
    """What the last word of `query` belongs to, or None when there is nothing to complete (ends
    with a space or punctuation, a closed quote, OR, a date or site filter...)."""
    pieces = _pieces(query)
    if not pieces or pieces[-1].end != len(query):  # ends with a space: the last word is done
        return None
    last = pieces[-1]
    if last.kind == "or" or (last.kind in ("phrase", "field") and last.quoted and not last.open):
        return None
    if last.kind == "field" and last.field not in COMPLETABLE_FIELDS:
        return None
    if last.kind == "phrase":
        return _tail(query, last.value_start, len(query), "phrase", anchors=None, closer='"')
    if last.kind == "field":  # the value is one name (or title words): a name replaces all of it
        closer = '"' if last.open else ""
        value_start = None if last.open else last.value_start
        return _tail(query, last.value_start, len(query), "field", {last.value_start}, closer, last.field,
                     value_start)
    if last.negated:
        return _tail(query, last.value_start, len(query), "negated", {last.value_start},
                     value_start=last.value_start)
    run = [last]
    for piece in reversed(pieces[:-1]):
        if piece.kind != "word" or piece.negated:
            break
        run.insert(0, piece)
    tail = _tail(query, run[0].start, len(query), "plain", {p.start for p in run})
    if tail is not None and len(run) == len(pieces):
        return Tail(tail.words, "plain", anchors=tail.anchors, whole_query_plain=True)
    return tail


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    kind: Literal["word", "phrase", "field", "or"]
    value_start: int
    negated: bool = False
    field: str | None = None
    quoted: bool = False
    open: bool = False


def _pieces(query: str) -> list[_Piece]:
    """The query's tokens with their offsets, read the way the parser reads them."""
    pieces: list[_Piece] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
            continue
        if char == "|":
            pieces.append(_Piece(i, i + 1, "or", i))
            i += 1
            continue
        start, negated = i, False
        if char == "-":
            if i + 1 >= n or query[i + 1].isspace() or query[i + 1] == "|":
                pieces.append(_Piece(i, i + 1, "or", i))  # a lone minus: nothing to complete
                i += 1
                continue
            negated, i = True, i + 1
        if query[i] == '"':
            close = query.find('"', i + 1)
            end = n if close < 0 else close + 1
            pieces.append(_Piece(start, end, "phrase", i + 1, negated, quoted=True, open=close < 0))
            i = end
            continue
        j = i
        while j < n and not query[j].isspace() and query[j] not in '"|':
            j += 1
        word = query[i:j]
        name, colon, value = word.partition(":")
        field = name.lower()
        if colon and name.isalpha() and (field in COMPLETABLE_FIELDS or field in OTHER_FIELDS):
            value_start = i + len(name) + 1
            if not value and j < n and query[j] == '"':
                close = query.find('"', j + 1)
                end = n if close < 0 else close + 1
                pieces.append(_Piece(start, end, "field", j + 1, negated, field, True, close < 0))
                i = end
                continue
            if value or j == n:
                pieces.append(_Piece(start, j, "field", value_start, negated, field))
                i = j
                continue
        kind: Literal["word", "or"] = "or" if word == "OR" and not negated else "word"
        pieces.append(_Piece(start, j, kind, i, negated))
        i = j
    return pieces


def _tail(query: str, start: int, end: int, context: Literal["plain", "phrase", "field", "negated"],
          anchors: set[int] | None, closer: str = "", field: str | None = None,
          value_start: int | None = None) -> Tail | None:
    words = _words(query, start, end)
    if not words or words[-1].end != end or len(words[-1].text) > MAX_TOKEN_CHARS:
        return None
    starts = frozenset(w.start for w in words) if anchors is None else frozenset(anchors)
    return Tail(tuple(words), context, field, starts, closer, value_start)


def _words(query: str, start: int, end: int) -> list[_Word]:
    words: list[_Word] = []
    i = start
    while i < end:
        if not query[i].isalnum():
            i += 1
            continue
        j = i
        while j < end and query[j].isalnum():
            j += 1
        words.append(_Word(query[i:j], i, j))
        i = j
    return words
