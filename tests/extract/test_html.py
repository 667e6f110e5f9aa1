"""HTML extraction on the team's own fixture site, The Harbor Herald (tests/fixtures/site)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from newsdig.extract import extract, extract_file
from newsdig.models import Article, Capture, Rejection

SITE = Path(__file__).parents[1] / "fixtures" / "site"
BASE = "https://www.harborherald.com"

# file, title, authors, published, canonical path
PAGES = [
    (
        "port-strike-wage-talks-collapse.html",
        "Dockworkers walk out at Port of Harbor City as wage talks collapse",
        ("Maria Delgado",), "2024-03-14", "/business/2024/03/port-strike-wage-talks-collapse/",
    ),
    (
        "council-approves-budget-library-cuts.html",
        "Council approves $1.2 billion budget with cuts to library hours",
        ("Thomas Reed",), "2025-06-19", "/politics/2025/06/council-approves-budget-library-cuts/",
    ),
    (
        "storm-elena-power-outages.html",
        "Storm Elena knocks out power to 80,000 homes along the coast",
        ("Priya Nair",), "2024-10-08", "/weather/2024/10/storm-elena-power-outages/",
    ),
    (
        "appeals-court-strikes-down-dredging-permit.html",
        "Appeals court strikes down harbor dredging permit",
        ("Daniel Okafor",), "2025-02-27", "/news/2025/02/appeals-court-strikes-down-dredging-permit/",
    ),
    (
        "marsh-wins-mayoral-race.html",
        "Linda Marsh wins second term as mayor by 4,312 votes",
        ("Thomas Reed", "Maria Delgado"), "2026-05-06", "/politics/2026/05/marsh-wins-mayoral-race/",
    ),
    (
        "microplastics-found-in-bay-oysters.html",
        "Researchers find microplastics in 9 of 10 oysters sampled in the bay",
        ("Priya Nair",), "2025-09-03", "/science/2025/09/microplastics-found-in-bay-oysters/",
    ),
    (
        "ferry-adds-night-crossings.html",
        "Ferry operator to add night crossings after ridership jumps 18%",
        ("Daniel Okafor",), "2026-01-22", "/business/2026/01/ferry-adds-night-crossings/",
    ),
]
FURNITURE = [
    "We use cookies", "Accept", "Privacy policy", "Advertisement", "ADVERTISEMENT", "Google search engine",
    "Previous article", "Next article", "Share this article", "Sign up", "Morning Tide",
    "All rights reserved", "Follow us", "News from the waterfront", "Politics", "Subscribe",
]


def _story_paragraphs(path: Path) -> list[str]:
    """The page's own body paragraphs, read straight from its markup."""
    tree = lxml_html.fromstring(path.read_bytes())
    return [" ".join(p.text_content().split()) for p in tree.xpath('//div[@class="story-body"]/p')]


@pytest.mark.parametrize(("name", "title", "authors", "published", "path"), PAGES)
def test_article_pages(name: str, title: str, authors: tuple[str, ...], published: str, path: str) -> None:
    article = extract_file(SITE / name)
    assert isinstance(article, Article), article
    assert article.title == title and not article.title_inferred
    assert article.authors == authors
    assert article.published == published
    assert article.canonical_url == BASE + path
    assert article.source == "The Harbor Herald"  # the site name; the domain when there is none
    assert article.site_name == "The Harbor Herald"
    assert article.language == "en"
    assert article.extractor.startswith("trafilatura ")
    assert article.paragraphs == _story_paragraphs(SITE / name)
    for furniture in FURNITURE:
        assert furniture not in article.text, furniture


def test_capture_url_and_canonical_give_one_id() -> None:
    body = (SITE / PAGES[0][0]).read_bytes()
    from_feed = extract(Capture(url=BASE + PAGES[0][4] + "?utm_source=rss#comments", body=body, kind="html",
                                origin="crawl.warc.gz@1234"))
    from_file = extract_file(SITE / PAGES[0][0])
    assert isinstance(from_feed, Article) and isinstance(from_file, Article)
    assert from_feed.id == from_file.id
    assert from_feed.url.endswith("#comments")  # where it came from, kept as given


def test_page_without_any_title_gets_an_inferred_one() -> None:
    article = extract_file(SITE / "print-warehouse-fire.html")
    assert isinstance(article, Article), article
    assert article.title_inferred
    assert article.title.startswith("Firefighters contained a four-alarm blaze")
    assert article.authors == ("Priya Nair",)
    assert article.published == "2025-11-12"
    assert article.source == "harborherald.com"  # no site name on this page: the domain
    assert "Printer-friendly" not in article.text and "All rights reserved" not in article.text
    assert len(article.paragraphs) == 5


def test_truncated_page_extracts_what_is_there() -> None:
    result = extract_file(SITE / "broken-truncated.html")
    assert isinstance(result, Article | Rejection)
    if isinstance(result, Article):
        assert result.paragraphs[0].startswith("The Harbor City Council voted 7-2")


def test_no_canonical_uses_the_normalised_capture_url() -> None:
    body = (SITE / "print-warehouse-fire.html").read_bytes().replace(b'rel="canonical"', b'rel="alternate"')
    result = extract(Capture(url="HTTPS://WWW.HarborHerald.com/news/fire/?utm_medium=social&id=7#top",
                             body=body, kind="html", origin="-"))
    assert isinstance(result, Article)
    assert result.canonical_url == "https://www.harborherald.com/news/fire/?id=7"


def test_a_canonical_pointing_at_the_home_page_is_ignored() -> None:
    body = (SITE / "print-warehouse-fire.html").read_bytes().replace(
        b"https://www.harborherald.com/news/2025/11/warehouse-fire-pier-9/", b"https://www.harborherald.com/"
    )
    url = "https://www.harborherald.com/news/fire"
    result = extract(Capture(url=url, body=body, kind="html", origin="-"))
    assert isinstance(result, Article)
    assert result.canonical_url == "https://www.harborherald.com/news/fire"


def test_latin1_page_with_meta_charset() -> None:
    paragraphs = "".join(
        f"<p>Caf\xe9 owners in district {n} said on Monday that the new \xa3{n}0 fees would hurt.</p>"
        for n in range(1, 5)
    )
    head = '<html><head><meta charset="iso-8859-1"><title>Caf\xe9 owners protest</title></head>'
    page = f"{head}<body><article>{paragraphs}</article></body></html>".encode("latin-1")
    result = extract(Capture(url="https://news.example.co.uk/cafe", body=page, kind="html", origin="-"))
    assert isinstance(result, Article)
    assert "Café owners" in result.text and "£" in result.text
    assert result.source == "example.co.uk"
