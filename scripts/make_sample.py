"""Write the generated part of newsdig's bundled sample: ~300 news articles from 14 fictional outlets.

    python scripts/make_sample.py            # rewrites src/newsdig/sample/generated/
    python scripts/make_sample.py --check    # exits 1 if the committed output is out of date

The output is committed, so `newsdig demo` works offline without running this. Deterministic:
the same script and stories give byte-identical files (random.Random(SEED), no clock).

The stories (scripts/sample_stories.py) are ~40 events, each told by several outlets with their
own angle: headline wording, which facts lead, paragraph order, quote attribution style, percent
style, and their own HTML site template (nav, cookie banner, ad slots, share bar,
previous/next links, newsletter box, most-read list, footer) for the extractor to remove.
Some events also have a news-agency wire story that other outlets run verbatim (exact copies)
or trimmed (near-duplicates); a few articles are republished by a partner outlet or updated
under a new URL (near-duplicates).
"""

from __future__ import annotations

import argparse
import filecmp
import html
import json
import random
import re
import shutil
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_stories import EVENTS

SEED = 20241204
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsdig" / "sample" / "generated"
HOME_PLACES = {"Northwind", "Easthaven", "Cedar Ridge"}
BUSINESS_KINDS = {"business", "economy", "labour", "tech"}
POLITICS_KINDS = {"politics", "labour", "courts", "environment", "health", "education"}
DRAMATIC_KINDS = {"disaster", "crime", "sport", "weather", "transport"}
MIN_EN_OUTLETS = 6

# ---------------------------------------------------------------------------------------------
# Outlets


@dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    domain: str
    lang: str
    family: str  # site template: broadsheet, tabloid, modern, regional; "wire" for the agency feed
    fmt: str  # html (a page per file), jsonl-html (pages as JSON lines), jsonl-text (agency feed)
    angle: str  # straight, dramatic, business, politics, local
    pc: str  # how 9.5{pc} is written
    quote_style: int
    reporters: tuple[str, ...]
    tagline: str
    newsletter: str
    tz: str = "Z"
    date_style: str = "dmy"


OUTLETS = [
    Outlet("tidewater", "Tidewater Press Agency", "tidewaterpress.com", "en", "wire", "jsonl-text",
           "straight", " percent", 0, ("Mara Quinn", "Daniel Achebe", "Sofia Lindqvist", "Rhys Okonjo"),
           "", ""),
    Outlet("herald", "The Meridian Herald", "meridianherald.com", "en", "broadsheet", "html", "straight",
           " per cent", 1,
           ("Eleanor Vance", "Tobias Reed", "Amara Nwosu", "Fergus Doyle", "Ingrid Halvorsen"),
           "Independent since 1851", "The Morning Edition: the day's essential stories before 7am."),
    Outlet("post", "Northwind Evening Post", "northwindpost.com", "en", "tabloid", "html", "dramatic", "%", 2,
           ("Gemma Price", "Lee Tanner", "Ryan Holt", "Kelly Marsh"),
           "Your city. Your news.", "Get the Evening Post's top stories every night at 6pm."),
    Outlet("capital", "Capital & Commerce", "capitalandcommerce.com", "en", "modern", "html",
           "business", "%", 3,
           ("Vikram Sethi", "Charlotte Beaumont", "Oren Feld", "Julia Marchand"),
           "Markets, money and the people who move them", "Market Open: what moves markets, every weekday."),
    Outlet("coast", "Coastline Daily", "coastlinedaily.net", "en", "regional", "html", "local", " percent", 0,
           ("Bethany Clarke", "Marcus Webb", "Nina Sorensen", "Paul Everett"),
           "News for Northwind, Easthaven and the coast", "The Coastline Daily digest lands at noon.",
           date_style="mdy"),
    Outlet("tribune", "The Open Tribune", "opentribune.org", "en", "modern", "html",
           "politics", " per cent", 1,
           ("Hannah Okeke", "Simon Ward", "Laila Haddad", "Conor Fitzgerald"),
           "Reader-funded journalism", "The Briefing: politics and power, twice a week."),
    Outlet("civic", "Civic Pulse", "civicpulse.news", "en", "modern", "jsonl-html", "politics", "%", 2,
           ("Jordan Ellis", "Priya Menon", "Sam Adair-Reid"),
           "Local news that matters", "Pulse Weekly: the stories behind the headlines."),
    Outlet("observer", "The Continental Observer", "continentalobserver.com", "en", "broadsheet", "html",
           "straight", " per cent", 3, ("Anders Holm", "Margaux Lefèvre", "Diego Salas", "Katja Lindner"),
           "The world, from here", "The Observer Dispatch: world news every morning."),
    Outlet("matin", "Le Matin de Valcourt", "lematin-valcourt.fr", "fr", "broadsheet", "html",
           "straight", "", 0,
           ("Camille Rousseau", "Julien Perrin", "Nathalie Giraud", "Thomas Lebrun"),
           "Le quotidien de Valcourt et de sa région",
           "La matinale : l'essentiel de l'actualité chaque matin.",
           tz="+01:00"),
    Outlet("littoral", "Info Littoral", "infolittoral.fr", "fr", "regional", "html", "local", "", 1,
           ("Gwenaëlle Le Roux", "Pierre-Yves Caradec", "Laure Benoît"),
           "L'actualité de la côte, de Saint-Aurèle à Valcourt",
           "Recevez chaque soir l'essentiel du littoral.",
           tz="+01:00"),
    Outlet("anzeiger", "Valbrücker Anzeiger", "valbruecker-anzeiger.de", "de", "broadsheet", "html",
           "straight",
           "", 0, ("Anna Hoffmann", "Markus Weber", "Jana Schröder", "Felix Braun"),
           "Die Zeitung für Valbrück und das Veldetal", "Der Morgen-Newsletter: das Wichtigste aus Valbrück.",
           tz="+01:00"),
    Outlet("rundschau", "Velde-Rundschau", "velde-rundschau.de", "de", "modern", "html", "local", "", 1,
           ("Lukas Becker", "Sabine Krämer", "Tim Vogel"),
           "Nachrichten aus dem Veldetal", "Der Rundschau-Abend: Nachrichten des Tages um 18 Uhr.",
           tz="+01:00"),
    Outlet("faro", "El Faro de Almira", "elfarodealmira.es", "es", "modern", "html", "straight", "", 0,
           ("Marta Delgado", "Sergio Navas", "Lucía Prats", "Álvaro Cano"),
           "El diario de Puerto Almira desde 1921", "El Faro al día: las noticias de Almira cada mañana.",
           tz="+01:00"),
    Outlet("diario", "Diario Costa Almira", "diariocostaalmira.es", "es", "tabloid", "html",
           "dramatic", "", 1,
           ("Nuria Campos", "Iván Rojas", "Elena Sanz"),
           "Toda la actualidad de la costa", "Las noticias más leídas, cada noche en tu correo.",
           tz="+01:00"),
]
BY_KEY = {o.key: o for o in OUTLETS}
WIRE = BY_KEY["tidewater"]

