"""A synthetic news corpus for benchmarks: deterministic by seed, streamed, never held in memory.

    python bench/corpus.py --articles 100000 --seed 1 --build-home [--home DIR]
    python bench/corpus.py --articles 10000 --format articles|html|warc --out PATH

Each article is generated from its own RNG (seed, position), so the stream is the same on every
run and 1M articles need no more memory than ten. What it looks like:
- Zipfian vocabulary: frequent English function and news words, topic words and collocations
  ("interest rates", "prime minister"), a long tail of rare pseudo-words; four other languages
  (de, fr, es, it) with their own smaller word lists, one language per outlet.
- Stories: neighbouring articles share a topic, people, places and an organisation, so several
  outlets report the same event; quotes with speakers.
- 200 outlets (7 of them wire services) with Zipfian popularity, hosts under many TLDs and
  four URL layouts, bylines from each outlet's staff, dates spread over 2019-2025 in several
  ISO shapes (a few missing), some URLs with tracking parameters.
- Syndicated copies: outlets republish a recent wire story with a credit line appended (a
  distinct text, so each copy is its own catalog row).

`build_home(dir, n, seed)` writes the articles straight into a newsdig catalog and builds the
index, printing rates and sizes; a home already built for the same n and seed is reused.
`queries(count, seed)` is a query set over this vocabulary for the search benchmarks.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import gzip
import html
import io
import itertools
import json
import random
import re
import shutil
import sqlite3
import sys
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import cache, lru_cache
from pathlib import Path

from newsdig.catalog.articles import upsert_article
from newsdig.catalog.db import connect
from newsdig.catalog.meta import get_meta, set_meta
from newsdig.errors import NewsdigError
from newsdig.home import Home
from newsdig.index.reader import open_index
from newsdig.index.sync import rebuild
from newsdig.models import Article, article_id, content_hash

CORPUS_VERSION = 1  # bump when the generated text changes: cached bench homes are then rebuilt
EXTRACTOR = f"bench-corpus {CORPUS_VERSION}"
BENCH_META = "bench_corpus"  # catalog meta key: {"n", "seed", "version"} of a finished bench home
DEFAULT_CACHE = Path("~/.cache/newsdig-bench").expanduser()
BATCH = 5000  # articles per catalog transaction

WORLD_SEED = 20250501  # names, outlets and vocabulary ranks: the same for every corpus seed
N_SITES = 200
N_PEOPLE = 4000
N_ORGS = 900
N_TAIL_WORDS = 20000
START = datetime(2019, 1, 1, tzinfo=UTC)
SPAN_DAYS = 6 * 365 + 180  # 2019-01-01 .. mid 2025
STORY_WINDOW = 60  # consecutive articles that share STORIES_PER_WINDOW running stories
STORIES_PER_WINDOW = 4
STORY_SHARE = 0.7  # the rest are one-off articles with a story of their own
SYNDICATION_RATE = 0.08  # share of non-wire articles that republish a recent wire story
RECENT_WIRE = 8  # wire stories per language an outlet may pick a copy from
TRACKING_SHARE = 0.1  # URLs with tracking parameters (url != canonical_url)
TRACKING = ("?utm_source=rss&utm_medium=feed", "?ref=homepage", "?utm_campaign=social")
TOPIC_SHARE = 0.18  # running English words drawn from the story's topic vocabulary
LANGUAGES = ("en", "de", "fr", "es", "it")


# --------------------------------------------------------------------------------------------
# The world: vocabulary, people, places, organisations and outlets (fixed, seed-independent)


class Lexicon:
    """Items with Zipf-Mandelbrot weights by rank: weight(r) = 1 / (r + q) ** s."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: Sequence[str], s: float = 1.0, q: float = 2.7,
                 weights: Sequence[float] | None = None) -> None:
        self.items = tuple(items)
        if weights is None:
            weights = [1.0 / (rank + q) ** s for rank in range(1, len(self.items) + 1)]
        self.cum = tuple(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def weights(self) -> list[float]:
        return [b - a for a, b in itertools.pairwise((0.0, *self.cum))]

    def mixed(self, other: Lexicon, share: float) -> Lexicon:
        """Draw from `other` with probability `share`, else from self (shared items add up)."""
        mix: dict[str, float] = {}
        for lex, part in ((self, 1.0 - share), (other, share)):
            for item, weight in zip(lex.items, lex.weights(), strict=True):
                mix[item] = mix.get(item, 0.0) + weight * part / lex.total
        return Lexicon(list(mix), weights=list(mix.values()))

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


@dataclass(frozen=True, slots=True)
class Site:
    name: str
    domain: str
    host: str
    language: str
    wire: bool
    pattern: int  # URL layout 0..3
    style: int  # page template 0..2
    staff: tuple[str, ...]
    sections: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class World:
    english: Lexicon
    topics: dict[str, Lexicon]
    topic_names: tuple[str, ...]
    topic_cum: tuple[float, ...]
    other: dict[str, Lexicon]
    tail: Lexicon
    people: Lexicon
    places: Lexicon
    countries: Lexicon
    orgs: Lexicon
    sites: tuple[Site, ...]
    site_cum: tuple[float, ...]


def _w(text: str) -> list[str]:
    return text.split()


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _pseudo_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    onsets = _w("b br c ch cr d dr f fl g gr h k kl l m n p pr r s st sh t tr v w z")
    vowels = _w("a e i o u ai ea ie ou y")
    codas = ["", "", "n", "r", "l", "s", "t", "m", "nd", "rk", "st", "x"]
    words: list[str] = []
    seen = set(taken)
    while len(words) < count:
        syllables = rng.choice((2, 2, 3, 3, 4))
        word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables)) + rng.choice(codas)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


@cache
def world() -> World:
    rng = random.Random(WORLD_SEED)
    function = _unique(FUNCTION)
    content = [w for w in _unique(GENERAL + GENERAL_MORE) if w not in set(function)]
    english = Lexicon(function + content, s=1.05)
    topics = {name: Lexicon(_unique(_w(words)), s=0.9) for name, words in TOPICS.items()}
    topic_names = tuple(TOPIC_WEIGHTS)
    topic_cum = tuple(itertools.accumulate(TOPIC_WEIGHTS[t] for t in topic_names))
    other = {lang: Lexicon(_unique(_w(words)), s=1.0) for lang, words in OTHER_LANGUAGES.items()}
    vocabulary = set(english.items) | {w for lex in topics.values() for w in lex.items}
    tail = Lexicon(_pseudo_words(rng, N_TAIL_WORDS, vocabulary), s=0.8)

    people_pairs = list(itertools.product(FIRST_NAMES, _unique(SURNAMES)))
    rng.shuffle(people_pairs)
    people = Lexicon([f"{first} {last}" for first, last in people_pairs[:N_PEOPLE]], s=0.9)
    towns = [head + tail_ for head in PLACE_HEADS for tail_ in PLACE_TAILS]
    rng.shuffle(towns)
    towns = _unique(towns)
    places_list = []
    for town in towns[:700]:
        form = rng.random()
        places_list.append(f"Port {town}" if form < 0.05 else f"North {town}" if form < 0.08
                           else f"{town} Bay" if form < 0.11 else town)
    places = Lexicon(places_list, s=0.9)
    countries = Lexicon(_unique(
        head + rng.choice(COUNTRY_TAILS) for head in rng.sample(PLACE_HEADS, 40)), s=0.8)
    orgs_list: list[str] = []
    while len(orgs_list) < N_ORGS:
        town, surname = rng.choice(towns[:400]), rng.choice(SURNAMES)
        form = rng.randrange(6)
        orgs_list.append((
            f"{town} {rng.choice(ORG_KINDS)}", f"{surname} {rng.choice(('Holdings', 'Group', '& Partners'))}",
            f"Ministry of {rng.choice(MINISTRIES)}", f"{town} {rng.choice(INSTITUTIONS)}",
            f"{rng.choice(ADJECTIVE_BRANDS)} {rng.choice(INDUSTRIES)}",
            f"{town} {rng.choice(('FC', 'United', 'Athletic', 'Rovers', 'City'))}",
        )[form])
        orgs_list = _unique(orgs_list)
    orgs = Lexicon(orgs_list, s=0.9)
    sites = _make_sites(rng, towns[400:], people.items)
    site_cum = tuple(itertools.accumulate(1.0 / (rank + 3) ** 0.9 for rank in range(1, len(sites) + 1)))
    return World(english, topics, topic_names, topic_cum, other, tail, people, places, countries, orgs,
                 sites, site_cum)


