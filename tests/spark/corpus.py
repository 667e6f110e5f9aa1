"""A small crawl built in code: news pages of six outlets in two WARC files, with the awkward cases.

Deterministic (one seeded RNG). What it holds, and why:
- English and German outlets, articles dated in March and April 2025 (plus a couple undated),
  arriving out of date order across two files: month x language partitions and file ordinals;
- site chrome on every page (nav, cookie banner, most-read, footer) and, at the Harbour Gazette,
  a sign-up line inside every article body: a learned site template;
- wire stories republished by two other outlets with a credit line and a reworded sentence:
  near-duplicate groups across outlets;
- a page republished word for word under another URL (an alias), a page crawled twice unchanged
  and one crawled again after an edit (an updated version);
- quotes with named speakers (spaCy's speakers and entities);
- WARC bookkeeping (warcinfo, request records), an image, a 404, and a record cut off at the end
  of the second file: rejections and passed-over counts, never a failed job.
"""

from __future__ import annotations

import html
import io
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str
    lang: str
    wire: bool = False
    template_line: str | None = None


OUTLETS = (
    Outlet("Harbour Gazette", "harbour-gazette.com", "en",
           template_line="Sign up for the Harbour Gazette morning briefing, delivered before seven."),
    Outlet("Northwind Times", "northwind-times.co.uk", "en"),
    Outlet("Valley Ledger", "valley-ledger.com", "en"),
    Outlet("Coastal Wire", "coastalwire.org", "en", wire=True),
    Outlet("Nordkurier Heute", "nordkurier-heute.de", "de"),
    Outlet("Rheinblatt", "rheinblatt.de", "de"),
)

PEOPLE = ("Ana Ruiz", "Tomas Brennan", "Priya Natarajan", "Martin Okafor", "Helen Castellano",
          "David Lindqvist", "Grace Mwangi", "Oliver Hartmann", "Sofia Marchetti", "James Whitaker",
          "Laura Kowalski", "Samuel Adeyemi", "Claire Dubois", "Henry Vance", "Nadia Petrova")
ROLES = ("the mayor", "the harbour master", "a council spokesperson", "the union's regional secretary",
         "the chief executive", "a local shop owner", "the police commissioner", "the health minister",
         "the head of the fire service", "an economist at the university")
ORGS = ("Riverside Council", "the Port Authority", "Meridian Energy", "the Transport Union",
        "St Aldric Hospital", "the Coastal Trust", "Halden Water", "the Chamber of Commerce")
PLACES = ("Eastbridge", "Port Halden", "Millbrook", "Ashcombe", "Greywater", "Kingsmere", "Oldharbour")
TOPICS = {
    "ferry": ("ferry", "crossings", "passengers", "timetable", "harbour"),
    "budget": ("budget", "library", "spending", "councillors", "tax"),
    "storm": ("storm", "power lines", "outages", "engineers", "flood defences"),
    "strike": ("strike", "wages", "dock workers", "negotiators", "picket lines"),
    "hospital": ("hospital", "waiting lists", "nurses", "emergency ward", "funding"),
    "housing": ("housing", "rents", "tenants", "developers", "planning permission"),
    "water": ("reservoir", "drought", "hosepipe ban", "pipes", "leaks"),
    "school": ("school", "teachers", "exam results", "classrooms", "parents"),
}
EN_SENTENCES = (
    "{place} woke on {day} to news that the {t0} plan had been {verb}.",
    "Officials from {org} confirmed that {n} {t2} would be affected over the coming weeks.",
    "The decision follows months of argument over the {t1} and the cost of the {t4}.",
    "\u201c{claim},\u201d said {person}, {role}, speaking outside the town hall.",
    "{person}, {role}, told reporters that {claim_lower}.",
    "According to {org}, the changes will cost roughly {n} thousand pounds a year.",
    "Residents in {place} said the {t0} had been a worry for as long as they could remember.",
    "A report published by {org} last {month_name} warned that the {t3} were stretched.",
    "\u201cWe cannot keep asking people in {place} to wait,\u201d {person} said.",
    "The {t1} will be reviewed again in {n} weeks, when new figures are due.",
    "Critics argue that the {t2} in {place} have been ignored for too long.",
    "{person} said the {t4} would be the first priority once the money arrived.",
    "Opposition members in {place} called the move a mistake and demanded a public vote.",
    "Engineers spent {n} hours on site before the work could be signed off.",
    "Figures seen by this newspaper suggest the {t3} rose by {n} per cent in a year.",
    "The {t0} question is expected to dominate the next meeting of {org}.",
    "In a statement, {org} said it regretted the disruption and thanked {t2} for their patience.",
    "\u201cThis is not the end of the matter,\u201d warned {person}, {role}.",
    "Several families in {place} described queues stretching around the block on {day}.",
    "The last comparable dispute over the {t1}, in {year}, lasted nearly {n} days.",
    "{person} denied that the {t4} had been neglected and pointed to new spending.",
    "Local businesses near the {t0} reported a fall in trade of about {n} per cent.",
    "A petition signed by {n} hundred people in {place} will be handed in next week.",
    "The plans were drawn up after a review of the {t3} commissioned by {org}.",
)
CLAIMS = ("We will not let this town down", "The money is there and it will be spent properly",
          "Nobody voted for these cuts", "The safety of passengers comes first",
          "We have listened to every objection", "This was always going to take time",
          "The figures speak for themselves", "Our members have been patient for long enough")