# ---------------------------------------------------------------------------------------------
# Language

WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"),
}
SECTIONS = {  # kind -> section name per language
    "en": {"labour": "Business", "business": "Business", "economy": "Economy", "tech": "Technology",
           "politics": "Politics", "courts": "Law", "health": "Health", "education": "Education",
           "environment": "Environment", "weather": "Weather", "disaster": "News", "crime": "News",
           "transport": "Transport", "science": "Science", "sport": "Sport"},
    "fr": {"labour": "Économie", "business": "Économie", "economy": "Économie", "tech": "Tech",
           "politics": "Politique", "courts": "Justice", "health": "Santé", "education": "Éducation",
           "environment": "Environnement", "weather": "Météo", "disaster": "Faits divers",
           "crime": "Faits divers", "transport": "Transports", "science": "Sciences", "sport": "Sport"},
    "de": {"labour": "Wirtschaft", "business": "Wirtschaft", "economy": "Wirtschaft", "tech": "Technik",
           "politics": "Politik", "courts": "Recht", "health": "Gesundheit", "education": "Bildung",
           "environment": "Umwelt", "weather": "Wetter", "disaster": "Lokales", "crime": "Blaulicht",
           "transport": "Verkehr", "science": "Wissenschaft", "sport": "Sport"},
    "es": {"labour": "Economía", "business": "Economía", "economy": "Economía", "tech": "Tecnología",
           "politics": "Política", "courts": "Tribunales", "health": "Salud", "education": "Educación",
           "environment": "Medio ambiente", "weather": "Tiempo", "disaster": "Sucesos", "crime": "Sucesos",
           "transport": "Transportes", "science": "Ciencia", "sport": "Deportes"},
}
# Site furniture, per language (what the extractor must remove)
UI = {
    "en": {"prev": "Previous article", "next": "Next article", "ad": "Advertisement",
           "cookie": "We use cookies to improve your experience and to show you relevant advertising.",
           "accept": "Accept", "reject": "Reject all", "newsletter": "Sign up for our newsletter",
           "email": "Email address", "signup": "Sign up", "most_read": "Most read",
           "related": "Related stories", "share": ("Share on Facebook", "Share on X", "Email"),
           "home": "Home", "rights": "All rights reserved.", "by": "By", "subscribe": "Subscribe",
           "login": "Sign in", "search": "Search", "published": "Published", "updated": "Updated",
           "footer": ("About us", "Contact", "Careers", "Advertise with us", "Privacy policy",
                      "Terms of use"),
           "corrections": "Spotted an error? Contact our corrections desk.",
           "skip": "Skip to main content"},
    "fr": {"prev": "Article précédent", "next": "Article suivant", "ad": "Publicité",
           "cookie": "Nous utilisons des cookies pour améliorer votre expérience et vous proposer des "
                     "publicités adaptées.",
           "accept": "Accepter", "reject": "Tout refuser", "newsletter": "Inscrivez-vous à notre newsletter",
           "email": "Adresse e-mail", "signup": "Je m'inscris", "most_read": "Les plus lus",
           "related": "À lire aussi", "share": ("Partager sur Facebook", "Partager sur X", "E-mail"),
           "home": "Accueil", "rights": "Tous droits réservés.", "by": "Par", "subscribe": "S'abonner",
           "login": "Se connecter", "search": "Rechercher", "published": "Publié le",
           "updated": "Mis à jour",
           "footer": ("Qui sommes-nous", "Contact", "Recrutement", "Publicité", "Données personnelles",
                      "Mentions légales"),
           "corrections": "Une erreur ? Signalez-la à la rédaction.",
           "skip": "Aller au contenu principal"},
    "de": {"prev": "Vorheriger Artikel", "next": "Nächster Artikel", "ad": "Anzeige",
           "cookie": "Wir verwenden Cookies, um Ihnen ein besseres Nutzungserlebnis und passende Werbung "
                     "zu bieten.",
           "accept": "Alle akzeptieren", "reject": "Ablehnen",
           "newsletter": "Melden Sie sich für unseren Newsletter an",
           "email": "E-Mail-Adresse", "signup": "Anmelden", "most_read": "Meistgelesen",
           "related": "Mehr zum Thema", "share": ("Auf Facebook teilen", "Auf X teilen", "Per E-Mail senden"),
           "home": "Startseite", "rights": "Alle Rechte vorbehalten.", "by": "Von", "subscribe": "Abo",
           "login": "Anmelden", "search": "Suche", "published": "Veröffentlicht am",
           "updated": "Aktualisiert",
           "footer": ("Über uns", "Kontakt", "Karriere", "Mediadaten", "Datenschutz", "Impressum"),
           "corrections": "Fehler gefunden? Schreiben Sie der Redaktion.",
           "skip": "Zum Inhalt springen"},
    "es": {"prev": "Artículo anterior", "next": "Artículo siguiente", "ad": "Publicidad",
           "cookie": "Utilizamos cookies para mejorar su experiencia y mostrarle publicidad relevante.",
           "accept": "Aceptar", "reject": "Rechazar", "newsletter": "Suscríbase a nuestro boletín",
           "email": "Correo electrónico", "signup": "Suscribirme", "most_read": "Lo más leído",
           "related": "Noticias relacionadas",
           "share": ("Compartir en Facebook", "Compartir en X", "Enviar por correo"),
           "home": "Portada", "rights": "Todos los derechos reservados.", "by": "Por",
           "subscribe": "Suscríbete", "login": "Iniciar sesión", "search": "Buscar",
           "published": "Publicado el", "updated": "Actualizado",
           "footer": ("Quiénes somos", "Contacto", "Trabaja con nosotros", "Publicidad", "Privacidad",
                      "Aviso legal"),
           "corrections": "¿Ha visto un error? Escriba a la redacción.",
           "skip": "Ir al contenido principal"},
}
# Strings the extractor must never leave in article text (tests/test_demo.py checks them).
FURNITURE = ("Previous article", "Next article", "Sign up for our newsletter", "We use cookies",
             "Article précédent", "Nous utilisons des cookies", "Inscrivez-vous à notre newsletter",
             "Vorheriger Artikel", "Wir verwenden Cookies", "Artículo anterior", "Utilizamos cookies")

