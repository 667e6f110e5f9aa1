"""Figures in text with their hedges: "about 11,000 troops", "at least 1,000", "11,000-12,000".

Pure text rules (no spaCy) so the CLI can read a figure out of a query like ``'11,000 troops'``
without loading a model, and so the quote extractor can run it over each statement cheaply.
A claim's figure is only comparable with its qualifier ("at least 1,000" vs "about 1,000") and
range, which is why both are kept. Dates are not figures: "in 2024", "March 3", "1990s" and
"three-month" (a duration) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsdig.enrich.records import NumberMention


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one string (long lexicons read better that way)."""
    return tuple(text.split())


_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_UNITS = _words("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                "sixteen seventeen eighteen nineteen")
_TENS = _words("twenty thirty forty fifty sixty seventy eighty ninety")
SPELLED: dict[str, int] = {word: i + 1 for i, word in enumerate(_UNITS)}
SPELLED.update({word: (i + 2) * 10 for i, word in enumerate(_TENS)})
_SPELLED = (rf"(?:(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_UNITS[:9])}))?|{'|'.join(_UNITS)}"
            r"|a\s+dozen|a(?=\s+(?:hundred|thousand|million|billion|trillion)\b))")
_ATOM = re.compile(rf"(?P<digits>{_DIGITS})|\b(?P<word>{_SPELLED})\b", re.IGNORECASE)

MULTIPLIER_WORDS: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}
# attached abbreviations: "5bn", "£3bn", "$5m" ("m" and "k" only after a currency sign: "5m" may be metres)
MULTIPLIER_ABBREVIATIONS: dict[str, float] = {"bn": 1e9, "tn": 1e12, "mn": 1e6, "m": 1e6, "k": 1e3}
_MULT_WORD = re.compile(r"\s+(hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
_MULT_ABBR = re.compile(r"(bn|tn|mn|m|k)\b", re.IGNORECASE)
_PERCENT = re.compile(r"\s*%|\s+per\s?cent\b|\s+percent\b", re.IGNORECASE)
_RANGE_SEP = re.compile(r"\s*[-–—]\s*|\s+to\s+", re.IGNORECASE)
_AND_SEP = re.compile(r"\s+and\s+", re.IGNORECASE)
_MEASURE_SUFFIX = re.compile(r"(km|kg|mph|sq\s?km)\b", re.IGNORECASE)
CURRENCIES = "$£€¥"

# Longest first, so "no more than" wins over "more than"; matched against the words before a figure.
QUALIFIERS: tuple[str, ...] = (
    "no fewer than", "no more than", "no less than", "not more than", "in excess of", "upwards of",
    "as many as", "as much as", "as few as", "more than", "fewer than", "less than", "greater than",
    "at least", "at most", "up to", "close to", "just over", "just under", "well over", "an estimated",
    "estimated", "approximately", "roughly", "around", "about", "nearly", "almost", "some", "over",
    "under", "above", "below", "between", "from",
)
_QUALIFIER_ALTERNATIVES = "|".join(q.replace(" ", r"\s+") for q in QUALIFIERS)
_QUALIFIER = re.compile(rf"\b({_QUALIFIER_ALTERNATIVES})\s+$", re.IGNORECASE)

_CLOCK = re.compile(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|BST\b|UTC\b|hrs\b)", re.IGNORECASE)
_QUALIFIER_WORDS = frozenset(word for qualifier in QUALIFIERS for word in qualifier.split())
MONTHS = frozenset(_words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
))
_TIME_UNITS = re.compile(r"[-–](?:year|month|week|day|hour|minute|second|night|decade|century)s?\b",
                         re.IGNORECASE)
