"""Titles for captures that carry none: a headline line, or the lead's first sentence.

A search result needs a title; scraped text often lost the headline (the seed has none), and
the first sentence of a news lead states the story, so it makes an honest stand-in.
"""

from __future__ import annotations

import re

from newsdig.extract.chrome import is_chrome
from newsdig.extract.draft import collapse

MAX_TITLE_WORDS = 16  # a long headline; longer first sentences are cut at a word boundary
MAX_TITLE_CHARS = 120
MIN_LEAD_WORDS = 8  # shorter paragraphs (bylines, labels, site slogans) are not a story's lead
MAX_HEADLINE_WORDS = 14  # a standalone line this short, without a final period, reads as a headline
MIN_HEADLINE_WORDS = 2
ELLIPSIS = "…"

# Titles, initials and other abbreviations whose period does not end a sentence.
_ABBREVIATION_LIST = (
    "mr mrs ms dr prof col gen lt sgt capt cmdr adm gov sen rep st jr sr inc ltd co corp no vs "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
# Function words: a cut title should not end on one ("… troops to" reads broken), and a cut
# made just before one falls between phrases ("… deployed troops | to assist …").
_FUNCTION_WORD_LIST = (
    "a an the and or but of to in on at for from by with as that which who whom whose than "
    "its their his her our your this these those is are was were be been has have had will "
    "would could should can may might said says into over after before about against while"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())
MIN_CUT_WORDS = 8  # a phrase-boundary cut keeps at least this many words
_TRAILING_PUNCT = " \t,;:–—-.…/|"
_SENTENCE_FINAL = (".", ":", ";", ",")


# " | ", " - ", " — ", " › ", " :: " ... between a headline and the site's name in <title>
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—·•›»«~/-]|::|\\)\s+")
_NON_ALNUM = re.compile(r"[\W_]+")


def _squash(text: str) -> str:
    return _NON_ALNUM.sub("", text).lower()


def strip_site_name(title: str, site_names: list[str]) -> str:
    """Drop leading or trailing title parts that only name the site ("Headline | The Herald")."""
    keys = {_squash(name) for name in site_names if name} - {""}
    if not keys:
        return title
    parts = _TITLE_SEPARATOR.split(title)
    separators = _TITLE_SEPARATOR.findall(title)
    while len(parts) > 1 and _squash(parts[-1]) in keys:
        parts.pop()
        separators.pop()
    while len(parts) > 1 and _squash(parts[0]) in keys:
        parts.pop(0)
        separators.pop(0)
    rebuilt = parts[0]
    for separator, part in zip(separators, parts[1:], strict=True):
        rebuilt += separator + part
    return rebuilt


def first_sentence(paragraph: str) -> str:
    """The paragraph's first sentence, not fooled by "Col." or "U.S." abbreviations."""
    text = collapse(paragraph)
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start() + 1]
        last_word = before.rsplit(" ", 1)[-1].rstrip(".!?").lower()
        is_initial = len(last_word) == 1 and last_word.isalpha()
        if match.group().startswith(".") and (last_word in _ABBREVIATIONS or is_initial):
            continue
        return text[: match.start() + 1]
    return text


def shorten(sentence: str) -> str:
    """Cut a sentence to headline length at a word boundary, marking the cut with an ellipsis."""
    words = sentence.split()
    if len(words) <= MAX_TITLE_WORDS and len(sentence) <= MAX_TITLE_CHARS:
        return sentence.rstrip(_TRAILING_PUNCT) if sentence.endswith(".") else sentence
    limit = MAX_TITLE_WORDS
    while limit > 1 and len(" ".join(words[:limit])) > MAX_TITLE_CHARS:
        limit -= 1
    # cut between phrases: the last place where the next word is a function word and the
    # kept text ends on a content word
    for cut in range(limit, MIN_CUT_WORDS - 1, -1):
        if _is_function_word(words[cut]) and not _is_function_word(words[cut - 1]):
            limit = cut
            break
    kept = words[:limit]
    while len(kept) > 1 and _is_function_word(kept[-1]):
        kept.pop()
    return " ".join(kept).rstrip(_TRAILING_PUNCT) + ELLIPSIS


def _is_function_word(word: str) -> bool:
    return word.lower().strip(_TRAILING_PUNCT + "\"'“”‘’()") in _FUNCTION_WORDS


def is_headline(line: str) -> bool:
    """True for a line that reads like a headline: a few words, no sentence-final period."""
    text = collapse(line)
    words = text.split()
    return (
        MIN_HEADLINE_WORDS <= len(words) <= MAX_HEADLINE_WORDS
        and not text.endswith(_SENTENCE_FINAL)
        and any(ch.isalpha() for ch in text)
        and not is_chrome(text)
    )


def infer_title(paragraphs: list[str]) -> str | None:
    """A headline-length title from the lead: the first long paragraph, else the first at all."""
    texts = [text for text in map(collapse, paragraphs) if text and not is_chrome(text)]
    leads = [text for text in texts if len(text.split()) >= MIN_LEAD_WORDS]
    for text in leads or texts:
        title = shorten(first_sentence(text))
        if title:
            return title
    return None