VERBS = ("approved", "delayed", "rejected", "shelved", "revived", "rewritten")
DE_SENTENCES = (
    "Der Stadtrat von {place} hat am {day_de} \u00fcber die neuen Pl\u00e4ne f\u00fcr den Hafen beraten.",
    "Nach Angaben der Verwaltung sind rund {n} Haushalte von den \u00c4nderungen betroffen.",
    "Die B\u00fcrgerinnen und B\u00fcrger hatten seit Monaten eine Entscheidung gefordert.",
    "\u201eWir werden die Arbeiten so schnell wie m\u00f6glich abschlie\u00dfen\u201c, sagte {person}.",
    "Kritiker werfen der Stadt vor, die Kosten von etwa {n} Millionen Euro untersch\u00e4tzt zu haben.",
    "Die Opposition verlangt nun eine genaue Pr\u00fcfung aller Vertr\u00e4ge.",
    "In {place} bildeten sich am Wochenende lange Schlangen vor dem Rathaus.",
    "Die Gewerkschaft k\u00fcndigte weitere Gespr\u00e4che f\u00fcr die kommende Woche an.",
    "Nach Einsch\u00e4tzung von Fachleuten wird die Sanierung mindestens {n} Monate dauern.",
    "Viele Anwohner sagten, sie f\u00fchlten sich von der Politik im Stich gelassen.",
    "Die Feuerwehr war mit {n} Einsatzkr\u00e4ften vor Ort und sicherte die Stra\u00dfe ab.",
    "Der Verkehr in der Innenstadt von {place} wurde f\u00fcr mehrere Stunden umgeleitet.",
    "Bis zum Ende des Jahres sollen die neuen Regeln in Kraft treten.",
    "Ein Sprecher des Landkreises best\u00e4tigte die Zahlen auf Nachfrage.",
    "Die Schulen in {place} bleiben nach Angaben der Beh\u00f6rden vorerst geschlossen.",
    "Im vergangenen Jahr hatte es bereits \u00e4hnliche Proteste gegeben.",
)
DE_TITLES = ("Streit um den Hafen von {place}", "{place} wartet auf eine Entscheidung",
             "Neue Regeln f\u00fcr {place} beschlossen", "Proteste in {place} halten an")
EN_TITLES = ("{place} {t0} plan {verb} after long dispute", "Anger in {place} over {t1}",
             "{org} faces questions over {t3}", "What the {t0} decision means for {place}",
             "{person} vows action on {t4}")
NAV = {"en": ("News", "Business", "Sport", "Opinion", "Weather"),
       "de": ("Nachrichten", "Wirtschaft", "Sport", "Meinung", "Wetter")}
FOOTER = {"en": "All rights reserved. Reproduction without permission is prohibited.",
          "de": "Alle Rechte vorbehalten. Nachdruck nur mit Genehmigung."}
MONTHS = ("2025-03", "2025-04")


@dataclass
class Page:
    url: str
    outlet: Outlet
    title: str
    paragraphs: list[str]
    published: str | None
    authors: tuple[str, ...] = ()
    notes: set[str] = field(default_factory=set)  # what the page is there to test

    def html(self) -> str:
        return render(self)


