"""search(): parse -> compile -> rank -> snippets + facets. `Searcher` keeps the index open."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import tantivy

from newsdig.errors import InputError
from newsdig.index.reader import open_index
from newsdig.index.schema import F
from newsdig.search.compiler import compile_query
from newsdig.search.facets import collect_facets, empty_facets
from newsdig.search.parser import parse_query
from newsdig.search.ranking import date_page, relevance_page
from newsdig.search.results import Hit, SearchResult
from newsdig.search.snippets import make_snippet, snippet_generator
from newsdig.search.suggest import SUGGEST_BELOW, suggest

SORTS = ("relevance", "date")
MAX_LIMIT = 1000
MAX_OFFSET = 10_000  # deeper pages cost memory proportional to offset; nobody reads page 1000

_Stamp = tuple[int, int, int]


class Searcher:
    """An open index answering queries; reuse one per process (the server keeps one).

    Each query first stats the directory: a new commit is picked up with a reload, a rebuilt index
    swapped in by build_fresh (a new directory inode) by reopening. Safe to share between threads.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._stamp = self._read_stamp()
        self._index = open_index(self.index_dir)
        self._schema = self._index.schema

    def _read_stamp(self) -> _Stamp | None:
        try:
            directory = os.stat(self.index_dir)
            meta = os.stat(self.index_dir / "meta.json")
        except OSError:
            return None  # mid-swap: keep reading what we have
        return (directory.st_ino, meta.st_mtime_ns, meta.st_size)

    def refresh(self) -> None:
        """See the latest commit, or the new index if the directory was swapped."""
        stamp = self._read_stamp()
        if stamp is None or stamp == self._stamp:
            return
        with self._lock:
            if stamp == self._stamp:
                return
            if self._stamp is None or stamp[0] != self._stamp[0]:
                self._index = open_index(self.index_dir)
                self._schema = self._index.schema
            else:
                self._index.reload()
            self._stamp = stamp

    def snapshot(self) -> tuple[tantivy.Searcher, tantivy.Schema]:
        """A tantivy searcher over the latest commit and the schema, for lookups beside search()."""
        self.refresh()
        index = self._index
        return index.searcher(), index.schema

    def num_docs(self) -> int:
        """Live articles in the index."""
        return self.snapshot()[0].num_docs

    def search(
        self,
        query: str,
        limit: int = 10,
        offset: int = 0,
        sort: str = "relevance",
        now: datetime | None = None,
        *,
        with_facets: bool = True,
        collapse: bool = True,
    ) -> SearchResult:
        """One page of results for a user query string. Never raises for any query text.

        With `collapse`, near-duplicate copies (syndicated stories) are folded under their
        best-ranked member, which lists them in `Hit.duplicates`.
        """
        started = time.perf_counter()
        if sort not in SORTS:
            raise InputError(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")
        limit = min(max(int(limit), 0), MAX_LIMIT)
        offset = max(int(offset), 0)
        now = datetime.now(UTC) if now is None else (now if now.tzinfo else now.replace(tzinfo=UTC))
        parsed = parse_query(query)

        self.refresh()
        index, schema = self._index, self._schema
        searcher = index.searcher()
        compiled = compile_query(parsed, schema, searcher)
        if compiled is None:
            took = (time.perf_counter() - started) * 1000
            return SearchResult(query, 0, [], empty_facets(), took, parsed, collapsed=collapse)

        if offset > MAX_OFFSET:
            total, page = searcher.search(compiled.query, limit=1, count=True).count, []
        elif sort == "date" or not compiled.scored:  # filters alone: newest first
            total, page = date_page(searcher, compiled.query, limit, offset, fold=collapse)
        else:
            total, page = relevance_page(searcher, compiled.query, limit, offset, now, fold=collapse)

        generator = snippet_generator(searcher, schema, compiled.highlight) if page else None
        hits = [make_hit(searcher, generator, r.score, r.address, r.copies) for r in page]
        facets = collect_facets(searcher, compiled.query) if with_facets else empty_facets()
        suggestion = suggest(searcher, schema, parsed, total) if total < SUGGEST_BELOW else None
        took = (time.perf_counter() - started) * 1000
        return SearchResult(query, total, hits, facets, took, parsed, suggestion, collapsed=collapse)


def make_hit(
    searcher: tantivy.Searcher,
    generator: tantivy.SnippetGenerator | None,
    score: float,
    address: tantivy.DocAddress,
    copies: list[tantivy.DocAddress] | None = None,
) -> Hit:
    """The Hit of one document, its snippet from `generator` (the text's opening when None)."""
    doc = searcher.doc(address)
    duplicates = [searcher.doc(c).get_first(F.ID) or "" for c in copies or ()]
    story = doc.get_first(F.STORY_ID)
    snippet, highlights = make_snippet(generator, doc)
    return Hit(
        id=doc.get_first(F.ID) or "",
        title=doc.get_first(F.TITLE) or "",
        url=doc.get_first(F.URL) or "",
        source=doc.get_first(F.SOURCE) or "",
        published=doc.get_first(F.PUBLISHED_TEXT),
        language=doc.get_first(F.LANGUAGE),
        score=float(score),
        snippet=snippet,
        highlights=highlights,
        duplicates=duplicates,
        story_id=int(story) if story else None,
        speakers=[str(v) for v in doc.to_dict().get(F.SPEAKER_KEY, [])],
    )


def search(
    index_dir: Path,
    query: str,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    now: datetime | None = None,
    *,
    with_facets: bool = True,
    collapse: bool = True,
) -> SearchResult:
    """Open the index at `index_dir` and run one query (use Searcher to run many)."""
    return Searcher(index_dir).search(query, limit, offset, sort, now, with_facets=with_facets,
                                      collapse=collapse)
