"""Search-box autocomplete: finish the word being typed from what the index and the catalog know.

    complete(searcher_or_home, 'russia gera') -> [Completion('russia Valery Gerasimov', 'entity', 2), ...]

Four sources, ranked together by log(count) plus a bonus per kind (a name or a story is a more
useful thing to pick than a bare word found as often):
- words: the exact-form vocabulary (`text_exact`; `title_exact` after intitle:) by document
  frequency: one term-dictionary walk per prefix, keeping its WORD_SCAN most frequent terms. After
  earlier words ("skylark a") the walk counts only the articles that have them (tantivy's
  filtered walk, 1-3 times the cost of a plain one), so "air" beats "and".
  Prefixes typed without accents also walk the stemmed field, which is accent-folded, and turn
  the few stems that beat the exact candidates back into a word as written (read from one
  article that has it), so "valbru" finds "valbrück".
- names: entities (people, organisations, places: `entity_key`, by articles naming them) and
  speakers (`speaker_key`, by articles quoting them), matched on any word of the name, folded
  ("gera" and "Gera" and "Géra" find "Valery Gerasimov"); earlier typed words that match the
  name's earlier words are replaced with it ("valery ge" -> "Valery Gerasimov"), and such a name
  ranks as if ALIGNED_BONUS times more common for each.
- stories: labels of the biggest stories of the last RECENT_DAYS days before the newest one,
  when every typed word starts one of the label's words; picking one searches its headline.

Only the last word is completed: the text before it is kept as typed, and a completion is always
the whole query to run (`text`). Inside an open quote the phrase is completed and closed;
`-gera` completes the exclusion (a name in quotes); `speaker:` and `entity:` complete from that
kind of name only; `site:`, `lang:`, dates and `OR` complete nothing.

Cost: walking the term dictionary is linear in the number of terms sharing the prefix (about
0.6 us a term: a one-letter prefix of a million-term vocabulary is ~20 ms), and the name table
is one walk of the name fields (NAME_POOL names each). Both are cached per index commit (the
stat of meta.json, read before the searcher so a commit can only make the cache fresher) and
rebuilt lazily on the first call after a commit; after that a completion is a few
dictionary probes and bisections, well under a millisecond. Never raises for any input text.
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any, Literal

import tantivy

from newsdig.catalog.db import connect
from newsdig.catalog.stories import list_stories
from newsdig.errors import NewsdigError
from newsdig.home import Home
from newsdig.index.schema import F, exact_analyzer, stem_analyzer
from newsdig.search.engine import Searcher
from newsdig.search.parser import MAX_QUERY_CHARS
from newsdig.search.query_tail import Tail, parse_tail
from newsdig.search.suggest import fold, folded_words, is_name

Kind = Literal["entity", "speaker", "story", "word"]
DEFAULT_LIMIT = 8
MAX_LIMIT = 20
WORD_SCAN = 24  # most frequent terms read per prefix walk; more than any list shows
NAME_POOL = 10_000  # most frequent names per name field in the table (~100 ms to build for both)
RECENT_DAYS = 30  # stories offered: active in the last 30 days before the newest story
STORY_POOL = 300  # biggest recent stories kept
MIN_STORY_SIZE = 2  # a story is several articles; a lone article is a headline, not a story
MAX_STORIES = 3  # story labels shown at most (they are long)
MIN_STEM_PREFIX = 3  # accent-folded stem walks from this many letters (shorter: too many stems)
MAX_SURFACE_LOOKUPS = 3  # stems turned back into written words per call (one article read each)
SURFACE_TEXT_CHARS = 20_000  # how much of that article is tokenized to find the written form
CACHE_ENTRIES = 4096  # walks, counts and written forms kept per commit (a few hundred bytes each)
MAX_COMPLETERS = 16  # homes (index directories) with caches kept in one process
CONTEXT_WORDS = 4  # earlier words whose articles a walk is restricted to
MIN_CONTEXT_PREFIX = 2  # a one-letter walk restricted to articles costs too much (every posting)
# log(count) + bonus: a name in 4 times fewer articles than a word ranks with it, a story in 8.
BONUS: dict[str, float] = {"entity": math.log(4), "speaker": math.log(4), "story": math.log(8), "word": 0.0}
NAME_CONTEXT_CHECKS = 8  # names not going on from the earlier words that are counted with them
ALIGNED_BONUS = math.log(50)  # per earlier typed word a name goes on from ("valery ge" -> Valery G...)


@dataclass(frozen=True, slots=True)
class Completion:
    """One way to finish the query: `text` is the whole query to run; `count` is articles (the story's
    size for a story)."""

    text: str
    kind: Kind
    count: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# -- the per-commit vocabulary ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Name:
    text: str
    kind: Kind
    count: int
    words: tuple[str, ...]  # folded


class NameTable:
    """Entity and speaker names by any of their folded words, for prefix lookups by bisection."""

    def __init__(self, names: list[_Name]) -> None:
        self.names = names
        keys = sorted((word, i) for i, name in enumerate(names) for word in set(name.words))
        self._words = [word for word, _ in keys]
        self._ids = [i for _, i in keys]

    @classmethod
    def from_index(cls, searcher: tantivy.Searcher) -> NameTable:
        """The NAME_POOL most frequent names of each field that read as names (`is_name`): speakers
        that are not also entities must look like a proper name of two words or more."""
        entities = _walk_all(searcher, F.ENTITY_KEY)
        known = {fold(name) for name, _ in entities}
        names = [_Name(name, "entity", df, tuple(folded_words(name)))
                 for name, df in entities if is_name(name)]
        names += [_Name(name, "speaker", df, tuple(folded_words(name)))
                  for name, df in _walk_all(searcher, F.SPEAKER_KEY)
                  if is_name(name, strict=fold(name) not in known)]
        return cls([name for name in names if name.words])

    def starting(self, prefix: str) -> list[_Name]:
        """Names with a word starting with the folded `prefix`."""
        low = bisect_left(self._words, prefix)
        high = bisect_left(self._words, prefix + "\U0010ffff", low)
        return [self.names[i] for i in dict.fromkeys(self._ids[low:high])]


def _walk_all(searcher: tantivy.Searcher, field: str) -> list[tuple[str, int]]:
    try:
        return searcher.terms_with_prefix(field, "", limit=NAME_POOL)
    except ValueError:  # an index from before the enrichment fields
        return []


@dataclass(frozen=True, slots=True)
class _Story:
    label: str
    size: int
    words: tuple[str, ...]  # folded


def recent_stories(catalog: Path) -> list[_Story]:
    """The STORY_POOL biggest stories (of MIN_STORY_SIZE articles or more) active in the RECENT_DAYS
    days before the newest story's last article. The window ends at the home's newest news, not at
    today, so a home of last year's news (or the demo sample) still completes its stories."""
    if not catalog.exists():
        return []
    try:
        conn = connect(catalog, readonly=True)
    except NewsdigError:
        return []
    try:
        newest = conn.execute("SELECT MAX(last_seen) FROM stories").fetchone()[0]
        if not newest:
            return []
        since = (date.fromisoformat(str(newest)[:10]) - timedelta(days=RECENT_DAYS)).isoformat()
        found = list_stories(conn, since=since, limit=STORY_POOL, min_size=MIN_STORY_SIZE)
    except (sqlite3.Error, ValueError):  # no enrichment tables yet, or a date that is not one
        return []
    finally:
        conn.close()
    return [_Story(s.label, s.size, tuple(folded_words(s.label))) for s in found if s.label.strip()]