def _fill(rng: random.Random, template: str, topic: tuple[str, ...], place: str) -> str:
    claim = rng.choice(CLAIMS)
    return template.format(
        place=place, org=rng.choice(ORGS), person=rng.choice(PEOPLE), role=rng.choice(ROLES),
        n=rng.randint(3, 95), claim=claim, claim_lower=claim[0].lower() + claim[1:],
        day=rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")),
        day_de=rng.choice(("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag")),
        month_name=rng.choice(("January", "June", "September", "November")), year=rng.randint(2009, 2022),
        verb=rng.choice(VERBS), t0=topic[0], t1=topic[1], t2=topic[2], t3=topic[3], t4=topic[4])


def _paragraphs(rng: random.Random, lang: str, topic: tuple[str, ...], place: str) -> list[str]:
    pool = EN_SENTENCES if lang == "en" else DE_SENTENCES
    sentences = [_fill(rng, t, topic, place) for t in rng.sample(pool, rng.randint(9, 13))]
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[i:i + size]))
        i += size
    return paragraphs


def _published(rng: random.Random) -> str:
    month = rng.choice(MONTHS)
    minute = rng.choice((0, 15, 30, 45))
    return f"{month}-{rng.randint(1, 28):02d}T{rng.randint(6, 21):02d}:{minute:02d}:00+00:00"


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())[:60]


def make_pages(count: int = 150, seed: int = 7) -> list[Page]:
    """`count` original pages plus copies, in crawl order (not date order)."""
    rng = random.Random(seed)
    pages: list[Page] = []
    for i in range(count):
        outlet = rng.choice(OUTLETS)
        topic = TOPICS[rng.choice(sorted(TOPICS))]
        place = rng.choice(PLACES)
        if outlet.lang == "en":
            title = _fill(rng, rng.choice(EN_TITLES), topic, place)
            title = title[0].upper() + title[1:]
        else:
            title = _fill(rng, rng.choice(DE_TITLES), topic, place)
        paragraphs = _paragraphs(rng, outlet.lang, topic, place)
        if outlet.template_line:
            paragraphs.append(outlet.template_line)
        published = None if i in (17, 111) else _published(rng)
        folder = published[:7] if published else "undated"
        url = f"https://www.{outlet.domain}/news/{folder}/{_slug(title)}-{i}"
        authors = (rng.choice(PEOPLE),) if rng.random() < 0.8 else ()
        pages.append(Page(url, outlet, title, paragraphs, published, authors))
    _add_wire_copies(rng, pages)
    return pages


def _add_wire_copies(rng: random.Random, pages: list[Page]) -> None:
    """Each of the first wire stories is republished by two other English outlets, lightly edited."""
    wire = [p for p in pages if p.outlet.wire][:6]
    others = [o for o in OUTLETS if o.lang == "en" and not o.wire]
    for story in wire:
        story.notes.add("wire-original")
        position = pages.index(story)
        for outlet in rng.sample(others, 2):
            paragraphs = list(story.paragraphs)
            paragraphs[-1] = paragraphs[-1].replace(" the ", " this ", 1)
            paragraphs.append(f"This story was first published by Coastal Wire and is republished by "
                              f"{outlet.name} with permission.")
            if outlet.template_line:
                paragraphs.append(outlet.template_line)
            copy = Page(f"https://www.{outlet.domain}/wire/{_slug(story.title)}", outlet, story.title,
                        paragraphs, story.published, story.authors, {"wire-copy"})
            position += rng.randint(2, 12)
            pages.insert(min(position, len(pages)), copy)


