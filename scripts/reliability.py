"""Run newsdig's reliability suites and write docs/reliability.md from the figures they record.

    python scripts/reliability.py                    # the quick suites (what CI runs), then the doc
    python scripts/reliability.py --long             # also the long runs (`pytest -m slow`)
    python scripts/reliability.py --fuzz-seconds 300 # also atheris (fuzz/run.py), 300 s per target
    python scripts/reliability.py --from DIR         # only write the doc, from records already in DIR

Each attack test calls `tests.reliability.records.write_record`, which writes one JSON record into
$NEWSDIG_RELIABILITY_OUT; this script points that at a fresh directory per run (quick, long,
fuzz), then renders every record into one table per attack class. Records of long runs (and of
fuzzing) are also saved in docs/reliability-runs/, so a later quick regeneration still shows the
latest long figures; a record of this run replaces a saved one of the same name.

Older record shapes are read too: the kill harness's (tests/reliability/harness.py) and
fuzz/run.py's fuzz.json. Suites that write no records of their own still show up: this file is
also a small pytest plugin (the script hands it to pytest.main) that writes every test's outcome
and the number of inputs hypothesis generated for it, from which the hostile-input rows and the
table of suites run are made.

Exit status: pytest's (or fuzz/run.py's) when a run failed, else 1 when any record counts an
error or any test failed, else 0.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "reliability.md"
SAVED = ROOT / "docs" / "reliability-runs"
OUT_ENV = "NEWSDIG_RELIABILITY_OUT"
RUN_ENV = "NEWSDIG_RELIABILITY_RUN"  # quick | long: which run the plugin is recording
OUTCOMES = "pytest-outcomes.json"
FAILED = ("failed", "error", "xpassed")  # test outcomes that count as failures (xpassed: strict xfail)
SUITES = ("tests/reliability", "tests/hostile", "tests/serve/test_schema_fuzz.py",
          "tests/serve/test_limits.py", "tests/serve/test_security.py", "tests/index/test_check.py")
SECTIONS: dict[str, tuple[str, str]] = {  # section -> (heading, what was done)
    "crash": ("Crashes", "Processes SIGKILLed at random points (start-up and mid-run), then run again: "
                         "nothing committed is lost or doubled, and the index agrees with the catalog."),
    "disk": ("Disk", "Full disks, file size limits and damaged files under a running import: a clear "
                     "message, a catalog still whole, and `newsdig check --repair` to finish."),
    "hostile": ("Hostile input", "Bombs, broken encodings, giant and deep markup, cut WARC records, "
                                 "generated (hypothesis) and mutated (atheris) inputs: an article or a "
                                 "clear rejection within a time and memory bound, never a crash."),
    "api": ("API", "The JSON API driven with schema-generated and malformed requests: documented "
                   "answers only, never a 500 or a hang."),
    "web": ("Web", "Injection, oversized requests and header tricks against the pages and the API."),
    "load": ("Load", "The real server on loopback under many keep-alive readers while a writer adds "
                     "and rewrites articles: no failed request, no half-written article, memory that "
                     "settles."),
}


# -- the pytest plugin (handed to pytest.main by run_pytest) --------------------------------
_outcomes: dict[str, dict[str, Any]] = {}
_current: list[str] = [""]  # nodeid of the test running now (hypothesis cases are counted against it)


def pytest_configure(config: Any) -> None:
    if not os.environ.get(OUT_ENV):
        return
    try:
        from hypothesis.internal import observability
    except ImportError:  # no hypothesis here: outcomes only
        return
    if not hasattr(observability, "add_observability_callback"):  # an older hypothesis: no counts
        return
    # Counting cases must not turn on hypothesis's per-line coverage tracing: it would slow the
    # very calls the hostile tests hold to a time bound. (Its documented switch for that, an
    # environment variable, also writes every case to .hypothesis/observed/.)
    observability.OBSERVABILITY_COLLECT_COVERAGE = False

    def count(observation: Any, thread_id: int | None = None) -> None:
        if getattr(observation, "type", None) == "test_case" and _current[0]:
            entry = _outcomes.setdefault(_current[0], {})
            entry["cases"] = entry.get("cases", 0) + 1

    observability.add_observability_callback(count, all_threads=True)


def pytest_runtest_logstart(nodeid: str, location: Any) -> None:
    _current[0] = nodeid


def pytest_runtest_logreport(report: Any) -> None:
    entry = _outcomes.setdefault(report.nodeid, {})
    entry["seconds"] = round(entry.get("seconds", 0.0) + report.duration, 3)
    if hasattr(report, "wasxfail"):
        outcome = "xfailed" if report.skipped else "xpassed"
    elif report.when == "call" or report.outcome != "passed":
        outcome = report.outcome
    else:
        return
    if entry.get("outcome") not in ("failed", "error"):
        entry["outcome"] = "error" if report.when != "call" and report.outcome == "failed" else outcome


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    out = os.environ.get(OUT_ENV)
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        data = {"run": os.environ.get(RUN_ENV, "quick"), "exit": int(exitstatus), "tests": _outcomes,
                "date": _today()}
        (Path(out) / OUTCOMES).write_text(json.dumps(data, indent=1), encoding="utf-8")


# -- running the suites ---------------------------------------------------------------------------
def _today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


def present_suites() -> list[str]:
    """The suites that exist in this checkout (some are added by work in progress)."""
    return [suite for suite in SUITES if (ROOT / suite).exists()]


# pytest with this file as a plugin, imported under its own name: as `reliability` it would shadow
# the tests/reliability package for pytest's rootdir-relative imports.
_PYTEST_WITH_PLUGIN = """
import importlib.util, sys
import pytest
spec = importlib.util.spec_from_file_location("newsdig_reliability_plugin", sys.argv[1])
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)
sys.exit(pytest.main(sys.argv[2:], plugins=[plugin]))
"""


def run_pytest(run: str, out: Path, suites: list[str]) -> int:
    """pytest over the suites, records into out/; `run` long selects the slow tests only."""
    env = {**os.environ, OUT_ENV: str(out), RUN_ENV: run}
    marker = ["-m", "slow"] if run == "long" else []
    arguments = ["-q", *marker, *suites]
    print(f"== {run}: pytest {' '.join(arguments)}", file=sys.stderr, flush=True)
    command = [sys.executable, "-c", _PYTEST_WITH_PLUGIN, str(Path(__file__).resolve()), *arguments]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def run_fuzz(out: Path, seconds: float) -> int:
    """fuzz/run.py for `seconds` per target; it writes out/fuzz.json itself."""
    command = [sys.executable, str(ROOT / "fuzz" / "run.py"), "--seconds", str(seconds)]
    print(f"== fuzz: {' '.join(command[1:])}", file=sys.stderr, flush=True)
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, OUT_ENV: str(out)}, check=False,
                          stdout=subprocess.DEVNULL)
    return done.returncode


# -- reading records ------------------------------------------------------------------------------
def _json_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.rglob("*.json") if p.name != OUTCOMES)


def _kill_record(raw: dict[str, Any], name: str) -> dict[str, Any]:
    """The kill harness's KillReport (tests/reliability/harness.py) as a crash record."""
    figures = {"kills survived": raw["kills_survived"], "items": raw.get("items"),
               "runs that finished before their kill": raw.get("finished_runs"),
               "articles at the end": raw.get("final_articles"), "seconds": raw.get("seconds")}
    if "enrich" in raw:
        figures["enrichment on"] = raw["enrich"]
    return {"name": name, "section": "crash", "title": f"SIGKILL during `newsdig {raw.get('target', '?')}`",
            "attacks": ["SIGKILL at a random moment of start-up", "SIGKILL at a random article count mid-run",
                        "run again to the end; `newsdig check`; every article found by search"],
            "figures": figures, "errors": 0}