class _Vocabulary:
    """What one commit's completions reuse: the name table, the recent stories, and (in `lookups`,
    the oldest dropped past CACHE_ENTRIES) prefix walks, counts with earlier words, and stems read
    back as written words."""

    def __init__(self, stamp: object) -> None:
        self.stamp = stamp
        self.names: NameTable | None = None
        self.stories: tuple[object, list[_Story]] | None = None
        self.lookups: OrderedDict[tuple[str, ...], Any] = OrderedDict()


# -- completing -------------------------------------------------------------------------------

class Completer:
    """Completions over one home's index (and its catalog, for stories), with per-commit caches.

    Thread-safe: the server answers completions from a thread pool; building a cache holds the lock,
    so a burst of keystrokes after a commit builds it once.
    """

    def __init__(self, searcher: Searcher, catalog: Path | None = None) -> None:
        self.searcher = searcher
        self.catalog = catalog
        self._lock = threading.RLock()
        self._vocabulary = _Vocabulary(None)

    def complete(self, query: str, limit: int = DEFAULT_LIMIT) -> list[Completion]:
        """Up to `limit` completions of the query's last word, best first."""
        query = query if isinstance(query, str) else str(query or "")
        query = query[:MAX_QUERY_CHARS]
        limit = min(max(int(limit), 1), MAX_LIMIT)
        tail = parse_tail(query)
        if tail is None:
            return []
        vocabulary, searcher, schema = self._snapshot()
        candidates: list[_Scored] = []
        if tail.field in (None, "intitle"):
            field = F.TITLE_EXACT if tail.field == "intitle" else F.TEXT_EXACT
            candidates += self._word_completions(query, tail, vocabulary, searcher, schema, field)
        candidates += self._name_completions(query, tail, vocabulary, searcher, schema)
        if tail.whole_query_plain:
            candidates += self._story_completions(tail, vocabulary)
        return _ranked(candidates, limit)

    # -- caches -------------------------------------------------------------------------------
    def _snapshot(self) -> tuple[_Vocabulary, tantivy.Searcher, tantivy.Schema]:
        stamp = _index_stamp(self.searcher.index_dir)  # before the searcher: never newer than it
        searcher, schema = self.searcher.snapshot()
        vocabulary = self._vocabulary
        if stamp is not None and stamp != vocabulary.stamp:
            with self._lock:
                if self._vocabulary.stamp != stamp:
                    self._vocabulary = _Vocabulary(stamp)
                vocabulary = self._vocabulary
        return vocabulary, searcher, schema

    def _cached(self, vocabulary: _Vocabulary, key: tuple[str, ...], compute: Callable[[], Any]) -> Any:
        """`compute()` once per commit and key (two threads may both compute it: same answer)."""
        if key in vocabulary.lookups:
            return vocabulary.lookups[key]
        value = compute()
        with self._lock:
            vocabulary.lookups[key] = value
            while len(vocabulary.lookups) > CACHE_ENTRIES:
                vocabulary.lookups.popitem(last=False)
        return value

    def _walk(self, vocabulary: _Vocabulary, searcher: tantivy.Searcher, field: str, prefix: str,
              context: tuple[tuple[str, ...], tantivy.Query | None] = ((), None)) -> list[tuple[str, int]]:
        """The WORD_SCAN most frequent terms of `field` starting with `prefix`, counted in the articles
        matching the context query when there is one."""

        def walk() -> list[tuple[str, int]]:
            try:
                return searcher.terms_with_prefix(field, prefix, filter_query=context[1], limit=WORD_SCAN)
            except ValueError:  # a field this index does not have
                return []

        found: list[tuple[str, int]] = self._cached(vocabulary, ("walk", field, prefix, *context[0]), walk)
        return found

    def _names(self, vocabulary: _Vocabulary, searcher: tantivy.Searcher) -> NameTable:
        if vocabulary.names is None:
            with self._lock:
                if vocabulary.names is None:
                    vocabulary.names = NameTable.from_index(searcher)
        return vocabulary.names

    def _stories(self, vocabulary: _Vocabulary) -> list[_Story]:
        if self.catalog is None:
            return []
        stamp = _file_stamp(self.catalog)
        cached = vocabulary.stories
        if cached is None or cached[0] != stamp:
            with self._lock:
                cached = vocabulary.stories
                if cached is None or cached[0] != stamp:
                    cached = vocabulary.stories = (stamp, recent_stories(self.catalog))
        return cached[1]

    # -- the sources --------------------------------------------------------------------------
    def _word_completions(self, query: str, tail: Tail, vocabulary: _Vocabulary,
                          searcher: tantivy.Searcher, schema: tantivy.Schema, field: str) -> list[_Scored]:
        """Vocabulary words finishing the last word; after earlier words, counted where they are."""
        last = tail.words[-1]
        typed = last.text.lower()
        stem_field = F.TITLE if field == F.TITLE_EXACT else F.TEXT
        context = _context(schema, stem_field, tail) if len(typed) >= MIN_CONTEXT_PREFIX else ((), None)
        found: dict[str, int] = {}
        for term, df in self._walk(vocabulary, searcher, field, typed, context):
            if _offerable(term, typed):
                found[term] = df
        if not found and context[1] is not None:  # the earlier words meet nowhere: count everywhere
            context = ((), None)
            walked = self._walk(vocabulary, searcher, field, typed)
            found = {term: df for term, df in walked if _offerable(term, typed)}
        folded = fold(typed)
        if len(folded) >= MIN_STEM_PREFIX and folded.isascii() and context[1] is None:
            self._folded_words(vocabulary, searcher, schema, field, folded, found)
        head = query[:last.start]
        return [(Completion(head + _same_case(last.text, term) + tail.closer, "word", df), 0.0)
                for term, df in found.items()]

    def _folded_words(self, vocabulary: _Vocabulary, searcher: tantivy.Searcher, schema: tantivy.Schema,
                      field: str, folded: str, found: dict[str, int]) -> None:
        """Add the written forms of accent-folded stems starting with `folded` that could rank among
        the exact candidates (the stem's count bounds its words'), reading at most
        MAX_SURFACE_LOOKUPS articles."""
        stem_field = F.TITLE if field == F.TITLE_EXACT else F.TEXT
        covered = {stem for term in found for stem in stem_analyzer().analyze(term)}
        floor = sorted(found.values(), reverse=True)[DEFAULT_LIMIT - 1] if len(found) >= DEFAULT_LIMIT else 0
        lookups = 0
        for stem, df in self._walk(vocabulary, searcher, stem_field, folded):
            if stem in covered or df <= floor:
                continue
            key = ("written", field, stem, folded)
            if key not in vocabulary.lookups:
                if lookups >= MAX_SURFACE_LOOKUPS:
                    continue
                lookups += 1
            word = self._cached(vocabulary, key, partial(_written_form, searcher, schema, field, stem_field,
                                                         stem, folded))
            if word is not None and word not in found:
                found[word] = searcher.doc_freq(field, word)

    def _name_completions(self, query: str, tail: Tail, vocabulary: _Vocabulary,
                          searcher: tantivy.Searcher, schema: tantivy.Schema) -> list[_Scored]:
        """Names with a word starting like the last word, replacing the earlier words they go on from.

        A name that does not go on from the earlier words ("kim j" -> Jonas Keller) follows them:
        the NAME_CONTEXT_CHECKS most common are counted in the articles having the earlier words
        (one counting query each, cached), and dropped where they never meet.
        """
        kinds = {"speaker": ("speaker",), "entity": ("entity",)}.get(tail.field or "", ("entity", "speaker"))
        typed = [fold(w.text) for w in tail.words]
        context = _context(schema, F.TEXT, tail)
        found: list[_Scored] = []
        loose: list[tuple[_Name, int]] = []
        for name in self._names(vocabulary, searcher).starting(typed[-1]):
            if name.kind not in kinds:
                continue
            span = _aligned(typed, name.words)
            start = tail.words[len(tail.words) - span].start
            if start not in tail.anchors:
                continue
            if span == 1 and context[1] is not None:
                loose.append((name, start))
                continue
            completion = self._name_completion(query, tail, name, start, name.count)
            found.append((completion, ALIGNED_BONUS * (span - 1)))
        loose.sort(key=lambda item: (-item[0].count, item[0].text))
        for name, start in loose[:NAME_CONTEXT_CHECKS]:
            count = self._count_with(vocabulary, searcher, schema, name, context)
            if count:
                found.append((self._name_completion(query, tail, name, start, count), 0.0))
        return found

    @staticmethod
    def _name_completion(query: str, tail: Tail, name: _Name, start: int, count: int) -> Completion:
        text = name.text
        if tail.value_start is not None and " " in text:  # a filter's or an exclusion's whole value
            text = f'"{text}"'
        return Completion(query[:start] + text + tail.closer, name.kind, count)

    def _count_with(self, vocabulary: _Vocabulary, searcher: tantivy.Searcher, schema: tantivy.Schema,
                    name: _Name, context: tuple[tuple[str, ...], tantivy.Query | None]) -> int:
        """Articles that have the context's words and name `name` (as an entity or as a speaker)."""

        def count() -> int:
            field = F.ENTITY_KEY if name.kind == "entity" else F.SPEAKER_KEY
            must = tantivy.Occur.Must
            query = tantivy.Query.boolean_query([(must, context[1]),
                                                 (must, tantivy.Query.term_query(schema, field, name.text))])
            return int(searcher.search(query, limit=1, count=True).count or 0)

        counted: int = self._cached(vocabulary, ("count", name.kind, name.text, *context[0]), count)
        return counted

    def _story_completions(self, tail: Tail, vocabulary: _Vocabulary) -> list[_Scored]:
        """Recent story labels that have a word starting with each typed word (biggest first)."""
        typed = [fold(w.text) for w in tail.words]
        found: list[_Scored] = []
        for story in self._stories(vocabulary):
            if all(any(word.startswith(t) for word in story.words) for t in typed):
                found.append((Completion(story.label, "story", story.size), 0.0))
                if len(found) >= MAX_STORIES:  # the pool is biggest first
                    break
        return found


