"""People, organisations and places of an article, one canonical name each, titles kept as roles.

The small English model's NER is the starting point; cheap general repairs make it usable:
- a PERSON cut short ("Gen Oleksandr" + "Syrskyi") is extended over the following proper nouns;
- titles ("Col", "Gen", "President") and descriptions ("Russian Chief of Staff", "a former
  British Army tank commander") become roles, never part of the name;
- untagged all-caps acronyms that act like organisations (the subject of a speech verb, the name
  of an "agency"/"programme", the source of "according to") become organisations ("KCNA");
- a name tagged as a product or work of art in a place context ("deployed to Kursk", "the Kursk
  border region") is a place;
- "Gerasimov" after "Valery Gerasimov" is the same person, named by the fullest form; "Russia's"
  is "Russia"; "the BBC" is "BBC"; "US" and "United States" are one place.

`find_mentions` keeps every mention with its canonical name so the quote extractor can map a
speaker token to its entity; it is cached on the Doc, so entities and quotes share one pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsdig.enrich.cues import cue_for
from newsdig.enrich.records import Entity, EntityKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

def _lower_words(text: str) -> tuple[str, ...]:
    """A word list written as one string, lower-cased (long lexicons read better that way)."""
    return tuple(text.lower().split())


LABEL_KINDS: dict[str, EntityKind] = {
    "PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "group",
}
# Labels the small model puts on names it does not know; kept only when the context says "place".
MISC_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "to", "into", "from", "near", "across", "around", "outside",
                                   "inside", "towards", "toward", "through", "at"})
STRICT_LOCATIVE_PREPOSITIONS = frozenset({"in", "into", "near", "across", "outside", "inside"})
PLACE_NOUNS = frozenset({"region", "province", "oblast", "city", "town", "village", "district", "border",
                         "area", "state", "county", "capital", "port", "island", "valley", "front",
                         "republic", "territory", "airport", "base"})
# Nouns an organisation's name modifies ("the KCNA news agency"); also used to resolve "the agency".
ORG_NOUNS = frozenset({"agency", "ministry", "department", "office", "government", "company", "firm",
                       "group", "party", "council", "committee", "commission", "union", "organisation",
                       "organization", "institute", "university", "bank", "army", "force", "forces",
                       "military", "police", "service", "broadcaster", "newspaper", "channel", "network",
                       "programme", "program", "outlet", "station", "magazine", "website", "show",
                       "daily", "tabloid", "radio", "television", "tv", "news", "paper", "court", "board",
                       "authority", "administration", "alliance", "coalition", "movement", "corporation",
                       "regulator", "watchdog", "charity", "foundation", "team", "club", "studio"})
MEDIA_NOUNS = frozenset({"programme", "program", "show", "newspaper", "channel", "magazine", "podcast",
                         "broadcast", "series", "station", "website", "daily", "tabloid", "radio", "outlet",
                         "broadcaster", "network", "agency", "paper", "news", "television", "tv"})
TITLES = frozenset(_lower_words(
    "Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lord Lady Rev Reverend Father Pope King Queen Prince "
    "Princess Sheikh President Vice Prime Minister Chancellor Secretary Senator Sen Rep Representative "
    "Gov Governor Mayor Judge Justice Ambassador Chairman Chairwoman Chair Chief Director Deputy Leader "
    "General Gen Colonel Col Lieutenant Lt Major Maj Captain Capt Sergeant Sgt Admiral Adm Commander Cmdr "
    "Brigadier Brig Marshal Field Private Pte Corporal Cpl Officer Inspector Superintendent Supt "
    "Detective Det Constable Insp Commissioner Archbishop Bishop Cardinal Imam Rabbi Ayatollah "
    "Premier Foreign Defence Defense Interior Finance Health State Attorney Speaker Councilman "
    "Councilwoman Councillor Councilor Councilmember Councilmembers Alderman Assemblyman Assemblywoman "
    "Congressman Congresswoman Sergeant-Major Emir Crown"
))
# Nouns for people by what they do: "the spokesman said", "X, the utility's vice president".
PERSON_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "minister", "president",
                          "commander", "general", "leader", "chief", "head", "director", "secretary",
                          "ambassador", "envoy", "governor", "mayor", "senator", "officer", "expert",
                          "analyst", "lawyer", "prosecutor", "judge", "colonel", "premier", "chancellor",
                          "source", "aide", "adviser", "advisor", "diplomat", "negotiator", "colleague",
                          "executive", "manager", "chairman", "chairwoman", "professor", "researcher",
                          "scientist", "economist", "biologist", "doctor", "founder", "owner", "resident",
                          "witness", "survivor", "soldier", "activist", "candidate", "member", "deputy"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx"})  # stripped from names, but no role
# Titles that are role words only when they open a name ("Chief", "State" alone are not titles).
WEAK_TITLES = frozenset({"chief", "foreign", "defence", "defense", "interior", "finance", "health",
                         "state", "vice", "deputy", "field", "leader", "officer", "speaker", "chair"})
PLACE_ALIASES: dict[str, str] = {
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "America": "United States", "United States of America": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom", "UAE": "United Arab Emirates", "DPRK": "North Korea",
    "Russian Federation": "Russia", "USSR": "Soviet Union",
}
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
KIND_PRIORITY: dict[str, int] = {"person": 4, "org": 3, "place": 2, "group": 1, "other": 0}
CACHE_KEY = "newsdig_mentions"


@dataclass(slots=True)
class Mention:
    """One occurrence of a name: tokens [start, end), its surface and canonical names, roles."""

    start: int
    end: int
    surface: str  # normalised surface name: no title, no "the", no possessive
    kind: EntityKind
    head: int  # the syntactic head token of the name
    roles: list[str] = field(default_factory=list)
    descriptor: str | None = None  # the common noun the name modifies or is described by ("agency")
    name: str = ""  # canonical name, set by canonicalisation
    title_start: int = -1  # first token of the titles before the name ("Col"), -1 when none


def normalise_text(text: str) -> str:
    """One space between words and straight apostrophes, for names, roles and relays."""
    return " ".join(text.translate(APOSTROPHES).split())


def _strip_determiner(text: str) -> str:
    for article in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(article):
            return text[len(article):]
    return text


def _is_title(token: Token) -> bool:
    return token.text.rstrip(".").lower() in TITLES and token.text[:1].isupper()


def _span_text(doc: Doc, start: int, end: int) -> str:
    return normalise_text(doc[start:end].text) if end > start else ""


def compound_target(token: Token) -> Token:
    """Follow compound links to the noun a name modifies: KCNA -> news -> agency."""
    seen = 0
    while token.dep_ == "compound" and token.head.i != token.i and seen < 6:
        token = token.head
        seen += 1
    return token


def _descriptor(doc: Doc, start: int, end: int, head: Token) -> str | None:
    """The common noun naming what the entity is: "agency" in "the KCNA news agency"."""
    target = compound_target(head)
    if target.i != head.i and target.pos_ == "NOUN" and not start <= target.i < end:
        return target.lemma_.lower()
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.pos_ == "NOUN" and not before.ent_type_:
        return before.lemma_.lower()  # "the state news agency Xinhua", "the broadcaster ITV"
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            return child.lemma_.lower()
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        return head.head.lemma_.lower()
    return None


def _in_place_context(span: Span, *, strict: bool = False) -> bool:
    """Whether a name is used as a place: "to Kursk", "the Kursk border region". `strict` (for
    names tagged as people) leaves out "to", "from" and "at", which people follow too."""
    if not all(t.pos_ == "PROPN" for t in span):
        return False
    head = span.root
    prepositions = STRICT_LOCATIVE_PREPOSITIONS if strict else LOCATIVE_PREPOSITIONS
    if head.dep_ == "pobj" and head.head.lower_ in prepositions:
        return True
    target = compound_target(head)
    return target.i != head.i and target.lemma_.lower() in PLACE_NOUNS


def _extend_person(doc: Doc, start: int, end: int) -> int:
    """Extend a PERSON over untagged capitalised proper nouns that follow it ("Gen Oleksandr" + "Syrskyi")."""
    while end < len(doc):
        token = doc[end]
        if token.pos_ != "PROPN" or token.ent_type_ or not token.text[:1].isupper():
            break
        if doc[end - 1].head.i != token.i and token.head.i != doc[end - 1].i:
            break
        end += 1
    return end


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners and trailing possessives/punctuation from a name's tokens."""
    while start < end and (doc[start].pos_ == "DET" or doc[start].lower_ == "the"):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct
                           or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    return start, end


