"""multilang: one Pelican build pass for every language of the site.

Reads content/<lang>/... once, links translations by file name, renders
theme strings through gettext in each page's language and writes the
per-language listings. See docs/architecture.md.
"""

from pelican import signals

from pelican.plugins.site_config.wiring import connect

from . import feeds, jinja_env, linking, listings, site_context


def register():
    connect(signals.generator_init, jinja_env.on_generator_init)
    connect(signals.content_object_init, linking.expose_metadata)
    connect(signals.page_generator_finalized, site_context.on_page_generator_finalized)
    connect(signals.all_generators_finalized, site_context.on_all_generators_finalized)
    connect(signals.get_generators, listings.get_generators)
    connect(signals.feed_generated, feeds.name_the_feed)