# Quote attribution: (first mention, later mention) per language and style
ATTRIBUTION = {
    "en": [("“{q},” said {who}.", "“{q},” {surname} said."),
           ("{who}, said: “{q}”", "{surname} said: “{q}”"),
           ("“{q},” {who}, told reporters.", "“{q},” said {surname}."),
           ("“{q},” {who}, said on {dow}.", "“{q},” {surname} added.")],
    "fr": [("« {q} », a déclaré {who}.", "« {q} », a ajouté {surname}."),
           ("{who}, a affirmé : « {q} »", "{surname} a poursuivi : « {q} »")],
    "de": [("„{q}“, sagte {who}.", "„{q}“, sagte {surname}."),
           ("{who}, sagte: „{q}“", "{surname} fügte hinzu: „{q}“")],
    "es": [("«{q}», dijo {who}.", "«{q}», añadió {surname}."),
           ("{who}, afirmó: «{q}»", "{surname} aseguró: «{q}»")],
}
HEADLINE_ORDER = {"straight": (0, 3, 2, 1), "dramatic": (1, 0, 3, 2), "business": (2, 0, 3, 1),
                  "politics": (3, 0, 2, 1), "local": (0, 1, 3, 2)}
ANGLE_TAG = {"business": "$", "dramatic": "!", "politics": "?", "local": "!"}
WIRE_PLACE = {"Valbrück": "VALBRÜCK", "Puerto Almira": "PUERTO ALMIRA", "Saint-Aurèle": "SAINT-AURÈLE"}
REPUBLISHED = {"en": "This article was first published by {source} on {when} and is republished here "
                     "with permission.",
               "fr": "Cet article a d'abord été publié par {source} le {when}."}
UPDATED = {"en": "This article was updated on {when} with additional reporting.",
           "fr": "Article mis à jour le {when} avec de nouveaux éléments."}


def long_date(day: date, lang: str, style: str = "dmy") -> str:
    month = MONTHS[lang][day.month - 1]
    if lang == "en":
        return f"{month} {day.day}, {day.year}" if style == "mdy" else f"{day.day} {month} {day.year}"
    if lang == "de":
        return f"{day.day}. {month} {day.year}"
    if lang == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"


def smart(text: str) -> str:
    """Typographic quotes and apostrophes, as copy desks set them: ‘opening’ after a space or at
    the start, ’ everywhere else (apostrophes and closing quotes)."""
    text = re.sub(r"(^|(?<=[\s(“]))'(?=\w)", "‘", text)
    return text.replace("'", "’")


def slugify(text: str, limit: int = 70) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rsplit("-", 1)[0] if len(slug) > limit else slug


