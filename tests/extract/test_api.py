"""Pin the public surface of newsdig.extract: other stages call exactly these names."""

from __future__ import annotations

import newsdig.extract


def test_public_names() -> None:
    assert sorted(newsdig.extract.__all__) == [
        "EDGE_LINES",
        "MAX_TEMPLATE_LINE_CHARS",
        "MAX_TEMPLATE_SHARE",
        "MIN_TEMPLATE_DOCS",
        "MIN_WORDS",
        "apply_templates",
        "extract",
        "extract_file",
        "guess_source",
        "infer_title",
        "is_chrome",
        "learned_templates",
        "line_key",
        "remove_chrome",
        "sniff_kind",
        "template_candidates",
    ]
    for name in newsdig.extract.__all__:
        assert hasattr(newsdig.extract, name)
