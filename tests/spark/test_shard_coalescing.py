"""Index shards of many small months are coalesced: few shards, right date ranges, same answers.

No Spark needed: the Parquet partitions (month=…/lang=… directories, the dataset's columns) are
written with pyarrow, then the job's own planning and shard-building functions run on them —
once one shard per partition (what the job did before), once coalesced — and real tantivy
shards are searched with ShardedSearcher.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from newsdig.index.shards import ShardInfo, read_shard_manifest, write_shard_manifest
from newsdig.search.shards import ShardedSearcher
from newsdig.spark.indexing import (
    COLUMNS,
    Partition,
    ShardPlan,
    build_planned_shard,
    list_partitions,
    plan_shards,
)

pa = pytest.importorskip("pyarrow", reason="the [spark] extra (pyarrow) is not installed")
pq = pytest.importorskip("pyarrow.parquet")

MONTHS = tuple(f"{year}-{month:02d}" for year in (2023, 2024) for month in range(1, 13))
PER_MONTH = {"en": 7, "de": 3}
UNDATED_EN = 4
TARGET = 40  # articles per coalesced shard: 5 English months, 13 German ones
WORDS = {
    "en": ("harbour", "ferry", "council", "budget", "library", "strike", "storm", "tenants", "rents",
           "hospital", "nurses", "engineers", "outages", "petition", "bridge", "school", "river"),
    "de": ("Hafen", "Stadtrat", "Proteste", "Haushalt", "Schule", "Brücke", "Streik", "Mieten"),
}
FILLER = {"en": ("the", "a", "of", "and", "in", "on", "said", "after", "new", "city", "plan"),
          "de": ("der", "die", "das", "und", "in", "mit", "sagte", "nach", "neue", "Stadt")}
QUERIES = ("harbour", "ferry strike", '"council budget"', "storm -outages", "rents OR tenants",
           "intitle:bridge", "Hafen", "lang:de Streik", "after:2023-05-01 before:2023-08-01 harbour",
           "after:2024-11-01 library", "before:2023-02-01 council", "source:wire-en ferry")


def _article(rng: random.Random, lang: str, n: int, day: date | None) -> dict[str, object]:
    words = WORDS[lang]
    text = "\n\n".join(
        " ".join(rng.choice(words) if rng.random() < 0.3 else rng.choice(FILLER[lang])
                 for _ in range(rng.randint(12, 60)))
        for _ in range(rng.randint(1, 4)))
    title = " ".join(rng.sample(words, 3)).capitalize()
    url = f"https://{lang}.example.org/{n}"
    source = rng.choice((f"wire-{lang}", f"daily-{lang}", f"gazette-{lang}"))
    row: dict[str, object] = {name: None for name in COLUMNS}
    row.update(id=f"{lang}{n:05d}", url=url, canonical_url=url, source=source, title=title, text=text,
               content_hash=f"h{lang}{n}", extractor="test 1", authors=[], language=lang,
               published=None if day is None else f"{day.isoformat()}T{rng.randint(0, 23):02d}:00:00+00:00",
               site_name=source, title_inferred=False, origin=f"test#{n}", word_count=len(text.split()),
               seq=f"000000:{n:015d}", speakers=[], entities=[])
    return row


def write_partitions(root: Path) -> Path:
    """DIR/articles laid out as the job writes it: 24 months x {en, de}, plus undated English."""
    rng = random.Random(11)
    articles = root / "articles"
    n = 0
    layout: list[tuple[str, str, int]] = [(m, lang, k) for m in MONTHS for lang, k in PER_MONTH.items()]
    layout.append(("undated", "en", UNDATED_EN))
    for month, lang, count in layout:
        rows = []
        for _ in range(count):
            n += 1
            day = None if month == "undated" else date.fromisoformat(f"{month}-01") + timedelta(
                days=rng.randint(0, 27))
            rows.append(_article(rng, lang, n, day))
        directory = articles / f"month={month}" / f"lang={lang}"
        directory.mkdir(parents=True)
        pq.write_table(pa.Table.from_pylist(rows), directory / "part-00000.parquet")
    return articles


def build(articles: Path, index_root: Path, shard_docs: int) -> list[ShardInfo]:
    plans = plan_shards(list_partitions(articles), shard_docs)
    infos = [ShardInfo.from_dict(build_planned_shard(plan, str(index_root))) for plan in plans]
    write_shard_manifest(index_root, infos)
    return read_shard_manifest(index_root)


Layouts = tuple[list[ShardInfo], list[ShardInfo], Path]  # per month, coalesced, their root


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> Layouts:
    root = tmp_path_factory.mktemp("coalesce")
    articles = write_partitions(root)
    per_month = build(articles, root / "per-month", 1)
    coalesced = build(articles, root / "coalesced", TARGET)
    return per_month, coalesced, root


def _part(month: str, lang: str, docs: int) -> Partition:
    return Partition(month, lang, f"/d/{month}/{lang}", f"{month}_{lang}", docs)


def test_plan_merges_adjacent_months_of_a_language_up_to_the_target() -> None:
    parts = [_part("2025-01", "en", 30), _part("2025-02", "en", 30), _part("2025-03", "en", 50),
             _part("2025-04", "en", 200), _part("2025-05", "en", 10), _part("2025-01", "de", 5),
             _part("2025-03", "de", 5), _part("undated", "en", 3), _part("undated", "de", 2)]
    plans = {plan.name: plan for plan in plan_shards(parts, 100)}
    assert sorted(plans) == ["2025-01..2025-02_en", "2025-01..2025-03_de", "2025-03_en", "2025-04_en",
                             "2025-05_en", "undated_de", "undated_en"]
    assert plans["2025-01..2025-02_en"].months == ("2025-01", "2025-02")
    assert plans["2025-01..2025-02_en"].docs == 60  # + March's 50 would pass 100
    assert plans["2025-04_en"].docs == 200  # a month over the target is a shard alone
    assert plans["2025-01..2025-03_de"].directories == ("/d/2025-01/de", "/d/2025-03/de")
    assert all(p.docs <= 100 or len(p.months) == 1 for p in plans.values())
    assert sum(p.docs for p in plans.values()) == sum(p.docs for p in parts)
    one_each = plan_shards(parts, 1)
    assert sorted(p.name for p in one_each) == sorted(p.name for p in parts)


def test_plan_keeps_names_unique_and_refuses_a_zero_target() -> None:
    plans = plan_shards([_part("2025-01", "pt-BR", 1), _part("2025-01", "pt_br", 1)], 10)
    assert len({plan.name for plan in plans}) == 2 and all(isinstance(p, ShardPlan) for p in plans)
    with pytest.raises(ValueError):
        plan_shards([], 0)


def test_many_small_months_make_few_shards_with_the_union_of_their_dates(layouts: Layouts) -> None:
    per_month, coalesced, _root = layouts
    assert len(per_month) == 24 * 2 + 1
    # English: 7 a month, 5 months (35) a shard -> 5 shards; German: 3 a month, 13 months -> 2; undated
    assert len(coalesced) == 5 + 2 + 1
    assert sum(s.docs for s in coalesced) == sum(s.docs for s in per_month)
    by_month = {(s.months[0] if s.months else "undated", s.language): s for s in per_month}
    for shard in coalesced:
        if not shard.months:
            assert shard.name == "undated_en" and shard.undated == shard.docs == UNDATED_EN
            assert shard.min_published is None and shard.max_published is None
            continue
        parts = [by_month[(month, shard.language)] for month in shard.months]
        assert shard.docs <= TARGET and shard.docs == sum(p.docs for p in parts)
        assert shard.min_published == min(p.min_published for p in parts)
        assert shard.max_published == max(p.max_published for p in parts)
        assert shard.min_published.startswith(shard.months[0])
        assert shard.max_published.startswith(shard.months[-1])
        assert list(shard.months) == sorted(shard.months)
        assert shard.name == f"{shard.months[0]}..{shard.months[-1]}_{shard.language}"
        assert shard.month is None
    covered = [(m, s.language) for s in coalesced for m in s.months]
    assert sorted(covered) == sorted(k for k in by_month if k[0] != "undated")


def test_search_gives_the_same_answers_and_skips_shards_by_date(layouts: Layouts) -> None:
    per_month, _coalesced, root = layouts
    before = ShardedSearcher(root / "per-month")
    after = ShardedSearcher(root / "coalesced")
    try:
        assert before.num_docs() == after.num_docs() == sum(s.docs for s in per_month)
        for query in QUERIES:
            old = before.search(query, limit=1000, collapse=False)
            new = after.search(query, limit=1000, collapse=False)
            assert new.total == old.total > 0, query
            assert {h.id for h in new.hits} == {h.id for h in old.hits}, query
            assert new.facets == old.facets, query
        window = "after:2023-05-01 before:2023-08-01 harbour"
        old, new = before.search(window), after.search(window)
        assert old.shards_searched == 3 and old.shards_total == 49  # May-July, English only has it
        assert new.shards_searched < 3 and new.shards_total == 8  # those months are in one or two shards
        assert all(h.published[:7] in ("2023-05", "2023-06", "2023-07") for h in new.hits)
    finally:
        before.close()
        after.close()


def test_old_manifest_entries_without_months_still_read(layouts: Layouts) -> None:
    _per_month, _coalesced, root = layouts
    data = json.loads((root / "per-month" / "manifest.json").read_text())
    for entry in data["shards"]:
        entry.pop("months")  # as written before shards were coalesced
    shards = [ShardInfo.from_dict(entry) for entry in data["shards"]]
    march = next(s for s in shards if s.name == "2023-03_en")
    assert march.month == "2023-03" and march.months == ("2023-03",)
    assert next(s for s in shards if s.name == "undated_en").months == ()
    new = json.loads((root / "coalesced" / "manifest.json").read_text())
    assert all({"name", "path", "docs", "min_published", "max_published", "undated", "month", "language"}
               <= set(entry) for entry in new["shards"])
