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
