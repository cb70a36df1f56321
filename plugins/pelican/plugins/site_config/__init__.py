"""site_config: the site's one configuration object.

Read once per Pelican run from the settings (languages and their options,
URL patterns of generated pages, the multilang and campaign_counter
settings), validated in one place, and handed to plugins, templates
(``SITE_CONFIG``), tools, tests and the bench. See config.py.
"""

from pelican import signals

from . import config
from .wiring import connect


def register():
    connect(signals.initialized, config.on_initialized)
