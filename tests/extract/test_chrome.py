"""The built-in chrome remover: furniture lines go, body paragraphs never do."""

from __future__ import annotations

import pytest

from newsdig.extract.chrome import MAX_CHROME_LINE_CHARS, is_chrome, remove_chrome

FURNITURE = [
    "x",
    "×",
    "|",
    "Google search engine",
    "Advertisement",
    "ADVERTISEMENT",
    "Advertisement - Scroll to continue",
    "Sponsored",
    "Sponsored content",
    "Previous article‘Poverty Worsened, No School Or Hospital Built In Your 8 Years As Anambra Governor’ "
    "– Sanwo-Olu Fires Back At Obi",
    "Next article2027: Stifling Opposition Voices Could Trigger Your Downfall – Former Governor Lamido "
    "Warns Tinubu",
    "Previous articleHospital workers approve contract ending three-day strike",
    "Next article",
    "Prev post",
    "Next post: Ferry fares to stay flat",
    "Read more",
    "Read more: Storm Elena knocks out power",
    "Related: Council approves budget",
    "Related stories",
    "See also: Port strike enters second week",
    "Share this article",
    "Share on Facebook",
    "Facebook Twitter Email",
    "Subscribe to our newsletter",
    "Sign up for the Morning Tide newsletter",
    "Get the latest headlines in our free newsletter",
    "Follow us on Facebook, X and Instagram",
    "We use cookies to improve your experience and to show you relevant advertising.",
    "This website uses cookies.",
    "Accept all cookies",
    "Accept",
    "© 2026 The Harbor Herald Media Company. All rights reserved.",
    "Copyright 2025 Daily Planet",
    "All rights reserved.",
    "Photo: Reuters",
    "Published 28 April 2025",
    "Lesen Sie auch: Hafenstreik geht weiter",
    "Czytaj też: Wyścig zbrojeń ruszył z kopyta",
]

# Body text that mentions furniture words: never dropped.
BODY = [
    "The council's newsletter, sent to 40,000 residents, warned of cuts.",
    "Share prices fell 3% on Monday after the announcement.",
    "Subscribers will pay $2 more a month from June, the company said.",
    "Previous articles in this series examined the port's finances.",
    "Next article in the series will examine the budget.",
    "Ads for the new ferry service ran in four newspapers.",
    "(c) the third clause of the contract was struck out by the court.",
    "Advertising revenue at the paper fell 12 percent last year, the publisher said.",
    "Read more about the decision in the court's 48-page ruling, which was published on Friday.",
    "Sign language interpreters will be at every briefing, officials said.",
    "Follow-up inspections found 14 more violations.",
]

# Long body paragraphs that start like furniture or are full of furniture words.
LONG_BODY = [
    "We use cookies, the bakers joked, as a unit of currency: the strike fund at the port has been "
    "paying for coffee and pastries for 300 pickets a day since March, and the union says it can hold out.",
    "Subscribe, share, follow: the station's new director, Maria Gomez, said those three words had "
    "replaced journalism as the newsroom's goals, and she promised on Tuesday to put reporting first.",
    "Advertisement spending by city agencies rose to $4.2 million last year, according to the comptroller, "
    "who said the newsletter and cookie banner contracts had never been put out to bid.",
    "Next article of the treaty, Article 12, requires both countries to share data on fishing catches, and "
    "officials said on Monday that neither side had done so since 2021.",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_is_chrome(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize("line", BODY + LONG_BODY)
def test_body_text_is_never_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_long_lines_are_never_chrome() -> None:
    line = "Advertisement " + "word " * MAX_CHROME_LINE_CHARS
    assert not is_chrome(line)


def test_remove_chrome_keeps_every_body_paragraph_in_order() -> None:
    paragraphs = ["x", LONG_BODY[0], "Advertisement", *BODY,
                  "Google search engine\nPrevious articleA headline"]
    paragraphs += LONG_BODY[1:]
    assert remove_chrome(paragraphs) == [LONG_BODY[0], *BODY, *LONG_BODY[1:]]


def test_remove_chrome_drops_furniture_lines_inside_a_paragraph() -> None:
    assert remove_chrome(["Google search engine\nThe port reopened on Monday.\nNext article"]) == [
        "The port reopened on Monday."
    ]
