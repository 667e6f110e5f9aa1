"""Ingest speed: `newsdig add` of HTML pages beside plain trafilatura on the same pages.

Baselines in the same run, on the same pages:
  trafilatura          trafilatura.extract(html) in a loop, nothing stored
  trafilatura+fts5     that loop plus an SQLite FTS5 insert per page (what a user would build)
  newsdig add -j1      one process: raw WARC + extraction + templates + catalog + tantivy
  newsdig add -jN      the same with a process pool over the cores
  newsdig extraction   newsdig.extract in a loop (trafilatura + htmldate + language + chrome)
The catalog + raw + index overhead is `add -j1` against newsdig's extraction alone.

Usage: python bench/ingest.py [--pages DIR] [--limit N]
Default pages: ../shared/data/extraction-dev/*/html (never copied into the repo).
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import trafilatura

from newsdig.extract import extract
from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.models import Capture

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "extraction-dev"


def collect_pages(pages: Path | None, limit: int) -> list[Path]:
    roots = [pages] if pages else [DEFAULT_DATA / "trafilatura-eval" / "html",
                                   DEFAULT_DATA / "dragnet-train" / "html"]
    found: list[Path] = []
    for root in roots:
        if root.exists():
            found.extend(sorted(p for p in root.rglob("*") if p.is_file()))
    return found[:limit]


def read_html(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def bench_trafilatura(pages: list[Path], fts: sqlite3.Connection | None) -> float:
    start = time.perf_counter()
    for number, path in enumerate(pages):
        text = trafilatura.extract(read_html(path))
        if fts is not None and text:
            fts.execute("INSERT INTO docs(rowid, body) VALUES (?, ?)", (number, text))
    if fts is not None:
        fts.commit()
    return time.perf_counter() - start


def bench_newsdig_extract(pages: list[Path]) -> float:
    """newsdig's extraction alone (trafilatura + htmldate + language + chrome), nothing stored."""
    start = time.perf_counter()
    for path in pages:
        extract(Capture(url=None, body=path.read_bytes(), kind="html", origin=str(path)),
                url=path.resolve().as_uri())
    return time.perf_counter() - start


def bench_newsdig(pages_dir: Path, jobs: int) -> tuple[float, int]:
    home_dir = Path(tempfile.mkdtemp(prefix="newsdig-bench-"))
    try:
        start = time.perf_counter()
        summary = add_paths(Home(home_dir), [str(pages_dir)], jobs=jobs)
        return time.perf_counter() - start, summary.added
    finally:
        shutil.rmtree(home_dir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="directory of HTML pages (.html or .gz)")
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    pages = collect_pages(args.pages, args.limit)
    if not pages:
        print(f"no pages found (looked in {args.pages or DEFAULT_DATA}); pass --pages DIR", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="newsdig-pages-"))
    try:
        # decompressed copies: both sides read the same bytes from the same disk
        for number, path in enumerate(pages):
            (work / f"{number:06d}.html").write_bytes(read_html(path))
        files = sorted(work.iterdir())
        n = len(files)
        print(f"{n} HTML pages, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB, "
              f"{os.cpu_count()} cores\n")
        bench_trafilatura(files[:20], None)  # warm imports and caches for everyone
        base = bench_trafilatura(files, None)
        fts = sqlite3.connect(":memory:")
        fts.execute("CREATE VIRTUAL TABLE docs USING fts5(body)")
        base_fts = bench_trafilatura(files, fts)
        ours = bench_newsdig_extract(files)
        one, added_one = bench_newsdig(work, jobs=1)
        many, added_many = bench_newsdig(work, jobs=args.jobs)
        rows = [
            ("trafilatura.extract alone", base, n),
            ("trafilatura + SQLite FTS5", base_fts, n),
            ("newsdig extraction alone", ours, n),
            ("newsdig add --jobs 1", one, n),
            (f"newsdig add --jobs {args.jobs}", many, n),
        ]
        print(f"{'run':<30}{'seconds':>9}{'pages/s':>10}{'vs trafilatura':>16}")
        for name, seconds, count in rows:
            print(f"{name:<30}{seconds:>9.2f}{count / seconds:>10.1f}{base / seconds:>15.2f}x")
        print(f"\narticles stored: {added_one} (jobs 1), {added_many} (jobs {args.jobs})")
        print(f"catalog + raw + index overhead over newsdig's own extraction (jobs 1): "
              f"{100 * (one / ours - 1):+.1f}%")
        print(f"newsdig add --jobs 1 against trafilatura alone: {100 * (one / base - 1):+.1f}%")
        print(f"newsdig --jobs {args.jobs} vs trafilatura + FTS5: {base_fts / many:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
