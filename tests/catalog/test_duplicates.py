"""Near-duplicate groups over a real catalog: the syndicated fixture pages ingested as a user would."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdig.catalog.db import connect
from newsdig.catalog.duplicates import (
    DuplicateMatch,
    copies_of,
    duplicate_groups,
    forget_article,
    group_members,
    record_near_duplicates,
)
from newsdig.enrich.dedup import BANDS, THRESHOLD
from newsdig.home import Home
from newsdig.ingest import add_paths
from tests.support import FIXTURES

SYNDICATED = FIXTURES / "syndicated"
MANIFEST = json.loads((SYNDICATED / "manifest.json").read_text(encoding="utf-8"))
COPIES = MANIFEST["groups"]["calder-dam-wire"]
UNRELATED = MANIFEST["unrelated"]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalog holding the fixture pages, built once by the real import (extraction, learned
    templates, catalog); only the HTML pages, not the manifest."""
    home = Home(tmp_path_factory.mktemp("syndicated") / "home")
    summary = add_paths(home, sorted(str(p) for p in SYNDICATED.glob("*.html")))
    assert summary.added == len(COPIES) + len(UNRELATED)
    return home.catalog_path


@pytest.fixture
def conn(ingested: Path, tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A private copy of the ingested catalog, so every test starts with no enrichment rows."""
    path = tmp_path / "catalog.sqlite"
    source = sqlite3.connect(ingested)
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    connection = connect(path)
    yield connection
    connection.close()


def pages(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """Fixture file name -> (article id, text), in publication order."""
    rows = conn.execute("SELECT id, origin, text FROM articles ORDER BY published, id").fetchall()
    return {Path(r["origin"]).name: (r["id"], r["text"]) for r in rows}


def record_all(conn: sqlite3.Connection, names: list[str]) -> dict[str, DuplicateMatch | None]:
    found = pages(conn)
    with conn:
        return {name: record_near_duplicates(conn, found[name][0], found[name][1]) for name in names}


def test_the_copies_form_one_group_and_the_unrelated_pages_none(conn: sqlite3.Connection) -> None:
    found = pages(conn)
    order = list(found)
    matches = record_all(conn, order)
    ids = {name: found[name][0] for name in order}
    groups = duplicate_groups(conn, list(ids.values()))
    assert set(groups) == {ids[name] for name in COPIES}
    assert len(set(groups.values())) == 1
    first_copy = next(name for name in order if name in COPIES)
    assert set(groups.values()) == {ids[first_copy]}  # named by its first-seen member
    assert matches[first_copy] is None  # nothing to copy yet
    for name in COPIES:
        if name != first_copy:
            match = matches[name]
            assert match is not None and match.group_id == ids[first_copy]
            assert match.similarity >= THRESHOLD and match.article_id in groups
    for name in UNRELATED:
        assert matches[name] is None
    # the site's own report of the same flood shares names and facts, not the text
    assert "courier-holtby-volunteers-race-to-fill-sandbags.html" in UNRELATED


def test_a_lightly_edited_copy_matches(conn: sqlite3.Connection) -> None:
    """The Gazette rewrote three phrases and cut the last paragraph; its closest copy still matches."""
    edited = "gazette-calder-dam-spillways.html"
    others = [name for name in COPIES if name != edited]
    matches = record_all(conn, [*others, edited])
    match = matches[edited]
    assert match is not None and match.similarity >= THRESHOLD
    found = pages(conn)
    assert match.article_id in {found[name][0] for name in others}
    assert json.loads(json.dumps(match.as_dict()))["group_id"] == found[others[0]][0]


def test_the_same_group_whatever_the_arrival_order(conn: sqlite3.Connection) -> None:
    found = pages(conn)
    record_all(conn, list(reversed(found)))
    groups = duplicate_groups(conn, [article_id for article_id, _ in found.values()])
    assert set(groups) == {found[name][0] for name in COPIES}
    assert len(set(groups.values())) == 1


def test_members_copies_and_forgetting(conn: sqlite3.Connection) -> None:
    found = pages(conn)
    record_all(conn, COPIES)
    ids = [found[name][0] for name in COPIES]
    assert group_members(conn, ids[0]) == ids  # first-seen first
    assert copies_of(conn, ids[1]) == [ids[0], *ids[2:]]
    assert copies_of(conn, found[UNRELATED[0]][0]) == []
    assert group_members(conn, "no-such-group") == []
    with conn:
        forget_article(conn, ids[0])  # the first member leaves: the group lives on under the next
    assert duplicate_groups(conn, ids) == {i: ids[1] for i in ids[1:]}
    assert group_members(conn, ids[1]) == ids[1:]
    assert conn.execute("SELECT COUNT(*) FROM minhashes WHERE article_id = ?", (ids[0],)).fetchone()[0] == 0
    with conn:
        forget_article(conn, ids[2])
        forget_article(conn, ids[3])  # one member left: no copies, no group
    assert duplicate_groups(conn, ids) == {}
    with conn:
        forget_article(conn, ids[3])  # forgetting twice is harmless
    assert conn.execute("SELECT COUNT(*) FROM lsh_bands").fetchone()[0] == BANDS  # ids[1]'s only


def test_recording_an_unchanged_text_again_changes_nothing(conn: sqlite3.Connection) -> None:
    found = pages(conn)
    first = record_all(conn, COPIES)

    def snapshot() -> list[list[tuple[object, ...]]]:
        return [[tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
                for table in ("minhashes", "lsh_bands", "duplicates")]

    before = snapshot()
    again = record_all(conn, COPIES)
    assert snapshot() == before
    assert again[COPIES[0]] is not None and again[COPIES[0]].group_id == found[COPIES[0]][0]
    assert [m.group_id for m in again.values() if m] == [m.group_id for m in first.values() if m] + [
        found[COPIES[0]][0]]


def test_a_changed_text_leaves_its_group(conn: sqlite3.Connection) -> None:
    found = pages(conn)
    record_all(conn, COPIES)
    article_id = found[COPIES[2]][0]
    new_text = found[UNRELATED[1]][1].replace("Northfield", "Southfield")
    with conn:
        assert record_near_duplicates(conn, article_id, new_text) is None
    assert article_id not in duplicate_groups(conn, [article_id])
    assert len(group_members(conn, found[COPIES[0]][0])) == len(COPIES) - 1


def test_short_texts_are_never_duplicates(conn: sqlite3.Connection) -> None:
    """Two briefs from one template differ in a word or two: at this length that is chance."""
    brief = ("Police closed the A12 southbound between junctions {0} and {1} on {2} after a crash. "
             "Drivers were advised to find another route.")
    with conn:
        assert record_near_duplicates(conn, "brief-1", brief.format(4, 5, "Monday")) is None
        assert record_near_duplicates(conn, "brief-2", brief.format(4, 5, "Monday")) is None
        assert record_near_duplicates(conn, "brief-3", brief.format(6, 7, "Tuesday")) is None
    assert conn.execute("SELECT COUNT(*) FROM minhashes").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM duplicates").fetchone()[0] == 0


def test_rows_per_article_are_bounded(conn: sqlite3.Connection) -> None:
    found = pages(conn)
    record_all(conn, list(found))
    assert conn.execute("SELECT COUNT(*) FROM minhashes").fetchone()[0] == len(found)
    assert conn.execute("SELECT COUNT(*) FROM lsh_bands").fetchone()[0] == len(found) * BANDS
    assert conn.execute("SELECT COUNT(*) FROM duplicates").fetchone()[0] == len(COPIES)
    assert len(conn.execute("SELECT signature FROM minhashes LIMIT 1").fetchone()[0]) == 512


def test_candidates_come_from_index_lookups_not_a_scan(conn: sqlite3.Connection) -> None:
    plans = [
        "SELECT article_id FROM lsh_bands WHERE band = ? AND bucket = ? LIMIT ?",
        "SELECT article_id, signature FROM minhashes WHERE article_id IN (?, ?)",
        "DELETE FROM lsh_bands WHERE band = ? AND bucket = ? AND article_id = ?",
        "SELECT article_id FROM duplicates WHERE group_id = ? ORDER BY seq",
    ]
    for sql in plans:
        detail = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, (1,) * sql.count("?")))
        assert "SEARCH" in detail and "SCAN" not in detail and "TEMP B-TREE" not in detail, (sql, detail)

