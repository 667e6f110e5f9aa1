"""Ingest speed: `newsdig add` of HTML pages beside plain trafilatura on the same pages.

Baselines in the same run, on the same pages:
  trafilatura          trafilatura.extract(html) in a loop, nothing stored
  trafilatura+fts5     that loop plus an SQLite FTS5 insert per page (what a user would build):
                       the baseline of issue 8's "≥ 2× the articles/s" goal
  newsdig extraction   newsdig.extract in a loop (trafilatura + metadata + language + chrome)
  newsdig add -j1      one process: raw WARC + extraction + templates + catalog + tantivy
  newsdig add -jN      the same with a process pool over the cores
The catalog + raw + index overhead is `add -j1` against newsdig's extraction alone.

Each `newsdig add` runs in a fresh child process (imports done before its clock starts), so
every run pays for starting its worker pool, as a real `newsdig add` does. Each row is run
--rounds times, interleaved, and the fastest round is reported: other work on the machine only
ever slows a run down. The CPU column is the CPU time of the run's whole process tree over its
wall time: about 1.0 for one busy core, near the core count when a pool has the machine.

"at equal or better F1" is checked on the same run: the pages with ground truth in the
extraction dev sets are scored (bench/extraction.py's scorers) for trafilatura's output and for
the text newsdig stored in its catalog.

Usage: python bench/ingest.py [--pages DIR] [--limit N] [--jobs N] [--rounds N]
Default pages: ../shared/data/extraction-dev/*/html (never copied into the repo).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from newsdig.extract import extract
from newsdig.models import Capture

BENCH = Path(__file__).resolve().parent
DEFAULT_DATA = BENCH.parent.parent / "shared" / "data" / "extraction-dev"
SAMPLE_SECONDS = 0.05  # how often the memory and CPU of a run's process tree are read
TARGET = 2.0  # issue 8: newsdig add on all cores >= 2x trafilatura + FTS5


@dataclass
class Run:
    name: str
    seconds: float
    cpu: float | None = None  # CPU seconds of the process tree
    peak_mb: float | None = None  # peak summed PSS of the process tree
    added: int | None = None


# -- pages and ground truth -------------------------------------------------------------


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


def _scorers():
    """bench/extraction.py: its page lists carry the ground truth, its scorers the F1."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    import extraction  # a sibling script, importable once its folder is on the path

    return extraction


def ground_truth(pages: list[Path]) -> dict[int, object]:
    """Page number -> bench/extraction.py Page (with its gold) for the pages that have one."""
    if not DEFAULT_DATA.is_dir():
        return {}
    ex = _scorers()
    known = {}
    for set_name, pages_of in (("trafilatura-eval", ex.trafilatura_eval_pages),
                               ("dragnet-train", ex.dragnet_pages)):
        if (DEFAULT_DATA / set_name).is_dir():
            known.update({page.path.resolve(): page for page in pages_of(DEFAULT_DATA / set_name)})
    return {number: known[path.resolve()] for number, path in enumerate(pages) if path.resolve() in known}


def f1_lines(gold: dict[int, object], texts: dict[str, dict[int, str]]) -> list[str]:
    """One line per dev set: F1 of each extractor's text on the pages with ground truth."""
    ex = _scorers()
    lines = []
    for set_name, scorer in (("trafilatura-eval", ex.score_trafilatura_eval),
                             ("dragnet-train", ex.score_dragnet)):
        numbers = [n for n, page in gold.items() if page.set_name == set_name]
        if not numbers:
            continue
        scores = {}
        for name, by_number in texts.items():
            results = []
            for n in numbers:
                result = ex.Result(gold[n])
                result.texts[name] = by_number.get(n, "")
                results.append(result)
            scores[name] = scorer(results, name)["f1"]
        shown = ", ".join(f"{name} {f1:.3f}" for name, f1 in scores.items())
        lines.append(f"  {set_name} ({len(numbers)} pages): {shown}")
    return lines


def stored_texts(catalog: Path, files: list[Path]) -> dict[int, str]:
    """The text newsdig stored for each page (a copy of another page: that page's text)."""
    number = {str(path): n for n, path in enumerate(files)}
    conn = sqlite3.connect(catalog)
    try:
        rows = conn.execute("SELECT origin, text FROM articles").fetchall()
        rows += conn.execute("SELECT a.origin, b.text FROM aliases a JOIN articles b ON b.id = a.article_id"
                             ).fetchall()
    finally:
        conn.close()
    return {number[origin]: text for origin, text in rows if origin in number}


