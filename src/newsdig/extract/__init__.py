"""Extraction: Capture -> Article | Rejection, with chrome and learned-template removal.

Modules, in the order a capture meets them (html or text, gzip and binary formats that are no
article are told apart by `newsdig.formats`, shared with the importers; `sniff_kind` is re-exported):
  decode     bytes -> str (BOM, UTF-8, declared charset, detector)
  html       trafilatura + htmldate on one parsed tree, canonical URL, declared language
    parse      trafilatura's lenient loader with a C-level element class lookup
    walks      Python walks standing in for trafilatura's costliest XPaths while it extracts
    metadata   trafilatura's metadata steps without the parts newsdig does not store
    bylines    trafilatura's author XPaths in one walk
  plaintext  text dumps: paragraphs, headline, byline, dateline
  chrome     built-in furniture patterns (short lines only)
  title      headline detection and title inference from the lead
  templates  per-source learned furniture (pure functions; the catalog keeps the counts)
  dispatch   hints, word floor, identity and source; `extract` and `extract_file`
  preload    warm state imported once by the process pool's fork server (see newsdig.pool)
"""

from newsdig.extract.chrome import is_chrome, remove_chrome
from newsdig.extract.dispatch import MIN_WORDS, extract, extract_file, guess_source
from newsdig.extract.templates import (
    EDGE_LINES,
    MAX_TEMPLATE_LINE_CHARS,
    MAX_TEMPLATE_SHARE,
    MIN_TEMPLATE_DOCS,
    apply_templates,
    learned_templates,
    line_key,
    template_candidates,
)
from newsdig.extract.title import infer_title
from newsdig.formats import sniff_kind

__all__ = [
    "EDGE_LINES",
    "MAX_TEMPLATE_LINE_CHARS",
    "MAX_TEMPLATE_SHARE",
    "MIN_TEMPLATE_DOCS",
    "MIN_WORDS",
    "apply_templates",
    "extract",
    "extract_file",
    "guess_source",
    "infer_title",
    "is_chrome",
    "learned_templates",
    "line_key",
    "remove_chrome",
    "sniff_kind",
    "template_candidates",
]
