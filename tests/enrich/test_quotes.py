"""Who said what on short paragraphs, one attribution pattern per test, through the real model."""

from __future__ import annotations

import pytest

from newsdig.enrich.cues import STANCES, VERB_CUES, cue_for, stance_of
from newsdig.enrich.quotes import find_passages, statement_text
from newsdig.enrich.records import Quote
from tests.enrich.conftest import Analyse


def only(quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, quotes
    return quotes[0]


def span_text(text: str, quote: Quote) -> str:
    start, end = quote.span
    return text[start:end]


# -- direct quotes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("marks", [("“", "”"), ('"', '"'), ("‘", "’")])
def test_curly_straight_and_single_quotes_read_the_same(analyse: Analyse, marks: tuple[str, str]) -> None:
    opening, closing = marks
    text = f"{opening}We don’t accept Russia’s terms,{closing} Foreign Minister Anna Berg said on Monday."
    _, quotes = analyse(text)
    quote = only(quotes)
    assert (quote.speaker, quote.kind, quote.cue, quote.stance) == ("Anna Berg", "direct", "say", "states")
    assert quote.text == "We don’t accept Russia’s terms"  # marks stripped, apostrophes kept
    assert span_text(text, quote) == "We don’t accept Russia’s terms"
    assert quote.speaker_role == "Foreign Minister"
    assert quote.speaker_kind == "person"


def test_quote_split_over_sentences_is_one_quote(analyse: Analyse) -> None:
    text = ("“They are tired. They have not slept for days. They need help,” the commander told "
            "Reuters.")
    _, quotes = analyse(text)
    quote = only(quotes)
    assert quote.text == "They are tired. They have not slept for days. They need help"
    assert (quote.speaker, quote.cue, quote.via) == ("the commander", "tell", "Reuters")


def test_said_x_inversion(analyse: Analyse) -> None:
    _, quotes = analyse("“We will rebuild every school,” said Mayor Anna Kowalska.")
    quote = only(quotes)
    assert (quote.speaker, quote.speaker_role, quote.kind) == ("Anna Kowalska", "Mayor", "direct")


def test_attribution_before_the_quote(analyse: Analyse) -> None:
    text = 'Prime Minister Keir Starmer said: "The decision is final. We will not reverse it."'
    _, quotes = analyse(text)
    quote = only(quotes)
    assert quote.speaker == "Keir Starmer"
    assert quote.text == "The decision is final. We will not reverse it."
    assert span_text(text, quote) == quote.text


def test_pronoun_speaker_is_the_last_named_speaker(analyse: Analyse) -> None:
    text = ("Finance Minister Rachel Reeves said the budget was balanced. Critics disagreed.\n\n"
            "“This is a budget for growth,” she told MPs.")
    _, quotes = analyse(text)
    direct = [q for q in quotes if q.kind == "direct"]
    assert only(direct).speaker == "Rachel Reeves"
    assert only(direct).speaker_role == "Finance Minister"


def test_it_resolves_to_the_last_organisation(analyse: Analyse) -> None:
    _, quotes = analyse("The World Health Organization said cases were rising. It warned that hospitals "
                        "could be overwhelmed.")
    assert [(q.speaker, q.stance) for q in quotes] == [
        ("World Health Organization", "states"), ("World Health Organization", "warns")]


def test_quote_paragraph_continues_the_previous_speaker(analyse: Analyse) -> None:
    text = ("“Nobody on this council wanted to cut library hours,” said Council President Gloria Banks. "
            "“But we were not going to raise taxes.”\n\n"
            "“Families are already stretched.”")
    _, quotes = analyse(text)
    assert [q.speaker for q in quotes] == ["Gloria Banks"] * 3
    assert quotes[2].text == "Families are already stretched."


def test_nested_quoting_gives_the_quoted_speaker_and_the_relay(analyse: Analyse) -> None:
    text = ("The state news agency Xinhua reported the visit. According to the agency, “Our friendship "
            "is unbreakable,” quoting President Xi Jinping.")
    _, quotes = analyse(text)
    quote = only(quotes)
    assert (quote.speaker, quote.via, quote.cue, quote.kind) == ("Xi Jinping", "Xinhua", "quote", "direct")
    assert quote.text == "Our friendship is unbreakable"


def test_citing_sources_makes_the_outlet_the_relay(analyse: Analyse) -> None:
    _, quotes = analyse("Reuters reported, citing three sources, that the deal was worth $5bn.")
    quote = only(quotes)
    assert (quote.speaker, quote.via, quote.kind) == ("three sources", "Reuters", "reported")
    assert quote.text == "the deal was worth $5bn"
    assert [(n.value, n.unit) for n in quote.numbers] == [(5e9, "$")]


def test_told_an_outlet_is_a_relay_but_told_reporters_is_not(analyse: Analyse) -> None:
    _, quotes = analyse("Dr Sarah Jones told the BBC that cases were rising. Later she told reporters that "
                        "the peak had passed.")
    assert [(q.speaker, q.via) for q in quotes] == [("Sarah Jones", "the BBC"), ("Sarah Jones", None)]


def test_interview_outlet_is_a_relay(analyse: Analyse) -> None:
    _, quotes = analyse("In an interview with CNN, Senator Mark Hollis said the economy was strong.")
    assert (only(quotes).speaker, only(quotes).via) == ("Mark Hollis", "CNN")


# -- reported speech and stances ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "speaker", "stance", "statement"),
    [
        ("Israel denied that its forces had fired on the convoy.", "Israel", "denies",
         "its forces had fired on the convoy"),
        ("Russia denied the allegations.", "Russia", "denies", "the allegations"),
        ("The Kremlin confirmed that talks had taken place.", "Kremlin", "confirms",
         "talks had taken place"),
        ("Gerasimov claims that Moscow has now fully regained control of the region.", "Gerasimov",
         "claims", "Moscow has now fully regained control of the region"),
        ("The United States warned that Pyongyang must take responsibility.", "United States", "warns",
         "Pyongyang must take responsibility"),
        ("Human rights groups called for an independent inquiry.", "Human rights groups", "asks",
         "an independent inquiry"),
        ("The minister admitted that mistakes had been made.", "The minister", "admits",
         "mistakes had been made"),
        ("NATO vowed to defend every inch of allied territory.", "NATO", "promises",
         "to defend every inch of allied territory"),
    ],
)
def test_reported_statements_and_their_stance(analyse: Analyse, text: str, speaker: str, stance: str,
                                              statement: str) -> None:
    _, quotes = analyse(text)
    quote = only(quotes)
    assert (quote.speaker, quote.stance, quote.kind, quote.text) == (speaker, stance, "reported", statement)
    assert span_text(text, quote) == statement


