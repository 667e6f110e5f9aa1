"""Kill harness: start a newsdig command, SIGKILL it at a random point, start it again, repeat,
then let it finish, and check that nothing committed was lost and nothing is doubled.

Points are drawn two ways, alternately, from a seeded RNG so a failure can be replayed:
- by time: a moment of start-up (`startup_seconds`: opening the home, catching the index up,
  re-reading what the last run already stored, often before any new commit);
- by progress: the moment the catalog passes a random article count, drawn around an even share
  of what is left (mid-import, where a catalog batch has committed and the index commit may not
  have), so that every kill still finds work in front of it.

`NEWSDIG_RELIABILITY_OUT=DIR` makes each harness write its figures as JSON into DIR through
`tests.reliability.records.write_record` (scripts/reliability.py collects them into
docs/reliability.md).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.reliability.records import write_record


@dataclass
class Kill:
    strategy: str  # "time" or "progress"
    after_seconds: float  # since the process started
    committed: int  # articles in the catalog right after the kill


@dataclass
class KillReport:
    target: str
    items: int
    kills: list[Kill] = field(default_factory=list)
    finished_runs: int = 0  # runs that ended on their own before the kill landed
    final_articles: int = 0
    seconds: float = 0.0

    def write(self, name: str, title: str, attacks: list[str], extra: dict[str, object],
              long: bool = False) -> Path | None:
        """The figures as a `records.write_record` record (section "crash"), each kill listed too."""
        figures: dict[str, object] = {
            "kills survived": len(self.kills), "pages": self.items,
            "articles committed at kills": [kill.committed for kill in self.kills],
            "distinct kill points": len({kill.committed for kill in self.kills}),
            "runs that finished before their kill": self.finished_runs,
            "final articles": self.final_articles, "seconds": self.seconds, **extra,
            "kills": [asdict(kill) for kill in self.kills],
        }
        return write_record(name, "crash", title, attacks, figures, long=long)


def catalog_ids(home: Path) -> set[str]:
    """Committed article ids, read-only (works while a writer runs, and after a kill)."""
    path = home / "catalog.sqlite"
    if not path.exists():
        return set()
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            return {row[0] for row in conn.execute("SELECT id FROM articles")}
        finally:
            conn.close()
    except sqlite3.OperationalError:  # the catalog is being created
        return set()


def _count(home: Path) -> int:
    return len(catalog_ids(home))


def kill_loop(
    start: Callable[[], subprocess.Popen[bytes]], home: Path, target: str, items: int, kills: int,
    seed: int, startup_seconds: float,
) -> KillReport:
    """SIGKILL `kills` runs of `start()` at random points; every committed id must survive each.

    A run that finishes before its point is counted (`finished_runs`) and the loop goes on; the
    caller's final run must then find nothing left to do.
    """
    rng = random.Random(seed)
    report = KillReport(target=target, items=items)
    began = time.monotonic()
    survivors: set[str] = set()
    attempts = 0
    while len(report.kills) < kills and attempts < kills * 3:
        attempts += 1
        before = catalog_ids(home)
        assert survivors <= before, f"committed articles lost after a kill: {sorted(survivors - before)[:5]}"
        if len(before) >= items:
            break  # everything is in: later kills could only land in the final phase
        strategy = "time" if len(report.kills) % 2 == 0 else "progress"
        proc = start()
        started = time.monotonic()
        if strategy == "time":
            deadline = started + rng.uniform(0.05, startup_seconds)
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.01)
        else:
            # Progress kills alternate with time kills: about half of those left. An advance drawn
            # up to twice an even share averages that share, so the kills spread over the whole
            # run instead of bunching in its first half (the last one still leaves work behind).
            progress_left = (kills - len(report.kills) + 1) // 2
            share = max(1, 2 * (items - len(before)) // (progress_left + 1))
            goal = len(before) + rng.randint(1, min(share, items - len(before) - 1) or 1)
            deadline = started + 600
            while _count(home) < goal and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
        if proc.poll() is not None:  # finished (or failed) before the point
            assert proc.returncode == 0, f"{target} failed on its own: {stderr_tail(home)}"
            report.finished_runs += 1
            survivors = catalog_ids(home)
            continue
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        survivors = catalog_ids(home)
        report.kills.append(Kill(strategy, round(time.monotonic() - started, 3), len(survivors)))
    report.seconds = round(time.monotonic() - began, 1)
    return report


def newsdig(home: Path, *args: str, **env: str) -> subprocess.Popen[bytes]:
    """`newsdig ARGS` on `home` as a subprocess (stdout dropped). stderr goes to a file beside the
    home, never a pipe: nobody reads a pipe while the harness waits for a kill point, and a
    full pipe would stall the command (and the harness with it). `stderr_tail` reads it."""
    environ = {**os.environ, "NEWSDIG_HOME": str(home), **env}
    home.parent.mkdir(parents=True, exist_ok=True)
    with open(home.parent / "stderr.log", "ab") as log:
        return subprocess.Popen([sys.executable, "-m", "newsdig", *args], env=environ,
                                stdout=subprocess.DEVNULL, stderr=log)


def stderr_tail(home: Path, chars: int = 2000) -> str:
    path = home.parent / "stderr.log"
    return path.read_text(errors="replace")[-chars:] if path.exists() else ""


def enriched_ids(home: Path) -> set[str]:
    """Articles the enrich stage has finished (ok, or partial: no language model for them)."""
    path = home / "catalog.sqlite"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return {row[0] for row in conn.execute(
            "SELECT article_id FROM enrichment WHERE status IN ('ok', 'partial')")}
    except sqlite3.OperationalError:  # no enrichment table yet
        return set()
    finally:
        conn.close()


def kill_enrich(home: Path, args: tuple[str, ...], kills: int, seed: int, most_seconds: float,
                **env: str) -> list[Kill]:
    """SIGKILL `newsdig ARGS` (an enrich) `kills` times at random moments (loading the language
    model, mid-batch); what was enriched before a kill must stay enriched. Stops early when a
    run finishes on its own (nothing left to enrich)."""
    rng = random.Random(seed)
    done: list[Kill] = []
    survivors = enriched_ids(home)
    for _ in range(kills):
        proc = newsdig(home, *args, **env)
        started = time.monotonic()
        deadline = started + rng.uniform(0.5, most_seconds)
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        if proc.poll() is not None:
            assert proc.returncode == 0, f"enrich failed on its own: {stderr_tail(home)}"
            break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = enriched_ids(home)
        assert survivors <= after, f"enrichment lost after a kill: {sorted(survivors - after)[:5]}"
        survivors = after
        done.append(Kill("time", round(time.monotonic() - started, 3), len(after)))
    return done
