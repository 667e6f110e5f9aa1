"""Checks and helpers shared by the hostile-input tests and the atheris targets (fuzz/)."""

from __future__ import annotations

import io

from newsdig.extract import MIN_WORDS
from newsdig.models import Article, Rejection, article_id, content_hash


def check_extraction(result: object) -> None:
    """An answer extraction documents: an Article that obeys its invariants, or a Rejection that
    says why (not the catch-all's "extractor-error", which is a bug caught by a blanket)."""
    assert isinstance(result, Article | Rejection), type(result)
    if isinstance(result, Rejection):
        assert result.reason and result.reason != "extractor-error", result
        assert isinstance(result.detail, str)
        return
    assert result.word_count >= MIN_WORDS
    assert result.text.strip() and "\x00" not in result.text
    assert result.id == article_id(result.canonical_url)
    assert result.content_hash == content_hash(result.text)
    assert isinstance(result.title, str) and "\n" not in result.title


class Pipe(io.RawIOBase):
    """Bytes that arrive like stdin from a pipe: readable once, not seekable."""

    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), len(self._data))
        buffer[:n] = self._data[:n]
        self._data = self._data[n:]
        return n