def _make_sites(rng: random.Random, towns: list[str], people: Sequence[str]) -> tuple[Site, ...]:
    """N_SITES outlets, most popular first; the wire services sit among the popular ones."""
    outlets: list[Site] = []
    domains: set[str] = {domain for _, domain, _ in WIRES}
    town_iter = iter(towns)
    counts = {lang: round(share * (N_SITES - len(WIRES))) for lang, share in LANGUAGE_SHARES.items()}
    counts["en"] += N_SITES - len(WIRES) - sum(counts.values())
    for lang, count in counts.items():
        made = 0
        while made < count:
            town = next(town_iter)
            name = rng.choice(OUTLET_PATTERNS[lang]).format(p=town)
            domain = f"{_slug(name.removeprefix('The ')).replace('-', '')}.{rng.choice(TLDS[lang])}"
            if domain in domains:
                continue
            domains.add(domain)
            outlets.append(_site(rng, name, domain, lang, False, people))
            made += 1
    rng.shuffle(outlets)
    wire_sites = [_site(rng, name, domain, lang, True, people) for name, domain, lang in WIRES]
    for rank, wire in zip((1, 4, 8, 13, 19, 27, 38), wire_sites, strict=True):
        outlets.insert(rank, wire)
    return tuple(outlets)


def _site(rng: random.Random, name: str, domain: str, lang: str, wire: bool, people: Sequence[str]) -> Site:
    host_form = rng.random()
    host = f"www.{domain}" if host_form < 0.6 else f"news.{domain}" if host_form < 0.75 else domain
    staff = tuple(rng.sample(people[300:], rng.randint(5, 25)))  # reporters are rarely in the news
    sections = tuple(rng.sample(("news", "world", "politics", "business", "sport", "culture", "local",
                                 "science", "health", "technology", "opinion"), 6))
    return Site(name, domain, host, lang, wire, rng.randrange(4), rng.randrange(3), staff, sections)


# --------------------------------------------------------------------------------------------
# Stories and article text


@dataclass(frozen=True, slots=True)
class Story:
    topic: str
    people: tuple[str, ...]
    places: tuple[str, ...]
    org: str
    keywords: tuple[str, ...]
    verb: tuple[str, str]


@lru_cache(maxsize=512)
def _story(seed: int, key: tuple[int, int]) -> Story:
    w = world()
    rng = random.Random(f"story:{seed}:{key[0]}:{key[1]}")
    topic = rng.choices(w.topic_names, cum_weights=w.topic_cum)[0]
    lex = w.topics[topic]
    keywords = _unique(lex.sample(rng, 6))[:4]
    places = (w.places.pick(rng), w.countries.pick(rng) if rng.random() < 0.4 else w.places.pick(rng))
    return Story(
        topic=topic,
        people=tuple(_unique(w.people.sample(rng, 3))),
        places=places,
        org=w.orgs.pick(rng),
        keywords=tuple(keywords),
        verb=rng.choice(HEADLINE_VERBS),
    )


def _words(text: str) -> str:
    return text.replace("_", " ")


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(rng: random.Random, lang: str) -> str:
    form = rng.random()
    if form < 0.3:
        return str(rng.randint(2, 99))
    if form < 0.5:
        return f"{rng.randint(2, 95)} {'percent' if lang == 'en' else '%'}"
    if form < 0.7:
        return f"{rng.randint(1, 950)} {MILLION[lang]}"
    if form < 0.85:
        return str(rng.randint(1990, 2025))
    return f"{rng.randint(1, 9)}.{rng.randint(0, 9)}"


def _entity(rng: random.Random, story: Story) -> str:
    w = world()
    pick = rng.random()
    if pick < 0.35:
        name = rng.choice(story.people)
        return name if rng.random() < 0.5 else name.split()[-1]
    if pick < 0.55:
        return rng.choice(story.places)
    if pick < 0.7:
        return story.org
    if pick < 0.8:
        return w.people.pick(rng)
    if pick < 0.9:
        return w.places.pick(rng)
    return w.orgs.pick(rng)


@cache
def _prose(lang: str, topic: str) -> Lexicon:
    """The running words of an article: the language's words, in English mixed with the topic's."""
    w = world()
    if lang != "en":
        return w.other[lang]
    return w.english.mixed(w.topics[topic], TOPIC_SHARE)


def _sentence(rng: random.Random, story: Story, lang: str) -> str:
    w = world()
    k = rng.randint(7, 24)
    words = _prose(lang, story.topic).sample(rng, k)
    rand = rng.random
    for _ in range(int(k * (0.15 + 0.1 * rand()))):
        pos, source = int(rand() * k), rand()
        if source < 0.3:
            words[pos] = rng.choice(story.keywords) if lang == "en" else _entity(rng, story)
        elif source < 0.7:
            words[pos] = _entity(rng, story)
        elif source < 0.85:
            words[pos] = w.tail.pick(rng)
        else:
            words[pos] = _number(rng, lang)
    body = _words(" ".join(words))
    quote = rng.random()
    said = SAID[lang]
    if quote < 0.1:
        return f'"{_sentence_case(body)}," {said} {rng.choice(story.people)}.'
    if quote < 0.15 and lang == "en":
        speaker = w.people.pick(rng)
        return f"{_sentence_case(body)}, {said} {speaker}, {rng.choice(ROLES)} {story.org}."
    return _sentence_case(body) + "."


def _title(rng: random.Random, story: Story, lang: str) -> str:
    person, place = rng.choice(story.people), rng.choice(story.places)
    surname = person.split()[-1]
    kw1, kw2 = (_words(k) for k in rng.sample(story.keywords, 2))
    if lang != "en":
        verb = rng.choice(OTHER_HEADLINE_VERBS[lang])
        general = world().other[lang]
        noun = rng.choice(general.items[60:])
        return rng.choice((f"{person} {verb} {noun} in {place}", f"{place}: {story.org} {verb} {noun}",
                           f"{surname} {verb} {noun}"))
    third, base = story.verb if rng.random() < 0.6 else rng.choice(HEADLINE_VERBS)
    template = rng.choice((
        "{person} {third} {kw1} {kw2} in {place}", "{org} {third} {kw1} as {kw2} concerns grow",
        "{place} {kw1}: {surname} {third} {kw2}", "{org} to {base} {kw1} {kw2}",
        "{surname} says {kw1} will {base} {kw2}", "Why {place}'s {kw1} {kw2} matters",
        "{kw1} {kw2}: {person} under pressure over {place}", "What the {kw1} means for {place}",
        "Live: {place} {kw1} latest", "{person} {third} {kw1} after {place} {kw2}",
        "{place} {third} {kw1} {kw2} as {org} steps in", "{num} things to know about the {place} {kw1}",
    ))
    title = template.format(person=person, surname=surname, place=place, org=story.org, kw1=kw1, kw2=kw2,
                            third=third, base=base, num=rng.randint(3, 9))
    return _sentence_case(title)


def _paragraphs(rng: random.Random, story: Story, lang: str, dateline: str | None) -> list[str]:
    paragraphs = []
    for number in range(rng.randint(3, 10)):
        sentences = [_sentence(rng, story, lang) for _ in range(rng.randint(1 if number == 0 else 2, 5))]
        paragraphs.append(" ".join(sentences))
    if dateline:
        paragraphs[0] = f"{dateline} - {paragraphs[0]}"
    return paragraphs


def _published(rng: random.Random, moment: datetime) -> str | None:
    shape = rng.random()
    if shape < 0.02:
        return None
    if shape < 0.25:
        return moment.date().isoformat()
    if shape < 0.85:
        return moment.isoformat(timespec="seconds")
    offset = timezone(timedelta(hours=rng.choice((-5, -4, 1, 2, 3, 10))))
    return moment.astimezone(offset).isoformat(timespec="seconds")


def _url(rng: random.Random, site: Site, section: str, moment: datetime, title: str, i: int) -> str:
    slug = _slug(title)[:80].rstrip("-")
    y, m, d = moment.year, moment.month, moment.day
    return (
        f"https://{site.host}/{section}/{y}/{m:02d}/{d:02d}/{slug}-{i}",
        f"https://{site.host}/{section}/{slug}-{1_000_000 + i}",
        f"https://{site.host}/news/{section}/{i:08d}/{slug}.html",
        f"https://{site.host}/{y}{m:02d}{d:02d}/{slug}-n{i}/",
    )[site.pattern]


def _tracked(rng: random.Random, canonical: str) -> str:
    if rng.random() >= TRACKING_SHARE:
        return canonical
    return canonical + rng.choice(TRACKING)


def _make_article(
    rng: random.Random, i: int, seed: int, site: Site, moment: datetime, story: Story,
    title: str, paragraphs: list[str], authors: tuple[str, ...], copy_of: str | None,
) -> Article:
    section = rng.choice([s for s in TOPIC_SECTIONS[story.topic] if s in site.sections] or site.sections)
    canonical = _url(rng, site, section, moment, title, i)
    text = "\n\n".join(paragraphs)
    description = None if rng.random() < 0.3 else paragraphs[0].split(". ")[0][:200]
    return Article(
        id=article_id(canonical), url=_tracked(rng, canonical), canonical_url=canonical, source=site.name,
        title=title, text=text, content_hash=content_hash(text), extractor=EXTRACTOR, authors=authors,
        published=_published(rng, moment), language=site.language, site_name=site.name,
        description=description, title_inferred=False,
        fetched_at=(moment + timedelta(hours=rng.randint(1, 72))).isoformat(timespec="seconds"),
        origin=f"bench-corpus:{seed}:{i}" + (f":copy-of:{copy_of}" if copy_of else ""),
        word_count=len(text.split()),
    )