def _titles(doc: Doc, start: int, end: int) -> int:
    """Index of the first name token after leading titles ("Lt Gen", "Col", "President")."""
    first = start
    while first < end - 1 and _is_title(doc[first]):
        first += 1
    if first > start and all(doc[i].text.rstrip(".").lower() in WEAK_TITLES for i in range(start, first)):
        return start  # "Chief" or "State" alone open many names that are not titles
    return first


def _left_role(doc: Doc, start: int, head: Token, taken: set[int]) -> str | None:
    """A description right before the name in the same phrase: "Russian Chief of Staff", "Ukraine's
    top military commander". It must hold a common noun or an untagged proper noun (a title), so a
    bare "Ukraine's" is not a role."""
    role_tokens: set[int] = set()
    for child in head.children:
        if child.i < start and child.dep_ in ("compound", "amod", "nmod", "poss") and child.i not in taken:
            role_tokens.update(t.i for t in child.subtree)
    if not role_tokens:
        return None
    low, high = min(role_tokens), max(role_tokens) + 1
    if high != start or any(doc[i].dep_ == "punct" and doc[i].text in ",;:" for i in range(low, high)):
        return None
    while low < high and (doc[low].pos_ == "DET" or doc[low].is_punct
                          or doc[low].text.rstrip(".").lower() in HONORIFICS):
        low += 1
    tokens = doc[low:high]
    if not any(t.pos_ == "NOUN" or (t.pos_ == "PROPN" and not t.ent_type_) or _is_title(t) for t in tokens):
        return None
    return _span_text(doc, low, high) or None


