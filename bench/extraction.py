"""Score newsdig's extraction beside plain trafilatura on the extraction dev sets.

    python bench/extraction.py [--data ../shared/data/extraction-dev] [--limit N] [--jobs 2]

- trafilatura-eval: each page lists segments that must appear (`with`) and boilerplate that must
  not (`without`); whitespace-normalised substring match, counts summed over the corpus,
  F1 = 2tp / (2tp + fp + fn) (the scoring its authors publish).
- dragnet-train: bag-of-words precision/recall/F1 against the hand-corrected text (the part
  before the `!@#$%^&*()  COMMENTS` line), per page, averaged.

Both extractors run on the same pages in the same process; pages/s is pages divided by the time
spent inside each extractor (reading and gunzipping the files is not counted). The pages are
third-party and only read from the shared folder, never copied into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from newsdig.extract import extract
from newsdig.models import Article, Capture

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "extraction-dev"
EXTRACTORS = ("newsdig", "trafilatura")
# The gold files write the comments separator with typos ("!@ $%^&*()", "!#@$%^&*()").
COMMENTS_LINE = re.compile(r"^\s*[!@#$%^&*() ]{5,}\s*COMMENTS\s*$", re.MULTILINE)
TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Page:
    set_name: str
    page_id: str
    path: Path
    url: str | None
    gold: dict


@dataclass(slots=True)
class Result:
    """One page's output from both extractors."""

    page: Page
    texts: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    meta: dict[str, str | None] = field(default_factory=dict)


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def trafilatura_eval_pages(root: Path) -> Iterator[Page]:
    evaldata = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    for url, gold in evaldata.items():
        path = root / "html" / (gold["file"] + ".gz")
        if not path.exists():
            path = root / "html" / gold["file"]
        yield Page("trafilatura-eval", gold["file"], path, url, gold)


