"""Which capture of each article the dataset keeps: `catalog.articles.upsert_article`'s rule,
decided per article id after a shuffle instead of one capture at a time against SQLite.

`newsdig add` meets captures in arrival (`seq`) order and, for each, either
- adds the article (its id has no row yet),
- makes it an alias ("copy") when the id is new but its text hash is an existing article's,
- leaves it "unchanged" when the hash is one the article already had,
- or "updates" it to the new text.
The stored row is therefore the last capture whose hash was new for the article. Here each id's
captures arrive together, sorted by seq, with the first (seq, id) that carried the same hash
anywhere; "an existing article has this hash" is read as "another id carried it earlier".

Where that reading differs from the catalog (tests/spark/test_versions.py shows both):
- the other article had been updated away from that hash before this capture (add: an article);
- the other id's capture of that hash was itself an alias or an unchanged re-capture.
Both need one page to change text and another page to take its old text within one input; a
news crawl gives neither in practice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Capture:
    """One article capture as the decision needs it."""

    seq: str
    content_hash: str
    first_seq: str  # the earliest capture of this hash, any id
    first_id: str  # the id of that capture


@dataclass(slots=True)
class Resolved:
    """An id's outcome: the capture that created it and the one whose version is kept."""

    article_id: str
    added_seq: str | None = None  # None: every capture was a copy of another article
    kept_seq: str | None = None
    outcomes: Counter[str] = field(default_factory=Counter)  # added, updated, unchanged, copy


def resolve(article_id: str, captures: Iterable[Capture]) -> Resolved:
    """Walk one id's captures in arrival order with upsert_article's rule."""
    result = Resolved(article_id)
    seen: set[str] = set()
    for capture in sorted(captures, key=lambda c: c.seq):
        if result.added_seq is None:
            if capture.first_id != article_id and capture.first_seq < capture.seq:
                result.outcomes["copy"] += 1
                continue
            result.added_seq = result.kept_seq = capture.seq
            seen.add(capture.content_hash)
            result.outcomes["added"] += 1
        elif capture.content_hash in seen:
            result.outcomes["unchanged"] += 1
        else:
            seen.add(capture.content_hash)
            result.kept_seq = capture.seq
            result.outcomes["updated"] += 1
    return result
