"""Render the hosts' header files from the site configuration.

``_headers`` (Netlify, Cloudflare Pages and other hosts that read it) is
written into the output by every build; ``deploy/_headers`` and
``deploy/nginx.conf.example`` are the same renderings, written by
``invoke deploy-config`` from publishconf.py, for people reading the
repository and for servers configured by hand.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pelican.plugins.site_config.config import site_config

logger = logging.getLogger(__name__)

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
HEADERS_NAME = "_headers"


def _environment() -> Environment:
    # plain text files: nothing here is HTML, and every value is the site's own setting
    return Environment(
        loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, autoescape=False,
    )


def render_headers(settings: dict) -> str:
    return _environment().get_template("_headers").render(csp=site_config(settings).csp)


def render_nginx(settings: dict) -> str:
    config = site_config(settings)
    host = urlsplit(settings.get("SITEURL") or "").hostname or "campaign.example.org"
    return _environment().get_template("nginx.conf.example").render(
        csp=config.csp, server_name=host, languages=config.codes, default_lang=config.default_lang,
        not_found=config.urls.not_found("$site_lang"),
    )


def write(path: str, text: str) -> bool:
    """Write ``text`` to ``path`` unless it is already there; True if written."""
    try:
        with open(path, encoding="utf-8") as fp:
            if fp.read() == text:
                return False
    except OSError:
        pass
    with open(path, "w", encoding="utf-8") as fp:
        fp.write(text)
    return True


def on_finalized(pelican) -> None:
    """Signal ``finalized``: the headers file at the root of the output."""
    write(os.path.join(pelican.output_path, HEADERS_NAME), render_headers(pelican.settings))
    logger.debug("security_headers: wrote %s", HEADERS_NAME)
