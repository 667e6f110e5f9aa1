"""The ingest loop on real files: learned templates, masthead titles, raw archive, re-extraction."""

from __future__ import annotations

import json
from pathlib import Path

from newsdig.acquire.rawstore import RawStore
from newsdig.catalog.db import connect
from newsdig.home import Home
from newsdig.ingest import add_paths, reextract
from tests.support import FIXTURES

PLANET = FIXTURES / "text" / "dailyplanet"
HEADER = "The Daily Planet — Your trusted source"
FOOTER = "Copyright Daily Planet Media Group"


def stored(home: Home) -> list[dict[str, object]]:
    conn = connect(home.catalog_path)
    rows = [dict(r) for r in conn.execute("SELECT * FROM articles ORDER BY origin")]
    conn.close()
    return rows


def test_template_lines_are_learned_and_removed_from_every_article(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    summary = add_paths(home, [str(PLANET)])
    assert summary.added == 5
    assert summary.retemplated >= 2  # the articles stored before the lines counted as template
    for row in stored(home):
        assert FOOTER not in str(row["text"]) and HEADER not in str(row["text"])
        assert row["title"] != HEADER
        assert int(row["word_count"]) > 40  # bodies stay


def test_a_masthead_taken_for_a_headline_is_replaced(tmp_path: Path) -> None:
    """Captures whose first line is the site's masthead: once it is learned as template, the
    title comes from the lead instead, also for the articles stored before."""
    pages = tmp_path / "masthead"
    pages.mkdir()
    leads = ["Ferry fares will rise by 4 percent in March, the transit authority said on Monday.",
             "The regional library will open on Sundays from April after a donation of $2 million.",
             "Three new bus routes will link the airport to the northern suburbs, officials said.",
             "A heat advisory was issued for the valley as temperatures were forecast to reach 41C."]
    for n, lead in enumerate(leads):
        body = (f"Valley Courier Online\n\n{lead}\n\nOfficials expect the change to affect about "
                f"{n + 2},000 people, according to figures released with the announcement, and said "
                "more details would follow at a public meeting later this month.\n")
        (pages / f"story-{n}.txt").write_text(body, encoding="utf-8")
    home = Home(tmp_path / "home")
    add_paths(home, [str(pages)])
    rows = stored(home)
    assert len(rows) == 4
    for row, lead in zip(rows, leads, strict=True):
        assert row["title"] != "Valley Courier Online"
        assert str(row["title"]).split()[:3] == lead.split()[:3]
        assert "Valley Courier Online" not in str(row["text"])


def test_every_article_can_be_read_back_from_raw_and_reextracted(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    add_paths(home, [str(FIXTURES / "site"), str(PLANET)])
    rows = stored(home)
    raw = RawStore(home.raw_dir)
    for row in rows:
        capture = raw.read(str(row["raw_file"]), int(row["raw_offset"]))
        assert capture.origin == row["origin"]
    before = {r["id"]: (r["title"], r["text"]) for r in rows}
    summary = reextract(home)
    assert summary.added == 0 and summary.updated == 0
    after = {r["id"]: (r["title"], r["text"]) for r in stored(home)}
    assert after == before
    assert json.dumps(summary.as_dict())  # the summary is JSON-ready


def test_a_process_pool_stores_exactly_what_one_process_stores(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(40):  # more than POOL_AFTER, so the pool really starts
        (pages / f"p{n:03d}.html").write_text(
            f"<html><head><title>Budget line {n} approved</title></head><body><article>"
            f"<h1>Budget line {n} approved</h1><p>The council approved spending line {n} worth "
            f"{n * 3} million on Monday after a four-hour debate, the city clerk said.</p>"
            f"<p>Member {n} of the opposition said the vote ignored the audit published in May "
            "and promised to raise the issue again at the next session.</p></article></body></html>",
            encoding="utf-8")
    one, many = Home(tmp_path / "one"), Home(tmp_path / "many")
    add_paths(one, [str(pages)], jobs=1)
    add_paths(many, [str(pages)], jobs=2)

    def content(home: Home) -> list[tuple[object, ...]]:
        return [(r["id"], r["title"], r["text"], r["origin"]) for r in stored(home)]

    assert len(content(one)) == 40
    assert content(many) == content(one)
