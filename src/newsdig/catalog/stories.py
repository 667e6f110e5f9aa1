"""Story clusters in the catalog, grown one article at a time; the corpus is never re-clustered.

An arriving article is compared only with the stories still open around its date (± `WINDOW_DAYS`
of `newsdig.enrich.stories`): candidate stories come from the postings of its heaviest terms
(`story_terms`, keyed by term and the story's last_seen, so closed stories are never read), the
best few are scored exactly (cosine with their centroid) and the article joins the best one at
or above `THRESHOLD`, else starts a story. The story's centroid, dates, size, outlets and label
are updated in place. If the grown story now resembles another open candidate (`MERGE_THRESHOLD`),
the two are merged: that is what makes the result nearly independent of arrival order, when two
tellings of one event that share little started separate stories before the rest arrived.

Each article's own vector is kept (`story_articles.terms`) so the story can be recomputed
without it when its text changes (`remove_from_story`) and its members re-scored for the label.
Document frequencies (`term_df`; the row with the empty term counts documents) grow as articles
are first assigned; a re-assigned or removed article is not subtracted (a changed text is
usually the same story with small edits, and idf moves by a negligible log factor), so `df`
counts each article once, by the text it first had.

Plain functions over a connection; the caller owns the transaction. Per article, rows written:
its `term_df` entries (≤ its distinct terms: `MAX_TEXT_WORDS` words + title + entity names),
one membership row, one story row and the story's ≤ `CENTROID_TERMS` postings (plus, on a merge,
the moved memberships); rows read: ≤ `QUERY_TERMS` x 2 x `POSTINGS_LIMIT` postings,
`MAX_CANDIDATES` stories and `RESCORE_ALL` member vectors.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from newsdig.catalog.articles import now_iso
from newsdig.enrich.records import Entity
from newsdig.enrich.stories import (
    MERGE_THRESHOLD,
    Vector,
    add,
    centroid_of,
    choose_story,
    cosine,
    most_central,
    seen_at,
    term_counts,
    weigh,
    window,
)
from newsdig.models import Article

QUERY_TERMS = 12  # the article's heaviest terms whose postings are read
POSTINGS_LIMIT = 200  # postings read per term and side of the window
MAX_CANDIDATES = 16  # stories scored exactly, the best by their partial (posting) score first
RESCORE_ALL = 50  # up to this size every member is re-scored for the label; above, old label vs new
DOCUMENTS = ""  # the term_df row counting documents (no real term is empty)
IN_CHUNK = 500
TOP_ENTITIES = 20
TOP_TERMS = 12
ENTITY_KINDS = frozenset({"person", "org", "place", "group"})


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """Which story an article went to; `created` when it started one (similarity then 1.0).

    `moved`: other articles whose story id changed because two stories were merged (their index
    documents carry the story id, so the caller should record them as changed).
    """

    story_id: int
    created: bool
    similarity: float
    moved: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StorySummary:
    id: int
    label: str
    label_article_id: str | None
    first_seen: str | None
    last_seen: str | None
    size: int
    outlets: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StoryDetail:
    """A story page: what it is, who told it when, who said what, who is in it."""

    id: int
    label: str
    label_article_id: str | None
    first_seen: str | None
    last_seen: str | None
    size: int
    outlets: list[dict[str, Any]]  # {source, articles}, most articles first
    articles: list[dict[str, Any]]  # the timeline, oldest first: {id, title, source, url, published, ...}
    speakers: list[dict[str, Any]] = field(default_factory=list)  # {speaker, roles, stances, statements}
    entities: list[dict[str, Any]] = field(default_factory=list)  # {name, kind, articles, mentions}
    terms: list[str] = field(default_factory=list)  # the centroid's heaviest terms

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _chunks(items: Sequence[str]) -> Iterator[list[str]]:
    for pos in range(0, len(items), IN_CHUNK):
        yield list(items[pos:pos + IN_CHUNK])


def _dumps(vector: Mapping[str, float]) -> str:
    return json.dumps({t: round(w, 5) for t, w in vector.items()}, ensure_ascii=False, separators=(",", ":"))


def _loads(text: str | None) -> Vector:
    return {str(t): float(w) for t, w in json.loads(text or "{}").items()}


# -- assignment ---------------------------------------------------------------------------

@dataclass
class _Story:
    """A story row being updated in memory (saved with `_save`)."""

    id: int
    label: str
    label_id: str | None
    first_seen: str
    last_seen: str
    size: int
    outlets: int
    centroid: Vector


def _load(conn: sqlite3.Connection, story_id: int) -> _Story | None:
    row = conn.execute("SELECT id, label, label_article_id, first_seen, last_seen, size, outlets, terms "
                       "FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    return _Story(int(row[0]), row[1], row[2], row[3] or "", row[4] or "", int(row[5]), int(row[6]),
                  _loads(row[7]))


def _save(conn: sqlite3.Connection, story: _Story) -> None:
    conn.execute(
        "UPDATE stories SET label = ?, label_article_id = ?, first_seen = ?, last_seen = ?, size = ?, "
        "outlets = ?, terms = ?, updated_at = ? WHERE id = ?",
        (story.label, story.label_id, story.first_seen, story.last_seen, story.size, story.outlets,
         _dumps(story.centroid), now_iso(), story.id),
    )
    _write_postings(conn, story.id, story.centroid, story.last_seen)


def _write_postings(conn: sqlite3.Connection, story_id: int, centroid: Vector, last_seen: str) -> None:
    """Replace the story's postings: its centroid terms with normalised weights, under last_seen."""
    conn.execute("DELETE FROM story_terms WHERE story_id = ?", (story_id,))
    norm = sum(w * w for w in centroid.values()) ** 0.5 or 1.0
    conn.executemany("INSERT INTO story_terms(term, last_seen, story_id, weight) VALUES (?, ?, ?, ?)",
                     [(t, last_seen, story_id, w / norm) for t, w in centroid.items()])


