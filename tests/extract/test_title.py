"""Title inference from the lead, and headline detection in text captures."""

from __future__ import annotations

from newsdig.extract.title import first_sentence, infer_title, is_headline, shorten

LEAD = (
    "North Korea has officially confirmed for the first time that it deployed troops to assist Russian "
    "forces in the ongoing war against Ukraine."
)


def test_a_long_first_sentence_is_cut_between_phrases_with_an_ellipsis() -> None:
    title = infer_title([LEAD, "Second paragraph of the story, which is not used for the title."])
    assert title == "North Korea has officially confirmed for the first time that it deployed troops…"


def test_a_short_first_sentence_is_the_title_without_its_period() -> None:
    lead = "Firefighters contained a warehouse blaze on Pier 9. Two firefighters were treated for heat."
    assert infer_title([lead]) == "Firefighters contained a warehouse blaze on Pier 9"


def test_chrome_and_short_lines_are_skipped() -> None:
    paragraphs = [
        "Previous article‘Poverty Worsened, No School Or Hospital Built In Your 8 Years’ – Sanwo-Olu",
        "Google search engine",
        "The Daily Planet — Your trusted source",
        LEAD,
    ]
    title = infer_title(paragraphs)
    assert title is not None and title.startswith("North Korea")


def test_abbreviations_do_not_end_the_first_sentence() -> None:
    text = "Col. Hamish de Bretton-Gordon said the U.S. plan was flawed. He did not elaborate."
    assert first_sentence(text) == "Col. Hamish de Bretton-Gordon said the U.S. plan was flawed."


def test_a_cut_title_never_ends_on_a_function_word() -> None:
    sentence = " ".join(["word"] * 15 + ["of", "the", "port", "authority", "and", "the", "city"])
    title = shorten(sentence)
    assert title.endswith("…")
    assert title.removesuffix("…").split()[-1] not in {"of", "the", "and"}


def test_infer_title_of_nothing_is_none() -> None:
    assert infer_title([]) is None
    assert infer_title(["x", "Advertisement"]) is None


def test_headlines() -> None:
    assert is_headline("Harbor tunnel reopens after two-year repair")
    assert is_headline("Will the ferry run at night?")
    assert not is_headline("The tunnel reopened on Monday.")
    assert not is_headline("Advertisement")
    assert not is_headline(LEAD)
