"""Query latency at 100k and 1M articles: newsdig keyword / semantic / hybrid beside bare tantivy.

    python bench/search.py [--sizes 100000,1000000] [--queries 200] [--rounds 2] [--fts5]

Every size is a bench home from bench/corpus.py (built once, cached under ~/.cache/newsdig-bench).
Rows, all in the same process on the same index and the same query mix (bench/corpus.queries:
1-3 words, names, phrases, site:/after:/lang: filters, OR/-word), top 10:

  tantivy BM25            bare tantivy: the query string through tantivy's own parser over title
                          and text (AND), filters as term/range clauses; ids only
  tantivy BM25+snippets   the same plus a tantivy snippet of the text for each of the ten
  newsdig keyword         Searcher.search: our parser, weighted fields, re-ranking (recency,
                          diversity, copy folding), snippets with highlights and the facets
                          (counted afresh: the first request of a query)
  newsdig keyword, again  the same query asked again (next page, another reader): facet counts
                          come from the searcher's cache
  … no facets             with_facets=False (the API's facets=false)
  newsdig semantic        search_mode(mode="semantic"): the query encoded by the real model, the
                          usearch ANN index, filters, hits with passages
  newsdig hybrid          search_mode(mode="hybrid"): keyword and semantic fused (RRF)
  SQLite FTS5 bm25()      with --fts5: an FTS5 table over the same title+text, bm25() top 10 with
                          snippet(); words only (filters dropped), built once and cached

Semantic rows need the `[semantic]` extra. Embedding a million articles with the model takes ~47 h
on 2 cores (docs/semantic.md), so the bench homes get *synthetic* document vectors: a hashed
bag-of-words projection of each article's title and opening (384 dimensions, one chunk per
article, normalised), written through the same catalog tables and ANN index code as `newsdig
embed` writes. Query encoding, the ANN search, the fusion and the hits are the product's code;
only what the document vectors mean is synthetic, so these rows measure speed, not relevance
(docs/relevance.md and docs/semantic.md measure relevance on real articles).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sqlite3
import statistics
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import tantivy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
from newsdig.catalog.db import connect
from newsdig.catalog.meta import get_meta, set_meta
from newsdig.home import Home
from newsdig.index.schema import F
from newsdig.search.engine import Searcher

LIMIT = 10
VECTOR_META = "bench_vectors"  # catalog meta: the synthetic vectors are complete for this corpus
VECTOR_VERSION = "1"
HASH_ROWS = 1 << 16  # rows of the word -> vector table of the synthetic projection
LEAD_WORDS = 80  # words of the text after the title that the synthetic vector reads
WRITE_BATCH = 20_000
WORD = re.compile(r"\w+")


# -- query classes ---------------------------------------------------------------------------
def query_class(query: str) -> str:
    """Which kind of query this is, for the per-class rows (the issue's "1-3 words and phrases;
    filtered (site/date) no slower")."""
    if re.search(r"\b(site|after|before|lang|source|intitle):", query):
        return "filtered"
    if '"' in query:
        return "phrase"
    if " OR " in query or re.search(r"(^|\s)-\w", query):
        return "operators"
    words = len(query.split())
    return f"{min(words, 3)} word{'s' if words > 1 else ''}" + ("+" if words > 3 else "")


# -- bare tantivy -----------------------------------------------------------------------------
_FILTER = re.compile(r'(?:^|\s)(site|after|before|lang|source|intitle):("[^"]*"|\S+)')


def _day(value: str) -> datetime:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return datetime(parts[0], max(parts[1], 1), max(parts[2], 1), tzinfo=UTC)


class BareTantivy:
    """The same index through tantivy's own query parser: what a user of tantivy would write."""

    def __init__(self, searcher: Searcher) -> None:
        self.index = searcher._index  # the very same open index (tokenizers registered)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def query(self, text: str) -> tantivy.Query:
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        words = text
        for name, value in _FILTER.findall(text):
            value = value.strip('"')
            if name == "site":
                clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(self.schema, F.SITE, value)))
            elif name == "lang":
                clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(self.schema, F.LANGUAGE, value)))
            elif name in ("after", "before"):
                low, high = (_day(value), datetime(2100, 1, 1, tzinfo=UTC)) if name == "after" else (
                    datetime(1900, 1, 1, tzinfo=UTC), _day(value))
                clauses.append((tantivy.Occur.Must, tantivy.Query.range_query(
                    self.schema, F.PUBLISHED, tantivy.FieldType.Date, low, high)))
            elif name == "intitle":
                words += f" title:{value}"
        words = _FILTER.sub(" ", words).strip()
        if words:
            parsed, _errors = self.index.parse_query_lenient(
                words, [F.TITLE, F.TEXT], conjunction_by_default=True)
            clauses.append((tantivy.Occur.Must, parsed))
        if not clauses:
            return tantivy.Query.all_query()
        return clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)

    def run(self, text: str, snippets: bool) -> int:
        query = self.query(text)
        hits = self.searcher.search(query, LIMIT).hits
        if snippets:
            generator = tantivy.SnippetGenerator.create(self.searcher, query, self.schema, F.TEXT)
            for _score, address in hits:
                generator.snippet_from_doc(self.searcher.doc(address)).fragment()
        else:
            for _score, address in hits:
                self.searcher.doc(address).get_first(F.ID)
        return len(hits)