# Words before a 4-digit number that make it a year ("in 2024", "since 1991", "the 2024 election").
_YEAR_CONTEXT = frozenset(_words(
    "in since by until till from of the during before after early late mid end start year years "
    "between and to through circa spring summer autumn fall winter"
))
# Words that cannot be the counted noun right after a figure.
_NOT_UNITS = frozenset(_words(
    "a an the of in on at to from by for with and or but nor had has have was were is are be been "
    "being will would could should may might must can did do does that which who whom whose this "
    "these those it its their they he she we you i as than per each over under last next ago not "
    "also still now then so if when while where after before since until during between among into "
    "out up down about around said say says died saw made went came got took more other new extra "
    "additional further another such only just"
))
_SKIPPABLE = frozenset(_words("more other new extra additional further"))
_ADJECTIVE_ENDINGS = ("ly", "al", "ive", "ous", "ful", "ed", "ing", "ic", "ary")
_WORD = re.compile(r"\s*([A-Za-z][A-Za-z'’-]*)")
IRREGULAR_PLURALS = frozenset(_words("people men women children police staff personnel troops cattle"))


@dataclass(frozen=True, slots=True)
class FoundNumber:
    """A figure with its position: `start`/`end` span the written form, `number_start` the first digit."""

    start: int
    end: int
    number_start: int
    mention: NumberMention


def _atom_value(match: re.Match[str]) -> float:
    if match.group("digits"):
        return float(match.group("digits").replace(",", ""))
    word = " ".join(match.group("word").lower().split())
    if word == "a dozen":
        return 12.0
    if word == "a":
        return 1.0
    if "-" in word:
        tens, units = word.split("-")
        return float(SPELLED[tens] + SPELLED[units])
    return float(SPELLED[word])


def _multiplier(text: str, end: int, currency: bool, digits: bool) -> tuple[float, int]:
    """Multipliers right after a figure: " million", " hundred thousand", "bn", "m" (after "$")."""
    factor = 1.0
    if digits:
        abbr = _MULT_ABBR.match(text, end)
        if abbr and (currency or abbr.group(1).lower() in ("bn", "tn", "mn")):
            return MULTIPLIER_ABBREVIATIONS[abbr.group(1).lower()], abbr.end()
    for _ in range(2):  # "two hundred thousand"
        word = _MULT_WORD.match(text, end)
        if not word:
            break
        factor *= MULTIPLIER_WORDS[word.group(1).lower()]
        end = word.end()
    return factor, end


def _word_before(text: str, start: int, *, lower: bool = True) -> str:
    match = re.search(r"([A-Za-z]+)[\s,]*$", text[max(0, start - 20):start])
    word = match.group(1) if match else ""
    return word.lower() if lower else word


def _word_after(text: str, end: int, *, lower: bool = True) -> str:
    match = _WORD.match(text, end)
    word = match.group(1) if match else ""
    return word.lower() if lower else word


def _is_month(word: str) -> bool:
    """A capitalised month name ("May", "Sept"); lower-case "may" is the verb."""
    return bool(word) and word[0].isupper() and word.lower() in MONTHS


def _is_excluded(text: str, atom: re.Match[str]) -> bool:
    """Not a figure: part of a name or code ("COVID-19", "G7"), a time, a date or a duration."""
    start, end = atom.span()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or before in "/:_" or (before in "-–" and start > 1 and text[start - 2].isalpha()):
        return True
    if after in "/:" and end + 1 < len(text) and text[end + 1].isdigit():
        return True  # 10:30, 3/4/2024
    if atom.group("word") and atom.group("word").lower() == "one":
        return not _MULT_WORD.match(text, end)  # "one of them" is not a figure, "one million" is
    if _TIME_UNITS.match(text, end) or _CLOCK.match(text, end):
        return True  # "three-month period", "a 10-year plan": a duration; "5 a.m.": a time
    previous = _word_before(text, start, lower=False)
    if atom.group("digits") and previous[:1].isupper() and previous.lower() not in _NOT_UNITS \
            and previous.lower() not in _QUALIFIER_WORDS and re.fullmatch(r"\d{1,4}", atom.group()) \
            and text[start - 1:start] == " " and text[start - 1 - len(previous):start - 1] == previous:
        return True  # part of a name: "Pier 9", "Terminal 3", "Local 17", "Boeing 737"
    if atom.group("word") and after in "-–":
        return True  # "two-thirds", "one-sided"
    return _is_month(_word_before(text, start, lower=False)) or _is_month(_word_after(text, end, lower=False))


