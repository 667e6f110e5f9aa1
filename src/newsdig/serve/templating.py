"""Jinja2 set-up for the HTML pages: autoescape on everything, templates shipped in the package."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

# Jinja2Templates turns autoescaping on for .html/.xml templates; user and article text is
# therefore escaped unless a template marks a value safe, which only `highlight()` output is.
templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
