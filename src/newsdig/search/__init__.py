"""Search: our query language, ranking, snippets and facets over the tantivy index."""

from newsdig.search.engine import Searcher, search
from newsdig.search.parser import FieldFilter, ParsedQuery, Term, parse_query
from newsdig.search.results import Hit, SearchResult

__all__ = ["FieldFilter", "Hit", "ParsedQuery", "SearchResult", "Searcher", "Term", "parse_query", "search"]
