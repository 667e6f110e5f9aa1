"""The enrich stage as a loop: pending articles -> language analysis -> copies, stories -> catalog.

Language analysis (spaCy: entities, quotes) is the slow part, so it runs in worker processes
while this process stores results, finds copies and grows stories. Each article's rows, its
duplicate group, its story and its progress row commit together (one transaction per batch,
one savepoint per article), so a kill at any point leaves every article either enriched or
pending, and a failure on one article is recorded and skipped without stopping the others.
The index follows through the catalog's change log (`index.sync`), like it follows imports.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from newsdig.catalog.articles import get_articles, record_change
from newsdig.catalog.enrichment import (
    mark_done,
    pending_ids,
    set_enrich_applied_seq,
    store_analysis,
)
from newsdig.catalog.meta import last_change_seq
from newsdig.enrich.records import Analysis, Entity
from newsdig.errors import EnrichModelError, HomeError
from newsdig.home import Home
from newsdig.models import Article

# Bump when the rules change in a way that should redo old articles (`enrich` picks them up
# as pending: the stored version no longer matches).
ENRICH_VERSION = "1"
# Articles per catalog transaction; NEWSDIG_ENRICH_BATCH overrides it (tests kill a run between commits).
BATCH_SIZE = int(os.environ.get("NEWSDIG_ENRICH_BATCH", "200"))
CHUNK = 16  # articles per task sent to a worker: big enough for nlp.pipe, small enough to balance
WINDOW_PER_WORKER = 3  # chunks in flight per worker: back-pressure keeps memory flat
POOL_AFTER = 48  # fewer pending articles than this are analysed in-process (no worker start-up)

Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class EnrichSummary:
    """What a run of the stage did; printed by the CLI and returned by the API."""

    pending: int = 0
    enriched: int = 0
    partial: int = 0  # copies and stories only: no language model for the article's language
    failed: int = 0
    quotes: int = 0
    entities: int = 0
    copies: int = 0  # articles found to be near-duplicates of an earlier one
    new_stories: int = 0
    joined_stories: int = 0
    seconds: float = 0.0
    model: str | None = None
    model_error: str | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (article id, message), first few

    def as_dict(self) -> dict[str, object]:
        return {
            "pending": self.pending, "enriched": self.enriched, "partial": self.partial,
            "failed": self.failed, "quotes": self.quotes, "entities": self.entities,
            "copies": self.copies, "new_stories": self.new_stories,
            "joined_stories": self.joined_stories, "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.enriched / self.seconds, 2) if self.seconds else None,
            "model": self.model, "model_error": self.model_error,
            "errors": [{"id": i, "error": e} for i, e in self.errors],
        }


def stage_version(model: str | None) -> str:
    """What `enrichment.version` records: the rules' version and the model that ran."""
    return f"{ENRICH_VERSION}+{model or 'no-model'}"


def current_model() -> tuple[str | None, str | None]:
    """(model name, None) when the language model loads, else (None, why not)."""
    from newsdig.enrich.nlp import load_pipeline, model_name

    try:
        load_pipeline()
        return model_name(), None
    except EnrichModelError as err:
        return None, str(err)


# -- language analysis, in workers ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AnalysisFailure:
    article_id: str
    error: str


AnalysisResult = Analysis | AnalysisFailure


def analyse_chunk(items: list[tuple[str, str | None]]) -> list[AnalysisResult | None]:
    """Analyse (id, text) pairs in order; a None text (nothing to analyse) gives None.

    One bad article fails alone: the chunk is retried one by one to find it.
    """
    from newsdig.enrich.analyze import analyze_texts

    wanted = [(article_id, text) for article_id, text in items if text is not None]
    try:
        found: dict[str, AnalysisResult] = {a.article_id: a for a in analyze_texts(wanted)}
    except Exception:  # isolate the culprit below, report it, keep the rest
        found = {}
        for article_id, text in wanted:
            try:
                found.update((a.article_id, a) for a in analyze_texts([(article_id, text)]))
            except Exception as err:
                found[article_id] = AnalysisFailure(article_id, f"{type(err).__name__}: {err}"[:500])
    return [found.get(article_id) if text is not None else None for article_id, text in items]


def _warm_worker() -> None:
    """Load the model once per worker, before the first task arrives."""
    from newsdig.enrich.nlp import load_pipeline

    load_pipeline()


