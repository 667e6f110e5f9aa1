"""`newsdig spark ingest|status` as a user runs them: messages, exit codes, JSON, refusals."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.spark.conftest import Built
from tests.support import CliResult, run_cli


def run_module(*args: str, env: dict[str, str] | None = None) -> CliResult:
    """`python -m newsdig.spark ARGS` (what spark-submit runs as a file)."""
    proc = subprocess.run([sys.executable, "-m", "newsdig.spark", *args], capture_output=True,
                          env={**os.environ, "COLUMNS": "200", **(env or {})}, timeout=300)
    return CliResult(proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.mark.spark
def test_status_reports_articles_rejections_shards_and_size(built: Built, tmp_path: Path) -> None:
    result = run_cli(tmp_path, "spark", "status", str(built.dataset))
    text = result.stdout
    assert f"{built.summary['articles']:,} articles" in text
    assert "malformed-warc: 1" in text and "not-html: 1" in text and "http-404: 1" in text
    assert "2025-03..2025-04_en:" in text and "2025-03..2025-04_de:" in text and "undated_en:" in text
    assert "docs in 2 months, 2025-03-" in text
    assert "size on disk:" in text
    data = run_cli(tmp_path, "spark", "status", str(built.dataset), "--json").json()
    assert data["articles"] == built.summary["articles"]
    assert data["rejections"] == built.summary["rejections"]
    assert sum(s["docs"] for s in data["shards"]) == data["articles"]
    assert {s["name"] for s in data["shards"]} >= {"2025-03..2025-04_en", "2025-03..2025-04_de", "undated_en"}
    assert data["size_bytes"]["total"] >= data["size_bytes"]["index"] > 0
    english = next(s for s in data["shards"] if s["name"] == "2025-03..2025-04_en")
    assert english["months"] == ["2025-03", "2025-04"]
    assert english["min_published"][:7] == "2025-03" and english["max_published"][:7] == "2025-04"
    assert run_module("status", str(built.dataset), "--json").stdout == run_cli(
        tmp_path, "spark", "status", str(built.dataset), "--json").stdout


@pytest.mark.spark
def test_rerun_into_a_dataset_is_refused_without_overwrite(built: Built, tmp_path: Path) -> None:
    before = (built.dataset / "_newsdig_dataset.json").read_text()
    result = run_cli(tmp_path, "spark", "ingest", *map(str, built.corpus.files), "--out", str(built.dataset),
                     check=False)
    assert result.code == 1
    assert "is not empty" in result.stderr and "--overwrite" in result.stderr
    assert (built.dataset / "_newsdig_dataset.json").read_text() == before


def test_overwrite_only_replaces_a_dataset(tmp_path: Path) -> None:
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    warc = tmp_path / "x.warc.gz"
    warc.write_bytes(b"")
    result = run_cli(tmp_path, "spark", "ingest", str(warc), "--out", str(other), "--overwrite", check=False)
    assert result.code == 1 and "holds no newsdig dataset" in result.stderr
    assert (other / "keep.txt").read_text() == "mine"


def test_status_of_a_missing_or_unfinished_dataset(tmp_path: Path) -> None:
    missing = run_cli(tmp_path, "spark", "status", str(tmp_path / "nowhere"), check=False)
    assert missing.code == 1 and "no dataset at" in missing.stderr
    unfinished = tmp_path / "half"
    (unfinished / "_work").mkdir(parents=True)
    result = run_cli(tmp_path, "spark", "status", str(unfinished), check=False)
    assert result.code == 1 and "unfinished" in result.stderr and "--overwrite" in result.stderr
    plain = tmp_path / "plain"
    plain.mkdir()
    result = run_module("status", str(plain))
    assert result.code == 1 and "not a newsdig dataset" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_pyspark_names_the_extra(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    (blocker / "pyspark").mkdir(parents=True)
    (blocker / "pyspark" / "__init__.py").write_text("raise ImportError('No module named pyspark')\n")
    env = {"PYTHONPATH": os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")])}
    warc = tmp_path / "x.warc.gz"
    warc.write_bytes(b"")
    result = run_module("ingest", str(warc), "--out", str(tmp_path / "ds"), env=env)
    assert result.code == 1, result.stderr
    assert "pip install 'newsdig[spark]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "ds").exists()


def test_missing_java_names_java_17(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"  # a PATH without java (the test runs python by its full path)
    bin_dir.mkdir()
    env = {"PATH": str(bin_dir), "JAVA_HOME": ""}
    warc = tmp_path / "x.warc.gz"
    warc.write_bytes(b"")
    result = run_module("ingest", str(warc), "--out", str(tmp_path / "ds"), env=env)
    assert result.code == 1, result.stderr
    assert "Java 17" in result.stderr
    assert "Traceback" not in result.stderr


def test_ingest_needs_out_and_inputs(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "spark", "ingest", str(tmp_path), check=False)
    assert result.code == 1 and "--out" in result.stderr
    result = run_cli(tmp_path, "spark", "ingest", "--out", str(tmp_path / "ds"), check=False)
    assert result.code == 1 and "no inputs" in result.stderr
    result = run_cli(tmp_path, "spark", "ingest", str(tmp_path / "nope-*.warc.gz"), "--out",
                     str(tmp_path / "ds"), check=False)
    assert result.code == 1 and "no file matches" in result.stderr


def test_shard_docs_must_be_positive(tmp_path: Path) -> None:
    warc = tmp_path / "x.warc.gz"
    warc.write_bytes(b"")
    result = run_cli(tmp_path, "spark", "ingest", str(warc), "--out", str(tmp_path / "ds"), "--shard-docs",
                     "0", check=False)
    assert result.code == 2 and "--shard-docs" in result.stderr
    assert not (tmp_path / "ds").exists()
    from newsdig.spark.indexing import DEFAULT_SHARD_DOCS

    help_text = " ".join(run_cli(tmp_path, "spark", "ingest", "--help").stdout.split())
    assert f"(default: {DEFAULT_SHARD_DOCS:,})" in help_text  # the help states the real default
