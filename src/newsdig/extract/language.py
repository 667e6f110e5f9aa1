"""Article language as a 2-letter code: declared by the page if it says, else guessed from text."""

from __future__ import annotations

import re

LANGID_MIN_WORDS = 10  # below this py3langid guesses more than it knows
LANGID_SAMPLE_CHARS = 3000  # the lead decides; classifying whole long articles only costs time

_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)


def normalise_language(code: str | None) -> str | None:
    """``en-US``/``en_GB``/``EN`` -> ``en``; None for anything that is no language tag."""
    if not code:
        return None
    match = _CODE.match(code.strip())
    return match[1].lower() if match else None


def detect_language(text: str) -> str | None:
    """py3langid's guess for the text, or None when the text is too short to tell."""
    if len(text.split(None, LANGID_MIN_WORDS)) < LANGID_MIN_WORDS:
        return None
    import py3langid  # deferred: loading its model costs about half a second

    code, _score = py3langid.classify(text[:LANGID_SAMPLE_CHARS])
    return normalise_language(code)
