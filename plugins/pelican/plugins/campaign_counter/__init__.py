"""campaign_counter: signature counts and milestones from a JSON feed,
embedded at build time into campaign pages in every language.

See docs/campaign-feed.md for the feed format, the markers and settings.
"""

from pelican import signals

from . import handlers


def register():
    signals.all_generators_finalized.connect(handlers.on_all_generators_finalized)
    signals.finalized.connect(handlers.on_finalized)
