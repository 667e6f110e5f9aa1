"""Learned site templates on the Daily Planet text captures (tests/fixtures/text/dailyplanet)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsdig.extract import (
    EDGE_LINES,
    MAX_TEMPLATE_LINE_CHARS,
    MIN_TEMPLATE_DOCS,
    apply_templates,
    extract_file,
    learned_templates,
    line_key,
    template_candidates,
)
from newsdig.models import Article

PLANET = Path(__file__).parents[1] / "fixtures" / "text" / "dailyplanet"
HEADER = "The Daily Planet — Your trusted source"
FOOTER = "Copyright Daily Planet Media Group"


def _articles() -> list[Article]:
    articles = [extract_file(path) for path in sorted(PLANET.glob("*.txt"))]
    assert len(articles) == 5
    assert all(isinstance(article, Article) for article in articles)
    return articles  # type: ignore[return-value]


def _body_paragraphs(path: Path) -> list[str]:
    """The story paragraphs of a capture: its long, sentence-ending blocks."""
    blocks = [" ".join(block.split()) for block in path.read_text(encoding="utf-8").split("\n\n")]
    return [block for block in blocks if len(block.split()) >= 8 and block.endswith((".", "”"))]


def _learn(articles: list[Article]) -> frozenset[str]:
    counts: Counter[str] = Counter()
    for article in articles:
        counts.update(template_candidates(article.text))
    return learned_templates(counts.items())


def test_shared_lines_are_learned_and_removed_and_bodies_stay() -> None:
    articles = _articles()
    for article in articles:  # the built-in patterns do not know this site's furniture
        assert HEADER in article.text and FOOTER in article.text
    keys = _learn(articles)
    assert keys == {line_key(HEADER), line_key(FOOTER)}
    for path, article in zip(sorted(PLANET.glob("*.txt")), articles, strict=True):
        cleaned = apply_templates(article.text, keys)
        assert HEADER not in cleaned and FOOTER not in cleaned
        assert cleaned.split("\n\n") == _body_paragraphs(path)


def test_two_captures_teach_nothing() -> None:
    articles = _articles()[:2]
    assert MIN_TEMPLATE_DOCS > 2
    assert _learn(articles) == frozenset()
    assert apply_templates(articles[0].text, _learn(articles)) == articles[0].text


def test_line_key_ignores_case_and_spacing() -> None:
    assert line_key("The  Daily Planet — Your trusted SOURCE ") == line_key(HEADER)
    assert len(line_key(HEADER)) == 16


def test_candidates_come_from_short_edge_lines_only_once() -> None:
    middle = [f"Body paragraph number {i} of a long story." for i in range(40)]
    long_line = "A long body paragraph. " * 20
    text = "\n\n".join([HEADER, HEADER, long_line, *middle, FOOTER])
    keys = template_candidates(text)
    assert keys.count(line_key(HEADER)) == 1
    assert line_key(long_line) not in keys and len(long_line) > MAX_TEMPLATE_LINE_CHARS
    assert line_key(FOOTER) in keys
    assert line_key(middle[20]) not in keys
    assert len(keys) <= 2 * EDGE_LINES


def test_removal_that_would_take_most_of_the_words_is_refused() -> None:
    text = "\n\n".join(["A near copy of another article, all lines shared.", "Short unique line."])
    keys = frozenset({line_key("A near copy of another article, all lines shared.")})
    assert apply_templates(text, keys) == text


@pytest.mark.parametrize("keys", [frozenset(), set()])
def test_no_templates_no_change(keys: frozenset[str] | set[str]) -> None:
    assert apply_templates("a\n\nb", keys) == "a\n\nb"