# -- process tree usage (Linux /proc; elsewhere nothing is reported) --------------------


class TreeUsage:
    """Samples CPU time and proportional memory (PSS) of this process and its descendants."""

    def __init__(self) -> None:
        self.cpu: dict[int, float] = {}
        self.start: dict[int, float] = {}
        self.peak_bytes = 0
        self.works = Path("/proc/self/smaps_rollup").exists()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeUsage:
        if self.works:
            self._sample()
            self.start = dict(self.cpu)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.works:
            self._stop.set()
            self._thread.join()
            self._sample()

    def cpu_seconds(self) -> float | None:
        return sum(v - self.start.get(pid, 0.0) for pid, v in self.cpu.items()) if self.works else None

    def _loop(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self._sample()

    def _sample(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        pids, todo, total = [], [os.getpid()], 0
        while todo:
            pid = todo.pop()
            pids.append(pid)
            for task in _listdir(f"/proc/{pid}/task"):
                todo.extend(int(c) for c in _read(f"/proc/{pid}/task/{task}/children").split())
        for pid in pids:
            stat = _read(f"/proc/{pid}/stat").rsplit(")", 1)[-1].split()
            if len(stat) > 12:
                self.cpu[pid] = (int(stat[11]) + int(stat[12])) / tick
            for line in _read(f"/proc/{pid}/smaps_rollup").splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        self.peak_bytes = max(self.peak_bytes, total)


def _read(path: str) -> str:
    try:
        with open(path) as fh:
            return fh.read()
    except OSError:  # the process ended between listing and reading
        return ""


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


# -- the runs ---------------------------------------------------------------------------


def bench_trafilatura(files: list[Path], fts: sqlite3.Connection | None) -> tuple[float, dict[int, str]]:
    texts: dict[int, str] = {}
    start = time.perf_counter()
    for number, path in enumerate(files):
        text = trafilatura.extract(read_html(path))
        if fts is not None and text:
            fts.execute("INSERT INTO docs(rowid, body) VALUES (?, ?)", (number, text))
        texts[number] = text or ""
    if fts is not None:
        fts.commit()
    return time.perf_counter() - start, texts


def bench_newsdig_extract(files: list[Path]) -> float:
    """newsdig's extraction alone (trafilatura + metadata + language + chrome), nothing stored."""
    start = time.perf_counter()
    for path in files:
        extract(Capture(url=None, body=path.read_bytes(), kind="html", origin=str(path)),
                url=path.resolve().as_uri())
    return time.perf_counter() - start


def bench_newsdig(pages_dir: Path, jobs: int, keep: Path | None = None) -> Run:
    """`newsdig add` in a fresh child process; `keep` receives a copy of its catalog."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child-add", str(pages_dir),
               "--jobs", str(jobs)]
    if keep is not None:
        command += ["--keep-catalog", str(keep)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"newsdig add --jobs {jobs} failed:\n{done.stderr}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return Run(f"newsdig add --jobs {jobs}", report["seconds"], report["cpu"], report["peak_mb"],
               report["added"])


def child_add(pages_dir: Path, jobs: int, keep: Path | None) -> int:
    """The child side of bench_newsdig: time add_paths into a fresh home, print a JSON line."""
    from newsdig.home import Home  # imported here, before the clock starts
    from newsdig.ingest import add_paths

    home_dir = Path(tempfile.mkdtemp(prefix="newsdig-bench-"))
    try:
        home = Home(home_dir)
        with TreeUsage() as usage:
            start = time.perf_counter()
            summary = add_paths(home, [str(pages_dir)], jobs=jobs)
            seconds = time.perf_counter() - start
        if keep is not None:  # the backup API: the catalog's WAL holds the latest pages
            with sqlite3.connect(home.catalog_path) as source, sqlite3.connect(keep) as copy:
                source.backup(copy)
        peak = usage.peak_bytes / 2**20 if usage.works else None
        print(json.dumps({"seconds": seconds, "cpu": usage.cpu_seconds(), "peak_mb": peak,
                          "added": summary.added}))
    finally:
        shutil.rmtree(home_dir, ignore_errors=True)
    return 0


def _fastest(runs: dict[str, Run], run: Run) -> None:
    if run.name not in runs or run.seconds < runs[run.name].seconds:
        runs[run.name] = run


def _table(runs: list[Run], n: int, base: float) -> None:
    print(f"{'run':<30}{'seconds':>9}{'pages/s':>9}{'vs trafilatura':>16}{'CPU':>6}{'peak MB':>9}")
    for run in runs:
        cpu = f"{run.cpu / run.seconds:>6.2f}" if run.cpu is not None else f"{'-':>6}"
        peak = f"{run.peak_mb:>9.0f}" if run.peak_mb is not None else f"{'-':>9}"
        rate = f"{run.seconds:>9.2f}{n / run.seconds:>9.1f}{base / run.seconds:>15.2f}x"
        print(f"{run.name:<30}{rate}{cpu}{peak}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="directory of HTML pages (.html or .gz)")
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each row; the fastest counts")
    parser.add_argument("--child-add", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep-catalog", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_add:
        return child_add(args.child_add, args.jobs, args.keep_catalog)
    pages = collect_pages(args.pages, args.limit)
    if not pages:
        print(f"no pages found (looked in {args.pages or DEFAULT_DATA}); pass --pages DIR", file=sys.stderr)
        return 2
    gold = ground_truth(pages)
    work = Path(tempfile.mkdtemp(prefix="newsdig-pages-"))
    try:
        # decompressed copies: both sides read the same bytes from the same disk
        pages_dir = work / "pages"
        pages_dir.mkdir()
        for number, path in enumerate(pages):
            (pages_dir / f"{number:06d}.html").write_bytes(read_html(path))
        files = sorted(pages_dir.iterdir())
        n = len(files)
        print(f"{n} HTML pages, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB, "
              f"{os.cpu_count()} cores, fastest of {args.rounds} rounds\n")
        bench_trafilatura(files[:20], None)  # warm imports and caches for everyone
        bench_newsdig_extract(files[:20])
        runs: dict[str, Run] = {}
        base_texts: dict[int, str] = {}
        catalog = work / "catalog.sqlite"
        for round_number in range(args.rounds):
            seconds, base_texts = bench_trafilatura(files, None)
            _fastest(runs, Run("trafilatura.extract alone", seconds))
            fts = sqlite3.connect(":memory:")
            fts.execute("CREATE VIRTUAL TABLE docs USING fts5(body)")
            _fastest(runs, Run("trafilatura + SQLite FTS5", bench_trafilatura(files, fts)[0]))
            fts.close()
            _fastest(runs, Run("newsdig extraction alone", bench_newsdig_extract(files)))
            _fastest(runs, bench_newsdig(pages_dir, jobs=1))
            keep = catalog if round_number == 0 else None
            _fastest(runs, bench_newsdig(pages_dir, jobs=args.jobs, keep=keep))
        base, base_fts = runs["trafilatura.extract alone"].seconds, runs["trafilatura + SQLite FTS5"].seconds
        one, many = runs["newsdig add --jobs 1"], runs[f"newsdig add --jobs {args.jobs}"]
        ours = runs["newsdig extraction alone"].seconds
        _table(list(runs.values()), n, base)
        print(f"\narticles stored: {one.added} (jobs 1), {many.added} (jobs {args.jobs})")
        print(f"catalog + raw + index overhead over newsdig's own extraction (jobs 1): "
              f"{100 * (one.seconds / ours - 1):+.1f}%")
        print(f"\nnewsdig add --jobs {args.jobs} vs trafilatura + FTS5: {base_fts / many.seconds:.2f}x "
              f"the articles/s (target {TARGET:.1f}x)")
        print(f"newsdig add --jobs 1 vs trafilatura + FTS5: {base_fts / one.seconds:.2f}x")
        if gold:
            print(f"\nextraction F1 on the {len(gold)} pages with ground truth "
                  f"(trafilatura: the baseline's text; newsdig: the text add --jobs {args.jobs} stored):")
            for line in f1_lines(gold, {"trafilatura": base_texts,
                                        "newsdig": stored_texts(catalog, files)}):
                print(line)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