# ---------------------------------------------------------------------------------------------
# Telling a story


@dataclass
class Story:
    """One article as an outlet publishes it."""

    outlet: Outlet
    event: dict[str, Any]
    lang: str
    title: str
    paragraphs: list[str]
    published: datetime
    authors: tuple[str, ...]
    kind: str = "own"  # own, wire-copy, wire-trimmed, republished, updated
    url: str = ""
    path: str = ""
    neighbours: dict[str, Any] = field(default_factory=dict)

    @property
    def section(self) -> str:
        return SECTIONS[self.lang][self.event["kind"]]


class Speaker:
    """Renders {@key} placeholders: name and role first, surname after."""

    def __init__(self, people: dict[str, str], roles: dict[str, str]) -> None:
        self.names = {k: v.split("|")[0] for k, v in people.items()}
        self.surnames = {k: (v.split("|")[1] if "|" in v else v.split()[-1]) for k, v in people.items()}
        self.roles = roles
        self.mentioned: set[str] = set()

    def seen_in(self, text: str) -> None:
        self.mentioned |= {k for k, name in self.names.items() if name in text}

    def ref(self, key: str) -> str:
        if key in self.mentioned or key not in self.roles:
            self.mentioned.add(key)
            return self.surnames[key] if key in self.roles else self.names[key]
        self.mentioned.add(key)
        return f"{self.names[key]}, {self.roles[key]},"


def _tidy(text: str) -> str:
    """An apposition that ends a sentence: "according to X, the mayor,." -> "…, the mayor."."""
    return re.sub(r",([.,:;])", r"\1", text)


def fill(text: str, lang: str, outlet: Outlet, dow: str, speaker: Speaker) -> str:
    text = text.replace("{dow}", dow).replace("{pc}", outlet.pc if lang == "en" else "%")
    text = re.sub(r"\{@(\w+)\}", lambda m: speaker.ref(m.group(1)), text)
    text = _tidy(text)
    speaker.seen_in(text)
    return smart(text)


def quote_paragraph(lang: str, style: int, key: str, words: str, dow: str, speaker: Speaker) -> str:
    first, later = ATTRIBUTION[lang][style % len(ATTRIBUTION[lang])]
    template = later if key in speaker.mentioned else first
    q = words.strip()
    if template.startswith(("“", "«", "„")) and q.endswith("."):
        q = q[:-1]  # “… cut,” said X. — the attribution carries the full stop
    who = speaker.ref(key).rstrip(",")
    text = template.format(q=q, who=who, surname=speaker.surnames[key], dow=dow)
    if lang == "es" and text.endswith(".»"):
        text = text[:-2] + "»."  # Spanish sets the full stop after the closing guillemet
    speaker.seen_in(text)
    return smart(text)


def tagged(fact: str) -> tuple[str, str]:
    if len(fact) > 2 and fact[0] in "$!?>" and fact[1] == " ":
        return fact[0], fact[2:]
    return "", fact


def compose(event: dict[str, Any], lang: str, outlet: Outlet, rng: random.Random, head_rank: int,
            lead_index: int) -> tuple[str, list[str]]:
    """Headline and paragraphs of one outlet's telling, in its angle and style."""
    telling = event["tellings"][lang]
    day = date.fromisoformat(event["date"])
    dow = WEEKDAYS[lang][day.weekday()]
    speaker = Speaker(event["people"], telling["roles"])
    heads = telling["heads"]
    order = HEADLINE_ORDER[outlet.angle] if len(heads) == 4 else tuple(range(len(heads)))
    title = heads[order[head_rank % len(order)]]
    title = smart(title.replace("{pc}", "%").replace("{dow}", dow))

    facts = [tagged(f) for f in telling["facts"]]
    core, rest = facts[0], facts[1:]
    closing = [f for f in rest if f[0] == ">"]
    body = [f for f in rest if f[0] != ">"]
    rng.shuffle(body)
    lead_tag = ANGLE_TAG.get(outlet.angle)
    body.sort(key=lambda f: 0 if f[0] == lead_tag else 1)  # stable: the angle's facts come first
    if len(body) > 3 and rng.random() < 0.35:
        body.pop(rng.randrange(1, len(body)))
    quotes = list(telling["quotes"])
    first_quote = quotes.pop(0)
    rng.shuffle(quotes)
    quotes.insert(0, first_quote)
    if outlet.angle == "dramatic" and len(quotes) > 2 and rng.random() < 0.5:
        quotes.pop()

    leads = telling["leads"]
    parts: list[tuple[str, Any]] = [("fact", leads[lead_index % len(leads)]), ("fact", core[1])]
    body_iter = iter(body)
    for quote in quotes:
        parts.append(("quote", quote))
        nxt = next(body_iter, None)
        if nxt:
            parts.append(("fact", nxt[1]))
    parts.extend(("fact", f[1]) for f in body_iter)
    if closing and not (outlet.angle == "dramatic" and rng.random() < 0.4):
        parts.extend(("fact", f[1]) for f in closing)

    paragraphs = []
    said = 0
    for kind, value in parts:
        if kind == "fact":
            paragraphs.append(fill(value, lang, outlet, dow, speaker))
        else:
            key, words = value  # the house style first, then the others in turn
            paragraphs.append(quote_paragraph(lang, outlet.quote_style + said, key, words, dow, speaker))
            said += 1
    if outlet.key == "tidewater":
        place = WIRE_PLACE.get(event["place"], event["place"].upper())
        stamp = f"{place}, {MONTHS['en'][day.month - 1][:3]} {day.day} (TPA) – "
        paragraphs[0] = stamp + paragraphs[0]
    return title, paragraphs


