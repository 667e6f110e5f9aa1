"""Who said what, read back: quotes by speaker or words, claims by figure, entities by name.

The JSON shape of a quote (`quote_record`) is a contract shared by `newsdig quotes --json`,
`newsdig claims --json`, `/api/quotes` and the story view:
{"id", "speaker", "speaker_role", "speaker_kind", "via", "cue", "kind", "stance", "text",
 "numbers": [{"text", "value", "high", "qualifier", "unit"}], "article_id", "span": [start, end],
 "article": {"title", "source", "published", "url"}}.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_LIMIT = 500
_WORD = re.compile(r"\w+", re.UNICODE)
# Words a claim query carries that say nothing about which statement is meant.
_CLAIM_STOP = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or",
    "that", "the", "this", "to", "was", "were", "with",
))

_QUOTE_SELECT = (
    "SELECT q.id, q.article_id, q.seq, q.speaker, q.speaker_kind, q.speaker_role, q.via, q.cue, q.kind, "
    "q.stance, q.text, q.numbers, q.span_start, q.span_end, a.title, a.source, a.published, a.url "
    "FROM quotes q JOIN articles a ON a.id = q.article_id "
)


def quote_record(row: sqlite3.Row) -> dict[str, Any]:
    """One quote row (joined with its article) as the JSON contract above."""
    return {
        "id": row["id"],
        "speaker": row["speaker"],
        "speaker_role": row["speaker_role"],
        "speaker_kind": row["speaker_kind"],
        "via": row["via"],
        "cue": row["cue"],
        "kind": row["kind"],
        "stance": row["stance"],
        "text": row["text"],
        "numbers": json.loads(row["numbers"] or "[]"),
        "article_id": row["article_id"],
        "span": [row["span_start"], row["span_end"]],
        "article": {
            "title": row["title"], "source": row["source"], "published": row["published"],
            "url": row["url"],
        },
    }


def fts_words(text: str) -> str | None:
    """A user's words as an FTS5 query: every word required, each as a quoted prefix term.

    Quoting each word makes FTS5 operators in user text (AND, NEAR, *, :, ") plain words; the
    prefix (`"troop"*`) lets "troop" find "troops" without a stemmer.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    words = [w for w in words if w not in _CLAIM_STOP][:16]
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def fts_speaker(name: str) -> str | None:
    """A speaker name as an FTS5 query on the speaker and via columns: all its words, in any order."""
    words = [w.lower() for w in _WORD.findall(name)][:8]
    if not words:
        return None
    return "{speaker via} : (" + " AND ".join(f'"{w}"' for w in words) + ")"


def find_quotes(
    conn: sqlite3.Connection,
    *,
    speaker: str | None = None,
    words: str | None = None,
    stance: str | None = None,
    article_id: str | None = None,
    since: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """(total, quotes) matching every given condition, oldest article first (a timeline).

    `speaker` matches any speaker (or relay, "via") whose name holds all its words, so
    "Syrskyi" finds "Oleksandr Syrskyi"; `words` are words of the statement.
    """
    limit = min(max(int(limit), 0), MAX_LIMIT)
    conditions: list[str] = []
    params: list[object] = []
    matches = []
    if speaker is not None:
        query = fts_speaker(speaker)
        if query is None:
            return 0, []
        matches.append(query)
    if words:
        query = fts_words(words)
        if query is None:
            return 0, []
        matches.append("{text} : (" + query + ")")
    if matches:
        conditions.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(" AND ".join(matches))
    if stance:
        conditions.append("q.stance = ?")
        params.append(stance)
    if article_id:
        conditions.append("q.article_id = ?")
        params.append(article_id)
    if since:
        conditions.append("COALESCE(a.published, a.added_at) >= ?")
        params.append(since)
    where = ("WHERE " + " AND ".join(conditions) + " ") if conditions else ""
    total = conn.execute(
        "SELECT COUNT(*) FROM quotes q JOIN articles a ON a.id = q.article_id " + where, params
    ).fetchone()[0]
    rows = conn.execute(
        _QUOTE_SELECT + where
        + "ORDER BY COALESCE(a.published, a.added_at), q.article_id, q.seq LIMIT ? OFFSET ?",
        (*params, limit, max(int(offset), 0)),
    ).fetchall()
    return int(total), [quote_record(r) for r in rows]


@dataclass
class ClaimReport:
    """Who stated a figure or a claim, when, in which outlets: the answer of `newsdig claims`."""

    query: str
    numbers: list[float]
    words: list[str]
    quotes: list[dict[str, Any]]
    total: int
    speakers: list[tuple[str, int]] = field(default_factory=list)
    outlets: list[tuple[str, int]] = field(default_factory=list)
    stances: list[tuple[str, int]] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "numbers": self.numbers, "words": self.words, "total": self.total,
            "first_seen": self.first_seen, "last_seen": self.last_seen,
            "speakers": [{"speaker": s, "count": c} for s, c in self.speakers],
            "outlets": [{"source": s, "count": c} for s, c in self.outlets],
            "stances": [{"stance": s, "count": c} for s, c in self.stances],
            "quotes": self.quotes,
        }


def find_claims(conn: sqlite3.Connection, query: str, limit: int = 100) -> ClaimReport:
    """Statements carrying the query's figures (a range containing it counts) and its words.

    "11,000 troops" finds "about 11,000 North Korean troops" and "11,000-12,000 soldiers"... only
    if the words match too; when figure and words together find nothing, the figure alone is
    tried (the statement may say "soldiers" where the user typed "troops").
    """
    from newsdig.enrich.numbers import find_numbers

    limit = min(max(int(limit), 1), MAX_LIMIT)
    mentions = find_numbers(query)
    numbers = [m.value for m in mentions]
    rest = query
    for mention in mentions:
        rest = rest.replace(mention.text, " ")
    words = [w for w in (w.lower() for w in _WORD.findall(rest)) if w not in _CLAIM_STOP and not w.isdigit()]
    ids = _claim_ids(conn, numbers, words)
    if not ids and numbers and words:
        ids = _claim_ids(conn, numbers, [])
    report = ClaimReport(query=query, numbers=numbers, words=words, quotes=[], total=len(ids))
    if not ids:
        return report
    rows: list[sqlite3.Row] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows += conn.execute(_QUOTE_SELECT + f"WHERE q.id IN ({marks})", chunk).fetchall()
    rows.sort(key=lambda r: (r["published"] or "", r["article_id"], r["seq"]))
    report.speakers = Counter(r["speaker"] for r in rows).most_common()
    report.outlets = Counter(r["source"] for r in rows).most_common()
    report.stances = Counter(r["stance"] for r in rows).most_common()
    dates = [r["published"] for r in rows if r["published"]]
    report.first_seen, report.last_seen = (min(dates), max(dates)) if dates else (None, None)
    report.quotes = [quote_record(r) for r in rows[:limit]]
    return report


def _claim_ids(conn: sqlite3.Connection, numbers: list[float], words: list[str]) -> list[int]:
    conditions: list[str] = []
    params: list[object] = []
    for value in numbers:
        conditions.append(
            "q.id IN (SELECT quote_id FROM quote_numbers WHERE value = ? "
            "OR (high IS NOT NULL AND value <= ? AND high >= ?))"
        )
        params += [value, value, value]
    if words:
        query = fts_words(" ".join(words))
        if query is not None:
            conditions.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            params.append("{text} : (" + query + ")")
    if not conditions:
        return []
    sql = "SELECT q.id FROM quotes q WHERE " + " AND ".join(conditions) + " ORDER BY q.id LIMIT 10000"
    return [r[0] for r in conn.execute(sql, params)]


def top_speakers(
    conn: sqlite3.Connection, limit: int = 50, prefix: str | None = None
) -> list[dict[str, Any]]:
    """Speakers with how many statements and articles, most quoted first."""
    params: list[object] = []
    where = ""
    if prefix:
        where = "WHERE speaker LIKE ? ESCAPE '\\' "
        params.append(_like_prefix(prefix))
    rows = conn.execute(
        "SELECT speaker, COUNT(*) AS statements, COUNT(DISTINCT article_id) AS articles FROM quotes "
        + where + "GROUP BY speaker ORDER BY statements DESC, speaker LIMIT ?",
        (*params, min(max(int(limit), 1), MAX_LIMIT)),
    ).fetchall()
    return [{"speaker": r[0], "statements": r[1], "articles": r[2]} for r in rows]


def top_entities(
    conn: sqlite3.Connection, *, kind: str | None = None, prefix: str | None = None, limit: int = 50,
    article_id: str | None = None,
) -> list[dict[str, Any]]:
    """Entities with the number of articles naming them (and mentions), most widespread first."""
    conditions: list[str] = []
    params: list[object] = []
    if kind:
        conditions.append("kind = ?")
        params.append(kind)
    if prefix:
        conditions.append("name LIKE ? ESCAPE '\\'")
        params.append(_like_prefix(prefix))
    if article_id:
        conditions.append("article_id = ?")
        params.append(article_id)
    where = ("WHERE " + " AND ".join(conditions) + " ") if conditions else ""
    rows = conn.execute(
        "SELECT name, kind, COUNT(DISTINCT article_id) AS articles, SUM(mentions) AS mentions, "
        "MAX(roles) AS roles FROM entities " + where
        + "GROUP BY name, kind ORDER BY articles DESC, mentions DESC, name LIMIT ?",
        (*params, min(max(int(limit), 1), MAX_LIMIT)),
    ).fetchall()
    return [
        {"name": r[0], "kind": r[1], "articles": r[2], "mentions": r[3], "roles": json.loads(r[4] or "[]")}
        for r in rows
    ]


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"