def _document_frequencies(conn: sqlite3.Connection, terms: Sequence[str],
                          count: bool) -> tuple[int, dict[str, int]]:
    """(documents, df of each term), after counting this article in first when `count`."""
    if count:
        conn.executemany(
            "INSERT INTO term_df(term, df) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1",
            [(t,) for t in (DOCUMENTS, *terms)])
    df: dict[str, int] = {}
    for chunk in _chunks([DOCUMENTS, *terms]):
        df.update(conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({_marks(len(chunk))})", chunk))
    return max(df.pop(DOCUMENTS, 1), 1), df


def _candidates(conn: sqlite3.Connection, vector: Vector, seen: str) -> list[tuple[int, Vector]]:
    """Open stories sharing the article's heaviest terms: (id, centroid), best partial score first.

    Postings of stories whose last_seen falls in the window are read newest first; stories that
    go on past the window (a backfilled older article) nearest first, and kept only if they began
    before the window's end.
    """
    low, high = window(seen)
    partial: Counter[int] = Counter()
    for term in list(vector)[:QUERY_TERMS]:
        for sql, bounds in (
            ("SELECT story_id, weight FROM story_terms WHERE term = ? AND last_seen >= ? AND last_seen < ? "
             "ORDER BY last_seen DESC LIMIT ?", (term, low, high, POSTINGS_LIMIT)),
            ("SELECT story_id, weight FROM story_terms WHERE term = ? AND last_seen >= ? "
             "ORDER BY last_seen LIMIT ?", (term, high, POSTINGS_LIMIT)),
        ):
            for story_id, weight in conn.execute(sql, bounds):
                partial[story_id] += vector[term] * weight
    best = [story_id for story_id, _ in sorted(partial.items(), key=lambda i: (-i[1], i[0]))[:MAX_CANDIDATES]]
    if not best:
        return []
    rows = conn.execute(f"SELECT id, terms FROM stories WHERE id IN ({_marks(len(best))}) AND first_seen < ?",
                        (*best, high)).fetchall()
    found = {int(r[0]): _loads(r[1]) for r in rows}
    return [(story_id, found[story_id]) for story_id in best if story_id in found]


def _vectors(conn: sqlite3.Connection, ids: Sequence[str | None]) -> list[tuple[str, Vector]]:
    wanted = [i for i in dict.fromkeys(ids) if i]
    if not wanted:
        return []
    rows = conn.execute(
        f"SELECT article_id, terms FROM story_articles WHERE article_id IN ({_marks(len(wanted))}) "
        "ORDER BY article_id", wanted).fetchall()
    return [(str(r[0]), _loads(r[1])) for r in rows]


def _relabel(conn: sqlite3.Connection, story: _Story, titles: Mapping[str, str],
             extra: Sequence[tuple[str, Vector]] = ()) -> None:
    """Set the label to the headline of the member closest to the centroid.

    Stories up to `RESCORE_ALL` members re-score every member; bigger ones weigh only the current
    label against the newcomers (`titles`: id -> headline of articles known here), which keeps the
    work per article bounded.
    """
    if story.size <= RESCORE_ALL:
        rows = conn.execute(
            "SELECT article_id, terms FROM story_articles WHERE story_id = ? ORDER BY article_id", (story.id,)
        ).fetchall()
        members = [(str(r[0]), _loads(r[1])) for r in rows]
    else:
        members = [*_vectors(conn, [story.label_id, *titles]), *extra]
    chosen = most_central(story.centroid, members)
    if chosen is None or chosen == story.label_id:
        return
    title = titles.get(chosen) or _title(conn, chosen)
    if title:
        story.label_id, story.label = chosen, title


def _title(conn: sqlite3.Connection, article_id: str) -> str | None:
    row = conn.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone()
    return str(row[0]) if row is not None and row[0] else None


def _create(conn: sqlite3.Connection, article: Article, vector: Vector, seen: str) -> int:
    cursor = conn.execute(
        "INSERT INTO stories(label, label_article_id, first_seen, last_seen, size, outlets, terms, "
        "updated_at) VALUES (?, ?, ?, ?, 1, 1, ?, ?)",
        (article.title, article.id, seen, seen, _dumps(vector), now_iso()),
    )
    story_id = int(cursor.lastrowid or 0)
    conn.execute("INSERT INTO story_articles(article_id, story_id, similarity, seen, source, terms) "
                 "VALUES (?, ?, 1.0, ?, ?, ?)", (article.id, story_id, seen, article.source, _dumps(vector)))
    _write_postings(conn, story_id, vector, seen)
    return story_id


def _join(conn: sqlite3.Connection, story: _Story, article: Article, vector: Vector, seen: str,
          score: float) -> None:
    new_outlet = conn.execute("SELECT 1 FROM story_articles WHERE story_id = ? AND source = ? LIMIT 1",
                              (story.id, article.source)).fetchone() is None
    conn.execute("INSERT INTO story_articles(article_id, story_id, similarity, seen, source, terms) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 (article.id, story.id, score, seen, article.source, _dumps(vector)))
    story.centroid = add(story.centroid, vector)
    story.first_seen = min(story.first_seen or seen, seen)
    story.last_seen = max(story.last_seen or seen, seen)
    story.size += 1
    story.outlets += int(new_outlet)
    _relabel(conn, story, {article.id: article.title}, [(article.id, vector)])
    _save(conn, story)


def _merge(conn: sqlite3.Connection, keep: _Story, gone: _Story) -> list[str]:
    """Fold story `gone` into `keep`; returns the ids of the articles that changed story."""
    moved = [str(r[0]) for r in conn.execute("SELECT article_id FROM story_articles WHERE story_id = ?",
                                             (gone.id,))]
    conn.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (keep.id, gone.id))
    conn.execute("DELETE FROM story_terms WHERE story_id = ?", (gone.id,))
    conn.execute("DELETE FROM stories WHERE id = ?", (gone.id,))
    keep.centroid = add(keep.centroid, gone.centroid)
    keep.first_seen = min(keep.first_seen, gone.first_seen)
    keep.last_seen = max(keep.last_seen, gone.last_seen)
    keep.size += gone.size
    keep.outlets = int(conn.execute("SELECT COUNT(DISTINCT source) FROM story_articles WHERE story_id = ?",
                                    (keep.id,)).fetchone()[0])
    titles = {keep.label_id: keep.label} if keep.label_id else {}
    if gone.label_id:
        titles[gone.label_id] = gone.label
    _relabel(conn, keep, titles)
    _save(conn, keep)
    return moved


def assign_story(conn: sqlite3.Connection, article: Article,
                 entities: Sequence[Entity] = ()) -> StoryAssignment:
    """Put the article into the closest open story, or start one; returns where it went.

    An article already in a story is taken out first (its text may have changed), so assigning
    again never counts it twice. Near-duplicates land together: their vectors are nearly equal.

    When the story it joined now resembles another open story it was compared with (centroid
    cosine ≥ `MERGE_THRESHOLD`), the two are one story told from two ends that met late: the
    smaller is folded into the bigger, and `moved` lists the other articles whose story changed.
    """
    known = conn.execute("SELECT 1 FROM story_articles WHERE article_id = ?", (article.id,)).fetchone()
    if known is not None:
        remove_from_story(conn, article.id)
    names = [e.name for e in entities if e.kind in ENTITY_KINDS]
    counts = term_counts(article.title, article.text, names)
    documents, df = _document_frequencies(conn, list(counts), count=known is None)
    vector = weigh(counts, df, documents)
    seen = seen_at(article.published, article.fetched_at)
    candidates = _candidates(conn, vector, seen) if vector else []
    choice = choose_story(vector, candidates)
    story = _load(conn, choice[0]) if choice is not None else None
    if choice is None or story is None:
        return StoryAssignment(_create(conn, article, vector, seen), True, 1.0)
    _join(conn, story, article, vector, seen, choice[1])
    moved: list[str] = []
    for other_id, other_centroid in candidates:
        if other_id == story.id or cosine(story.centroid, other_centroid) < MERGE_THRESHOLD:
            continue
        other = _load(conn, other_id)
        if other is None:
            continue
        keep, gone = (story, other) if (story.size, -story.id) >= (other.size, -other.id) else (other, story)
        moved.extend(_merge(conn, keep, gone))
        story = keep
    moved = [m for m in dict.fromkeys(moved) if m != article.id]
    return StoryAssignment(story.id, False, round(choice[1], 4), tuple(moved))


def remove_from_story(conn: sqlite3.Connection, article_id: str) -> int | None:
    """Take the article out of its story (deleting a story left empty); returns the story id.

    The story is recomputed from its remaining members (centroid, dates, outlets, label): exact,
    and rare enough (a changed text) for its cost to follow the story's size.
    """
    row = conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    story = _load(conn, int(row[0]))
    conn.execute("DELETE FROM story_articles WHERE article_id = ?", (article_id,))
    if story is None:
        return None
    members = conn.execute("SELECT terms, seen, source FROM story_articles WHERE story_id = ?",
                           (story.id,)).fetchall()
    if not members:
        conn.execute("DELETE FROM story_terms WHERE story_id = ?", (story.id,))
        conn.execute("DELETE FROM stories WHERE id = ?", (story.id,))
        return story.id
    story.centroid = centroid_of(_loads(m[0]) for m in members)
    dates = sorted(str(m[1]) for m in members if m[1])
    story.first_seen, story.last_seen = (dates[0], dates[-1]) if dates else ("", "")
    story.size = len(members)
    story.outlets = len({m[2] for m in members})
    if story.label_id == article_id:
        story.label_id = None  # whoever is most central now: the old label article is gone
    _relabel(conn, story, {})
    _save(conn, story)
    return story.id


# -- queries ------------------------------------------------------------------------------

def _filters(since: str | None, min_size: int) -> tuple[str, list[object]]:
    """The WHERE clause (placeholders only) and its values."""
    clauses, values = ["size >= ?"], [min_size]
    if since:
        clauses.append("last_seen >= ?")
        values.append(since)
    return " AND ".join(clauses), values


def list_stories(conn: sqlite3.Connection, *, since: str | None = None, limit: int = 20, offset: int = 0,
                 min_size: int = 1) -> list[StorySummary]:
    """Stories biggest first (then most recent); `since` is an ISO date lower bound on last_seen."""
    where, values = _filters(since, min_size)
    rows = conn.execute(
        "SELECT id, label, label_article_id, first_seen, last_seen, size, outlets FROM stories "
        f"WHERE {where} ORDER BY size DESC, last_seen DESC, id DESC LIMIT ? OFFSET ?",
        (*values, limit, offset),
    )
    return [StorySummary(int(r[0]), r[1], r[2], r[3], r[4], int(r[5]), int(r[6])) for r in rows]


def count_stories(conn: sqlite3.Connection, since: str | None = None, min_size: int = 1) -> int:
    where, values = _filters(since, min_size)
    return int(conn.execute(f"SELECT COUNT(*) FROM stories WHERE {where}", values).fetchone()[0])


def stories_of(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, int]:
    """Article id -> story id, for the given ids that are in a story."""
    found: dict[str, int] = {}
    for chunk in _chunks(ids):
        for article_id, story_id in conn.execute(
            f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({_marks(len(chunk))})",
            chunk,
        ):
            found[article_id] = int(story_id)
    return found


def _timeline(conn: sqlite3.Connection, story_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT sa.article_id, sa.seen, sa.source, sa.similarity, a.title, a.url, a.published, a.source "
        "FROM story_articles sa LEFT JOIN articles a ON a.id = sa.article_id "
        "WHERE sa.story_id = ? ORDER BY sa.seen, sa.article_id", (story_id,))
    return [{"id": r[0], "title": r[4], "source": r[7] or r[2], "url": r[5], "published": r[6], "seen": r[1],
             "similarity": r[3]} for r in rows]


@dataclass
class _Speaker:
    speaker: str
    roles: list[str] = field(default_factory=list)
    stances: Counter[str] = field(default_factory=Counter)
    statements: list[dict[str, Any]] = field(default_factory=list)


def _speakers(conn: sqlite3.Connection, story_id: int) -> list[dict[str, Any]]:
    """Statements of the story's articles grouped by speaker (case-insensitively), most statements first."""
    groups: dict[str, _Speaker] = {}
    rows = conn.execute(
        "SELECT q.article_id, q.speaker, q.speaker_role, q.via, q.cue, q.kind, q.stance, q.text, q.numbers, "
        "a.source, a.published FROM story_articles sa JOIN quotes q ON q.article_id = sa.article_id "
        "LEFT JOIN articles a ON a.id = q.article_id WHERE sa.story_id = ? "
        "ORDER BY sa.seen, q.article_id, q.seq", (story_id,))
    for article_id, speaker, role, via, cue, kind, stance, text, numbers, source, published in rows:
        group = groups.setdefault(str(speaker).casefold(), _Speaker(str(speaker)))
        if role and role not in group.roles:
            group.roles.append(role)
        group.stances[stance] += 1
        group.statements.append({
            "article_id": article_id, "source": source, "published": published, "text": text,
            "stance": stance, "kind": kind, "cue": cue, "via": via, "numbers": json.loads(numbers or "[]"),
        })
    ranked = sorted(groups.values(), key=lambda g: (-len(g.statements), g.speaker))
    return [{"speaker": g.speaker, "roles": g.roles, "statement_count": len(g.statements),
             "stances": dict(g.stances.most_common()), "statements": g.statements} for g in ranked]


@dataclass
class _Name:
    name: str
    kinds: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    mentions: int = 0


def _entities(conn: sqlite3.Connection, story_id: int, limit: int) -> list[dict[str, Any]]:
    """The names most of the story's articles mention: (articles, mentions) descending."""
    names: dict[str, _Name] = {}
    rows = conn.execute(
        "SELECT e.name, e.kind, e.mentions FROM story_articles sa "
        "JOIN entities e ON e.article_id = sa.article_id WHERE sa.story_id = ?", (story_id,))
    for name, kind, mentions in rows:
        entry = names.setdefault(str(name).casefold(), _Name(str(name)))
        entry.kinds[kind] += 1
        entry.articles += 1
        entry.mentions += int(mentions)
    ranked = sorted(names.values(), key=lambda e: (-e.articles, -e.mentions, e.name))[:limit]
    return [{"name": e.name, "kind": e.kinds.most_common(1)[0][0], "articles": e.articles,
             "mentions": e.mentions} for e in ranked]


def get_story(conn: sqlite3.Connection, story_id: int, *,
              max_entities: int = TOP_ENTITIES) -> StoryDetail | None:
    """Everything a story page shows, or None for an unknown id. Works with no quotes or entities."""
    story = conn.execute("SELECT id, label, label_article_id, first_seen, last_seen, size, terms "
                         "FROM stories WHERE id = ?", (story_id,)).fetchone()
    if story is None:
        return None
    outlets = [{"source": r[0], "articles": int(r[1])} for r in conn.execute(
        "SELECT source, COUNT(*) FROM story_articles WHERE story_id = ? GROUP BY source ORDER BY 2 DESC, 1",
        (story_id,))]
    _, label, label_id, first_seen, last_seen, size, terms = story
    return StoryDetail(
        id=story_id, label=label, label_article_id=label_id, first_seen=first_seen, last_seen=last_seen,
        size=int(size), outlets=outlets, articles=_timeline(conn, story_id),
        speakers=_speakers(conn, story_id), entities=_entities(conn, story_id, max_entities),
        terms=list(_loads(terms))[:TOP_TERMS],
    )
