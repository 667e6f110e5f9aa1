"""Our query language, parsed totally: every string gives a ParsedQuery, nothing raises.

    words                 all must match (stemmed; the exact form ranks higher); a long query
                          (3+ words: a question, a pasted sentence) that finds fewer than 10
                          is answered by articles with most of its words, full matches first
    "a phrase"            words next to each other; a quoted single word matches that exact form
    -word  -"a phrase"    must not match
    a OR b c   a | b c    (a or b) and c
    site:bbc.co.uk        that host or any subdomain; source:reuters  source:"Two Words"
    lang:en               language code
    after:2025-04-01      published on or after the start of that day / month / year
    before:2025-05        published before the start of that day / month / year
    intitle:word  intitle:"a phrase"
    speaker:Gerasimov     articles quoting that speaker (any word of the name, or the full name)
    entity:"Kim Jong Un"  articles naming that person, organisation or place
    -site: -source: -lang: -intitle: -speaker: -entity:   exclude

Unknown `foo:bar` stays a word; invalid filter values are dropped with a warning; an unbalanced
quote runs to the end; tokens without a letter or digit are dropped; lone surrogates (undecodable
bytes in a command-line argument) become U+FFFD. Input and term counts are capped so a 10 kB paste
stays cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

MAX_QUERY_CHARS = 2048
MAX_TERMS = 64  # words, phrases and filters together
MAX_PHRASE_WORDS = 16

FilterField = Literal["site", "source", "lang", "speaker", "entity"]
_FIELD_ALIASES = {
    "site": "site",
    "source": "source",
    "lang": "lang",
    "language": "lang",
    "after": "after",
    "before": "before",
    "intitle": "intitle",
    "speaker": "speaker",
    "entity": "entity",
}
_FIELD_WORD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_LANG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?")
_SITE_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_OR_WORDS = ("OR", "|")
# Lone surrogates: command-line arguments carry undecodable bytes as U+DC80..U+DCFF, and no UTF-8
# encoder (tantivy's analyzers, JSON, SQLite) accepts them; they become U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase; `intitle` limits it to the title."""

    text: str  # whitespace-normalised
    phrase: bool = False
    intitle: bool = False

    def normalised(self) -> str:
        body = f'"{self.text}"' if self.phrase else self.text
        return f"intitle:{body}" if self.intitle else body


@dataclass(frozen=True, slots=True)
class FieldFilter:
    """site:, source:, lang:, speaker: or entity: (several of one field are ORed; negated ones exclude)."""

    field: FilterField
    value: str
    negated: bool = False

    def normalised(self) -> str:
        value = self.value
        if any(c.isspace() or c in '|"' for c in value):
            value = f'"{value}"'
        return f"{'-' if self.negated else ''}{self.field}:{value}"


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """The meaning of a query string: AND of OR-groups, exclusions, filters and a date range."""

    groups: tuple[tuple[Term, ...], ...] = ()  # every group must match one of its terms
    excluded: tuple[Term, ...] = ()
    filters: tuple[FieldFilter, ...] = ()
    after: date | None = None  # inclusive
    before: date | None = None  # exclusive
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def words(self) -> list[str]:
        """Plain words that must all match (groups of one bare word)."""
        return [g[0].text for g in self.groups if len(g) == 1 and not g[0].phrase and not g[0].intitle]

    @property
    def phrases(self) -> list[str]:
        return [t.text for g in self.groups for t in g if t.phrase]

    @property
    def sites(self) -> list[str]:
        return [f.value for f in self.filters if f.field == "site" and not f.negated]

    @property
    def sources(self) -> list[str]:
        return [f.value for f in self.filters if f.field == "source" and not f.negated]

    @property
    def languages(self) -> list[str]:
        return [f.value for f in self.filters if f.field == "lang" and not f.negated]

    @property
    def speakers(self) -> list[str]:
        return [f.value for f in self.filters if f.field == "speaker" and not f.negated]

    @property
    def entities(self) -> list[str]:
        return [f.value for f in self.filters if f.field == "entity" and not f.negated]

    @property
    def positive_terms(self) -> list[Term]:
        return [t for g in self.groups for t in g]

    @property
    def has_filters(self) -> bool:
        """True when something other than words narrows the results (filters or dates)."""
        return bool(self.filters) or self.after is not None or self.before is not None

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded and not self.has_filters

    def normalised(self) -> str:
        """A canonical query string; parsing it again gives the same query."""
        parts = [" OR ".join(t.normalised() for t in group) for group in self.groups]
        parts += ["-" + t.normalised() for t in self.excluded]
        parts += [f.normalised() for f in self.filters]
        if self.after is not None:
            parts.append(f"after:{self.after.isoformat()}")
        if self.before is not None:
            parts.append(f"before:{self.before.isoformat()}")
        return " ".join(parts)


