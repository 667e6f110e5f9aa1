"""Story clustering, the pure part: article term vectors, cosine similarity, choosing a story.

`newsdig.catalog.stories` keeps the state (document frequencies, story centroids, postings) and
calls these. An article is described by the words that tell *which event* it reports:
- its headline, weighted up (`TITLE_WEIGHT`): the densest summary there is;
- names, weighted up (`NAME_WEIGHT`, `ENTITY_WEIGHT`): events are told apart by who and where.
  The entities of the language model count when there are any; without one (or as well), a
  capitalised word inside a sentence is taken for a name — "Dunmore", "Marlowe", "ASTRA";
- the first `MAX_TEXT_WORDS` words of the text: wire style puts the event first, while the tail
  drifts into background that other stories share (and the work per article stays bounded).
Stop words and news filler ("said", weekdays, months) are dropped and plurals lightly folded;
weights are tf-idf (sublinear tf, an idf with a prior of `PRIOR_DOCUMENTS` so a young catalog
does not weigh its most repeated names down), L2-normalised, the top `ARTICLE_TERMS` kept.

A story's centroid is the sum of its members' vectors, cut to its top `CENTROID_TERMS`; an
article joins the most similar story at or above `THRESHOLD` (cosine), and two open stories
whose centroids reach `MERGE_THRESHOLD` are one. The label is the headline of the member closest
to the centroid: the telling most like all the others, not the first or the most dramatic one.

Thresholds, measured on tests/fixtures/stories (one event told by four outlets over four days,
a second event, five articles sharing its words) over 200 arrival orders each: every order gives
the expected partition for a join threshold from 0.25 to 0.30 with merges at 0.30-0.32; without
merges no threshold does (0.22: the event splits in 10 % of orders; 0.18: an unrelated article
joins). Articles of one event score 0.3-0.6 against its centroid, unrelated ones ≤ 0.2.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

Vector = dict[str, float]

THRESHOLD = 0.27  # cosine to a story's centroid needed to join it
MERGE_THRESHOLD = 0.3  # cosine between two open stories' centroids that makes them one
WINDOW_DAYS = 3  # a story is a candidate while its date range is within this many days
TITLE_WEIGHT = 3.0  # a headline word counts as three mentions in the text
ENTITY_WEIGHT = 2.0  # each word of an entity's name counts twice more
NAME_WEIGHT = 2.0  # a capitalised word inside a sentence (a name) counts three times
MAX_TEXT_WORDS = 400  # words read from the start of the text
ARTICLE_TERMS = 40  # terms kept in an article's vector
CENTROID_TERMS = 40  # terms kept in a story's centroid
MIN_TERM_CHARS = 2
PRIOR_DOCUMENTS = 1000  # see `idf`

# A word (letters first, inner digits, hyphens and apostrophes allowed), else a number or a mark
# that ends a sentence or opens a quotation (group 2), which the word after it starts.
_TOKEN = re.compile(r"([^\W\d_](?:[\w'\-]*[^\W_])?)"
                    r"|(\d+(?:[.,]\d+)*|[.!?:;\"()\[\]\u201c\u201d\u00ab\u00bb])")
_SENTENCE_ENDS = frozenset('.!?:;"()[]\u201c\u201d\u00ab\u00bb')
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})

# English stop words (function words), plus news filler that says nothing about the event.
_STOP_WORDS_TEXT = """
a about above across after afterwards again against all almost alone along already also although
always am among amongst an and another any anyhow anyone anything anyway anywhere are around as at
be became because become becomes becoming been before beforehand behind being below beside besides
between beyond both but by can cannot could did do does doing done down due during each either
else elsewhere enough etc even ever every everyone everything everywhere except few first for
former formerly from further had has have having he hence her here hereafter hereby herein hers
herself him himself his how however i if in indeed into is it its itself just last latter least
less made make many may me meanwhile might mine more moreover most mostly much must my myself
namely neither never nevertheless next no nobody none noone nor not nothing now nowhere of off
often on once one only onto or other others otherwise our ours ourselves out over own part per
perhaps please put quite rather re really same see seem seemed seeming seems several she should
show side since so some somehow someone something sometime sometimes somewhere still such than
that the their theirs them themselves then thence there thereafter thereby therefore therein
thereupon these they third this those though three through throughout thru thus to together too
toward towards two under until up upon us used using various very via was we well were what
whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether
which while whither who whoever whole whom whose why will with within without would yet you your
yours yourself yourselves ll ve re don doesn didn isn wasn aren weren won wouldn couldn shouldn
hasn haven hadn
say says said saying tell tells told according added adding asked ask statement statements
announce announced reported report reports reporting news reuters press agency spokesperson
spokesman spokeswoman mr mrs ms dr
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight
week weeks weekend month months year years day days time times morning afternoon evening night
january february march april june july august september october november december
new including include includes expected expect like later earlier people percent cent
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)


@lru_cache(maxsize=1 << 17)
def _term(word: str) -> str | None:
    """A word as a term (lowercased, apostrophes dropped, plural folded), or None for a stop word."""
    word = word.replace("'", "").lower()
    if len(word) < MIN_TERM_CHARS or word in STOP_WORDS:
        return None
    term = fold(word)
    return None if term in STOP_WORDS else term


def words(text: str) -> list[str]:
    """Lowercased word tokens of letters (and inner digits/hyphens); numbers alone are dropped."""
    return [m.group(1).replace("'", "").lower() for m in _TOKEN.finditer(_normalise(text)) if m.group(1)]