def _is_year(text: str, number: str, start: int, end: int, qualifier: str | None) -> bool:
    """A bare 4-digit number between 1800 and 2100 is a year unless hedged or counting something."""
    if not re.fullmatch(r"\d{4}", number) or not 1800 <= int(number) <= 2100 or qualifier:
        return False
    following = _word_after(text, end)
    counts = following.endswith("s") or following in IRREGULAR_PLURALS
    return not counts or _word_before(text, start) in _YEAR_CONTEXT


def _is_year_range(first: str, second: str) -> bool:
    return all(re.fullmatch(r"\d{4}", n) and 1800 <= int(n) <= 2100 for n in (first, second))


def _unit_after(text: str, end: int) -> str | None:
    """The counted noun right after a figure ("troops"), skipping a few modifiers between them.

    Modifiers are guessed by shape ("highly", "motivated", "well-prepared", "additional") since
    there is no parse here; the quote extractor overrides this with the parse when it has one.
    """
    position = end
    after_modifier = False
    for _ in range(6):
        match = _WORD.match(text, position)
        if not match:
            return None
        word = match.group(1)
        lower = word.lower().rstrip("'’")
        position = match.end()
        if not word[0].islower():
            return None
        if lower in _SKIPPABLE or (after_modifier and lower in ("and", "or")):
            after_modifier = True
            continue
        if lower in _NOT_UNITS:
            return None
        if lower.endswith(_ADJECTIVE_ENDINGS) and lower not in IRREGULAR_PLURALS:
            after_modifier = True
            continue
        return lower if len(lower) > 1 else None
    return None


def iter_numbers(text: str) -> Iterator[FoundNumber]:
    """Every figure in `text` with its offsets, left to right."""
    atoms = list(_ATOM.finditer(text))
    skip_until = -1
    for index, atom in enumerate(atoms):
        if atom.start() < skip_until or _is_excluded(text, atom):
            continue
        digits = bool(atom.group("digits"))
        start = atom.start()
        currency = text[start - 1] if start and text[start - 1] in CURRENCIES else None
        if currency:
            start -= 1
        value = _atom_value(atom)
        factor, end = _multiplier(text, atom.end(), currency is not None, digits)
        high: float | None = None
        qualifier_match = _QUALIFIER.search(text, max(0, start - 30), start)
        qualifier = " ".join(qualifier_match.group(1).lower().split()) if qualifier_match else None
        # a range: "11,000-12,000", "10 to 12 million", "between 10 and 20"
        separator = (_AND_SEP if qualifier == "between" else _RANGE_SEP).match(text, end)
        second = atoms[index + 1] if index + 1 < len(atoms) else None
        if separator and second is not None and text[separator.end():second.start()] in ("", "$", "£", "€"):
            second_factor, second_end = _multiplier(text, second.end(), currency is not None,
                                                    bool(second.group("digits")))
            if factor == 1.0:
                factor = second_factor
            high = _atom_value(second) * second_factor
            end = second_end
            skip_until = second.end()
        if qualifier_match and (qualifier not in ("between", "from") or high is not None):
            start = qualifier_match.start(1)  # "between 10 and 20" is written as a whole
        if qualifier in ("between", "from"):
            qualifier = None  # the range itself says it; a lone "from 10" is no hedge
        if high is None and _is_year(text, atom.group(), atom.start(), end, qualifier):
            continue
        if high is not None and second is not None and _is_year_range(atom.group(), second.group()):
            continue  # "2022-2023", "between 2020 and 2024"
        if digits and not currency and not _PERCENT.match(text, end) and text[end:end + 1].isalpha():
            measure = _MEASURE_SUFFIX.match(text, end)
            if not measure:
                continue  # "3rd", "5pm", "1990s"
            unit: str | None = measure.group(1).lower()
            end = measure.end()
        else:
            unit = None
        percent = _PERCENT.match(text, end)
        if percent:
            end = percent.end()
            unit = "%"
        elif currency:
            unit = currency
        elif unit is None:
            unit = _unit_after(text, end)
        mention = NumberMention(text=text[start:end], value=value * factor, high=high, qualifier=qualifier,
                                unit=unit)
        yield FoundNumber(start, end, atom.start(), mention)


def find_numbers(text: str) -> list[NumberMention]:
    """The figures in `text`, in order: works on an article sentence or a short query."""
    return [found.mention for found in iter_numbers(text)]
