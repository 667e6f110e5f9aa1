"""The pure near-duplicate parts: normalisation, shingles, signatures, band keys, similarity."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

from newsdig.enrich import dedup
from newsdig.enrich.dedup import (
    BANDS,
    MIN_WORDS,
    NUM_PERM,
    ROWS,
    THRESHOLD,
    band_keys,
    from_bytes,
    jaccard,
    shingle_hashes,
    shingles,
    signature,
    similarity,
    to_bytes,
    words,
)
from tests.support import ROOT

TEXT = (
    "Engineers began releasing water from the Calder Valley dam on Monday after four days of heavy "
    "rain pushed the reservoir to 97 percent of its capacity, and officials warned residents of "
    "low-lying streets in Holtby and Marrow Bridge to prepare for possible flooding. The regional "
    "water authority said two of the dam's five spillway gates were opened at 6 a.m., sending about "
    "180 cubic metres of water per second into the River Calder."
)


def test_typography_case_and_layout_do_not_matter() -> None:
    plain = "The mayor's office said: \"don't panic\" -- it's under control."
    fancy = ("THE  MAYOR\u2019S office said:\n\u201cdon\u2019t panic\u201d \u2014 "
             "it\u2019s under\tcontrol\u2026")
    assert words(plain) == words(fancy) == [
        "the", "mayors", "office", "said", "dont", "panic", "its", "under", "control"]
    assert words("\uff21\uff22\uff23 \ufb01le") == ["abc", "file"]  # NFKC: full-width, ligatures


def test_shingles_are_word_runs_and_short_texts_make_one() -> None:
    tokens = ["a", "b", "c", "d", "e", "f"]
    assert shingles(tokens, 5) == {"a b c d e", "b c d e f"}
    assert shingles(["a", "b"], 5) == {"a b"}
    assert shingles([], 5) == set()


def test_shingle_hashes_are_one_per_distinct_shingle() -> None:
    tokens = words(TEXT + " " + TEXT)  # repeated runs hash once
    assert len(shingle_hashes(tokens)) == len(shingles(tokens))
    assert shingle_hashes(tokens).dtype == np.uint32
    assert len(shingle_hashes([])) == 0
    assert len(shingle_hashes(["x", "y"])) == 1
    # word order matters inside a shingle
    assert set(shingle_hashes(tokens[:5])) != set(shingle_hashes(tokens[4::-1]))


def test_short_texts_get_no_signature() -> None:
    assert signature(" ".join(["word"] * (MIN_WORDS - 1))) is None
    assert signature(" ".join(f"w{i}" for i in range(MIN_WORDS))) is not None


def test_signature_estimates_the_jaccard_of_shingles() -> None:
    sentences = TEXT.split(". ")
    edited = TEXT.replace("heavy rain", "torrential rain").replace("possible flooding", "floods")
    cut = ". ".join(sentences[:-1])
    for other in (TEXT, edited, cut, "An entirely different text about a football match " * 8):
        exact = jaccard(shingles(words(TEXT)), shingles(words(other)))
        a, b = signature(TEXT), signature(other)
        assert a is not None and b is not None
        assert abs(similarity(a, b) - exact) < 0.15, (exact, similarity(a, b))
    same_a, same_b = signature(TEXT), signature(TEXT.upper())
    assert same_a is not None and same_b is not None
    assert similarity(same_a, same_b) == 1.0


def test_signature_bytes_round_trip() -> None:
    values = signature(TEXT)
    assert values is not None and values.shape == (NUM_PERM,)
    blob = to_bytes(values)
    assert len(blob) == NUM_PERM * 4
    assert np.array_equal(from_bytes(blob), values)


def test_band_keys_split_the_signature_into_independent_bands() -> None:
    values = signature(TEXT)
    assert values is not None
    keys = band_keys(values)
    assert len(keys) == BANDS and len(set(keys)) == BANDS
    assert all(-(2 ** 63) <= k < 2 ** 63 for k in keys)  # fits SQLite INTEGER
    changed = values.copy()
    changed[ROWS * 3] += 1  # first value of band 3
    other = band_keys(changed)
    assert [i for i in range(BANDS) if keys[i] != other[i]] == [3]


def test_band_keys_are_the_same_in_every_process() -> None:
    """Python's hash() is salted per process; the stored keys must not depend on it."""
    code = ("import json; from newsdig.enrich.dedup import band_keys, signature; "
            f"print(json.dumps(band_keys(signature({TEXT!r}))))")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    seen = set()
    for salt in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                             env={**env, "PYTHONHASHSEED": salt}).stdout
        seen.add(tuple(json.loads(out)))
    values = signature(TEXT)
    assert values is not None
    assert seen == {tuple(band_keys(values))}


def test_banding_finds_pairs_at_the_threshold_and_rarely_others() -> None:
    """The documented S-curve: candidates at the threshold almost surely, different tellings rarely."""
    def candidate(j: float) -> float:
        return 1 - (1 - j ** ROWS) ** BANDS

    assert BANDS * ROWS <= NUM_PERM
    assert candidate(THRESHOLD) > 0.98
    assert candidate(0.2) < 0.01
    assert dedup.SIGNATURE_DTYPE.itemsize == 4
