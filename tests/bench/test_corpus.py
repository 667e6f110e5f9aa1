"""The benchmark corpus generator (bench/corpus.py): deterministic, streamed, valid, searchable."""

from __future__ import annotations

import inspect
import itertools
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from bench.corpus import (
    BENCH_META,
    LANGUAGES,
    build_home,
    is_syndicated,
    iter_articles,
    queries,
    render_html,
    world,
)

from newsdig.errors import NewsdigError
from newsdig.extract.urls import normalise_url
from newsdig.models import article_id, content_hash
from newsdig.search.engine import Searcher

N = 200


@pytest.fixture(scope="module")
def corpus() -> list:
    return list(iter_articles(N, seed=7))


def test_same_seed_same_corpus_other_seed_other_corpus(corpus: list) -> None:
    again = list(iter_articles(N, seed=7))
    assert [a.id for a in again] == [a.id for a in corpus]
    assert again == corpus  # every field, texts included
    other = list(iter_articles(N, seed=8))
    assert [a.text for a in other] != [a.text for a in corpus]


def test_it_streams() -> None:
    stream = iter_articles(10**9, seed=1)  # a billion: only works if nothing is materialised
    assert inspect.isgenerator(stream)
    first = list(itertools.islice(stream, 3))
    assert len(first) == 3 and len({a.id for a in first}) == 3


def test_fields_are_valid(corpus: list) -> None:
    assert len({a.id for a in corpus}) == N
    assert len({a.content_hash for a in corpus}) == N  # no exact copies: each is a catalog row
    for article in corpus:
        assert article.id == article_id(article.canonical_url)
        assert normalise_url(article.canonical_url) == article.canonical_url
        assert normalise_url(article.url) == article.canonical_url  # tracking parameters only
        assert article.content_hash == content_hash(article.text)
        assert article.word_count == len(article.text.split())
        assert article.title.strip() and article.source and article.site_name == article.source
        assert 3 <= len(article.paragraphs) <= 11
        assert article.language in LANGUAGES
        if article.published is not None:
            datetime.fromisoformat(article.published)
        datetime.fromisoformat(article.fetched_at)
    assert len({a.language for a in corpus}) >= 3
    assert len({a.source for a in corpus}) >= 40
    assert sum(a.published is None for a in corpus) < N * 0.1
    years = {a.published[:4] for a in corpus if a.published}
    assert len(years) >= 5
    assert any(a.url != a.canonical_url for a in corpus)


def test_syndicated_copies_repeat_a_wire_story(corpus: list) -> None:
    copies = [a for a in corpus if is_syndicated(a)]
    assert copies
    for copy in copies:
        original = corpus[int(copy.origin.rsplit(":", 1)[1])]
        assert original.source != copy.source
        assert copy.text.startswith(original.text)
        assert copy.text != original.text  # the credit line keeps it a distinct article
        assert original.source in copy.paragraphs[-1] and copy.source in copy.paragraphs[-1]


def test_queries_are_fixed_and_varied() -> None:
    first = queries(200, seed=1)
    assert first == queries(200, seed=1)
    assert len(first) == 200 and len(set(first)) > 180
    assert any(q.startswith('"') for q in first)
    assert any("site:" in q for q in first) and any("after:" in q or "before:" in q for q in first)
    assert any(len(q.split()) == 1 and ":" not in q for q in first)


def test_html_page_carries_the_article(corpus: list) -> None:
    article = corpus[0]
    site = next(s for s in world().sites if s.name == article.source)
    page = render_html(article, site)
    assert f'rel="canonical" href="{article.canonical_url}"' in page
    assert article.paragraphs[0].split()[0] in page and f'lang="{article.language}"' in page


def test_build_home_gives_a_searchable_home(tmp_path: Path, corpus: list) -> None:
    report = build_home(tmp_path / "home", N, seed=7, verbose=False)
    assert not report.reused and report.articles == N and report.indexed == N
    searcher = Searcher(report.home.index_dir)
    assert searcher.search("", limit=1).total == 0
    english = next(a for a in corpus if a.language == "en")
    word = max((w.strip('.,"') for w in english.title.split()), key=len).lower()
    result = searcher.search(word, limit=10)
    assert result.total >= 1 and result.hits
    domain = english.canonical_url.split("/")[2].removeprefix("www.").removeprefix("news.")
    assert searcher.search(f"site:{domain}", limit=N).total >= 1
    assert searcher.search("after:2019", limit=1).total > N * 0.9

    again = build_home(tmp_path / "home", N, seed=7, verbose=False)
    assert again.reused and again.articles == N
    conn = sqlite3.connect(report.home.catalog_path)
    assert conn.execute("SELECT value FROM meta WHERE key = ?", (BENCH_META,)).fetchone()
    conn.close()


def test_build_home_refuses_a_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(NewsdigError, match="not a bench home"):
        build_home(tmp_path, 10, seed=1, verbose=False)
    assert (tmp_path / "notes.txt").exists()