@dataclass(slots=True)
class _Token:
    kind: Literal["word", "phrase", "field", "or"]
    text: str
    negated: bool = False
    field_name: str = ""
    quoted: bool = False


def _read_quoted(s: str, i: int) -> tuple[str, int]:
    """Text after the opening quote at s[i], to the closing quote or the end of the string."""
    end = s.find('"', i + 1)
    if end < 0:
        return s[i + 1 :], len(s)
    return s[i + 1 : end], end + 1


def _tokenize(s: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c.isspace():
            i += 1
            continue
        if c == "|":
            tokens.append(_Token("or", "|"))
            i += 1
            continue
        negated = False
        if c == "-":
            if i + 1 >= n or s[i + 1].isspace() or s[i + 1] == "|":
                i += 1  # a lone minus
                continue
            negated = True
            i += 1
        if s[i] == '"':
            text, i = _read_quoted(s, i)
            tokens.append(_Token("phrase", text, negated, quoted=True))
            continue
        start = i
        while i < n and not s[i].isspace() and s[i] not in '"|':
            i += 1
        word = s[start:i]
        match = _FIELD_WORD.fullmatch(word)
        if match and match.group(1).lower() in _FIELD_ALIASES:
            name, value = _FIELD_ALIASES[match.group(1).lower()], match.group(2)
            if not value and i < n and s[i] == '"':
                value, i = _read_quoted(s, i)
                tokens.append(_Token("field", value, negated, field_name=name, quoted=True))
                continue
            if value:
                tokens.append(_Token("field", value, negated, field_name=name))
                continue
        if word == "OR" and not negated:
            tokens.append(_Token("or", word))
        else:
            tokens.append(_Token("word", word, negated))
    return tokens


def _has_alnum(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _clean_phrase(text: str) -> str:
    return " ".join(text.split()[:MAX_PHRASE_WORDS])


def normalise_site(value: str) -> str | None:
    """A bare lowercase host from `bbc.co.uk`, `https://www.bbc.co.uk/news` or `*.bbc.co.uk`, else None."""
    host = _SITE_SCHEME.sub("", value.strip().lower())
    host = host.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]  # a port
    host = host.lstrip("*.").strip(".")
    if not host or not _has_alnum(host) or any(not (c.isalnum() or c in ".-_:") for c in host):
        return None
    return host


def parse_date(value: str) -> date | None:
    """The first day of YYYY, YYYY-MM or YYYY-MM-DD; None if it is not a real date."""
    match = _DATE.fullmatch(value.strip())
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(slots=True)
class _Builder:
    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    filters: list[FieldFilter] = field(default_factory=list)
    after: date | None = None
    before: date | None = None
    warnings: list[str] = field(default_factory=list)
    count: int = 0
    or_pending: bool = False
    last_was_term: bool = False

    def add_term(self, term: Term, negated: bool) -> None:
        self.count += 1
        if negated:
            if term not in self.excluded:
                self.excluded.append(term)
            self.last_was_term = self.or_pending = False
            return
        if self.or_pending and self.last_was_term and self.groups:
            if term not in self.groups[-1]:
                self.groups[-1].append(term)
        elif [term] not in self.groups:
            self.groups.append([term])
        self.last_was_term, self.or_pending = True, False

    def add_other(self) -> None:
        self.count += 1
        self.last_was_term = self.or_pending = False

    def add_field(self, tok: _Token) -> None:
        name, raw = tok.field_name, tok.text
        if name == "intitle":
            text = _clean_phrase(raw)
            if _has_alnum(text):
                phrase = tok.quoted or " " in text
                self.add_term(Term(text, phrase=phrase, intitle=True), tok.negated)
            return
        if name in ("after", "before"):
            day = parse_date(raw)
            if day is None:
                self.warnings.append(f"ignored {name}:{raw} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
            elif tok.negated:
                other = "before" if name == "after" else "after"
                self.warnings.append(f"ignored -{name}:{raw} (use {other}:)")
            elif name == "after":
                self.after = day if self.after is None else max(self.after, day)
            else:
                self.before = day if self.before is None else min(self.before, day)
            self.add_other()
            return
        value: str | None
        if name == "site":
            value = normalise_site(raw)
        elif name == "lang":
            value = raw.strip().lower()
            value = value if _LANG.fullmatch(value) else None
        else:
            value = " ".join(raw.split())
            value = value if _has_alnum(value) else None
        if value is None:
            self.warnings.append(f"ignored {name}:{raw} (not a valid {name})")
            return
        flt = FieldFilter(name, value, tok.negated)  # type: ignore[arg-type]
        if flt not in self.filters:
            self.filters.append(flt)
        self.add_other()

    def _query(self) -> ParsedQuery:
        return ParsedQuery(
            groups=tuple(tuple(g) for g in self.groups),
            excluded=tuple(self.excluded),
            filters=tuple(self.filters),
            after=self.after,
            before=self.before,
            warnings=tuple(self.warnings),
        )

    def _fit(self) -> None:
        """Drop terms until the normalised form fits MAX_QUERY_CHARS. Dates spelled in full, `|`
        spelled ` OR ` and a cut quote closed can make it longer than the (capped) input, and a
        normalised form that is cut again when pasted back would not parse to this query. Words
        go first (a long query is pasted text), then exclusions, filters and dates."""
        cut = False
        while len(self._query().normalised()) > MAX_QUERY_CHARS:
            cut = True
            if self.groups:
                self.groups[-1].pop()
                if not self.groups[-1]:
                    self.groups.pop()
            elif self.excluded:
                self.excluded.pop()
            elif self.filters:
                self.filters.pop()
            else:
                self.after = self.before = None
        if cut:
            self.warnings.append(f"query cut to fit in {MAX_QUERY_CHARS} characters")

    def build(self) -> ParsedQuery:
        self._fit()
        if self.after is not None and self.before is not None and self.after >= self.before:
            self.warnings.append("after: is not before before:, so nothing can match")
        if not self.groups and self.excluded and not (self.filters or self.after or self.before):
            self.warnings.append("only exclusions: add a word or a filter to search for")
        return self._query()


def parse_query(text: str) -> ParsedQuery:
    """Parse a user query; total (never raises) and linear in the (capped) input length."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    b = _Builder()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        b.warnings.append(f"query cut to its first {MAX_QUERY_CHARS} characters")
    text = _SURROGATE.sub("\ufffd", text)
    for tok in _tokenize(text):
        if b.count >= MAX_TERMS:
            b.warnings.append(f"query cut to its first {MAX_TERMS} terms")
            break
        if tok.kind == "or":
            b.or_pending = b.last_was_term
        elif tok.kind == "field":
            b.add_field(tok)
        elif tok.kind == "phrase":
            phrase = _clean_phrase(tok.text)
            if _has_alnum(phrase):
                b.add_term(Term(phrase, phrase=True), tok.negated)
        elif _has_alnum(tok.text):
            b.add_term(Term(tok.text), tok.negated)
    return b.build()