# ---------------------------------------------------------------------------------------------
# Who covers what


def coverage_odds(outlet: Outlet, event: dict[str, Any]) -> float:
    home = event["place"] in HOME_PLACES
    kind = event["kind"]
    if outlet.key == "herald":
        return 0.95
    if outlet.key == "post":
        return 0.95 if home else (0.6 if kind in DRAMATIC_KINDS else 0.3)
    if outlet.key == "capital":
        return 0.95 if kind in BUSINESS_KINDS else 0.4
    if outlet.key == "coast":
        return 0.95 if home else 0.4
    if outlet.key == "tribune":
        return 0.95 if kind in POLITICS_KINDS else 0.55
    if outlet.key == "civic":
        return 0.6
    if outlet.key == "observer":
        return 0.4 if home else 0.95
    if outlet.lang != "en":
        primary = outlet.key in ("matin", "anzeiger", "faro")
        local = {"littoral": ("Saint-Aurèle", "Valcourt")}.get(outlet.key, ())
        return 1.0 if primary or event["place"] in local else 0.75
    return 0.0


def publish_time(event: dict[str, Any], outlet: Outlet, rng: random.Random) -> datetime:
    day = date.fromisoformat(event["date"])
    if outlet.family == "regional" and rng.random() < 0.3:
        day += timedelta(days=1)  # the regional paper's print-first story
    hour = rng.randint(6, 21)
    return datetime(day.year, day.month, day.day, hour, rng.choice((0, 5, 12, 20, 30, 41, 45, 55)))


def plan(rng: random.Random) -> list[Story]:
    stories: list[Story] = []
    for event in EVENTS:
        langs = event["tellings"]
        en_outlets = [o for o in OUTLETS if o.lang == "en" and o.key != "tidewater"
                      and rng.random() < coverage_odds(o, event)]
        spare = [o for o in OUTLETS if o.lang == "en" and o.key != "tidewater" and o not in en_outlets]
        rng.shuffle(spare)
        while len(en_outlets) < MIN_EN_OUTLETS and spare:
            en_outlets.append(spare.pop())
        en_outlets.sort(key=lambda o: OUTLETS.index(o))
        wire_story = None
        if event["wire"]:
            title, paragraphs = compose(event, "en", WIRE, rng, 0, 0)
            wire_story = Story(WIRE, event, "en", title, paragraphs, publish_time(event, WIRE, rng),
                               (rng.choice(WIRE.reporters),))
            stories.append(wire_story)
        copies = 0
        told: set[str] = set()
        for rank, outlet in enumerate(en_outlets):
            published = publish_time(event, outlet, rng)
            if wire_story and copies < 2 and rng.random() < 0.3:
                copies += 1
                trimmed = rng.random() < 0.5
                paragraphs = wire_story.paragraphs[:-1] if trimmed else list(wire_story.paragraphs)
                heads = event["tellings"]["en"]["heads"]
                title = smart(heads[HEADLINE_ORDER[outlet.angle][0]].replace("{pc}", "%"))
                stories.append(Story(outlet, event, "en", title, paragraphs,
                                     max(published, wire_story.published + timedelta(minutes=40)),
                                     (WIRE.name,), kind="wire-trimmed" if trimmed else "wire-copy"))
                continue
            title, paragraphs = distinct(told, event, "en", outlet, rng, 0, rank)
            stories.append(Story(outlet, event, "en", title, paragraphs, published, byline(outlet, rng)))
        for lang in langs:
            if lang == "en":
                continue
            local = [o for o in OUTLETS if o.lang == lang]
            for rank, outlet in enumerate(local):
                if rank and rng.random() >= coverage_odds(outlet, event):
                    continue
                title, paragraphs = distinct(told, event, lang, outlet, rng, rank, rank)
                stories.append(Story(outlet, event, lang, title, paragraphs, publish_time(event, outlet, rng),
                                     byline(outlet, rng)))
    stories.extend(near_duplicates(stories, rng))
    return stories


def distinct(told: set[str], event: dict[str, Any], lang: str, outlet: Outlet, rng: random.Random,
             head_rank: int, lead_index: int) -> tuple[str, list[str]]:
    """An outlet's own telling, never word for word the same as another outlet's own: two own
    stories with the same text would be filed as copies of one article."""
    for attempt in range(12):
        title, paragraphs = compose(event, lang, outlet, rng, head_rank, lead_index + attempt)
        text = "\n".join(paragraphs)
        if text not in told:
            told.add(text)
            return title, paragraphs
    raise SystemExit(f"cannot tell {event['key']} ({lang}) differently for {outlet.name}")


def byline(outlet: Outlet, rng: random.Random) -> tuple[str, ...]:
    if rng.random() < 0.15:
        return tuple(rng.sample(outlet.reporters, 2))
    return (rng.choice(outlet.reporters),)


