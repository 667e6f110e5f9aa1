"""Property-based attacks (hypothesis) on the four surfaces the open web reaches:
the query parser and search, the plain-text chrome remover, HTML extraction and the WARC import.

Every property says: whatever the input, the surface answers with one of its documented results
(a ParsedQuery / a SearchResult or InputError / an Article or Rejection / Captures and Rejections),
never another exception, within a time bound and a memory bound measured per call
(tests/hostile/bounds.py). Rejections from the extractor's catch-all ("extractor-error") count
as failures too: they are exceptions a blanket caught, not answers.

Each test runs a quick number of examples by default; its `long` variant (`-m slow`) runs many more.
"""

from __future__ import annotations

import io
import string
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdig.acquire.files import MAX_FILE_BYTES, iter_captures
from newsdig.acquire.warcstream import Damage, RecordRead, iter_records
from newsdig.errors import InputError
from newsdig.extract import extract, is_chrome, remove_chrome
from newsdig.extract.chrome import MAX_NAV_LINE_CHARS
from newsdig.extract.draft import Draft, Refusal, collapse
from newsdig.extract.plaintext import extract_text
from newsdig.models import Article, Capture, Rejection
from newsdig.search import ParsedQuery, Searcher, SearchResult, parse_query
from newsdig.search.engine import SORTS
from newsdig.search.parser import _FIELD_ALIASES, _LANG, MAX_PHRASE_WORDS, MAX_TERMS
from tests.hostile.bounds import MiB, bounded
from tests.hostile.checks import Pipe, check_extraction
from tests.hostile.corpus import (
    PARAGRAPH,
    QUERY_SEEDS,
    html_seeds,
    one_page_per_site,
    text_seeds,
    warc_bytes,
)

# Bounds per call. Small inputs (a few kB) take milliseconds; 10 s is the hang bound on a loaded
# CI core. Memory growth beyond a few MiB per call would be a leak or a blow-up; 64 MiB leaves
# room for lxml's and trafilatura's transient trees.
SECONDS = 10.0
MEMORY = 64 * MiB
QUERY_DEADLINE = timedelta(milliseconds=500)


def examples(quick: int, long: int) -> pytest.MarkDecorator:
    """Parametrize a test over a quick example count (default run) and a long one (-m slow)."""
    return pytest.mark.parametrize("count", [
        pytest.param(quick, id="quick"), pytest.param(long, id="long", marks=pytest.mark.slow)])


def run(count: int, **overrides: object) -> settings:
    options: dict[str, object] = {"max_examples": count, "deadline": None, "database": None,
                                  "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
    options.update(overrides)
    return settings(**options)  # type: ignore[arg-type]


# --- strategies ------------------------------------------------------------------------------

ANY_CHAR = st.characters(exclude_categories=())  # lone surrogates too: CLI arguments carry them
ANY_TEXT = st.text(ANY_CHAR, max_size=300)
FIELDS = [*_FIELD_ALIASES, "Site", "LANG", "inTitle", "foo", "http", "a", ""]
DATES = st.builds(lambda y, m, d, n: "-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:n]),
                  st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99), st.integers(1, 3))
QUERY_TOKEN = st.one_of(
    st.text(ANY_CHAR, min_size=1, max_size=12),
    st.text(string.ascii_letters + string.digits + "äéßø中", min_size=1, max_size=10),
    st.sampled_from(["OR", "|", "-", "--", '"', "AND", "NOT", "(", ")", "*", ":", "\\", "or", "-OR", "'"]),
    st.builds(lambda n, v: f"{n}:{v}", st.sampled_from(FIELDS),
              st.one_of(ANY_TEXT.map(lambda s: s[:12]), DATES)),
    st.builds(lambda n, v: f'{n}:"{v}', st.sampled_from(FIELDS), st.text(ANY_CHAR, max_size=20)),
    st.builds(lambda w: f'"{w}"', st.text(ANY_CHAR, max_size=40)),
)
SEPARATORS = st.sampled_from([" ", "", "\t", "\n", "\u3000", "  ", "-", '"'])
QUERIES = st.one_of(
    ANY_TEXT,
    st.sampled_from(QUERY_SEEDS),
    st.lists(st.tuples(QUERY_TOKEN, SEPARATORS), max_size=30).map(lambda p: "".join(t + s for t, s in p)),
)

LINE_CHARS = st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\ufeff\ufffd")
CHROME_LINES = st.sampled_from([
    "x", "×", "Google search engine", "Share", "Tweet | Share | Email", "Advertisement - scroll to continue",
    "Read more: Quay approved", "Previous article", "Next article2027: the quay", "© 2025 The Herald",
    "Subscribe to our newsletter", "We use cookies", "Accept all cookies", "Published 28 April 2025",
    "By Jane Doe | Herald", "Tags:", "Photo: Reuters", "", " ", "1", "•",
])
LINES = st.one_of(CHROME_LINES, st.text(LINE_CHARS, max_size=140), st.text(ANY_CHAR, max_size=60),
                  st.builds(lambda s, n: (s + " ") * n,
                            st.sampled_from(["Previous article", "Share", PARAGRAPH]), st.integers(1, 4)))

