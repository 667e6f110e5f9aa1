"""Story clusters over a real catalog: the stories fixture pages ingested as a user would, in two
arrival orders; the story queries; removal; and a 2,000-article scale run."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newsdig.catalog.articles import row_to_article, upsert_article
from newsdig.catalog.db import connect
from newsdig.catalog.duplicates import duplicate_groups, record_near_duplicates
from newsdig.catalog.stories import (
    QUERY_TERMS,
    assign_story,
    count_stories,
    get_story,
    list_stories,
    remove_from_story,
    stories_of,
)
from newsdig.enrich.dedup import BANDS
from newsdig.enrich.records import Entity
from newsdig.enrich.stories import CENTROID_TERMS, term_counts
from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.models import Article, article_id, content_hash
from tests.support import FIXTURES

STORIES = FIXTURES / "stories"
MANIFEST = json.loads((STORIES / "manifest.json").read_text(encoding="utf-8"))
EVENT = MANIFEST["groups"]["dunmore-explosion"]
SECOND = MANIFEST["groups"]["rail-strike"]
UNRELATED = MANIFEST["unrelated"]


def ingest(folder: Path, home_dir: Path) -> Path:
    home = Home(home_dir)
    add_paths(home, sorted(str(p) for p in folder.glob("*.html")))  # the pages, not the manifest
    return home.catalog_path


def private_copy(source_path: Path, target_path: Path) -> sqlite3.Connection:
    source, target = sqlite3.connect(source_path), sqlite3.connect(target_path)
    source.backup(target)
    source.close()
    target.close()
    return connect(target_path)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest(STORIES, tmp_path_factory.mktemp("stories") / "home")


@pytest.fixture
def conn(ingested: Path, tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = private_copy(ingested, tmp_path / "catalog.sqlite")
    yield connection
    connection.close()


def articles(conn: sqlite3.Connection) -> dict[str, Article]:
    """Fixture file name -> article, in publication order."""
    rows = conn.execute("SELECT * FROM articles ORDER BY published, id").fetchall()
    return {Path(r["origin"]).name: row_to_article(r) for r in rows}


def assign_all(conn: sqlite3.Connection, order: list[str]) -> dict[str, int]:
    """Assign in the given order; returns file name -> final story id (merges included)."""
    found = articles(conn)
    with conn:
        for name in order:
            assign_story(conn, found[name])
    final = stories_of(conn, [a.id for a in found.values()])
    return {name: final[a.id] for name, a in found.items()}


def partition(stories: dict[str, int]) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for name, story_id in stories.items():
        groups.setdefault(story_id, set()).add(name)
    return {frozenset(g) for g in groups.values()}


def expected_partition() -> set[frozenset[str]]:
    return {frozenset(EVENT), frozenset(SECOND), *(frozenset([name]) for name in UNRELATED)}


def test_the_event_is_one_story_and_the_rest_are_not_in_it(conn: sqlite3.Connection) -> None:
    found = articles(conn)
    stories = assign_all(conn, list(found))  # publication order
    assert partition(stories) == expected_partition()
    detail = get_story(conn, stories[EVENT[0]])
    assert detail is not None
    assert detail.size == len(EVENT) == 6
    assert len(detail.outlets) == 4 and sum(o["articles"] for o in detail.outlets) == 6
    assert detail.first_seen == "2025-06-03" and detail.last_seen == "2025-06-06"
    assert detail.label in {found[name].title for name in EVENT}
    assert detail.label_article_id in {found[name].id for name in EVENT}
    assert [a["published"] for a in detail.articles] == sorted(found[n].published or "" for n in EVENT)
    summary = next(s for s in list_stories(conn) if s.id == detail.id)
    assert (summary.size, summary.outlets, summary.label) == (6, 4, detail.label)
    second = get_story(conn, stories[SECOND[0]])
    assert second is not None and (second.size, second.first_seen, second.last_seen) == (
        3, "2025-06-04", "2025-06-05")


def test_the_arrival_order_does_not_change_the_partition(ingested: Path, tmp_path: Path) -> None:
    partitions = []
    for seed in (None, 7):
        connection = private_copy(ingested, tmp_path / f"catalog-{seed}.sqlite")
        order = list(articles(connection))
        if seed is None:
            order.reverse()
        else:
            random.Random(seed).shuffle(order)
        partitions.append(partition(assign_all(connection, order)))
        connection.close()
    assert partitions[0] == partitions[1] == expected_partition()


def test_remove_and_reassign_keep_the_counts_right(conn: sqlite3.Connection) -> None:
    found = articles(conn)
    stories = assign_all(conn, list(found))
    story_id = stories[EVENT[0]]
    herald = next(name for name in EVENT if found[name].source == "Eastshore Herald")  # its only article
    with conn:
        assert remove_from_story(conn, found[herald].id) == story_id
    detail = get_story(conn, story_id)
    assert detail is not None and (detail.size, len(detail.outlets)) == (5, 3)
    assert stories_of(conn, [found[herald].id]) == {}
    with conn:
        again = assign_story(conn, found[herald])
    assert again.story_id == story_id and not again.created
    detail = get_story(conn, story_id)
    assert detail is not None and (detail.size, len(detail.outlets)) == (6, 4)
    # assigning an article already in the story (its text changed) does not count it twice
    df_before = dict(conn.execute("SELECT term, df FROM term_df"))
    with conn:
        moved = assign_story(conn, replace(found[EVENT[0]], text=found[EVENT[0]].text + " Updated."))
    assert moved.story_id == story_id
    detail = get_story(conn, story_id)
    assert detail is not None and (detail.size, len(detail.outlets)) == (6, 4)
    assert dict(conn.execute("SELECT term, df FROM term_df")) == df_before
    # the label article leaves: another member's headline takes over; the last one out deletes it
    with conn:
        for name in EVENT:
            remove_from_story(conn, found[name].id)
            row = conn.execute("SELECT size, label, label_article_id FROM stories WHERE id = ?",
                               (story_id,)).fetchone()
            if row is not None:
                assert row["label_article_id"] != found[name].id
                assert row["label"] in {found[n].title for n in EVENT}
    assert get_story(conn, story_id) is None
    assert conn.execute("SELECT COUNT(*) FROM story_terms WHERE story_id = ?", (story_id,)).fetchone()[0] == 0
    assert remove_from_story(conn, found[EVENT[0]].id) is None


def test_listing_and_counting_stories(conn: sqlite3.Connection) -> None:
    stories = assign_all(conn, list(articles(conn)))
    listed = list_stories(conn)
    assert [s.size for s in listed] == sorted((s.size for s in listed), reverse=True)
    assert listed[0].id == stories[EVENT[0]] and listed[1].id == stories[SECOND[0]]
    assert count_stories(conn) == len(listed) == 2 + len(UNRELATED)
    assert count_stories(conn, min_size=2) == 2
    assert [s.id for s in list_stories(conn, min_size=2)] == [listed[0].id, listed[1].id]
    assert [s.id for s in list_stories(conn, limit=1, offset=1)] == [listed[1].id]
    # since: a lower bound on last_seen (the rail strike ended on the 5th, the blast story on the 6th)
    assert {s.id for s in list_stories(conn, since="2025-06-06", min_size=2)} == {listed[0].id}
    assert count_stories(conn, since="2025-06-06") == 2  # the blast story and the football match
    assert count_stories(conn, since="2025-07-01") == 0
    assert json.loads(json.dumps([s.as_dict() for s in listed]))[0]["size"] == 6


def test_story_detail_groups_statements_by_speaker_and_ranks_entities(conn: sqlite3.Connection) -> None:
    found = articles(conn)
    stories = assign_all(conn, list(found))
    story_id = stories[EVENT[0]]
    plain = get_story(conn, story_id)
    assert plain is not None and plain.speakers == [] and plain.entities == []  # no language model
    ids = [found[name].id for name in EVENT]
    with conn:
        for n, (speaker, stance, article) in enumerate([
            ("Daniel Farrow", "states", ids[1]), ("daniel farrow", "admits", ids[5]),
            ("Maureen Delaney", "states", ids[3]), ("Daniel Farrow", "states", ids[4]),
        ]):
            role = "chief executive" if "arrow" in speaker else None
            conn.execute(
                "INSERT INTO quotes(article_id, seq, speaker, speaker_role, via, cue, kind, stance, text, "
                "numbers, span_start, span_end) "
                "VALUES (?, ?, ?, ?, NULL, 'say', 'direct', ?, ?, '[]', 0, 10)",
                (article, n, speaker, role, stance, f"words {n}"))
        for article in ids:
            conn.execute("INSERT INTO entities(article_id, name, kind, mentions) "
                         "VALUES (?, 'Dunmore', 'place', 2)", (article,))
        conn.execute("INSERT INTO entities(article_id, name, kind, mentions) "
                     "VALUES (?, 'Marlowe Chemicals', 'org', 5)", (ids[0],))
    detail = get_story(conn, story_id)
    assert detail is not None
    first = detail.speakers[0]
    assert first["speaker"] == "Daniel Farrow" and first["statement_count"] == 3
    assert first["stances"] == {"states": 2, "admits": 1}
    assert first["roles"] == ["chief executive"]
    statement = first["statements"][0]
    assert {"article_id", "source", "published", "text", "stance"} <= set(statement)
    assert [s["speaker"] for s in detail.speakers] == ["Daniel Farrow", "Maureen Delaney"]
    assert detail.entities[0] == {"name": "Dunmore", "kind": "place", "articles": 6, "mentions": 12}
    assert json.loads(json.dumps(detail.as_dict()))["speakers"][0]["statement_count"] == 3
    assert get_story(conn, 999_999) is None


def test_entities_from_the_language_model_weigh_in(conn: sqlite3.Connection) -> None:
    article = articles(conn)[EVENT[0]]
    plain = term_counts(article.title, article.text)
    rich = term_counts(article.title, article.text, [e.name for e in [Entity("Daniel Farrow", "person")]])
    assert rich["farrow"] > plain["farrow"]
    with conn:
        result = assign_story(conn, article, [Entity("Daniel Farrow", "person"), Entity("42", "other")])
    assert result.created and stories_of(conn, [article.id]) == {article.id: result.story_id}
    assert json.loads(json.dumps(result.as_dict()))["created"] is True



def _brief(n: int, title: str, text: str, published: str = "2025-03-10", source: str = "Outlet") -> Article:
    url = f"https://news.example/{n}"
    return Article(id=article_id(url), url=url, canonical_url=url, source=source, title=title, text=text,
                   content_hash=content_hash(text), extractor="test", published=published)


def test_two_stories_a_later_article_bridges_become_one(tmp_path: Path) -> None:
    connection = connect(tmp_path / "catalog.sqlite")
    bridge = _brief(1, "Flood closes Harbour Bridge",
                    "Officials in Kelby closed the Harbour Bridge after the Wend river flooded the quay.")
    ferry = _brief(2, "Kelby ferry service suspended",
                   "The Kelby ferry service to Orran was suspended as the storm surge hit the port of Kelby.",
                   source="Other outlet")
    both = _brief(3, "Storm floods Kelby: bridge shut and ferries stopped",
                  "The storm flooded Kelby, closing the Harbour Bridge over the Wend and stopping the ferry "
                  "to Orran at the port.", source="Third outlet")
    with connection:
        first, second = assign_story(connection, bridge), assign_story(connection, ferry)
        assert first.created and second.created and first.story_id != second.story_id
        joined = assign_story(connection, both)
    assert joined.moved == (ferry.id,)  # its index document must learn its new story
    assert set(stories_of(connection, [bridge.id, ferry.id, both.id]).values()) == {joined.story_id}
    detail = get_story(connection, joined.story_id)
    assert detail is not None and (detail.size, len(detail.outlets)) == (3, 3)
    assert count_stories(connection) == 1
    assert connection.execute("SELECT COUNT(DISTINCT story_id) FROM story_terms").fetchone()[0] == 1
    connection.close()


def test_only_stories_open_around_the_article_date_are_candidates(conn: sqlite3.Connection) -> None:
    found = articles(conn)
    stories = assign_all(conn, list(found))
    event = found[EVENT[0]]
    backfill = replace(event, id="backfill", url="https://back.example/", published="2025-06-01T22:00:00Z")
    early = replace(event, id="early-copy", url="https://early.example/", published="2025-05-27")
    late = replace(event, id="late-copy", url="https://late.example/", published="2025-06-16")
    with conn:
        joined = assign_story(conn, backfill)  # two days before the story's first article
        assert assign_story(conn, early).created  # five days before the (new) first one
        assert assign_story(conn, late).created  # ten days after its last
    assert not joined.created and joined.story_id == stories[EVENT[0]]
    detail = get_story(conn, joined.story_id)
    assert detail is not None and detail.first_seen == "2025-06-01T22:00:00+00:00"
    assert detail.articles[0]["id"] == "backfill"

def test_near_duplicates_land_in_the_same_story(tmp_path: Path) -> None:
    connection = connect(ingest(FIXTURES / "syndicated", tmp_path / "home"))
    manifest = json.loads((FIXTURES / "syndicated" / "manifest.json").read_text(encoding="utf-8"))
    rows = connection.execute("SELECT * FROM articles ORDER BY published, id").fetchall()
    with connection:
        for row in rows:
            record_near_duplicates(connection, row["id"], row["text"])
            assign_story(connection, row_to_article(row))
    by_name = {Path(r["origin"]).name: r["id"] for r in rows}
    copies = [by_name[name] for name in manifest["groups"]["calder-dam-wire"]]
    assert len(set(duplicate_groups(connection, copies).values())) == 1
    assert len(set(stories_of(connection, copies).values())) == 1
    connection.close()


def test_candidate_lookups_are_index_searches(conn: sqlite3.Connection) -> None:
    for sql in (
        "SELECT story_id, weight FROM story_terms WHERE term = ? AND last_seen >= ? AND last_seen < ? "
        "ORDER BY last_seen DESC LIMIT ?",
        "SELECT story_id, weight FROM story_terms WHERE term = ? AND last_seen >= ? "
        "ORDER BY last_seen LIMIT ?",
        "SELECT 1 FROM story_articles WHERE story_id = ? AND source = ? LIMIT 1",
        "SELECT id, label FROM stories WHERE size >= ? ORDER BY size DESC, last_seen DESC, id DESC LIMIT ?",
    ):
        detail = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, (1,) * sql.count("?")))
        assert "SCAN story_terms" not in detail and "TEMP B-TREE" not in detail, (sql, detail)
        assert "SCAN story_articles" not in detail, (sql, detail)


# -- scale ----------------------------------------------------------------------------------

SYLLABLES = ("ka", "lo", "ri", "men", "ta", "vo", "sun", "de", "ba", "nor", "el", "quin", "ho", "pra")


def _pseudo_words(rng: random.Random, count: int) -> list[str]:
    made: dict[str, None] = {}
    while len(made) < count:
        made["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))] = None
    return list(made)


def synthetic_articles(count: int, seed: int = 5) -> list[Article]:
    """Short articles about 300 events of 2-12 tellings over 120 days, 20 outlets, some copies."""
    rng = random.Random(seed)
    common = _pseudo_words(rng, 600)
    events = []
    for _ in range(300):
        names = [w.capitalize() for w in rng.sample(common, 3)]
        events.append((names, rng.sample(common, 12), rng.randrange(120)))
    made: list[Article] = []
    while len(made) < count:
        names, topic, day = rng.choice(events)
        if made and rng.random() < 0.05:  # a republished copy with a credit line
            text = rng.choice(made).text + "\n\nRepublished with permission."
            title = "Copy"
        else:
            sentences = []
            for _ in range(rng.randint(5, 9)):
                picks = [rng.choice(topic) if rng.random() < 0.3 else rng.choice(common) for _ in range(12)]
                picks.insert(rng.randrange(1, 12), rng.choice(names))
                sentences.append(picks[0].capitalize() + " " + " ".join(picks[1:]) + ".")
            text = " ".join(sentences)
            title = " ".join([rng.choice(names), *rng.sample(topic, 4)]).capitalize()
        url = f"https://outlet{rng.randrange(20)}.example/{len(made)}"
        seen = day + rng.randrange(3)
        made.append(Article(
            id=article_id(url), url=url, canonical_url=url, source=f"Outlet {url[14:16].strip('.')}",
            title=title, text=text, content_hash=content_hash(text), extractor="test",
            published=f"2025-{1 + seen // 28:02d}-{1 + seen % 28:02d}",
            word_count=len(text.split()),
        ))
    return made


def test_two_thousand_articles_with_bounded_work_per_article(tmp_path: Path) -> None:
    connection = connect(tmp_path / "catalog.sqlite")
    batch = synthetic_articles(2000)
    with connection:
        for article in batch:
            upsert_article(connection, article, None)
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    worst_dedup = worst_story = worst_statements = 0  # statements: executemany counts each row
    for n, article in enumerate(batch):
        before, statements[:] = connection.total_changes, []
        record_near_duplicates(connection, article.id, article.text)
        worst_dedup = max(worst_dedup, connection.total_changes - before)
        before = connection.total_changes
        result = assign_story(connection, article)
        terms = len(term_counts(article.title, article.text)) + 1
        changes = connection.total_changes - before
        # df rows + membership + story + postings (old out, new in), and on a merge the moved rows
        assert changes <= terms + 2 + 2 * CENTROID_TERMS + len(result.moved) * (2 * CENTROID_TERMS + 3)
        if not result.moved:
            worst_story = max(worst_story, changes - terms)
            worst_statements = max(worst_statements, len(statements) - terms)
        if n % 200 == 199:
            connection.commit()
    connection.commit()
    connection.set_trace_callback(None)
    assert worst_dedup <= 1 + BANDS + 2
    assert worst_story <= 2 + 2 * CENTROID_TERMS
    assert worst_statements <= 2 * BANDS + 2 * QUERY_TERMS + 2 * CENTROID_TERMS + 20
    stories = connection.execute("SELECT COUNT(*), MAX(size) FROM stories").fetchone()
    assert 300 <= stories[0] < 2000 and stories[1] < 100
    assert connection.execute("SELECT COUNT(*) FROM story_terms").fetchone()[0] <= CENTROID_TERMS * stories[0]
    assert connection.execute("SELECT SUM(size) FROM stories").fetchone()[0] == 2000
    assert connection.execute("SELECT COUNT(*) FROM duplicates").fetchone()[0] > 0
    connection.close()
