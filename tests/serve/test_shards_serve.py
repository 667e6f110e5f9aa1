"""`newsdig serve --shards DIR`: the search page and API over index shards, without a catalog.

The shards are built with build_shard from the search tests' hand-written news articles, one per
month x language as the Spark job writes them, under DIR/index of a dataset directory.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from newsdig.index.shards import SHARD_MANIFEST, build_shard, write_shard_manifest
from newsdig.models import Article, Enrichment, article_id, content_hash
from newsdig.search.engine import Searcher
from newsdig.search.shards import ShardedSearcher
from newsdig.serve.app import create_shards_app
from tests.search.search_corpus import CORPUS
from tests.serve.conftest import free_port
from tests.support import run_cli

HEAP = 20_000_000
SHARD_NOTICE = "not available when serving shards: import the articles with `newsdig add"
HOSTILE = '<script>alert("x")</script> Harbour & Sons'
HOSTILE_ARTICLE = Article(
    id=article_id("https://www.example-news.com/business/harbour-sons"),
    url="https://www.example-news.com/business/harbour-sons",
    canonical_url="https://www.example-news.com/business/harbour-sons",
    source="Example News",
    title=HOSTILE,
    text="The shipyard <b>Harbour & Sons</b> said on Tuesday it would hire 200 welders in April.",
    content_hash=content_hash("harbour sons welders"),
    extractor="test 1",
    published="2025-04-03",
    language="en",
    word_count=15,
)
STORM_JANUARY = next(a for a in CORPUS if a.url.endswith("storm-eowyn-january"))
ARTICLES = [*CORPUS, HOSTILE_ARTICLE]


def enrichment(article: Article) -> Enrichment:
    """The two Storm Eowyn articles (January and March: two shards) are one near-duplicate group."""
    group = STORM_JANUARY.id if "storm-eowyn" in article.url else None
    speakers = ("Valery Gerasimov",) if "gerasimov" in article.text.lower() else ()
    return Enrichment(speakers=speakers, group_id=group)


def build_dataset(root: Path) -> Path:
    """root/index: one shard per month x language and the manifest; returns the index root."""
    index = root / "index"
    parts: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for article in ARTICLES:
        parts[((article.published or "undated")[:7], article.language or "und")].append(article)
    shards = [
        build_shard(index / f"{month}_{lang}", ((a, enrichment(a)) for a in articles),
                    name=f"{month}_{lang}", month=month, language=lang, heap_bytes=HEAP)
        for (month, lang), articles in sorted(parts.items())
    ]
    write_shard_manifest(index, shards)
    return index


@pytest.fixture(scope="module")
def index_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_dataset(tmp_path_factory.mktemp("dataset"))


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    """The same articles in one index: what the shards must answer like."""
    directory = tmp_path_factory.mktemp("single") / "index"
    build_shard(directory, ((a, enrichment(a)) for a in ARTICLES), name="all", heap_bytes=HEAP)
    return Searcher(directory)


@pytest.fixture(scope="module")
def client(index_root: Path) -> Iterator[TestClient]:
    searcher = ShardedSearcher(index_root)
    try:
        with TestClient(create_shards_app(searcher)) as test_client:
            yield test_client
    finally:
        searcher.close()


def ids(result: dict[str, object]) -> set[str]:
    """The articles a page shows, copies folded under a hit included (which copy leads may differ:
    equal texts tie, and per-shard length norms break the tie)."""
    hits = result["hits"]
    assert isinstance(hits, list)
    return {i for h in hits for i in (h["id"], *h["duplicate_ids"])}


def test_api_search_answers_like_one_index(client: TestClient, single: Searcher) -> None:
    for query in ("putin", "lang:en", "storm eowyn", 'source:"BBC News"'):
        body = client.get("/api/search", params={"q": query, "limit": 50}).json()
        expected = single.search(query, limit=50).as_dict()
        assert body["total"] == expected["total"] > 0, query
        assert ids(body) == ids(expected), query
        assert body["facets"] == expected["facets"], query
        assert set(body) == set(expected) | {"shards_searched", "shards_total"}
        assert set(body["hits"][0]) == set(expected["hits"][0])
    storm = client.get("/api/search", params={"q": "storm eowyn"}).json()
    assert storm["total"] == 2 and len(storm["hits"]) == 1  # the copy in the other shard is folded
    assert storm["hits"][0]["duplicates"] == 1
    dated = client.get("/api/search", params={"q": "putin after:2025-04-01"}).json()
    assert dated["total"] == 3
    assert dated["shards_searched"] < dated["shards_total"] == len(client.app.state.newsdig.shards.shards)
    paged = client.get("/api/search", params={"q": "lang:en", "limit": 5, "offset": 10, "collapse": False})
    assert len(paged.json()["hits"]) == paged.json()["total"] - 10 == 4
    assert client.get("/api/search", params={"q": "kremlim"}).json()["suggestion"] == "kremlin"
    assert client.get("/api/search", params={"limit": 0}).status_code == 400


def test_the_search_page_renders_results_facets_paging_and_escapes(client: TestClient) -> None:
    page = client.get("/search", params={"q": "lang:en"})
    assert page.status_code == 200
    html = page.text
    assert "14 results" in html and "Refine" in html and 'rel="next"' in html
    assert 'href="https://www.reuters.com/world/europe/north-korean-troops-kursk-2025-04-28/"' in html
    assert 'href="/article/' not in html  # no article pages without a catalog: hits link out
    assert 'href="/stories"' not in html and 'href="/quotes"' not in html and "/feed?" not in html
    second = client.get("/search", params={"q": "lang:en", "offset": "10"}).text
    assert 'rel="prev"' in second and '<ol class="hits" start="11"' in second
    hostile = client.get("/search", params={"q": "harbour welders"}).text
    assert "<script>alert" not in hostile
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Harbour &amp; Sons" in hostile
    assert "<b>Harbour" not in hostile
    asked = client.get("/search", params={"q": '<script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in asked and "&lt;script&gt;alert(1)&lt;/script&gt;" in asked
    storm = client.get("/search", params={"q": "storm eowyn"}).text
    assert "1 similar article" in storm  # the folded copy, listed with a link to its own URL
    assert re.search(r'<details class="hit__copies">.*href="https://www.example-news.com/weather/storm-eowyn-',
                     storm, re.S)
    speaker = client.get("/search", params={"q": "kursk"}).text
    assert "Valery Gerasimov" in speaker  # the speaker facet and the quoted line come from the index
    assert "Did you mean" in client.get("/search", params={"q": "kremlim"}).text
    home = client.get("/")
    assert home.status_code == 200 and "Search 16 news articles" in home.text
    assert client.get("/help").status_code == 200


CATALOG_ROUTES = [
    ("GET", f"/api/articles/{STORM_JANUARY.id}"),
    ("GET", f"/api/articles/{STORM_JANUARY.id}/similar"),
    ("POST", "/api/articles"),
    ("GET", "/api/stats"),
    ("GET", "/api/quotes"),
    ("GET", "/api/stories"),
    ("GET", "/api/speakers"),
    ("GET", "/api/entities"),
    ("GET", "/api/suggest?q=put"),
    ("GET", "/api/search?q=putin&mode=semantic"),
    ("GET", "/feed?q=putin"),
]


@pytest.mark.parametrize(("method", "path"), CATALOG_ROUTES)
def test_catalog_routes_answer_clearly_that_shards_cannot(client: TestClient, index_root: Path,
                                                          method: str, path: str) -> None:
    response = client.request(method, path, json={"url": "https://x.example/", "text": "words"}
                              if method == "POST" else None)
    assert response.status_code == 501
    message = response.json()["error"]["message"]
    assert SHARD_NOTICE in message and str(index_root.parent / "articles") in message


@pytest.mark.parametrize("path", [f"/article/{STORM_JANUARY.id}", "/stories", "/stories/1", "/quotes"])
def test_catalog_pages_say_so_to_a_browser(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 501
    assert "Not available on this server" in response.text and "newsdig add" in response.text


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "articles": len(ARTICLES)}
    spec = client.get("/openapi.json").json()
    assert "/api/search" in spec["paths"]
    assert client.get("/opensearch.xml").status_code == 200


def test_the_serve_command_answers_on_loopback(index_root: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "NEWSDIG_HOME": str(tmp_path / "no-home")}
    proc = subprocess.Popen([sys.executable, "-m", "newsdig", "serve", "--shards", str(index_root),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        body = None
        deadline = time.monotonic() + 60
        while body is None and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/api/search", params={"q": "putin"}).json()
            except httpx.TransportError:
                time.sleep(0.2)
        assert body is not None and body["total"] == 3 and body["shards_total"] >= 5
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert "articles in" in out.decode() and "Traceback" not in err.decode()
    assert not (tmp_path / "no-home").exists()  # no home was made


def test_serve_shards_refuses_what_it_cannot_serve(index_root: Path, tmp_path: Path) -> None:
    both = run_cli(tmp_path / "home", "--home", str(tmp_path / "home"), "serve", "--shards",
                   str(index_root), check=False)
    assert both.code == 1 and "either --shards DIR or --home" in both.stderr
    writes = run_cli(tmp_path / "home", "serve", "--shards", str(index_root), "--allow-writes", check=False)
    assert writes.code == 1 and "read-only" in writes.stderr
    missing = run_cli(tmp_path / "home", "serve", "--shards", str(tmp_path / "nowhere"), check=False)
    assert missing.code == 1 and "no such directory" in missing.stderr
    dataset = run_cli(tmp_path / "home", "serve", "--shards", str(index_root.parent), check=False)
    assert dataset.code == 1 and f"--shards {index_root}" in dataset.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    no_manifest = run_cli(tmp_path / "home", "serve", "--shards", str(empty), check=False)
    assert no_manifest.code == 1 and SHARD_MANIFEST in no_manifest.stderr
    (empty / SHARD_MANIFEST).write_text("{not json")
    bad = run_cli(tmp_path / "home", "serve", "--shards", str(empty), check=False)
    assert bad.code == 1 and "unreadable" in bad.stderr
    assert re.search(r"error:", bad.stderr)


def test_a_hit_without_a_web_url_has_no_link(tmp_path: Path) -> None:
    local = replace(HOSTILE_ARTICLE, url="file:///archive/harbour.html", title="Harbour hiring")
    index = tmp_path / "dataset" / "index"
    write_shard_manifest(index, [build_shard(index / "one", [(local, Enrichment())], name="one",
                                             heap_bytes=HEAP)])
    searcher = ShardedSearcher(index)
    try:
        with TestClient(create_shards_app(searcher)) as test_client:
            html = test_client.get("/search", params={"q": "welders"}).text
    finally:
        searcher.close()
    assert "Harbour hiring" in html and 'href="file:' not in html and 'href="None"' not in html