ENCODINGS = ["utf-8", "utf-16-le", "utf-16-be", "utf-16", "cp1252", "latin-1", "shift_jis", "koi8-r",
             "gb18030"]


@st.composite
def damaged(draw: st.DrawFn, data: bytes, max_edits: int = 8) -> bytes:
    """`data` with a few random edits: bytes replaced, inserted, deleted, a slice repeated, a cut."""
    out = bytearray(data)
    for _ in range(draw(st.integers(0, max_edits))):
        where = draw(st.integers(0, max(len(out) - 1, 0)))
        action = draw(st.sampled_from(["replace", "insert", "delete", "repeat", "cut"]))
        chunk = draw(st.binary(min_size=1, max_size=16))
        if action == "replace":
            out[where : where + len(chunk)] = chunk
        elif action == "insert":
            out[where:where] = chunk
        elif action == "delete":
            del out[where : where + len(chunk)]
        elif action == "repeat":
            out[where:where] = out[where : where + 64] * draw(st.integers(2, 50))
        else:
            del out[where:]
    return bytes(out)


TAGS = ["p", "div", "article", "main", "span", "b", "a", "br", "h1", "title", "meta", "script", "style",
        "table", "tr", "td", "li", "ul", "iframe", "svg", "math", "template", "noscript", "html", "head",
        "body", "header", "footer", "nav", "figure", "x-y", "p:q", "!doctype", "?xml"]


