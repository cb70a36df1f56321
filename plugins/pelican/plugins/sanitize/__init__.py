"""sanitize: every page's and news item's rendered HTML (body and summary)
goes through an allowlist sanitizer (nh3) before anything is written, so
that nothing an editor or translator typed can redirect, track or script
readers. The Atom feeds are made from the same sanitized HTML.
See sanitizer.py for the allowlist and handlers.py for the wiring."""

from pelican import signals

from pelican.plugins.site_config.wiring import connect

from . import handlers, memo


def register():
    connect(signals.generator_init, handlers.on_generator_init)
    connect(signals.content_object_init, handlers.on_content_object_init)
    connect(signals.all_generators_finalized, memo.on_all_generators_finalized)
