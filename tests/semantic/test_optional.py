"""Without the `[semantic]` extra newsdig works as before: nothing heavy is imported, and the
semantic entry points say what to install instead of failing with a traceback."""

from __future__ import annotations

import subprocess
import sys

from newsdig.search.modes import fuse


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_importing_newsdig_never_imports_the_model_stack() -> None:
    proc = _run(
        "import sys\n"
        "import newsdig, newsdig.cli, newsdig.cli_semantic, newsdig.index.vectors\n"
        "import newsdig.search.semantic, newsdig.search.modes, newsdig.search.restrict_semantic\n"
        "import newsdig.enrich.embeddings, newsdig.enrich.embed_stage, newsdig.catalog.embeddings\n"
        "heavy = [m for m in ('torch', 'onnxruntime', 'usearch', 'tokenizers', 'sentence_transformers',"
        " 'transformers', 'numpy') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_missing_extra_is_explained() -> None:
    # The packages are hidden the way Python reports an absent one (a None entry in sys.modules).
    proc = _run(
        "import sys, tempfile, pathlib\n"
        "for name in ('onnxruntime', 'usearch'): sys.modules[name] = None\n"
        "from newsdig.home import Home\n"
        "from newsdig.search.semantic import semantic_available\n"
        "from newsdig.search.modes import hybrid_ids\n"
        "home = Home(pathlib.Path(tempfile.mkdtemp()))\n"
        "print(semantic_available(home))\n"
        "print(hybrid_ids(home, [('a', 2.0), ('b', 1.0)], 'q', 5))\n"
    )
    assert proc.returncode == 0, proc.stderr
    reason, fallback = proc.stdout.strip().splitlines()
    assert "onnxruntime" in reason and "usearch" in reason and "pip install 'newsdig[semantic]'" in reason
    assert fallback == "[('a', 2.0), ('b', 1.0)]"  # hybrid degrades to the keyword ranking


def test_embed_command_without_extra_says_what_to_install(tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = _run(
        "import sys\n"
        "for name in ('onnxruntime', 'usearch'): sys.modules[name] = None\n"
        f"sys.argv = ['newsdig', '--home', {str(tmp_path)!r}, 'embed']\n"
        "from newsdig.cli import main\n"
        "from newsdig.catalog.db import connect\n"
        f"connect(__import__('pathlib').Path({str(tmp_path / 'catalog.sqlite')!r})).close()\n"
        "main()\n"
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "pip install 'newsdig[semantic]'" in " ".join(proc.stderr.split())  # rich wraps long lines


def test_fuse_is_reciprocal_rank_fusion() -> None:
    keyword = [("a", 9.0), ("b", 5.0), ("c", 1.0)]
    semantic = [("c", 0.9), ("d", 0.8), ("a", 0.7)]
    fused = dict(fuse(keyword, semantic, k=60))
    assert fused["a"] == 1 / 61 + 1 / 63
    assert fused["c"] == 1 / 63 + 1 / 61
    assert fused["b"] == 1 / 62 and fused["d"] == 1 / 62
    order = [article_id for article_id, _ in fuse(keyword, semantic)]
    assert order == ["a", "c", "b", "d"]  # a ties c: keyword rank decides, then b before d likewise
    assert fuse([], []) == []
    assert fuse([("x", 1.0), ("x", 0.5)], []) == [("x", 1 / 61)]  # a repeated id counts once
