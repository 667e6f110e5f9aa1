"""Who said what: attributed statements from a parsed article, direct, reported and "according to".

Pure Python over one spaCy Doc (no extra model passes), in four steps:

1. Quoted passages are found from the quote marks alone (`find_passages`), so a quote split
   over sentences ("They are numerous. ... They rely on their numbers," he told ...) is one.
2. Every attribution cue (a speech verb from `enrich.cues`, "according to", "quoting X") is
   read off the dependency parse: its subject is the speaker, its complement the statement (a
   "that"/ccomp clause, the object of "denied ..."/"praised ...", or an adjacent quote).
   A statement that is a quoted passage is direct; one that only contains quoted fragments is
   reported and swallows the fragments, so "emphasized that ... “alliance and brotherhood”"
   gives one statement, not a speakerless quote too.
3. Speakers are names (canonical, via `enrich.entities`), pronouns and nominals ("he", "the
   agency", "the report") resolved to the nearest earlier speaker of a fitting kind, or plain
   noun phrases ("Western intelligence sources"). A statement without a speaker is never kept:
   scare quotes with no cue are dropped.
4. Overlapping candidates merge: "According to the agency, “...,” quoting Kim Jong Un" is Kim's
   quote relayed by the agency, which becomes `via`, as does the outlet a speaker told something.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsdig.enrich.cues import ACCORDING_TO, STATEMENT_PREPOSITIONS, Cue, cue_for
from newsdig.enrich.entities import (
    MEDIA_NOUNS,
    ORG_NOUNS,
    PERSON_NOUNS,
    TITLES,
    Mention,
    compound_target,
    entity_by_name,
    find_mentions,
    mention_index,
    normalise_text,
)
from newsdig.enrich.numbers import iter_numbers
from newsdig.enrich.records import Entity, NumberMention, Quote, QuoteKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# -- quoted passages ---------------------------------------------------------------------------

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
STRAIGHT_DOUBLE = '"'
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
STRAIGHT_SINGLE = "'"
QUOTE_CHARS = frozenset(DOUBLE_OPEN + DOUBLE_CLOSE + STRAIGHT_DOUBLE + SINGLE_OPEN + SINGLE_CLOSE
                        + STRAIGHT_SINGLE)
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")
_OPENING_CONTEXT = " \t\n([{—–-/:"
_TRIM = " \t\n,;:—–"


@dataclass(frozen=True, slots=True)
class QuotedPassage:
    """Words between quote marks: `start`/`end` bound the words (a trailing comma trimmed),
    `outer_start`/`outer_end` include the marks, `marks` are the offsets of all its marks (more
    than two when it runs over paragraphs)."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    marks: tuple[int, ...]

    def covers(self, start: int, end: int) -> bool:
        """Whether [start, end) lies within the passage, marks included."""
        return self.outer_start <= start and end <= self.outer_end


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPENING_CONTEXT or before in DOUBLE_OPEN) and not after.isspace()


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _double_pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(open, close) offsets of double-quote pairs in one paragraph; an unclosed quote gets -1."""
    pairs: list[tuple[int, int]] = []
    open_at = -1
    for i in range(start, end):
        char = text[i]
        if char in DOUBLE_OPEN:
            if open_at < 0:
                open_at = i
        elif char in DOUBLE_CLOSE:
            if open_at >= 0:
                pairs.append((open_at, i))
                open_at = -1
        elif char == STRAIGHT_DOUBLE:
            if open_at < 0 and _opens(text, i):
                open_at = i
            elif open_at >= 0 and _closes(text, i):
                pairs.append((open_at, i))
                open_at = -1
    if open_at >= 0:
        pairs.append((open_at, -1))
    return pairs


def _single_pairs(text: str, start: int, end: int, doubles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single-quote pairs outside double quotes, at word boundaries only: the apostrophes of
    "don’t" and "Russia’s" are followed by a letter and so never close a quote."""
    pairs: list[tuple[int, int]] = []
    open_at = -1
    for i in range(start, end):
        char = text[i]
        if char not in (SINGLE_OPEN, SINGLE_CLOSE, STRAIGHT_SINGLE) or any(a <= i <= b for a, b in doubles):
            continue
        after = text[i + 1] if i + 1 < end else " "
        if open_at < 0:
            if char in (SINGLE_OPEN, STRAIGHT_SINGLE) and _opens(text, i) and after.isalnum():
                open_at = i
        elif char in (SINGLE_CLOSE, STRAIGHT_SINGLE) and _closes(text, i):
            pairs.append((open_at, i))
            open_at = -1
    return pairs


def _passage(text: str, marks: list[int], close: int | None, limit: int) -> QuotedPassage:
    """A passage from its opening mark(s) to `close` (None: no closing mark, runs to `limit`)."""
    end = close if close is not None else limit
    outer_end = close + 1 if close is not None else end
    start = marks[0] + 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    all_marks = (*marks, close) if close is not None else tuple(marks)
    return QuotedPassage(start, end, marks[0], outer_end, all_marks)