_Scored = tuple[Completion, float]  # a candidate and its bonus beyond its kind's


def _context(schema: tantivy.Schema, stem_field: str,
             tail: Tail) -> tuple[tuple[str, ...], tantivy.Query | None]:
    """The earlier words of the unit being typed (CONTEXT_WORDS at most) as stems, and the query for
    articles having them all; ((), None) when the last word stands alone."""
    stems = tuple(dict.fromkeys(stem for word in tail.words[:-1][-CONTEXT_WORDS:]
                                for stem in stem_analyzer().analyze(word.text)))
    if not stems:
        return (), None
    must = tantivy.Occur.Must
    return stems, tantivy.Query.boolean_query([(must, tantivy.Query.term_query(schema, stem_field, stem))
                                               for stem in stems])


def _aligned(typed: list[str], name: list[str] | tuple[str, ...]) -> int:
    """How many of the typed words the name replaces: the longest run of typed words, ending with
    the last (a prefix of a name word), found in order among the name's earlier words, so
    "valery ge" and "northwind coun" (Northwind city council) are both the name; else 1."""
    best = 1
    for end, word in enumerate(name):
        if not word.startswith(typed[-1]):
            continue
        span, position = 1, end
        while span < len(typed):
            try:
                position = name.index(typed[-1 - span], 0, position)
            except ValueError:
                break
            span += 1
        best = max(best, span)
    return best


