"""Figures with their hedges, from text alone (no model): what a claim's number is comparable by."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsdig.enrich.numbers import find_numbers, iter_numbers
from newsdig.enrich.records import NumberMention


def one(text: str) -> NumberMention:
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "written", "value", "qualifier"),
    [
        ("about 11,000 North Korean troops", "about 11,000", 11000, "about"),
        ("at least 1,000 had been killed", "at least 1,000", 1000, "at least"),
        ("more than 200 people", "more than 200", 200, "more than"),
        ("nearly 40 percent of voters", "nearly 40 percent", 40, "nearly"),
        ("up to 5,000 soldiers", "up to 5,000", 5000, "up to"),
        ("no more than 12 tanks", "no more than 12", 12, "no more than"),
        ("Some 2,300 dockworkers", "Some 2,300", 2300, "some"),
        ("roughly 3,000 US troops", "roughly 3,000", 3000, "roughly"),
    ],
)
def test_qualifiers_are_kept_with_the_figure(text: str, written: str, value: float, qualifier: str) -> None:
    number = one(text)
    assert (number.text, number.value, number.qualifier, number.high) == (written, value, qualifier, None)


@pytest.mark.parametrize(
    ("text", "low", "high", "written"),
    [
        ("An additional 11,000-12,000 soldiers", 11000, 12000, "11,000-12,000"),
        ("11,000 to 12,000 troops", 11000, 12000, "11,000 to 12,000"),
        ("between 10,000 and 20,000 new cases", 10000, 20000, "between 10,000 and 20,000"),
        ("10–12 million people", 10_000_000, 12_000_000, "10–12 million"),
    ],
)
def test_ranges_give_low_value_and_high(text: str, low: float, high: float, written: str) -> None:
    number = one(text)
    assert (number.value, number.high, number.text, number.qualifier) == (low, high, written, None)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("3.5 million", 3_500_000, None),
        ("two million people", 2_000_000, "people"),
        ("a dozen drones", 12, "drones"),
        ("twenty-five soldiers", 25, "soldiers"),
        ("$3.5bn", 3_500_000_000, "$"),
        ("£5m", 5_000_000, "£"),
        ("40%", 40, "%"),
        ("12 per cent", 12, "%"),
        ("50km from the front", 50, "km"),
    ],
)
def test_multipliers_currencies_and_percentages(text: str, value: float, unit: str | None) -> None:
    number = one(text)
    assert number.value == value
    assert number.unit == unit


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("11,000 troops", "troops"),
        ("11,000-12,000 highly motivated and well-prepared soldiers", "soldiers"),
        ("5 new tanks", "tanks"),
        ("at least 1,000 had been killed", None),  # "had" is no counted noun
        ("about 11,000 North Korean troops", None),  # a name in between: only the parse knows
    ],
)
def test_unit_is_the_counted_noun_right_after(text: str, unit: str | None) -> None:
    assert one(text).unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "in 2024 the army withdrew",
        "the 2024 elections",
        "on March 3, 2024",
        "on 3 May",
        "between 2020 and 2024",
        "the 1990s",
        "over a three-month period",
        "a 10-year plan",
        "at 10:30",
        "before 5 a.m.",
        "at 6pm",
        "COVID-19 cases",
        "F-16 jets",
        "the 3rd battalion",
        "one of them",
        "work on Pier 9 resumed",
    ],
)
def test_dates_times_durations_and_names_are_not_figures(text: str) -> None:
    assert find_numbers(text) == []


def test_a_year_counting_something_is_a_figure() -> None:
    assert one("2000 troops").value == 2000
    assert one("about 2000 troops").qualifier == "about"


def test_lower_case_may_is_a_verb_not_a_month() -> None:
    assert one("5 may die").value == 5


def test_several_figures_in_order_with_offsets() -> None:
    text = "Police said at least 12 people had been arrested in 2023, up from 5 in 2022."
    found = list(iter_numbers(text))
    assert [f.mention.text for f in found] == ["at least 12", "5"]
    assert [text[f.start:f.end] for f in found] == ["at least 12", "5"]
    assert text[found[0].number_start:].startswith("12")


def test_a_cli_query_reads_like_a_sentence() -> None:
    number = one("claims '11,000 troops'")
    assert (number.value, number.unit) == (11000, "troops")
    assert find_numbers("") == []
    assert find_numbers("no figures here") == []


def test_numbers_module_does_not_import_spacy() -> None:
    """The CLI parses figures out of queries; that must not pay for loading spaCy."""
    code = "import sys, newsdig.enrich.numbers, newsdig.enrich.nlp, newsdig.enrich.cues; " \
           "print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