def find_passages(text: str) -> list[QuotedPassage]:
    """Every quoted passage of `text` in order; paragraphs are separated by blank lines.

    A quote left open at a paragraph's end continues when the next paragraph opens with a
    quote mark (news style); a quote paragraph that is never closed ends with its paragraph.
    """
    passages: list[QuotedPassage] = []
    pending: list[int] = []  # opening marks of a quote still open at the previous paragraph's end
    pending_end = 0
    pending_whole = False  # the open quote started its paragraph: a quote paragraph left unclosed

    def settle() -> None:
        if pending and pending_whole:
            passages.append(_passage(text, pending, None, pending_end))

    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        doubles = _double_pairs(text, start, end)
        first = next((i for i in range(start, end) if not text[i].isspace()), end)
        if pending:
            if doubles and doubles[0][0] == first:
                opening, close = doubles.pop(0)
                if close >= 0:
                    passages.append(_passage(text, [*pending, opening], close, end))
                    pending = []
                else:
                    pending.append(opening)
                    pending_end = end
            else:  # never resumed: a quote paragraph ends with its paragraph, a stray mark is dropped
                settle()
                pending = []
        closed = [(a, b) for a, b in doubles if b >= 0]
        passages.extend(_passage(text, [a], b, end) for a, b in closed)
        unclosed = [a for a, b in doubles if b < 0]
        if unclosed:
            pending, pending_end, pending_whole = [unclosed[0]], end, unclosed[0] == first
        passages.extend(_passage(text, [a], b, end) for a, b in _single_pairs(text, start, end, closed))
    settle()
    passages.sort(key=lambda p: p.outer_start)
    return passages


def statement_text(text: str, offset: int, passages: Iterable[QuotedPassage]) -> str:
    """`text` (found at `offset`) without quote marks and line breaks: the statement as stored.

    Only the marks of known passages are removed, so apostrophes stay ("don’t", "Russia’s").
    """
    drop = {mark - offset for passage in passages for mark in passage.marks}
    kept = "".join(char for i, char in enumerate(text) if i not in drop and char not in DOUBLE_OPEN
                   and char not in DOUBLE_CLOSE)
    return " ".join(kept.split()).strip(" ,;:—–")


# -- speakers ------------------------------------------------------------------------------------

REPORT_NOUNS = frozenset({"report", "statement", "communique", "communiqué", "bulletin", "article", "post",
                          "broadcast", "dispatch", "release", "study", "survey", "document", "letter",
                          "assessment", "analysis", "memo", "briefing", "announcement"})
HE_SHE = frozenset({"he", "she", "him", "her"})
THEY = frozenset({"they", "them"})
IT = frozenset({"it", "its"})
RELATIVE = frozenset({"who", "which", "that"})
DEFINITE = frozenset({"the", "this", "that", "its", "their", "these"})
RECIPIENT_CUES = frozenset({"tell", "inform", "brief", "assure", "remind", "warn"})
NP_EXCLUDED_DEPS = frozenset({"relcl", "appos", "acl", "punct", "cc", "conj", "advcl"})
NP_EXCLUDED_DEPS_RECIPIENT = frozenset({"relcl", "appos", "acl", "punct", "advcl"})


@dataclass(slots=True)
class Speaker:
    """Who a cue's subject refers to. `sort` drives pronoun resolution: person, org, place,
    group, plural (a plural noun phrase) or nominal."""

    name: str
    sort: str
    kind: str | None = None  # the entity kind when the speaker is a known entity
    role: str | None = None
    resolved: bool = False  # found by resolving a pronoun or "the agency", not named at the cue


@dataclass(slots=True)
class Candidate:
    """A statement before merging; `tokens` are the statement's tokens (for linking relays)."""

    cue: str
    stance: str
    kind: QuoteKind
    speaker: Speaker
    start: int
    end: int
    cue_token: int
    priority: int  # nested "quoting" 3 > verb with its clause 2 > adjacent quote, "according to" 1 > 0
    via: str | None = None
    passage: int | None = None  # the passage a direct quote is
    consumed: tuple[int, ...] = ()  # passages the statement contains
    tokens: frozenset[int] = frozenset()
    link: int | None = None  # for "according to": the token the phrase attaches to
    omit: tuple[int, int] | None = None  # characters left out of the text ("The cost, according to X, was")


def _is_title_text(text: str) -> bool:
    return all(word.rstrip(".").lower() in TITLES for word in text.split())


def _best_role(roles: Sequence[str]) -> str | None:
    """The role to show with a quote: a description beats a bare title ("Col")."""
    descriptive = [r for r in roles if not _is_title_text(r)]
    return (descriptive or list(roles) or [None])[0]


