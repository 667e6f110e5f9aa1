"""A damaged index directory, for real: the index is derived, so newsdig rebuilds it from the catalog.

A home is built once by `newsdig add`; each case breaks a copy of its index the way a crash, a bad
disk or a stray command would (a segment file cut in half, meta.json overwritten with garbage, a
segment file deleted, the whole directory deleted). Then, on the real CLI:
- `newsdig check` reports the index unusable (exit 1) and says why;
- `newsdig search` says it is rebuilding the index from the catalog, and finds the article;
- `newsdig check` then finds the index and catalog in agreement, article for article;
- `newsdig check --repair` on another broken copy rebuilds it and reports what it did.

Bytes scrambled inside a segment with its footer intact open fine and fail only when a query or a
document read reaches them (a ValueError or a Rust panic): `search` then rebuilds as well, and
`check --deep` reports the damage it reads (test_scrambled_segment_bytes).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.records import write_record
from tests.reliability.test_kills import write_pages
from tests.support import run_cli

PAGES = 100


def _truncate_largest_segment_file(index: Path) -> None:
    victim = max((f for f in index.iterdir() if f.suffix in (".idx", ".store", ".term")),
                 key=lambda f: f.stat().st_size)
    with victim.open("r+b") as fh:
        fh.truncate(victim.stat().st_size // 2)


def _garbage_meta(index: Path) -> None:
    (index / "meta.json").write_bytes(b'{"segments": [{"segment_id": \x00\xff garbage')


def _delete_a_segment_file(index: Path) -> None:
    next(index.glob("*.store")).unlink()


def _delete_directory(index: Path) -> None:
    shutil.rmtree(index)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated segment file": _truncate_largest_segment_file,
    "garbage meta.json": _garbage_meta,
    "deleted segment file": _delete_a_segment_file,
    "deleted index directory": _delete_directory,
}
RESULTS: dict[str, dict[str, object]] = {}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("corrupt")
    tokens = write_pages(root / "pages", PAGES)
    run_cli(root / "home", "add", str(root / "pages"), "-q")
    return root / "home", tokens


def _broken_copy(built: tuple[Path, dict[str, str]], tmp_path: Path, damage: str) -> tuple[Path, str]:
    home, tokens = built
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    DAMAGE[damage](copy / "index")
    return copy, next(iter(tokens))


def _agrees(home: Path) -> dict[str, object]:
    report = run_cli(home, "check", "--json").json()
    assert report["ok"] and report["catalog_articles"] == report["index_documents"] == PAGES, report
    return report


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_search_rebuilds_a_damaged_index_and_check_reports_it(
        built: tuple[Path, dict[str, str]], tmp_path: Path, damage: str) -> None:
    started = time.monotonic()
    home, token = _broken_copy(built, tmp_path, damage)
    before = run_cli(home, "check", "--json", check=False)
    report = before.json()
    assert before.code == 1 and not report["ok"] and report["unusable"], report
    found = run_cli(home, "search", token, "--json")
    assert found.json()["total"] == 1, found.stdout
    assert "rebuil" in found.stderr and f"{PAGES:,} articles" in found.stderr, found.stderr
    _agrees(home)
    said = " ".join(line.strip() for line in found.stderr.splitlines() if line.strip())
    RESULTS[damage] = {"reported by check": report["unusable"].replace(str(home), "<home>"),
                       "search said": said.replace(str(home), "<home>"),
                       "seconds": round(time.monotonic() - started, 1)}


def test_check_repair_rebuilds_and_says_so(built: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    home, _ = _broken_copy(built, tmp_path, "truncated segment file")
    report = run_cli(home, "check", "--repair", "--json").json()
    assert report["ok"] and report["unusable"], report
    assert any(action.startswith(f"rebuilt the index from the catalog ({PAGES:,} articles)")
               for action in report["actions"]), report
    _agrees(home)
    RESULTS["check --repair"] = {"actions": report["actions"][0].replace(str(home), "<home>")}


def _scramble(index: Path, suffix: str) -> None:
    """400 bytes flipped in the middle of each segment file of a kind; headers and footers intact."""
    for victim in index.glob(f"*{suffix}"):
        data = bytearray(victim.read_bytes())
        middle = len(data) // 2
        for i in range(max(0, middle - 200), min(len(data) - 100, middle + 200)):
            data[i] ^= 0x5A
        victim.write_bytes(bytes(data))


@pytest.mark.parametrize("suffix", [".term", ".store", ".fast"])
def test_scrambled_segment_bytes(built: tuple[Path, dict[str, str]], tmp_path: Path, suffix: str) -> None:
    """Damage only reading finds: every search still answers (rebuilding on the way, saying so) and
    check --deep --repair leaves catalog and index in agreement."""
    home, tokens = built
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    _scramble(copy / "index", suffix)
    token = next(iter(tokens))
    for query, total in ((token, 1), ("the", PAGES)):
        found = run_cli(copy, "search", query, "--json")
        assert found.json()["total"] == total, (query, found.stderr)
    shutil.rmtree(copy)
    shutil.copytree(home, copy)
    _scramble(copy / "index", suffix)
    run_cli(copy, "check", "--deep", "--repair", "--json", check=False)
    _agrees(copy)
    RESULTS[f"scrambled {suffix} bytes"] = {"searches answered": 2}


def test_record_corrupt_index_figures() -> None:
    """Runs last in this module: one record for the cases above (written only when all passed)."""
    if len(RESULTS) < len(DAMAGE) + 4:
        pytest.skip("the damage cases did not all run and pass")
    write_record("corrupt-index", "disk", "a damaged index directory is rebuilt from the catalog",
                 [*DAMAGE, "`newsdig check --repair` on a truncated segment",
                  "bytes scrambled inside .term, .store and .fast files (footers intact)"],
                 {"articles": PAGES, "cases rebuilt": len(RESULTS), "lost": 0, "cases": RESULTS})
