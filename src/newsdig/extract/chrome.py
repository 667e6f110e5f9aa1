"""Built-in page-furniture patterns: what every news site's chrome looks like.

These catch chrome on the first page of a new source, before `templates` has anything to learn
from, and what trafilatura lets through. Body text must never be lost, so every pattern is
anchored at the start or end of the line and only applies to short lines: a long body paragraph
that mentions "subscribe" or "cookies" is never furniture.
"""

from __future__ import annotations

import re

from newsdig.extract.dates import is_dateline
from newsdig.extract.draft import collapse

MAX_CHROME_LINE_CHARS = 120  # furniture is short; a line longer than this is body text
# "Previous article <headline>" carries a whole headline, so it may run longer.
MAX_NAV_LINE_CHARS = 250

_I = re.IGNORECASE


def _either(*words: str) -> str:
    """A regex group matching any of the alternatives (each itself a regex)."""
    return "(" + "|".join(words) + ")"


# What may follow a teaser label: nothing, or a separator and the teased headline.
# " - " needs its spaces, so "MIRA-Award" is no "Mira:" teaser.
_TEASER_TAIL = r"\b(\s*[:|–—>»?!].*|\s+-\s.*)?$"
# "Read more: <headline>" and its kin, English first, then the other languages of the dev sets
_TEASERS = _either(
    "read more", "read next", "read also", "also read", "see also", "more from", "more on this",
    "recommended( for you)?", "you (may|might) (also )?like", "trending( now)?", "most (read|popular)",
    "related( articles?| stories| posts| coverage| content| topics| news)?",
    # de
    "lesen sie (auch|hier|mehr|weiter)", "auch (lesen|interessant)", "schon gelesen", "zum weiterlesen",
    "mehr (zum thema|themen|dazu)", "weitere (themen|artikel|beiträge|informationen|infos)",
    "empfohlene (beiträge|artikel)", "((das|dieses) )?(thema )?könnte (dich|sie) auch interessieren",
    # fr, es, pt, pl
    "(à )?lire aussi", "à voir aussi", "sur le même sujet",
    "lea (también|más|además)", "lee también", "vea también", "le puede interesar", "puedes ver",
    "mira", "mire", "notas relacionadas", "contenido relacionado", "temas relacionados",
    "leia (também|mais)", "veja também",
    "czytaj (też|także|więcej)", "zobacz (też|także)", "dowiedz się więcej",
)
# One- or two-word widget labels that make up a whole line
_LABELS = _either(
    "skip to (main )?content", "menu", "home", "search", "print", "email", "close", "loading", "back to top",
    "top stories", "latest( news)?", "leave a (comment|reply)", "comments?", r"\d+ comments?",
    "no comments( yet)?", "(show|view) comments", "tags?", "topics", "filed under", "posted in",
    "image", "photo", "video", "audio", "listen( to this article)?", "watch", "play", "embed",
    # ad labels and widgets in de, es, fr, it, pl
    "anzeige", "werbung", "publicidad", "publicité", "pubblicità", "reklama", "bild anzeigen",
    "teilen( mit)?", "wird geladen", "kommentare?", "inhaltsverzeichnis", "temas",
)
_CREDITS = _either(
    "(photo|image|picture)( (source|credit)s?)?", "credits?", "crédits? photos?", r"fot\.", "foto",
    "bildquelle", "titelbild", "beitragsbild",
)
_ADS = _either(
    "advertisements?", "advertising", "ad", "ads", "sponsored( content| links?| stories)?",
    "promoted( content| stories)?", "paid (content|post|partnership)",
)
_SHARE_BUTTONS = _either(
    "share", "tweet", "pin", "e-?mail", "print", "copy link", "facebook", "twitter", "x", "whatsapp",
    "linkedin", "pinterest", "reddit", "telegram", "messenger", "flipboard",
)
_CONSENT_BUTTONS = _either(
    "(accept|reject|allow|decline)( all)?( cookies)?", "manage (cookies|preferences|consent)",
    "cookie (settings|policy|preferences|consent)", "privacy (policy|settings)", "terms( of (use|service))?",
    "ok", "got it", "i agree", "agree", "close", "dismiss",
)