@dataclass(slots=True)
class _WireStory:
    index: int
    site: Site
    moment: datetime
    story: Story
    title: str
    paragraphs: list[str]
    authors: tuple[str, ...]
    copied_by: set[str] = field(default_factory=set)  # an outlet republishes a story once


def _records(n: int, seed: int) -> Iterator[tuple[Article, Site]]:
    w = world()
    recent: dict[str, deque[_WireStory]] = {lang: deque(maxlen=RECENT_WIRE) for lang in LANGUAGES}
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        site = w.sites[bisect.bisect(w.site_cum, rng.random() * w.site_cum[-1])]
        day = (i + rng.random()) * SPAN_DAYS / max(n, 1)
        moment = START + timedelta(days=day, hours=rng.uniform(-24, 24))
        pool = recent[site.language]
        original = rng.choice(pool) if pool and not site.wire and rng.random() < SYNDICATION_RATE else None
        if original is not None and site.name not in original.copied_by:
            original.copied_by.add(site.name)
            credit = SYNDICATION_CREDIT[site.language].format(src=original.site.name, site=site.name)
            moment = original.moment + timedelta(hours=rng.uniform(0.5, 30))
            title = original.title if rng.random() < 0.7 else f"{original.title} | {site.name}"
            article = _make_article(rng, i, seed, site, moment, original.story, title,
                                    [*original.paragraphs, credit], original.authors, str(original.index))
            yield article, site
            continue
        window = i // STORY_WINDOW
        key = (window, rng.randrange(STORIES_PER_WINDOW)) if rng.random() < STORY_SHARE else (-1, i)
        story = _story(seed, key)
        title = _title(rng, story, site.language)
        dateline = f"{rng.choice(story.places).upper()} ({site.name})" if site.wire else None
        paragraphs = _paragraphs(rng, story, site.language, dateline)
        count = rng.choices((0, 1, 2), weights=(5, 80, 15))[0]
        authors = tuple(rng.sample(site.staff, count))
        article = _make_article(rng, i, seed, site, moment, story, title, paragraphs, authors, None)
        if site.wire:
            pool.append(_WireStory(i, site, moment, story, title, paragraphs, authors))
        yield article, site


def iter_articles(n: int, seed: int = 1) -> Iterator[Article]:
    """The corpus of `n` articles for `seed`, one at a time (the same stream on every run)."""
    for article, _site in _records(n, seed):
        yield article


def is_syndicated(article: Article) -> bool:
    return ":copy-of:" in article.origin


# --------------------------------------------------------------------------------------------
# HTML pages, WARC and JSONL (for the ingest benchmarks)