def fold(word: str) -> str:
    """A light plural strip: "explosions" -> "explosion", "companies" -> "company"; leaves
    "gas", "crisis", "status" alone."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The content terms of a text, in order: stop words dropped, plurals folded."""
    return [t for t in (_term(w) for w in words(text)) if t]


def text_terms(text: str, limit: int = MAX_TEXT_WORDS) -> list[tuple[str, bool]]:
    """(term, is a name) for the first `limit` words of a text.

    A capitalised word that does not start a sentence, a quotation or a paragraph is taken for a
    name ("Dunmore", "Marlowe", "ASTRA"): without a language model this is the cheapest way to
    weigh up who and where, which tell one event from another better than any other words.
    """
    out: list[tuple[str, bool]] = []
    count = 0
    for paragraph in _normalise(text).split("\n\n"):
        starts = True
        for word, mark in _TOKEN.findall(paragraph):
            if not word:
                starts = starts or mark in _SENTENCE_ENDS
                continue
            count += 1
            if count > limit:
                return out
            term = _term(word)
            if term:
                out.append((term, not starts and word[0].isupper()))
            starts = False
    return out


def term_counts(title: str, text: str, names: Iterable[str] = ()) -> Counter[str]:
    """Weighted term frequencies of an article: names in the text, title words and the names of
    the entities found in it count extra."""
    counts: Counter[str] = Counter()
    for term, is_name in text_terms(text):
        counts[term] += 1.0 + (NAME_WEIGHT if is_name else 0.0)
    for term in terms(title):
        counts[term] += TITLE_WEIGHT
    for name in dict.fromkeys(names):
        for term in dict.fromkeys(terms(name)):
            counts[term] += ENTITY_WEIGHT
    return counts


def idf(df: int, documents: int) -> float:
    """Smoothed inverse document frequency (> 0: a term seen everywhere still counts a bit).

    `PRIOR_DOCUMENTS` unseen documents that lack the term are added: in a young catalog of a few
    dozen articles, a town named in half of them would otherwise weigh less than any word used
    once, and articles of one event would share nothing heavy. The prior fades as the catalog grows.
    """
    return math.log((documents + PRIOR_DOCUMENTS + 1) / (df + 1)) + 1.0


def weigh(counts: Mapping[str, float], df: Mapping[str, int], documents: int,
          keep: int = ARTICLE_TERMS) -> Vector:
    """The tf-idf vector (sublinear tf): top `keep` terms, heaviest first, L2-normalised."""
    weights = {t: (1.0 + math.log(c)) * idf(df.get(t, 0), documents) for t, c in counts.items() if c > 0}
    return normalise(top(weights, keep))


def top(vector: Mapping[str, float], keep: int) -> Vector:
    """The `keep` heaviest terms (ties broken by the term, so the result never depends on order)."""
    ranked = sorted(((t, w) for t, w in vector.items() if w > 0), key=lambda item: (-item[1], item[0]))
    return dict(ranked[:keep])


def normalise(vector: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {t: w / norm for t, w in vector.items()} if norm > 0 else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two sparse vectors (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    if dot == 0.0:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm


def add(centroid: Mapping[str, float], vector: Mapping[str, float], keep: int = CENTROID_TERMS) -> Vector:
    """The centroid with a member's vector (or another centroid) added, cut to `keep` terms."""
    return centroid_of((centroid, vector), keep)


def centroid_of(vectors: Iterable[Mapping[str, float]], keep: int = CENTROID_TERMS) -> Vector:
    """The sum of the vectors, cut to its `keep` heaviest terms."""
    total: dict[str, float] = {}
    for vector in vectors:
        for term, weight in vector.items():
            total[term] = total.get(term, 0.0) + weight
    return top(total, keep)


def choose_story(vector: Mapping[str, float], stories: Iterable[tuple[int, Mapping[str, float]]],
                 threshold: float = THRESHOLD) -> tuple[int, float] | None:
    """The (story id, cosine) of the closest story at or above the threshold; ties go to the
    older story (smaller id)."""
    best: tuple[int, float] | None = None
    for story_id, centroid in stories:
        score = cosine(vector, centroid)
        if score < threshold:
            continue
        if best is None or score > best[1] or (score == best[1] and story_id < best[0]):
            best = (story_id, score)
    return best


def most_central(centroid: Mapping[str, float],
                 members: Sequence[tuple[str, Mapping[str, float]]]) -> str | None:
    """The member whose vector is closest to the centroid (ties: the first given)."""
    best: tuple[str, float] | None = None
    for member_id, vector in members:
        score = cosine(vector, centroid)
        if best is None or score > best[1] + 1e-12:
            best = (member_id, score)
    return best[0] if best else None


def seen_at(published: str | None, fetched_at: str | None, now: datetime | None = None) -> str:
    """The date an article is placed at: published, else fetched, else now; ISO, UTC.

    A bare date stays a date ("2025-03-10"); a time becomes UTC seconds
    ("2025-03-10T14:05:00+00:00"). Both sort correctly together as strings.
    """
    for value in (published, fetched_at):
        parsed = _parse(value)
        if parsed is not None:
            return parsed
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def _parse(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    value = value.strip()
    if len(value) == 10:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def window(seen: str, days: int = WINDOW_DAYS) -> tuple[str, str]:
    """(lowest last_seen, first_seen upper bound, exclusive) of the stories an article dated
    `seen` may join: string bounds that compare right with both dates and datetimes."""
    day = date.fromisoformat(seen[:10])
    return (day - timedelta(days=days)).isoformat(), (day + timedelta(days=days + 1)).isoformat()
