"""The enrich stage in the HTML pages, against a real server over a really enriched home.

Results (speaker and entity facets, folded copies, story links), the story and stories pages, the
article's who-said-what, copies and names, the quotes page; and stored markup in speakers, quotes,
names and story labels always comes out as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from newsdig.search.parser import parse_query
from newsdig.serve.pages import facet_groups, page_links, parse_collapse, search_url
from newsdig.serve.pages_enrich import fold_repeats, statement_html
from tests.serve.conftest import HOSTILE, LiveServer
from tests.serve.test_pages import HIT_LINK, hrefs, query_of

STORY_LINK = re.compile(r'<a class="hit__story" href="(/stories/\d+)">story: ([^<]*)<')
STANCE = re.compile(r'<span class="stance stance--(\w+)"[^>]*>(\w+)</span>')


@pytest.fixture(scope="module")
def client(enriched_server: LiveServer) -> Iterator[httpx.Client]:
    with enriched_server.client() as c:
        yield c


def section(html: str, start: str, end: str = "</section>") -> str:
    """The HTML from `start` to the next `end` (one facet group, one aside box)."""
    assert start in html, start
    return html.split(start, 1)[1].split(end, 1)[0]


def api(client: httpx.Client, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


# ------------------------------------------------------------------ view helpers


def test_name_facets_add_and_remove_their_filter() -> None:
    q = "Kursk"
    groups = facet_groups(q, parse_query(q), {"speaker": [("Valery Gerasimov", 2)],
                                              "entity": [('Kim "Jong" Un', 1)]})
    by_name = {g["name"]: g for g in groups}
    assert by_name["speaker"]["title"] == "Who is quoted" and by_name["entity"]["title"] == "Mentions"
    added = by_name["speaker"]["items"][0]["href"]
    assert query_of(added)["q"] == 'Kursk speaker:"Valery Gerasimov"'
    assert query_of(by_name["entity"]["items"][0]["href"])["q"] == 'Kursk entity:"Kim Jong Un"'
    active = query_of(added)["q"]
    again = facet_groups(active, parse_query(active), {"speaker": [("Valery Gerasimov", 2)]})
    item = next(g for g in again if g["name"] == "speaker")["items"][0]
    assert item["active"] and query_of(item["href"])["q"] == "Kursk"


def test_copies_toggle_is_kept_across_pages() -> None:
    assert parse_collapse("") and parse_collapse("1") and parse_collapse("yes")
    assert not parse_collapse("0") and not parse_collapse("false") and not parse_collapse("OFF")
    assert query_of(search_url("port", collapse=False))["collapse"] == "0"
    assert "collapse" not in search_url("port")
    links = page_links(45, 10, "port", "date", collapse=False)
    assert all(query_of(n["href"]).get("collapse") == "0" for n in links["numbers"])
    assert query_of(links["next"])["collapse"] == "0" and query_of(links["prev"])["collapse"] == "0"


def test_statement_html_escapes_and_marks_figures() -> None:
    html = str(statement_html('<b>About 11,000</b> troops & 11,000 more', [{"text": "11,000"}], True))
    assert html == "“&lt;b&gt;About <mark>11,000</mark>&lt;/b&gt; troops &amp; <mark>11,000</mark> more”"
    assert str(statement_html("no figure", [{"text": "12"}, {}, "junk"], False)) == "no figure"


def test_repeated_statements_fold_into_one_with_every_outlet() -> None:
    said = {"speaker": "A", "stance": "states", "kind": "direct", "numbers": []}
    views = fold_repeats([
        {**said, "text": "We will build it.", "article_id": "1", "source": "One"},
        {**said, "text": "we will  build it", "article_id": "2", "source": "Two"},
        {**said, "text": "We will build it.", "article_id": "3", "source": "Three", "stance": "denies"},
    ])
    assert [len(v["places"]) for v in views] == [2, 1]
    assert [p["source"] for p in views[0]["places"]] == ["One", "Two"]


# ------------------------------------------------------------------ results page


def test_speaker_facet_narrows_to_articles_quoting_them(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "Kursk"}).text
    speakers = section(html, 'id="facet-speaker"')
    assert "Valery Gerasimov" in speakers and 'id="facet-entity"' in html
    href = next(h for h in hrefs(speakers) if "Valery Gerasimov" in query_of(h)["q"])
    assert query_of(href)["q"] == 'Kursk speaker:"Valery Gerasimov"'
    narrowed = client.get(href).text
    assert "Speaker: Valery Gerasimov" in narrowed  # the chip that removes it
    expected = api(client, "/api/search", q='Kursk speaker:"Valery Gerasimov"')
    assert expected["total"] >= 2
    assert HIT_LINK.findall(narrowed) == [f"/article/{h['id']}" for h in expected["hits"]]
    quoted = re.findall(r'<p class="hit__quoted meta">(.*?)</p>', narrowed)
    assert len(quoted) == len(expected["hits"]) and all("Valery Gerasimov" in q for q in quoted)


def test_entity_facet_adds_an_entity_filter(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "Kursk"}).text
    href = next(h for h in hrefs(section(html, 'id="facet-entity"')) if "Kim Jong Un" in query_of(h)["q"])
    assert query_of(href)["q"] == 'Kursk entity:"Kim Jong Un"'
    narrowed = client.get(href).text
    assert "Mentions: Kim Jong Un" in narrowed and HIT_LINK.findall(narrowed)


def test_folded_copies_are_listed_under_their_hit(client: httpx.Client) -> None:
    data = api(client, "/api/search", q="said", limit=10)
    hit = next(h for h in data["hits"] if h["duplicates"])
    html = client.get("/search", params={"q": "said"}).text
    item = html.split(f'href="/article/{hit["id"]}"', 1)[1].split('<li class="hit', 1)[0]
    copies = section(item, '<details class="hit__copies">', "</details>")
    noun = "article" if hit["duplicates"] == 1 else "articles"
    assert f"<summary>{hit['duplicates']} similar {noun}</summary>" in copies
    for copy_id in hit["duplicate_ids"]:
        assert f'href="/article/{copy_id}"' in copies
    show_all = next(h for h in hrefs(copies) if h.startswith("/search"))
    assert query_of(show_all) == {"q": "said", "collapse": "0"}
    assert 'class="collapse-toggle"' in html and ">Show copies<" in html

    unfolded = client.get(show_all).text
    assert '<details class="hit__copies">' not in unfolded and ">Fold copies<" in unfolded
    assert '<input type="hidden" name="collapse" value="0">' in unfolded
    expected = api(client, "/api/search", q="said", limit=10, collapse="false")
    assert HIT_LINK.findall(unfolded) == [f"/article/{h['id']}" for h in expected["hits"]]
    pages = [h for h in hrefs(section(unfolded, 'class="pagination"', "</nav>")) if h.startswith("/search")]
    assert pages and all(query_of(h).get("collapse") == "0" for h in pages)


def test_a_hit_in_a_story_links_to_it(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "said"}).text
    links = STORY_LINK.findall(html)
    assert links
    path, label = links[0]
    story = client.get(path)
    assert story.status_code == 200
    assert f'<h1 id="story-title" class="article__title">{label}</h1>' in story.text


# ------------------------------------------------------------------ story pages


def test_story_page_shows_outlets_timeline_and_who_said_what(client: httpx.Client) -> None:
    summary = api(client, "/api/stories", limit=1)["stories"][0]
    data = api(client, f"/api/stories/{summary['id']}")
    response = client.get(f"/stories/{summary['id']}")
    assert response.status_code == 200
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    html = response.text
    assert f"{data['size']} articles" in html and f"{len(data['outlets'])} outlets" in html
    outlets = section(html, 'id="outlets-title"')
    for outlet in data["outlets"]:
        assert f'>{outlet["source"]}</a> <span class="count">{outlet["articles"]}</span>' in unescape(outlets)
    timeline = section(html, '<ol class="timeline">', "</ol>")
    in_order = [f"/article/{a['id']}" for a in data["articles"]]
    assert re.findall(r'href="(/article/[0-9a-f]+)"', timeline) == in_order
    who = section(html, 'id="who-said-title"', '<section class="timeline-box"')
    for speaker in data["speakers"]:
        assert f">{speaker['speaker']}</a>" in unescape(who)
    assert {tone for tone, _ in STANCE.findall(who)} and {s for _, s in STANCE.findall(who)} <= {
        st["stance"] for sp in data["speakers"] for st in sp["statements"]}
    for link in set(re.findall(r'href="(/article/[0-9a-f]+)"', who)):
        assert client.get(link).status_code == 200


def test_stories_page_biggest_first_and_since(client: httpx.Client) -> None:
    data = api(client, "/api/stories", limit=20)
    html = client.get("/stories").text
    assert f"{data['total']:,} stories" in html
    listed = re.findall(r'<h2 class="hit__title"><a href="(/stories/\d+)">', html)
    assert listed == [f"/stories/{s['id']}" for s in data["stories"]]
    sizes = [int(n) for n in re.findall(r'<p class="meta">(\d+) articles', html)]
    assert sizes == sorted(sizes, reverse=True)
    if data["total"] > 20:
        assert 'href="/stories?offset=20"' in html
    recent = client.get("/stories", params={"since": "2026-01-01"}).text
    expected = api(client, "/api/stories", since="2026-01-01")
    assert f"{expected['total']:,} stor" in recent
    assert "No stories yet in this time span" in client.get("/stories", params={"since": "2999-01-01"}).text
    bad = client.get("/stories", params={"since": "someday"})
    assert bad.status_code == 200 and "is not a time span" in bad.text and listed[0] in bad.text


def test_unknown_story_is_a_404_page(client: httpx.Client) -> None:
    for path in ("/stories/999999", "/stories/abc", "/stories/-1", "/stories/" + "9" * 40):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "We couldn’t find that page" in response.text and "stories page" in response.text


# ------------------------------------------------------------------ article and quotes pages


def test_article_page_says_who_said_what(client: httpx.Client) -> None:
    seed = api(client, "/api/quotes", speaker="KCNA")["quotes"][0]["article_id"]
    quotes = api(client, "/api/quotes", article=seed, limit=500)
    html = client.get(f"/article/{seed}").text
    who = section(html, 'id="who-said-title"', "</article>")
    assert f"{quotes['total']} attributed statements" in who
    for name in ("KCNA", "Valery Gerasimov", "Oleksandr Syrskyi"):
        assert f">{name}</a>" in who, name
    gerasimov = section(who, 'aria-label="Valery Gerasimov"')
    assert {"praises", "claims"} <= {stance for _, stance in STANCE.findall(gerasimov)}
    syrskyi = section(who, 'aria-label="Oleksandr Syrskyi"')
    assert "<mark>11,000-12,000</mark>" in syrskyi and "“They are numerous." in syrskyi
    assert 'href="#who-said-title"' in html  # the jump from the header
    names = section(html, 'id="names-title"')
    assert "People" in names and "Kim Jong Un" in names
    assert any(query_of(h)["q"] == 'entity:"Kim Jong Un"' for h in hrefs(names) if h.startswith("/search"))


def test_article_page_lists_its_copies_and_its_story(client: httpx.Client) -> None:
    hit = next(h for h in api(client, "/api/search", q="said", limit=50)["hits"] if h["duplicates"])
    html = client.get(f"/article/{hit['id']}").text
    noun = "copy" if hit["duplicates"] == 1 else "copies"
    copies = section(html, 'id="near-copies-title"')
    assert copies.startswith(f">{hit['duplicates']} {noun}</h2>")
    for copy_id in hit["duplicate_ids"]:
        assert f'href="/article/{copy_id}"' in copies
        back = client.get(f"/article/{copy_id}").text
        assert f'href="/article/{hit["id"]}"' in section(back, 'id="near-copies-title"')
    story = section(html, 'id="story-title"')
    assert f'href="/stories/{hit["story_id"]}"' in story and "story: " in story


def test_quotes_page_searches_statements(client: httpx.Client) -> None:
    html = client.get("/quotes", params={"speaker": "Syrskyi"}).text
    expected = api(client, "/api/quotes", speaker="Syrskyi")
    assert f"{expected['total']} statements, oldest first" in html
    assert html.count('<li class="statement">') == expected["total"]
    assert 'value="Syrskyi"' in html and "Oleksandr Syrskyi" in html
    denied = client.get("/quotes", params={"speaker": "Gerasimov", "stance": "claims"}).text
    assert '<option value="claims" selected>' in denied
    assert {s for _, s in STANCE.findall(denied)} == {"claims"}
    start = client.get("/quotes").text
    assert "Most quoted" in start and 'href="/quotes?speaker=' in start
    nobody = client.get("/quotes", params={"speaker": "Nobody Atall", "stance": "bogus"})
    assert nobody.status_code == 200 and "0 statements" in nobody.text


def test_new_pages_are_linked_documented_and_script_free(client: httpx.Client) -> None:
    help_page = client.get("/help").text
    assert 'href="/stories"' in help_page and 'href="/quotes"' in help_page
    examples = [query_of(h)["q"] for h in hrefs(help_page) if h.startswith("/search?q=")]
    assert 'speaker:"Valery Gerasimov"' in examples and 'entity:"Kim Jong Un"' in examples
    home = client.get("/").text
    assert 'class="header-link" href="/stories"' in home
    story = api(client, "/api/stories", limit=1)["stories"][0]
    article = api(client, "/api/quotes", speaker="KCNA")["quotes"][0]["article_id"]
    for path in ("/stories", f"/stories/{story['id']}", "/quotes", "/quotes?speaker=KCNA",
                 f"/article/{article}", "/search?q=said&collapse=0"):
        response = client.get(path)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"], path
        assert not re.search(r"<[^>]+\son[a-z]+=", response.text), path  # no inline event handlers
        scripts = re.findall(r"<script[^>]*>", response.text)
        assert scripts == ['<script src="/static/newsdig.js" defer>'], path


# ------------------------------------------------------------------ stored markup stays text


@pytest.fixture(scope="module")
def hostile(hostile_enriched_server: LiveServer) -> Iterator[httpx.Client]:
    with hostile_enriched_server.client() as c:
        yield c


LIVE_MARKUP = ("<script>alert", "<img src=x", "<b>Source</b>", "<i>Desk</i>", "<i>Wire</i>", "<b>harbour</b>",
               "<u>owner</u>", 'href="javascript:')


def hostile_pages(client: httpx.Client) -> dict[str, str]:
    data = api(client, "/api/search", q="harbour", collapse="false")
    story = data["hits"][0]["story_id"]
    paths = ["/search?q=harbour", "/search?q=harbour&collapse=0", "/stories", f"/stories/{story}", "/quotes",
             "/quotes?speaker=Mallory", "/search?" + urlencode({"q": f"entity:{HOSTILE['entity']!r}"})]
    paths += [f"/article/{h['id']}" for h in data["hits"]]
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.text
    return pages


def test_stored_markup_is_escaped_on_every_enrich_page(hostile: httpx.Client) -> None:
    pages = hostile_pages(hostile)
    for path, html in pages.items():
        for raw in LIVE_MARKUP:
            assert raw not in html, (path, raw)
    label = ("&lt;script&gt;alert(&#34;label&#34;)&lt;/script&gt; Harbour &lt;img src=x onerror=alert(1)&gt; "
             "deal")
    speaker = "&lt;script&gt;alert(&#34;speaker&#34;)&lt;/script&gt; Mallory"
    quote = "“&lt;script&gt;alert(&#34;quote&#34;)&lt;/script&gt; <mark>11,000</mark> &lt;img src=x"
    assert f"story: {label}" in pages["/search?q=harbour"]
    assert speaker in section(pages["/search?q=harbour"], 'id="facet-speaker"')
    assert "&lt;script&gt;alert(&#34;entity&#34;)&lt;/script&gt; Corp" in pages["/search?q=harbour"]
    assert label in pages["/stories"]
    story = next(html for path, html in pages.items() if path.startswith("/stories/"))
    assert label in story and speaker in story and quote in story and "via &lt;i&gt;Wire&lt;/i&gt;" in story
    articles = [html for path, html in pages.items() if path.startswith("/article/")]
    assert len(articles) == 2
    for html in articles:
        assert speaker in html and quote in html and "&lt;b&gt;harbour&lt;/b&gt; master" in html
        assert "&lt;u&gt;owner&lt;/u&gt;" in html and "1 copy" in html and f"story: {label}" in html
    assert speaker in pages["/quotes?speaker=Mallory"] and quote in pages["/quotes?speaker=Mallory"]


def test_a_speaker_filter_with_markup_round_trips(hostile: httpx.Client) -> None:
    html = hostile.get("/search", params={"q": "harbour"}).text
    href = next(h for h in hrefs(section(html, 'id="facet-speaker"')) if "Mallory" in query_of(h)["q"])
    assert query_of(href)["q"] == 'harbour speaker:"<script>alert( speaker )</script> Mallory"'
    narrowed = hostile.get(href)
    assert narrowed.status_code == 200
    assert len(HIT_LINK.findall(narrowed.text)) == 1  # the copy is folded under the first
    assert "<script>alert" not in narrowed.text