def render(page: Page) -> str:
    e = html.escape
    o = page.outlet
    nav = "".join(f'<li><a href="/{x.lower()}/">{e(x)}</a></li>' for x in NAV[o.lang])
    meta = [f'<meta charset="utf-8"><title>{e(page.title)} | {e(o.name)}</title>',
            f'<link rel="canonical" href="{e(page.url)}">',
            f'<meta property="og:title" content="{e(page.title)}">',
            f'<meta property="og:site_name" content="{e(o.name)}">']
    if page.published:
        meta.append(f'<meta property="article:published_time" content="{page.published}">')
    if page.authors:
        meta.append(f'<meta name="author" content="{e(", ".join(page.authors))}">')
    paras = "\n".join(f"<p>{e(p)}</p>" for p in page.paragraphs)
    when = f'<time datetime="{page.published}">{page.published[:10]}</time>' if page.published else ""
    by = f'<p class="byline">{e(", ".join(page.authors))}</p>' if page.authors else ""
    cookie = "We use cookies to improve your experience." if o.lang == "en" else "Wir verwenden Cookies."
    return (
        f'<!doctype html>\n<html lang="{o.lang}"><head>{"".join(meta)}</head><body>'
        f'<div class="cookie-banner">{cookie}</div>'
        f'<header class="site"><a class="logo" href="/">{e(o.name)}</a><nav><ul>{nav}</ul></nav></header>\n'
        f'<main><article class="story"><h1>{e(page.title)}</h1>{by}{when}\n{paras}\n</article></main>\n'
        f'<aside class="most-read"><h3>Most read</h3><ol><li><a href="/a">Weather warning for the '
        f'weekend</a></li><li><a href="/b">Council meeting postponed</a></li></ol></aside>'
        f'<footer><p>&copy; {e(o.name)}. {FOOTER[o.lang]}</p></footer></body></html>\n'
    )


class Crawl:
    """Writes pages as WARC records: request + response per page, like a crawler's WARC."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh = path.open("wb")
        self.writer = WARCWriter(self.fh, gzip=True)
        self.writer.write_record(self.writer.create_warcinfo_record(path.name, {"software": "newsdig tests"}))
        self.clock = 0

    def _date(self) -> str:
        self.clock += 1
        return f"2025-05-01T{self.clock // 3600 % 24:02d}:{self.clock // 60 % 60:02d}:{self.clock % 60:02d}Z"

    def response(self, url: str, body: bytes, status: str = "200 OK",
                 content_type: str = "text/html; charset=utf-8") -> None:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
        self.writer.write_record(self.writer.create_warc_record(url, "request", http_headers=request))
        http = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict={"WARC-Date": self._date()})
        self.writer.write_record(record)

    def page(self, page: Page) -> None:
        self.response(page.url, page.html().encode("utf-8"))

    def truncated(self, page: Page) -> None:
        """A last record cut off half-way (a download that died): its bytes end the file."""
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=True)
        body = page.html().encode("utf-8")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(page.url, "response", payload=io.BytesIO(body),
                                                      length=len(body), http_headers=http))
        data = buf.getvalue()
        self.fh.write(data[: len(data) // 2])

    def close(self) -> None:
        self.fh.close()


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 4


@dataclass
class Corpus:
    files: list[Path]
    pages: list[Page]
    updated_url: str
    alias_url: str
    notes: dict[str, str] = field(default_factory=dict)


def write_corpus(directory: Path, count: int = 150, seed: int = 7) -> Corpus:
    """Two WARC files under `directory`: the pages split between them, plus the awkward records."""
    directory.mkdir(parents=True, exist_ok=True)
    pages = make_pages(count, seed)
    half = len(pages) // 2
    first, second = Crawl(directory / "crawl-00.warc.gz"), Crawl(directory / "crawl-01.warc.gz")
    for page in pages[:half]:
        first.page(page)
    first.response("https://www.valley-ledger.com/images/harbour.jpg", JPEG, content_type="image/jpeg")
    first.response("https://www.northwind-times.co.uk/news/missing-page", b"<html>Not found</html>",
                   status="404 Not Found")
    for page in pages[half:]:
        second.page(page)
    # a page crawled again unchanged, one crawled again after an edit, one copied word for word
    english = [p for p in pages[:half] if p.outlet.lang == "en" and not p.notes]
    second.page(english[0])
    edited = replace(english[1], paragraphs=[*english[1].paragraphs[:-1],
                                             "Update: the council has since confirmed the figures.",
                                             english[1].paragraphs[-1]])
    second.page(edited)
    alias = replace(english[2], url=english[2].url.replace("/news/", "/print/"))
    second.page(alias)
    second.truncated(english[3])
    first.close()
    second.close()
    return Corpus([first.path, second.path], pages, updated_url=edited.url, alias_url=alias.url)
