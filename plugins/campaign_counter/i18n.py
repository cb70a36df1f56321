"""The gettext catalog of a language, from the multilang plugin's catalogs.

Falls back to English (``NullTranslations``) when multilang is not loaded,
e.g. in unit tests or a site without it.
"""

from __future__ import annotations

import importlib
import logging

from babel.support import NullTranslations

logger = logging.getLogger(__name__)


def translations_for(settings, lang: str):
    try:
        catalogs = importlib.import_module("multilang.catalogs")
    except ImportError:
        logger.debug("campaign_counter: multilang not available, counters in English")
        return NullTranslations()
    try:
        return catalogs.get_catalogs(settings).translations(lang)
    except KeyError:
        logger.warning("campaign_counter: no catalog for language %r, using English", lang)
        return NullTranslations()