def _written_form(searcher: tantivy.Searcher, schema: tantivy.Schema, field: str, stem_field: str,
                  stem: str, folded: str) -> str | None:
    """The most frequent written word (exact form) with this stem and folded prefix, read from one
    article that has the stem: the stemmed field is accent-folded and holds no written forms."""
    if searcher.doc_freq(field, stem) > 0:
        return stem  # written as its stem ("cafe" for a typed "café"): no article to read
    query = tantivy.Query.term_query(schema, stem_field, stem)
    hits = searcher.search(query, limit=1).hits
    if not hits:
        return None
    doc = searcher.doc(hits[0][1])
    text = " ".join(str(v) for key in (F.TITLE, F.TEXT) for v in doc.to_dict().get(key, []))
    counts: dict[str, int] = {}
    for token in exact_analyzer().analyze(text[:SURFACE_TEXT_CHARS]):
        if fold(token).startswith(folded):
            counts[token] = counts.get(token, 0) + 1
    for token in sorted(counts, key=lambda t: (-counts[t], t)):
        if stem_analyzer().analyze(token) == [stem]:
            return token
    return None


def _offerable(term: str, typed: str) -> bool:
    """A vocabulary term worth offering: two characters or more, and a number only for a number."""
    return len(term) > 1 and (not term.isdigit() or typed.isdigit())


