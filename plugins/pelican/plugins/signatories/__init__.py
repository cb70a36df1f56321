"""signatories: the open letter's signatory list from one shared data file,
grouped by country with CLDR country names in each page's language."""

from pelican import signals

from . import context


def register():
    signals.generator_init.connect(context.on_generator_init)
