"""Warm extraction state, loaded once into the process pool's fork server (`newsdig.pool`).

Importing this module is its purpose: the fork server imports it before forking any worker, so
every worker starts with trafilatura and its lazy tables (justext stoplists, compiled XPaths)
ready and py3langid's model loaded. Cold, each worker paid ~0.8 s of CPU for these (the
language model alone is LZMA-compressed and takes ~0.5 s to unpack): on two cores that was
several seconds of a small import. Nothing else should import it.
"""

from __future__ import annotations

from newsdig.extract.dispatch import extract
from newsdig.extract.language import detect_language
from newsdig.models import Capture

# Short enough that trafilatura runs its whole cascade (readability and justext included)
_PAGE = (b"<html lang='en'><head><title>Warm-up</title></head><body><article>"
         + b"<p>A warm-up sentence for the parser, the extractor cascade and the date search.</p>" * 3
         + b"</article></body></html>")


def warm_up() -> None:
    """Run one extraction and one language guess so their lazy state is built."""
    extract(Capture(url="https://example.com/warm-up", body=_PAGE, kind="html", origin="-"))
    detect_language("A warm-up sentence that is long enough for the language model to load. " * 2)


warm_up()
