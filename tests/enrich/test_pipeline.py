"""The enrich stage end to end through the CLI: add follows up with enrichment, the seed's
speakers become searchable, re-runs are idempotent, --all redoes everything without doubling,
articles not yet enriched stay searchable, and a non-English article still gets copies/stories."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsdig.catalog.articles import get_articles
from newsdig.catalog.db import connect
from newsdig.enrich.pipeline import (
    AnalysisFailure,
    EnrichSummary,
    current_model,
    enrich_article,
    stage_version,
)
from tests.support import run_cli

SAMPLE_SEED = Path(__file__).resolve().parents[2] / "src" / "newsdig" / "sample" / "seed"
SEED_FILE = SAMPLE_SEED / "000_f3ab224358793bb6.txt"
LITTORAL = SAMPLE_SEED.parent / "generated" / "sites" / "littoral"  # the sample's French outlet


@pytest.fixture(scope="module")
def seed_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("seed-home")
    added = run_cli(home, "add", "--json", str(SEED_FILE), enrich=True).json()
    assert isinstance(added, dict)
    assert added["added"] == 1
    assert added["enrichment"]["enriched"] == 1 and added["enrichment"]["failed"] == 0
    return home


def _quotes(home: Path, *args: str) -> list[dict]:
    data = run_cli(home, "quotes", "--json", *args).json()
    assert isinstance(data, dict)
    assert data["total"] == len(data["quotes"])
    return data["quotes"]


def test_add_enriches_and_quotes_carry_the_contract(seed_home: Path) -> None:
    quotes = _quotes(seed_home, "--speaker", "Syrskyi")
    assert quotes, "Syrskyi is quoted in the seed"
    for quote in quotes:
        assert {"speaker", "speaker_role", "cue", "kind", "stance", "text", "numbers", "article_id",
                "span"} <= set(quote)
        assert quote["speaker"] == "Oleksandr Syrskyi"
    direct = [q for q in quotes if q["kind"] == "direct"]
    assert direct and any(n["value"] == 11000 and n["high"] == 12000 for q in direct for n in q["numbers"])
    text = run_cli(seed_home, "show", "--json", quotes[0]["article_id"]).json()["text"]  # type: ignore[index]
    start, end = direct[0]["span"]
    assert direct[0]["text"][:40] in text[start:end + 2]


def test_speaker_and_entity_filters_find_the_seed(seed_home: Path) -> None:
    for query in ("speaker:Gerasimov Kursk", 'speaker:"Valery Gerasimov"', 'entity:"Kim Jong Un"',
                  "speaker:KCNA"):
        found = run_cli(seed_home, "search", "--json", query).json()
        assert isinstance(found, dict)
        assert found["total"] == 1, query
    none = run_cli(seed_home, "search", "--json", "speaker:Putin").json()
    assert isinstance(none, dict) and none["total"] == 0  # named, but never quoted
    hit = run_cli(seed_home, "search", "--json", "Kursk").json()["hits"][0]  # type: ignore[index]
    assert "Oleksandr Syrskyi" in hit["speakers"] and hit["story_id"]
    facets = run_cli(seed_home, "search", "--json", "Kursk").json()["facets"]  # type: ignore[index]
    assert {"value": "Valery Gerasimov", "count": 1} in facets["speaker"]
    assert any(v["value"] == "Kim Jong Un" for v in facets["entity"])


def test_claims_finds_who_stated_a_figure(seed_home: Path) -> None:
    report = run_cli(seed_home, "claims", "--json", "11,000 troops").json()
    assert isinstance(report, dict)
    assert report["numbers"] == [11000]
    speakers = {s["speaker"] for s in report["speakers"]}
    assert any("intelligence" in s.lower() for s in speakers), speakers
    # 11,000-12,000 contains 11,000: Syrskyi's figure is a statement of it too (if the words match)
    figure_only = run_cli(seed_home, "claims", "--json", "11,000").json()
    assert isinstance(figure_only, dict)
    assert "Oleksandr Syrskyi" in {s["speaker"] for s in figure_only["speakers"]}
    assert figure_only["total"] >= report["total"]


def test_rerun_is_idempotent_and_all_redoes_without_doubling(seed_home: Path) -> None:
    again = run_cli(seed_home, "enrich", "--json").json()
    assert isinstance(again, dict) and again["pending"] == 0
    before = _quotes(seed_home)
    redo = run_cli(seed_home, "enrich", "--all", "--json").json()
    assert isinstance(redo, dict) and redo["pending"] == 1 and redo["enriched"] == 1
    after = _quotes(seed_home)
    assert [(q["speaker"], q["text"]) for q in after] == [(q["speaker"], q["text"]) for q in before]
    stats = run_cli(seed_home, "stats", "--json").json()
    assert isinstance(stats, dict)
    assert stats["enriched"] == 1 and stats["enrich_pending"] == 0 and stats["quotes"] == len(after)


def test_unenriched_articles_are_searchable_then_enriched(tmp_path: Path) -> None:
    run_cli(tmp_path, "add", str(SEED_FILE))  # NEWSDIG_ENRICH=0: no follow-up
    assert run_cli(tmp_path, "search", "--json", "Kursk").json()["total"] == 1  # type: ignore[index]
    assert run_cli(tmp_path, "search", "--json", "speaker:Syrskyi").json()["total"] == 0  # type: ignore[index]
    stats = run_cli(tmp_path, "stats", "--json").json()
    assert isinstance(stats, dict) and stats["enrich_pending"] == 1
    done = run_cli(tmp_path, "enrich", "--json").json()
    assert isinstance(done, dict) and done["enriched"] == 1
    assert run_cli(tmp_path, "search", "--json", "speaker:Syrskyi").json()["total"] == 1  # type: ignore[index]


def test_add_no_enrich_flag_wins(tmp_path: Path) -> None:
    added = run_cli(tmp_path, "add", "--json", "--no-enrich", str(SEED_FILE), enrich=True).json()
    assert isinstance(added, dict) and added["enrichment"] is None
    stats = run_cli(tmp_path, "stats", "--json").json()
    assert isinstance(stats, dict) and stats["enrich_pending"] == 1


def test_add_again_resumes_an_enrichment_that_never_ran(tmp_path: Path) -> None:
    """An import whose enrichment was killed (here: never run) is finished by the same `add` again,
    though it adds nothing new: the import resumes, so its follow-up must too."""
    run_cli(tmp_path, "add", "--json", "--no-enrich", str(SEED_FILE), enrich=True)
    again = run_cli(tmp_path, "add", "--json", str(SEED_FILE), enrich=True).json()
    assert isinstance(again, dict) and again["added"] == 0
    assert again["enrichment"] is not None and again["enrichment"]["enriched"] == 1
    stats = run_cli(tmp_path, "stats", "--json").json()
    assert isinstance(stats, dict) and stats["enrich_pending"] == 0
    third = run_cli(tmp_path, "add", "--json", str(SEED_FILE), enrich=True).json()
    assert isinstance(third, dict) and third["enrichment"] is None  # nothing behind: no pass


def test_non_english_articles_get_copies_and_stories_but_no_language_analysis(tmp_path: Path) -> None:
    french = sorted(LITTORAL.glob("*.html"))[:3]
    run_cli(tmp_path, "add", *map(str, french), str(SEED_FILE))
    done = run_cli(tmp_path, "enrich", "--json").json()
    assert isinstance(done, dict)
    conn = sqlite3.connect(tmp_path / "catalog.sqlite")
    langs = dict(conn.execute("SELECT id, language FROM articles"))
    statuses = dict(conn.execute("SELECT article_id, status FROM enrichment"))
    assert "fr" in langs.values() and "en" in langs.values()
    assert set(statuses) == set(langs)  # every article went through the stage
    for article_id, language in langs.items():
        expected = "ok" if (language or "en").startswith("en") else "partial"
        assert statuses[article_id] == expected, (article_id, language)
    assert conn.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0] == len(langs)


def test_a_failed_analysis_is_recorded_and_retried(tmp_path: Path) -> None:
    run_cli(tmp_path, "add", str(SEED_FILE))
    conn = connect(tmp_path / "catalog.sqlite")
    article = next(iter(get_articles(conn, [r[0] for r in conn.execute("SELECT id FROM articles")]).values()))
    summary = EnrichSummary()
    # What a worker sends back when spaCy raised on this article: recorded, not fatal.
    version = stage_version(current_model()[0])  # the version a real run records: only the failure
    enrich_article(conn, article, AnalysisFailure(article.id, "ValueError: boom"), version, summary)
    conn.commit()
    assert summary.failed == 1 and summary.errors == [(article.id, "ValueError: boom")]
    row = conn.execute("SELECT status, error FROM enrichment WHERE article_id = ?", (article.id,)).fetchone()
    assert tuple(row) == ("failed", "ValueError: boom")
    conn.close()
    retried = run_cli(tmp_path, "enrich", "--json").json()  # failed ones are pending again
    assert isinstance(retried, dict) and retried["pending"] == 1 and retried["enriched"] == 1