@dataclass(slots=True)
class _Context:
    """Everything the rules look up in one Doc, computed once."""

    doc: Doc
    entities: dict[str, Entity]
    text: str = ""  # doc.text, which spaCy rebuilds from the tokens on every access
    passages: list[QuotedPassage] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    by_token: list[Mention | None] = field(default_factory=list)
    passage_of_token: list[int] = field(default_factory=list)
    token_starts: list[int] = field(default_factory=list)
    history: list[tuple[int, Speaker]] = field(default_factory=list)
    paragraph_starts: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, doc: Doc, entities: Sequence[Entity]) -> _Context:
        context = cls(doc, entity_by_name(entities), doc.text)
        context.passages = find_passages(context.text)
        context.mentions = find_mentions(doc)
        context.by_token = mention_index(doc)
        context.token_starts = [t.idx for t in doc]
        inside = [-1] * len(doc)
        for number, passage in enumerate(context.passages):
            first = bisect.bisect_left(context.token_starts, passage.start)
            last = bisect.bisect_left(context.token_starts, passage.end)
            for i in range(first, last):
                inside[i] = number
        context.passage_of_token = inside
        context.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", context.text)]
        return context

    # -- small look-ups ---------------------------------------------------------------------------
    def in_passage(self, token: Token) -> bool:
        return self.passage_of_token[token.i] >= 0

    def paragraph(self, char: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, char) - 1

    def token_at(self, char: int) -> Token:
        return self.doc[max(0, bisect.bisect_right(self.token_starts, char) - 1)]

    def remember(self, token: int, speaker: Speaker) -> None:
        self.history.append((token, speaker))

    def last_speaker(self, sorts: set[str], before: int, *, named: bool = False) -> Speaker | None:
        """The latest speaker of one of `sorts` before token `before` (`named`: entities only)."""
        for token, speaker in reversed(self.history):
            if token < before and speaker.sort in sorts and (speaker.kind is not None or not named):
                return speaker
        return None

    def last_named_org(self, before: int, word: str) -> Speaker | None:
        """The nearest earlier organisation whose name holds `word`: "the agency" after
        "Continental Space Agency", "the university" after "Easthaven University"."""
        for mention in reversed(self.mentions):
            if mention.start < before and mention.kind == "org" and word in mention.name.lower().split():
                return self.from_mention(mention)
        return None

    def from_mention(self, mention: Mention) -> Speaker:
        entity = self.entities.get(mention.name)
        kind = entity.kind if entity is not None else mention.kind
        role = _best_role(mention.roles) or (_best_role(entity.roles) if entity is not None else None)
        return Speaker(mention.name, kind, kind, role)

    def noun_phrase(self, token: Token, excluded: frozenset[str] = NP_EXCLUDED_DEPS) -> str:
        """The phrase a noun heads, without clauses, appositions and edge punctuation."""
        skip: set[int] = set()
        for child in token.children:
            if child.dep_ in excluded:
                skip.update(t.i for t in child.subtree)
        indices = [t.i for t in token.subtree if t.i not in skip]
        low, high = min(indices), max(indices) + 1
        while low < high and (self.doc[low].is_punct or self.doc[low].lower_ in ("a", "an")):
            low += 1
        while high > low and self.doc[high - 1].is_punct:
            high -= 1
        return normalise_text(self.doc[low:high].text)

    # -- speaker resolution -----------------------------------------------------------------------
    def speaker_at(self, token: Token) -> Speaker | None:
        """The speaker a subject (or "according to" object) token refers to."""
        if token.lower_ in RELATIVE and token.head.dep_ == "relcl":
            token = token.head.head  # "Gerasimov, who praised ..."
        if self.in_passage(token):
            return None
        mention = self.by_token[token.i]
        if mention is not None:
            return self.from_mention(mention)
        if token.pos_ == "PRON":
            return _as_resolved(self.resolve_pronoun(token))
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        for child in token.children:  # "his deputy, Anna Smith, said"
            named = self.by_token[child.i]
            if child.dep_ == "appos" and named is not None and named.kind in ("person", "org"):
                speaker = self.from_mention(named)
                speaker.role = speaker.role or self.noun_phrase(token)
                return speaker
        lemma = token.lemma_.lower()
        for mention in self.mentions:  # "the KCNA news agency said": the agency is KCNA
            named_here = compound_target(self.doc[mention.head]).i == token.i
            if mention.kind == "org" and mention.descriptor == lemma and named_here and lemma in ORG_NOUNS:
                return self.from_mention(mention)
        # only a bare "the agency" / "its report" points back; "the port authority" is a new party
        bare = all(c.dep_ in ("det", "poss", "punct", "relcl", "acl", "appos") or c.i > token.i
                   for c in token.children)
        definite = bare and any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in token.children)
        if definite and (lemma in ORG_NOUNS or lemma in REPORT_NOUNS):
            found = (self.by_descriptor(lemma, token.i) or self.last_named_org(token.i, lemma)
                     or self.last_speaker({"org"}, token.i, named=lemma in ORG_NOUNS)
                     or self.last_org_subject(token.i))
            if found is not None:
                return _as_resolved(found)
        if definite and lemma in PERSON_NOUNS and token.tag_ not in ("NNS", "NNPS"):
            for _, speaker in reversed([h for h in self.history if h[0] < token.i]):
                if speaker.sort == "person" and lemma in f"{speaker.name} {speaker.role or ''}".lower():
                    return _as_resolved(speaker)
        return self.nominal(token)

    def by_descriptor(self, lemma: str, before: int) -> Speaker | None:
        """The nearest earlier name described by `lemma` ("the KCNA news agency" for "the agency")."""
        for mention in reversed(self.mentions):
            if mention.start < before and mention.descriptor == lemma:
                return self.from_mention(mention)
        return None

    def last_org_subject(self, before: int) -> Speaker | None:
        """The nearest earlier organisation that was the subject of a verb ("Xinhua reported ...")."""
        for mention in reversed(self.mentions):
            head = self.doc[mention.head]
            if mention.start < before and mention.kind == "org" and head.dep_ in ("nsubj", "nsubjpass"):
                return self.from_mention(mention)
        return None

    def nominal(self, token: Token) -> Speaker | None:
        text = self.noun_phrase(token)
        if not text:
            return None
        lemma = token.lemma_.lower()
        if token.tag_ in ("NNS", "NNPS"):
            sort = "plural"
        elif lemma in ORG_NOUNS or lemma in REPORT_NOUNS:
            sort = "org"
        elif lemma in PERSON_NOUNS:
            sort = "person"
        else:
            sort = "nominal"
        return Speaker(text, sort)

    def resolve_pronoun(self, token: Token) -> Speaker | None:
        """He/she: the last person who spoke; it: the last organisation or place; they: the last
        group, organisation or plural source. Falls back to the nearest named person for he/she."""
        word = token.lower_
        if word in HE_SHE:  # a singular noun phrase that is no organisation ("one soldier") is a person
            found = self.last_speaker({"person", "nominal"}, token.i)
            if found is None:
                earlier = [m for m in self.mentions if m.end <= token.i and m.kind == "person"]
                found = self.from_mention(earlier[-1]) if earlier else None
            return found
        if word in IT:
            return self.last_speaker({"org", "place"}, token.i)
        if word in THEY:
            return self.last_speaker({"plural", "group", "org"}, token.i)
        return None

    # -- syntax helpers -----------------------------------------------------------------------------
    def subject(self, verb: Token, depth: int = 0) -> Token | None:
        """The subject of a cue, inherited through "continues to deny", "..., saying that",
        "emphasized ... and noted", "was quoted as saying"."""
        subjects = [child for child in verb.children if child.dep_ == "nsubj"]
        if subjects:  # "The state news agency Xinhua said" parses as two subjects: the name wins
            named = [s for s in subjects if self.by_token[s.i] is not None]
            return (named or subjects)[-1]
        head = verb.head
        if depth >= 3 or head.i == verb.i or self.in_passage(head):
            return None
        if verb.dep_ == "pcomp" and head.dep_ == "prep":  # "quoted as saying"
            head = head.head
            if head.lemma_ == "quote":
                return next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        if verb.dep_ == "conj" and not _is_cue(head):
            return None  # "said the cuts fell hardest and called them ...": "cuts" did not call
        if verb.dep_ in ("xcomp", "conj") or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
            return self.subject(head, depth + 1)
        return None

    def recipient(self, verb: Token, cue: Cue) -> str | None:
        """The outlet a statement was given to: "told the BBC", "said in an interview with CNN",
        "speaking to Sky News" (a listener that is not an outlet - "told reporters" - is no relay)."""
        candidates: list[Token] = []
        if cue.lemma in RECIPIENT_CUES:
            candidates += [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")]
        holders = [verb] + [c for c in verb.children if c.dep_ == "advcl" and c.lemma_ in ("speak", "talk")]
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ != "prep":
                    continue
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if prep.lower_ in ("to", "with"):
                    candidates += objects
                elif prep.lower_ == "in":
                    for obj in objects:
                        if obj.lemma_ in ("interview", "conversation"):
                            candidates += [g for p in obj.children if p.dep_ == "prep" and p.lower_ == "with"
                                           for g in p.children if g.dep_ == "pobj"]
        for candidate in candidates:
            mention = self.by_token[candidate.i]
            named_org = mention is not None and mention.kind == "org"
            if named_org or candidate.lemma_.lower() in MEDIA_NOUNS:
                return self.noun_phrase(candidate, NP_EXCLUDED_DEPS_RECIPIENT)
        return None

    def publisher(self, verb: Token) -> Mention | None:
        """The organisation that published the statement: "In a report published by KCNA, ..."."""
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "through"):
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in REPORT_NOUNS:
                    for token in obj.subtree:
                        mention = self.by_token[token.i]
                        if mention is not None and mention.kind == "org":
                            return mention
        return None


