"""Did you mean: respell the query words the index does not know as words it knows well.

A plain query word that no article (or hardly any) contains is compared with the vocabulary of
the exact-form text field: every spelling one edit away is looked up (a term-dictionary probe
costs about a microsecond); when none exists, longer words are compared with the most common
terms sharing their first PREFIX_CHARS letters, within two edits (one walk of that corner of
the dictionary). Candidates are
scored log(document frequency) - EDIT_COST * edits, so a second edit must buy a much more common
word. Phrases, exclusions and filters are left as they are, and a suggestion is only made when the
corrected query finds more than the original.

Names are also corrected as a unit: adjacent bare words ("Skylark Ar", "valery gerasimv") are
compared with the canonical names the enrich stage indexed (`entity_key`, `speaker_key`: exact
strings with their document frequencies) that start like the first word, accents and case
folded. Where one matches, it replaces those words' word-by-word respellings, because it fixes
what words cannot: a two-letter word ("Ar"), the name's accents and capitals ("Lucía Ferrer"),
and words that are each real but not the name. Only words of some indexed name (or respelled
into one) start that scan: two probes of the name-word fields, then a few term-dictionary walks
of a three-letter corner (at most NAME_SCAN_LIMIT names each) and banded edit distances. A
suggestion costs ~0.5 ms (median) on the demo sample, and only queries that found almost nothing
ask for one.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from dataclasses import dataclass, replace

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
NAME_FIELDS = (F.ENTITY_KEY, F.SPEAKER_KEY)  # canonical names, raw (case and accents as written)
MAX_NAME_WORDS = 5  # longer "names" are descriptions the quote finder kept ("the chief of the ...")
MAX_NAME_CHARS = 60
NAME_SCAN_LIMIT = 200  # the most common names sharing a prefix, per field and casing
# Lowercase words inside proper names ("University of Almira", "Ludwig van Beethoven"): a speaker
# whose other words are lowercase is a description ("the city", "Residents' groups"), not a name.
NAME_PARTICLES = frozenset((
    "al", "and", "bin", "da", "de", "del", "della", "der", "des", "di", "do", "dos", "du", "el", "for",
    "ibn", "la", "le", "of", "on", "the", "van", "von", "y", "zu",
))
# The combining marks NFKD splits accents into (Latin, Greek, Cyrillic and their extensions).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_ALNUM_RUN = re.compile(r"[^\W_]+")  # letters and digits: the words the simple tokenizer makes
_DETERMINERS = frozenset(("the", "a", "an", "some", "many", "several", "other", "our", "its", "their"))


@dataclass(frozen=True, slots=True)
class NameFix:
    """Query groups [start, end) (adjacent one-word groups) respelled as the canonical `name`."""

    start: int
    end: int
    name: str
    edits: int
    df: int


_Fix = tuple[tuple[NameFix, ...], dict[Term, Term]]


def suggest(searcher: tantivy.Searcher, schema: tantivy.Schema, parsed: ParsedQuery,
            total: int = 0) -> str | None:
    """A respelled query string that finds more than `total` results, or None."""
    corrections: dict[Term, Term] = {}
    for term in _plain_terms(parsed)[:MAX_WORDS]:
        better = correct_word(searcher, term.text)
        if better is not None:
            corrections[term] = replace(term, text=_same_case(term.text, better))
    names = name_fixes(searcher, parsed, {old.text: new.text for old, new in corrections.items()})
    named = {t for fix in names for group in parsed.groups[fix.start:fix.end] for t in group}
    if not corrections and not names:
        return None
    # All corrections together first (a name's words are the name's, not respelled one by one);
    # when that finds nothing more, the best single one.
    everything: _Fix = (tuple(names), {old: new for old, new in corrections.items() if old not in named})
    attempts = [everything]
    if len(corrections) + len(names) > 1:
        attempts += [((fix,), {}) for fix in names]
        attempts += [((), {old: new}) for old, new in corrections.items()]
    best, best_total = None, total
    for attempt in attempts:
        candidate = _respelled(parsed, *attempt)
        found = _count(searcher, schema, candidate)
        if found > best_total:
            best, best_total = candidate, found
            if attempt is everything:
                break
    return best.normalised() if best is not None else None


def fold(text: str) -> str:
    """Lowercase without accents ("Lucía" -> "lucia", "Straße" -> "strasse"): how names are compared,
    because people type names without the accents the articles print."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def folded_words(text: str) -> list[str]:
    """The folded alphanumeric words of `text`: "Saint-Aurèle" -> ["saint", "aurele"]."""
    return _ALNUM_RUN.findall(fold(text))


def is_name(name: str, strict: bool = False) -> bool:
    """Whether an indexed entity or speaker string reads as a proper name worth offering.

    The quote finder also records descriptions as speakers ("the city", "figures", "Russia's chief
    of the general staff, ..."); `strict` (for speakers not also found as entities) wants every word
    capitalised but particles, and at least two words ("Unions" is not someone to look up).
    Names with a word that starts with punctuation ("-x", "'Storm") or holds a double quote or a bar
    are skipped: NER debris, and they would change the query's syntax.
    """
    words = name.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS or len(name) > MAX_NAME_CHARS:
        return False
    if not (words[0][0].isupper() or words[0][0].isdigit()) or words[0].lower() in _DETERMINERS:
        return False
    if any(not w[0].isalnum() or '"' in w or "|" in w for w in words):
        return False
    if strict:
        return len(words) > 1 and all(w[0].isupper() or w in NAME_PARTICLES for w in words)
    return True


