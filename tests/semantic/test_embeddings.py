"""The model (real weights, offline) and the chunker."""

from __future__ import annotations

import importlib.util

import pytest

from newsdig.enrich.embeddings import (
    DIM,
    LEAD_WORDS,
    MAX_CHUNKS,
    OVERLAP_WORDS,
    WINDOW_WORDS,
    chunk_article,
)

TEXTS = [
    "Budget airline Skylark Air ceased trading on Wednesday and cancelled all flights.",
    "The city council approved a new tram line to the airport.",
    "Heavy rain flooded the old town overnight.",
]


def test_vectors_are_normalised_and_deterministic(encoder) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    first = encoder.encode(TEXTS)
    again = encoder.encode(TEXTS)
    assert first.shape == (3, DIM) and first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(first, again)  # same input, same bytes


def test_padding_does_not_change_a_vector(encoder) -> None:  # type: ignore[no-untyped-def]
    # Alone, a short text has no padding; beside a long one it is padded to its length. The
    # attention mask must make that invisible.
    import numpy as np

    alone = encoder.encode([TEXTS[2]])[0]
    padded = encoder.encode([TEXTS[2], " ".join(TEXTS * 8)])[0]
    assert float(np.dot(alone, padded)) > 0.9999


def test_meaning_not_words(encoder) -> None:  # type: ignore[no-untyped-def]
    query, close, far = encoder.encode(["aircraft company goes bust", TEXTS[0], TEXTS[2]])
    assert float(query @ close) > float(query @ far) + 0.2


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is None,
                    reason="sentence-transformers is not installed (the reference backend)")
def test_onnx_graph_matches_sentence_transformers(extra: None) -> None:
    import numpy as np

    from newsdig.enrich.embeddings import load_encoder

    onnx = load_encoder("onnx").encode(TEXTS)
    torch = load_encoder("torch").encode(TEXTS)
    assert np.min(np.sum(onnx * torch, axis=1)) > 0.99999


def test_chunking_rules() -> None:
    words = [f"w{i}" for i in range(2000)]
    chunks = chunk_article("A headline", " ".join(words))
    assert len(chunks) == MAX_CHUNKS
    assert chunks[0] == "A headline. " + " ".join(words[:LEAD_WORDS])
    windows = [c.split() for c in chunks[1:]]
    assert all(len(w) == WINDOW_WORDS for w in windows)
    assert windows[0][0] == words[LEAD_WORDS - OVERLAP_WORDS]  # overlaps the lead a little
    assert windows[1][:OVERLAP_WORDS] == windows[0][-OVERLAP_WORDS:]  # and each other
    assert chunk_article("A headline", " ".join(words)) == chunks  # pure


def test_chunking_short_and_empty() -> None:
    assert chunk_article("", "") == []
    assert chunk_article("Only a title", "") == ["Only a title"]
    assert chunk_article("", "just text") == ["just text"]
    short = " ".join(f"w{i}" for i in range(LEAD_WORDS + 5))
    assert len(chunk_article("T", short)) == 1  # a short article is wholly in chunk 0
    medium = [f"w{i}" for i in range(300)]
    chunks = chunk_article("T", " ".join(medium))
    assert chunks[-1].split()[-1] == "w299"  # the end of the text is embedded
    assert all(len(c.split()) <= WINDOW_WORDS + WINDOW_WORDS for c in chunks)


def test_concurrent_first_requests_load_the_model_once(extra: None) -> None:
    """A fresh server's first requests arrive together: they must share one encoder (each loaded
    its own before the lock: 50 copies, 4.8 GB)."""
    from concurrent.futures import ThreadPoolExecutor

    from newsdig.enrich import embeddings

    embeddings._load_encoder.cache_clear()
    with ThreadPoolExecutor(max_workers=6) as pool:
        encoders = list(pool.map(lambda _: embeddings.load_encoder(), range(6)))
    assert len({id(encoder) for encoder in encoders}) == 1