@st.composite
def markup(draw: st.DrawFn) -> bytes:
    """Random HTML from a small grammar: tags opened and (maybe) closed, attributes, text, comments,
    entities; then encoded with a random codec and maybe damaged."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.sampled_from(["open", "close", "text", "para", "attr", "comment", "entity", "raw"]))
        tag = draw(st.sampled_from(TAGS))
        if kind == "open":
            parts.append(f"<{tag}>")
        elif kind == "close":
            parts.append(f"</{tag}>")
        elif kind == "text":
            parts.append(draw(st.text(ANY_CHAR, max_size=80)))
        elif kind == "para":
            parts.append(f"<p>{PARAGRAPH}</p>")
        elif kind == "attr":
            name = draw(st.sampled_from(["class", "id", "href", "content", "charset", "lang", "rel", "x"]))
            value = draw(st.text(ANY_CHAR, max_size=40))
            parts.append(f'<{tag} {name}="{value}" {name}={value}>')
        elif kind == "comment":
            parts.append(f"<!--{draw(st.text(ANY_CHAR, max_size=30))}-->")
        elif kind == "entity":
            parts.append(draw(st.sampled_from(["&amp;", "&#0;", "&#x110000;", "&#xD800;", "&nbsp;", "&bogus;",
                                               "&#99999999999;", "&", "&#", "<![CDATA[", "]]>", "<", ">"])))
        else:
            parts.append(draw(st.sampled_from([
                '<meta charset="utf-16">', '<meta charset="koi8-r">', '<link rel="canonical" href="http://[bad">',
                "<html lang='zz-ZZ'>", '<meta property="og:url" content="//x">', "<?php ?>"])))
    text = "".join(parts)
    codec = draw(st.sampled_from(ENCODINGS))
    lone_surrogates = codec.startswith("utf") and draw(st.booleans())
    body = text.encode(codec, "surrogatepass" if lone_surrogates else "replace")
    return draw(damaged(body, max_edits=3)) if draw(st.booleans()) else body


# --- checks ----------------------------------------------------------------------------------

def html_capture(body: bytes, url: str | None = "https://example.org/news/1") -> Capture:
    return Capture(url=url, body=body, kind="html", origin="hostile")


def import_file(path: Path) -> list[Capture | Rejection | Article]:
    items = list(iter_captures([path]))
    for item in items:
        assert isinstance(item, Capture | Rejection | Article), type(item)
        if isinstance(item, Capture):
            assert len(item.body) <= MAX_FILE_BYTES and item.origin.startswith(str(path))
        elif isinstance(item, Rejection):
            assert item.reason and item.origin.startswith(str(path)), item
    return items


# --- query parser and search -----------------------------------------------------------------

@examples(quick=400, long=20_000)
def test_parse_query_is_total_and_bounded(count: int) -> None:
    @run(count, deadline=QUERY_DEADLINE)
    @given(QUERIES)
    def prop(text: str) -> None:
        parsed = parse_query(text)
        assert isinstance(parsed, ParsedQuery)
        terms = [t for g in parsed.groups for t in g] + list(parsed.excluded)
        assert len(terms) + len(parsed.filters) <= MAX_TERMS
        for term in terms:
            assert any(c.isalnum() for c in term.text) and term.text == collapse(term.text)
            assert len(term.text.split()) <= MAX_PHRASE_WORDS
        for flt in parsed.filters:
            assert flt.field != "lang" or _LANG.fullmatch(flt.value)

    prop()


@examples(quick=400, long=20_000)
def test_normalised_query_parses_to_the_same_query(count: int) -> None:
    """The parser's documented round trip: parse(q.normalised()) == q (the page and the API show
    the normalised form, and a user may paste it back)."""

    @run(count, deadline=QUERY_DEADLINE)
    @given(QUERIES)
    def prop(text: str) -> None:
        parsed = parse_query(text)
        again = parse_query(parsed.normalised())
        assert again == parsed, (parsed.normalised(), again.normalised())

    prop()


@examples(quick=120, long=3000)
def test_search_answers_any_text(sample_searcher: Searcher, count: int) -> None:
    @run(count)
    @given(query=QUERIES, limit=st.one_of(st.integers(-3, 30), st.integers(-(2**63), 2**63)),
           offset=st.one_of(st.integers(-3, 40), st.integers(0, 2**63)),
           sort=st.one_of(st.sampled_from(SORTS), st.sampled_from(["", "Date", "score", "relevance "])))
    def prop(query: str, limit: int, offset: int, sort: str) -> None:
        def call() -> SearchResult | InputError:
            try:
                return sample_searcher.search(query, limit=limit, offset=offset, sort=sort)
            except InputError as error:
                return error

        result = bounded(call, seconds=SECONDS, memory=MEMORY, what=repr(query))
        if isinstance(result, InputError):
            assert str(result)
            return
        assert isinstance(result, SearchResult)
        assert len(result.hits) <= max(limit, 0) and result.total >= 0

    prop()


# --- plain text and chrome -------------------------------------------------------------------

@examples(quick=500, long=20_000)
def test_chrome_remover_keeps_order_and_long_lines(count: int) -> None:
    @run(count)
    @given(st.lists(st.lists(LINES, min_size=1, max_size=8).map("\n".join), max_size=12))
    def prop(paragraphs: list[str]) -> None:
        kept = bounded(lambda: remove_chrome(paragraphs), seconds=1.0, memory=MEMORY)
        lines_in = [line for p in paragraphs for line in p.split("\n")]
        lines_out = [line for p in kept for line in p.split("\n")]
        position = iter(lines_in)
        assert all(any(line == seen for seen in position) for line in lines_out), "not a subsequence"
        for line in lines_in:
            if len(collapse(line)) > MAX_NAV_LINE_CHARS:  # body text is never furniture
                assert not is_chrome(line)
        assert remove_chrome(kept) == kept

    prop()


@examples(quick=300, long=10_000)
def test_plaintext_extraction_is_total_and_keeps_body_lines(count: int) -> None:
    @run(count)
    @given(st.lists(st.lists(LINES, min_size=1, max_size=6).map("\n".join), max_size=15),
           st.sampled_from(["\n\n", "\r\n\r\n", "\n \n", "\r\r"]))
    def prop(blocks: list[str], blank: str) -> None:
        text = blank.join(blocks)
        draft = bounded(lambda: extract_text(text.encode("utf-8", "surrogatepass")), seconds=SECONDS,
                        memory=MEMORY)
        assert isinstance(draft, Draft | Refusal)
        if isinstance(draft, Refusal):
            assert draft.reason == "undecodable"  # only binary-looking input is refused here
            return
        joined = " ".join(draft.paragraphs)
        for line in text.replace("\r", "\n").split("\n"):
            body = collapse(line)
            if len(body) > MAX_NAV_LINE_CHARS and all(c.isprintable() for c in body):
                assert body in joined, body[:80]

    prop()


@examples(quick=300, long=10_000)
def test_text_capture_gives_article_or_rejection(count: int) -> None:
    seeds = list(text_seeds().values())

    @run(count)
    @given(st.one_of(st.binary(max_size=4000), st.sampled_from(seeds).flatmap(damaged)),
           st.sampled_from([None, "text/plain", "text/plain; charset=utf-16", "text/plain; charset=bogus"]))
    def prop(body: bytes, content_type: str | None) -> None:
        capture = Capture(url=None, body=body, kind="text", origin="/data/dump/x.txt",
                          content_type=content_type)
        check_extraction(bounded(lambda: extract(capture), seconds=SECONDS, memory=MEMORY))

    prop()


# --- HTML ------------------------------------------------------------------------------------

@examples(quick=200, long=10_000)
def test_html_extraction_of_arbitrary_bytes(count: int) -> None:
    @run(count)
    @given(st.one_of(st.binary(max_size=3000), markup()))
    def prop(body: bytes) -> None:
        check_extraction(bounded(lambda: extract(html_capture(body)), seconds=SECONDS, memory=MEMORY))

    prop()


@examples(quick=60, long=3000)
def test_html_extraction_of_damaged_real_pages(count: int) -> None:
    seeds = list(html_seeds().values()) + [p.read_bytes() for p in one_page_per_site()]

    @run(count)
    @given(st.sampled_from(seeds).flatmap(damaged),
           st.sampled_from([None, "https://example.org/a", "file:x"]))
    def prop(body: bytes, url: str | None) -> None:
        check_extraction(bounded(lambda: extract(html_capture(body, url)), seconds=SECONDS, memory=MEMORY))

    prop()


# --- WARC ------------------------------------------------------------------------------------

WARC_PAGES = [p.read_bytes() for p in one_page_per_site()[:3]]


def records_before(offsets: list[int], edit: int) -> int:
    """How many response records lie wholly before byte `edit`."""
    return sum(1 for end in offsets[1:] if end <= edit)


@examples(quick=150, long=10_000)
def test_warc_import_of_arbitrary_bytes(tmp_path: Path, count: int) -> None:
    prefixes = [b"", b"WARC/1.0\r\n", b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 12\r\n\r\n"]

    @run(count)
    @given(st.sampled_from(prefixes), st.binary(max_size=2000), st.booleans())
    def prop(prefix: bytes, tail: bytes, gz: bool) -> None:
        data = prefix + tail
        path = tmp_path / "input.warc"
        path.write_bytes(zlib.compress(data, 1, wbits=31) if gz else data)
        bounded(lambda: import_file(path), seconds=SECONDS, memory=MEMORY)
        for seekable in (True, False):
            stream = io.BytesIO(data) if seekable else io.BufferedReader(Pipe(data))
            items = bounded(lambda s=stream, k=seekable: list(iter_records(s, lambda r: 1 << 20, seekable=k)),
                            seconds=SECONDS, memory=MEMORY)
            assert all(isinstance(item, RecordRead | Damage) for item in items)

    prop()


@examples(quick=100, long=5000)
def test_warc_import_of_damaged_real_records(tmp_path: Path, count: int) -> None:
    """Random edits anywhere: never an exception, and the records wholly before the first edit
    come out intact."""
    warcs = {gz: warc_bytes(WARC_PAGES, gz=gz) for gz in (False, True)}

    @run(count)
    @given(st.booleans(), st.data())
    def prop(gz: bool, data: st.DataObject) -> None:
        original, offsets = warcs[gz]
        edited = data.draw(damaged(original, max_edits=4))
        first_edit = next((i for i, (a, b) in enumerate(zip(original, edited, strict=False)) if a != b),
                          min(len(original), len(edited)))
        path = tmp_path / ("input.warc.gz" if gz else "input.warc")
        path.write_bytes(edited)
        items = bounded(lambda: import_file(path), seconds=SECONDS, memory=MEMORY)
        captures = [item for item in items if isinstance(item, Capture)]
        intact = records_before(offsets, first_edit)
        assert [c.body for c in captures[:intact]] == WARC_PAGES[:intact]

    prop()


@examples(quick=100, long=5000)
def test_truncated_warc_keeps_whole_records_and_reports_the_cut(count: int) -> None:
    warcs = {gz: warc_bytes(WARC_PAGES, gz=gz) for gz in (False, True)}

    @run(count)
    @given(st.booleans(), st.booleans(), st.data())
    def prop(gz: bool, piped: bool, data: st.DataObject) -> None:
        original, offsets = warcs[gz]
        cut = data.draw(st.integers(offsets[0], len(original)))
        head = original[:cut]
        stream = io.BufferedReader(Pipe(head)) if piped else io.BytesIO(head)
        items = bounded(lambda: list(iter_captures(["-"], stdin=stream)), seconds=SECONDS, memory=MEMORY)
        captures = [item for item in items if isinstance(item, Capture)]
        rejections = [item for item in items if isinstance(item, Rejection)]
        whole = records_before(offsets, cut)
        assert [c.body for c in captures[:whole]] == WARC_PAGES[:whole]
        assert len(captures) <= whole + 1
        if len(captures) > whole:  # the cut fell in the record's trailer: nothing of it was lost
            assert captures[whole].body == WARC_PAGES[whole]
        elif cut not in offsets:  # the cut record is reported, never dropped in silence
            assert any(r.reason == "malformed-warc" for r in rejections), (cut, items)

    prop()

