"""Acceptance on the seed: a scraped article with its site chrome, from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdig.extract import extract_file
from newsdig.models import Article

SEED = Path(__file__).parents[2].parent / "shared" / "seed" / "000_f3ab224358793bb6.txt"
FIRST_BODY = "North Korea has officially confirmed"
LAST_BODY_END = "news programme."

pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"the seed is not available at {SEED}")


def _body_paragraphs() -> list[str]:
    """The article's paragraphs as the seed has them, from the lead to the closing quote."""
    blocks = [" ".join(block.split()) for block in SEED.read_text(encoding="utf-8").split("\n\n")]
    start = next(i for i, block in enumerate(blocks) if block.startswith(FIRST_BODY))
    end = next(i for i, block in enumerate(blocks) if block.endswith(LAST_BODY_END))
    return blocks[start : end + 1]


@pytest.fixture(scope="module")
def article() -> Article:
    result = extract_file(SEED)
    assert isinstance(result, Article), result
    return result


def test_all_17_body_paragraphs_are_kept_in_order(article: Article) -> None:
    expected = _body_paragraphs()
    assert len(expected) == 17
    assert article.paragraphs == expected


def test_no_chrome_is_left(article: Article) -> None:
    for furniture in ("Google search engine", "Previous article", "Next article"):
        assert furniture not in article.text
    assert "x" not in [line.strip() for line in article.text.splitlines()]


def test_inferred_title_is_the_lead_sentence_cut_at_a_phrase(article: Article) -> None:
    assert article.title_inferred
    assert article.title.startswith("North Korea has officially confirmed for the first time")
    assert article.title.endswith("…")
    assert len(article.title.split()) <= 16
    assert "Previous" not in article.title


def test_identity_and_metadata(article: Article) -> None:
    assert article.url == SEED.absolute().as_uri()
    assert article.source == "seed"  # the parent directory: no URL, no site name
    assert article.language == "en"
    assert article.published is None
    assert article.extractor == "plaintext 1"
    assert article.word_count == len(article.text.split())
