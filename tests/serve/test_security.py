"""Web security against a real server on 127.0.0.1: stored and reflected XSS on every page, the
Content-Security-Policy, no inline script, CSRF on the write endpoint, the write token.

The hostile home stores script and markup in every field a page shows: titles, authors, bodies,
sources, site names, languages, dates and `javascript:` URLs (via `newsdig add` of JSONL and HTML
captures; the HTML one also offers a `javascript:` canonical link, an author and a description,
which extraction drops), and speakers, statements, roles and names (the
enrichment rows of conftest.build_hostile_enriched_home). Every HTML page reachable from the
home page and the results is fetched and parsed with lxml: no element, attribute or URL an
attacker put in may survive as markup, while the payload must be visible as text (so a page
that silently dropped the content cannot pass for a safe one).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import deque
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import lxml.etree
import lxml.html
import pytest

from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.serve.templating import TEMPLATE_DIR
from tests.reliability.records import write_record
from tests.serve.conftest import LiveServer, _serve, build_hostile_enriched_home
from tests.serve.test_api import LONG_TEXT, assert_error

HTML = {"Accept": "text/html,application/xhtml+xml"}
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "</title><script>alert(4)</script>",
    '<a href="javascript:alert(5)">click</a>',
    "]]><script>alert(6)</script><![CDATA[",
    "javascript:alert(7)",
    "{{7*7}}${7*7}<iframe src=javascript:alert(8)>",
)
EVIL = " ".join(PAYLOADS)
BODY = (
    "Zebrafish numbers in the estuary rose by a third this spring, researchers said on Monday. "
    f"{EVIL}\n\nThe zebrafish survey counted shoals along the river banks and the harbour walls, "
    f"and {PAYLOADS[1]} the team will publish a full report in the autumn."
)
EVIL_HTML = f"""<!doctype html><html lang="en"><head>
<title>{'&lt;script&gt;alert(&quot;html-title&quot;)&lt;/script&gt;'} Zebrafish html</title>
<link rel="canonical" href="javascript:alert('canonical')">
<meta name="author" content="&quot;&gt;&lt;img src=x onerror=alert('author')&gt;">
<meta property="og:site_name" content="&lt;script&gt;alert('site')&lt;/script&gt;">
<meta name="description" content="&lt;svg onload=alert('description')&gt;">
<meta property="article:published_time" content="2025-01-07">
</head><body><article><h1>&lt;script&gt;alert("html-title")&lt;/script&gt; Zebrafish html</h1>
<p>Zebrafish were counted again &lt;script&gt;alert("html-body")&lt;/script&gt; in the estuary this
week, researchers said, and the number of shoals seen near the harbour walls kept rising.</p>
<p>The survey team said &lt;img src=x onerror=alert("html-img")&gt; the zebrafish count would be
repeated in the autumn, when the water is colder and the shoals move upstream.</p>
</article></body></html>"""
ROWS = [
    {"url": "https://evil.example.net/2025/01/zebra", "published": "2025-01-05", "title": f"Zebrafish {EVIL}",
     "text": BODY, "source": f"Evil {PAYLOADS[0]} Source", "language": "en",
     "authors": [PAYLOADS[1], "<i>Mallory</i>"]},
    {"url": "javascript:alert(document.cookie)", "published": "2025-02-05", "title": "Zebrafish js link",
     "text": BODY.replace("third", "quarter"), "source": PAYLOADS[2],
     "language": 'en"><script>alert(9)</script>'},
    {"url": "https://evil.example.net/2025/03/date", "published": PAYLOADS[0], "title": "Zebrafish date",
     "text": BODY.replace("third", "half"), "source": PAYLOADS[4], "language": "en"},
]
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcdoc",
                  "background")
FORBIDDEN_TAGS = ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "style")
RAW_MARKERS = ("<script>alert", "<img src=x", "<svg onload", "<iframe", "href=\"javascript:")
MAX_PAGES = 250


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    root = tmp_path_factory.mktemp("xss")
    home = build_hostile_enriched_home(root)
    data = root / "xss.jsonl"
    data.write_text("\n".join(json.dumps(row) for row in ROWS), encoding="utf-8")
    (root / "html").mkdir()
    (root / "html" / "evil.html").write_text(EVIL_HTML, encoding="utf-8")
    summary = add_paths(home, [str(data), str(root / "html")]).as_dict()
    assert summary["added"] == len(ROWS) + 1, summary
    return home


@pytest.fixture(scope="module")
def hostile(hostile_home: Home) -> Iterator[LiveServer]:
    yield from _serve(hostile_home, sample=True)


@pytest.fixture(scope="module")
def client(hostile: LiveServer) -> Iterator[httpx.Client]:
    with hostile.client() as c:
        yield c


# -- what a safe page is --------------------------------------------------------------------
def injected(html: str) -> list[str]:
    """Everything in the parsed page that an attacker could have put there, as readable problems."""
    problems = [f"raw {marker!r}" for marker in RAW_MARKERS if marker in html]
    doc = lxml.html.document_fromstring(html)
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        tag = element.tag.lower()
        if tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag}> element")
        if tag == "script" and (not element.get("src") or (element.text or "").strip()):
            problems.append("inline <script>")
        if tag == "script" and not element.get("src", "").startswith("/"):
            problems.append(f"script from {element.get('src')!r}")
        if tag == "img" and not element.get("src", "").startswith("/"):
            problems.append(f"<img src={element.get('src')!r}>")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append("meta refresh")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                problems.append(f"{name}= on <{tag}>")
            if name == "style":
                problems.append(f"style= on <{tag}>")
            if name in URL_ATTRIBUTES:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower().split(":", 1)[0]
                if ":" in value and scheme in ("javascript", "vbscript", "data"):
                    problems.append(f"{name}={value[:60]!r} on <{tag}>")
    return problems


def shown_text(html: str) -> str:
    return lxml.html.document_fromstring(html).text_content()


def assert_csp(response: httpx.Response) -> None:
    policy = response.headers.get("content-security-policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives.get("default-src") == ["'self'"], policy
    assert directives.get("script-src") == ["'self'"], policy  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives.get("object-src") == ["'none'"] and directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("base-uri") == ["'none'"] and directives.get("form-action") == ["'self'"]
    assert response.headers.get("x-content-type-options") == "nosniff"


class Audit:
    """Pages fetched and problems found, for the assertions and docs/reliability.md."""

    def __init__(self) -> None:
        self.pages = 0
        self.requests = 0
        self.problems: list[str] = []

    def check_page(self, client: httpx.Client, url: str) -> httpx.Response:
        response = client.get(url, headers=HTML)
        self.requests += 1
        if not response.headers.get("content-type", "").startswith("text/html"):
            return response
        self.pages += 1
        assert response.status_code < 500, (url, response.status_code)
        assert_csp(response)
        self.problems += [f"{url}: {p}" for p in injected(response.text)]
        for form in lxml.html.document_fromstring(response.text).iter("form"):
            if (form.get("method") or "get").lower() != "get":  # a form that writes needs CSRF tokens
                self.problems.append(f"{url}: <form method={form.get('method')}>")
        return response


@pytest.fixture(scope="module")
def audit() -> Iterator[Audit]:
    audit = Audit()
    yield audit
    write_record(name="web-xss", section="web", title="Stored and reflected XSS, CSP, CSRF",
                 attacks=[f"{len(PAYLOADS)} XSS payloads stored in titles, authors, bodies, sources, site "
                          "names, languages, dates and javascript: URLs (and canonical links)",
                          "script and markup in speakers, statements, roles, entity names",
                          "the payloads in every query parameter and in paths (reflected)",
                          "cross-site POSTs: text/plain, form, multipart, no type, foreign Origin, "
                          "Sec-Fetch-Site cross-site/same-site",
                          "POST without, with a wrong and with the right token",
                          "POST with a foreign Host header (DNS rebinding) on a server without token"],
                 figures={"HTML pages checked": audit.pages, "requests": audit.requests,
                          "payloads": len(PAYLOADS), "failures": len(audit.problems)},
                 errors=len(audit.problems))


def internal_links(html: str) -> list[str]:
    doc = lxml.html.document_fromstring(html)
    links = []
    for element in doc.iter("a", "link"):
        href = element.get("href") or ""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue
        if href.startswith(("/static/", "/docs-assets/", "/api/", "/opensearch.xml")):
            continue
        links.append(href.split("#", 1)[0])
    return links


# -- stored XSS -----------------------------------------------------------------------------
SEEDS = ("/", "/search?q=zebrafish", "/search?q=zebrafish&sort=date", "/search?q=zebrafish&collapse=0",
         "/search?q=harbour", "/search?q=alert", "/search?q=script", "/quotes", "/quotes?q=crates",
         "/stories", "/help")


def test_stored_xss_is_inert_on_every_page(client: httpx.Client, audit: Audit) -> None:
    """Crawl every page reachable from the seeds (results, facets, chips, articles, stories,
    quotes, speakers, pagination): none carries live markup, and the payloads show as text."""
    found = client.get("/api/search", params={"q": "zebrafish", "limit": 50}).json()["hits"]
    ids = [hit["id"] for hit in found]
    stories = [s["id"] for s in client.get("/api/stories", params={"min_size": 1}).json()["stories"]]
    queue = deque([*SEEDS, *(f"/article/{i}" for i in ids), *(f"/stories/{s}" for s in stories)])
    seen: set[str] = set()
    shown: dict[str, str] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or url.startswith("/feed"):
            continue
        seen.add(url)
        response = audit.check_page(client, url)
        if response.headers.get("content-type", "").startswith("text/html"):
            shown[url] = shown_text(response.text)
            queue.extend(internal_links(response.text))
    assert not audit.problems, audit.problems[:20]
    assert len(seen) >= 40, sorted(seen)  # the crawl reached far: articles, facets, stories, quotes
    kinds = {urlsplit(u).path.split("/")[1] for u in seen}
    assert {"search", "article", "stories", "quotes", "help"} <= kinds, kinds
    # The stored payloads are there, as text: in results, on the article pages, on the quote pages.
    assert "<script>alert(1)</script>" in shown["/search?q=zebrafish"]
    for article_id in ids:
        text = shown[f"/article/{article_id}"]
        assert "alert(" in text, article_id
    assert any('"><img src=x onerror=alert(2)>' in shown[f"/article/{i}"] for i in ids)  # the author
    assert '<script>alert("quote")</script>' in shown["/quotes?q=crates"]


def test_javascript_urls_are_never_links(client: httpx.Client) -> None:
    """The article with a javascript: URL and the page with a javascript: canonical link show the
    URL as text, and link nowhere but http(s) and this server."""
    for q in ("zebrafish js link", "zebrafish html"):
        hits = client.get("/api/search", params={"q": q}).json()["hits"]
        assert hits, q
        page = client.get(f"/article/{hits[0]['id']}", headers=HTML).text
        for element in lxml.html.document_fromstring(page).iter("a", "link"):
            href = element.get("href") or ""
            assert href.startswith(("/", "http://", "https://", "#")), href
    js = client.get("/api/search", params={"q": "zebrafish js link"}).json()["hits"][0]
    assert js["url"].startswith("javascript:")  # stored as given: the page had to neutralise it


# -- reflected XSS --------------------------------------------------------------------------
REFLECTING = {
    "/": ("q", "offset", "sort", "collapse", "mode", "unknown"),
    "/search": ("q", "offset", "sort", "collapse", "mode", "unknown"),
    "/quotes": ("q", "speaker", "stance", "offset", "unknown"),
    "/stories": ("since", "offset", "unknown"),
    "/help": ("q", "unknown"),
}


def test_reflected_xss_in_every_parameter(client: httpx.Client, audit: Audit) -> None:
    before = len(audit.problems)
    for path, names in REFLECTING.items():
        for name in names:
            for payload in PAYLOADS:
                response = audit.check_page(client, f"{path}?{httpx.QueryParams({name: payload})}")
                assert response.status_code in (200, 400), (path, name, response.status_code)
    for payload in PAYLOADS:  # in paths: the not-found pages repeat what was asked for
        for prefix in ("/article/", "/stories/", "/"):
            response = audit.check_page(client, prefix + httpx.URL("/" + payload).raw_path.decode()[1:])
            assert response.status_code in (404, 400), (prefix, payload, response.status_code)
    assert audit.problems[before:] == []
    # the query is shown back, as text, where a reader expects it
    page = client.get("/search", params={"q": PAYLOADS[1]}, headers=HTML).text
    box = lxml.html.document_fromstring(page).get_element_by_id("q")
    assert box.get("value") == PAYLOADS[1]


def test_error_pages_are_escaped_and_carry_the_policy(client: httpx.Client, audit: Audit) -> None:
    """400 (query too long), 404 (unknown path) and 405 (wrong method) pages for a browser."""
    long_q = PAYLOADS[0] * 200
    for method, url, status in (("GET", f"/search?{httpx.QueryParams({'q': long_q})}", 400),
                                ("GET", "/no/" + "%3Cscript%3Ealert(1)%3C/script%3E", 404),
                                ("POST", "/search", 405)):
        response = client.request(method, url, headers=HTML)
        audit.requests += 1
        assert response.status_code == status, url
        assert response.headers["content-type"].startswith("text/html")
        assert_csp(response)
        assert injected(response.text) == []


# -- feeds ----------------------------------------------------------------------------------
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("q", ["zebrafish", "harbour", PAYLOADS[0], PAYLOADS[5], EVIL])
def test_feeds_are_well_formed_with_escaped_content(client: httpx.Client, audit: Audit, q: str) -> None:
    response = client.get("/feed", params={"q": q})
    audit.requests += 1
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    assert response.headers.get("x-content-type-options") == "nosniff"
    root = lxml.etree.fromstring(response.content, parser=lxml.etree.XMLParser(resolve_entities=False))
    assert root.tag == f"{ATOM}feed"
    assert all(isinstance(e.tag, str) and e.tag.startswith(ATOM) for e in root.iter()
               if not isinstance(e, lxml.etree._Comment)), "an element outside Atom: injected markup"
    assert root.findtext(f"{ATOM}title") == f"newsdig: {q.strip()}"
    for link in root.iter(f"{ATOM}link"):  # this server, or an original page over http(s)
        assert link.get("href", "").startswith(("http://", "https://")), link.get("href")
    if q == "zebrafish":
        titles = [e.findtext(f"{ATOM}title") or "" for e in root.iter(f"{ATOM}entry")]
        assert any(PAYLOADS[0] in t for t in titles), titles  # the title travels as text
        authors = [n.text for n in root.iter(f"{ATOM}name")]
        assert PAYLOADS[1] in authors


def test_opensearch_is_well_formed(client: httpx.Client) -> None:
    root = lxml.etree.fromstring(client.get("/opensearch.xml").content)
    assert root.tag.endswith("OpenSearchDescription")


# -- the policy and the templates -----------------------------------------------------------
def test_every_response_carries_the_headers(client: httpx.Client) -> None:
    for url in ("/", "/api/search?q=x", "/healthz", "/feed?q=x", "/static/newsdig.css", "/openapi.json",
                "/nope"):
        response = client.get(url)
        assert response.headers.get("x-content-type-options") == "nosniff", url
        assert "content-security-policy" in response.headers, url
    docs = client.get("/docs")  # Swagger UI under the same policy as every page
    assert docs.headers["content-security-policy"] == client.get("/").headers["content-security-policy"]
    assert "unsafe-" not in docs.headers["content-security-policy"]
    assert_csp(docs)
    assert injected(docs.text) == []


def test_templates_have_no_inline_script_style_or_handlers() -> None:
    """The source, not only what one home renders: a branch no test reaches is covered too."""
    for template in sorted(TEMPLATE_DIR.glob("*.html")):
        source = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", source, flags=re.S | re.I):
            assert "src=" in match.group(1) and not match.group(2).strip(), template.name
        assert not re.search(r"<style\b", source, flags=re.I), template.name
        assert not re.search(r"\son[a-z]+\s*=", source, flags=re.I), template.name
        assert not re.search(r"\sstyle\s*=", source, flags=re.I), template.name
        assert "javascript:" not in source.lower(), template.name
        assert "|safe" not in source.replace(" ", ""), template.name  # only highlight() output is safe


# -- CSRF on the write endpoint -------------------------------------------------------------
CAPTURE = {"url": "https://x.test/csrf", "text": LONG_TEXT}


def article_count(server: LiveServer) -> int:
    with server.client() as c:
        return int(c.get("/api/stats").json()["articles"])


@pytest.mark.parametrize("content_type", ["text/plain", "text/plain;charset=UTF-8",
                                          "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=xyz", None])
def test_writes_refuse_what_a_cross_site_form_can_send(writable_server: LiveServer, audit: Audit,
                                                       content_type: str | None) -> None:
    """A form or a no-cors fetch on another site can POST these types without a preflight."""
    headers = {"content-type": content_type} if content_type else {}
    with writable_server.client() as c:
        request = c.build_request("POST", "/api/articles", content=json.dumps(CAPTURE).encode(),
                                  headers=headers)
        assert request.headers.get("content-type") == content_type  # None: none sent at all
        error = assert_error(c.send(request), 415)
        audit.requests += 1
    assert "application/json" in error["message"]
    assert article_count(writable_server) == 0


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Origin": "http://127.0.0.1:1"},  # another port on the same host is another origin
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://127.0.0.1"},
])
def test_writes_refuse_cross_site_requests(writable_server: LiveServer, audit: Audit,
                                           headers: dict[str, str]) -> None:
    with writable_server.client() as c:
        error = assert_error(c.post("/api/articles", json=CAPTURE, headers=headers), 403)
        audit.requests += 1
        assert "cross-site" in error["message"]
        preflight = c.options("/api/articles", headers={"Origin": "https://evil.example",
                                                        "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in preflight.headers  # no CORS: browsers stop there
    assert article_count(writable_server) == 0


def test_same_origin_and_program_writes_work(writable_server: LiveServer) -> None:
    """/docs "Try it out" (same origin) and curl (no Origin) are not cross-site."""
    with writable_server.client() as c:
        same = {"Origin": writable_server.url, "Sec-Fetch-Site": "same-origin"}
        assert c.post("/api/articles", json=CAPTURE, headers=same).status_code == 201
        other = {"url": "https://x.test/program", "text": LONG_TEXT.replace("night market", "fish fair")}
        assert c.post("/api/articles", json=other).status_code == 201
    assert article_count(writable_server) == 2


@pytest.mark.parametrize("host", ["evil.example:8080", "evil.example", "10.1.2.3", "[::]:80", ""])
def test_writes_without_a_token_refuse_a_foreign_host(writable_server: LiveServer, host: str) -> None:
    """DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 is same-origin
    with the server, but its requests carry Host: evil.example. Without a token, refused."""
    with writable_server.client() as c:
        error = assert_error(c.post("/api/articles", json=CAPTURE, headers={"Host": host}), 403)
        assert "--write-token" in error["message"]
        for local in ("localhost", "127.0.0.1", "[::1]:8080"):
            capture = {"url": f"https://x.test/{local}", "text": LONG_TEXT + f" Filed from {local}."}
            assert c.post("/api/articles", json=capture, headers={"Host": local}).status_code == 201
    assert article_count(writable_server) == 3


def test_a_token_makes_any_host_acceptable(tokened: LiveServer) -> None:
    """Off loopback (a server with --host 0.0.0.0 and a token), the token is what authorises."""
    with tokened.client() as c:
        capture = {"url": "https://x.test/far", "text": LONG_TEXT.replace("buses", "ferries")}
        ok = c.post("/api/articles", json=capture, headers={"Host": "news.example.org",
                                                             "Authorization": "Bearer correct horse"})
        assert ok.status_code == 201, ok.text


def test_a_read_only_server_refuses_before_parsing(live_server: LiveServer) -> None:
    """Regression: the writes-off 403 came after the body was parsed, so broken JSON got a 400."""
    with live_server.client() as c:
        for body in (b"{not json", json.dumps(CAPTURE).encode()):
            error = assert_error(c.post("/api/articles", content=body,
                                        headers={"content-type": "application/json"}), 403)
            assert "--allow-writes" in error["message"]


# -- the write token ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tokened(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home = Home(tmp_path_factory.mktemp("tokened") / "home")
    yield from _serve(home, allow_writes=True, write_token="correct horse")  # type: ignore[arg-type]


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer wrong", "Basic Y29ycmVjdCBob3JzZQ==",
                                           "correct horse", "Bearer correct horse2", "Bearer correct"])
def test_the_token_is_required(tokened: LiveServer, audit: Audit, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    before = article_count(tokened)
    with tokened.client() as c:
        response = c.post("/api/articles", json=CAPTURE, headers=headers)
        audit.requests += 1
    error = assert_error(response, 401)
    assert "token" in error["message"] and response.headers["www-authenticate"] == "Bearer"
    assert article_count(tokened) == before


def test_the_right_token_writes_but_not_cross_site(tokened: LiveServer) -> None:
    auth = {"Authorization": "Bearer correct horse"}
    before = article_count(tokened)
    with tokened.client() as c:
        assert_error(c.post("/api/articles", json=CAPTURE, headers={**auth, "Origin": "https://evil.example"}),
                     403)
        as_text = {**auth, "content-type": "text/plain"}
        assert_error(c.post("/api/articles", content=json.dumps(CAPTURE), headers=as_text), 415)
        ok = c.post("/api/articles", json=CAPTURE, headers=auth)
        assert ok.status_code == 201, ok.text
    assert article_count(tokened) == before + 1


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_serve_off_loopback_with_writes_needs_a_token(live_server: LiveServer, host: str) -> None:
    """`newsdig serve --host H --allow-writes` without --write-token exits with a clear error
    before it binds (a timeout here would mean it started: subprocess.run kills it)."""
    env = {"NEWSDIG_HOME": str(live_server.home.root), "PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    result = subprocess.run([sys.executable, "-m", "newsdig", "serve", "--host", host, "--allow-writes"],
                            capture_output=True, text=True, timeout=60, env=env)
    message = " ".join(result.stderr.split())
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "--write-token" in message and "127.0.0.1" in message, message
    assert "Traceback" not in result.stderr