def _as_resolved(speaker: Speaker | None) -> Speaker | None:
    """A copy of an earlier speaker marked as reached through a pronoun or a nominal."""
    if speaker is None:
        return None
    return Speaker(speaker.name, speaker.sort, speaker.kind, speaker.role, resolved=True)


def _particles(verb: Token) -> tuple[str, ...]:
    return tuple(c.lower_ for c in verb.children if c.dep_ in ("prt", "prep"))


def _cue_of(token: Token) -> Cue | None:
    """The cue a verb token is, looking at its particles and object predicate."""
    if token.pos_ != "VERB":
        return None
    predicative = any(c.dep_ == "oprd" for c in token.children)
    return cue_for(token.lemma_, _particles(token), predicative=predicative)


def _is_cue(token: Token) -> bool:
    return _cue_of(token) is not None


# -- statements ----------------------------------------------------------------------------------

CLAUSE_MARKS = frozenset({"that", "whether", "if"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "NUM", "ADJ", "AUX"})
SENTENCE_ENDS = frozenset({".", "!", "?"})
MAX_ADJACENT_GAP = 12  # tokens between a quote and "he said" for the two to belong together
CURRENCY_UNITS = frozenset("$£€¥")


def _trim_tokens(doc: Doc, indices: set[int]) -> tuple[int, int] | None:
    """Token range [low, high) of a statement: a leading "that" and edge punctuation dropped,
    quote marks kept (they decide between direct and reported)."""
    ordered = sorted(indices)

    def droppable(token: Token) -> bool:
        return token.is_space or (token.is_punct and token.text not in QUOTE_CHARS)

    first, last = 0, len(ordered)
    while first < last and (droppable(doc[ordered[first]]) or (
            doc[ordered[first]].lower_ in CLAUSE_MARKS and doc[ordered[first]].dep_ in ("mark", "advmod"))):
        first += 1
    while last > first and droppable(doc[ordered[last - 1]]):
        last -= 1
    return (ordered[first], ordered[last - 1] + 1) if first < last else None