def _fuzz_records(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """fuzz/run.py's report: one hostile record per atheris target."""
    seconds = float(raw.get("seconds_per_target") or 0)
    records = []
    for target in raw.get("targets", []):
        spent = float(target.get("seconds") or 0)
        records.append({
            "name": f"fuzz-{target['target']}", "section": "hostile",
            "title": f"{raw.get('tool', 'atheris')}: the {target['target']} target, coverage-guided",
            "attacks": [f"libFuzzer mutations of {target.get('seeds', 0)} hostile seeds for {spent:.0f} s "
                        f"(timeout {raw.get('timeout_seconds')} s per input, {raw.get('rss_limit_mb')} MB)"],
            "figures": {"inputs fuzzed": target.get("executions", 0),
                        "exec/s": round(target.get("executions", 0) / spent) if spent else 0,
                        "coverage (edges)": target.get("coverage", 0), "corpus": target.get("corpus", 0),
                        "peak RSS MB": target.get("peak_rss_mb", 0),
                        "findings": [f.get("summary", "") for f in target.get("findings", [])] or 0},
            "errors": len(target.get("findings", [])), "long": seconds >= 60})
    return records


def read_records(path: Path, run: str | None, date: str | None) -> list[dict[str, Any]]:
    """The record(s) in one JSON file, in the contract's shape, with `long` and `date` set."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as problem:
        print(f"skipping {path}: {problem}", file=sys.stderr)
        return []
    if isinstance(raw, dict) and "section" in raw and "title" in raw:
        records = [raw]
    elif isinstance(raw, dict) and "kills_survived" in raw:
        records = [_kill_record(raw, path.stem)]
    elif isinstance(raw, dict) and "targets" in raw:
        records = _fuzz_records(raw)
    else:
        print(f"skipping {path}: not a reliability record", file=sys.stderr)
        return []
    stamp = date or datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%d")
    run = run or (path.parent.name if path.parent.name in ("quick", "long") else None)
    for record in records:
        record.setdefault("long", run == "long")
        record.setdefault("date", stamp)
        record.setdefault("errors", 0)
    return records


def _module_summary(path: Path) -> str:
    try:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    except (OSError, SyntaxError):
        return path.stem
    first = " ".join(doc.split("\n\n")[0].split())
    return first.split(". ")[0].rstrip(".:") or path.stem


def _seed_counts() -> dict[str, int]:
    try:
        sys.path.insert(0, str(ROOT))
        from tests.hostile.corpus import QUERY_SEEDS, html_seeds, text_seeds, warc_seeds
    except ImportError:
        return {}
    return {"html seeds": len(html_seeds()), "text seeds": len(text_seeds()), "WARC seeds": len(warc_seeds()),
            "query seeds": len(QUERY_SEEDS)}


def hostile_records(outcomes: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per tests/hostile file, from the plugin's outcomes (for files that write none)."""
    by_file: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for nodeid, entry in outcomes["tests"].items():
        path = nodeid.split("::")[0]
        if path.startswith("tests/hostile/") and "outcome" in entry:
            by_file[path].append((nodeid, entry))
    run = outcomes.get("run", "quick")
    seeds = _seed_counts() if by_file else {}
    records = []
    for path, tests in sorted(by_file.items()):
        count = defaultdict(int)
        for _, entry in tests:
            count[entry["outcome"]] += 1
        names = list(dict.fromkeys(n.split("::")[-1].split("[")[0].removeprefix("test_").replace("_", " ")
                                   for n, _ in tests))
        figures: dict[str, Any] = {"tests passed": count["passed"]}
        cases = sum(entry.get("cases", 0) for _, entry in tests)
        if cases:
            figures["inputs generated (hypothesis)"] = cases
        if path.endswith("test_properties.py"):
            figures.update(seeds)
        if count["xfailed"]:
            figures["known open findings (xfail)"] = count["xfailed"]
        if count["skipped"]:
            figures["skipped"] = count["skipped"]
        records.append({
            "name": f"hostile-{Path(path).stem}-{run}", "section": "hostile",
            "title": f"{_module_summary(ROOT / path)} (`{path}`)",
            "attacks": names[:12] + ([f"... and {len(names) - 12} more"] if len(names) > 12 else []),
            "figures": figures, "errors": count["failed"] + count["error"] + count["xpassed"],
            "long": run == "long", "date": outcomes.get("date") or _today(), "derived": "pytest outcomes"})
    return records


Folders = list[tuple[Path, str | None, str | None]]  # (folder, run, date): run and date None = unknown


def collect(folders: Folders) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Records from (folder, run, date) triples, later folders replacing earlier ones by name; and the
    pytest outcome files found. Hostile rows are made from outcomes unless tests wrote their own."""
    records: dict[str, dict[str, Any]] = {}
    outcomes: list[dict[str, Any]] = []
    for folder, run, date in folders:
        for path in _json_files(folder):
            for record in read_records(path, run, date):
                records[record["name"]] = {**record, "_from": str(folder)}
        for path in sorted(folder.rglob(OUTCOMES)) if folder.is_dir() else []:
            outcomes.append({**json.loads(path.read_text(encoding="utf-8")), "_from": str(folder)})
    own_hostile = any(r["section"] == "hostile" and not r["name"].startswith("fuzz-") and not r.get("derived")
                      for r in records.values())
    if not own_hostile:
        for result in outcomes:
            for record in hostile_records(result):
                records[record["name"]] = {**record, "_from": result["_from"]}
    return sorted(records.values(), key=lambda r: (r["long"], r["name"])), outcomes


# -- rendering ------------------------------------------------------------------------------------
def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, list | tuple):
        return "; ".join(_value(v) for v in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{k} {_value(v)}" for k, v in value.items())
    return _short(" ".join(str(value).split()))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _figures(figures: dict[str, Any]) -> str:
    """One line per figure; nested details (a harness's per-kill list, a check report) are cut
    short: the record file keeps them whole."""
    return "<br>".join(_cell(_short(f"{key}: {_value(value)}")) for key, value in figures.items())


def _suite_rows(outcomes: list[dict[str, Any]]) -> list[str]:
    rows = []
    for result in outcomes:
        per_suite: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for nodeid, entry in result["tests"].items():
            path = nodeid.split("::")[0]
            suite = next((s for s in SUITES if path == s or path.startswith(s + "/")), path)
            if "outcome" in entry:
                per_suite[suite][entry["outcome"]] += 1
            per_suite[suite]["seconds"] += entry.get("seconds", 0.0)
        for suite, c in sorted(per_suite.items()):
            failed = int(c["failed"] + c["error"] + c["xpassed"])
            skipped = int(c["skipped"] + c["xfailed"])
            rows.append(f"| `{suite}` | {result['run']} | {int(c['passed']):,} | {failed} | {skipped} | "
                        f"{c['seconds']:,.0f} | {result.get('date', '')} |")
    return rows


def _total(records: list[dict[str, Any]], section: str | None, *keys: str) -> int:
    total = 0
    for record in records:
        if section is None or record["section"] == section:
            for key in keys:
                value = record["figures"].get(key)
                total += value if isinstance(value, int) and not isinstance(value, bool) else 0
    return total


def failed_tests(outcomes: list[dict[str, Any]]) -> list[str]:
    return sorted(f"{nodeid} ({o['run']}, {e['outcome']})" for o in outcomes
                  for nodeid, e in o["tests"].items() if e.get("outcome") in FAILED)


def render(records: list[dict[str, Any]], outcomes: list[dict[str, Any]]) -> str:
    errors = sum(int(r.get("errors") or 0) for r in records)
    failures = failed_tests(outcomes)
    failed = len(failures)
    long_runs = sum(1 for r in records if r["long"])
    lines = [
        "# Reliability: what newsdig was attacked with, and what it survived",
        "",
        "Generated by `python scripts/reliability.py` from the figures the attack tests record "
        "(`tests/reliability/records.py`); do not edit by hand. *quick* rows are the runs CI makes on "
        "every change; *long* rows come from `--long` runs (`pytest -m slow`) and from fuzzing, kept in "
        "`docs/reliability-runs/` so that a quick regeneration still shows the latest long figures. "
        "Each row says when it ran; *(saved)* marks a row read from `docs/reliability-runs/` rather "
        "than from the run that wrote this file.",
        "",
        f"**Errors: {errors}** over {len(records)} attack runs ({len(records) - long_runs} quick, "
        f"{long_runs} long); **failed tests in the suites run: {failed}**"
        f"{' (listed under Suites run)' if failed else ''}. "
        f"Kills survived: {_total(records, 'crash', 'kills survived'):,}. "
        f"Inputs fuzzed or generated: "
        f"{_total(records, 'hostile', 'inputs fuzzed', 'inputs generated (hypothesis)'):,}. "
        f"Requests served under load: {_total(records, 'load', 'requests'):,}.",
    ]
    for section, (heading, blurb) in SECTIONS.items():
        rows = [r for r in records if r["section"] == section]
        lines += ["", f"## {heading}", "", blurb, ""]
        if not rows:
            lines.append("No record yet.")
            continue
        lines += ["| Attack | Tried | Figures | Errors | Run | Date |", "|---|---|---|---:|---|---|"]
        for r in rows:
            tried = "<br>".join(_cell(_value(a)) for a in r.get("attacks", []))
            kind = ("long" if r["long"] else "quick") + (" (saved)" if r.get("_from") == str(SAVED) else "")
            lines.append(f"| {_cell(r['title'])} | {tried} | {_figures(r.get('figures', {}))} | "
                         f"{int(r.get('errors') or 0)} | {kind} | {r.get('date', '')} |")
        lines.append("")
        lines.append(f"Errors in this section: {sum(int(r.get('errors') or 0) for r in rows)}.")
    if outcomes:
        lines += ["", "## Suites run", "",
                  "| Suite | Run | Passed | Failed | Skipped or xfail | Seconds | Date |",
                  "|---|---|---:|---:|---:|---:|---|", *_suite_rows(outcomes)]
        if failures:
            lines += ["", "Failed:", *(f"- `{_cell(f)}`" for f in failures)]
    lines += [
        "", "## Regenerate", "",
        "```",
        "python scripts/reliability.py                     # the quick suites (as CI), then this file",
        "python scripts/reliability.py --long              # also the long runs: pytest -m slow",
        "python scripts/reliability.py --fuzz-seconds 300  # also atheris, 300 s per target",
        "python scripts/reliability.py --from DIR          # this file from records already in DIR",
        "```",
        "",
        "The quick versions run in CI with the rest of the tests (`pytest`); the long ones are marked "
        "`slow`: `pytest -m slow " + " ".join(SUITES) + "` runs them without writing this file.",
        "",
    ]
    return "\n".join(lines)


def save_long(records: list[dict[str, Any]]) -> None:
    """Keep the long runs' records (and fuzzing's) beside the doc for later quick regenerations."""
    SAVED.mkdir(parents=True, exist_ok=True)
    for record in records:
        kept = {key: value for key, value in record.items() if not key.startswith("_")}
        (SAVED / f"{record['name']}.json").write_text(json.dumps(kept, indent=2, default=str) + "\n",
                                                      encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--long", action="store_true", help="also run the long tests (pytest -m slow)")
    parser.add_argument("--fuzz-seconds", type=float, default=0, metavar="N",
                        help="also run fuzz/run.py for N seconds per target")
    parser.add_argument("--from", dest="source", type=Path, metavar="DIR",
                        help="run nothing: write the doc from the records in DIR and docs/reliability-runs/")
    parser.add_argument("--records", type=Path, metavar="DIR",
                        help="keep this run's records in DIR (default: a temporary directory)")
    parser.add_argument("--out", type=Path, default=DOC,
                        help="the document to write (default docs/reliability.md)")
    parser.add_argument("--suites", nargs="+", metavar="PATH",
                        help="run these test paths instead of the reliability suites")
    parser.add_argument("--no-save", action="store_true",
                        help="do not copy long records to docs/reliability-runs/")
    args = parser.parse_args(argv)

    status = 0
    folders: Folders = [(SAVED, "long", None)]
    temporary = None
    if args.source is not None:
        folders.append((args.source, None, None))
    else:
        work = args.records or Path(temporary := tempfile.mkdtemp(prefix="newsdig-reliability-"))
        suites = args.suites or present_suites()
        started = time.monotonic()
        runs = ["quick", "long"] if args.long else ["quick"]
        for run in runs:
            status = run_pytest(run, work / run, suites) or status
            folders.append((work / run, run, _today()))
        if args.fuzz_seconds:
            status = run_fuzz(work / "fuzz", args.fuzz_seconds) or status
            folders.append((work / "fuzz", "long" if args.fuzz_seconds >= 60 else "quick", _today()))
        print(f"== runs done in {time.monotonic() - started:,.0f} s", file=sys.stderr)
    records, outcomes = collect(folders)
    if args.source is None and not args.no_save:
        fresh = {str(f) for f, _, _ in folders[1:]}
        save_long([r for r in records if r["long"] and r["_from"] in fresh])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(records, outcomes), encoding="utf-8")
    errors = sum(int(r.get("errors") or 0) for r in records)
    print(f"wrote {args.out} ({len(records)} records, errors {errors})", file=sys.stderr)
    if temporary:
        shutil.rmtree(temporary, ignore_errors=True)
    return status or (1 if errors or failed_tests(outcomes) else 0)


if __name__ == "__main__":
    sys.exit(main())
