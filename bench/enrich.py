"""Enrichment speed: `newsdig enrich` beside bare spaCy, and the share of ingest time it adds.

Same pages, same run:
  newsdig add (no enrich)   import: raw WARC + extraction + catalog + index, --jobs N
  spaCy nlp.pipe            the bare language model over the same article texts, one process:
                            the floor any entity/quote tool built on this model pays
  newsdig enrich -j1        copies (MinHash/LSH) + stories + entities + quotes + catalog + index
  newsdig enrich -jN        the same with language analysis in N worker processes
The share of ingest time is enrich / (add + enrich), at --jobs N for both.

Usage: python bench/enrich.py [--pages DIR] [--limit N] [--jobs N]
Default pages: ../shared/data/extraction-dev/*/html (real news pages, read in place, never copied
into the repo) plus the bundled demo sample, at least 2,000 articles.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from newsdig.enrich.pipeline import enrich_home
from newsdig.home import Home
from newsdig.ingest import add_paths

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-dev"
SAMPLE = ROOT / "src" / "newsdig" / "sample"


def collect_pages(pages: Path | None, limit: int) -> list[Path]:
    roots = [pages] if pages else sorted(DEFAULT_DATA.glob("*/html"))
    found: list[Path] = []
    for root in roots:
        found += sorted(p for p in root.rglob("*") if p.suffix in (".html", ".htm", ".gz") and p.is_file())
    return found[:limit]


def stage_pages(pages: list[Path], work: Path) -> None:
    """Decompressed copies in a temp dir, so the import reads plain files like a user's."""
    for number, path in enumerate(pages):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        (work / f"{number:06d}.html").write_bytes(data)


def english_texts(home: Home) -> list[str]:
    conn = sqlite3.connect(home.catalog_path)
    try:
        return [r[0] for r in conn.execute(
            "SELECT text FROM articles WHERE language IS NULL OR language LIKE 'en%'")]
    finally:
        conn.close()


def bare_spacy(texts: list[str]) -> float:
    import spacy

    from newsdig.enrich.nlp import MODEL_PACKAGE

    nlp = spacy.load(MODEL_PACKAGE)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="directory of HTML pages (.html or .gz)")
    parser.add_argument("--limit", type=int, default=2400)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    pages = collect_pages(args.pages, args.limit)
    if not pages:
        print(f"no pages found (looked in {args.pages or DEFAULT_DATA}); pass --pages DIR", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="newsdig-enrich-pages-"))
    homes = [Path(tempfile.mkdtemp(prefix="newsdig-enrich-home-")) for _ in range(2)]
    try:
        stage_pages(pages, work)
        inputs = [str(work), str(SAMPLE)]
        timings: dict[str, float] = {}
        counts: dict[str, int] = {}
        for label, home_dir, jobs in (("1", homes[0], 1), ("N", homes[1], args.jobs)):
            home = Home(home_dir)
            start = time.perf_counter()
            summary = add_paths(home, inputs, jobs=args.jobs)
            timings[f"add-{label}"] = time.perf_counter() - start
            counts["articles"] = summary.added
            start = time.perf_counter()
            enriched = enrich_home(home, jobs=jobs)
            timings[f"enrich-{label}"] = time.perf_counter() - start
            counts[f"enriched-{label}"] = enriched.enriched
            counts[f"partial-{label}"] = enriched.partial
            counts["quotes"], counts["entities"] = enriched.quotes, enriched.entities
            counts["copies"], counts["stories"] = enriched.copies, enriched.new_stories
        texts = english_texts(Home(homes[0]))
        spacy_s = bare_spacy(texts)
        n = counts["articles"]
        print(f"{len(pages)} pages + the demo sample -> {n} articles ({len(texts)} English), "
              f"{os.cpu_count()} cores\n")
        rows = [
            (f"newsdig add --jobs {args.jobs} --no-enrich", timings["add-N"]),
            ("bare spaCy nlp.pipe (1 process)", spacy_s),
            ("newsdig enrich --jobs 1", timings["enrich-1"]),
            (f"newsdig enrich --jobs {args.jobs}", timings["enrich-N"]),
        ]
        # spaCy runs on the English texts only; enrich also does copies, stories, catalog and index
        # for every article. Rates are per English (language-analysed) article for the NLP rows.
        english = len(texts)
        print(f"{'run':<38}{'seconds':>9}{'English/s':>11}{'time vs bare spaCy':>20}")
        for name, seconds in rows:
            rate = f"{english / seconds:>11.1f}" if "add" not in name else f"{'-':>11}"
            print(f"{name:<38}{seconds:>9.2f}{rate}{seconds / spacy_s:>19.2f}x")
        share = timings["enrich-N"] / (timings["add-N"] + timings["enrich-N"])
        print(f"\nenrichment share of ingest time (add + enrich, --jobs {args.jobs}): {100 * share:.0f}%")
        print(f"enrich --jobs {args.jobs} vs --jobs 1: {timings['enrich-1'] / timings['enrich-N']:.2f}x")
        print(f"found: {counts['quotes']:,} quotes, {counts['entities']:,} entity rows, "
              f"{counts['copies']:,} near-duplicates, {counts['stories']:,} stories; "
              f"{counts['partial-N']:,} articles without language analysis (not English)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for home_dir in homes:
            shutil.rmtree(home_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
