"""`newsdig eval`: ranking profiles scored side by side on judged queries (see newsdig.search.eval).

Registered on the main `app` by importing this module from cli.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from newsdig.cli import _catch_up_quietly, _existing_home, _print_json, app, err, out
from newsdig.errors import NewsdigError

DEFAULT_PROFILES = "bm25,bm25f,tuned"


def parse_now(value: str | None) -> datetime | None:
    """An ISO date or datetime (UTC when naive), or None for the current time."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise NewsdigError(f"--now {value!r}: use an ISO date such as 2026-11-25") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _split_profiles(value: str) -> list[str]:
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    if not names:
        raise NewsdigError("--profiles: give at least one profile name")
    return list(dict.fromkeys(names))


@app.command("eval")
def eval_command(
    queries: Annotated[Path, typer.Option(help="Queries: TSV qid<TAB>text[<TAB>type], or TREC topics.",
                                          exists=True, dir_okay=False)],
    qrels: Annotated[Path, typer.Option(help="TREC qrels: qid 0 docid grade (docid: id or URL).",
                                        exists=True, dir_okay=False)],
    profiles: Annotated[str, typer.Option(help="Ranking profiles to compare, comma-separated "
                                               "(bm25, bm25f, classic, tuned; semantic and hybrid "
                                               "on a home with embeddings: the semantic extra "
                                               "and `newsdig embed`).")] = DEFAULT_PROFILES,
    diff: Annotated[tuple[str, str] | None, typer.Option(help="Per-query nDCG@10 of profile A and B "
                                                              "and B - A, biggest changes first.")] = None,
    now: Annotated[str | None, typer.Option(help="The clock for recency (ISO date; default: now). "
                                                 "Fix it to compare runs made on other days.")] = None,
    no_collapse: Annotated[bool, typer.Option("--no-collapse", help="Score the unfolded list "
                                                                    "(copies take their own places).")
                           ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print everything as JSON.")] = False,
) -> None:
    """Score ranking profiles on judged queries: nDCG@10, MRR@10, Recall@100, P@10.

    Unjudged articles count as not relevant; relevant means grade >= 1. Folded (the default), a
    copy group is the unit: a hit scores the best grade of its group, which is judged once.
    semantic and hybrid are scored the same way, on a home whose articles are embedded.
    """
    from newsdig.search.engine import Searcher
    from newsdig.search.eval import (
        ModeRanker,
        copy_groups,
        evaluate_profiles,
        format_table,
        per_query_diff,
        read_qrels,
        read_queries,
        resolve_qrels,
    )
    from newsdig.search.modes import MODE_PROFILES
    from newsdig.search.profiles import PROFILES

    names = _split_profiles(profiles)
    if diff is not None:
        names += [name.lower() for name in diff if name.lower() not in names]
    known = [*PROFILES, *MODE_PROFILES]
    unknown = [name for name in names if name not in known]
    if unknown:
        raise NewsdigError(f"unknown profile {unknown[0]!r}; use one of: {', '.join(known)}")
    try:
        topics = read_queries(queries)
        judged = read_qrels(qrels)
    except (ValueError, UnicodeDecodeError) as error:
        raise NewsdigError(str(error)) from None
    home = _existing_home()
    _catch_up_quietly(home)
    _check_semantic(home, [name for name in names if name in MODE_PROFILES])
    resolved, missing = resolve_qrels(judged, home.catalog_path)
    clock = parse_now(now)
    groups = copy_groups(home.catalog_path)
    ranker = ModeRanker(Searcher(home.index_dir), home, groups)
    chosen = [MODE_PROFILES.get(name, name) for name in names]
    reports = evaluate_profiles(ranker, topics, resolved, chosen, now=clock, collapse=not no_collapse,
                                groups=None if no_collapse else groups)
    by_name = {report.profile: report for report in reports}
    rows = per_query_diff(by_name[diff[0].lower()], by_name[diff[1].lower()]) if diff else []
    texts = {topic.qid: topic.text for topic in topics}
    if missing:
        err.print(f"[yellow]{len(missing)} judged docids match no article in this home (counted as "
                  f"never retrieved), e.g. {missing[0]}[/]")
    skipped = reports[0].missing_qrels if reports else []
    if skipped:
        err.print(f"[yellow]{len(skipped)} queries have no judgments and are not scored: "
                  f"{', '.join(skipped[:5])}[/]")
    if as_json:
        _print_json(_as_json(reports, rows, texts, missing, clock, not no_collapse))
        return
    out.print(format_table(reports), markup=False)
    unit = "article" if no_collapse else "copy group (folded copies score once, at their best grade)"
    out.print(f"relevant = grade >= 1; unjudged = not relevant; unit = {unit}", style="dim", markup=False)
    if rows:
        a, b = (name.lower() for name in diff or ())
        out.print(f"\nper-query nDCG@10: {a} vs {b} (delta = {b} - {a}), biggest changes first", markup=False)
        width = max(len(qid) for qid, *_ in rows)
        for qid, x, y, delta in rows:
            out.print(f"{qid:<{width}}  {x:.4f}  {y:.4f}  {delta:+.4f}  {texts.get(qid, '')}", markup=False)


def _check_semantic(home: Any, names: list[str]) -> None:
    """A NewsdigError saying why, when semantic/hybrid profiles are asked for and cannot run."""
    if not names:
        return
    from newsdig.search.semantic import semantic_available

    why = semantic_available(home)
    if why is not None:
        raise NewsdigError(f"--profiles {','.join(names)}: semantic search is not available on this "
                           f"home: {why}")


def _mode(name: str) -> str:
    from newsdig.search.modes import MODE_PROFILES

    profile = MODE_PROFILES.get(name)
    return profile.mode if profile is not None else "keyword"


def _as_json(reports: list[Any], rows: list[tuple[str, float, float, float]], texts: dict[str, str],
             missing: list[str], clock: datetime | None, collapse: bool) -> dict[str, Any]:
    return {
        "settings": {"now": clock.isoformat() if clock else None, "collapse": collapse,
                     "relevant_grade": 1, "unjudged": "not relevant"},
        "profiles": {
            r.profile: {
                **r.summary(),
                "mode": _mode(r.profile),
                "seconds": round(r.seconds, 3),
                "per_query": {qid: {"ndcg@10": round(s.ndcg, 4), "mrr@10": round(s.mrr, 4),
                                    "recall@100": round(s.recall, 4), "p@10": round(s.precision, 4)}
                              for qid, s in r.scores.items()},
            }
            for r in reports
        },
        "diff": [{"qid": qid, "query": texts.get(qid, ""), "a": round(x, 4), "b": round(y, 4),
                  "delta": round(d, 4)} for qid, x, y, d in rows],
        "unresolved_docids": missing,
    }
