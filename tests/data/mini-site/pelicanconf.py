"""Fixture site: three languages (German, French without any page, English), the project's theme and
plugins, no counter; untranslated pages, escaping and pagination."""

import runpy
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[2]
_BASE = runpy.run_path(str(PROJECT / "pelicanconf.py"))
globals().update({name: value for name, value in _BASE.items() if name.isupper()})

SITENAME = "Mini site"
AUTHOR = "Fixture"
PATH = str(HERE / "content")
THEME = str(PROJECT / "theme")
DATA_PATH = str(HERE / "content" / "data")
# French has no page at all: the switcher must not link it
LANGUAGES = ["de", "fr", "en"]
DEFAULT_LANG = "en"
LANGUAGE_OPTIONS = {}  # the campaign's own (British English) are not the engine's
PAGE_PATHS = [f"{lang}/pages" for lang in LANGUAGES]
ARTICLE_PATHS = [f"{lang}/news" for lang in LANGUAGES]
PLUGINS = [
    "pelican.plugins.site_config",
    "pelican.plugins.cache_guard",
    "pelican.plugins.reproducible",
    "pelican.plugins.multilang",
    "pelican.plugins.signatories",
]
# Every campaign setting is set here, none inherited: the fixture builds the
# same whatever campaign pelicanconf.py describes.
TIMEZONE = "Europe/Berlin"
MULTILANG = {"translations_path": str(HERE / "translations")}
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
