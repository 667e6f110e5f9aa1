"""The tantivy index: derived from the catalog, rebuildable at any time."""

from newsdig.errors import IndexBusyError
from newsdig.index.build import build_fresh
from newsdig.index.document import article_to_document, host_suffixes, parse_published
from newsdig.index.reader import doc_count, open_index
from newsdig.index.schema import SCHEMA_VERSION, build_schema
from newsdig.index.writer import IndexWriter, open_writer

__all__ = [
    "SCHEMA_VERSION",
    "IndexBusyError",
    "IndexWriter",
    "article_to_document",
    "build_fresh",
    "build_schema",
    "doc_count",
    "host_suffixes",
    "open_index",
    "open_writer",
    "parse_published",
]
