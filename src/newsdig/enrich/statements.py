"""Candidate statements, read off the dependency parse one attribution cue at a time.

The second step of `newsdig.enrich.quotes`. A speech verb's subject is the speaker (resolved by
`enrich.speakers`) and its complement the statement: a "that"/ccomp clause, the object of
"denied ..."/"praised ...", or a quoted passage right next to it. "According to X" makes the rest
of its clause X's statement, and "quoting X"/"citing X" makes X the speaker and the quoter a relay.
Each gives a `Candidate` (speaker, character span, cue, priority); a statement that is one quoted
passage is direct, one that only contains quoted fragments is reported and swallows them.
Candidates overlap freely here; `enrich.quotes` merges them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsdig.enrich.cues import ACCORDING_TO, STATEMENT_PREPOSITIONS, Cue
from newsdig.enrich.quotemarks import QUOTE_CHARS, QuotedPassage
from newsdig.enrich.records import QuoteKind
from newsdig.enrich.speakers import Context, Speaker, cue_of, is_cue

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


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


CLAUSE_MARKS = frozenset({"that", "whether", "if"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "NUM", "ADJ", "AUX"})
SENTENCE_ENDS = frozenset({".", "!", "?"})
MAX_ADJACENT_GAP = 12  # tokens between a quote and "he said" for the two to belong together


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
        if i in tokens and token.dep_ == "advcl" and (found := cue_of(token)) is not None and found.nested:
            tokens -= _subtree(token)
    return _trim_tokens(doc, tokens)


def _adjacent_passage(context: Context, verb: Token) -> int | None:
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


def _overlapping(context: Context, start: int, end: int) -> list[int]:
    return [i for i, p in enumerate(context.passages) if p.outer_start < end and start < p.outer_end]


def _candidate(context: Context, cue: Cue, speaker: Speaker, cue_token: int, span: tuple[int, int] | None,
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


def _tokens_of(context: Context, passage: QuotedPassage) -> frozenset[int]:
    first = bisect.bisect_left(context.token_starts, passage.start)
    last = bisect.bisect_left(context.token_starts, passage.end)
    return frozenset(range(first, last))


def verb_statement(context: Context, verb: Token) -> Candidate | None:
    """The statement of a speech verb: speaker from its subject, text from its complement."""
    cue = cue_of(verb)
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
    head_cue = cue_of(verb.head) if verb.dep_ == "advcl" and verb.head.i != verb.i else None
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


def _nested_statement(context: Context, verb: Token, cue: Cue) -> Candidate | None:
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
        ancestor_cue = cue_of(ancestor)
        assert ancestor_cue is not None
        span = _clause(context.doc, ancestor, ancestor_cue, False)
    elif head.pos_ in ("VERB", "AUX"):  # '“...,” quoting Kim': the clause it hangs on, a quote
        span = _trim_tokens(context.doc, _without_according(head) - _subtree(verb))
    else:
        span = None
    if span is None:
        return None
    return _candidate(context, cue, speaker, verb.i, span, 3, via=via)


def _cue_ancestor(context: Context, token: Token) -> Token | None:
    """The nearest speech verb above `token` outside quotes ("reported" above "citing")."""
    for ancestor in token.ancestors:
        if context.in_passage(ancestor):
            return None
        if is_cue(ancestor):
            return ancestor
    return None


def according_statement(context: Context, according: Token) -> Candidate | None:
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
            if child.dep_ == "advcl" and is_cue(child):  # "…,” quoting X" is not part of the statement
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
