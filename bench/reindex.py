"""Index build from the catalog (`newsdig reindex`) beside bare tantivy on the same articles.

    python bench/reindex.py [--articles 100000] [--seed 1]

Both sides read the same bench home's catalog (bench/corpus.py builds it once) and write a fresh
index into a temporary directory with the same heap and threads:
  tantivy alone     a two-field schema (title, text; en_stem), one document per article, rows
                    read straight from SQLite: what a user of tantivy would write
  newsdig reindex   newsdig.index.sync.rebuild: every field newsdig indexes (stemmed and exact
                    title and text, lead, site suffixes, dates, facets, enrichment keys), the
                    enrichment joined in, and the swap into place
The ratio is the price of newsdig's richer index; docs/performance.md explains where it goes.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import tantivy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
from newsdig.catalog.db import connect
from newsdig.index.build import REBUILD_HEAP_BYTES
from newsdig.index.sync import rebuild
from newsdig.index.writer import AUTO_THREADS

BATCH = 2000


def bare_tantivy(catalog: Path, out: Path) -> tuple[int, float]:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("text", stored=True, tokenizer_name="en_stem")
    index = tantivy.Index(builder.build(), str(out))
    conn = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    started = time.perf_counter()
    writer = index.writer(REBUILD_HEAP_BYTES, AUTO_THREADS)
    count = 0
    cursor = conn.execute("SELECT id, title, text FROM articles")
    while rows := cursor.fetchmany(BATCH):
        for article_id, title, text in rows:
            writer.add_document(tantivy.Document(id=article_id, title=title, text=text))
        count += len(rows)
    writer.commit()
    writer.wait_merging_threads()
    conn.close()
    return count, time.perf_counter() - started


def newsdig_reindex(catalog: Path, out: Path) -> tuple[int, float]:
    # A copy of the catalog: rebuild records the index's position in it (a bench must not write
    # into the cached home).
    copy = out.parent / "catalog.sqlite"
    source = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    conn = connect(copy)
    started = time.perf_counter()
    count = rebuild(conn, out)
    seconds = time.perf_counter() - started
    conn.close()
    return count, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", "-n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    home = corpus.build_home(None, args.articles, args.seed).home
    work = Path(tempfile.mkdtemp(prefix="newsdig-reindex-"))
    try:
        bare_dir = work / "bare"
        bare_dir.mkdir()
        bare_n, bare_s = bare_tantivy(home.catalog_path, bare_dir)
        bare_mb = sum(p.stat().st_size for p in bare_dir.iterdir()) / 2**20
        shutil.rmtree(bare_dir)
        ours_dir = work / "index"
        ours_n, ours_s = newsdig_reindex(home.catalog_path, ours_dir)
        ours_mb = sum(p.stat().st_size for p in ours_dir.iterdir() if p.is_file()) / 2**20
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nindex build from the catalog, {args.articles:,} articles, heap "
              f"{REBUILD_HEAP_BYTES / 1e6:.0f} MB, tantivy's threads")
        print(f"{'':<18}{'docs':>11}{'seconds':>9}{'docs/s':>9}{'index MB':>10}")
        print(f"{'tantivy alone':<18}{bare_n:>11,}{bare_s:>9.1f}{bare_n / bare_s:>9,.0f}{bare_mb:>10,.0f}")
        print(f"{'newsdig reindex':<18}{ours_n:>11,}{ours_s:>9.1f}{ours_n / ours_s:>9,.0f}{ours_mb:>10,.0f}")
        print(f"\nnewsdig reindex takes {ours_s / bare_s:.2f}x tantivy alone's time; "
              f"projected for 1M articles: {ours_s * 1_000_000 / ours_n / 60:.1f} min; "
              f"process max RSS {rss:,.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