def _subtree(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _that_clause(doc: Doc, verb: Token) -> set[int]:
    """A "that" clause the parser hung elsewhere: "confirmed for the first time that it deployed ..."
    (parsed as a relative clause of "time"). Only the cue's own modifiers may come between."""
    own: set[int] = set()
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("advmod", "prep", "npadvmod", "dobj", "dative", "prt"):
            own |= _subtree(child)
    for i in range(verb.i + 1, verb.sent.end):
        token = doc[i]
        if token.lower_ == "that" and token.dep_ in ("mark", "advmod") and token.head.i > i \
                and token.head.pos_ in ("VERB", "AUX"):
            return {t.i for t in token.head.subtree if t.i > i}
        if i not in own and not token.is_punct:
            return set()
    return set()


def _clause(doc: Doc, verb: Token, cue: Cue, passive: bool) -> tuple[int, int] | None:
    """The statement a cue verb introduces, as a token range (None: the verb carries none)."""
    tokens: set[int] = set()
    for child in verb.children:
        if child.dep_ == "ccomp":  # only its side of the cue: "a process that lawyers said could take"
            tokens |= {i for i in _subtree(child) if (i > verb.i) == (child.i > verb.i)}
    if not tokens:
        tokens = _that_clause(doc, verb)
    if not tokens and not cue.needs_clause:
        particle = cue.lemma.split()[-1] if " " in cue.lemma else None
        for child in verb.children:
            if passive and child.dep_ == "nsubjpass":
                tokens |= _subtree(child)
            elif child.i < verb.i:
                continue
            elif child.dep_ in ("dobj", "xcomp", "oprd"):
                tokens |= _subtree(child)
            elif child.dep_ == "prep" and (child.lower_ in STATEMENT_PREPOSITIONS
                                           or child.lower_ == particle):
                for obj in child.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        tokens |= _subtree(obj)
        if len(tokens) == 1 and doc[next(iter(tokens))].pos_ == "PRON":
            return None  # "denied it": nothing to show
    for i in list(tokens):  # "reported, citing officials, that ...": the citation is not the statement
        token = doc[i]
        if i in tokens and token.dep_ == "advcl" and (found := _cue_of(token)) is not None and found.nested:
            tokens -= _subtree(token)
    return _trim_tokens(doc, tokens)


def _adjacent_passage(context: _Context, verb: Token) -> int | None:
    """A quote right before ('“...,” he said') or right after ('he said: “...”') the cue, with
    only the attribution itself and punctuation between them. The one before wins (news style)."""
    doc = context.doc
    own = _subtree(verb)

    def only_attribution(first: int, last: int) -> bool:
        gap = range(first, last)
        return len(gap) <= MAX_ADJACENT_GAP and all(
            (doc[i].is_punct and doc[i].text not in SENTENCE_ENDS) or doc[i].is_space or i in own
            for i in gap)

    before: int | None = None
    after: int | None = None
    verb_end = verb.idx + len(verb.text)
    paragraph = context.paragraph(verb.idx)
    for number, passage in enumerate(context.passages):
        if context.paragraph(passage.outer_start) != paragraph and context.paragraph(
                max(passage.outer_start, passage.outer_end - 1)) != paragraph:
            continue  # a quote and a cue in different paragraphs do not belong together
        if passage.outer_end <= verb.idx:
            first = bisect.bisect_left(context.token_starts, passage.outer_end)
            if only_attribution(first, verb.i):
                before = number
        elif passage.outer_start >= verb_end:
            last = bisect.bisect_left(context.token_starts, passage.outer_start)
            if only_attribution(verb.i + 1, last):
                after = number
            break
    return before if before is not None else after


def _overlapping(context: _Context, start: int, end: int) -> list[int]:
    return [i for i, p in enumerate(context.passages) if p.outer_start < end and start < p.outer_end]


def _candidate(context: _Context, cue: Cue, speaker: Speaker, cue_token: int, span: tuple[int, int] | None,
               priority: int, *, passage: int | None = None, via: str | None = None,
               link: int | None = None, indirect_kind: QuoteKind = "reported") -> Candidate | None:
    """A candidate statement from a token range (or a passage): direct when the range is one
    quoted passage, else reported/according-to, stretched over any quote it cuts."""
    doc = context.doc
    if span is not None:
        low, high = span
        if not any(doc[i].pos_ in CONTENT_POS for i in range(low, high)):
            return None
        start, end = doc[low].idx, doc[high - 1].idx + len(doc[high - 1].text)
        overlapping = _overlapping(context, start, end)
        if len(overlapping) == 1 and context.passages[overlapping[0]].covers(start, end):
            passage = overlapping[0]
        tokens = frozenset(range(low, high))
    else:
        tokens = frozenset()
    if passage is not None:
        chosen = context.passages[passage]
        if chosen.end <= chosen.start:
            return None
        return Candidate(cue.lemma, cue.stance, "direct", speaker, chosen.start, chosen.end, cue_token,
                         priority, via, passage, (passage,), tokens | _tokens_of(context, chosen), link)
    if span is None:
        return None
    for number in overlapping:
        start = min(start, context.passages[number].outer_start)
        end = max(end, context.passages[number].outer_end)
    return Candidate(cue.lemma, cue.stance, indirect_kind, speaker, start, end, cue_token, priority, via,
                     None, tuple(overlapping), tokens, link)


def _tokens_of(context: _Context, passage: QuotedPassage) -> frozenset[int]:
    first = bisect.bisect_left(context.token_starts, passage.start)
    last = bisect.bisect_left(context.token_starts, passage.end)
    return frozenset(range(first, last))


def _verb_statement(context: _Context, verb: Token) -> Candidate | None:
    """The statement of a speech verb: speaker from its subject, text from its complement."""
    cue = _cue_of(verb)
    if cue is None or any(c.dep_ == "neg" for c in verb.children):
        return None
    if cue.nested:
        return _nested_statement(context, verb, cue)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if passive:
        subject = next((g for c in verb.children if c.dep_ == "agent" for g in c.children
                        if g.dep_ == "pobj"), None)
    else:
        subject = context.subject(verb)
    speaker = context.speaker_at(subject) if subject is not None else None
    if speaker is None:
        return None
    via = context.recipient(verb, cue)
    publisher = context.publisher(verb)
    if publisher is not None:
        source = context.from_mention(publisher)
        if speaker.kind is None:  # "In a report by KCNA, Pyongyang's military stated": the named source
            speaker = source
        elif via is None and source.name != speaker.name:
            via = source.name
    span = _clause(context.doc, verb, cue, passive)
    head_cue = _cue_of(verb.head) if verb.dep_ == "advcl" and verb.head.i != verb.i else None
    if span is not None and head_cue is not None and head_cue.stance != "states" and cue.stance == "states" \
            and _clause(context.doc, verb.head, head_cue, False) is None:
        cue = head_cue  # "denied this, saying the data were old": the saying clause is the denial
    if span is not None:
        candidate = _candidate(context, cue, speaker, verb.i, span, 2, via=via)
    else:
        passage = _adjacent_passage(context, verb)
        if passage is None:
            return None
        candidate = _candidate(context, cue, speaker, verb.i, None, 1, passage=passage, via=via)
    return candidate


def _without_according(head: Token) -> set[int]:
    """`head`'s subtree minus any "according to ..." phrase attached to it."""
    tokens = _subtree(head)
    for child in head.children:
        if child.lower_ == "according":
            tokens -= _subtree(child)
    return tokens


def _nested_statement(context: _Context, verb: Token, cue: Cue) -> Candidate | None:
    """ "…,” quoting Kim Jong Un" / "Reuters reported, citing officials, that …": the quoted or
    cited party is the speaker, the quoter (if named here) the relay."""
    quoted = next((c for c in verb.children if c.dep_ == "dobj"), None)
    speaker = context.speaker_at(quoted) if quoted is not None else None
    head = verb.head
    if speaker is None or head.i == verb.i:
        return None
    ancestor = _cue_ancestor(context, verb)
    quoter = context.subject(ancestor or verb)
    quoter_speaker = context.speaker_at(quoter) if quoter is not None else None
    via = quoter_speaker.name if quoter_speaker is not None else None
    if ancestor is not None:  # "X reported, citing Y, that ...": the reporting verb's statement
        ancestor_cue = _cue_of(ancestor)
        assert ancestor_cue is not None
        span = _clause(context.doc, ancestor, ancestor_cue, False)
    elif head.pos_ in ("VERB", "AUX"):  # '“...,” quoting Kim': the clause it hangs on, a quote
        span = _trim_tokens(context.doc, _without_according(head) - _subtree(verb))
    else:
        span = None
    if span is None:
        return None
    return _candidate(context, cue, speaker, verb.i, span, 3, via=via)


def _cue_ancestor(context: _Context, token: Token) -> Token | None:
    """The nearest speech verb above `token` outside quotes ("reported" above "citing")."""
    for ancestor in token.ancestors:
        if context.in_passage(ancestor):
            return None
        if _is_cue(ancestor):
            return ancestor
    return None


def _according_statement(context: _Context, according: Token) -> Candidate | None:
    """ "According to X, …" and "…, according to X": the rest of the clause is X's statement."""
    doc = context.doc
    to = doc[according.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        source = next((c for c in according.children if c.dep_ == "pobj"), None)
    speaker = context.speaker_at(source) if source is not None else None
    if speaker is None:
        return None
    phrase = _subtree(according) | _subtree(to)
    sentence = according.sent
    root = sentence.root
    if root.i not in phrase and root.pos_ in ("VERB", "AUX"):
        tokens = _subtree(root) - phrase
        for child in root.children:
            if child.dep_ == "advcl" and _is_cue(child):  # "…,” quoting X" is not part of the statement
                tokens -= _subtree(child)
            elif child.dep_ == "conj" and child.i > according.i and any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                tokens -= _subtree(child)  # "..., according to X, and officials said ...": another clause
    else:
        tokens = {t.i for t in sentence} - phrase
    span = _trim_tokens(doc, tokens)
    if span is None:
        return None
    candidate = _candidate(context, ACCORDING_TO, speaker, according.i, span, 1, link=according.head.i,
                           indirect_kind="according_to")
    low, high = min(phrase), max(phrase) + 1
    if candidate is not None and span[0] < low and high < span[1]:  # in mid-sentence: not the statement's
        if doc[low - 1].text == ",":
            low -= 1
        if doc[high].text == ",":
            high += 1
        candidate.omit = (doc[low].idx, doc[high - 1].idx + len(doc[high - 1].text))
    return candidate


# -- merging and output --------------------------------------------------------------------------

def _clashes(kept: Candidate, new: Candidate) -> bool:
    """Whether two candidates are one statement seen through two cues."""
    if new.passage is not None and (new.passage == kept.passage or new.passage in kept.consumed):
        return True
    if (kept.start, kept.end) == (new.start, new.end):
        return True
    overlap = kept.start < new.end and new.start < kept.end
    return overlap and new.link is not None and (new.link == kept.cue_token or new.link in kept.tokens)


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """One statement per clash; the most specific cue wins and the other's speaker becomes the relay
    ("according to the agency" + "quoting Kim Jong Un" -> Kim Jong Un via KCNA)."""
    kept: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-c.priority, c.start)):
        clash = next((k for k in kept if _clashes(k, candidate)), None)
        if clash is None:
            kept.append(candidate)
        elif clash.via is None and candidate.speaker.name != clash.speaker.name:
            clash.via = candidate.speaker.name
    return kept