def analyse_stream(
    items: Iterable[tuple[str, str | None]], workers: int, total: int
) -> Iterator[AnalysisResult | None]:
    """One result per item, in input order, from `workers` processes (in-process for one worker
    or little work). The pool lives for the whole stream: workers load the model once."""
    chunks = _chunks(items, CHUNK)
    if workers <= 1 or total < POOL_AFTER:
        for chunk in chunks:
            yield from analyse_chunk(chunk)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_worker) as pool:
        window: deque[Future[list[AnalysisResult | None]]] = deque()
        for chunk in chunks:
            window.append(pool.submit(analyse_chunk, chunk))
            if len(window) >= workers * WINDOW_PER_WORKER:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def _chunks(
    items: Iterable[tuple[str, str | None]], size: int
) -> Iterator[list[tuple[str, str | None]]]:
    chunk: list[tuple[str, str | None]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# -- storing, copies, stories, in this process ----------------------------------------------
def enrich_article(
    conn: sqlite3.Connection, article: Article, analysis: AnalysisResult | None, version: str,
    summary: EnrichSummary,
) -> None:
    """Store one article's enrichment inside the caller's transaction (under a savepoint)."""
    from newsdig.catalog.duplicates import record_near_duplicates
    from newsdig.catalog.stories import assign_story

    if not conn.in_transaction:  # else releasing the savepoint would commit each article alone
        conn.execute("BEGIN")
    conn.execute("SAVEPOINT enrich_article")
    try:
        entities: Sequence[Entity] = ()
        if isinstance(analysis, Analysis):
            store_analysis(conn, analysis)
            entities = analysis.entities
        # Both replace what the article had (copy group, story) themselves, keeping a group's
        # name and the story's term counts stable when an unchanged text is enriched again.
        match = record_near_duplicates(conn, article.id, article.text)
        if match is not None:
            summary.copies += 1
            for other in {match.group_id, match.article_id}:  # their index documents carry the group
                record_change(conn, other)
        assignment = assign_story(conn, article, entities)
        for moved in assignment.moved:  # a merge of two stories: their index documents follow
            record_change(conn, moved)
        if assignment.created:
            summary.new_stories += 1
        else:
            summary.joined_stories += 1
        if isinstance(analysis, AnalysisFailure):
            status, error = "failed", analysis.error
        else:
            status, error = ("ok" if analysis is not None else "partial"), None
        mark_done(conn, article.id, article.content_hash, version, status, error)
    except Exception as err:  # one article's failure is recorded, not fatal
        conn.execute("ROLLBACK TO enrich_article")
        conn.execute("RELEASE enrich_article")
        message = f"{type(err).__name__}: {err}"[:500]
        conn.execute("SAVEPOINT enrich_failure")
        mark_done(conn, article.id, article.content_hash, version, "failed", message)
        conn.execute("RELEASE enrich_failure")
        _count_failure(summary, article.id, message)
        return
    conn.execute("RELEASE enrich_article")
    if isinstance(analysis, AnalysisFailure):
        _count_failure(summary, article.id, analysis.error)
    elif isinstance(analysis, Analysis):
        summary.enriched += 1
        summary.quotes += len(analysis.quotes)
        summary.entities += len(analysis.entities)
    else:
        summary.partial += 1


def _count_failure(summary: EnrichSummary, article_id: str, message: str) -> None:
    summary.failed += 1
    if len(summary.errors) < 10:
        summary.errors.append((article_id, message))


def run_enrichment(
    conn: sqlite3.Connection,
    *,
    everything: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
    use_model: bool = True,
) -> EnrichSummary:
    """Enrich every pending article (all of them with `everything`); the caller holds the writer lock.

    Without the language model (not installed, or `use_model=False`) copies and stories are still
    found and the articles are marked "partial", to be completed by a later run that has it.
    """
    started = time.perf_counter()
    summary = EnrichSummary()
    model, why = current_model() if use_model else (None, "language analysis turned off")
    summary.model, summary.model_error = model, why
    version = stage_version(model)
    mark = last_change_seq(conn)  # the stage's new mark once this pass completes
    ids = list(pending_ids(conn, version, everything=everything))
    summary.pending = len(ids)
    if progress:
        progress(0, len(ids))
    in_flight: deque[Article] = deque()

    def feed() -> Iterator[tuple[str, str | None]]:
        for article in _articles(conn, ids):
            in_flight.append(article)
            analysable = model is not None and analysable_text(article)
            yield article.id, (article.text if analysable else None)

    done = 0
    for result in analyse_stream(feed(), jobs, len(ids)):
        enrich_article(conn, in_flight.popleft(), result, version, summary)
        done += 1
        if done % BATCH_SIZE == 0:
            conn.commit()
            if progress:
                progress(done, len(ids))
    conn.commit()
    if progress:
        progress(done, len(ids))
    if not everything:
        set_enrich_applied_seq(conn, mark)
        conn.commit()
    summary.seconds = time.perf_counter() - started
    return summary


def _articles(conn: sqlite3.Connection, ids: list[str]) -> Iterator[Article]:
    """The articles of `ids`, read a batch at a time (ids deleted meanwhile are skipped)."""
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start:start + BATCH_SIZE]
        found = get_articles(conn, chunk)
        yield from (found[i] for i in chunk if i in found)


def analysable_text(article: Article) -> bool:
    from newsdig.enrich.nlp import supports_language

    return supports_language(article.language) and bool(article.text.strip())


def auto_enrich_enabled() -> bool:
    """Whether add/crawl follow up with enrichment ($NEWSDIG_ENRICH=0 turns it off, e.g. for a
    bulk import that will run `newsdig enrich` later on a bigger machine)."""
    return os.environ.get("NEWSDIG_ENRICH", "1").strip().lower() not in ("0", "no", "off", "false")


def enrich_home(
    home: Home, *, everything: bool = False, jobs: int = 1, progress: Progress | None = None,
    use_model: bool = True,
) -> EnrichSummary:
    """`newsdig enrich`: enrich pending articles under the writer lock, then bring the index up."""
    from newsdig.catalog.db import connect
    from newsdig.home import writer_lock
    from newsdig.index.sync import catch_up

    with writer_lock(home):
        conn = connect(home.catalog_path)
        try:
            try:
                summary = run_enrichment(conn, everything=everything, jobs=jobs, progress=progress,
                                         use_model=use_model)
            except sqlite3.Error as err:
                raise HomeError(f"cannot write enrichment to the catalog in {home.root}: {err}; what "
                                "was committed is kept — run `newsdig enrich` again to resume") from err
            catch_up(conn, home.index_dir)
        finally:
            conn.close()
    return summary
