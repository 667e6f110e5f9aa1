"""Semantic search: embedding rate, ANN libraries, query latency beside the keyword engine, scale.

    python bench/semantic.py [--parts backends,embed,ann,query,scale] [--home DIR] [--pages DIR] [--limit N]
                             [--extra-vectors FILE.npy ...] [--scale-articles 100000]

Parts (all by default), on one home built from real pages (../shared/data/extraction-dev/*/html,
read in place, plus the bundled demo sample; imported once, then reused from --home):
  backends  ONNX Runtime against torch (sentence-transformers) on the same chunks: chunks/s,
          cosine between their vectors, cold start (imports + load + one query) and memory.
  embed   articles/s and chunks/s of the encoder alone (chunking + ONNX model) with 1 process
          (ONNX Runtime on every core), 2 processes (1 thread each) and 1 process on 1 thread, on
          the same articles; then `embed_home` on the whole home (catalog writes and index sync
          included), unless it is already embedded.
  ann     usearch (f16 and f32), hnswlib and faiss-cpu HNSW beside exact numpy search on every
          chunk vector of the home (+ --extra-vectors), each library in a fresh process: build
          time, p50/p99 latency of one query on one thread, recall@10 against exact search on 300
          held-out real vectors, memory added by the index. Same HNSW parameters for all
          (M=16, efConstruction=128, ef=64).
  query   p50/p99 ms of keyword, semantic and hybrid search (top 10, search_mode) on the home, the
          judged demo queries (tests/fixtures/relevance/) as the query mix, warm, one thread.
  scale   usearch at the chunk count of --scale-articles articles: vectors are the home's real
          vectors with small noise (the same distribution; random vectors would make HNSW look
          worse than it is), build time, latency, memory; then a projection to 100k and 1M
          articles of embedding time, disk and RAM from the measured rates.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/semantic.py` puts bench/, not the repo, on the path
    sys.path.insert(0, str(ROOT))

from newsdig.home import Home  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-dev"
SAMPLE = ROOT / "src" / "newsdig" / "sample"
QUERIES = ROOT / "tests" / "fixtures" / "relevance" / "sample-queries.tsv"
DEFAULT_HOME = Path("~/.cache/newsdig-bench/semantic-home").expanduser()
READY_META = "bench_semantic_pages"
RATE_ARTICLES = 120
HELD_OUT = 300
K = 10
ANN_M = 16
ANN_EF_ADD = 128
ANN_EF_SEARCH = 64


# -- the home ------------------------------------------------------------------------------------
def build_home(home: Home, pages_dir: Path | None, limit: int) -> int:
    """Import the pages (decompressed into a temp dir, like a user's files) and the demo sample,
    without enrichment; reused when already built for the same page count."""
    from newsdig.catalog.db import connect
    from newsdig.catalog.meta import get_meta, set_meta
    from newsdig.ingest import add_paths

    roots = [pages_dir] if pages_dir else sorted(DEFAULT_DATA.glob("*/html"))
    pages = sorted(p for root in roots for p in root.rglob("*")
                   if p.is_file() and p.suffix in (".html", ".htm", ".gz"))[:limit]
    if home.exists():
        conn = connect(home.catalog_path)
        ready = get_meta(conn, READY_META) == str(len(pages))
        conn.close()
        if ready:
            return len(pages)
    os.environ["NEWSDIG_ENRICH"] = "0"
    work = Path(tempfile.mkdtemp(prefix="newsdig-semantic-pages-"))
    try:
        for number, path in enumerate(pages):
            data = path.read_bytes()
            (work / f"{number:06d}.html").write_bytes(gzip.decompress(data) if path.suffix == ".gz" else data)
        add_paths(home, [str(work), str(SAMPLE)], jobs=os.cpu_count() or 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    conn = connect(home.catalog_path)
    set_meta(conn, READY_META, str(len(pages)))
    conn.commit()
    conn.close()
    return len(pages)


def articles_of(home: Home, limit: int | None = None) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(home.catalog_path)
    sql = "SELECT id, title, text FROM articles ORDER BY id" + (f" LIMIT {int(limit)}" if limit else "")
    rows = [(r[0], r[1], r[2]) for r in conn.execute(sql)]
    conn.close()
    return rows


# -- embed ---------------------------------------------------------------------------------------
def _encode_all(items: list[tuple[str, str, str]], jobs: int, threads: int) -> tuple[float, int]:
    from newsdig.enrich import embed_stage

    embed_stage._threads = threads
    started = time.perf_counter()
    chunks = sum(len(r.vectors) for r in embed_stage.embed_stream(iter(items), jobs, 10**9)
                 if isinstance(r, embed_stage.Embedded))
    return time.perf_counter() - started, chunks


def part_embed(home: Home, report: dict[str, Any]) -> None:
    from newsdig.catalog.embeddings import embedding_counts
    from newsdig.enrich.embed_stage import embed_home
    from newsdig.enrich.embeddings import load_encoder

    items = articles_of(home, RATE_ARTICLES)
    load_encoder(None, 0).encode(["warm up"])
    rows = []
    for label, jobs, threads in (("1 process, all cores", 1, 0), ("2 processes, 1 thread each", 2, 1),
                                 ("1 process, 1 thread", 1, 1)):
        if threads == 1 and jobs == 1:
            load_encoder.cache_clear()
            load_encoder(None, 1).encode(["warm up"])
        seconds, chunks = _encode_all(items, jobs, threads)
        rows.append({"run": label, "articles": len(items), "chunks": chunks, "seconds": round(seconds, 2),
                     "articles_per_s": round(len(items) / seconds, 2),
                     "chunks_per_s": round(chunks / seconds, 1)})
    load_encoder.cache_clear()
    print(f"\nembedding rate, encoder alone, the same {len(items)} real articles ({os.cpu_count()} cores)")
    print(f"{'run':<30}{'articles/s':>11}{'chunks/s':>10}{'seconds':>9}")
    for row in rows:
        print(f"{row['run']:<30}{row['articles_per_s']:>11.2f}{row['chunks_per_s']:>10.1f}{row['seconds']:>9.1f}")
    report["embed_rates"] = rows
    started = time.perf_counter()
    summary = embed_home(home, jobs=os.cpu_count() or 1)
    data = summary.as_dict()
    conn = sqlite3.connect(home.catalog_path)
    counts = embedding_counts(conn)
    conn.close()
    report["embed_home"] = data | {"wall_seconds": round(time.perf_counter() - started, 1), "counts": counts}
    if summary.pending:
        print(f"embed_home --jobs {summary.jobs}: {summary.embedded} articles, {summary.chunks} chunks in "
              f"{summary.seconds:.0f} s ({data['articles_per_second']} articles/s, "
              f"{data['chunks_per_second']} chunks/s, catalog and index included)")
    print(f"home: {counts['ok']} articles embedded as {counts['chunks']} chunks")


# -- backends ----------------------------------------------------------------------------------
COLD_START = (  # peak RSS from VmHWM: ru_maxrss would carry over this (big) parent's peak
    "import time; t = time.perf_counter()\n"
    "from newsdig.enrich.embeddings import load_encoder\n"
    "load_encoder({backend!r}).encode(['aircraft company goes bust'])\n"
    "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0].split()[1]\n"
    "print(time.perf_counter() - t, int(hwm) / 1024)\n"
)


def part_backends(home: Home, report: dict[str, Any]) -> None:
    """ONNX Runtime against torch (sentence-transformers) on the same chunks, same threads: speed,
    agreement, and what a cold process pays (imports + model load + one query)."""
    import subprocess

    import numpy as np

    from newsdig.enrich.embeddings import chunk_article, load_encoder

    texts = [c for _, title, text in articles_of(home, RATE_ARTICLES) for c in chunk_article(title, text)]
    rows, vectors = {}, {}
    for backend in ("onnx", "torch"):
        encoder = load_encoder(backend, 0)
        encoder.encode(texts[:32])
        started = time.perf_counter()
        vectors[backend] = encoder.encode(texts)
        seconds = time.perf_counter() - started
        proc = subprocess.run([sys.executable, "-c", COLD_START.format(backend=backend)],
                              capture_output=True, text=True, check=True)
        cold, rss = (float(x) for x in proc.stdout.split())
        rows[backend] = {"chunks_per_s": len(texts) / seconds, "cold_start_s": cold, "rss_mb": rss}
    cosine = np.sum(vectors["onnx"] * vectors["torch"], axis=1)
    print(f"\nencoder backends on the same {len(texts)} chunks, {os.cpu_count()} threads "
          f"(cosine onnx vs torch: min {cosine.min():.6f})")
    print(f"{'backend':<10}{'chunks/s':>10}{'cold start s':>14}{'RSS MB':>9}")
    for backend, row in rows.items():
        print(f"{backend:<10}{row['chunks_per_s']:>10.1f}{row['cold_start_s']:>14.2f}{row['rss_mb']:>9.0f}")
    report["backends"] = {"chunks": len(texts), "min_cosine": float(cosine.min()), "rows": rows}


# -- ann -----------------------------------------------------------------------------------------
def _rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def ann_one(library: str, data_path: str, queries_path: str, truth_path: str) -> dict[str, float]:
    """Build one library's index over the vectors and query it one query at a time (fresh process)."""
    import numpy as np

    data = np.load(data_path)
    queries = np.load(queries_path)
    truth = np.load(truth_path)
    keys = np.arange(len(data), dtype=np.int64)
    threads = os.cpu_count() or 1
    before = _rss_mb()
    started = time.perf_counter()
    if library.startswith("usearch"):
        from newsdig.index.vectors import usearch_index

        Index = usearch_index()

        index = Index(ndim=data.shape[1], metric="ip", dtype=library.split("-")[1], connectivity=ANN_M,
                      expansion_add=ANN_EF_ADD, expansion_search=ANN_EF_SEARCH)
        index.add(keys, data, threads=threads)

        def query(vector: Any) -> Any:
            return index.search(vector, K, threads=1).keys
    elif library == "hnswlib":
        import hnswlib

        index = hnswlib.Index(space="ip", dim=data.shape[1])
        index.init_index(max_elements=len(data), M=ANN_M, ef_construction=ANN_EF_ADD)
        index.set_num_threads(threads)
        index.add_items(data, keys)
        index.set_ef(ANN_EF_SEARCH)
        index.set_num_threads(1)

        def query(vector: Any) -> Any:
            return index.knn_query(vector, k=K)[0][0]
    elif library == "faiss":
        import faiss

        faiss.omp_set_num_threads(threads)
        index = faiss.IndexHNSWFlat(data.shape[1], ANN_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ANN_EF_ADD
        index.add(data)
        index.hnsw.efSearch = ANN_EF_SEARCH
        faiss.omp_set_num_threads(1)

        def query(vector: Any) -> Any:
            return index.search(vector[None, :], K)[1][0]
    elif library == "numpy-exact":
        # What newsdig does below EXACT_BELOW: the catalog's float16 vectors as a float32 matrix
        # (numpy has no BLAS for float16: a float16 product is ~15x slower).
        matrix = data.astype(np.float16).astype(np.float32)

        def query(vector: Any) -> Any:
            scores = matrix @ vector
            top = np.argpartition(-scores, K)[:K]
            return top[np.argsort(-scores[top])]
    else:
        raise ValueError(library)
    build = time.perf_counter() - started
    memory = _rss_mb() - before
    times, hits = [], 0
    for row, vector in enumerate(queries):
        started = time.perf_counter()
        found = query(vector)
        times.append((time.perf_counter() - started) * 1000)
        hits += len({int(x) for x in found[:K]} & {int(x) for x in truth[row, :K]})
    times.sort()
    return {"build_s": build, "p50_ms": times[len(times) // 2], "p99_ms": times[int(len(times) * 0.99)],
            "recall": hits / (K * len(queries)), "memory_mb": memory}


def _in_fresh_process(function: Any, *args: Any) -> Any:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(function, args)


def home_vectors(home: Home) -> Any:
    import numpy as np

    from newsdig.catalog.embeddings import iter_vectors
    from newsdig.enrich.embeddings import DIM

    conn = sqlite3.connect(home.catalog_path)
    parts = [v for _, v in iter_vectors(conn, DIM)]
    conn.close()
    return np.concatenate(parts) if parts else np.zeros((0, DIM), dtype=np.float32)


def part_ann(home: Home, extra: list[Path], report: dict[str, Any]) -> None:
    import numpy as np

    vectors = np.concatenate([home_vectors(home)] + [np.load(p).astype(np.float32) for p in extra])
    rng = np.random.default_rng(7)
    order = rng.permutation(len(vectors))
    queries, data = vectors[order[:HELD_OUT]], np.ascontiguousarray(vectors[order[HELD_OUT:]])
    truth = np.argsort(-(queries @ data.T), axis=1)[:, :K]
    work = Path(tempfile.mkdtemp(prefix="newsdig-ann-"))
    try:
        paths = [str(work / name) for name in ("data.npy", "queries.npy", "truth.npy")]
        for path, array in zip(paths, (data, queries, truth), strict=True):
            np.save(path, array)
        rows = {}
        for library in ("usearch-f16", "usearch-f32", "hnswlib", "faiss", "numpy-exact"):
            try:
                rows[library] = _in_fresh_process(ann_one, library, *paths)
            except ImportError as err:
                print(f"{library}: not installed ({err})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nANN on {len(data):,} real chunk vectors (384-d), {HELD_OUT} held-out real queries, "
          f"top {K}; M={ANN_M} efConstruction={ANN_EF_ADD} ef={ANN_EF_SEARCH}")
    print(f"{'library':<17}{'build s':>9}{'p50 ms':>9}{'p99 ms':>9}{'recall@10':>11}{'memory MB':>11}")
    for name, row in rows.items():
        print(f"{name:<17}{row['build_s']:>9.2f}{row['p50_ms']:>9.3f}{row['p99_ms']:>9.3f}"
              f"{row['recall']:>11.4f}{row['memory_mb']:>11.0f}")
    report["ann"] = {"vectors": len(data), "queries": HELD_OUT, "rows": rows}


# -- query ---------------------------------------------------------------------------------------
def judged_queries() -> list[str]:
    return [line.split("\t")[1] for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]


def part_query(home: Home, report: dict[str, Any]) -> None:
    from newsdig.search.engine import Searcher
    from newsdig.search.modes import search_mode

    searcher = Searcher(home.index_dir)
    queries = judged_queries()
    rows = {}
    for mode in ("keyword", "semantic", "hybrid"):
        for query in queries[:10]:  # warm: model, index files, page cache
            search_mode(home, searcher, query, mode, 10)
        times = []
        for query in queries:
            started = time.perf_counter()
            search_mode(home, searcher, query, mode, 10)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        rows[mode] = {"p50_ms": statistics.median(times), "p99_ms": times[int(len(times) * 0.99)],
                      "mean_ms": statistics.fmean(times)}
    conn = sqlite3.connect(home.catalog_path)
    articles, chunks = (conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
                        conn.execute("SELECT COUNT(*) FROM embedding_chunks").fetchone()[0])
    conn.close()
    from newsdig.index.vectors import vector_searcher

    kind = vector_searcher(home).kind
    print(f"\nsearch latency on {articles:,} articles / {chunks:,} chunks ({kind} vector search), "
          f"{len(queries)} judged queries, top 10, warm, one thread")
    print(f"{'mode':<10}{'p50 ms':>9}{'p99 ms':>9}{'mean ms':>9}")
    for mode, row in rows.items():
        print(f"{mode:<10}{row['p50_ms']:>9.1f}{row['p99_ms']:>9.1f}{row['mean_ms']:>9.1f}")
    report["query"] = {"articles": articles, "chunks": chunks, "vector_search": kind, "rows": rows}


# -- scale ---------------------------------------------------------------------------------------
def scale_one(base_path: str, count: int) -> dict[str, float]:
    """usearch (as newsdig builds it) over `count` vectors made from real ones plus noise."""
    import numpy as np

    from newsdig.index.vectors import usearch_index

    Index = usearch_index()

    from newsdig.index.vectors import CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH

    base = np.load(base_path)
    rng = np.random.default_rng(3)
    before = _rss_mb()
    index = Index(ndim=base.shape[1], metric="ip", dtype="f16", connectivity=CONNECTIVITY,
                  expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)
    started = time.perf_counter()
    for start in range(0, count, 50_000):
        size = min(50_000, count - start)
        rows = base[rng.integers(0, len(base), size)] + rng.normal(0, 0.02, (size, base.shape[1]))
        rows = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
        index.add(np.arange(start, start + size, dtype=np.int64), rows, threads=os.cpu_count() or 1)
    build = time.perf_counter() - started
    memory = _rss_mb() - before
    queries = base[rng.integers(0, len(base), 300)]
    times = []
    for vector in queries:
        started = time.perf_counter()
        index.search(vector, 40, threads=1)  # what a top-10 article query fetches (4 chunks each)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    path = Path(tempfile.mkdtemp()) / "scale.usearch"
    index.save(str(path))
    size = path.stat().st_size
    shutil.rmtree(path.parent)
    return {"build_s": build, "p50_ms": times[150], "p99_ms": times[296], "memory_mb": memory,
            "file_mb": size / 2**20}


def part_scale(home: Home, articles: int, report: dict[str, Any]) -> None:
    import numpy as np

    conn = sqlite3.connect(home.catalog_path)
    done, chunks = conn.execute("SELECT COUNT(*), COALESCE(SUM(chunks), 0) FROM embedding_progress "
                                "WHERE status = 'ok'").fetchone()
    blob = conn.execute("SELECT AVG(LENGTH(vector)) FROM embedding_chunks").fetchone()[0] or 768
    conn.close()
    per_article = chunks / done if done else 4.0
    count = int(articles * per_article)
    work = Path(tempfile.mkdtemp(prefix="newsdig-scale-"))
    try:
        np.save(work / "base.npy", home_vectors(home))
        row = _in_fresh_process(scale_one, str(work / "base.npy"), count)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nusearch f16 HNSW at {articles:,} articles = {count:,} chunks ({per_article:.2f} per article): "
          f"build {row['build_s']:.0f} s on {os.cpu_count()} threads, query p50 {row['p50_ms']:.2f} ms / "
          f"p99 {row['p99_ms']:.2f} ms (40 nearest chunks), +{row['memory_mb']:.0f} MB RAM, "
          f"file {row['file_mb']:.0f} MB")
    rates = report.get("embed_rates") or []
    best = max((r["articles_per_s"] for r in rates), default=None)
    projection = {"chunks_per_article": per_article, "catalog_bytes_per_chunk": blob + 60,
                  "measured": {"articles": articles, **row}}
    print("\nprojection (measured rates; HNSW memory and file grow linearly, build time ~N log N)")
    for target in (100_000, 1_000_000):
        target_chunks = target * per_article
        scaled = target_chunks / count
        growth = max(1.0, float(np.log(target_chunks) / np.log(count)))
        line = {"articles": target, "chunks": int(target_chunks),
                "catalog_gb": round(target_chunks * (blob + 60) / 1e9, 2),
                "index_file_gb": round(row["file_mb"] * scaled / 1024, 2),
                "index_ram_gb": round(row["memory_mb"] * scaled / 1024, 2),
                "index_build_min": round(row["build_s"] * scaled * growth / 60, 1),
                "embed_hours": round(target / best / 3600, 1) if best else None}
        projection[str(target)] = line
        hours = f"{line['embed_hours']} h" if best else "n/a (run the embed part too)"
        print(f"{target:>9,} articles: {line['chunks']:,} chunks, embedding {hours} on "
              f"{os.cpu_count()} cores, vectors in the catalog {line['catalog_gb']} GB, index file "
              f"{line['index_file_gb']} GB, index RAM {line['index_ram_gb']} GB, index build "
              f"{line['index_build_min']} min")
    report["scale"] = projection


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="backends,embed,ann,query,scale")
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME)
    parser.add_argument("--pages", type=Path, help="directory of HTML pages (.html or .gz)")
    parser.add_argument("--limit", type=int, default=5000, help="at most this many pages")
    parser.add_argument("--extra-vectors", type=Path, nargs="*", default=[],
                        help=".npy float32 matrices added to the ANN comparison")
    parser.add_argument("--scale-articles", type=int, default=100_000)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    from newsdig.enrich.embeddings import missing_modules

    if missing_modules():
        print(f"needs the [semantic] extra: missing {', '.join(missing_modules())}", file=sys.stderr)
        return 2
    parts = set(args.parts.split(","))
    home = Home(args.home)
    pages = build_home(home, args.pages, args.limit)
    print(f"home {home.root}: {pages} pages + the demo sample")
    report: dict[str, Any] = {}
    if "backends" in parts:
        part_backends(home, report)
    if "embed" in parts:
        part_embed(home, report)
    if "ann" in parts:
        part_ann(home, args.extra_vectors, report)
    if "query" in parts:
        part_query(home, report)
    if "scale" in parts:
        part_scale(home, args.scale_articles, report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=float) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
