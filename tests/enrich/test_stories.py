"""The pure story parts: terms, names, weights, cosine, choosing a story, centrality, dates."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from newsdig.enrich.stories import (
    ARTICLE_TERMS,
    NAME_WEIGHT,
    THRESHOLD,
    TITLE_WEIGHT,
    add,
    centroid_of,
    choose_story,
    cosine,
    fold,
    idf,
    most_central,
    seen_at,
    term_counts,
    terms,
    text_terms,
    top,
    weigh,
    window,
)


def test_terms_drop_stop_words_numbers_and_fold_plurals() -> None:
    text = "The workers said on Tuesday that 11 explosions hit the companies\u2019 plants in 2025."
    assert terms(text) == ["worker", "explosion", "hit", "company", "plant"]
    assert [fold(w) for w in ("gas", "crisis", "status", "glass", "bus", "policies")] == [
        "gas", "crisis", "status", "glass", "bus", "policy"]
    assert terms("Marlowe\u2019s plant") == terms("Marlowe's plants") == ["marlowe", "plant"]


def test_capitalised_words_inside_sentences_are_names() -> None:
    text = ("Firefighters reached the Marlowe plant in Dunmore. Police said \u201cNobody was hurt\u201d, "
            "according to ASTRA.\n\nDunmore council met.")
    names = {term for term, is_name in text_terms(text) if is_name}
    # sentence, quotation and paragraph starts are not names; the same word later is
    assert names == {"marlowe", "dunmore", "astra"}
    assert ("firefighter", False) in text_terms(text)
    # the limit counts words read, stop words included
    assert text_terms(text, limit=4) == [("firefighter", False), ("reached", False), ("marlowe", True)]


def test_title_names_and_entities_count_extra() -> None:
    counts = term_counts("Blast at Dunmore plant", "Engineers said the Dunmore plant was closed.",
                         names=["Daniel Farrow", "Daniel Farrow"])
    assert counts["blast"] == TITLE_WEIGHT
    assert counts["dunmore"] == TITLE_WEIGHT + 1 + NAME_WEIGHT
    assert counts["plant"] == TITLE_WEIGHT + 1
    assert counts["engineer"] == 1
    assert counts["farrow"] == counts["daniel"] > 0  # each entity once


def test_idf_falls_with_document_frequency_and_stays_positive() -> None:
    assert idf(1, 10) > idf(5, 10) > idf(10, 10) > 0
    assert idf(100, 100) > 0


def test_weigh_keeps_the_heaviest_terms_normalised_and_ordered() -> None:
    counts = {f"t{i}": float(i + 1) for i in range(ARTICLE_TERMS + 10)}
    vector = weigh(counts, {}, documents=10)
    assert len(vector) == ARTICLE_TERMS
    assert math.isclose(sum(w * w for w in vector.values()), 1.0)
    weights = list(vector.values())
    assert weights == sorted(weights, reverse=True)
    assert "t0" not in vector  # the lightest went
    # a term every document has weighs less than a rare one with the same count
    rare = weigh({"rare": 2.0, "common": 2.0}, {"rare": 1, "common": 50}, documents=50)
    assert rare["rare"] > rare["common"]
    assert weigh({}, {}, 1) == {}


def test_top_breaks_ties_by_term_not_by_insertion_order() -> None:
    assert list(top({"b": 1.0, "a": 1.0, "c": 2.0}, 2)) == ["c", "a"]
    assert list(top({"a": 1.0, "b": 1.0, "c": 2.0}, 2)) == ["c", "a"]


def test_cosine() -> None:
    a = {"x": 1.0, "y": 1.0}
    assert cosine(a, a) == pytest.approx(1.0)
    assert cosine(a, {"z": 1.0}) == 0.0
    assert cosine(a, {}) == 0.0
    assert cosine(a, {"x": 1.0}) == pytest.approx(1 / math.sqrt(2))
    assert cosine(a, {"x": 2.0, "z": 1.0}) == cosine({"x": 2.0, "z": 1.0}, a)


def test_centroids_sum_and_cut() -> None:
    assert add({"a": 1.0, "b": 0.5}, {"a": 0.5, "c": 2.0}, keep=2) == {"c": 2.0, "a": 1.5}
    assert centroid_of([{"a": 1.0}, {"a": 1.0, "b": 1.0}]) == {"a": 2.0, "b": 1.0}


def test_choose_story_needs_the_threshold_and_prefers_the_older_on_ties() -> None:
    vector = {"dunmore": 0.8, "blast": 0.6}
    assert choose_story(vector, [(3, {"ferry": 1.0})]) is None
    assert choose_story(vector, [(7, vector), (2, vector)]) == (2, pytest.approx(1.0))
    best = choose_story(vector, [(1, {"dunmore": 1.0}), (2, {"blast": 1.0})])
    assert best is not None and best[0] == 1
    weak = {"dunmore": 0.1, "other": 1.0}
    assert cosine(vector, weak) < THRESHOLD and choose_story(vector, [(5, weak)]) is None


def test_most_central_member() -> None:
    centroid = {"a": 2.0, "b": 1.0}
    assert most_central(centroid, [("x", {"b": 1.0}), ("y", {"a": 1.0, "b": 0.4})]) == "y"
    assert most_central(centroid, [("x", {"a": 1.0}), ("y", {"a": 1.0})]) == "x"
    assert most_central(centroid, []) is None


def test_seen_at_normalises_dates_to_utc() -> None:
    now = datetime(2025, 6, 9, 12, 0, tzinfo=UTC)
    assert seen_at("2025-06-03", None, now) == "2025-06-03"
    assert seen_at("2025-06-03T23:30:00-05:00", None, now) == "2025-06-04T04:30:00+00:00"
    assert seen_at("2025-06-03T10:00:00Z", None, now) == "2025-06-03T10:00:00+00:00"
    assert seen_at("2025-06-03T10:00:00", None, now) == "2025-06-03T10:00:00+00:00"
    assert seen_at(None, "2025-06-05T08:00:00+00:00", now) == "2025-06-05T08:00:00+00:00"
    assert seen_at("not a date", "", now) == "2025-06-09T12:00:00+00:00"


def test_window_bounds_compare_right_with_dates_and_datetimes() -> None:
    low, high = window("2025-06-04T23:00:00+00:00", days=3)
    assert (low, high) == ("2025-06-01", "2025-06-08")
    inside = ["2025-06-01", "2025-06-01T00:00:00+00:00", "2025-06-07", "2025-06-07T23:59:59+00:00"]
    assert all(low <= moment < high for moment in inside)
    outside = ["2025-05-31T23:59:59+00:00", "2025-06-08", "2025-06-08T00:00:00+00:00"]
    assert not any(low <= moment < high for moment in outside)