def _continuations(context: _Context, kept: list[Candidate]) -> list[Candidate]:
    """A quote that is a whole sentence with no cue of its own, right after a direct quote (same or
    next paragraph, nothing quoted between), continues that speaker: '“A,” he said. “B.”'."""
    doc, text = context.doc, context.text
    consumed = {number for c in kept for number in c.consumed}
    ordered = sorted(kept, key=lambda c: c.end)
    added: list[Candidate] = []
    for number, passage in enumerate(context.passages):
        if number in consumed or not text[passage.start:passage.start + 1].isupper():
            continue
        opening = context.token_at(passage.outer_start)
        closing = context.token_at(max(passage.outer_start, passage.outer_end - 1))
        if opening.sent.start != opening.i:
            continue
        tail = doc[closing.i + 1:closing.sent.end]
        if any(not (t.is_punct or t.is_space) for t in tail):
            continue
        previous = [c for c in ordered + added if c.end <= passage.outer_start]
        if not previous:
            continue
        last = max(previous, key=lambda c: c.end)
        paragraphs_apart = context.paragraph(passage.outer_start) - context.paragraph(last.start)
        if last.kind != "direct" or paragraphs_apart > 1:
            continue
        if any(last.end < p.outer_start and p.outer_end <= passage.outer_start for p in context.passages):
            continue
        added.append(Candidate(last.cue, last.stance, "direct", last.speaker, passage.start, passage.end,
                               last.cue_token, 0, last.via, number, (number,)))
    return added