# -- SQLite FTS5 -------------------------------------------------------------------------------
def fts5_path(home: Home) -> Path:
    return home.root / "fts5-baseline.sqlite"


def build_fts5(home: Home) -> Path:
    """An FTS5 table over the catalog's title and text (once; reused while the file exists)."""
    path = fts5_path(home)
    done = path.with_suffix(".done")
    if path.exists() and done.exists():
        return path
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    fts = sqlite3.connect(path)
    fts.execute("PRAGMA journal_mode=OFF")
    fts.execute("PRAGMA synchronous=OFF")
    fts.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)")
    conn = connect(home.catalog_path, readonly=True)
    count = 0
    try:
        rows = conn.execute("SELECT title, text FROM articles")
        while batch := rows.fetchmany(WRITE_BATCH):
            fts.executemany("INSERT INTO docs(title, body) VALUES (?, ?)", batch)
            fts.commit()
            count += len(batch)
    finally:
        conn.close()
    fts.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    fts.commit()
    fts.close()
    done.write_text(f"{count}\n")
    print(f"  FTS5 baseline: {count:,} rows in {time.perf_counter() - started:.0f} s, "
          f"{path.stat().st_size / 1e9:.2f} GB", file=sys.stderr)
    return path


def fts5_match(query: str) -> str | None:
    """The query's words and phrases as an FTS5 MATCH expression (AND), filters dropped."""
    text = _FILTER.sub(" ", query)
    parts = [f'"{p}"' for p in re.findall(r'"([^"]+)"', text)]
    text = re.sub(r'"[^"]*"', " ", text)
    parts += [f'"{w}"' for w in WORD.findall(text) if w != "OR"]
    return " AND ".join(parts) or None


class Fts5:
    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def run(self, query: str) -> int:
        match = fts5_match(query)
        if match is None:
            return 0
        return len(self.conn.execute(
            "SELECT rowid, snippet(docs, 1, '[', ']', '…', 24) FROM docs WHERE docs MATCH ? "
            "ORDER BY bm25(docs) LIMIT ?", (match, LIMIT)).fetchall())


