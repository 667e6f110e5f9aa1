"""The judged query set for ranking work (tests/fixtures/relevance/) is well formed and its
judgments point at articles that exist in the demo sample.

sample-queries.tsv: `qid<TAB>query<TAB>type`, no header, no quoting (split on tabs; a query may
contain double quotes). sample-qrels.txt: TREC qrels `qid 0 docid grade`, docid = the article's
canonical URL. See tests/fixtures/relevance/README.md for how the set was made.
"""

from __future__ import annotations

from collections import Counter
from importlib.resources import as_file, files

import pytest

from newsdig.catalog.db import connect
from newsdig.home import Home
from newsdig.ingest import add_paths
from tests.support import FIXTURES

RELEVANCE = FIXTURES / "relevance"
QUERIES = RELEVANCE / "sample-queries.tsv"
QRELS = RELEVANCE / "sample-qrels.txt"
TYPES = {"topical", "entity", "phrase", "question", "long", "misspelling", "fresh", "archival",
         "multilingual", "operator", "hard"}
MIN_QUERIES = 60
SAMPLE_PARTS = ("sites", "feeds", "generated")  # as newsdig.demo.build_demo_home imports them


def read_queries() -> list[tuple[str, str, str]]:
    rows = []
    for number, line in enumerate(QUERIES.read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split("\t")
        assert len(fields) == 3, f"{QUERIES.name}:{number}: want qid<TAB>query<TAB>type, got {line!r}"
        rows.append((fields[0], fields[1], fields[2]))
    return rows


def read_qrels() -> list[tuple[str, str, str, int]]:
    rows = []
    for number, line in enumerate(QRELS.read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split()
        assert len(fields) == 4, f"{QRELS.name}:{number}: want 'qid 0 docid grade', got {line!r}"
        qid, iteration, docid, grade = fields
        assert grade.lstrip("-").isdigit(), f"{QRELS.name}:{number}: grade {grade!r} is not an integer"
        rows.append((qid, iteration, docid, int(grade)))
    return rows


@pytest.fixture(scope="module")
def sample_urls(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Canonical URLs of the demo sample, imported the way `newsdig demo` imports it (no enrichment:
    add_paths never enriches, and URLs do not depend on it)."""
    home = Home(tmp_path_factory.mktemp("sample-home"))
    with as_file(files("newsdig") / "sample") as sample:
        add_paths(home, [str(sample / "seed")], source="seed", jobs=1)
        add_paths(home, [str(sample / part) for part in SAMPLE_PARTS if (sample / part).is_dir()], jobs=1)
    conn = connect(home.catalog_path, readonly=True)
    try:
        return {row[0] for row in conn.execute("SELECT canonical_url FROM articles")}
    finally:
        conn.close()


def test_there_are_enough_queries_with_unique_ids() -> None:
    queries = read_queries()
    assert len(queries) >= MIN_QUERIES
    duplicated = [qid for qid, n in Counter(qid for qid, _, _ in queries).items() if n > 1]
    assert not duplicated, f"qids used twice: {duplicated}"


def test_queries_are_non_empty_and_typed() -> None:
    for qid, query, kind in read_queries():
        assert qid and qid == qid.strip() and " " not in qid, f"bad qid {qid!r}"
        assert query.strip() == query and query, f"{qid}: empty or padded query {query!r}"
        assert kind in TYPES, f"{qid}: unknown type {kind!r} (documented types: {sorted(TYPES)})"


def test_every_type_is_represented() -> None:
    assert {kind for _, _, kind in read_queries()} == TYPES


def test_qrels_lines_are_trec_format_with_grades_0_to_3() -> None:
    for qid, iteration, docid, grade in read_qrels():
        assert iteration == "0", f"{qid} {docid}: the second column is always 0"
        assert 0 <= grade <= 3, f"{qid} {docid}: grade {grade} outside 0..3"


def test_no_duplicate_judgments() -> None:
    pairs = Counter((qid, docid) for qid, _, docid, _ in read_qrels())
    duplicated = [pair for pair, n in pairs.items() if n > 1]
    assert not duplicated, f"(qid, docid) judged twice: {duplicated[:5]}"


def test_every_query_has_a_clearly_relevant_article_and_every_judgment_a_query() -> None:
    qids = {qid for qid, _, _ in read_queries()}
    qrels = read_qrels()
    best: dict[str, int] = {}
    for qid, _, _, grade in qrels:
        best[qid] = max(best.get(qid, 0), grade)
    assert not qids - best.keys(), f"queries without judgments: {sorted(qids - best.keys())}"
    weak = sorted(qid for qid, grade in best.items() if grade < 2)
    assert not weak, f"queries without a grade-2 or grade-3 article: {weak}"
    assert not best.keys() - qids, f"judgments for unknown queries: {sorted(best.keys() - qids)}"


def test_docids_are_canonical_urls_of_sample_articles(sample_urls: set[str]) -> None:
    missing = sorted({docid for _, _, docid, _ in read_qrels()} - sample_urls)
    assert not missing, f"{len(missing)} docids are not canonical URLs of sample articles: {missing[:5]}"


def test_docids_do_not_depend_on_where_the_package_lives() -> None:
    # A plain-text file without a URL is filed under file:///its/absolute/path (the seed article):
    # such an id changes with the checkout, so it must not appear in the judgments.
    local = sorted({docid for _, _, docid, _ in read_qrels() if not docid.startswith(("http://", "https://"))})
    assert not local, f"docids tied to this machine: {local}"
