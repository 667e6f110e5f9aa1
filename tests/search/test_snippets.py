"""Folding a snippet's whitespace moves its highlight offsets with it (the page bolds by offset)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdig.search.snippets import fold_whitespace


def folded_by_every_run(text: str, highlights: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """The earlier definition, over every whitespace run: the oracle for the faster one."""
    runs = [(m.start(), m.end()) for m in re.finditer(r"\s+", text)]
    folded = " ".join(text.split())
    end = len(text)

    def moved(offset: int) -> int:
        removed = 0
        for start, stop in runs:
            if start >= offset:
                break
            if offset < stop:
                removed += offset - start
                break
            removed += (stop - start) - (1 if start > 0 and stop < end else 0)
        return min(offset - removed, len(folded))

    shifted = [(moved(s), moved(e)) for s, e in highlights]
    return folded, [(s, e) for s, e in shifted if e > s]


def test_highlights_follow_the_words_they_mark() -> None:
    text = "  Troops\n\nmoved  to Kursk, the\tKremlin said. "
    marks = [(text.index(w), text.index(w) + len(w)) for w in ("Troops", "Kursk", "Kremlin")]
    folded, moved = fold_whitespace(text, marks)
    assert folded == "Troops moved to Kursk, the Kremlin said."
    assert [folded[s:e] for s, e in moved] == ["Troops", "Kursk", "Kremlin"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\t\u00a0\u2003é"), max_size=60), st.data())
def test_folding_only_the_shifting_runs_moves_offsets_like_folding_every_run(text: str, data) -> None:
    offsets = st.integers(min_value=0, max_value=len(text))
    highlights = data.draw(st.lists(st.tuples(offsets, offsets).map(sorted).map(tuple), max_size=5))
    assert fold_whitespace(text, highlights) == folded_by_every_run(text, highlights)
