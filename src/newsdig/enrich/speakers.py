"""Who is speaking: a cue's subject resolved to a `Speaker`, and the outlet it was relayed by.

The third step of `newsdig.enrich.quotes`, and the longest-lived state of the extraction: `Context`
holds everything the rules look up in one Doc (the quoted passages, entity mentions, token offsets,
paragraphs) and the history of speakers found so far, which pronouns ("he", "it", "they") and
nominals ("the agency", "the report") resolve against. A speaker is a name (canonical, via
`enrich.entities`) with its role, an earlier speaker of a fitting kind, or a plain noun phrase
("Western intelligence sources"). `Context` also finds the outlet a statement was told to or
published by, which becomes a quote's `via`.

Whether a verb is a speech cue (`cue_of`, `is_cue`) is decided here because a subject is inherited
through cues ("..., saying that"); `enrich.statements` builds on this module, not the reverse.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsdig.enrich.cues import Cue, cue_for
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
from newsdig.enrich.quotemarks import QuotedPassage, find_passages
from newsdig.enrich.records import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

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


def _is_title_text(text: str) -> bool:
    return all(word.rstrip(".").lower() in TITLES for word in text.split())


def _best_role(roles: Sequence[str]) -> str | None:
    """The role to show with a quote: a description beats a bare title ("Col")."""
    descriptive = [r for r in roles if not _is_title_text(r)]
    return (descriptive or list(roles) or [None])[0]


@dataclass(slots=True)
class Context:
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
    def build(cls, doc: Doc, entities: Sequence[Entity]) -> Context:
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
        if verb.dep_ == "conj" and not is_cue(head):
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


def cue_of(token: Token) -> Cue | None:
    """The cue a verb token is, looking at its particles and object predicate."""
    if token.pos_ != "VERB":
        return None
    predicative = any(c.dep_ == "oprd" for c in token.children)
    return cue_for(token.lemma_, _particles(token), predicative=predicative)


def is_cue(token: Token) -> bool:
    return cue_of(token) is not None
