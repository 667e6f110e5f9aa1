"""`enrich.index_names` gives what `catalog.enrichment.index_extras` reads back after
`store_analysis`: the index documents Spark builds carry the same speakers and entities as a home's.

No Spark needed: a real home built by `newsdig add` + enrichment, and analyses stored by hand.
"""

from __future__ import annotations

from pathlib import Path

from newsdig.catalog.db import connect
from newsdig.catalog.enrichment import index_extras, store_analysis
from newsdig.enrich.analyze import analyze_texts
from newsdig.enrich.index_names import index_names
from newsdig.enrich.pipeline import enrich_home
from newsdig.enrich.records import Analysis, Entity, Quote
from newsdig.home import Home
from newsdig.ingest import add_paths
from tests.support import FIXTURES


def test_same_names_as_the_catalog_for_real_articles(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    add_paths(home, [str(FIXTURES / "stories"), str(FIXTURES / "syndicated")])
    enrich_home(home)
    conn = connect(home.catalog_path)
    rows = conn.execute("SELECT id, text FROM articles ORDER BY id").fetchall()
    assert len(rows) > 15
    extras = index_extras(conn, [r["id"] for r in rows])
    analyses = {a.article_id: a for a in analyze_texts([(r["id"], r["text"]) for r in rows])}
    with_speakers = 0
    for row in rows:
        speakers, entities = index_names(analyses[row["id"]])
        assert speakers == extras[row["id"]].speakers, row["id"]
        assert entities == extras[row["id"]].entities, row["id"]
        with_speakers += bool(speakers)
    assert with_speakers > 10


def _quote(speaker: str, via: str | None = None) -> Quote:
    return Quote(speaker=speaker, cue="say", kind="direct", stance="states", text="It is done.",
                 span=(0, 11), via=via)


def test_repeated_names_relays_and_ties_in_catalog_order(tmp_path: Path) -> None:
    """Repeated entity names are merged (mentions summed), ties go by name in code-point order
    (SQLite's BINARY), relays follow their speaker, each name once."""
    conn = connect(tmp_path / "catalog.sqlite")
    analysis = Analysis(
        article_id="a1",
        entities=(Entity("Zoë Ward", "person", 2), Entity("Ørsted", "org", 3), Entity("Zed Ltd", "org", 3),
                  Entity("Ana Ruiz", "person", 1), Entity("Zoë Ward", "person", 2),
                  Entity("anna lee", "person", 3), Entity("Émile Roux", "person", 1)),
        quotes=(_quote("Kim Jong Un", via="KCNA"), _quote("Ana Ruiz"), _quote("KCNA"),
                _quote("Western intelligence sources", via="the BBC"), _quote("Ana Ruiz", via="KCNA")),
        model="test",
    )
    store_analysis(conn, analysis)
    stored = index_extras(conn, ["a1"])["a1"]
    assert index_names(analysis) == (stored.speakers, stored.entities)
    assert stored.entities[0] == "Zoë Ward"  # 2 + 2 mentions
    assert index_names(None) == ((), ())