def near_duplicates(stories: list[Story], rng: random.Random) -> list[Story]:
    """A few partner republications and updates under a new URL."""
    extra: list[Story] = []
    own = [s for s in stories if s.kind == "own" and s.outlet.fmt == "html"]
    herald = [s for s in own if s.outlet.key == "herald"]
    for partner, count in (("civic", 2), ("coast", 2)):
        outlet = BY_KEY[partner]
        covered = {s.event["key"] for s in stories if s.outlet.key == partner}
        pool = [s for s in herald if s.event["key"] not in covered]
        for original in rng.sample(pool, count):
            when = original.published + timedelta(hours=rng.randint(3, 20))
            note = REPUBLISHED["en"].format(source=original.outlet.name,
                                            when=long_date(original.published.date(), "en"))
            extra.append(Story(outlet, original.event, "en", original.title, [*original.paragraphs, note],
                               when, original.authors, kind="republished"))
    for outlet_key in ("post", "tribune", "littoral"):
        pool = [s for s in own if s.outlet.key == outlet_key]
        original = rng.choice(pool)
        when = original.published + timedelta(days=1, hours=rng.randint(1, 5))
        note = UPDATED.get(original.lang, UPDATED["en"]).format(when=long_date(when.date(), original.lang))
        heads = original.event["tellings"][original.lang]["heads"]
        title = smart(next((h for h in heads if smart(h.replace("{pc}", "%")) != original.title), heads[0])
                      .replace("{pc}", "%"))
        extra.append(Story(original.outlet, original.event, original.lang, title,
                           [*original.paragraphs, note], when, original.authors, kind="updated"))
    return extra


# ---------------------------------------------------------------------------------------------
# Addresses


def assign_urls(stories: list[Story]) -> None:
    seen: set[str] = set()
    for story in stories:
        o, p = story.outlet, story.published
        slug = slugify(story.title)
        sec = slugify(story.section)
        num = 100000 + int.from_bytes(slug.encode()[:6].ljust(6, b"0"), "big") % 900000
        urls = {
            "tidewater": f"https://tidewaterpress.com/wire/{p:%Y%m%d}-{slug}",
            "herald": f"https://www.meridianherald.com/{sec}/{p:%Y/%m/%d}/{slug}",
            "post": f"https://www.northwindpost.com/news/{slug}-{num}",
            "capital": f"https://capitalandcommerce.com/{sec}/{slug}-{p:%Y%m%d}",
            "coast": f"https://coastlinedaily.net/story/{p:%Y%m%d}/{slug}.html",
            "tribune": f"https://opentribune.org/{sec}/{slug}",
            "civic": f"https://civicpulse.news/p/{slug}",
            "observer": f"https://www.continentalobserver.com/{sec}/{p:%Y-%m-%d}/{slug}",
            "matin": f"https://www.lematin-valcourt.fr/{sec}/{slug}_{num}.html",
            "littoral": f"https://www.infolittoral.fr/actu/{p:%Y/%m/%d}/{slug}",
            "anzeiger": f"https://www.valbruecker-anzeiger.de/{sec}/{slug}-a{num}.html",
            "rundschau": f"https://www.velde-rundschau.de/artikel/{slug}",
            "faro": f"https://www.elfarodealmira.es/{sec}/{p:%Y/%m/%d}/{slug}.html",
            "diario": f"https://diariocostaalmira.es/noticia/{num}/{slug}",
        }
        url = urls[o.key]
        while url in seen:
            url += "-2"
        seen.add(url)
        story.url = url
        story.path = f"sites/{o.key}/{p:%Y-%m-%d}-{slug[:60]}.html"


def link_neighbours(stories: list[Story], rng: random.Random) -> None:
    by_outlet: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        by_outlet[story.outlet.key].append(story)
    for items in by_outlet.values():
        items.sort(key=lambda s: (s.published, s.url))
        for i, story in enumerate(items):
            others = [s for s in items if s is not story]
            story.neighbours = {
                "prev": items[i - 1] if i > 0 else None,
                "next": items[i + 1] if i + 1 < len(items) else None,
                "popular": rng.sample(others, min(4, len(others))),
            }


# ---------------------------------------------------------------------------------------------
# Site templates


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def iso(story: Story) -> str:
    stamp = story.published.isoformat(timespec="seconds")
    return stamp + ("Z" if story.outlet.tz == "Z" else story.outlet.tz)


def shown_date(story: Story) -> str:
    p, lang = story.published, story.lang
    if lang == "en":
        return f"{long_date(p.date(), lang, story.outlet.date_style)}, {p:%H:%M}"
    if lang == "fr":
        return f"{long_date(p.date(), lang)} à {p.hour}h{p:%M}"
    if lang == "de":
        return f"{p:%d.%m.%Y}, {p:%H:%M} Uhr"
    return f"{long_date(p.date(), lang)}, {p:%H:%M}"


def description(story: Story) -> str:
    words = story.paragraphs[0].split()
    return " ".join(words[:32]) + ("…" if len(words) > 32 else "")


def nav_items(lang: str) -> list[str]:
    names = SECTIONS[lang]
    seen = list(dict.fromkeys(names[k] for k in ("politics", "economy", "environment", "science", "health",
                                                  "sport", "tech", "disaster")))
    return [UI[lang]["home"], *seen]


