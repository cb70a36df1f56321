"""The gettext catalog of a language, from the multilang plugin's catalogs.

campaign_counter's sentences ("1 signature", "5 signatures") are in the same
theme catalogs as the templates' strings; a language with no catalog gets
English with a warning.
"""

from __future__ import annotations

import logging

from babel.support import NullTranslations

from pelican.plugins.multilang.catalogs import get_catalogs

logger = logging.getLogger(__name__)


def translations_for(settings, lang: str):
    try:
        return get_catalogs(settings).translations(lang)
    except KeyError:
        logger.warning("campaign_counter: no catalog for language %r, using English", lang)
        return NullTranslations()
