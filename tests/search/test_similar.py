"""More like this: neighbours by shared telling words, never the article itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from search_corpus import CORPUS, by_url

from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.search import Searcher
from newsdig.search.similar import similar_articles
from newsdig.search.snippets import FALLBACK_CHARS, opening
from tests.support import FIXTURES


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    home = Home(tmp_path_factory.mktemp("similar-home"))
    add_paths(home, [str(FIXTURES / "site"), str(FIXTURES / "text")])
    yield Searcher(home.index_dir)


def titles(searcher: Searcher, article_id: str, limit: int = 5) -> list[str]:
    return [hit.title for hit in similar_articles(searcher, article_id, limit)]


def test_copies_and_versions_of_a_story_are_neighbours(searcher: Searcher) -> None:
    deny, denies = by_url("prices-deny"), by_url("prices-denies")
    assert [h.id for h in similar_articles(searcher, deny.id)][:1] == [denies.id]
    assert [h.id for h in similar_articles(searcher, denies.id)][:1] == [deny.id]
    january, march = by_url("eowyn-january"), by_url("eowyn-march")
    assert [h.id for h in similar_articles(searcher, january.id)][:1] == [march.id]


def test_same_topic_on_a_news_site(site: Searcher) -> None:
    council = site.search('"library hours" budget').hits[0]
    assert any("council" in t.lower() for t in titles(site, council.id))
    fire = site.search("warehouse blaze").hits[0]
    assert any("wildfire" in t.lower() for t in titles(site, fire.id))


def test_never_itself_best_first_and_limited(searcher: Searcher, site: Searcher) -> None:
    for engine in (searcher, site):
        for hit in engine.search("the", limit=50).hits:
            found = similar_articles(engine, hit.id, limit=3)
            assert hit.id not in [h.id for h in found]
            assert len(found) <= 3
            scores = [h.score for h in found]
            assert scores == sorted(scores, reverse=True)


def test_snippet_is_the_opening(searcher: Searcher) -> None:
    [hit] = similar_articles(searcher, by_url("prices-deny").id, limit=1)
    article = by_url("prices-denies")
    assert hit.snippet == opening(article.text)
    assert len(hit.snippet) <= FALLBACK_CHARS and hit.highlights == []
    assert hit.url == article.url and hit.source == article.source


def test_unrelated_articles_are_not_padded_in(searcher: Searcher) -> None:
    # The corpus has nothing else about football: better no neighbour than a random one.
    assert similar_articles(searcher, by_url("arsenal").id) == []


def test_unknown_ids_and_zero_limit(searcher: Searcher) -> None:
    assert similar_articles(searcher, "0000000000000000") == []
    assert similar_articles(searcher, "") == []
    assert similar_articles(searcher, CORPUS[0].id, limit=0) == []