CLAUSE_DEPS = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj"})


def _appositive_role(doc: Doc, head: Token, start: int, end: int) -> str | None:
    """A descriptive apposition: "Hamish de Bretton-Gordon, a former British Army tank commander"."""
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and not start <= child.i < end:
            clauses = {t.i for c in child.children if c.dep_ in CLAUSE_DEPS for t in c.subtree}
            tokens = [t.i for t in child.subtree if t.i not in clauses]
            low, high = min(tokens), max(tokens) + 1
            while high > low and doc[high - 1].is_punct:
                high -= 1
            return _strip_determiner(_span_text(doc, low, high)) or None
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        noun = head.head
        low = min(t.i for t in noun.subtree if t.i <= noun.i)
        return _strip_determiner(_span_text(doc, low, noun.i + 1)) or None
    return None


def _described_as_person(head: Token) -> bool:
    """Whether a name has an apposition naming a person's job ("..., the utility's vice president")."""
    return any(child.dep_ == "appos" and child.pos_ == "NOUN" and child.lemma_.lower() in PERSON_NOUNS
               for child in head.children)


def _is_acronym(token: Token) -> bool:
    text = token.text
    return 2 <= len(text) <= 6 and text.isalpha() and text.isupper() and token.pos_ == "PROPN"


def _acts_as_org(token: Token) -> bool:
    """An untagged acronym that behaves like an organisation (see the module docstring)."""
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ == "VERB":
        particles = tuple(c.lower_ for c in token.head.children if c.dep_ in ("prt", "prep"))
        if cue_for(token.head.lemma_, particles) is not None:
            return True
    target = compound_target(token)
    if target.i != token.i and target.lemma_.lower() in ORG_NOUNS:
        return True
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "to" and head.i > 0 and head.nbor(-1).lower_ == "according"


def _raw_mentions(doc: Doc) -> list[Mention]:
    mentions: list[Mention] = []
    taken: set[int] = set()
    for ent in doc.ents:
        kind = LABEL_KINDS.get(ent.label_)
        if kind is None and ent.label_ in MISC_LABELS and _in_place_context(ent):
            kind = "place"
        if kind is None:
            continue
        start, end = _trim(doc, ent.start, ent.end)
        if kind == "person":
            end = _extend_person(doc, start, end)
        if start >= end:
            continue
        roles: list[str] = []
        first = _titles(doc, start, end) if kind == "person" else start
        if first > start and doc[first - 1].text.rstrip(".").lower() not in HONORIFICS:
            roles.append(_span_text(doc, start, first))
        span = doc[first:end]
        head = span.root
        if kind == "person" and len(span) == 1 and (head.tag_ not in ("NNP", "NNPS") or (
                compound_target(head).lemma_.lower() in MEDIA_NOUNS and compound_target(head).i != head.i)):
            continue  # "Turnout was ..." (a common noun), "the TSN Tyzhden news programme" (a show)
        if kind in ("org", "place") and _described_as_person(head):
            kind = "person"  # "Marcus Hale, the utility's vice president": NER called him an org
        elif kind == "person" and len(span) == 1 and _in_place_context(span, strict=True):
            kind = "place"  # "the Almira region", "a fire in Valbrück": NER called it a person
        taken.update(range(ent.start, end))
        mentions.append(Mention(first, end, normalise_text(span.text), kind, head.i, roles,
                                title_start=start if first > start else -1))
    known_orgs = {m.surface for m in mentions if m.kind == "org"}
    for token in doc:
        if token.i in taken or not _is_acronym(token) or token.ent_type_:
            continue
        if token.text in known_orgs or _acts_as_org(token):
            known_orgs.add(token.text)
            taken.add(token.i)
            mentions.append(Mention(token.i, token.i + 1, token.text, "org", token.i))
    # acronyms recognised late (a second mention acting as org) also name their earlier mentions
    for token in doc:
        if token.i not in taken and token.text in known_orgs and _is_acronym(token) and not token.ent_type_:
            taken.add(token.i)
            mentions.append(Mention(token.i, token.i + 1, token.text, "org", token.i))
    _add_surnames(doc, mentions, taken)
    mentions.sort(key=lambda m: m.start)
    for mention in mentions:
        head = doc[mention.head]
        first = mention.title_start if mention.title_start >= 0 else mention.start
        role = _left_role(doc, first, head, taken) if mention.kind == "person" else None
        if role:
            mention.roles.insert(0, role)
        if mention.kind == "person":
            appositive = _appositive_role(doc, head, mention.start, mention.end)
            if appositive:
                mention.roles.append(appositive)
        mention.descriptor = _descriptor(doc, mention.start, mention.end, head)
    return mentions