def test_inherited_subjects(analyse: Analyse) -> None:
    """ "continues to deny", "..., noting ..." and "emphasized ... and noted" share the subject."""
    _, quotes = analyse("While Gerasimov claims that Moscow won, Ukraine continues to deny these assertions. "
                        "KCNA emphasized that the battles were won and noted that the alliance held.")
    assert [(q.speaker, q.cue, q.stance) for q in quotes] == [
        ("Gerasimov", "claim", "claims"), ("Ukraine", "deny", "denies"),
        ("KCNA", "emphasize", "states"), ("KCNA", "note", "states")]


def test_saying_after_a_denial_is_the_denial(analyse: Analyse) -> None:
    _, quotes = analyse("A parents’ group said the order was illegal. The health department denied this, "
                        "saying state law allowed it during an outbreak.")
    assert [(q.speaker, q.stance, q.text) for q in quotes] == [
        ("parents' group", "states", "the order was illegal"),
        ("The health department", "denies", "state law allowed it during an outbreak")]


def test_statements_inside_statements_keep_only_named_speakers(analyse: Analyse) -> None:
    _, quotes = analyse("Ukraine said Russia had falsely claimed that the village had fallen. Mayor Linda "
                        "Marsh will sign the budget. A spokesman said she would ask the council to wait.")
    assert [(q.speaker, q.stance) for q in quotes] == [
        ("Ukraine", "states"), ("Russia", "claims"), ("spokesman", "states")]


def test_partial_quote_inside_reported_speech_is_one_statement(analyse: Analyse) -> None:
    text = "The ministry said the strikes were “a grave violation” of international law."
    _, quotes = analyse(text)
    quote = only(quotes)
    assert (quote.speaker, quote.kind) == ("The ministry", "reported")
    assert quote.text == "the strikes were a grave violation of international law"
    assert span_text(text, quote) == "the strikes were “a grave violation” of international law"


def test_scare_quotes_without_attribution_are_dropped(analyse: Analyse) -> None:
    _, quotes = analyse("Both leaders agreed to back each other if either faced “aggression.” The deal, "
                        "dubbed a “betrayal” online, was signed on Friday.")
    assert quotes == []


