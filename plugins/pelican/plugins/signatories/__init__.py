"""signatories: the open letter's signatory list from one shared data file,
grouped by country with CLDR country names in each page's language."""

from pelican import signals

from pelican.plugins.site_config.wiring import connect

from . import context


def register():
    connect(signals.generator_init, context.on_generator_init)
