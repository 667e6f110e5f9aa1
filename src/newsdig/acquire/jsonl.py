"""JSON Lines -> Capture | Rejection, one article per line.

Datasets name the same fields differently (`text`/`content`/`body`, `published`/`date`), so
each field has a short list of accepted keys. What a line already knows (title, date, authors)
goes into `hints`, which extraction prefers over its guesses. newsdig's own export is one of
the accepted shapes, so `export` followed by `add` round-trips. A line with both `html` and
`text` becomes an HTML capture (metadata comes from the page) with the text as a ``text`` hint.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from newsdig.formats import detect_format
from newsdig.models import Capture, CaptureKind, Rejection

STAGE = "import"
READ_CHUNK = 1024 * 1024  # an over-long line is skipped in chunks this big
SNIFF_CHARS = 4096  # how much of a content/body value is looked at to tell HTML from text

URL_KEYS = ("url", "link")
HTML_KEYS = ("html",)
TEXT_KEYS = ("text",)
CONTENT_KEYS = ("content", "body")  # text, unless the value itself looks like markup
FETCHED_KEYS = ("fetched_at",)
# (hint name, accepted keys) in the order hints are given to extraction.
HINT_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("title", ("title", "headline")),
    ("published", ("published", "date", "published_at")),
    ("authors", ("authors", "author")),
    ("language", ("language", "lang")),
    ("source", ("source", "site")),
    ("canonical_url", ("canonical_url",)),  # keeps the article id stable across export -> add
    ("site_name", ("site_name",)),
    ("description", ("description",)),
)
AUTHOR_SEPARATOR = "; "


def iter_jsonl(
    stream: BinaryIO, name: str, *, max_bytes: int, after_line: Callable[[], None] | None = None
) -> Iterator[Capture | Rejection]:
    """Yield a Capture or Rejection per non-blank line; origins are ``name:lineno``.

    Reads line by line with a length cap, so memory stays flat whatever the file size.
    `after_line` is called after each line (progress reporting).
    """
    lineno = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        origin = f"{name}:{lineno}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield Rejection(STAGE, "too-large", origin, detail=f"line over {max_bytes} bytes")
        elif line.strip():
            yield parse_line(line.removeprefix(b"\xef\xbb\xbf") if lineno == 1 else line, origin)
        if after_line is not None:
            after_line()


def parse_line(line: bytes, origin: str) -> Capture | Rejection:
    """Turn one JSON object into a Capture (see the module docstring for accepted keys)."""
    try:
        obj = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        return _bad(origin, f"not JSON: {err}")
    except RecursionError:  # [[[[... thousands deep: the decoder recurses once per level
        return _bad(origin, "not JSON this reader accepts: arrays or objects nested too deeply")
    if not isinstance(obj, dict):
        return _bad(origin, f"a JSON {type(obj).__name__}, not an object")
    url = _first_str(obj, URL_KEYS)
    html = _first_body(obj, HTML_KEYS)
    text = _first_body(obj, TEXT_KEYS)
    content = _first_body(obj, CONTENT_KEYS)
    kind: CaptureKind
    if html:
        kind, body = "html", html
    elif text:
        kind, body = "text", text
    elif content:
        # A field named content holding a few tags is a fragment of markup: tie-break to HTML.
        looks_html = detect_format(content[:SNIFF_CHARS].encode("utf-8", "replace"), "content.html") == "html"
        kind, body = ("html" if looks_html else "text"), content
    else:
        return _bad(origin, "no text: html, text, content and body are all missing or empty", url)
    hints = tuple((hint, value) for hint, keys in HINT_KEYS if (value := _hint_value(obj, keys)))
    if kind == "html" and text:
        hints += (("text", text),)  # a dataset's own clean text beats what we would extract
    return Capture(
        url=url or None,
        body=body.encode("utf-8", "replace"),  # "replace": lone surrogates from \ud800 escapes
        kind=kind,
        origin=origin,
        fetched_at=_first_str(obj, FETCHED_KEYS),
        hints=hints,
    )


def _first_str(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = _as_str(obj.get(key))
        if value:
            return value
    return None


def _first_body(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """Like _first_str, but a list of paragraphs (some datasets) becomes blank-line separated text."""
    for key in keys:
        value = obj.get(key)
        if isinstance(value, list):
            value = "\n\n".join(p.strip() for p in value if isinstance(p, str) and p.strip())
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _hint_value(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, list):
            value = AUTHOR_SEPARATOR.join(s for item in value if (s := _as_str(_name_of(item))))
        else:
            value = _as_str(value)
        if value:
            return value
    return None


def _name_of(item: Any) -> Any:
    """Author lists are sometimes objects: {"name": "..."}."""
    return item.get("name") if isinstance(item, dict) else item


def _as_str(value: Any) -> str | None:
    """Strings as given (stripped), numbers as text (epoch dates); anything else is ignored."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(READ_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _bad(origin: str, detail: str, url: str | None = None) -> Rejection:
    return Rejection(STAGE, "bad-jsonl", origin, url=url, detail=detail)