def _add_surnames(doc: Doc, mentions: list[Mention], taken: set[int]) -> None:
    """A person's surname alone is that person even where NER missed it or called it an
    organisation or place ("Merkel added", "Syrskyi said")."""
    surnames = {m.surface.split()[-1] for m in mentions if m.kind == "person" and len(m.surface.split()) > 1}
    for mention in mentions:
        single = mention.end - mention.start == 1
        if mention.kind in ("org", "place") and single and mention.surface in surnames:
            mention.kind = "person"
    for token in doc:
        if token.i not in taken and token.pos_ == "PROPN" and token.text in surnames:
            taken.add(token.i)
            mentions.append(Mention(token.i, token.i + 1, token.text, "person", token.i))


def _surface_key(surface: str, kind: str) -> str:
    name = surface
    if name.endswith("'s"):
        name = name[:-2]
    name = _strip_determiner(name).strip(" .,;:")
    if kind in ("place", "org"):
        name = PLACE_ALIASES.get(name, name)
    return name


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def _canonicalise(mentions: list[Mention]) -> None:
    """Give every mention its canonical name: the fullest form the article uses for that entity."""
    for mention in mentions:
        mention.name = _surface_key(mention.surface, mention.kind)
    full_people = [m for m in mentions if m.kind == "person" and len(m.name.split()) > 1]
    orgs = {m.name for m in mentions if m.kind == "org"}
    for index, mention in enumerate(mentions):
        words = mention.name.split()
        if mention.kind == "person":
            candidates = [m for m in full_people
                          if len(m.name.split()) > len(words) and _contains(m.name, words)]
            if candidates:
                longest = max(len(m.name.split()) for m in candidates)
                names = {m.name for m in candidates if len(m.name.split()) == longest}
                if len(names) == 1:
                    mention.name = names.pop()
                else:  # ambiguous ("Kim"): the nearest full mention before it
                    before = [m for m in mentions[:index] if m.name in names]
                    if before:
                        mention.name = before[-1].name
        elif mention.kind == "org" and mention.name.isupper():
            expansions = {o for o in orgs if o != mention.name and _initials(o) == mention.name}
            if len(expansions) == 1:
                mention.name = expansions.pop()
    # one kind per name: the most frequent, ties to the more specific
    kinds: dict[str, Counter[str]] = {}
    for mention in mentions:
        kinds.setdefault(mention.name, Counter())[mention.kind] += 1
    for mention in mentions:
        counts = kinds[mention.name]
        mention.kind = max(counts, key=lambda k: (counts[k], KIND_PRIORITY[k]))  # type: ignore[assignment]


def _contains(full: str, words: list[str]) -> bool:
    """Whether `words` are the start or the end of the name `full` ("Gerasimov" in "Valery Gerasimov")."""
    parts = full.split()
    n = len(words)
    return parts[-n:] == words or parts[:n] == words


def find_mentions(doc: Doc) -> list[Mention]:
    """Every name mention with canonical name, kind and roles, in text order (cached on the Doc)."""
    cached = doc.user_data.get(CACHE_KEY)
    if cached is not None:
        return cached
    mentions = _raw_mentions(doc)
    _canonicalise(mentions)
    doc.user_data[CACHE_KEY] = mentions
    return mentions


def mention_index(doc: Doc) -> list[Mention | None]:
    """For each token, the mention it belongs to (None for tokens outside any name)."""
    index: list[Mention | None] = [None] * len(doc)
    for mention in find_mentions(doc):
        for i in range(mention.start, mention.end):
            index[i] = mention
    return index


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def extract_entities(doc: Doc) -> list[Entity]:
    """The article's people, organisations, places and groups, once each, in order of first mention."""
    grouped: dict[str, list[Mention]] = {}
    for mention in find_mentions(doc):
        grouped.setdefault(mention.name, []).append(mention)
    entities = []
    for name, group in grouped.items():
        entities.append(Entity(
            name=name,
            kind=group[0].kind,
            mentions=len(group),
            roles=_unique(role for m in group for role in m.roles),
            aliases=_unique(m.surface for m in group if m.surface != name),
        ))
    return entities


def entity_by_name(entities: Sequence[Entity]) -> dict[str, Entity]:
    """Look-up table from canonical name to entity."""
    return {entity.name: entity for entity in entities}
