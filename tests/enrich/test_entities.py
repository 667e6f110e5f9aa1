"""Entities: one canonical name per person/organisation/place, titles and descriptions as roles."""

from __future__ import annotations

from newsdig.enrich.records import Entity
from tests.enrich.conftest import Analyse


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {entity.name: entity for entity in entities}


def test_surname_joins_the_full_name(analyse: Analyse) -> None:
    entities, _ = analyse(
        "Russian Chief of Staff Valery Gerasimov visited the front on Monday. "
        "Gerasimov praised the troops, and Gerasimov's deputy stayed behind."
    )
    found = by_name(entities)
    assert "Gerasimov" not in found
    gerasimov = found["Valery Gerasimov"]
    assert gerasimov.kind == "person"
    assert gerasimov.mentions == 3
    assert "Gerasimov" in gerasimov.aliases
    assert gerasimov.roles[0] == "Russian Chief of Staff"


def test_titles_and_appositions_are_roles_not_names(analyse: Analyse) -> None:
    entities, _ = analyse(
        "Col Hamish de Bretton-Gordon, a former British Army tank commander, spoke first. "
        "Dr Sarah Jones, an epidemiologist at Oxford University, agreed."
    )
    found = by_name(entities)
    hamish = found["Hamish de Bretton-Gordon"]
    assert hamish.roles == ("Col", "former British Army tank commander")
    jones = found["Sarah Jones"]
    assert jones.roles == ("Dr", "epidemiologist at Oxford University")
    assert found["British Army"].kind == "org"


def test_a_person_cut_short_by_ner_is_completed(analyse: Analyse) -> None:
    """The small model tags only "Gen Oleksandr"; the following proper noun belongs to the name."""
    entities, _ = analyse(
        "Despite these limitations, Ukraine’s top military commander Gen Oleksandr Syrskyi had warned "
        "that the North Korean forces were still creating significant challenges at the front."
    )
    found = by_name(entities)
    syrskyi = found["Oleksandr Syrskyi"]
    assert syrskyi.roles == ("Ukraine's top military commander", "Gen")
    assert "Gen Oleksandr" not in found
    assert found["Ukraine"].kind == "place"


def test_possessives_and_articles_are_not_part_of_names(analyse: Analyse) -> None:
    entities, _ = analyse(
        "Responding to North Korea’s statement, the United States warned Pyongyang. "
        "The BBC reported that the US would respond. Russia's army said nothing."
    )
    found = by_name(entities)
    assert found["North Korea"].kind == "place"
    assert found["United States"].mentions == 2  # "the United States" and "the US"
    assert "US" in found["United States"].aliases
    assert found["BBC"].kind == "org"
    assert "Russia" in found
    assert not [name for name in found if name.startswith("the ") or name.endswith(("'s", "’s"))]


def test_acronym_speaker_is_an_organisation(analyse: Analyse) -> None:
    """KCNA is missed by the small model's NER; the subject of a speech verb or the name of an
    "agency" that looks like an acronym is an organisation."""
    entities, _ = analyse(
        "In a report published by the state-run KCNA news agency, the military stated that its "
        "soldiers had returned. KCNA further explained that the decision was made last year."
    )
    kcna = by_name(entities)["KCNA"]
    assert kcna.kind == "org"
    assert kcna.mentions == 2


def test_unknown_label_in_a_place_context_is_a_place(analyse: Analyse) -> None:
    entities, _ = analyse(
        "About 11,000 troops were deployed to Kursk last year. The battles in Kursk lasted months, "
        "and Moscow says it has regained the Kursk border region."
    )
    found = by_name(entities)
    assert found["Kursk"].kind == "place"
    assert found["Kursk"].mentions == 3


def test_a_name_used_as_a_place_is_a_place(analyse: Analyse) -> None:
    entities, _ = analyse("Most state schools in the Almira region were closed. "
                          "Teachers in Almira walked out.")
    assert by_name(entities)["Almira"].kind == "place"


def test_common_nouns_tagged_as_people_are_dropped(analyse: Analyse) -> None:
    entities, _ = analyse(
        "Turnout was 38 percent. Fares will not change, Whitaker said. Oleksandr Syrskyi told "
        "Ukraine’s TSN Tyzhden news programme that the front held."
    )
    found = by_name(entities)
    assert "Turnout" not in found and "Fares" not in found
    assert "Tyzhden" not in found  # part of a programme's name, not a person
    assert found["TSN"].kind == "org"


def test_a_name_described_as_a_job_is_a_person(analyse: Analyse) -> None:
    entities, _ = analyse(
        "“This is the largest outage we have seen,” said Marcus Hale, the utility's vice president "
        "for operations."
    )
    hale = by_name(entities)["Marcus Hale"]
    assert hale.kind == "person"
    assert hale.roles == ("utility's vice president for operations",)


def test_no_dates_or_numbers_among_entities(analyse: Analyse) -> None:
    entities, _ = analyse("In October last year, about 11,000 troops arrived for the first time in Kursk.")
    assert {e.kind for e in entities} <= {"person", "org", "place", "group"}
    assert not any(any(ch.isdigit() for ch in e.name) for e in entities)
    assert "October" not in by_name(entities)