def _same_case(typed: str, word: str) -> str:
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _ranked(candidates: list[_Scored], limit: int) -> list[Completion]:
    """Best first by log(count) + BONUS[kind] + the candidate's own bonus; one completion per text
    (case and accents aside: the better-ranked form stays)."""
    order = {"entity": 0, "speaker": 1, "story": 2, "word": 3}

    def rank(item: _Scored) -> tuple[float, int, str]:
        completion, bonus = item
        score = math.log1p(completion.count) + BONUS[completion.kind] + bonus
        return -score, order[completion.kind], completion.text

    seen: set[str] = set()
    ranked: list[Completion] = []
    for completion, _ in sorted(candidates, key=rank):
        same = " ".join(folded_words(completion.text))
        if same in seen:
            continue
        seen.add(same)
        ranked.append(completion)
        if len(ranked) >= limit:
            break
    return ranked


def _index_stamp(index_dir: Path) -> tuple[int, int, int] | None:
    """Which commit the index directory holds (its inode and meta.json's time and size), or None
    mid-swap; the same stamp Searcher.refresh compares."""
    try:
        directory = os.stat(index_dir)
        meta = os.stat(index_dir / "meta.json")
    except OSError:
        return None
    return (directory.st_ino, meta.st_mtime_ns, meta.st_size)