def _parsed_unit(token: Token) -> str | None:
    """The noun a figure counts according to the parse: "11,000 North Korean troops" -> "troops"."""
    if token.dep_ == "nummod" and token.head.pos_ == "NOUN" and token.head.i > token.i:
        return token.head.lower_
    return None


def _numbers(context: _Context, start: int, end: int, omit: tuple[int, int] | None = None
             ) -> tuple[NumberMention, ...]:
    """The figures of a statement, their units checked against the parse."""
    found_numbers = []
    for found in iter_numbers(context.text[start:end]):
        if omit is not None and omit[0] <= start + found.start < omit[1]:
            continue
        mention = found.mention
        if mention.unit != "%" and mention.unit not in CURRENCY_UNITS:
            unit = _parsed_unit(context.token_at(start + found.number_start))
            if unit is not None and unit != mention.unit:
                mention = NumberMention(mention.text, mention.value, mention.high, mention.qualifier, unit)
        found_numbers.append(mention)
    return tuple(found_numbers)


def _to_quote(context: _Context, candidate: Candidate) -> Quote:
    passages = [context.passages[number] for number in candidate.consumed]
    raw = context.text[candidate.start:candidate.end]
    if candidate.omit is not None:  # blanked, not cut, so offsets into `raw` stay valid
        low, high = candidate.omit[0] - candidate.start, candidate.omit[1] - candidate.start
        raw = raw[:low] + " " * (high - low) + raw[high:]
    text = statement_text(raw, candidate.start, passages)
    if candidate.kind != "direct" and re.search(r"[a-z]\.$", text):
        text = text[:-1]  # 'the talks were “constructive.”': the sentence's stop, not the statement's
    return Quote(
        speaker=candidate.speaker.name,
        cue=candidate.cue,
        kind=candidate.kind,
        stance=candidate.stance,
        text=text,
        span=(candidate.start, candidate.end),
        speaker_role=candidate.speaker.role,
        speaker_kind=candidate.speaker.kind,
        via=candidate.via,
        numbers=_numbers(context, candidate.start, candidate.end, candidate.omit),
    )


