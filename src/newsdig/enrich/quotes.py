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

The steps have modules of their own: `enrich.quotemarks` finds the passages (1),
`enrich.statements` reads the cues (2) and `enrich.speakers` resolves who speaks (3). This module
runs them over a Doc, merges the candidates (4) and turns them into `Quote` records; it also
re-exports `find_passages`, `statement_text` and `QuotedPassage` for the code that imports them
from here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsdig.enrich.numbers import iter_numbers
from newsdig.enrich.quotemarks import QuotedPassage, find_passages, statement_text
from newsdig.enrich.records import Entity, NumberMention, Quote
from newsdig.enrich.speakers import Context
from newsdig.enrich.statements import Candidate, according_statement, verb_statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["QuotedPassage", "extract_quotes", "find_passages", "statement_text"]

CURRENCY_UNITS = frozenset("$£€¥")


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


def _continuations(context: Context, kept: list[Candidate]) -> list[Candidate]:
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


def _numbers(context: Context, start: int, end: int, omit: tuple[int, int] | None = None
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


def _to_quote(context: Context, candidate: Candidate) -> Quote:
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
    context = Context.build(doc, entities)
    candidates: list[Candidate] = []
    for token in doc:
        if context.in_passage(token):
            continue  # a speech verb inside a quote belongs to the quote
        candidate = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            candidate = according_statement(context, token)
        elif token.pos_ == "VERB":
            candidate = verb_statement(context, token)
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
