"""Plain-text captures: paragraphs, headline, byline, dateline, odd inputs."""

from __future__ import annotations

from newsdig.extract import extract
from newsdig.extract.dates import find_date, is_dateline
from newsdig.models import Article, Capture, Rejection

BODY = [
    "The Eastside Harbor Tunnel reopened to traffic on Monday morning, two years and $212 million after "
    "flooding forced it to close, the state transportation department said.",
    "Transportation Commissioner Elena Vasquez said the tunnel had been rebuilt with a new drainage system "
    "able to pump 9,000 gallons a minute.",
]


def _text(body: str, **hints: str) -> Article | Rejection:
    capture = Capture(url=None, body=body.encode("utf-8"), kind="text", origin="/captures/planet/a.txt",
                      hints=tuple(hints.items()))
    return extract(capture)


def test_headline_byline_and_dateline_are_read_and_leave_the_body() -> None:
    text = "\n\n".join(["Harbor tunnel reopens after two-year repair", "By Ana Ruiz and Tom Lee | Reuters",
                        "Published 3 March 2025", *BODY])
    article = _text(text)
    assert isinstance(article, Article)
    assert article.title == "Harbor tunnel reopens after two-year repair"
    assert not article.title_inferred
    assert article.authors == ("Ana Ruiz", "Tom Lee")
    assert article.published == "2025-03-03"
    assert article.paragraphs == BODY


def test_a_site_header_above_chrome_is_no_headline() -> None:
    header = "The Daily Planet — Your trusted source"
    article = _text("\n\n".join([header, "x", "Google search engine", *BODY]))
    assert isinstance(article, Article)
    assert article.title_inferred
    assert article.title.startswith("The Eastside Harbor Tunnel reopened")
    assert article.paragraphs[0] == header  # left in the text for template learning


def test_hard_wrapped_prose_is_rejoined_and_crlf_handled() -> None:
    wrapped = (
        "The Eastside Harbor Tunnel reopened to traffic on Monday morning,\r\n"
        "two years and $212 million after flooding forced it to close, the\r\n"
        "state transportation department said.\r\n\r\n" + BODY[1]
    )
    article = _text(wrapped)
    assert isinstance(article, Article)
    assert article.paragraphs == BODY


def test_one_paragraph_per_line_without_blank_lines() -> None:
    article = _text("\n".join(BODY))
    assert isinstance(article, Article)
    assert article.paragraphs == BODY


def test_hints_win_over_guesses() -> None:
    article = _text("\n\n".join(BODY), title="Tunnel reopens", published="2025-03-04",
                    authors="Ana Ruiz; Tom Lee", language="es", source="planet-news")
    assert isinstance(article, Article)
    assert (article.title, article.title_inferred) == ("Tunnel reopens", False)
    assert article.published == "2025-03-04"
    assert article.authors == ("Ana Ruiz", "Tom Lee")
    assert article.language == "es"
    assert article.source == "planet-news"


def test_text_hint_replaces_an_empty_body() -> None:
    capture = Capture(url="https://planet.example.org/a", body=b"", kind="html", origin="feed.jsonl@3",
                      hints=(("text", "\n\n".join(BODY)),))
    article = extract(capture)
    assert isinstance(article, Article)
    assert article.paragraphs == BODY


def test_short_text_is_rejected_as_empty() -> None:
    result = _text("x\n\nGoogle search engine\n\nThe port reopened on Monday.")
    assert isinstance(result, Rejection)
    assert result.reason == "empty-text"
    assert "fewer than" in result.detail


def test_a_short_real_article_passes() -> None:
    brief = (
        "Bay Ferries will add late-night crossings between Harbor City and Port Ellis starting March 1, "
        "after ridership rose 18 percent last year to 3.4 million trips, the company said on Thursday."
    )
    assert isinstance(_text(brief), Article)


def test_huge_single_line_does_not_break_extraction() -> None:
    result = _text("word " * 500_000)
    assert isinstance(result, Article)
    assert len(result.title.split()) <= 16


def test_dates_in_text() -> None:
    assert find_date("Posted on Monday, 3rd March 2025 at 10:32 GMT") == "2025-03-03"
    assert find_date("Updated 2025-04-28T10:00:00Z") == "2025-04-28T10:00:00Z"
    assert find_date("April 28, 2025") == "2025-04-28"
    assert find_date("31 February 2025") is None
    assert is_dateline("Published 28 April 2025")
    assert not is_dateline("Published 28 April 2025 by the council, the report found")


def test_a_body_sentence_starting_with_by_is_no_byline() -> None:
    first = "By Tuesday, the council had voted 7-2 to close the library branch."
    article = _text("\n\n".join([first, *BODY]))
    assert isinstance(article, Article)
    assert article.authors == ()
    assert article.paragraphs == [first, *BODY]


def test_a_lone_byline_above_the_body_is_no_headline() -> None:
    article = _text("\n\n".join(["By Ana Ruiz", *BODY]))
    assert isinstance(article, Article)
    assert article.authors == ("Ana Ruiz",)
    assert article.title_inferred and article.paragraphs == BODY