def name_fixes(searcher: tantivy.Searcher, parsed: ParsedQuery,
               corrections: dict[str, str] | None = None) -> list[NameFix]:
    """Runs of adjacent bare words that look like a misspelled indexed name, chosen best first.

    A window qualifies when one of its words is unknown (in at most RARE_DF articles) or too short
    to respell alone, and one of its words, or the respelling `corrections` found for it, is a word
    of some indexed name (two probes of the name-word fields: a paragraph of gibberish costs no
    dictionary walk). The name must be within one edit (two from TWO_EDITS_FROM_CHARS folded
    characters) of the window's folded words. Longer windows win, then fewer edits, then the more
    common name; chosen windows never overlap.
    """
    corrections = corrections or {}
    found: list[NameFix] = []
    suspect: dict[str, bool] = {}
    name_word: dict[str, bool] = {}
    for run in _word_runs(parsed):
        for i, (start, first) in enumerate(run):
            names: dict[str, tuple[str, int]] | None = None
            for k in range(1, min(MAX_NAME_WORDS, len(run) - i) + 1):
                words = [t.text for _, t in run[i:i + k]]
                for word in words:
                    if word not in suspect:
                        suspect[word] = len(word) < MIN_WORD_CHARS or _word_df(searcher, word) <= RARE_DF
                        name_word[word] = any(_in_names(searcher, w) for w in (word, corrections.get(word)))
                typed = " ".join(folded_words(" ".join(words)))
                if (not any(suspect[w] for w in words) or not any(name_word[w] for w in words)
                        or (k == 1 and len(typed) < MIN_WORD_CHARS)):
                    continue
                if names is None:
                    names = _names_like(searcher, first.text)
                bound = 2 if len(typed) >= TWO_EDITS_FROM_CHARS else 1
                for name, (folded, df) in names.items():
                    if abs(len(folded) - len(typed)) <= bound:
                        edits = edit_distance(typed, folded, bound)
                        if 0 < edits <= bound:
                            found.append(NameFix(start, run[i + k - 1][0] + 1, name, edits, df))
    found.sort(key=lambda f: (-(f.end - f.start), f.edits, -f.df, f.name))
    chosen: list[NameFix] = []
    for fix in found:
        if all(fix.end <= c.start or fix.start >= c.end for c in chosen):
            chosen.append(fix)
    return chosen


def _word_runs(parsed: ParsedQuery) -> list[list[tuple[int, Term]]]:
    """Maximal runs of adjacent groups that are one bare word each: (group index, term).

    Only the first MAX_WORDS bare words are looked at, like the word-by-word respelling.
    """
    runs: list[list[tuple[int, Term]]] = [[]]
    seen = 0
    for index, group in enumerate(parsed.groups):
        if len(group) == 1 and not group[0].phrase and not group[0].intitle and seen < MAX_WORDS:
            runs[-1].append((index, group[0]))
            seen += 1
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _in_names(searcher: tantivy.Searcher, word: str | None) -> bool:
    """Whether some indexed name has this word (the name-word fields hold them lowercased)."""
    if not word:
        return False
    lower = word.lower()
    return searcher.doc_freq(F.ENTITY, lower) > 0 or searcher.doc_freq(F.SPEAKER, lower) > 0


def _names_like(searcher: tantivy.Searcher, first_word: str) -> dict[str, tuple[str, int]]:
    """Indexed names starting like `first_word` (its first PREFIX_CHARS characters capitalised, and as
    typed when that is capitalised too: "McD"): name -> (folded words joined by spaces, df)."""
    head = first_word[:PREFIX_CHARS]
    found: dict[str, tuple[str, int]] = {}
    for field in NAME_FIELDS:
        for prefix in dict.fromkeys((head.capitalize(), head if head[:1].isupper() else head.capitalize())):
            try:
                terms = searcher.terms_with_prefix(field, prefix, limit=NAME_SCAN_LIMIT)
            except ValueError:  # an index without the enrichment fields
                return found
            for name, df in terms:
                if name in found:
                    found[name] = (found[name][0], max(found[name][1], df))
                elif is_name(name):
                    found[name] = (" ".join(folded_words(name)), df)
    return found


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


def _respelled(parsed: ParsedQuery, names: tuple[NameFix, ...], corrections: dict[Term, Term]) -> ParsedQuery:
    """The query with name windows replaced by the names' words and single words respelled."""
    starts = {fix.start: fix for fix in names}
    groups: list[tuple[Term, ...]] = []
    index = 0
    while index < len(parsed.groups):
        fix = starts.get(index)
        if fix is None:
            groups.append(tuple(corrections.get(t, t) for t in parsed.groups[index]))
            index += 1
            continue
        typed = " ".join(t.text for group in parsed.groups[fix.start:fix.end] for t in group)
        name = fix.name.upper() if _shouts(typed) else fix.name
        groups += [(Term(word),) for word in name.split()]
        index = fix.end
    return replace(parsed, groups=tuple(groups))


def _shouts(typed: str) -> bool:
    letters = [c for c in typed if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _count(searcher: tantivy.Searcher, schema: tantivy.Schema, parsed: ParsedQuery) -> int:
    compiled = compile_query(parsed, schema, searcher)
    if compiled is None:
        return 0
    return searcher.search(compiled.query, limit=1, count=True).count
