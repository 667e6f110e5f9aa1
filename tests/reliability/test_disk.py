"""A full disk in the middle of `newsdig add` and `newsdig crawl`, for real.

Two ways to run out of room, both on the real command in a subprocess:
- a small tmpfs holding the home (or only its index directory) that fills up mid-import, then is
  remounted bigger ("space freed"); needs root to mount, skipped with the reason otherwise;
- a file size limit (RLIMIT_FSIZE) put on the running command with prlimit once it has stored its
  first articles: writes past it fail with EFBIG, unprivileged. (Set before exec it would also hit
  the language model's 68 MB temp file, which every extraction worker unpacks at start-up.)

Each time: the command exits 1 with one clear line (no traceback) that names the home and says
what is kept; every article committed before the failure is still in the catalog, which passes
`PRAGMA integrity_check`; `newsdig check` reports honestly (and `--repair` fixes and says what it
did once there is room); and the same command, run again, completes: every page exactly once in
the catalog and the index, each found by its own word.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsdig.search import Searcher
from tests.crawl.sites import GeneratedSite, Host
from tests.reliability.harness import catalog_ids
from tests.reliability.records import write_record
from tests.reliability.test_kills import _crawl_sites, assert_whole, write_pages
from tests.support import run_cli

# One import batch per 25 captures, so a failure lands between many commits; a wide console,
# so the error is one line whatever its length (rich wraps at 80 columns off a terminal).
ENV = {"NEWSDIG_ENRICH": "0", "NEWSDIG_BATCH_SIZE": "25", "NEWSDIG_INDEX_COMMIT_SECONDS": "1",
       "COLUMNS": "1000"}
SMALL = "2m"  # the home's tmpfs: the catalog, raw WARCs and index of ~200 pages fill it
ROOMY = "64m"  # after "freeing space": far more than these pages need
PAGES = 400


@dataclass
class Outcome:
    code: int
    stderr: str


def newsdig(home: Path, *args: str, limit_after: int | None = None, limit_now: int | None = None
            ) -> Outcome:
    """Run `newsdig ARGS` on `home`; with `limit_after`, cap its file size once that many articles
    are in the catalog (see the module docstring), just above the largest file it has by then;
    with `limit_now`, from the start (for commands that load no language model)."""
    env = {**os.environ, "NEWSDIG_HOME": str(home), **ENV}

    def prepare() -> None:
        _ignore_sigxfsz()
        if limit_now is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_now, limit_now))

    proc = subprocess.Popen([sys.executable, "-m", "newsdig", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, preexec_fn=prepare)
    if limit_after is not None:
        _limit_file_size(proc, home, limit_after)
    _, err = proc.communicate(timeout=600)
    return Outcome(proc.returncode, err.decode(errors="replace"))


def _ignore_sigxfsz() -> None:
    # An ignored signal stays ignored across exec: past the limit, write() fails with EFBIG
    # instead of the process being killed (CPython ignores it too; this does not rely on that).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _limit_file_size(proc: subprocess.Popen[bytes], home: Path, after: int) -> None:
    while len(catalog_ids(home)) < after and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None, "the command finished before the limit could be set: give it more pages"
    largest = max(f.stat().st_size for f in home.rglob("*") if f.is_file())
    limit = largest + 200_000
    resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (limit, limit))


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on `path`, always unmounted afterwards; skips without permission."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        if subprocess.run(["umount", str(path)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)  # a straggler holds it


def grow(path: Path, size: str) -> None:
    """Free space: remount the tmpfs bigger, contents kept."""
    subprocess.run(["mount", "-o", f"remount,size={size}", str(path)], check=True)


def assert_clear_failure(outcome: Outcome, names: Path) -> str:
    """Exit 1 and one line, no traceback, naming `names` (a path in the home) and what is kept."""
    assert outcome.code == 1, outcome
    assert "Traceback" not in outcome.stderr, outcome.stderr
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), outcome.stderr
    assert str(names) in lines[0] and re.search(r"\bkee?p", lines[0]), lines[0]
    return lines[0]


def assert_catalog_sound(home: Path, committed: set[str]) -> set[str]:
    """No committed article lost, and SQLite finds nothing wrong with the file."""
    after = catalog_ids(home)
    assert committed <= after, f"lost: {sorted(committed - after)[:5]}"
    conn = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    return after


def assert_check_honest(home: Path, articles: int) -> dict[str, object]:
    """`newsdig check` on the failed home: no traceback, the catalog counted, and nothing wrong but
    (at most) index work still pending: no lost, extra or doubled document."""
    result = run_cli(home, "check", "--json", check=False)
    report = result.json()
    assert result.code == (0 if report["ok"] else 1), result
    assert report["catalog_articles"] == articles and report["unusable"] is None, report
    assert report["missing"] == report["extra"] == report["duplicated"] == 0, report
    return report


def repair(home: Path) -> dict[str, object]:
    """`newsdig check --repair` once there is room: ok, and it says what it did."""
    report = run_cli(home, "check", "--repair", "--json").json()
    assert report["ok"], report
    if report["pending_changes"]:
        assert any("pending" in action for action in report["actions"]), report
    return report


def assert_searchable(home: Path, tokens: dict[str, str], ids: set[str]) -> None:
    """Every article in `ids` is found by its own word (before the rest is imported)."""
    by_url = _ids_by_url(home)
    searcher = Searcher(home / "index")
    committed = [token for token, url in tokens.items() if by_url.get(url) in ids]
    assert len(committed) == len(ids)
    missing = [t for t in committed if searcher.search(t, limit=3).total != 1]
    assert not missing, missing[:5]


def _ids_by_url(home: Path) -> dict[str, str]:
    conn = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True)
    try:
        return {url: article_id for article_id, url in conn.execute("SELECT id, canonical_url FROM articles")}
    finally:
        conn.close()


def _add_fills_up(pages: Path, tokens: dict[str, str], home: Path, names: Path,
                  limit_after: int | None = None, free: Path | None = None) -> dict[str, object]:
    """The shared story: add fails, fails again while still full, nothing lost, room made, add again."""
    started = time.monotonic()
    args = ("add", str(pages), "-q", "--jobs", "2")
    first = newsdig(home, *args, limit_after=limit_after)
    message = assert_clear_failure(first, names)
    committed = assert_catalog_sound(home, catalog_ids(home))
    # The index may fail only at the import's last commit, with every article in the catalog.
    most = len(tokens) if names.name == "index" else len(tokens) - 1
    assert 0 < len(committed) <= most, "the disk should fill up mid-import"
    failures = 1
    if limit_after is None:  # still full: the next run (catching the index up first) fails as clearly
        again = newsdig(home, *args)
        assert_clear_failure(again, names)
        failures += 1
        committed = assert_catalog_sound(home, committed)
    before_repair = assert_check_honest(home, len(committed))
    if free is not None:
        grow(free, ROOMY)
    repaired = repair(home)
    assert_searchable(home, tokens, committed)
    done = newsdig(home, *args)
    assert done.code == 0, done.stderr
    check = assert_whole(home, tokens)
    lost = committed - catalog_ids(home)
    assert not lost
    return {"figures": {"pages": len(tokens), "failures reported": failures,
                        "articles committed at failure": len(committed),
                        "pending index changes at failure": before_repair["pending_changes"],
                        "final articles": check["catalog_articles"], "duplicates": check["duplicated"],
                        "lost": len(lost), "seconds": round(time.monotonic() - started, 1)},
            "message": message.replace(str(home), "<home>"), "repair": repaired["actions"]}


def test_add_on_a_full_tmpfs_keeps_every_commit_and_completes_after_space_is_freed(tmp_path: Path) -> None:
    mount = tmp_path / "disk"
    with tmpfs(mount, SMALL):
        home = mount / "home"
        tokens = write_pages(tmp_path / "pages", PAGES)
        run = _add_fills_up(tmp_path / "pages", tokens, home, home, free=mount)
    assert "full" in run["message"], run["message"]
    write_record("disk-add-tmpfs", "disk", f"newsdig add on a {SMALL} tmpfs that fills up (ENOSPC)",
                 ["home on a small tmpfs, full mid-import", "the same command again while still full",
                  "`newsdig check` on the full disk", "remount bigger, `check --repair`, add again"],
                 {**run["figures"], "message": run["message"]})


def test_add_under_a_file_size_limit_fails_clearly_and_completes_without_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    tokens = write_pages(tmp_path / "pages", 250)  # the limit lands just above ~25 articles' files
    run = _add_fills_up(tmp_path / "pages", tokens, home, home, limit_after=25)
    # SQLite says only "disk I/O error" for EFBIG: the message must name the real cause.
    assert "file size limit" in run["message"], run["message"]
    write_record("disk-add-rlimit", "disk", "newsdig add under a file size limit (EFBIG, unprivileged)",
                 ["RLIMIT_FSIZE put on the running import", "`newsdig check` after the failure",
                  "the same command without the limit"],
                 {**run["figures"], "message": run["message"]})


def test_a_full_index_directory_leaves_the_catalog_whole(tmp_path: Path) -> None:
    """Only the index's filesystem fills: the catalog keeps committing until the index commit fails;
    `check` reports the index behind, `check --repair` applies it once there is room."""
    home = tmp_path / "home"
    tokens = write_pages(tmp_path / "pages", PAGES)
    # The index is created on the home's disk (a first page), then moved onto the small tmpfs:
    # a fresh index is built beside the directory and renamed into place, and a mount point
    # cannot be renamed (EBUSY; see the report: `newsdig reindex` fails the same way).
    assert newsdig(home, "add", str(tmp_path / "pages" / "page-00000.html"), "-q").code == 0
    shutil.move(home / "index", tmp_path / "index-first")
    with tmpfs(home / "index", "256k"):
        for item in (tmp_path / "index-first").iterdir():
            shutil.copy2(item, home / "index" / item.name)
        run = _add_fills_up(tmp_path / "pages", tokens, home, home / "index", free=home / "index")
    assert run["figures"]["pending index changes at failure"] > 0, run
    assert run["repair"], run  # it said what it applied
    write_record("disk-index", "disk",
                 "the index directory fills up during newsdig add (tantivy write fails)",
                 ["index directory on a 256 KB tmpfs", "the same command again while still full",
                  "`newsdig check` reports the index behind", "`check --repair` after remounting bigger"],
                 {**run["figures"], "message": run["message"]})


def test_crawl_on_a_full_tmpfs_resumes_after_space_is_freed(tmp_path: Path, hosts: list[Host]) -> None:
    started = time.monotonic()
    mount = tmp_path / "disk"
    sites = _crawl_sites(hosts, 2, 60)
    late = GeneratedSite(Host("late"), 5)  # a source added while the disk is full, then again
    hosts.append(late.host)
    tokens = {site.token(n): site.host.base + path
              for site in (*sites, late) for n, path in enumerate(site.paths)}
    with tmpfs(mount, "1m"):
        home = mount / "home"
        for site in sites:
            run_cli(home, "source", "add", site.host.base + "/", "--allow-private")
        args = ("crawl", "--once", "--allow-private", "--delay", "0", "--json")
        first = newsdig(home, *args)
        message = assert_clear_failure(first, home)
        committed = assert_catalog_sound(home, catalog_ids(home))
        assert 0 < len(committed) < len(tokens), "the disk should fill up mid-crawl"
        before_repair = assert_check_honest(home, len(committed))
        # SQLite may fit a new source into WAL space it already has, so a full disk need not stop
        # `source add`; past a file size limit (from the first byte) every catalog write fails.
        add_late = ("source", "add", late.host.base + "/", "--allow-private")
        on_full = newsdig(home, *add_late)
        if on_full.code != 0:
            assert_clear_failure(on_full, home)
        limited = assert_clear_failure(newsdig(home, *add_late, limit_now=1), home)
        assert "file size limit" in limited, limited
        grow(mount, ROOMY)
        repair(home)
        run_cli(home, "source", "add", late.host.base + "/", "--allow-private")
        assert_searchable(home, tokens, committed)
        done = newsdig(home, *args)
        assert done.code == 0, done.stderr
        check = assert_whole(home, tokens)
        lost = committed - catalog_ids(home)
        assert not lost
    write_record("disk-crawl-tmpfs", "disk", "newsdig crawl on a 1 MB tmpfs that fills up (ENOSPC)",
                 ["home on a small tmpfs, full mid-crawl", "`newsdig check` on the full disk",
                  "`newsdig source add` on the full disk, and under a 1-byte file size limit",
                  "remount bigger, `check --repair`, add the source again, crawl again"],
                 {"pages": len(tokens), "failures reported": 2 + (on_full.code != 0),
                  "articles committed at failure": len(committed),
                  "pending index changes at failure": before_repair["pending_changes"],
                  "final articles": check["catalog_articles"], "duplicates": check["duplicated"],
                  "lost": len(lost),
                  "seconds": round(time.monotonic() - started, 1),
                  "message": message.replace(str(home), "<home>")})


def test_reindex_when_the_index_is_its_own_mount_point(tmp_path: Path) -> None:
    """A disk given to the index (home/index a mount point) cannot be renamed: reindex swaps its
    contents instead (it failed with EBUSY), and leaves no index.new behind."""
    from tests.support import run_cli

    home = tmp_path / "home"
    tokens = write_pages(tmp_path / "pages", 60)
    with tmpfs(home / "index", "50m") as index:
        run_cli(home, "add", str(tmp_path / "pages"), "-q")
        rebuilt = run_cli(home, "reindex")
        assert rebuilt.code == 0, rebuilt.stderr
        assert os.path.ismount(index) and not (home / "index.new").exists()
        for token in list(tokens)[:5]:
            assert run_cli(home, "search", token, "--json").json()["total"] == 1
        report = run_cli(home, "check", "--json").json()
        assert report["ok"] and report["index_documents"] == 60, report
