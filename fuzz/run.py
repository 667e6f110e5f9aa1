"""Run the atheris targets, each for a time budget, on a seed corpus built from the hostile seeds
(tests/hostile/corpus.py), and report executions, coverage and findings per target as a table
and as JSON (the figures docs/reliability.md cites).

    python fuzz/run.py                                   # all four targets, 30 s each
    python fuzz/run.py --seconds 300 html warc --json fuzz.json

Needs atheris (`pip install -e '.[fuzz]'`). A target that hits a finding (an uncaught exception
or a broken invariant, an input slower than --timeout seconds, memory over --rss-limit-mb)
leaves the input in WORKDIR/<target>/findings/ and is restarted on its grown corpus for the rest
of its budget, so one finding does not end the run; findings are grouped by what broke. Exit
status 1 when there is any finding. With NEWSDIG_RELIABILITY_OUT=DIR the JSON is also written to
DIR/fuzz.json, beside the other reliability figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile.corpus import (  # noqa: E402 - after the path is set
    QUERY_SEEDS,
    SAMPLE_FEEDS,
    html_seeds,
    one_page_per_site,
    text_seeds,
    warc_seeds,
)

TARGETS = ("query", "chrome", "html", "warc")
MAX_LEN = {"query": 4096, "chrome": 65_536, "html": 131_072, "warc": 131_072}
_STATUS = re.compile(r"^#(\d+)\s+(?:INITED|NEW|REDUCE|pulse|DONE|RELOAD)\s+cov: (\d+) ft: (\d+)")
_STAT = re.compile(r"^stat::(\w+):\s+(\d+)")
_WRITTEN = re.compile(r"Test unit written to (\S+)")


@dataclass
class Finding:
    kind: str  # "exception", "timeout", "out-of-memory", "crash"
    summary: str  # the first such exception (or the libFuzzer verdict)
    where: str = ""  # the innermost frame it came from; findings are grouped by kind, type and frame
    inputs: list[str] = field(default_factory=list)

    def same_as(self, other: Finding) -> bool:
        kind = self.summary.split(":", 1)[0]
        return (self.kind, kind, self.where) == (other.kind, other.summary.split(":", 1)[0], other.where)


@dataclass
class Report:
    target: str
    seconds: float = 0.0
    executions: int = 0
    coverage: int = 0  # edges (libFuzzer "cov")
    features: int = 0  # libFuzzer "ft"
    corpus: int = 0  # inputs in the corpus at the end
    seeds: int = 0
    runs: int = 0  # processes started (1 + restarts after findings)
    peak_rss_mb: int = 0
    findings: list[Finding] = field(default_factory=list)


def seeds(target: str) -> dict[str, bytes]:
    """The seed corpus for a target, from the same hostile seeds the tests use."""
    if target == "query":
        return {f"q{i}": q.encode("utf-8", "surrogatepass") for i, q in enumerate(QUERY_SEEDS)}
    if target == "chrome":
        return text_seeds()
    if target == "html":
        pages = {f"page-{p.parent.name}": p.read_bytes() for p in one_page_per_site()}
        return {**html_seeds(), **pages}
    feed = SAMPLE_FEEDS[0].read_bytes().split(b"\n")
    return {**warc_seeds(), "jsonl": b"\n".join(feed[:2]) + b"\n",
            "html-file": one_page_per_site()[0].read_bytes(), "text-file": text_seeds()["seed-dump"]}


def _finding(log: str) -> Finding | None:
    """What a libFuzzer run that stopped early found, from its log."""
    inputs = _WRITTEN.findall(log)
    if "ERROR: libFuzzer: timeout" in log:
        match = re.search(r"timeout after (\d+) seconds", log)
        return Finding("timeout", f"an input ran over {match[1] if match else '?'} s", inputs=inputs)
    if "ERROR: libFuzzer: out-of-memory" in log or "malloc limit" in log:
        match = re.search(r"out-of-memory \(([^)]*)\)", log)
        return Finding("out-of-memory", match[1] if match else "over the malloc limit", inputs=inputs)
    if "Uncaught Python exception" in log:
        # atheris prints the exception line ("ValueError: ...") right under its banner, then the trace
        lines = [line.strip() for line in log.split("Uncaught Python exception", 1)[1].splitlines()[1:]]
        error = next((line for line in lines if line), "unknown exception")
        frames = [line for line in lines if line.startswith('File "')]
        return Finding("exception", error[:200], frames[-1] if frames else "", inputs)
    if inputs:
        return Finding("crash", "the target process died (deadly signal)", inputs=inputs)
    return None


def fuzz(target: str, seconds: float, work: Path, *, timeout: int, rss_limit_mb: int, max_restarts: int
         ) -> Report:
    report = Report(target)
    corpus, findings_dir, home = work / target / "corpus", work / target / "findings", work / target / "home"
    corpus.mkdir(parents=True, exist_ok=True)
    findings_dir.mkdir(parents=True, exist_ok=True)
    seed_corpus = seeds(target)
    for name, data in seed_corpus.items():
        (corpus / f"seed-{name}").write_bytes(data[: MAX_LEN[target]])
    report.seeds = len(seed_corpus)
    env = {**os.environ, "NEWSDIG_FUZZ_HOME": str(home), "NEWSDIG_ENRICH": "0"}
    started = time.monotonic()
    while report.runs <= max_restarts:
        left = seconds - (time.monotonic() - started)
        if left < 2:
            break
        report.runs += 1
        command = [sys.executable, str(ROOT / "fuzz" / f"{target}.py"), str(corpus),
                   f"-max_total_time={int(left)}", f"-timeout={timeout}", f"-rss_limit_mb={rss_limit_mb}",
                   f"-max_len={MAX_LEN[target]}", f"-artifact_prefix={findings_dir}/", "-print_final_stats=1"]
        # atheris prints an uncaught exception to stdout, libFuzzer its figures to stderr: keep both
        try:
            proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  errors="replace", env=env, timeout=left + 120, check=False)
        except subprocess.TimeoutExpired:  # libFuzzer's own -timeout should have fired long before
            report.findings.append(Finding("timeout", f"the target ran {left + 120:.0f} s past its budget"))
            break
        log = proc.stdout
        (work / target / f"run-{report.runs}.log").write_text(log)
        executions = 0
        for line in log.splitlines():
            if status := _STATUS.match(line):
                executions = int(status[1])
                report.coverage = max(report.coverage, int(status[2]))
                report.features = max(report.features, int(status[3]))
            elif (stat := _STAT.match(line)) and stat[1] == "peak_rss_mb":
                report.peak_rss_mb = max(report.peak_rss_mb, int(stat[2]))
            elif stat and stat[1] == "number_of_executed_units":
                executions = int(stat[2])
        report.executions += executions
        if proc.returncode == 0:
            break
        found = _finding(log) or Finding("crash", f"exit status {proc.returncode}: {log[-300:]}")
        same = next((f for f in report.findings if f.same_as(found)), None)
        if same is None:
            report.findings.append(found)
        else:
            same.inputs += found.inputs
    report.seconds = round(time.monotonic() - started, 1)
    report.corpus = sum(1 for _ in corpus.iterdir())
    return report


def table(reports: list[Report]) -> str:
    head = f"{'target':<8} {'seconds':>8} {'executions':>11} {'exec/s':>7} {'coverage':>9} {'features':>9} " \
           f"{'corpus':>7} {'findings':>9}"
    rows = [head, "-" * len(head)]
    for r in reports:
        rate = r.executions / r.seconds if r.seconds else 0.0
        rows.append(f"{r.target:<8} {r.seconds:>8.0f} {r.executions:>11,} {rate:>7.0f} {r.coverage:>9,} "
                    f"{r.features:>9,} {r.corpus:>7,} {len(r.findings):>9}")
    for r in reports:
        for f in r.findings:
            where = f" at {f.where}" if f.where else ""
            rows.append(f"  {r.target}: {f.kind}: {f.summary[:160]}{where} ({len(f.inputs)} inputs, "
                        f"first {f.inputs[0] if f.inputs else '-'})")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help=f"any of {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--seconds", type=float, default=30.0, help="budget per target (default 30)")
    parser.add_argument("--timeout", type=int, default=10, help="seconds one input may take (default 10)")
    parser.add_argument("--rss-limit-mb", type=int, default=2048, help="memory limit per target process")
    parser.add_argument("--max-restarts", type=int, default=20, help="restarts after findings, per target")
    parser.add_argument("--workdir", type=Path, help="corpora, logs and findings (default: a temporary "
                        "directory, removed at the end unless there are findings)")
    parser.add_argument("--json", type=Path, help="also write the report as JSON to this file")
    args = parser.parse_args(argv)
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("atheris is not installed: pip install -e '.[fuzz]'", file=sys.stderr)
        return 2
    work = args.workdir or Path(tempfile.mkdtemp(prefix="newsdig-fuzz-"))
    reports = []
    for target in args.targets or TARGETS:
        print(f"fuzzing {target} for {args.seconds:.0f} s ...", file=sys.stderr, flush=True)
        reports.append(fuzz(target, args.seconds, work, timeout=args.timeout, rss_limit_mb=args.rss_limit_mb,
                            max_restarts=args.max_restarts))
    found = any(r.findings for r in reports)
    document = {"tool": f"atheris {_atheris_version()}", "seconds_per_target": args.seconds,
                "timeout_seconds": args.timeout, "rss_limit_mb": args.rss_limit_mb,
                "workdir": str(work) if found or args.workdir else None,
                "targets": [asdict(r) for r in reports]}
    print(table(reports))
    print(json.dumps(document, indent=2))
    outputs = [args.json] if args.json else []
    if os.environ.get("NEWSDIG_RELIABILITY_OUT"):
        outputs.append(Path(os.environ["NEWSDIG_RELIABILITY_OUT"]) / "fuzz.json")
    for path in outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, indent=2) + "\n")
    if not found and args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if found else 0


def _atheris_version() -> str:
    from importlib.metadata import version

    return version("atheris")


if __name__ == "__main__":
    sys.exit(main())
