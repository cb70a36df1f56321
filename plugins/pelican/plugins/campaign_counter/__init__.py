"""campaign_counter: signature counts and milestones from a JSON feed,
embedded at build time into campaign pages in every language.

See docs/campaign-feed.md for the feed format, the markers and settings.
"""

from pelican import signals

from pelican.plugins.site_config.wiring import connect

from . import handlers


def register():
    connect(signals.all_generators_finalized, handlers.on_all_generators_finalized)
    connect(signals.finalized, handlers.on_finalized)
