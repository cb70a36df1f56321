"""The gettext catalog of a language, from the multilang plugin's catalogs.

campaign_counter's sentences ("1 signature", "5 signatures") are in the same
theme catalogs as the templates' strings; a language with no catalog gets
English with a warning.
"""

from __future__ import annotations

import logging

from babel.support import NullTranslations

from pelican.plugins.multilang.catalogs import get_catalogs
from pelican.plugins.site_config.config import site_config

logger = logging.getLogger(__name__)


def translations_for(settings, lang: str):
    try:
        return get_catalogs(settings).translations(lang)
    except KeyError:
        logger.warning("campaign_counter: no catalog for language %r, using English", lang)
        return NullTranslations()


def locale_for(settings, lang: str) -> str:
    """The Babel locale for dates and numbers in ``lang``: the language's
    own, or the one LANGUAGE_OPTIONS names for it (``en`` → ``en_GB``)."""
    try:
        return str(site_config(settings).language(lang).locale)
    except KeyError:
        return lang