def head(story: Story, extra: str = "") -> str:
    o = story.outlet
    meta = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(story.title)} | {esc(o.name)}</title>",
        f'<meta name="description" content="{esc(description(story))}">',
        f'<meta property="og:site_name" content="{esc(o.name)}">',
        f'<meta property="og:title" content="{esc(story.title)}">',
        f'<meta property="og:url" content="{esc(story.url)}">',
        '<meta property="og:type" content="article">',
    ]
    if o.family != "tabloid":
        meta.append(f'<link rel="canonical" href="{esc(story.url)}">')
    if o.family in ("broadsheet", "modern"):
        meta.append(f'<meta property="article:published_time" content="{iso(story)}">')
        meta.append(f'<meta property="article:section" content="{esc(story.section)}">')
    if o.family == "regional":
        meta.append(f'<meta name="date" content="{story.published:%Y-%m-%d}">')
    meta.append(f'<meta name="author" content="{esc(", ".join(story.authors))}">')
    meta.append(f'<link rel="stylesheet" href="https://static.{o.domain}/css/site.css">')
    return "<head>\n" + "\n".join(meta) + extra + "\n</head>"


def json_ld(story: Story) -> str:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
        "datePublished": iso(story), "inLanguage": story.lang,
        "author": [{"@type": "Person", "name": a} for a in story.authors],
        "publisher": {"@type": "Organization", "name": story.outlet.name},
        "mainEntityOfPage": story.url,
    }
    return ('\n<script type="application/ld+json">' + json.dumps(data, ensure_ascii=False)
            + "</script>")


def byline_html(story: Story) -> str:
    ui = UI[story.lang]
    names = ", ".join(esc(a) for a in story.authors)
    return f'<span class="byline">{ui["by"]} {names}</span>'


def body_html(story: Story, ad_every: int = 0) -> str:
    ui = UI[story.lang]
    out = []
    for i, paragraph in enumerate(story.paragraphs, 1):
        out.append(f"<p>{esc(paragraph)}</p>")
        if ad_every and i % ad_every == 0 and i < len(story.paragraphs):
            out.append(f'<div class="ad ad-inline"><span>{ui["ad"]}</span></div>')
    return "\n".join(out)


def prev_next(story: Story, style: str) -> str:
    ui = UI[story.lang]
    links = []
    for rel in ("prev", "next"):
        other = story.neighbours.get(rel)
        if other is None:
            continue
        label = ui[rel]
        if style == "wp":  # WordPress themes: the label and the headline run together
            links.append(f'<div class="post-nav-{rel}"><a href="{esc(path_of(other.url))}">'
                         f"<span>{label}</span>{esc(other.title)}</a></div>")
        else:
            links.append(f'<a rel="{rel}" href="{esc(path_of(other.url))}"><span class="label">{label}'
                         f"</span> {esc(other.title)}</a>")
    tag = "div" if style == "wp" else "nav"
    return f'<{tag} class="article-pagination">\n' + "\n".join(links) + f"\n</{tag}>"


def popular(story: Story, title_key: str = "most_read") -> str:
    ui = UI[story.lang]
    items = "".join(f'<li><a href="{esc(path_of(s.url))}">{esc(s.title)}</a></li>'
                    for s in story.neighbours.get("popular", []))
    return f'<section class="popular"><h2>{ui[title_key]}</h2><ol>{items}</ol></section>'


def newsletter(story: Story) -> str:
    ui, o = UI[story.lang], story.outlet
    return (f'<section class="newsletter"><h2>{ui["newsletter"]}</h2><p>{esc(o.newsletter)}</p>'
            f'<form action="/newsletter" method="post"><label>{ui["email"]} <input type="email" name="email">'
            f'</label><button>{ui["signup"]}</button></form></section>')


def cookie_banner(story: Story) -> str:
    ui = UI[story.lang]
    return (f'<div class="cookie-consent" role="dialog"><p>{ui["cookie"]}</p>'
            f'<button>{ui["accept"]}</button> <button>{ui["reject"]}</button></div>')


def footer(story: Story) -> str:
    ui, o = UI[story.lang], story.outlet
    links = "".join(f'<li><a href="/{slugify(x)}">{x}</a></li>' for x in ui["footer"])
    return (f'<footer class="site-footer"><ul>{links}</ul>\n'
            f"<p>© {story.published.year} {esc(o.name)}. {ui['rights']}</p></footer>")


def masthead(story: Story) -> str:
    ui, o = UI[story.lang], story.outlet
    items = "".join(f'<li><a href="/{slugify(x) if i else ""}">{x}</a></li>'
                    for i, x in enumerate(nav_items(story.lang)))
    return (f'<header class="masthead"><a class="skip" href="#main">{ui["skip"]}</a>'
            f'<a class="logo" href="/">{esc(o.name)}</a><span class="tagline">{esc(o.tagline)}</span>'
            f'<a href="/subscribe">{ui["subscribe"]}</a> <a href="/login">{ui["login"]}</a>\n'
            f'<nav class="sections"><ul>{items}</ul></nav></header>')


def share(story: Story) -> str:
    ui = UI[story.lang]
    return '<ul class="share">' + "".join(f'<li><a href="#">{x}</a></li>' for x in ui["share"]) + "</ul>"


