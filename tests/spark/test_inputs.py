"""Which files a Spark job reads, in which order, and how a task reads one (no Spark needed)."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from newsdig.acquire.files import iter_captures
from newsdig.errors import InputError
from newsdig.models import Rejection
from newsdig.spark.extracting import extract_file
from newsdig.spark.inputs import InputFile, iter_file, resolve_inputs
from newsdig.spark.rows import CAPTURE_DDL, field_names, locator_offset, make_seq, month_of, shard_name
from tests.spark.corpus import write_corpus


def _touch(path: Path, data: bytes = b"WARC/1.0\r\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_globs_directories_manifests_and_file_uris_in_one_sorted_list(tmp_path: Path) -> None:
    b = _touch(tmp_path / "w" / "b.warc.gz")
    a = _touch(tmp_path / "w" / "a.warc.gz")
    walked = _touch(tmp_path / "dir" / "sub" / "z.warc")
    _touch(tmp_path / "dir" / ".hidden.warc")
    _touch(tmp_path / "dir" / "pic.png")
    manifest = tmp_path / "list.txt"
    manifest.write_text(f"# crawl files\n\nw/b.warc.gz\n{a.as_uri()}\n")
    files = resolve_inputs([str(tmp_path / "w" / "*.warc.gz"), str(tmp_path / "dir")], [str(manifest)])
    names = [f.name for f in files]
    assert names == [str(tmp_path / "dir" / "pic.png"), str(walked), str(a), str(b)]
    assert [f.ordinal for f in files] == [0, 1, 2, 3]
    assert files[0].problem is not None and files[0].problem.reason == "unsupported-file"
    assert all(f.local == str(Path(f.name).resolve()) for f in files)


@pytest.mark.parametrize(("args", "message"), [
    (["nothing-*.warc.gz"], "no file matches"),
    (["missing.warc.gz"], "no such file"),
    (["file://otherhost/x.warc"], "on this machine"),
    ([], "no inputs"),
])
def test_bad_inputs_say_what_is_wrong(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                      message: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=message):
        resolve_inputs(args)


def test_remote_scheme_without_its_filesystem_names_the_package() -> None:
    pytest.importorskip("fsspec")
    with pytest.raises(InputError, match="s3fs"):
        resolve_inputs(["s3a://commoncrawl/crawl-data/CC-NEWS/2025/03/*.warc.gz"])


def test_a_task_reads_a_file_exactly_as_add_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "warcs", count=20)
    monkeypatch.chdir(tmp_path)
    relative = "warcs/crawl-01.warc.gz"  # origins keep the user's spelling, as `newsdig add`'s do
    skipped: Counter[str] = Counter()
    item = InputFile(3, relative, str(corpus.files[1]))
    got = list(iter_file(item, skipped))
    add_skipped: Counter[str] = Counter()
    expected = list(iter_captures([relative], skipped=add_skipped))
    assert [x if isinstance(x, Rejection) else x[0] for x in got] == expected
    assert skipped == add_skipped and skipped["warc-request"] > 10
    rows = list(extract_file(item))
    kinds = Counter(row[0] for row in rows)
    assert kinds["rejection"] == 1 and kinds["passed"] == 2 and kinds["article"] > 10
    seqs = [row[1] for row in rows if row[0] != "passed"]
    assert seqs == sorted(seqs) and all(s.startswith("000003:") for s in seqs)
    assert all(len(row) == len(field_names(CAPTURE_DDL)) for row in rows)


def test_seq_and_partition_names() -> None:
    assert make_seq(12, 345) == "000012:000000000000345"
    assert locator_offset("a.warc.gz", "a.warc.gz@1234", 9) == 1234
    assert locator_offset("a.warc", "a.warc#3", 9) == 3
    assert locator_offset("a.jsonl", "a.jsonl:12", 9) == 12
    assert locator_offset("page.html", "page.html", 9) == 9
    assert month_of("2025-03-31T23:30:00-02:00") == "2025-04"  # the UTC month the index filters on
    assert month_of("2025") == "undated" and month_of(None) == "undated"
    assert shard_name("2025-03", "en") == "2025-03_en"
    assert shard_name("undated", "zh_Hant/x") == "undated_zh-hant-x"


def test_a_gzip_that_is_not_a_warc_is_rejected_not_fatal(tmp_path: Path) -> None:
    path = _touch(tmp_path / "x.warc.gz", gzip.compress(b"\x00\x01 not a crawl at all" * 10))
    rows = list(extract_file(InputFile(0, str(path), str(path))))
    assert [row[0] for row in rows] == ["rejection"]
