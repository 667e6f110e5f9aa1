"""Did you mean: respell the query words the index does not know as words it knows well.

A plain query word that no article (or hardly any) contains is compared with the vocabulary of
the exact-form text field: every spelling one edit away is looked up (a term-dictionary probe
costs about a microsecond); when none exists, longer words are compared with the most common
terms sharing their first PREFIX_CHARS letters, within two edits (one walk of that corner of
the dictionary). Candidates are
scored log(document frequency) - EDIT_COST * edits, so a second edit must buy a much more common
word. Phrases, exclusions and filters are left as they are, and a suggestion is only made when the
corrected query finds more than the original.
"""

from __future__ import annotations

import math
import string
from dataclasses import replace

import tantivy

from newsdig.index.schema import F, exact_analyzer, stem_analyzer
from newsdig.search.compiler import compile_query
from newsdig.search.parser import ParsedQuery, Term

SUGGEST_BELOW = 3  # the engine looks for a suggestion when a query finds fewer results than this
MIN_WORD_CHARS = 4  # shorter words have too many real words one edit away to guess between
TWO_EDITS_FROM_CHARS = 7  # words this long may be two edits off; shorter ones only one
RARE_DF = 1  # a word in at most this many articles may still be a typo (typos get indexed too) ...
RARE_RATIO = 20  # ... when a spelling at least this many times more common is near
EDIT_COST = math.log(100)  # one more edit is worth it only for a word 100 times more common
PREFIX_CHARS = 3  # two-edit candidates share the word's first letters: a small dictionary walk
PREFIX_SCAN_LIMIT = 1000  # the most common terms of that prefix; rarer ones would not win anyway
MAX_WORDS = 6  # query words looked at; a pasted paragraph does not get spell-checked word by word
ALPHABET = string.ascii_lowercase


def suggest(searcher: tantivy.Searcher, schema: tantivy.Schema, parsed: ParsedQuery,
            total: int = 0) -> str | None:
    """A respelled query string that finds more than `total` results, or None."""
    corrections: dict[Term, Term] = {}
    for term in _plain_terms(parsed)[:MAX_WORDS]:
        better = correct_word(searcher, term.text)
        if better is not None:
            corrections[term] = replace(term, text=_same_case(term.text, better))
    if not corrections:
        return None
    # All corrections together first; when that finds nothing more, the best single one.
    attempts = [corrections]
    if len(corrections) > 1:
        attempts += [{old: new} for old, new in corrections.items()]
    best, best_total = None, total
    for attempt in attempts:
        candidate = _respelled(parsed, attempt)
        found = _count(searcher, schema, candidate)
        if found > best_total:
            best, best_total = candidate, found
            if attempt is corrections:
                break
    return best.normalised() if best is not None else None


def correct_word(searcher: tantivy.Searcher, word: str) -> str | None:
    """The most likely intended spelling of `word` (lowercase), or None when it looks right."""
    tokens = exact_analyzer().analyze(word)
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if len(token) < MIN_WORD_CHARS or not token.isalpha():
        return None
    known = _word_df(searcher, word)
    if known > RARE_DF:
        return None
    max_edits = 2 if len(token) >= TWO_EDITS_FROM_CHARS else 1
    candidates = _candidates(searcher, token, max_edits)
    least = known * RARE_RATIO if known else 1
    scored = [(math.log(df) - EDIT_COST * edits, term)
              for term, (edits, df) in candidates.items() if df >= least]
    if not scored:
        return None
    return min(scored, key=lambda item: (-item[0], item[1]))[1]  # ties: alphabetical


def _candidates(searcher: tantivy.Searcher, token: str, max_edits: int) -> dict[str, tuple[int, int]]:
    """term -> (edits, document frequency) for vocabulary terms within max_edits of token."""
    found: dict[str, tuple[int, int]] = {}
    for variant in _one_edit(token):
        df = searcher.doc_freq(F.TEXT_EXACT, variant)
        if df > 0:
            found[variant] = (1, df)
    if max_edits >= 2 and not found:  # most typos are one edit: look further only when needed
        prefix = token[:PREFIX_CHARS]
        for term, df in searcher.terms_with_prefix(F.TEXT_EXACT, prefix, limit=PREFIX_SCAN_LIMIT):
            if term in found or term == token or abs(len(term) - len(token)) > max_edits:
                continue
            edits = edit_distance(token, term, max_edits)
            if edits <= max_edits and term.isalpha():
                found[term] = (edits, df)
    return found


def _one_edit(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from `word`."""
    letters = ALPHABET + "".join(sorted(set(word) - set(ALPHABET)))
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    variants = {a + b[1:] for a, b in splits if b}
    variants |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    variants |= {a + c + b[1:] for a, b in splits if b for c in letters}
    variants |= {a + c + b for a, b in splits for c in letters}
    variants.discard(word)
    return variants


def edit_distance(a: str, b: str, bound: int) -> int:
    """Optimal-string-alignment distance (an adjacent swap is one edit), or bound + 1 when over bound.

    Only the diagonal band |i - j| <= bound is computed: cells outside it are over bound anyway.
    """
    over = bound + 1
    if abs(len(a) - len(b)) > bound:
        return over
    previous2: list[int] = []
    previous = [j if j <= bound else over for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [i if i <= bound else over] + [over] * len(b)
        row_min = current[0]
        ca = a[i - 1]
        for j in range(max(1, i - bound), min(len(b), i + bound) + 1):
            cb = b[j - 1]
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > bound:
            return over
        previous2, previous = previous, current
    return min(previous[-1], over)


def _word_df(searcher: tantivy.Searcher, word: str) -> int:
    """How many articles have the word in any form (its stem, in the title or the text)."""
    stems = stem_analyzer().analyze(word)
    if len(stems) != 1:
        return 0
    return max(searcher.doc_freq(F.TEXT, stems[0]), searcher.doc_freq(F.TITLE, stems[0]))


def _plain_terms(parsed: ParsedQuery) -> list[Term]:
    """Bare words of the positive groups (OR alternatives included); phrases stay as typed."""
    return [t for group in parsed.groups for t in group if not t.phrase and not t.intitle]


def _same_case(typed: str, word: str) -> str:
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _respelled(parsed: ParsedQuery, corrections: dict[Term, Term]) -> ParsedQuery:
    groups = tuple(tuple(corrections.get(t, t) for t in group) for group in parsed.groups)
    return replace(parsed, groups=groups)


def _count(searcher: tantivy.Searcher, schema: tantivy.Schema, parsed: ParsedQuery) -> int:
    compiled = compile_query(parsed, schema, searcher)
    if compiled is None:
        return 0
    return searcher.search(compiled.query, limit=1, count=True).count