def test_a_paragraph_with_no_attribution_yields_nothing(analyse: Analyse) -> None:
    _, quotes = analyse("The river burst its banks on Tuesday, flooding hundreds of homes. Residents were "
                        "moved to a school, and 40 roads were closed.")
    assert quotes == []


def test_unresolvable_pronoun_gives_no_quote(analyse: Analyse) -> None:
    _, quotes = analyse("“The war will end in 2025,” he said.")
    assert quotes == []


def test_negated_cue_is_not_a_statement(analyse: Analyse) -> None:
    _, quotes = analyse("The ministry did not say whether the talks would resume.")
    assert quotes == []


# -- according to ---------------------------------------------------------------------------------

def test_according_to_before(analyse: Analyse) -> None:
    text = "According to the health ministry, at least 35 people were killed in the strike."
    _, quotes = analyse(text)
    quote = only(quotes)
    assert (quote.speaker, quote.kind, quote.cue) == ("health ministry", "according_to", "according to")
    assert quote.text == "at least 35 people were killed in the strike"
    assert [(n.value, n.qualifier, n.unit) for n in quote.numbers] == [(35, "at least", "people")]


def test_according_to_after(analyse: Analyse) -> None:
    text = "At least 14 ships were anchored offshore by midday, according to the Harbor City Marine Exchange."
    _, quotes = analyse(text)
    quote = only(quotes)
    assert (quote.speaker, quote.kind) == ("Harbor City Marine Exchange", "according_to")
    assert quote.text == "At least 14 ships were anchored offshore by midday"


def test_according_to_in_mid_sentence_is_left_out_of_the_statement(analyse: Analyse) -> None:
    _, quotes = analyse("The cost, according to 3 officials, was about $20m.")
    quote = only(quotes)
    assert (quote.speaker, quote.text) == ("3 officials", "The cost was about $20m")
    assert [n.text for n in quote.numbers] == ["about $20m"]


def test_the_agency_is_the_organisation_named_so(analyse: Analyse) -> None:
    _, quotes = analyse("The Continental Space Agency launched its Halcyon weather satellite on Wednesday. "
                        "Halcyon will orbit 36,000 kilometres above the equator, according to the agency.")
    quote = only(quotes)
    assert (quote.speaker, quote.speaker_kind) == ("Continental Space Agency", "org")


def test_according_to_with_a_quoting_speaker_is_a_relay(analyse: Analyse) -> None:
    _, quotes = analyse("According to Tass, Defence Minister Andrei Belousov said the operation was over.")
    quote = only(quotes)
    assert (quote.speaker, quote.via, quote.kind) == ("Andrei Belousov", "Tass", "reported")


# -- numbers in statements ---------------------------------------------------------------------------

def test_figures_in_a_statement_with_qualifiers_units_and_no_dates(analyse: Analyse) -> None:
    _, quotes = analyse("The ministry said that about 1,200 people had been evacuated since 2022, and that "
                        "11,000-12,000 highly motivated soldiers were on their way.")
    numbers = only(quotes).numbers
    assert [(n.text, n.value, n.high, n.qualifier, n.unit) for n in numbers] == [
        ("about 1,200", 1200, None, "about", "people"),
        ("11,000-12,000", 11000, 12000, None, "soldiers"),
    ]


def test_unit_from_the_parse_skips_a_nationality(analyse: Analyse) -> None:
    _, quotes = analyse("Officials said that about 11,000 North Korean troops were deployed.")
    (number,) = only(quotes).numbers
    assert (number.value, number.qualifier, number.unit) == (11000, "about", "troops")


# -- the lexicon and the passage finder (pure) -------------------------------------------------------

def test_every_cue_has_a_documented_stance() -> None:
    assert {cue.stance for cue in VERB_CUES.values()} <= set(STANCES)
    assert stance_of("deny") == "denies"
    assert stance_of("according to") == "states"
    assert cue_for("call", ("for",)).lemma == "call for"  # type: ignore[union-attr]
    assert cue_for("call") is None  # "called a meeting" attributes nothing
    assert cue_for("point", ("out",)).stance == "states"  # type: ignore[union-attr]


def test_passages_ignore_apostrophes_and_join_continued_paragraphs() -> None:
    text = ("He said the soldiers’ families ‘had been told’. It’s “a long story.\n\n"
            "“It goes on,” he said. Then: \"done\".")
    passages = find_passages(text)
    assert [text[p.start:p.end] for p in passages] == [
        "had been told", "a long story.\n\n“It goes on", "done"]
    continued = passages[1]
    assert statement_text(text[continued.start:continued.end], continued.start, [continued]) == \
        "a long story. It goes on"
