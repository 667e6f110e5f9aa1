"""Fixture web sites for crawler tests: real HTTP servers on loopback, one port per "host".

Every request is logged with a monotonic timestamp, method, path (with query) and headers, so a
test can measure the spacing of requests per host, see conditional-GET headers and spot a URL
fetched twice. Handlers see how many times their path was requested before (`Request.count`),
which makes "500 the first time, then 200" style pages one line each.

    with Host() as host:                  # 127.0.0.1:<free port>
        host.route("/x", lambda req: Response.html("<p>hi</p>"))
        host.url("/x")                    # http://127.0.0.1:<port>/x
        host.log                          # [LoggedRequest, ...]

`NewsSite` builds a realistic news site on a Host (home page, RSS feed with ETag, robots.txt,
sitemap index -> Google News sitemap + gzipped sitemap, articles, and the awkward pages the
crawler must survive); `GeneratedSite` serves thousands of small articles generated on the fly
(used by the resume test and bench/crawl.py).
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00"
    b"\x00\x1f\xf3\xffa" + bytes(range(256)) * 8 + b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@dataclass(frozen=True)
class LoggedRequest:
    t: float  # time.monotonic() when the request line was read
    host: str  # the Host's label
    method: str
    path: str  # path with query, as sent
    headers: dict[str, str]  # lower-cased names
    status: int = 0  # filled in after the handler ran (0 if it crashed)

    @property
    def bare_path(self) -> str:
        return urlsplit(self.path).path


@dataclass
class Request:
    method: str
    path: str  # without the query
    query: str
    headers: dict[str, str]
    count: int  # 1 for the first request of this path on this host


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # sleep before answering
    chunked: bool = False  # stream without Content-Length

    @classmethod
    def html(cls, text: str, status: int = 200, **headers: str) -> Response:
        return cls(status, text.encode(), {"Content-Type": "text/html; charset=utf-8", **headers})

    @classmethod
    def xml(cls, text: str, content_type: str = "application/xml", **headers: str) -> Response:
        return cls(200, text.encode(), {"Content-Type": f"{content_type}; charset=utf-8", **headers})

    @classmethod
    def redirect(cls, location: str, status: int = 301) -> Response:
        return cls(status, b"", {"Location": location, "Content-Type": "text/html"})

    @classmethod
    def text(cls, text: str, status: int = 200) -> Response:
        return cls(status, text.encode(), {"Content-Type": "text/plain; charset=utf-8"})


Handler = Callable[[Request], Response]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256
    owner: Host

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # the client hung up (size cap, kill -9, pool close): expected here
        super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.owner._serve(self)

    def do_HEAD(self) -> None:
        self.server.owner._serve(self)


class Host:
    """One loopback HTTP server (a distinct port = a distinct host for the crawler)."""

    def __init__(self, label: str = "host", bind: str = "127.0.0.1", fallback: Handler | None = None) -> None:
        self.label = label
        self.routes: dict[str, Handler] = {}
        self.fallback = fallback
        self.log: list[LoggedRequest] = []
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = _Server((bind, 0), _RequestHandler)
        self._server.owner = self
        self.bind = bind
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
            name=f"fixture-{label}",
        )
        self._thread.start()

    # -- set-up ---------------------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://{self.bind}:{self.port}"

    @property
    def netloc(self) -> str:
        return f"{self.bind}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler | Response) -> None:
        self.routes[path] = handler if callable(handler) else (lambda _req, r=handler: r)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Host:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the log --------------------------------------------------------------------------------
    def requests(self, path: str | None = None, method: str | None = "GET") -> list[LoggedRequest]:
        with self._lock:
            entries = list(self.log)
        return [
            e
            for e in entries
            if (path is None or e.bare_path == path) and (method is None or e.method == method)
        ]

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def fetch_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.requests():
            counts[entry.bare_path] = counts.get(entry.bare_path, 0) + 1
        return counts

    # -- serving --------------------------------------------------------------------------------
    def _serve(self, h: _RequestHandler) -> None:
        t = time.monotonic()
        parts = urlsplit(h.path)
        headers = {k.lower(): v for k, v in h.headers.items()}
        with self._lock:
            count = self._counts.get(parts.path, 0) + 1
            self._counts[parts.path] = count
            index = len(self.log)
            self.log.append(LoggedRequest(t, self.label, h.command, h.path, headers))
        request = Request(h.command, parts.path, parts.query, headers, count)
        handler = self.routes.get(parts.path) or self.fallback
        response = handler(request) if handler else Response.text("not found", 404)
        with self._lock:
            entry = self.log[index]
            self.log[index] = LoggedRequest(
                entry.t, entry.host, entry.method, entry.path, entry.headers, response.status
            )
        if response.delay:
            time.sleep(response.delay)
        try:
            h.send_response(response.status)
            for name, value in response.headers.items():
                h.send_header(name, value)
            if response.chunked:
                h.send_header("Transfer-Encoding", "chunked")
            else:
                h.send_header("Content-Length", str(len(response.body)))
            h.end_headers()
            if h.command == "HEAD" or response.status == 304:
                return
            if response.chunked:
                step = 64 * 1024
                for start in range(0, len(response.body), step):
                    piece = response.body[start : start + step]
                    h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                h.wfile.write(b"0\r\n\r\n")
            else:
                view = memoryview(response.body)
                for start in range(0, len(view), 256 * 1024):
                    h.wfile.write(view[start : start + 256 * 1024])
        except (BrokenPipeError, ConnectionResetError):
            h.close_connection = True  # the crawler hung up (size cap): expected for huge pages


# ----------------------------------------------------------------------------------------------
# Realistic content
# ----------------------------------------------------------------------------------------------

TOPICS = (
    "harbour",
    "budget",
    "storm",
    "election",
    "vaccine",
    "wildfire",
    "court",
    "energy",
    "railway",
    "housing",
    "drought",
    "museum",
)
PLACES = ("Northport", "Easton", "Wexley", "Lindham", "Corrow", "Bayfield", "Ashby", "Marlow")


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    token: str  # a unique word in the body, for search assertions
    published: datetime
    body_html: str

    def page(self, base: str, site_name: str) -> str:
        stamp = self.published.isoformat()
        return (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{escape(self.title)} | {escape(site_name)}</title>"
            f"<link rel='canonical' href='{base}{self.path}'>"
            f"<meta property='og:title' content='{escape(self.title)}'>"
            f"<meta property='article:published_time' content='{stamp}'>"
            f"<meta name='author' content='Staff Reporter'></head><body>"
            f"<header><nav><a href='/'>{escape(site_name)}</a> <a href='/world/'>World</a> "
            "<a href='/business/'>Business</a> <a href='/private/'>Staff</a></nav></header>"
            f"<main><article><h1>{escape(self.title)}</h1>"
            f"<p class='byline'>By Staff Reporter · <time datetime='{stamp}'>"
            f"{self.published:%d %B %Y}</time></p>{self.body_html}</article></main>"
            "<footer><p>© Fixture News Group. All rights reserved.</p></footer></body></html>"
        )


def make_article(n: int, path: str, published: datetime, token: str | None = None) -> Article:
    topic, place = TOPICS[n % len(TOPICS)], PLACES[(n // len(TOPICS)) % len(PLACES)]
    token = token or f"tok{hashlib.sha1(path.encode()).hexdigest()[:10]}"
    title = f"{place} {topic} report {n}: council responds to new figures"
    body = (
        f"<p>Officials in {place} said on Tuesday that the {topic} situation had changed again, "
        f"with {token} figures released by the council showing {n * 7 + 3} cases across the "
        "district, the highest number recorded since the monitoring programme began.</p>"
        f"<p>Opposition members disputed the figures and said the numbers for report {n} were "
        "incomplete, adding that an independent review would be published next month and that "
        "residents deserved a clearer account of what had gone wrong.</p>"
        f"<p>\u201cWe are doing everything we can,\u201d the mayor of {place} told reporters outside "
        f"the town hall, promising additional funding for the {topic} response before winter.</p>"
    )
    return Article(path, title, token, published, body)


def rfc822(when: datetime) -> str:
    return format_datetime(when, usegmt=True)


def rss(title: str, link: str, items: Iterable[tuple[str, str, datetime]]) -> str:
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link><guid>{escape(u)}</guid>"
        f"<pubDate>{rfc822(d)}</pubDate><description>{escape(t)}</description></item>"
        for u, t, d in items
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
        f"<title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<description>Latest news</description>{entries}</channel></rss>"
    )


def urlset(items: Iterable[tuple[str, str, datetime]], news: bool = False) -> str:
    ns = " xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'" if news else ""
    rows = []
    for u, t, d in items:
        extra = (
            (
                f"<news:news><news:publication><news:name>Fixture News</news:name>"
                f"<news:language>en</news:language></news:publication>"
                f"<news:publication_date>{d.isoformat()}</news:publication_date>"
                f"<news:title>{escape(t)}</news:title></news:news>"
            )
            if news
            else f"<lastmod>{d.date().isoformat()}</lastmod>"
        )
        rows.append(f"<url><loc>{escape(u)}</loc>{extra}</url>")
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'{ns}>{''.join(rows)}</urlset>"
    )


def sitemap_index(urls: Iterable[str]) -> str:
    rows = "".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>" for u in urls)
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        f"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{rows}</sitemapindex>"
    )


def conditional(body: str, content_type: str, etag: str, last_modified: datetime) -> Handler:
    """A handler that answers 304 to a matching If-None-Match or a not-older If-Modified-Since."""
    lm = rfc822(last_modified)

    def handle(req: Request) -> Response:
        inm = req.headers.get("if-none-match")
        if (inm and etag in [t.strip() for t in inm.split(",")]) or (
            not inm and req.headers.get("if-modified-since") == lm
        ):
            return Response(304, b"", {"ETag": etag, "Last-Modified": lm})
        return Response.xml(body, content_type, ETag=etag, **{"Last-Modified": lm})

    return handle


def home_page(site_name: str, feed_path: str, links: Iterable[tuple[str, str]]) -> str:
    items = "".join(f"<li><a href='{escape(u)}'>{escape(t)}</a></li>" for u, t in links)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(site_name)} - Latest news</title>"
        f"<link rel='alternate' type='application/rss+xml' title='{escape(site_name)}' "
        f"href='{feed_path}'></head><body><h1>{escape(site_name)}</h1><ul>{items}</ul></body></html>"
    )


# ----------------------------------------------------------------------------------------------
# The news site of the end-to-end tests
# ----------------------------------------------------------------------------------------------

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
OLD = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)


class NewsSite:
    """A news site on one Host. Paths of interest are attributes so tests can name them.

    Discovery: the home page links the RSS feed (`<link rel=alternate>`); robots.txt names the
    sitemap index (and disallows /private/, Crawl-delay as given); the index lists a Google News
    sitemap and a gzipped sitemap. Feed links carry utm_ parameters (the crawler must normalise
    them to the sitemap's URL and fetch the article once).
    """

    FEED = "/feed.xml"
    INDEX = "/sitemap_index.xml"
    NEWS_SITEMAP = "/sitemap-news.xml"
    GZ_SITEMAP = "/sitemap-archive.xml.gz"
    REDIRECT = "/news/moved-story"
    REDIRECT_TARGET = "/news/2026/moved-story-final"
    SLOW = "/news/slow-story"
    FLAKY = "/news/flaky-story"  # 500 the first time, then 200
    LIMITED = "/news/rate-limited-story"  # 429 Retry-After: 1 the first time, then 200
    HUGE = "/news/huge-story"  # 12 MB with Content-Length
    HUGE_STREAM = "/news/huge-stream"  # 12 MB chunked (no Content-Length)
    BINARY = "/news/binary-story"  # PNG bytes served as text/html
    PDF = "/files/report.pdf"  # application/pdf: not HTML/XML
    PRIVATE = "/private/staff-memo"  # disallowed by robots.txt
    TO_METADATA = "/news/to-metadata"  # 302 -> http://169.254.169.254/latest/meta-data/
    TO_PRIVATE = "/news/to-private"  # 302 -> http://10.0.0.1/admin
    HUGE_SIZE = 12 * 1024 * 1024

    def __init__(
        self,
        host: Host,
        *,
        articles: int = 20,
        old: int = 0,
        crawl_delay: float | None = 0.3,
        specials: bool = True,
        name: str = "Fixture Daily",
        retry_after: int = 1,
        slow_seconds: float = 1.5,
        trap_url: str | None = None,
    ) -> None:
        self.host, self.name = host, name
        base = host.base
        self.articles: list[Article] = []
        for n in range(articles):
            when = (OLD - timedelta(days=n)) if n >= articles - old else (NOW - timedelta(hours=3 * n))
            self.articles.append(
                make_article(n, f"/news/2026/{n:03d}-{TOPICS[n % len(TOPICS)]}-report", when)
            )
        self.old_articles = self.articles[articles - old :] if old else []
        self.specials: dict[str, Article] = {}
        self.stored_specials: list[str] = []  # special paths whose article must end up stored
        self.rejected_specials: list[str] = []  # special paths that must not be stored

        for a in self.articles:
            host.route(a.path, Response.html(a.page(base, name)))
        if specials:
            self._add_specials(base, retry_after, slow_seconds, trap_url)

        # Discovery documents.
        dated = [(base + a.path, a.title, a.published) for a in self.articles]
        special_items = [(base + p, a.title, a.published) for p, a in self.specials.items()]
        special_items += [(base + p, f"Special {p}", NOW) for p in self.rejected_specials]
        half = len(dated) // 2
        feed_items = [(u + "?utm_source=rss&utm_medium=feed", t, d) for u, t, d in dated[:10]]
        self.feed_etag = '"feed-v1"'
        host.route(
            self.FEED,
            conditional(rss(name, base + "/", feed_items), "application/rss+xml", self.feed_etag, NOW),
        )
        host.route(
            self.NEWS_SITEMAP,
            conditional(urlset(dated[:half] + special_items, news=True), "application/xml", '"news-v1"', NOW),
        )
        archive = gzip.compress(urlset(dated[half:]).encode())
        host.route(
            self.GZ_SITEMAP,
            Response(200, archive, {"Content-Type": "application/x-gzip", "ETag": '"archive-v1"'}),
        )
        host.route(
            self.INDEX,
            conditional(
                sitemap_index([base + self.NEWS_SITEMAP, base + self.GZ_SITEMAP]),
                "application/xml",
                '"index-v1"',
                NOW,
            ),
        )
        robots = ["User-agent: *", "Disallow: /private/"]
        if crawl_delay is not None:
            robots.append(f"Crawl-delay: {crawl_delay}")
        robots.append(f"Sitemap: {base}{self.INDEX}")
        host.route("/robots.txt", Response.text("\n".join(robots) + "\n"))
        host.route(
            "/",
            Response.html(
                home_page(
                    name,
                    self.FEED,
                    [(a.path, a.title) for a in self.articles[:5]] + [(self.PRIVATE, "Staff memo")],
                )
            ),
        )
        host.route(self.PRIVATE, Response.html(make_article(999, self.PRIVATE, NOW).page(base, name)))
        host.route("/private/", Response.html("<p>staff only</p>"))

    def _add_specials(self, base: str, retry_after: int, slow_seconds: float, trap_url: str | None) -> None:
        host, name = self.host, self.name

        def special(path: str, n: int) -> Article:
            article = make_article(n, path, NOW - timedelta(minutes=n))
            self.specials[path] = article
            self.stored_specials.append(path)
            return article

        target = make_article(101, self.REDIRECT_TARGET, NOW - timedelta(minutes=101))
        self.specials[self.REDIRECT] = target
        host.route(self.REDIRECT, Response.redirect(self.REDIRECT_TARGET, 301))
        host.route(self.REDIRECT_TARGET, Response.html(target.page(base, name)))

        slow = special(self.SLOW, 102)
        host.route(
            self.SLOW,
            Response(
                200,
                slow.page(base, name).encode(),
                {"Content-Type": "text/html; charset=utf-8"},
                delay=slow_seconds,
            ),
        )
        flaky = special(self.FLAKY, 103)
        host.route(
            self.FLAKY,
            lambda req: (
                Response.text("internal error", 500)
                if req.count == 1
                else Response.html(flaky.page(base, name))
            ),
        )
        limited = special(self.LIMITED, 104)
        host.route(
            self.LIMITED,
            lambda req: (
                Response(429, b"slow down", {"Retry-After": str(retry_after), "Content-Type": "text/plain"})
                if req.count == 1
                else Response.html(limited.page(base, name))
            ),
        )

        filler = make_article(105, self.HUGE, NOW).page(base, name).encode()
        huge = filler + b"<!-- " + b"x" * (self.HUGE_SIZE - len(filler) - 9) + b" -->"
        host.route(self.HUGE, Response(200, huge, {"Content-Type": "text/html; charset=utf-8"}))
        host.route(
            self.HUGE_STREAM, Response(200, huge, {"Content-Type": "text/html; charset=utf-8"}, chunked=True)
        )
        host.route(self.BINARY, Response(200, PNG_BYTES * 4, {"Content-Type": "text/html"}))
        host.route(self.PDF, Response(200, b"%PDF-1.4\n" + b"0" * 2000, {"Content-Type": "application/pdf"}))
        self.rejected_specials += [self.HUGE, self.HUGE_STREAM, self.BINARY, self.PDF]
        # Redirects into private ranges are served but never listed in feeds or sitemaps: with
        # --allow-private they are allowed by design, so tests fetch them explicitly.
        host.route(self.TO_METADATA, Response.redirect("http://169.254.169.254/latest/meta-data/", 302))
        host.route(self.TO_PRIVATE, Response.redirect(trap_url or "http://10.0.0.1/admin", 302))

    def all_stored_paths(self) -> list[str]:
        """Every path whose article must be in the catalog after a full crawl (final paths)."""
        paths = [a.path for a in self.articles]
        paths += [self.REDIRECT_TARGET if p == self.REDIRECT else p for p in self.specials]
        return paths


class SecondSite:
    """A second, small host: just a feed (added as a source by its feed URL) and three articles."""

    FEED = "/rss"

    def __init__(self, host: Host, name: str = "Second Gazette") -> None:
        self.host = host
        base = host.base
        self.articles = [make_article(200 + n, f"/story/{n}", NOW - timedelta(hours=n)) for n in range(3)]
        for a in self.articles:
            host.route(a.path, Response.html(a.page(base, name)))
        host.route(
            self.FEED,
            conditional(
                rss(name, base + "/", [(base + a.path, a.title, a.published) for a in self.articles]),
                "application/rss+xml",
                '"second-v1"',
                NOW,
            ),
        )
        host.route("/robots.txt", Response.text("User-agent: *\nAllow: /\n"))
        host.route("/", Response.html(home_page(name, self.FEED, [])))


# ----------------------------------------------------------------------------------------------
# Large generated sites (resume test, bench)
# ----------------------------------------------------------------------------------------------


class GeneratedSite:
    """`count` articles at /a/<n>, generated on the fly; robots.txt -> /sitemap.xml lists them all,
    /feed.xml the newest 20. No Crawl-delay. `latency` slows every article response."""

    def __init__(
        self, host: Host, count: int, *, name: str | None = None, salt: str = "", latency: float = 0.0
    ) -> None:
        self.latency = latency  # seconds each article response takes
        self.host, self.count = host, count
        self.name = name or f"Generated {host.port}"
        self.salt = salt or str(host.port)
        base = host.base
        self.paths = [f"/a/{n}" for n in range(count)]
        items = [(base + p, f"Story {n}", NOW - timedelta(minutes=n)) for n, p in enumerate(self.paths)]
        host.route(
            "/robots.txt", Response.text(f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap.xml\n")
        )
        host.route("/sitemap.xml", conditional(urlset(items), "application/xml", '"sm"', NOW))
        host.route(
            "/feed.xml",
            conditional(rss(self.name, base + "/", items[:20]), "application/rss+xml", '"feed"', NOW),
        )
        host.route("/", Response.html(home_page(self.name, "/feed.xml", [])))
        host.fallback = self._article

    def token(self, n: int) -> str:
        return f"gen{hashlib.sha1(f'{self.salt}/{n}'.encode()).hexdigest()[:10]}"

    def _article(self, req: Request) -> Response:
        if not req.path.startswith("/a/") or not req.path[3:].isdigit() or int(req.path[3:]) >= self.count:
            return Response.text("not found", 404)
        n = int(req.path[3:])
        article = make_article(n, req.path, NOW - timedelta(minutes=n), token=self.token(n))
        response = Response.html(article.page(self.host.base, self.name))
        response.delay = self.latency
        return response


def spacing(entries: list[LoggedRequest]) -> list[tuple[float, LoggedRequest, LoggedRequest]]:
    """Gaps between consecutive requests (by arrival), with the pair."""
    ordered = sorted(entries, key=lambda e: e.t)
    return [(b.t - a.t, a, b) for a, b in itertools.pairwise(ordered)]
