"""multilang: one Pelican build pass for every language of the site.

Reads content/<lang>/... once, links translations by file name, renders
theme strings through gettext in each page's language and writes the
per-language listings. See docs/architecture.md.
"""

from pelican import signals

from . import feeds, jinja_env, linking, listings, site_context


def register():
    signals.generator_init.connect(jinja_env.on_generator_init)
    signals.content_object_init.connect(linking.expose_metadata)
    signals.page_generator_finalized.connect(site_context.on_page_generator_finalized)
    signals.all_generators_finalized.connect(site_context.on_all_generators_finalized)
    signals.get_generators.connect(listings.get_generators)
    signals.feed_generated.connect(feeds.name_the_feed)