# -- synthetic vectors -------------------------------------------------------------------------
def ensure_vectors(home: Home) -> str | None:
    """Synthetic chunk vectors for every article plus the ANN index, once; None when done,
    else why semantic rows are skipped."""
    try:
        import numpy as np

        from newsdig.catalog.embeddings import mark_embedded, set_embed_mark, to_blob
        from newsdig.enrich.embeddings import DIM, missing_modules, model_version
        from newsdig.index.vectors import sync_vectors
    except ImportError as err:
        return f"the [semantic] extra is not installed ({err.name})"
    if missing := missing_modules():
        return f"the [semantic] extra is not installed ({', '.join(missing)})"
    model = model_version()
    conn = connect(home.catalog_path)
    try:
        if get_meta(conn, VECTOR_META) == f"{VECTOR_VERSION}:{model}":
            return None
        print(f"  writing synthetic vectors into {home.root} (once)", file=sys.stderr, flush=True)
        started = time.perf_counter()
        table = np.random.default_rng(7).standard_normal((HASH_ROWS, DIM)).astype(np.float32)
        rows: dict[str, int] = {}

        def row(word: str) -> int:
            found = rows.get(word)
            if found is None:
                found = rows[word] = zlib.crc32(word.encode()) % HASH_ROWS
            return found

        with conn:
            conn.execute("DELETE FROM embedding_chunks")
            conn.execute("DELETE FROM embedding_progress")
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0]
        reader = connect(home.catalog_path, readonly=True)
        done = 0
        try:
            cursor = reader.execute("SELECT id, content_hash, title, text FROM articles")
            while batch := cursor.fetchmany(WRITE_BATCH):
                with conn:
                    for article_id, content_hash, title, text in batch:
                        words = WORD.findall((title or "").lower()) * 2
                        words += WORD.findall((text or "")[:LEAD_WORDS * 8].lower())[:LEAD_WORDS]
                        vector = table[[row(w) for w in words] or [0]].sum(axis=0)
                        vector /= max(float(np.linalg.norm(vector)), 1e-12)
                        conn.execute("INSERT INTO embedding_chunks(article_id, chunk, vector) "
                                     "VALUES (?, 0, ?)", (article_id, to_blob(vector)))
                        mark_embedded(conn, article_id, content_hash, model, "ok", 1)
                done += len(batch)
                if done % (WRITE_BATCH * 10) == 0:
                    print(f"    {done:,} vectors", file=sys.stderr, flush=True)
        finally:
            reader.close()
        with conn:
            set_embed_mark(conn, seq, model)
        written = time.perf_counter() - started
        report = sync_vectors(home, conn)
        with conn:
            set_meta(conn, VECTOR_META, f"{VECTOR_VERSION}:{model}")
        print(f"  {done:,} synthetic vectors in {written:.0f} s; ANN index {report.action} in "
              f"{report.seconds:.0f} s", file=sys.stderr, flush=True)
        return None
    finally:
        conn.close()


# -- timing ----------------------------------------------------------------------------------
@dataclass
class Row:
    name: str
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def add(self, klass: str, ms: float) -> None:
        self.times[klass].append(ms)
        self.times["all"].append(ms)

    def pct(self, p: float, klass: str = "all") -> float:
        ordered = sorted(self.times[klass])
        if not ordered:
            return float("nan")
        return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]

    def mean(self, klass: str = "all") -> float:
        return statistics.fmean(self.times[klass]) if self.times[klass] else float("nan")


