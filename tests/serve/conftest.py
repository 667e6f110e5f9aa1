"""A real newsdig server on 127.0.0.1 (uvicorn in a thread) over a home built from fixtures."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.serve.app import create_app
from tests.support import FIXTURES, SEED


@dataclass
class LiveServer:
    url: str
    home: Home

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(home: Home, **options: bool) -> tuple[uvicorn.Server, threading.Thread, str]:
    port = free_port()
    config = uvicorn.Config(create_app(home, **options), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def served_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """The fixture site, the plain-text site and (when present) the seed."""
    home = Home(tmp_path_factory.mktemp("served-home"))
    inputs = [str(FIXTURES / "site"), str(FIXTURES / "text")]
    if SEED.exists():
        inputs.append(str(SEED))
    add_paths(home, inputs)
    return home


def _serve(home: Home, **options: bool) -> Iterator[LiveServer]:
    server, thread, url = start_server(home, **options)
    try:
        yield LiveServer(url=url, home=home)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(served_home: Home) -> Iterator[LiveServer]:
    """Read-only server (the default: writes off)."""
    yield from _serve(served_home)


@pytest.fixture
def writable_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A server over its own empty home, started with --allow-writes."""
    yield from _serve(Home(tmp_path / "writable"), allow_writes=True)


# -- enriched homes: copies, stories, entities and who said what -----------------------------
SAMPLE = Path(__file__).resolve().parents[2] / "src" / "newsdig" / "sample"
# The seed (KCNA, Gerasimov, Syrskyi...), the hand-written Kursk pages, the wire feed and two
# outlets that run its copy (near-duplicates, stories told by several outlets): ~110 articles,
# enriched for real by spaCy in about 8 s, once per session.
ENRICHED_INPUTS = (
    SAMPLE / "seed", SAMPLE / "sites", SAMPLE / "feeds", SAMPLE / "generated" / "agency",
    SAMPLE / "generated" / "sites" / "herald", SAMPLE / "generated" / "sites" / "tribune",
)


@pytest.fixture(scope="session")
def enriched_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """A home after `newsdig add` and `newsdig enrich` (the real language model, one process)."""
    from newsdig.enrich.pipeline import enrich_home

    home = Home(tmp_path_factory.mktemp("enriched-home"))
    add_paths(home, [str(p) for p in ENRICHED_INPUTS])
    summary = enrich_home(home, jobs=1)
    assert summary.quotes > 100 and summary.copies > 0 and not summary.failed, summary.as_dict()
    return home


@pytest.fixture(scope="session")
def enriched_server(enriched_home: Home) -> Iterator[LiveServer]:
    yield from _serve(enriched_home)


HOSTILE = {
    "title": '<script>alert("label")</script> Harbour <img src=x onerror=alert(1)> deal',
    "speaker": '<script>alert("speaker")</script> Mallory',
    "role": "<b>harbour</b> master",
    "via": "<i>Wire</i>",
    "quote": '<script>alert("quote")</script> 11,000 <img src=x onerror=alert(3)> crates',
    "entity": '<script>alert("entity")</script> Corp',
}
HOSTILE_TEXT = (
    "The harbour board and the dockers' union signed a deal on Monday that ends the long dispute over "
    "night shifts at the container terminal, after eleven weeks of talks and two short strikes.\n\n"
    "Under the deal, night shifts will be paid at a higher rate and limited to four a month for each "
    "docker, and the terminal will hire forty more crane drivers before the winter season begins.\n\n"
    "Shipping lines had diverted some vessels to other ports during the strikes, and traders said the "
    "backlog of containers would take several weeks to clear once the new rota starts."
)


def build_hostile_enriched_home(root: Path) -> Home:
    """Two copies of one article whose title, speaker, statement and names carry markup and script.

    Copies and the story are found by the pipeline's own storing step (`enrich_article`); the
    analysis (quotes, entities) is written by hand, because a language model would not keep markup
    in a speaker's name; both go through the same catalog functions as `newsdig enrich`.
    """
    from newsdig.catalog.articles import get_articles
    from newsdig.catalog.db import connect
    from newsdig.enrich.pipeline import EnrichSummary, enrich_article, stage_version
    from newsdig.enrich.records import Analysis, Entity, NumberMention, Quote
    from newsdig.home import writer_lock
    from newsdig.index.sync import catch_up

    rows = [
        {"url": "https://evil.example.com/2025/03/harbour", "published": "2025-03-03",
         "title": HOSTILE["title"], "text": HOSTILE_TEXT, "source": "Evil <b>Source</b>", "language": "en"},
        {"url": "https://copy.example.org/harbour-deal", "published": "2025-03-03", "title": HOSTILE["title"],
         "text": HOSTILE_TEXT.replace("Monday", "Monday morning"), "source": "Copy <i>Desk</i>",
         "language": "en"},
    ]
    root.mkdir(parents=True, exist_ok=True)
    data = root / "evil.jsonl"
    data.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    home = Home(root / "home")
    add_paths(home, [str(data)])
    figure = NumberMention(text="11,000", value=11000.0, unit="crates")
    with writer_lock(home):
        conn = connect(home.catalog_path)
        try:
            ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY url DESC")]
            articles = get_articles(conn, ids)
            summary = EnrichSummary()
            for article_id in ids:
                quote = Quote(speaker=HOSTILE["speaker"], cue="deny", kind="direct", stance="denies",
                              text=HOSTILE["quote"], span=(0, 10), speaker_role=HOSTILE["role"],
                              speaker_kind="person", via=HOSTILE["via"], numbers=(figure,))
                analysis = Analysis(article_id, (Entity(HOSTILE["entity"], "org", 2, ("<u>owner</u>",)),
                                                 Entity(HOSTILE["speaker"], "person")), (quote,), "test")
                enrich_article(conn, articles[article_id], analysis, stage_version("test"), summary)
            conn.commit()
            catch_up(conn, home.index_dir)
        finally:
            conn.close()
    assert summary.copies == 1 and summary.joined_stories == 1, summary.as_dict()
    return home


@pytest.fixture(scope="session")
def hostile_enriched_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    yield from _serve(build_hostile_enriched_home(tmp_path_factory.mktemp("hostile-enriched")), sample=True)