def page(story: Story) -> str:
    family, ui = story.outlet.family, UI[story.lang]
    ad = f'<div class="ad ad-top"><span>{ui["ad"]}</span></div>'
    header = (f'<h1 class="headline">{esc(story.title)}</h1>\n<div class="meta">{byline_html(story)} '
              f'<time datetime="{iso(story)}">{shown_date(story)}</time></div>')
    if family == "broadsheet":
        inner = (f'{cookie_banner(story)}\n{masthead(story)}\n{ad}\n<main id="main">\n<article>\n{header}\n'
                 f'<div class="article-body">\n{body_html(story, 4)}\n</div>\n{share(story)}\n'
                 f'<p class="corrections">{ui["corrections"]}</p>\n</article>\n{prev_next(story, "nav")}\n'
                 f"<aside>{newsletter(story)}\n{popular(story)}</aside>\n</main>\n{footer(story)}")
        extra = ""
    elif family == "tabloid":
        inner = (f'{masthead(story)}\n{ad}\n<div class="content"><div class="post">\n'
                 f'<h1 class="entry-title">{esc(story.title)}</h1>\n<div class="entry-meta">'
                 f'{byline_html(story)} <span class="date">{shown_date(story)}</span></div>\n'
                 f'{share(story)}\n<div class="entry-content">\n{body_html(story, 3)}\n</div>\n'
                 f'{prev_next(story, "wp")}\n</div>\n'
                 f'<div class="sidebar">{popular(story)}\n{ad}</div></div>\n'
                 f"{newsletter(story)}\n{footer(story)}\n{cookie_banner(story)}")
        extra = json_ld(story)
    elif family == "modern":
        crumbs = (f'<nav class="breadcrumbs"><a href="/">{ui["home"]}</a> › '
                  f'<a href="/{slugify(story.section)}">{esc(story.section)}</a></nav>')
        inner = (f'{cookie_banner(story)}\n{masthead(story)}\n<main id="main">\n{crumbs}\n'
                 f'<article class="story">\n{header}\n<div class="story-body">\n'
                 f'{body_html(story, 5)}\n</div>\n{share(story)}\n</article>\n{newsletter(story)}\n'
                 f'{popular(story, "related")}\n{prev_next(story, "nav")}\n</main>\n{footer(story)}')
        extra = json_ld(story)
    else:  # regional: dates in the text only, table-ish markup
        inner = (f'{masthead(story)}\n{ad}\n<div id="main" class="wrap"><div class="col-main">\n'
                 f'<h1>{esc(story.title)}</h1>\n<p class="dateline">{ui["published"]} '
                 f'{long_date(story.published.date(), story.lang, story.outlet.date_style)}</p>\n'
                 f'<p class="byline">{byline_html(story)}</p>\n<div class="text">\n{body_html(story)}\n'
                 f'</div>\n{prev_next(story, "wp")}\n</div>\n<div class="col-side">{newsletter(story)}\n'
                 f'{popular(story)}</div></div>\n{footer(story)}\n{cookie_banner(story)}')
        extra = ""
    return (f'<!DOCTYPE html>\n<html lang="{story.lang}">\n{head(story, extra)}\n'
            f'<body class="{story.outlet.key} article">\n{inner}\n</body>\n</html>\n')


# ---------------------------------------------------------------------------------------------
# Output


def render(stories: list[Story], out: Path) -> None:
    feeds: dict[str, list[str]] = defaultdict(list)
    for story in sorted(stories, key=lambda s: (s.outlet.key, s.published, s.url)):
        fmt = story.outlet.fmt
        if fmt == "html":
            target = out / story.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page(story), encoding="utf-8")
        elif fmt == "jsonl-html":
            fetched = story.published + timedelta(hours=2)
            feeds[story.outlet.key].append(json.dumps(
                {"url": story.url, "html": page(story), "fetched_at": fetched.isoformat() + "Z"},
                ensure_ascii=False))
        else:
            feeds[story.outlet.key].append(json.dumps({
                "url": story.url, "title": story.title, "text": "\n\n".join(story.paragraphs),
                "published": iso(story), "authors": list(story.authors), "language": story.lang,
                "source": story.outlet.name,
            }, ensure_ascii=False))
    for key, lines in feeds.items():
        # the agency's feed is imported first (directories go in name order), so the original,
        # not a client's copy, is the article its verbatim copies are filed under
        folder = "agency" if BY_KEY[key].fmt == "jsonl-text" else "feeds"
        target = out / folder / f"{slugify(BY_KEY[key].name)}.jsonl"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build() -> list[Story]:
    rng = random.Random(SEED)
    stories = plan(rng)
    assign_urls(stories)
    link_neighbours(stories, rng)
    return stories


def summary(stories: list[Story]) -> dict[str, Any]:
    return {
        "articles": len(stories),
        "events": len(EVENTS),
        "outlets": len({s.outlet.key for s in stories}),
        "languages": dict(Counter(s.lang for s in stories)),
        "months": len({s.published.strftime("%Y-%m") for s in stories}),
        "kinds": dict(Counter(s.kind for s in stories)),
        "per_outlet": dict(Counter(s.outlet.name for s in stories)),
    }


def same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed output is stale")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    stories = build()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "generated"
        render(stories, fresh)
        if args.check:
            if not same_tree(fresh, args.out):
                print(f"{args.out} is out of date: run python scripts/make_sample.py", file=sys.stderr)
                return 1
            print("generated sample is up to date")
            return 0
        if args.out.exists():
            shutil.rmtree(args.out)
        shutil.copytree(fresh, args.out)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(json.dumps({**summary(stories), "bytes": size}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