def timed(name: str, queries: list[str], rounds: int, run: Callable[[str], object],
          before: Callable[[], object] | None = None) -> Row:
    row = Row(name)
    for query in queries[:20]:
        run(query)  # warm: caches, lazy loads, the model
    if before is not None:
        before()
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            run(query)
            row.add(query_class(query), (time.perf_counter() - started) * 1000)
    return row


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_size(n: int, seed: int, queries: list[str], rounds: int, semantic: bool, fts: bool) -> list[Row]:
    report = corpus.build_home(None, n, seed)
    home = report.home
    why_not = ensure_vectors(home) if semantic else "--no-semantic"
    fts_path = build_fts5(home) if fts else None
    searcher = Searcher(home.index_dir)
    bare = BareTantivy(searcher)
    rows = [
        timed("tantivy BM25", queries, rounds, lambda q: bare.run(q, snippets=False)),
        timed("tantivy BM25+snippets", queries, rounds, lambda q: bare.run(q, snippets=True)),
        # Facet counts are remembered per query: the first request pays for them, a second
        # (the next page, another reader) does not. Both are timed; "keyword" is the first.
        timed("newsdig keyword", queries, rounds,
              lambda q: (searcher.clear_cache(), searcher.search(q, LIMIT))),
        timed("newsdig keyword, again", queries, rounds, lambda q: searcher.search(q, LIMIT),
              before=lambda: [searcher.search(q, LIMIT) for q in queries]),
        timed("newsdig keyword, no facets", queries, rounds,
              lambda q: searcher.search(q, LIMIT, with_facets=False)),
    ]
    if why_not is None:
        from newsdig.search.modes import search_mode

        for mode in ("semantic", "hybrid"):
            rows.append(timed(f"newsdig {mode}", queries, rounds,
                              lambda q, m=mode: search_mode(home, searcher, q, m, LIMIT)))
    else:
        print(f"  semantic and hybrid rows skipped: {why_not}")
    if fts_path is not None:
        baseline = Fts5(fts_path)
        rows.append(timed("SQLite FTS5 bm25()", queries, rounds, baseline.run))
    print(f"\n{n:,} articles ({searcher.num_docs():,} documents), {len(queries)} queries x {rounds} rounds, "
          f"top {LIMIT}, 1 thread; process max RSS {rss_mb():,.0f} MB")
    _print(rows)
    return rows


def _print(rows: list[Row]) -> None:
    base = rows[0]
    print(f"{'':<24}{'p50 ms':>9}{'p99 ms':>9}{'mean ms':>9}{'p99 vs bare':>13}")
    for row in rows:
        print(f"{row.name:<24}{row.pct(50):>9.2f}{row.pct(99):>9.2f}{row.mean():>9.2f}"
              f"{row.pct(99) / base.pct(99):>12.1f}x")
    classes = sorted(k for k in base.times if k != "all")
    counts = ", ".join(f"{k}: {len(base.times[k])}" for k in classes)
    print(f"\np50 / p99 ms by query class ({counts} timings)")
    print(f"{'':<24}" + "".join(f"{k:>17}" for k in classes))
    for row in rows:
        print(f"{row.name:<24}" + "".join(f"{row.pct(50, k):>8.2f}/{row.pct(99, k):<8.2f}" for k in classes))
    keyword = next((r for r in rows if r.name == "newsdig keyword"), None)
    snippets = next((r for r in rows if r.name == "tantivy BM25+snippets"), None)
    fts = next((r for r in rows if r.name.startswith("SQLite")), None)
    if keyword and snippets:
        print("\nnewsdig keyword over bare tantivy with snippets: "
              f"p50 {keyword.pct(50) / snippets.pct(50):.2f}x, "
              f"p99 {keyword.pct(99) / snippets.pct(99):.2f}x")
    if keyword and fts:
        print(f"SQLite FTS5 over newsdig keyword: p50 {fts.pct(50) / keyword.pct(50):.1f}x, "
              f"p99 {fts.pct(99) / keyword.pct(99):.1f}x slower")


def sizes(value: str) -> Iterator[int]:
    for part in value.split(","):
        part = part.strip().lower().replace("_", "")
        yield int(float(part[:-1]) * 1000) if part.endswith("k") else int(
            float(part[:-1]) * 1_000_000) if part.endswith("m") else int(part)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000", help="corpus sizes (e.g. 10k,100k,1m)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-semantic", action="store_true", help="skip the semantic and hybrid rows")
    parser.add_argument("--fts5", action="store_true", help="add SQLite FTS5 bm25() as a baseline row")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    queries = corpus.queries(args.queries, args.seed)
    print(f"newsdig search latency, {os.cpu_count()} cores, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    for n in sizes(args.sizes):
        bench_size(n, args.seed, queries, args.rounds, not args.no_semantic, args.fts5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
