"""Plain-text captures: a scraper's text dump, chrome included (see the seed).

Paragraphs are blank-line separated; chrome lines are dropped; a short first line directly
above the body is the headline; a byline and a dateline near the top give authors and date.
Without a headline the title is inferred from the lead (`title.infer_title`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdig.extract.chrome import MAX_CHROME_LINE_CHARS, is_chrome
from newsdig.extract.dates import find_date, is_dateline
from newsdig.extract.decode import decode, too_large
from newsdig.extract.draft import Draft, Refusal, collapse
from newsdig.extract.title import MAX_HEADLINE_WORDS, infer_title, is_headline

EXTRACTOR = "plaintext 1"

TOP_LINES = 10  # datelines and bylines sit among the first lines of a capture
# A block whose lines (all but the last) are this long is prose hard-wrapped at a fixed width,
# to be re-joined; any other multi-line block has one paragraph per line.
HARD_WRAP_MIN_CHARS = 30
HARD_WRAP_MAX_CHARS = 100
MAX_BYLINE_CHARS = 80

_BLANK = re.compile(r"\n[^\S\n]*\n")
_BYLINE = re.compile(r"^by\s+(?P<names>[^|,;]{3,60}?)\s*(?:[|,;–—-].*)?$", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s+(?:and|&)\s+")
# Control characters that are not whitespace (NUL, BEL, ESC, DEL, C1...): binary noise a text dump
# may carry (decode lets a few through), never article text, and NUL ends C strings downstream.
_CONTROLS = dict.fromkeys(c for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if not chr(c).isspace())
_SENTENCE_END = (".", "!", "?", "…", "\"", "”", "’", ")")


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    after_chrome: bool  # chrome was dropped right before it: it is not glued to what precedes


def _block_paragraphs(block: str) -> list[str]:
    """One block's paragraphs: re-joined if hard-wrapped, else one per line."""
    lines = [collapse(line) for line in block.split("\n")]
    lines = [line for line in lines if line]
    hard_wrapped = len(lines) > 1 and all(
        HARD_WRAP_MIN_CHARS <= len(line) <= HARD_WRAP_MAX_CHARS for line in lines[:-1]
    )
    if hard_wrapped and not any(is_chrome(line) for line in lines):
        return [" ".join(lines)]
    return lines


def _paragraphs(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)
    return [paragraph for block in _BLANK.split(text) for paragraph in _block_paragraphs(block)]


def _without_chrome(paragraphs: list[str]) -> list[_Line]:
    """Paragraphs that are not chrome, each marked if furniture was dropped just before it.

    A dropped dateline does not count: it sits between a headline and its body.
    """
    kept: list[_Line] = []
    dropped = False
    for paragraph in paragraphs:
        if is_chrome(paragraph):
            dropped = dropped or not is_dateline(paragraph)
            continue
        kept.append(_Line(paragraph, dropped))
        dropped = False
    return kept


def _top_date(paragraphs: list[str]) -> str | None:
    """A date stated on a short line near the top ("Published 28 April 2025")."""
    for paragraph in paragraphs[:TOP_LINES]:
        if len(paragraph) <= MAX_CHROME_LINE_CHARS and (found := find_date(paragraph)):
            return found
    return None


def _byline(line: str) -> tuple[str, ...]:
    """Author names from a "By Jane Doe and John Roe | Reuters" line, else ()."""
    if len(line) > MAX_BYLINE_CHARS or _is_body(line):  # "By Tuesday, the council had voted."
        return ()
    match = _BYLINE.match(line)
    if not match:
        return ()
    names = [name.strip() for name in _NAME_SPLIT.split(match["names"])]
    if not all(name[:1].isupper() and len(name.split()) <= 4 for name in names):
        return ()
    return tuple(names)


def _is_body(text: str) -> bool:
    """A body paragraph: longer than a headline, or a sentence."""
    return len(text.split()) > MAX_HEADLINE_WORDS or text.endswith(_SENTENCE_END)


def _headline_index(lines: list[_Line]) -> int | None:
    """Index of the headline: a headline-like line right above the first body paragraph.

    A byline may sit between the two; other dropped furniture may not (the site header
    above "x" and an ad slot is no headline). Lines above the headline stay in the text,
    where template learning can recognise a site header.
    """
    body = next((index for index, line in enumerate(lines) if _is_body(line.text)), None)
    if not body:  # no body, or nothing above it
        return None
    index = body - 1
    while index > 0 and _byline(lines[index].text):
        index -= 1
    candidate = lines[index].text
    if _byline(candidate) or not is_headline(candidate):
        return None
    if any(line.after_chrome for line in lines[index + 1 : body + 1]):
        return None
    return index


def extract_text(body: bytes, content_type: str | None = None) -> Draft | Refusal:
    """Main text, headline or inferred title, byline and date of a plain-text capture."""
    oversized = too_large(body)
    if oversized is not None:
        return oversized
    text = decode(body, content_type, markup=False)
    if text is None:
        return Refusal("undecodable", "the body is binary data, not text in any known encoding")
    paragraphs = _paragraphs(text)
    published = _top_date(paragraphs)
    lines = _without_chrome(paragraphs)
    headline = _headline_index(lines)
    title = lines.pop(headline).text if headline is not None else None
    authors: tuple[str, ...] = ()
    for index, line in enumerate(lines[:TOP_LINES]):
        authors = _byline(line.text)
        if authors:
            del lines[index]
            break
    body_paragraphs = [line.text for line in lines]
    inferred = title is None
    if inferred:
        title = infer_title(body_paragraphs)
    return Draft(
        paragraphs=body_paragraphs,
        extractor=EXTRACTOR,
        title=title,
        title_inferred=inferred and title is not None,
        authors=authors,
        published=published,
    )
