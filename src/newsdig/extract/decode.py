"""Bytes to text: byte-order marks, UTF-8, the declared charset, then a detector.

Strict UTF-8 goes before the declared charset because pages declaring ISO-8859-1 while serving
UTF-8 are common, and non-ASCII bytes that validate as UTF-8 are almost never anything else.
Invalid UTF-8 is weighed, not trusted or dismissed whole: a UTF-8 page with a stray byte stays
UTF-8 (the byte replaced), and a page whose UTF-8 label is plainly wrong is read as windows-1252
when it reads as Western text, else as the detector says.
Binary garbage is refused here (None) so the caller can reject it as "undecodable".
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from newsdig.extract.draft import Refusal

# Bodies larger than this are refused before decoding (`too_large`): the importers cap a page at
# the same 20 MiB, real articles are far smaller, and a 100 MB one-line text capture took 19 s
# and 1.6 GB of memory to become a 17-million-word "article".
MAX_BODY_BYTES = 20 * 1024 * 1024
CHARSET_SNIFF_BYTES = 4096  # a <meta charset> must sit in the first bytes of the page
DETECTOR_SAMPLE_BYTES = 32_768  # charset-normalizer is slow on whole pages; a sample decides
MAX_NUL_SHARE = 0.01  # real text (not UTF-16, handled by BOM or detector) has no NUL bytes
MAX_GARBAGE_SHARE = 0.05  # control or replacement characters in decoded text
GARBAGE_SAMPLE_CHARS = 65_536
# Without a UTF-8 label, invalid UTF-8 is still read as UTF-8 (stray bytes replaced) when this
# many valid non-ASCII characters stand for each invalid byte: a single stray byte in a page
# otherwise read the whole page as mojibake through the detector ("â€™" for every "’").
UTF8_EVIDENCE = 4
WESTERN_MIN_SHARE = 0.98  # of non-ASCII characters that must be letters or Western punctuation
WESTERN_MAX_ACCENTED = 0.4  # of letters that may be non-ASCII in Western European text
_WESTERN_PUNCTUATION = frozenset("\u00a0\u00ad“”‘’‚„–—…«»‹›€£¥°·•¡¿§©®™×÷±´¨ªº½¼¾†‡‰")
WEAK_COHERENCE = 0.1  # below this the detector did not recognise a language: its guess is a coin toss

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG: browsers decode these labels as windows-1252, and so do pages that declare them.
_AS_CP1252 = frozenset({"latin-1", "latin1", "iso-8859-1", "iso8859-1", "iso_8859-1", "us-ascii", "ascii"})
# C0/C1 control characters other than tab, newlines and form feed, and the replacement character
_GARBAGE_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_CONTENT_TYPE_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)


def too_large(body: bytes) -> Refusal | None:
    """The refusal for a body over MAX_BODY_BYTES, else None."""
    if len(body) <= MAX_BODY_BYTES:
        return None
    return Refusal("too-large", f"{len(body)} bytes, over the {MAX_BODY_BYTES}-byte limit for one page")


def _codec(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if Python does not know it."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None = None, markup: bool = True) -> str | None:
    """The charset named by the Content-Type header, else (for markup) by a <meta> tag in the head."""
    if content_type and (match := _CONTENT_TYPE_CHARSET.search(content_type)):
        codec = _codec(match[1])
        if codec:
            return codec
    if not markup:
        return None
    match = _META_CHARSET.search(body[:CHARSET_SNIFF_BYTES])
    return _codec(match[1].decode("ascii", "ignore")) if match else None


def _detect(body: bytes) -> str | None:
    """charset-normalizer's guess on a sample, with windows-1252 winning a coin toss."""
    sample = body[:DETECTOR_SAMPLE_BYTES]
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        return None
    if best.coherence < WEAK_COHERENCE and best.encoding != "cp1252":
        try:
            sample.decode("cp1252")
        except UnicodeDecodeError:
            return best.encoding
        return "cp1252"
    return best.encoding


def _is_garbage(text: str) -> bool:
    """True when decoded text is mostly control or replacement characters (binary data)."""
    sample = text[:GARBAGE_SAMPLE_CHARS]
    return len(_GARBAGE_CHARS.findall(sample)) > MAX_GARBAGE_SHARE * len(sample)


def decode(body: bytes, content_type: str | None = None, markup: bool = False) -> str | None:
    """Decode a capture body; None if it is binary rather than text in any encoding."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return _reject_garbage(body.decode(codec, errors="replace"))
    head = body[:DETECTOR_SAMPLE_BYTES]
    if head.count(0) > MAX_NUL_SHARE * max(len(head), 1):
        codec = _detect(body)
        if not codec or not codec.startswith(("utf_16", "utf_32")):
            return None
        return _reject_garbage(body.decode(codec, errors="replace"))
    try:
        return _reject_garbage(body.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = declared_charset(body, content_type, markup)
    lenient, valid, invalid = _utf8_replacing(body)
    if declared == "utf-8":
        if valid >= invalid:
            return _reject_garbage(lenient)  # a few stray bytes in a UTF-8 page: replaced, not guessed
        if (western := _western(body)) is not None:
            return _reject_garbage(western)  # the label is wrong: a legacy Western page, as a rule
    elif declared:
        try:
            return _reject_garbage(body.decode(declared))
        except (UnicodeDecodeError, LookupError):
            pass
    if valid >= UTF8_EVIDENCE * invalid:
        return _reject_garbage(lenient)  # no usable label, and UTF-8 but for a few stray bytes
    detected = _detect(body)
    if detected:
        try:
            return _reject_garbage(body.decode(detected))
        except (UnicodeDecodeError, LookupError):
            pass
    return _reject_garbage(body.decode(declared or detected or "cp1252", errors="replace"))


def _utf8_replacing(body: bytes) -> tuple[str, int, int]:
    """The body decoded as UTF-8 with invalid bytes replaced, with how many of its non-ASCII
    characters were valid and how many replaced. Legacy single-byte text has next to no valid
    sequences; a UTF-8 page with a stray byte has far more valid ones than not."""
    text = body.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return text, non_ascii - invalid, invalid


def _western(body: bytes) -> str | None:
    """The body as windows-1252 if it reads as Western European text that way, else None.

    Only asked when a UTF-8 label has proved wrong: the detector then wavers between code pages
    that differ in a few accented letters (cp1250, cp1257, cp775 for a French page). Accepted: every
    byte defined in windows-1252, the non-ASCII characters of a sample letters or Western
    punctuation (Polish in cp1250 shows up as "¹" and "³" and fails), and a minority of its letters
    (Cyrillic or Greek read as windows-1252 is all accented letters and fails); else the detector.
    """
    try:
        text = body.decode("cp1252")
    except UnicodeDecodeError:
        return None
    sample = text[:GARBAGE_SAMPLE_CHARS]
    non_ascii = [c for c in sample if c > "\x7f"]
    accented = sum(1 for c in non_ascii if c.isalpha())
    punctuation = sum(1 for c in non_ascii if c in _WESTERN_PUNCTUATION)
    if accented + punctuation < WESTERN_MIN_SHARE * len(non_ascii):
        return None
    letters = sum(1 for c in sample if c.isalpha())
    return text if accented <= WESTERN_MAX_ACCENTED * letters else None


def _reject_garbage(text: str) -> str | None:
    return None if _is_garbage(text) else text