def extract_quotes(doc: Doc, entities: Sequence[Entity]) -> list[Quote]:
    """Every attributed statement of `doc`, in text order; each has a speaker."""
    context = _Context.build(doc, entities)
    candidates: list[Candidate] = []
    for token in doc:
        if context.in_passage(token):
            continue  # a speech verb inside a quote belongs to the quote
        candidate = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            candidate = _according_statement(context, token)
        elif token.pos_ == "VERB":
            candidate = _verb_statement(context, token)
        if candidate is not None:
            candidates.append(candidate)
            context.remember(token.i, candidate.speaker)
    kept = _merge(candidates)
    # "A spokesman said she would ask ...", "the CEO said the board had expected ...": inside someone
    # else's statement only a named speaker is kept ("Ukraine said Russia claimed ..."); pronouns
    # and nominals there are second-hand and resolved too unreliably
    kept = [c for c in kept if not ((c.speaker.resolved or c.speaker.kind is None) and any(
        c.cue_token in other.tokens for other in kept if other is not c and other.kind != "direct"))]
    kept += _continuations(context, kept)
    kept.sort(key=lambda c: (c.start, c.end))
    quotes: list[Quote] = []
    seen: set[tuple[str, tuple[int, int]]] = set()
    for candidate in kept:
        quote = _to_quote(context, candidate)
        if quote.text and (quote.speaker, quote.span) not in seen:
            seen.add((quote.speaker, quote.span))
            quotes.append(quote)
    return quotes