# Lines that are furniture when no longer than MAX_CHROME_LINE_CHARS. Each is anchored.
_CHROME_PATTERNS: tuple[re.Pattern[str], ...] = (
    # a lone close button "x"/"×", a bullet, a digit, or any line with no letter or digit at all
    re.compile(r"^\S$|^[\W_]+$"),
    # ad placeholders and labels ("Advertisement - scroll to continue")
    re.compile(r"^google search engine$", _I),
    re.compile(r"^\*?" + _ADS + r"\b[\s:.\-–—]*((scroll|continue)( down)?( to| reading)?( continue)?"
               r"( with)?( content| reading)?)?$", _I),
    re.compile(r"^(sponsored|presented|promoted) by\b", _I),
    re.compile(r"^" + _TEASERS + _TEASER_TAIL, _I),
    re.compile(r"^\*?" + _LABELS + r"\b[\s:.…]*$", _I),
    re.compile(r"^(tags|topics|categories|filed under|posted in)\s*:", _I),
    # photo credits ("Photo: Reuters", "(Credit: Getty Images)")
    re.compile(r"^(image|photo|picture) (source|credit)s?\b", _I),
    re.compile(r"^\(?" + _CREDITS + r"\s*:", _I),
    # share rows and buttons
    re.compile(r"^(click to )?share( this( article| story| post| page)?| on \w+| via \w+)?\b[\s:!.]*$", _I),
    re.compile(r"^(" + _SHARE_BUTTONS + r"[\s|·•,/]*){2,}$", _I),
    # subscribe / sign-up / follow / newsletter calls to action
    re.compile(r"^(subscribe|sign up|signup|sign in|log ?in)\b", _I),
    re.compile(r"^(register|join)( now| here| today| us| for free)\b", _I),
    re.compile(r"^(get|receive|join)\b.{0,60}\bnewsletters?\b", _I),
    re.compile(r"^(enter|type) your e-?mail\b|^(your )?e-?mail address\W*$", _I),
    re.compile(r"^(the |our |daily |weekly |free )?newsletters?[\s:!.]*$", _I),
    re.compile(r"^(follow us|like us|connect with us|find us)\b", _I),
    # cookie banners and their buttons
    re.compile(r"^(we|this (web)?site) uses? cookies\b", _I),
    re.compile(r"^by (continuing|using)\b.*\b(cookies|privacy|terms)\b", _I),
    re.compile(r"^" + _CONSENT_BUTTONS + r"[\s.!]*$", _I),
    # copyright lines
    re.compile(r"^(©|\(c\)\s*\d{4}|copyright\s*(©|\(c\)|\d{4}))", _I),
    re.compile(r"\ball rights reserved\b[\s.]*$", _I),
)

# "Previous article <headline>" / "Next post <headline>": the headline may follow without a space
# (as in the seed, even "Next article2027: ..."). A lowercase letter after the noun means another
# word ("Previous articles in this series..." survives), and a line ending in a period is a
# sentence, not a link.
_NAV_PATTERN = re.compile(
    r"^(previous|prev|next|older|newer)\s*(article|post|story|entry|page)(?!(?-i:[a-z]))(?!.*\.$)", _I
)


def is_chrome(line: str) -> bool:
    """True when a line is page furniture by the built-in patterns (short lines only)."""
    text = collapse(line)
    if not text:
        return True
    if len(text) <= MAX_NAV_LINE_CHARS and _NAV_PATTERN.match(text):
        return True
    if len(text) > MAX_CHROME_LINE_CHARS:
        return False
    return is_dateline(text) or any(pattern.search(text) for pattern in _CHROME_PATTERNS)


def remove_chrome(paragraphs: list[str]) -> list[str]:
    """Drop furniture lines from each paragraph, and paragraphs left empty, keeping order."""
    kept: list[str] = []
    for paragraph in paragraphs:
        lines = [line for line in paragraph.split("\n") if not is_chrome(line)]
        if lines:
            kept.append("\n".join(lines))
    return kept