def _file_stamp(path: Path) -> tuple[int, int]:
    """The catalog's modification times (the database and its write-ahead log)."""
    stamps = []
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            stamps.append(os.stat(candidate).st_mtime_ns)
        except OSError:
            stamps.append(0)
    return stamps[0], stamps[1]


# -- the entry point --------------------------------------------------------------------------

_COMPLETERS: OrderedDict[str, Completer] = OrderedDict()
_REGISTRY_LOCK = threading.Lock()


def complete(source: Searcher | Home, prefix: str, limit: int = DEFAULT_LIMIT) -> list[Completion]:
    """Up to `limit` completions of the last word of `prefix` (a query being typed), best first.

    `source` is the server's Searcher (its home's catalog, next to the index, gives the stories) or
    a Home (a searcher is opened and kept). A home with no index yet completes nothing.
    """
    completer = _completer(source)
    return completer.complete(prefix, limit) if completer is not None else []


def _completer(source: Searcher | Home) -> Completer | None:
    if isinstance(source, Home):
        index_dir, catalog, searcher = source.index_dir, source.catalog_path, None
    else:
        index_dir, catalog, searcher = source.index_dir, Home(source.index_dir.parent).catalog_path, source
    key = str(Path(index_dir).resolve())
    with _REGISTRY_LOCK:
        completer = _COMPLETERS.get(key)
        if completer is not None:
            _COMPLETERS.move_to_end(key)
            if searcher is not None and completer.searcher is not searcher:
                completer.searcher = searcher
            return completer
        if searcher is None:
            if not (Path(index_dir) / "meta.json").exists():
                return None
            searcher = Searcher(Path(index_dir))
        completer = _COMPLETERS[key] = Completer(searcher, catalog)
        while len(_COMPLETERS) > MAX_COMPLETERS:
            _COMPLETERS.popitem(last=False)
        return completer