def render_html(article: Article, site: Site) -> str:
    """A news page around the article: the outlet's chrome (nav, teasers, footer) is the same
    on every page of the site, as a template learner expects; `style` varies the markup."""
    e = html.escape
    rng = random.Random(f"page:{article.id}")
    lang = site.language
    nav = "".join(f'<li><a href="/{_slug(x)}/">{e(x)}</a></li>' for x in NAV_WORDS[lang])
    newsletter, cookies, most_read, related, share, rights = BOILERPLATE[lang]
    teasers = "".join(f'<li><a href="/news/{rng.randrange(10**6)}">{e(_teaser(rng))}</a></li>'
                      for _ in range(5))
    paras = "\n".join(f"<p>{e(p)}</p>" for p in article.paragraphs)
    byline = ", ".join(article.authors)
    published = article.published or ""
    meta = [
        f'<meta charset="utf-8"><title>{e(article.title)} | {e(site.name)}</title>',
        f'<link rel="canonical" href="{e(article.canonical_url)}">',
        f'<meta property="og:title" content="{e(article.title)}">',
        f'<meta property="og:site_name" content="{e(site.name)}">',
    ]
    if published:
        meta.append(f'<meta property="article:published_time" content="{e(published)}">')
    if byline:
        meta.append(f'<meta name="author" content="{e(byline)}">')
    if article.description:
        meta.append(f'<meta name="description" content="{e(article.description)}">')
    if site.style == 0:
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
              "datePublished": published or None,
              "author": [{"@type": "Person", "name": a} for a in article.authors]}
        meta.append(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
    by = f'<p class="byline">{e(byline)}</p>' if byline else ""
    when = f'<time datetime="{e(published)}">{e(published[:10])}</time>' if published else ""
    if site.style == 0:
        main = (f'<article class="story"><h1>{e(article.title)}</h1>{by}{when}\n{paras}\n'
                f'<div class="share">{e(share)}</div></article>')
    elif site.style == 1:
        main = (f'<div id="content"><div class="headline"><h1 class="title">{e(article.title)}</h1></div>'
                f'<div class="meta">{when} {by}</div><div class="story-body">\n{paras}\n</div>'
                f'<div class="related"><h3>{e(related)}</h3><ul>{teasers}</ul></div></div>')
    else:
        main = (f'<main><header><h1>{e(article.title)}</h1><div class="dateline">{when}</div></header>'
                f'<section class="article-text">\n{paras}\n</section>{by}</main>')
    return (
        f'<!doctype html>\n<html lang="{lang}"><head>{"".join(meta)}</head><body>'
        f'<div class="cookie-banner">{e(cookies)}</div>'
        f'<header class="site"><a class="logo" href="/">{e(site.name)}</a>'
        f'<nav><ul>{nav}</ul></nav></header>\n'
        f"{main}\n"
        f'<aside class="most-read"><h3>{e(most_read)}</h3><ol>{teasers}</ol></aside>'
        f'<footer><p>{e(newsletter)}</p><p>&copy; {e(site.name)}. {e(rights)}</p></footer>'
        "</body></html>\n"
    )


def _teaser(rng: random.Random) -> str:
    story = _story(0, (-2, rng.randrange(10**6)))
    return _title(rng, story, "en")


def iter_html(n: int, seed: int = 1) -> Iterator[tuple[Article, str]]:
    for article, site in _records(n, seed):
        yield article, render_html(article, site)


def write_html(out: Path, n: int, seed: int) -> int:
    """One file per page under out/<domain>/, named by position; returns bytes written."""
    written = 0
    for position, (article, page) in enumerate(iter_html(n, seed)):
        domain = article.canonical_url.split("/")[2]
        folder = out / domain
        folder.mkdir(parents=True, exist_ok=True)
        data = page.encode("utf-8")
        (folder / f"{position:07d}.html").write_bytes(data)
        written += len(data)
    return written


def write_warc(out: Path, n: int, seed: int) -> int:
    """One gzipped WARC of HTTP 200 `response` records (the tracked URL, as a crawler fetched it)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for article, page in iter_html(n, seed):
            body = page.encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            fetched = (article.fetched_at or START.isoformat()).replace("+00:00", "Z")
            record = writer.create_warc_record(article.url, "response", payload=io.BytesIO(body),
                                               http_headers=headers, warc_headers_dict={"WARC-Date": fetched})
            writer.write_record(record)
        return fh.tell()


def article_json(article: Article) -> dict[str, object]:
    """The shape of `newsdig export` (which `newsdig add` reads back)."""
    record = asdict(article)
    record["authors"] = list(article.authors)
    return record


def write_jsonl(out: Path | None, n: int, seed: int) -> int:
    target = sys.stdout.buffer if out is None else (
        gzip.open(out, "wb") if out.suffix == ".gz" else open(out, "wb"))  # noqa: SIM115
    written = 0
    try:
        for article in iter_articles(n, seed):
            line = (json.dumps(article_json(article), ensure_ascii=False) + "\n").encode("utf-8")
            target.write(line)
            written += len(line)
    finally:
        if out is not None:
            target.close()
    return written


# --------------------------------------------------------------------------------------------
# A newsdig home built from the corpus


@dataclass(frozen=True, slots=True)
class BuildReport:
    home: Home
    n: int
    seed: int
    reused: bool
    articles: int  # rows in the catalog
    generate_s: float = 0.0  # time spent generating (inside the catalog phase)
    catalog_s: float = 0.0  # generating + writing the catalog
    index_s: float = 0.0
    indexed: int = 0

    @property
    def catalog_bytes(self) -> int:
        return sum(_size(self.home.root / name) for name in
                   ("catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"))

    @property
    def index_bytes(self) -> int:
        return _size(self.home.index_dir)


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return 0


def default_home_dir(n: int, seed: int) -> Path:
    return DEFAULT_CACHE / f"home-{n}-{seed}"


def _bench_key(n: int, seed: int) -> str:
    return json.dumps({"n": n, "seed": seed, "version": CORPUS_VERSION}, sort_keys=True)


def _existing_key(home: Home) -> str | None:
    if not home.catalog_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{home.catalog_path}?mode=ro", uri=True)
        try:
            return get_meta(conn, BENCH_META)
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _log(verbose: bool, message: str) -> None:
    if verbose:
        print(message, flush=True)


def build_home(home_dir: Path | str | None, n: int, seed: int = 1, *, verbose: bool = True) -> BuildReport:
    """A newsdig home holding the corpus (n, seed), with its index; reused when already built.

    A directory that holds anything but a bench home (or nothing) is never deleted: that is an error.
    """
    root = Path(home_dir).expanduser() if home_dir else default_home_dir(n, seed)
    home = Home(root.resolve())
    key = _bench_key(n, seed)
    found = _existing_key(home)
    if found == key:
        try:
            open_index(home.index_dir)
            conn = connect(home.catalog_path, readonly=True)
            try:
                count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            finally:
                conn.close()
            _log(verbose, f"reusing the bench home {home.root} ({count:,} articles, n={n}, seed={seed})")
            return BuildReport(home, n, seed, True, count)
        except NewsdigError as err:  # e.g. the index schema changed: rebuild the index only
            _log(verbose, f"bench home {home.root}: {err}; rebuilding the index")
            return _index(home, n, seed, _catalog_count(home), 0.0, 0.0, verbose)
    if home.root.exists() and any(home.root.iterdir()):
        if found is None:
            raise NewsdigError(f"{home.root} is not empty and is not a bench home; not touching it")
        _log(verbose, f"{home.root} holds another bench corpus ({found}); rebuilding it")
        shutil.rmtree(home.root)
    home.ensure()
    _log(verbose, f"building the bench home {home.root}: {n:,} articles, seed {seed}")
    conn = connect(home.catalog_path)
    generate_s = 0.0
    started = time.perf_counter()
    try:
        articles = iter_articles(n, seed)
        done = 0
        while done < n:
            t0 = time.perf_counter()
            batch = list(itertools.islice(articles, BATCH))
            generate_s += time.perf_counter() - t0
            if not batch:
                break
            with conn:
                for article in batch:
                    upsert_article(conn, article, None)
            done += len(batch)
            if verbose and (done % (BATCH * 10) == 0 or done == n):
                rate = done / (time.perf_counter() - started)
                print(f"  catalog {done:>10,}/{n:,}  {rate:,.0f} articles/s", file=sys.stderr, flush=True)
        catalog_s = time.perf_counter() - started
        count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        conn.close()
    return _index(home, n, seed, count, generate_s, catalog_s, verbose)


def _catalog_count(home: Home) -> int:
    conn = connect(home.catalog_path, readonly=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def _index(home: Home, n: int, seed: int, count: int, generate_s: float, catalog_s: float,
           verbose: bool) -> BuildReport:
    conn = connect(home.catalog_path)
    try:
        started = time.perf_counter()
        indexed = rebuild(conn, home.index_dir)
        index_s = time.perf_counter() - started
        with conn:
            set_meta(conn, BENCH_META, _bench_key(n, seed))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    report = BuildReport(home, n, seed, False, count, generate_s, catalog_s, index_s, indexed)
    if verbose:
        if catalog_s:
            print(f"  catalog: {count:,} articles in {catalog_s:.1f} s = {count / catalog_s:,.0f} articles/s "
                  f"(generating {generate_s:.1f} s of it), {report.catalog_bytes / 1e6:,.0f} MB")
        print(f"  index:   {indexed:,} docs in {index_s:.1f} s = {indexed / max(index_s, 1e-9):,.0f} docs/s, "
              f"{report.index_bytes / 1e6:,.0f} MB")
    return report


# --------------------------------------------------------------------------------------------
# Queries over the corpus vocabulary


def queries(count: int = 200, seed: int = 1) -> list[str]:
    """A realistic query mix over the corpus vocabulary (the same list for every corpus seed).

    Shares of `count`: 20% one frequent word, 12% one mid-frequency word, 8% one rare word or
    place, 15% two topic words, 10% three, 10% names (person, surname + place, organisation),
    10% quoted phrases, 7% site:, 5% after:/before:, 3% lang: in that language, and 10% other
    syntax (OR, -word, intitle:, source:"...").
    """
    w = world()
    rng = random.Random(f"queries:{seed}")
    content = list(w.english.items[len(set(FUNCTION)):])
    frequent, mid = content[:250], content[250:1200]
    topics = list(w.topics.values())
    collocations = [x for lex in topics for x in lex.items if "_" in x]
    sites = [s for s in w.sites[:50] if not s.wire and s.language == "en"]  # English query words

    def topic_words(k: int) -> list[str]:
        lex = rng.choice(topics)
        return _unique(_words(x) for x in lex.sample(rng, k * 4))[:k]

    def one_topic_word() -> str:
        word = topic_words(1)[0]
        return f'"{word}"' if " " in word else word

    def day(first: int) -> str:
        year = rng.randint(first, 2024)
        return rng.choice((f"{year}", f"{year}-{rng.randint(1, 12):02d}",
                           f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"))

    def rare() -> str:
        return rng.choice((w.tail.items[rng.randrange(200, 5000)], w.places.items[rng.randrange(100, 600)]))

    def name() -> str:
        return rng.choice((w.people.pick(rng), f"{w.people.pick(rng).split()[-1]} {w.places.pick(rng)}",
                           w.orgs.pick(rng)))

    def phrase() -> str:
        return rng.choice((rng.choice(collocations).replace("_", " "), w.people.pick(rng),
                           f"{rng.choice(frequent)} {rng.choice(frequent)}"))

    def site() -> str:
        return rng.choice(sites).domain

    def dated() -> str:
        return rng.choice((f"{one_topic_word()} after:{day(2019)}", f"{one_topic_word()} before:{day(2020)}",
                           f"{' '.join(topic_words(2))} after:{day(2019)}"))

    def language() -> str:
        lang = rng.choice(LANGUAGES[1:])
        return f"lang:{lang} {rng.choice(w.other[lang].items[60:])}"

    def other() -> str:
        return rng.choice((
            f"{one_topic_word()} OR {one_topic_word()}",
            f"{' '.join(topic_words(2))} -{rng.choice(frequent)}",
            f"intitle:{one_topic_word()}", f'source:"{rng.choice(sites).name}" {rng.choice(frequent)}'))

    makers: list[tuple[float, Callable[[], str]]] = [
        (0.20, lambda: rng.choice(frequent)),
        (0.12, lambda: rng.choice(mid)),
        (0.08, rare),
        (0.15, lambda: " ".join(topic_words(2))),
        (0.10, lambda: " ".join(topic_words(3))),
        (0.10, name),
        (0.10, lambda: f'"{phrase()}"'),
        (0.07, lambda: f"{rng.choice((one_topic_word, lambda: rng.choice(frequent)))()} site:{site()}"),
        (0.05, dated),
        (0.03, language),
        (0.10, other),
    ]
    result = [make().lower().replace(" or ", " OR ")
              for share, make in makers for _ in range(max(1, round(share * count)))]
    rng.shuffle(result)
    return result[:count]


# --------------------------------------------------------------------------------------------
# Word lists

# The most frequent English words in news text, roughly by rank.
FUNCTION = _w("""
the of to and a in that for on is said was with he it as at by his from be have has but are not an
they this were had who will been their which its would after more also one or she we her about there
up out than all new into when last two year over can people years other first i some what could time
them no so if only government three just told like most him before while during may percent where
because our those how against back being made these then since week now under any between many state
such including well both four off another five even still very around through down day until much
former own next make get way should take several did do part each according second early set here
however already number also our against within without among across
""")

# General news vocabulary (nouns, verbs, adjectives, adverbs), most frequent first.
GENERAL = _w("""
police president country city officials company market world report group family children women
men members party election vote law court case support plan deal million billion money business
workers health school students house home security military forces war attack killed death life
water energy power oil gas prices price cost costs rate rates economy growth trade bank tax budget
spending public service services system programme project policy issue issues problem question
decision change changes development research study data information news media social online
technology phone car road train airport flight travel food farmers land area region border community
local national international foreign federal regional central northern southern eastern western
minister ministry leader leaders council committee board agency department office authorities
spokesman spokeswoman statement interview press conference meeting talks agreement proposal
investigation inquiry review evidence victims suspect suspects charges trial judge prison sentence
hospital patients doctors staff care treatment virus cases deaths disease vaccine risk safety
weather storm rain flooding fire fires heat temperatures climate emissions environment nature
team season match game games players coach club league cup final win victory title fans stadium
film music show series festival book art museum artist award prize history culture church
street town village county district neighbourhood residents building buildings homes housing rent
jobs job unemployment wages pay salary pension pensions income poverty benefits welfare
industry companies firms firm factory production sales customers consumers shops retail brand
investors shares stock markets profit profits revenue losses debt loans interest inflation
growth forecast quarter month months weeks days hours minutes morning afternoon evening night
monday tuesday wednesday thursday friday saturday sunday january february march april june july
august september october november december today yesterday tomorrow weekend
said says told added announced called expected began started reported made took gave saw came went
found showed asked held left won lost paid built helped moved needed wanted used worked played
opened closed raised cut increased reduced rose fell dropped grew launched signed agreed approved
rejected warned urged denied confirmed claimed accused arrested charged sentenced released injured
died rescued evacuated elected appointed resigned criticised defended blamed supported opposed
voted proposed introduced passed blocked delayed suspended cancelled postponed investigated
discovered revealed published tested developed produced sold bought invested hired returned
received remained become became include includes included continue continued follow followed
believe believed think thought know known say tell give take make keep bring hold run pay meet
lead lose win help show hear play move live stand allow create expect offer consider appear
provide require report decide return explain hope reach remain suggest raise pass sell send
build stay fall cut reach kill agree open close spend face fight seek serve

new big small large high low long short old young major key top senior recent late strong weak
political economic financial military medical legal official full real whole clear likely possible
important different certain free open special available hard difficult serious similar significant
main local private single current true best better good bad great little few least less worst
human natural personal final general common simple total average annual daily weekly monthly
previous further additional modern traditional popular successful critical critical democratic
independent western european american african asian british french german russian chinese
also just now then still again already never always often later soon almost nearly really
perhaps probably especially recently currently quickly slowly finally directly largely mostly
together instead away ahead once twice about above below behind beyond near toward towards
though although whether either neither unless despite whose whom yet nor per via
mr mrs ms dr

people person man woman child boy girl baby mother father son daughter brother sister wife husband
friend friends neighbour neighbours owner owners driver drivers passenger passengers resident
citizen citizens voter voters worker employee employees manager managers director directors expert
experts analyst analysts economist economists scientist scientists researcher researchers teacher
teachers student pupil pupils parent parents doctor nurse nurses officer officers soldier soldiers
lawyer lawyers reporter reporters journalist journalists author writer editor historian engineer
farmer fisherman activist activists campaigner campaigners protester protesters volunteer volunteers
figure figures level levels amount share side sides end point points line group groups place places
way ways thing things fact facts part parts kind sort type example reason reasons result results
effect effects impact response action actions effort efforts attempt attempts step steps move
chance choice role rule rules order orders term terms state states nation nations capital
centre center south north east west coast island river lake mountain valley park bridge port
street streets road roads highway motorway railway line station square market markets
school schools college university universities hospital hospitals prison prisons court courts
police station headquarters parliament palace embassy base camp border borders city cities town
towns village villages region regions province provinces county counties district districts
office offices room rooms floor door window wall roof garden field fields forest forests beach
sea ocean air sky sun moon earth ground rock rocks sand snow ice wind winds cloud clouds

money cash fund funds funding budget budgets cost price value values account accounts bill bills
tax taxes tariff tariffs fee fees fine fines rate rates loan loans debt debts credit bond bonds
pound pounds dollar dollars euro euros cent cents currency exchange reserve reserves asset assets
property properties land estate investment investments investor investors owner stake stakes
contract contracts order orders deal deals offer offers bid bids sale sales purchase merger
supply demand shortage shortages surplus deficit output exports imports goods products product
service quality brand brands store stores shop shops restaurant restaurants hotel hotels

event events incident incidents accident accidents crash crashes collision explosion blast fire
attack attacks shooting shootings violence clashes protest protests demonstration strike strikes
riot riots crisis crises emergency disaster disasters threat threats warning warnings alert
danger damage losses recovery rescue search operation operations mission missions campaign
election elections vote votes poll polls ballot referendum result count victory defeat
debate debates speech speeches address announcement announcements decision decisions ruling
verdict appeal appeals hearing hearings case cases trial trials charge investigation
agreement agreements treaty treaties deal talks negotiations summit visit visits tour trip

health illness illnesses injury injuries symptoms infection infections outbreak outbreaks
vaccine vaccines drug drugs medicine medicines test tests testing surgery therapy cancer heart
blood brain mental diet obesity smoking alcohol addiction pandemic epidemic virus viruses

computer computers software internet website websites app apps platform platforms network
networks device devices phone phones smartphone screen video videos camera cameras image images
data database system systems code users user account privacy security password email messages
chip chips robot robots machine machines artificial intelligence model models tool tools

car cars vehicle vehicles bus buses train trains plane planes aircraft ship ships boat boats
bike bicycle truck trucks lorry lorries taxi flight flights route routes journey traffic
fuel petrol diesel electricity battery batteries charging engine engines

food meal meals bread meat milk coffee tea wine beer water drinks crop crops harvest wheat rice
animal animals dog dogs cat cats bird birds fish horse horses cattle sheep wildlife species

year years decade decades century centuries age ages generation generations period periods
history future past present moment time times date dates deadline schedule calendar season seasons

word words language languages letter letters message name names story stories book books novel
paper papers magazine newspaper article articles page pages title headline column report reports
record records list lists note notes document documents file files archive archives photo photos

idea ideas plan plans strategy strategies goal goals target targets aim priority priorities
concern concerns fear fears hope hopes demand demands pressure criticism anger support opposition
trust confidence doubt doubts interest interests view views opinion opinions belief beliefs

law laws right rights freedom freedoms justice equality power powers control authority
responsibility duty duties obligation standard standards regulation regulations requirement
limit limits ban bans restriction restrictions permit permits licence licences
increase increases rise rises fall falls drop cuts gain gains loss growth decline boost jump surge
peace war conflict conflicts fighting battle battles weapons weapon arms army navy troops
""")

# Per-topic vocabularies: words and collocations ("_" joins a collocation's words).
TOPICS: dict[str, str] = {
    "politics": """
election parliament minister ministers coalition opposition vote voters campaign candidate
candidates ballot polls referendum senate senator senators lawmakers legislation bill reform
reforms party leader cabinet mayor governor council constitution democracy protest diplomat
summit sanctions embassy ambassador negotiations majority minority seats manifesto debate
prime_minister foreign_minister finance_minister general_election opposition_leader ruling_party
coalition_government state_visit no-confidence_vote interior_minister local_elections
constitutional_court electoral_commission polling_stations party_conference budget_vote
veto amendment spokesperson presidency chancellor premier deputy resignation scandal lobbying
""",
    "economy": """
inflation interest economy growth recession unemployment wages prices investors shares stocks
bonds currency exports imports tariffs deficit debt forecast quarter earnings profit revenue
central_bank interest_rates stock_market trade_deal consumer_prices fiscal_policy
economic_growth labour_market housing_market bond_yields exchange_rate oil_prices
cost_of_living monetary_policy trade_war public_debt retail_sales gross_domestic_product
economists analysts downturn slowdown stimulus austerity subsidies borrowing lending mortgage
mortgages savings pension productivity output manufacturing index benchmark yields
""",
    "business": """
company companies merger acquisition startup shareholders board factory production retailer
customers sales brand executives chairman investors takeover bankruptcy layoffs redundancies
chief_executive supply_chain annual_report profit_warning share_price market_share
private_equity venture_capital board_of_directors trade_union job_cuts
airline carmaker bank insurer supermarket conglomerate subsidiary headquarters franchise
dividend valuation listing ipo logistics warehouse exports contract suppliers
""",
    "technology": """
software data cyber hackers smartphone chip chips semiconductor platform app users privacy
cloud algorithm network satellite robot robots internet browser encryption outage update
artificial_intelligence data_breach social_media search_engine data_centre
quantum_computing electric_vehicles self-driving_cars cyber_attack language_model
developers startup gadget devices broadband fibre antitrust regulators moderation chatbot
""",
    "science": """
researchers scientists study university laboratory species discovery space telescope planet
mission rocket genes fossil experiment journal astronomers physicists biologists samples
space_agency climate_model research_team peer_review orbit launch galaxy asteroid comet
moon mars particle molecules cells bacteria ecosystem biodiversity excavation archaeologists
""",
    "health": """
hospital hospitals patients doctors nurses vaccine virus outbreak disease cancer treatment
drug drugs infection infections symptoms surgery clinic clinics waiting ambulance
health_ministry public_health mental_health health_service waiting_lists intensive_care
clinical_trial medical_staff emergency_department
epidemic pandemic vaccination doses prescription pharmacy diagnosis obesity diabetes dementia
""",
    "sports": """
match season league club coach players goal goals championship tournament final cup team
victory defeat striker midfielder defender goalkeeper stadium fans referee penalty injury
world_cup champions_league grand_prix olympic_games transfer_window head_coach
semi-final quarter-final home_win away_win extra_time
medal medals athletes marathon sprint race racing cycling tennis football rugby cricket
basketball swimming boxing skiing golf squad captain manager
""",
    "weather": """
storm flooding floods rain drought heatwave wildfire wildfires temperatures emissions carbon
renewable wind solar forecasters hurricane earthquake snow frost landslide evacuation
climate_change red_warning heavy_rain power_cuts sea_levels fossil_fuels
extreme_weather record_temperatures flood_defences
gusts typhoon tornado hail thunderstorms rainfall glacier coastline erosion
""",
    "crime": """
police officers arrested suspect investigation court judge trial jury prosecutors charges
guilty sentence prison murder fraud shooting victims lawyer appeal detectives robbery theft
supreme_court police_said life_sentence court_hearing murder_trial
organised_crime money_laundering public_prosecutor
custody bail witness witnesses testimony verdict acquitted convicted stabbing burglary
smuggling trafficking corruption bribery cartel gang
""",
    "culture": """
film festival museum music album artist exhibition theatre novel author award prize concert
actor actress director series premiere audience gallery orchestra opera ballet painting
box_office film_festival literary_prize art_gallery
streaming documentary sculpture poetry publisher bestseller soundtrack choir heritage
""",
    "conflict": """
troops soldiers army military ceasefire missile strikes drone drones frontline refugees
humanitarian aid invasion defence offensive civilians shelling artillery airstrike
peace_talks human_rights air_defence military_aid prisoner_exchange peacekeeping_mission
ceasefire_agreement security_council defence_minister
militants insurgents hostages occupation bombardment casualties convoy blockade
""",
    "education": """
schools teachers pupils students university exams curriculum tuition classroom lecturers
graduates scholarship enrolment degree
school_year exam_results tuition_fees teachers_union education_ministry
kindergarten literacy apprenticeships campus research grants
""",
    "transport": """
rail railway trains airline airport flights passengers motorway traffic port shipping
timetable delays cancellations commuters bus tram metro tunnel bridge
high-speed_rail rail_strike air_traffic_control fuel_prices
container freight ferry pilots runway terminal congestion tolls
""",
}

TOPIC_WEIGHTS: dict[str, float] = {
    "politics": 18, "economy": 13, "business": 10, "technology": 8, "science": 5, "health": 8,
    "sports": 13, "weather": 7, "crime": 10, "culture": 5, "conflict": 7, "education": 3,
    "transport": 4,
}

# Newsroom section of each topic (used in URLs and page chrome).
TOPIC_SECTIONS: dict[str, tuple[str, ...]] = {
    "politics": ("politics", "news", "world"), "economy": ("business", "economy", "markets"),
    "business": ("business", "companies"), "technology": ("technology", "tech", "business"),
    "science": ("science", "news"), "health": ("health", "news", "life"),
    "sports": ("sport", "sports"), "weather": ("news", "environment", "weather"),
    "crime": ("news", "local", "crime"), "culture": ("culture", "arts", "entertainment"),
    "conflict": ("world", "news"), "education": ("education", "news", "local"),
    "transport": ("news", "local", "business"),
}

# Headline verbs: (third person, base form).
HEADLINE_VERBS: tuple[tuple[str, str], ...] = (
    ("warns", "warn"), ("backs", "back"), ("rejects", "reject"), ("faces", "face"), ("wins", "win"),
    ("plans", "plan"), ("seeks", "seek"), ("unveils", "unveil"), ("announces", "announce"),
    ("blocks", "block"), ("approves", "approve"), ("cuts", "cut"), ("raises", "raise"),
    ("delays", "delay"), ("launches", "launch"), ("probes", "probe"), ("defends", "defend"),
    ("urges", "urge"), ("vows", "vow"), ("signs", "sign"), ("denies", "deny"), ("calls for", "call for"),
    ("criticises", "criticise"), ("halts", "halt"), ("expands", "expand"), ("scraps", "scrap"),
)

ROLES = (
    "a spokesperson for", "the chief executive of", "a director at", "an analyst at",
    "a senior official at", "a lawyer for", "the chair of", "a professor at", "an economist at",
    "a researcher at", "the head of", "a board member of",
)

FIRST_NAMES = _w("""
Anna Karl Maria Jonas Elena Tomas Sofia Lukas Clara David Nora Paul Laura Peter Julia Marco Sara
Daniel Eva Samuel Lea Martin Ines Felix Olga Victor Ruth Adam Mila Oscar Ida Hugo Alma Leon Greta
Simon Hanna Emil Vera Arthur Lina Henrik Mira Jakob Nina Oliver Rosa Stefan Tessa Anton Iris
Benedikt Carla Dmitri Esther Fabian Gloria Hector Ingrid Ivan Johanna Kofi Leila Mateo Naomi Omar
Priya Rafael Selma Tariq Ursula Vincent Wanda Yusuf Zora Amara Bruno Celine Diego Elif Farid Gemma
Hiro Isabel Joao Kenji Lucia Malik Nadia Pablo Quinn Rania Sven Tamar Ulrich Valentina William
Ximena Yara Zain Aiko Boris Chiara Dario Emma Frida George Helena Ismael Jana Kaspar Lotte Mads
Nils Ophelia Piotr Rosalind Sandro Thea Umar Viola Walter Agnes Bastian Cornelia Dominik Edith
Florian Gustav Hilde Ilse Jorge Katja Ludwig Magda Niklas Otto Petra Renate Sabine Theo
""")

SURNAMES = _w("""
Brennan Halvorsen Okafor Lindqvist Moreau Castellano Petrov Nakamura Fischer Adeyemi Kowalski
Marchetti Dubois Novak Johansson Rahman Schneider Mendes Varga Ortega Lindgren Kaplan Horvath
Rossi Becker Costa Jansen Murphy Sorensen Nguyen Haddad Weber Silva Laurent Kruger Bianchi Meyer
Ferreira Dahl Walsh Ivanova Santos Keller Romano Bauer Lopez Eriksen Kelly Hoffmann Garcia Berg
Gallagher Wagner Moretti Svensson Delgado Richter Conti Lambert Nilsen Roth Esposito Vogel
Barros Quinn Sato Mwangi Herrera Kuznetsov Aydin Lehmann Rinaldi Aguilar Foster Brandt Colombo
Vasquez Ahmed Winter Greco Strand Nowak Fontaine Huber Ricci Acosta Dunn Kraus Ferrari Mora
Sandberg Ward Wolff Lombardi Pereira Holm Doyle Seidel Gentile Navarro Berglund Hale Schulz
Marino Campos Nyberg Reid Frank Galli Rojas Lund Byrne Hartmann Caruso Molina Ekstrom Lynch
Schmitt Leone Ramos Vik Barrett Krause Fabbri Castro Holmberg Sharma Koch Serra Ibarra Falk
Mahoney Engel Bruno Medina Wallin Kerr Ziegler Vitale Paredes Dalby Carver Stein Palumbo Ruiz
Aalto Boyle Arnold Monti Guerrero Hedlund Nash Kessler Pellegrini Cabrera Lind Fraser Thorne
Achebe Bose Chen Dlamini Eze Fujita Gupta Hassan Ito Jovanovic Kim Li Mensah Ng Osei Park
Qureshi Ruiz Suzuki Tanaka Usman Volkov Wang Xu Yilmaz Zhou
""")

PLACE_HEADS = _w("""
Bran Kes Val Nor Ost Wes Hal Mar Cal Dun Fen Gra Ith Jor Kal Lin Mor Pel Quen Ros Sel Tor Ul Ver
Wyn Ard Bel Cor Del Elm Fal Glen Har Ives Lor Mal Nev Or Pra Riv Sta Tal Var Zel Ash Bry Cam Dra
Eld Fro Gil Hol Kar Lan Mel Nol Pen Ram Sal Tre Vel Whit Ald Bar Cas Dor Ever Gal Hes Isl Lun
""")

PLACE_TAILS = _w("""
holm ford ton wick dale mouth bury haven stad berg mere port field gate moor vik sund burg ano ille
era bridge ley by caster den hurst lund ness rock stow thorpe well worth brook combe
""")

COUNTRY_TAILS = ("ia", "ova", "land", "istan", "ania", "eria", "onia")

# Outlet name patterns by language; {p} is a place.
OUTLET_PATTERNS: dict[str, tuple[str, ...]] = {
    "en": ("The {p} Herald", "{p} Times", "The {p} Post", "{p} Gazette", "The {p} Courier",
           "{p} Tribune", "The {p} Chronicle", "{p} Observer", "{p} Journal", "{p} Daily",
           "{p} Evening News", "The {p} Record", "{p} Star", "The {p} Sentinel", "{p} Dispatch",
           "{p} Telegraph", "The {p} Independent", "{p} Examiner", "{p} Mirror", "{p} Standard",
           "{p} Bulletin", "{p} Today", "{p} Live", "{p} Report"),
    "de": ("{p}er Zeitung", "{p}er Allgemeine", "{p}er Nachrichten", "{p} Tagblatt",
           "{p} Rundschau", "{p}er Anzeiger", "{p} Kurier", "{p}er Morgenpost"),
    "fr": ("Le Courrier de {p}", "La Dépêche de {p}", "{p} Matin", "L'Écho de {p}",
           "Le Journal de {p}", "La Voix de {p}", "{p} Info", "Le Progrès de {p}"),
    "es": ("El Diario de {p}", "La Voz de {p}", "Heraldo de {p}", "El Correo de {p}",
           "La Crónica de {p}", "{p} Hoy", "El Periódico de {p}", "Noticias de {p}"),
    "it": ("Il Corriere di {p}", "La Gazzetta di {p}", "Il Giornale di {p}", "{p} Oggi",
           "La Nazione di {p}", "Il Messaggero di {p}", "La Provincia di {p}", "{p} Notizie"),
}

TLDS: dict[str, tuple[str, ...]] = {
    "en": ("com", "com", "com", "co.uk", "co.uk", "com.au", "ca", "ie", "net", "org", "news", "co.nz"),
    "de": ("de", "de", "de", "at", "ch"),
    "fr": ("fr", "fr", "fr", "be", "ch"),
    "es": ("es", "es", "com.mx", "com.ar", "cl"),
    "it": ("it", "it", "it", "ch"),
}

WIRES: tuple[tuple[str, str, str], ...] = (  # name, domain, language
    ("Northwire", "northwire.news", "en"),
    ("Continental Press", "continentalpress.com", "en"),
    ("Global Wire Service", "globalwire.org", "en"),
    ("Deutsche Nachrichtenagentur Nord", "dnn-agentur.de", "de"),
    ("Agence Presse Centrale", "apc-presse.fr", "fr"),
    ("Agencia Ibérica de Noticias", "agenciaiberica.es", "es"),
    ("Agenzia Stampa Unita", "agenziastampa.it", "it"),
)

LANGUAGE_SHARES: dict[str, float] = {"en": 0.70, "de": 0.10, "fr": 0.08, "es": 0.07, "it": 0.05}

SYNDICATION_CREDIT: dict[str, str] = {
    "en": "This article was first published by {src} and is republished by {site} under a syndication "
          "agreement.",
    "de": "Dieser Artikel erschien zuerst bei {src}; {site} veröffentlicht ihn im Rahmen einer "
          "Partnerschaft.",
    "fr": "Cet article a d'abord été publié par {src} et est republié par {site} dans le cadre d'un "
          "partenariat.",
    "es": "Este artículo fue publicado primero por {src} y {site} lo reproduce con autorización.",
    "it": "Questo articolo è stato pubblicato per la prima volta da {src} e ripubblicato da {site} "
          "su licenza.",
}

# Other languages: function words first, then common news words (a Zipf over this order).
OTHER_LANGUAGES: dict[str, str] = {
    "de": """
der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden
aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur
oder aber vor zur bis mehr durch man sagte wurde Jahr Jahren Prozent Millionen Euro Regierung
Polizei Stadt Menschen Land Woche Montag Dienstag Mittwoch Donnerstag Freitag Wahl Minister
Ministerin Bundesregierung Unternehmen Präsident Bürgermeister Gericht Kinder Schulen Krankenhaus
Preise Inflation Wirtschaft Arbeit Arbeitsplätze Bahn Verkehr Streik Energie Strom Gas Klima
Hochwasser Sturm Regen Hitze Partei Opposition Koalition Gesetz Reform Haushalt Steuern Kosten
Mieten Wohnungen Verein Spiel Saison Trainer Tore Mannschaft Sieg Niederlage Festival Museum
Ausstellung Studie Forscher Universität Behörden Ermittlungen Angeklagte Urteil Zeugen Ende
neue neuen großen ersten deutschen heute gestern weitere soll sollen müssen können kann will
""",
    "fr": """
de la le et les des à en du un une que est pour qui dans a par sur pas au plus ne il se ce sont
avec elle son sa ses ont été aux mais comme tout cette leur être fait selon après avant entre
contre depuis ans année millions euros pour cent gouvernement police ville pays semaine lundi
mardi mercredi jeudi vendredi élection ministre président maire tribunal enfants écoles hôpital
prix inflation économie travail emplois grève énergie électricité climat inondations tempête
pluie chaleur parti opposition loi réforme budget impôts coûts logement loyers match saison
entraîneur buts équipe victoire défaite festival musée exposition étude chercheurs université
autorités enquête procès jugement témoins nouveau nouvelle premier première français hier
aujourd'hui doit peut veut selon déclaré
""",
    "es": """
de la que el en y a los del se las por un para con no una su al es lo como más pero sus le ya o
fue este ha sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde
todo nos durante todos uno les ni contra otros años año millones euros por ciento gobierno
policía ciudad país semana lunes martes miércoles jueves viernes elecciones ministro presidente
alcalde tribunal niños escuelas hospital precios inflación economía trabajo empleo huelga energía
electricidad clima inundaciones tormenta lluvia calor partido oposición ley reforma presupuesto
impuestos costes vivienda alquiler partido temporada entrenador goles equipo victoria derrota
festival museo exposición estudio investigadores universidad autoridades investigación juicio
sentencia testigos nuevo nueva primer primera ayer hoy debe puede quiere según afirmó
""",
    "it": """
di e il la che in a per un è non una del le i con si da al dei della sono alla gli più come ma
anche lo nel ha nella delle se sul tra dopo prima contro durante anni anno milioni euro per cento
governo polizia città paese settimana lunedì martedì mercoledì giovedì venerdì elezioni ministro
presidente sindaco tribunale bambini scuole ospedale prezzi inflazione economia lavoro sciopero
energia elettricità clima alluvione tempesta pioggia caldo partito opposizione legge riforma
bilancio tasse costi casa affitti partita stagione allenatore gol squadra vittoria sconfitta
festival museo mostra studio ricercatori università autorità indagine processo sentenza testimoni
nuovo nuova primo prima ieri oggi deve può vuole secondo dichiarato
""",
}

OTHER_HEADLINE_VERBS: dict[str, tuple[str, ...]] = {
    "de": ("warnt vor", "kritisiert", "plant", "fordert", "stoppt", "gewinnt", "verliert", "kündigt an"),
    "fr": ("met en garde contre", "critique", "prévoit", "réclame", "suspend", "remporte", "annonce"),
    "es": ("advierte sobre", "critica", "planea", "exige", "suspende", "gana", "anuncia"),
    "it": ("avverte su", "critica", "prepara", "chiede", "sospende", "vince", "annuncia"),
}

MILLION: dict[str, str] = {"en": "million", "de": "Mio.", "fr": "millions", "es": "millones",
                           "it": "milioni"}
SAID: dict[str, str] = {"en": "said", "de": "sagte", "fr": "a déclaré", "es": "dijo", "it": "ha detto"}

NAV_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("Home", "News", "World", "Business", "Sport", "Culture", "Opinion", "Weather", "Podcasts"),
    "de": ("Startseite", "Nachrichten", "Politik", "Wirtschaft", "Sport", "Kultur", "Meinung", "Wetter"),
    "fr": ("Accueil", "Actualités", "Monde", "Économie", "Sport", "Culture", "Opinions", "Météo"),
    "es": ("Portada", "Noticias", "Mundo", "Economía", "Deportes", "Cultura", "Opinión", "Tiempo"),
    "it": ("Home", "Notizie", "Mondo", "Economia", "Sport", "Cultura", "Opinioni", "Meteo"),
}

BOILERPLATE: dict[str, tuple[str, ...]] = {
    "en": ("Sign up for our morning newsletter", "We use cookies to improve your experience.",
           "Most read", "Related stories", "Share this article", "All rights reserved."),
    "de": ("Jetzt den Newsletter abonnieren", "Wir verwenden Cookies.", "Meistgelesen",
           "Mehr zum Thema", "Artikel teilen", "Alle Rechte vorbehalten."),
    "fr": ("Inscrivez-vous à notre newsletter", "Nous utilisons des cookies.", "Les plus lus",
           "À lire aussi", "Partager cet article", "Tous droits réservés."),
    "es": ("Suscríbete a nuestro boletín", "Usamos cookies.", "Lo más leído",
           "Noticias relacionadas", "Compartir este artículo", "Todos los derechos reservados."),
    "it": ("Iscriviti alla nostra newsletter", "Usiamo i cookie.", "I più letti",
           "Articoli correlati", "Condividi questo articolo", "Tutti i diritti riservati."),
}

# Less frequent general words (ranked after GENERAL).
GENERAL_MORE = _w("""
abandon ability absence academic accept access accommodation accompany accurate achieve
acknowledge acquire adapt address adequate adjust administration admit adopt adult advance
advantage adverse advice advise advocate affair afford agenda aggressive ally alternative
ambition ambitious ambulance analysis ancient announce anniversary annual anticipate anxiety
apparent appeal applause application apply approach appropriate approval architect architecture
argue argument arrange arrangement arrest arrival arrive aspect assault assess assessment assist
assistance associate association assume atmosphere attach attend attention attitude attract
audience audit authentic available avoid awareness balance ballot bankrupt barrier basic basis
behaviour benefit bitter blame blast blind block boost boundary breach breakthrough brief
broadcast broadcaster burden cabinet calculate capable capacity capture career careful category
cause caution celebrate celebration ceremony chain challenge champion channel chaos chapter
characteristic charity chart chase cheap chemical circumstance citizen civil claim classic
clause clinical coalition code collapse colleague collect collection combat combination comfort
comment commercial commission commit commitment communicate comparison compensation compete
competition competitive complain complaint complex complicated component comprehensive
compromise concentrate concept concert conclude conclusion condemn condition conduct conference
confident confirm confront confusion congress connect connection consensus consequence
conservative considerable consist consistent constant constitutional construct construction
consult consumption contact contain contemporary content contest context continent contribute
contribution controversial controversy convention conversation convert convince cooperation
coordinate core corporate correct corridor council counter courage coverage crack creative
creature criminal criterion critic crowd crucial cultural curious custom cycle damage dealer
debut declare decline dedicate defeat defend defender deficit define definition delay delegate
delegation deliberate delicate deliver delivery democracy demonstrate density deny deploy
deployment deposit depression deputy derive describe description deserve designate desire
desperate destination destroy destruction detail detect detention determine devastating device
dialogue diplomat diplomatic disability disappear disaster discipline disclose discount
discourse discrimination discuss discussion dismiss display dispute distance distinct
distinguish distribute distribution diverse document domain dominant donate donation dose draft
dramatic drift drought duration dynamic eager economist edition editorial effective efficiency
efficient elderly electoral electric element eligible eliminate elite embrace emerge emergency
emission emotional emphasis empire employ employer enable encounter encourage endorse enemy
enforce enforcement engage engagement enhance enormous ensure enterprise entertainment
enthusiasm entire entitle entrance entry episode equal equipment equivalent era escape
essential establish estimate ethnic evaluate evacuate evident evolution exact examine exceed
exception excessive exclusive executive exhibit exile exist existence expand expansion expense
expensive experiment explicit explode exploit explore explosion expose exposure extend
extension extensive extent external extra extraordinary extreme facility faction factor
failure faith false familiar famous fashion fatal fault favour feature fee fellow female
fiction fierce finance findings firm fiscal flag flexible float flood focus forecast foreign
formal format formation formula fortune forum foundation fraction fragile framework fraud
frequent frontier frustration fulfil function fundamental funeral furniture gallery gap gender
generous genuine gesture giant global governor grab grade grain grant grave gravity guarantee
guard guidance guideline guilty habit halt handle harm harsh headline heritage hero hesitate
hidden highlight hint hire historic holder holiday honest honour horizon hostage hostile
household humanitarian identify identity ideology illegal illustrate immediate immigrant
immigration implement implication imply impose impress impressive incentive incidence
incorporate independence index indicate indicator individual infrastructure initial initiative
injure innocent innovation insight insist inspect inspection inspector inspire install
instance institution instruction instrument insurance integrate integrity intelligence intend
intense intensity intention interfere interim internal interpret intervention invasion invest
investigate invitation invite isolate isolation journey judgement jurisdiction justify
keen label labour landscape landmark launch lawsuit layer leadership leak lean legacy
legislation legitimate lend liberal liberty lifestyle likelihood literary literature
litigation loyal loyalty mainstream maintain maintenance mandate manifest manipulate
manufacture margin marine maritime mass massive mature maximum measure mechanism medal
mediate mention merchant merit migrant migration milestone minimum minor miracle mobile
mobilise moderate modest modify momentum monitor monopoly moral mortgage motion motivate
multiple municipal mutual mystery narrative narrow native naval negative neglect negotiate
neutral nominate nomination norm notable notion nuclear numerous objective obligation
observation observe obstacle obtain obvious occasion occupation occupy occur offence offend
offensive operate operator opponent oppose opposite optimistic option organise orientation
origin outcome outline outlook outrage outstanding overall overcome overseas oversight
overwhelming panel parade parallel parliamentary participate participation partly partnership
passion patient patrol pattern peak penalty perceive perception permanent persist perspective
petition phase phenomenon philosophy pilot pioneer pipeline pitch placement platform plea
pledge plot plunge pole portfolio portion portrait pose possess potential poverty practical
precise predict prediction preference premier premium preparation presence preserve
presidential prevail prevent previously pride primary prime principal principle prior
privacy privilege probe procedure proceed proceeds proclaim productive profession professional
profile profound prohibit prominent promise promote prompt proof proportion prospect prosecute
prosecution prosecutor protect protection protocol province provision provoke psychological
publication punish punishment pursue pursuit qualify quarter quota radical rally random range
rank rapid ratio rational react reaction readily realistic realm rebel rebuild recession
recognition recommend recommendation reconstruction recruit recruitment reduction referee
reflect reform refugee refusal refuse regime register regulate regulator reinforce reject
relate relation relevant reliable relief religion religious reluctant rely remark remarkable
remedy remote removal renew repair repeat replace replacement represent representative
reputation rescue resemble reservation resident resign resignation resist resistance resolution
resolve resort resource respect respond restore restrict restriction retain retire retirement
retreat reveal revenue reverse revival revolution reward rhetoric rival robust routine rural
sacrifice sanction satellite satisfaction scale scandal scenario scheme scope score scrutiny
secular secure seize select selection senator sensitive sentiment sequence settle settlement
severe shelter shift shortage shortly signal significance silence silent similarly sole
solidarity solution sovereign sovereignty span spark specialist specific spectacular spectrum
speculation sphere spokesman sponsor spot spread stability stable stadium stake stance
statistics status steady stimulus storage straightforward strategic stream strengthen stress
strict striking structure struggle subsequent subsidy substance substantial succeed succession
successor sufficient suicide suit summit superior supplement supporter suppose supreme surgery
surplus surrender surround surveillance survey survival survive suspend suspension sustain
sustainable symbol sympathy tackle tactic talent tension territory terror terrorism terrorist
testimony textile theme theory therapy thereby threshold thrive tide tissue tolerance
tone torture toxic trace track tradition tragedy trail transaction transfer transform
transformation transition transmission transparency transport trap treasury tremendous trend
tribunal tribute trigger triumph troop trophy tropical tumble turmoil turnout ultimate
uncertainty undermine undertake unemployed unexpected unfair unify union unique unit unity
universal unlikely unprecedented unrest upcoming upgrade uphold urban urge urgent utility
vacancy vaccine valid variable variation vast venture venue verdict version veteran veto
victim viewer violate violation virtual visible vision visual vital volatile volume voluntary
vulnerable wage warehouse warfare warrior wealth wealthy weapon welfare widespread withdraw
withdrawal witness workforce workshop worldwide worship yield youth zone
""")

ORG_KINDS = ("Energy", "Bank", "Airways", "Water", "Logistics", "Motors", "Telecom", "Steel",
             "Pharma", "Foods", "Port Authority", "Housing Association", "Chamber of Commerce",
             "Transit", "Insurance", "Mining", "Shipyards", "Media Group", "Power", "Rail")
MINISTRIES = ("Finance", "Health", "Defence", "Education", "Transport", "Justice", "the Interior",
              "Foreign Affairs", "Energy", "Agriculture", "Labour", "Culture", "Environment")
INSTITUTIONS = ("University", "General Hospital", "City Council", "Institute of Technology",
                "Museum", "Police", "District Court", "Chamber Orchestra", "Research Centre", "Airport")
ADJECTIVE_BRANDS = ("Northern", "United", "Atlas", "Summit", "Pioneer", "Meridian", "Vertex",
                    "Harbor", "Crescent", "Silverline", "Bluefield", "Redstone", "Evergreen", "Polar")
INDUSTRIES = ("Capital", "Analytics", "Robotics", "Biotech", "Semiconductors", "Airlines",
              "Retail", "Networks", "Shipping", "Labs", "Solar", "Dynamics", "Foods", "Software")


# --------------------------------------------------------------------------------------------
# Command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", "-n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("articles", "html", "warc"), default="articles",
                        help="articles: JSONL in the `newsdig export` shape (stdout without --out); "
                             "html: one page per file under --out DIR; warc: one .warc.gz at --out")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--build-home", action="store_true",
                        help="write the corpus into a newsdig home (catalog + index) instead")
    parser.add_argument("--home", type=Path,
                        help=f"home for --build-home (default {DEFAULT_CACHE}/home-N-SEED)")
    parser.add_argument("--queries", type=int, metavar="COUNT", help="print COUNT benchmark queries and exit")
    args = parser.parse_args(argv)
    if args.queries:
        print("\n".join(queries(args.queries, args.seed)))
        return 0
    if args.build_home:
        build_home(args.home, args.articles, args.seed)
        return 0
    started = time.perf_counter()
    if args.format == "articles":
        written = write_jsonl(args.out, args.articles, args.seed)
    elif args.out is None:
        parser.error(f"--format {args.format} needs --out")
    elif args.format == "html":
        written = write_html(args.out, args.articles, args.seed)
    else:
        written = write_warc(args.out, args.articles, args.seed)
    seconds = time.perf_counter() - started
    print(f"{args.articles:,} articles ({args.format}), {written / 1e6:,.1f} MB in {seconds:.1f} s "
          f"= {args.articles / seconds:,.0f} articles/s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
