"""Hand-written news articles (and the clock) the search tests run against."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdig.models import Article, article_id, content_hash

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def make_article(
    url: str, title: str, text: str, source: str, published: str | None, language: str | None = "en"
) -> Article:
    return Article(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source=source,
        title=title,
        text=text,
        content_hash=content_hash(text),
        extractor="test 1",
        published=published,
        language=language,
        word_count=len(text.split()),
    )


STORM_TEXT = (
    "Storm Eowyn brought gusts of more than 90 mph to the west coast, cutting power to thousands of "
    "homes.\n\nForecasters issued a rare red warning and schools stayed closed across the region."
)

CORPUS: list[Article] = [
    make_article(
        "https://www.reuters.com/world/europe/north-korean-troops-kursk-2025-04-28/",
        "Russia's Gerasimov confirms North Korean troops fought in Kursk",
        "Russia's top general Valery Gerasimov said on Monday that North Korean troops had helped "
        "drive Ukrainian forces out of the Kursk region, the first official confirmation from Moscow.\n\n"
        'Gerasimov praised the "heroism" of the North Korean soldiers, who he said fought shoulder to '
        "shoulder with Russian units. President Vladimir Putin thanked Kim Jong Un for the support.\n\n"
        "Kyiv said its forces were still holding positions in the border area.",
        "Reuters",
        "2025-04-28T09:15:00+00:00",
    ),
    make_article(
        "https://www.bbc.co.uk/news/articles/putin-easter-truce",
        "Putin declares Easter truce in Ukraine war",
        "Vladimir Putin has declared a 30-hour Easter truce in the war in Ukraine, ordering Russian "
        "forces to halt all military activity until midnight on Sunday.\n\n"
        "Ukraine's President Volodymyr Zelensky said Russian shelling continued in several areas.",
        "BBC News",
        "2025-04-19",
    ),
    make_article(
        "https://www.reuters.com/world/putin-meets-witkoff-kremlin-2025-04-25/",
        "Putin meets US envoy Witkoff in the Kremlin",
        "Russian President Vladimir Putin met US envoy Steve Witkoff in the Kremlin on Friday for "
        "talks on a possible peace deal, the Kremlin said.\n\nThe meeting lasted three hours.",
        "Reuters",
        "2025-04-25T14:30:00+03:00",
    ),
    make_article(
        "https://news.bbc.co.uk/1/hi/world/south-korea-election.stm",
        "South Korea votes in snap presidential election",
        "Voters in South Korea went to the polls on Tuesday in a snap election. Turnout was highest in "
        "the north of the country, officials said.\n\nThe vote follows the impeachment of the president.",
        "BBC News",
        "2025-04-08",
    ),
    make_article(
        "https://www.bbc.com/sport/football/arsenal-real-madrid",
        "Arsenal stun Real Madrid in Champions League quarter-final",
        "Declan Rice scored two free kicks as Arsenal beat Real Madrid 3-0 at the Emirates Stadium.\n\n"
        "The holders now need a comeback in the second leg in Madrid.",
        "BBC Sport",
        "2025-04-08T22:00:00+01:00",
    ),
    make_article(
        "https://www.ft.com/content/ecb-cuts-rates",
        "ECB cuts interest rates as trade war clouds outlook",
        "The European Central Bank cut its deposit rate to 2.25 per cent, with president Christine "
        "Lagarde warning that tariffs threatened growth.\n\nMarkets expect another cut in June.",
        "Financial Times",
        "2025-04-17T13:15:00Z",
    ),
    make_article(
        "https://www.example-energy.com/news/regulator-fuel-prices-deny",
        "Regulator comments on winter fuel prices",
        "The energy regulator would not deny that household fuel prices could rise again this winter, "
        "officials said on Wednesday.",
        "Energy Weekly",
        "2025-03-05",
    ),
    make_article(
        "https://www.example-energy.com/news/regulator-fuel-prices-denies",
        "Energy regulator statement on fuel prices",
        "The energy regulator denies that household fuel prices could rise again this winter, "
        "officials said on Wednesday.",
        "Energy Weekly",
        "2025-03-05",
    ),
    make_article(
        "https://www.example-news.com/science/iceland-volcano",
        "Volcano erupts on Iceland's Reykjanes peninsula",
        "A volcano erupted near the town of Grindavik late on Tuesday, sending lava fountains into the "
        "night sky.\n\nThe nearby Blue Lagoon spa was evacuated as a precaution.",
        "Example News",
        "2025-04-01",
    ),
    make_article(
        "https://www.example-news.com/travel/flight-disruption",
        "Flight disruption across northern Europe",
        "Airlines cancelled hundreds of flights after an ash cloud from the volcano drifted south, "
        "stranding passengers in Oslo, Copenhagen and Amsterdam.",
        "Example News",
        "2025-04-02",
    ),
    make_article(
        "https://www.example-news.com/weather/storm-eowyn-january",
        "Storm Eowyn batters the west coast",
        STORM_TEXT,
        "Example News",
        "2025-01-24",
    ),
    make_article(
        "https://www.example-news.com/weather/storm-eowyn-march",
        "Storm Eowyn batters the west coast",
        STORM_TEXT,
        "Example News",
        "2025-03-10",
    ),
    make_article(
        "https://www.tagesschau.de/inland/bundestag-haushalt",
        "Bundestag beschließt den Haushalt",
        "Der Bundestag hat am Freitag den Haushalt für das laufende Jahr beschlossen. Die Opposition "
        "kritisierte die hohen Schulden.",
        "Tagesschau",
        "2025-03-21",
        "de",
    ),
    make_article(
        "https://www.lemonde.fr/politique/article/reforme-des-retraites",
        "Le Parlement adopte la réforme des retraites",
        "Après des semaines de débats, les députés ont adopté la réforme des retraites à une courte "
        "majorité. Les syndicats appellent à une nouvelle grève.",
        "Le Monde",
        "2025-02-11",
        "fr",
    ),
    make_article(
        "https://apnews.com/article/nasa-artemis-rocket",
        "NASA rolls out Artemis rocket for moon mission",
        "NASA rolled its Space Launch System rocket to the launch pad on Thursday ahead of the crewed "
        "Artemis mission around the moon.",
        "AP News",
        None,
    ),
]


def by_url(fragment: str) -> Article:
    [article] = [a for a in CORPUS if fragment in a.url]
    return article
