"""Near-duplicate text: word shingles, MinHash signatures, LSH band keys, estimated Jaccard.

Pure functions; `newsdig.catalog.duplicates` stores signatures and band keys and does the lookups.

Two texts are near-duplicates when the Jaccard similarity of their sets of word 5-shingles is at
least `THRESHOLD`. Five-word shingles make the measure about the *wording*: outlets rewriting the
same event share names and facts but few 5-word runs, while a republished copy keeps most of them.
Normalisation (NFKC, lowercase, apostrophes dropped, word characters only) makes typography
(curly quotes, dashes, spacing, paragraph breaks) irrelevant.

Why 0.7 and not 0.8. Measured on tests/fixtures/syndicated (one wire story on four sites, as
extracted): verbatim copies with their own dateline and credit line 0.96, a copy after an
editor's note 0.86, a copy with three phrases reworded and its last paragraph cut 0.75-0.77 —
the everyday "lightly edited" copy, which a 0.8 threshold would miss. The outlet's own report of
the same flood scores < 0.05 against the wire copy. 0.7 leaves a margin for the estimate's noise
(±0.04 at 128 permutations) under the edited copy and stays far above different articles.
The demo sample's intended copies (trimmed wire copies, republications, updates) are all ≥ 0.91;
its outlets' own tellings are built from shared fact paragraphs, so 136 of their 602 same-event
pairs also reach 0.7 (26 reach 0.8): to the text, those are copies with paragraphs reordered.

Banding. The 128 MinHash values are cut into `BANDS` bands of `ROWS`; two texts become candidates
when a band is equal, with probability 1 - (1 - J^ROWS)^BANDS. 25 bands of 5 (125 values; the
estimate uses all 128) put the S-curve's knee near J = 0.53, below the threshold on purpose:
candidates are verified on the whole signature anyway, so a missed pair is the costly error and
a false candidate costs one signature read. Simulated over 128 values, a pair whose *estimated*
Jaccard is 0.70 is a candidate with probability 0.998 (20 x 6 would miss 5 %, 16 x 8 more;
datasketch's own optimum for 0.8, 9 x 13, balances false positives against false negatives and
would miss most), while two different tellings of one story (J ≈ 0.1-0.2) meet in a band with
probability ≤ 0.008. Cost: 25 band rows per article.

Band keys are 64-bit BLAKE2b digests of the band's values, never Python's ``hash()``: that is
salted per process and the keys must match across processes and runs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
# NUM_PERM, SEED, SCHEME, SHINGLE_WORDS, the word hashing, BANDS and ROWS are the stored format:
# changing one invalidates the stored signatures and band keys (clear both, then re-enrich).
SEED = 1
SCHEME = "affine32"  # datasketch 2.0's 32-bit affine permutations: 4 bytes per value
SIGNATURE_DTYPE = np.dtype("<u4")
SHINGLE_WORDS = 5
BANDS = 25
ROWS = 5
THRESHOLD = 0.7
# Below this many words a text has too few shingles for the estimate to mean anything (and short
# briefs from one template share most of their words), so it is never declared a duplicate.
MIN_WORDS = 30

_WORD = re.compile(r"\w+")
# Typography NFKC leaves alone: curly apostrophes inside words would split them differently.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# Permutation parameters are the same for every signature: drawn once, not per MinHash.
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio): mixes word order


def words(text: str) -> list[str]:
    """The text as lowercased word tokens: punctuation, case, spacing and width forms ignored.

    Apostrophes are dropped rather than split on ("don't" -> "dont"), so "don’t" and "don't" agree.
    """
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).replace("'", "").lower()
    return _WORD.findall(text)


def shingles(tokens: Sequence[str], size: int = SHINGLE_WORDS) -> set[str]:
    """The set of `size`-word runs, as text (one shingle if shorter): what the signature summarises."""
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


@lru_cache(maxsize=1 << 17)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def shingle_hashes(tokens: Sequence[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """32-bit hashes of the distinct `size`-word shingles, the same in every process.

    Each word is hashed once (BLAKE2b, cached) and a shingle's hash is a polynomial of its words'
    hashes computed over the whole text with numpy: hashing every shingle's text in Python (as
    datasketch's default SHA-1 does) was half the cost of a signature.
    """
    if not tokens:
        return np.zeros(0, dtype=np.uint32)
    hashes = np.fromiter(map(_word_hash, tokens), dtype=np.uint64, count=len(tokens))
    count = max(len(tokens) - size + 1, 1)
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(min(size, len(tokens))):
        combined = combined * _MULTIPLIER + hashes[offset:offset + count]  # wraps mod 2^64
    return np.unique((combined >> np.uint64(32)).astype(np.uint32))


def _identity(value: int) -> int:
    return value


def signature_of(hashes: np.ndarray) -> np.ndarray:
    """The MinHash values of a set of 32-bit shingle hashes (datasketch's affine permutations)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=_identity,
                      permutations=_PERMUTATIONS)
    minhash.update_batch(hashes.tolist())
    return minhash.hashvalues.astype(SIGNATURE_DTYPE, copy=False)


def signature(text: str) -> np.ndarray | None:
    """The text's MinHash signature, or None when it is too short to be compared safely."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return None
    return signature_of(shingle_hashes(tokens))


def jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two shingle sets (what `similarity` estimates)."""
    return len(a & b) / len(a | b) if a or b else 1.0


def to_bytes(values: np.ndarray) -> bytes:
    """Signature as stored: little-endian uint32 values (512 bytes for 128 permutations)."""
    return values.astype(SIGNATURE_DTYPE, copy=False).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=SIGNATURE_DTYPE)


def band_keys(values: np.ndarray, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One signed 64-bit key per band (SQLite INTEGER), the same in every process and run."""
    data = values.astype(SIGNATURE_DTYPE, copy=False)
    width = rows * data.itemsize
    raw = data[: bands * rows].tobytes()
    return [
        int.from_bytes(hashlib.blake2b(raw[i * width:(i + 1) * width], digest_size=8).digest(),
                       "little", signed=True)
        for i in range(bands)
    ]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of MinHash values the two signatures agree on."""
    if len(a) != len(b):
        raise ValueError(f"signatures of different lengths: {len(a)} and {len(b)}")
    return float(np.count_nonzero(a == b)) / len(a)
