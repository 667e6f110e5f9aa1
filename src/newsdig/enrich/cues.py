"""The attribution lexicon: which words introduce a statement and what stance they give it.

A cue is a verb lemma (or a verb + particle/preposition, "call for", "point out") whose subject
is the speaker. The stance is what the cue tells a reader about the statement, so a search can
ask "who denied X" as well as "who said X":

    states      neutral reporting: say, tell, state, explain, note, remark, add, inform, report,
                announce, emphasize/stress, describe, write, point out, according to, quote, cite,
                call ("called the ruling “a victory”", only with an object predicate)
    claims      the speaker asserts something contested: claim, allege, argue, insist, maintain
    denies      deny, reject, dismiss, refute, dispute
    confirms    confirm, verify, acknowledge (used for facts: "acknowledged the deaths")
    admits      admit, concede, confess
    warns       warn, caution, threaten
    praises     praise, hail, commend, laud, applaud
    criticises  criticise/criticize, accuse, condemn, blame, denounce, slam
    promises    promise, vow, pledge
    asks        ask, urge, call for, call on, demand, appeal
    predicts    predict, forecast, expect, estimate

`needs_clause` marks cues that only attribute when they carry a statement (a "that" clause or a
quote): "said nothing", "told reporters", "added to the pressure" are not statements, whereas
"denied the claims", "praised the heroism" and "warned of a catastrophe" are.
"""

from __future__ import annotations

from dataclasses import dataclass

STANCES: tuple[str, ...] = (
    "states", "claims", "denies", "confirms", "warns", "praises", "criticises", "admits",
    "promises", "asks", "predicts",
)


@dataclass(frozen=True, slots=True)
class Cue:
    """One attributing word: its lemma as stored in `Quote.cue` and the stance it gives."""

    lemma: str
    stance: str
    needs_clause: bool = False  # only a cue with a that-clause or quote ("say", "tell", "add")
    nested: bool = False  # "quoting X", "citing X": X is the speaker, the quoter the relay


def _cues(stance: str, lemmas: str, *, needs_clause: bool = False, nested: bool = False) -> dict[str, Cue]:
    return {lemma: Cue(lemma, stance, needs_clause, nested) for lemma in lemmas.split(",")}


# Single verbs, by lemma (spaCy lemmatises "emphasised" to "emphasise" and "said" to "say").
VERB_CUES: dict[str, Cue] = {
    **_cues("states", "say,tell,add,explain,remark,inform,announce,declare,write,report,reply,respond,"
                      "answer,recall,reiterate,comment,observe,mention,testify,conclude,suggest,indicate,"
                      "brief,continue,stress,emphasize,emphasise,underline,highlight,describe,state",
            needs_clause=True),
    **_cues("states", "note"),
    **_cues("claims", "claim,allege,argue,contend,maintain,insist,assert"),
    **_cues("denies", "deny,reject,dismiss,refute,rebut,dispute"),
    **_cues("confirms", "confirm,verify,acknowledge"),
    **_cues("admits", "admit,concede,confess"),
    **_cues("warns", "warn,caution,threaten"),
    **_cues("praises", "praise,hail,commend,laud,applaud"),
    **_cues("criticises", "criticise,criticize,accuse,condemn,blame,denounce,slam,decry,lambast,rebuke"),
    **_cues("promises", "promise,vow,pledge"),
    **_cues("asks", "ask,urge,demand,appeal,implore"),
    **_cues("predicts", "predict,forecast"),
    **_cues("predicts", "expect,estimate", needs_clause=True),
    **_cues("states", "quote,cite", nested=True),
}

# Verb + particle or preposition; the key is (verb lemma, the particle's lower-case form).
PHRASAL_CUES: dict[tuple[str, str], Cue] = {
    ("call", "for"): Cue("call for", "asks"),
    ("call", "on"): Cue("call on", "asks"),
    ("point", "out"): Cue("point out", "states", needs_clause=True),
    ("speak", "out"): Cue("speak out", "criticises", needs_clause=True),
    ("lash", "out"): Cue("lash out", "criticises"),
    ("hit", "out"): Cue("hit out", "criticises"),
}

ACCORDING_TO = Cue("according to", "states")
# "called the ruling “a victory”": a cue only with an object predicate, which the parse marks
CALL = Cue("call", "states")

# Prepositions whose object states what an object-taking cue is about ("warned of a famine").
STATEMENT_PREPOSITIONS = frozenset({"of", "about", "against", "over"})


def cue_for(lemma: str, particles: tuple[str, ...] = (), *, predicative: bool = False) -> Cue | None:
    """The cue for a verb lemma and the lower-case particles/prepositions attached to it;
    `predicative`: the verb has an object predicate ("called the plan “reckless”")."""
    lemma = lemma.lower()
    if lemma == CALL.lemma and predicative:
        return CALL
    for particle in particles:
        phrasal = PHRASAL_CUES.get((lemma, particle))
        if phrasal is not None:
            return phrasal
    return VERB_CUES.get(lemma)


def stance_of(cue: str) -> str:
    """The stance of a cue lemma ("deny" -> "denies"); unknown cues state."""
    if cue == ACCORDING_TO.lemma:
        return ACCORDING_TO.stance
    found = VERB_CUES.get(cue) or next((c for c in PHRASAL_CUES.values() if c.lemma == cue), None)
    return found.stance if found is not None else "states"