def dragnet_pages(root: Path) -> Iterator[Page]:
    for path in sorted((root / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        gold_path = root / "gold" / f"{page_id}.html.corrected.txt"
        if gold_path.exists():
            gold_text = gold_path.read_text(encoding="utf-8", errors="replace")
            match = COMMENTS_LINE.search(gold_text)
            article = gold_text[: match.start()] if match else gold_text
            yield Page("dragnet-train", page_id, path, None, {"text": article})


def _newsdig(html: bytes, page: Page) -> tuple[str, dict[str, str | None]]:
    result = extract(Capture(url=page.url, body=html, kind="html", origin=str(page.path)))
    if not isinstance(result, Article):
        return "", {"rejection": result.reason}
    author = "; ".join(result.authors) or None
    return result.text, {"title": result.title, "author": author, "date": result.published}


def _trafilatura(html: bytes) -> str:
    return trafilatura.extract(html) or ""


def run_page(page: Page, extractors: tuple[str, ...] = EXTRACTORS) -> Result:
    """Extract one page with each extractor, timing each."""
    html = _read(page.path)
    result = Result(page)
    for name in extractors:
        start = time.perf_counter()
        if name == "newsdig":
            result.texts[name], result.meta = _newsdig(html, page)
        else:
            result.texts[name] = _trafilatura(html)
        result.seconds[name] = time.perf_counter() - start
    return result


def _warm_up() -> None:
    """Load lazily-initialised models (py3langid, trafilatura's settings) outside the timings."""
    page = b"<html><body><article>" + b"<p>Warm-up sentence for the language model and parser.</p>" * 20
    page += b"</article></body></html>"
    extract(Capture(url="https://example.com/a", body=page, kind="html", origin="-"))
    trafilatura.extract(page)


def _norm(text: str) -> str:
    return " ".join(text.split())


def score_trafilatura_eval(results: list[Result], name: str) -> dict[str, float]:
    tp = fp = fn = 0
    for result in results:
        text = _norm(result.texts[name])
        for segment in result.page.gold["with"]:
            if _norm(segment) in text:
                tp += 1
            else:
                fn += 1
        fp += sum(1 for segment in result.page.gold["without"] if _norm(segment) in text)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _bow_scores(predicted: str, gold: str) -> tuple[float, float, float]:
    pred_bag, gold_bag = Counter(TOKEN.findall(predicted.lower())), Counter(TOKEN.findall(gold.lower()))
    overlap = sum((pred_bag & gold_bag).values())
    precision = overlap / sum(pred_bag.values()) if pred_bag else 0.0
    recall = overlap / sum(gold_bag.values())
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_dragnet(results: list[Result], name: str) -> dict[str, float]:
    rows = [
        _bow_scores(result.texts[name], result.page.gold["text"])
        for result in results
        if TOKEN.search(result.page.gold["text"])
    ]
    count = max(len(rows), 1)
    return {key: sum(row[i] for row in rows) / count for i, key in enumerate(("precision", "recall", "f1"))}


def metadata_accuracy(results: list[Result]) -> dict[str, float]:
    """Share of annotated pages where newsdig's title/author/date equal the trafilatura-eval gold."""
    shares = {}
    for key in ("title", "author", "date"):
        annotated = [r for r in results if r.page.gold.get(key)]
        hits = sum(1 for r in annotated if _same(r.meta.get(key), r.page.gold[key]))
        shares[key] = hits / len(annotated) if annotated else 0.0
    return shares


def _same(found: str | None, gold: str | list[str]) -> bool:
    """Case- and whitespace-insensitive equality; a gold author list is ``;``-joined like ours."""
    gold_text = "; ".join(gold) if isinstance(gold, list) else gold
    return _norm(found or "").lower() == _norm(gold_text).lower()


def _print_table(set_name: str, results: list[Result], wall: float) -> None:
    scorer = score_trafilatura_eval if set_name == "trafilatura-eval" else score_dragnet
    rejected = Counter(r.meta.get("rejection") for r in results if r.meta.get("rejection"))
    print(f"\n{set_name}: {len(results)} pages, {wall:.1f} s wall")
    print(f"  {'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>8}")
    for name in EXTRACTORS:
        scores = scorer(results, name)
        seconds = sum(r.seconds[name] for r in results)
        rate = len(results) / seconds if seconds else 0.0
        figures = f"{scores['precision']:>9.3f} {scores['recall']:>7.3f} {scores['f1']:>6.3f} {rate:>8.1f}"
        print(f"  {name:<12} {figures}")
    if rejected:
        print(f"  newsdig rejections: {dict(rejected)}")
    if set_name == "trafilatura-eval":
        accuracy = metadata_accuracy(results)
        print("  newsdig metadata exact match: " + ", ".join(f"{k} {v:.3f}" for k, v in accuracy.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="extraction-dev folder")
    parser.add_argument("--limit", type=int, default=0, help="pages per set (0 = all)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--set", choices=("all", "trafilatura-eval", "dragnet-train"), default="all")
    args = parser.parse_args(argv)
    sources = {"trafilatura-eval": trafilatura_eval_pages, "dragnet-train": dragnet_pages}
    if not args.data.is_dir():
        print(f"skipped: no extraction dev data at {args.data} (pass --data)", file=sys.stderr)
        return 0
    for set_name, pages_of in sources.items():
        root = args.data / set_name
        if args.set not in ("all", set_name):
            continue
        if not root.is_dir():
            print(f"skipped {set_name}: {root} is missing", file=sys.stderr)
            continue
        pages = list(pages_of(root))
        if args.limit:
            pages = pages[: args.limit]
        start = time.perf_counter()
        if args.jobs > 1:
            with ProcessPoolExecutor(args.jobs, initializer=_warm_up) as pool:
                results = list(pool.map(run_page, pages, chunksize=8))
        else:
            _warm_up()
            results = [run_page(page) for page in pages]
        _print_table(set_name, results, time.perf_counter() - start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
