"""share_image: each language's picture for link previews (og:image),
drawn at build time from the language's site name with a font the theme
ships (``theme/fonts/``): no external asset, no request. A language whose
name the font cannot draw keeps the theme's shared picture."""

from pelican import signals

from pelican.plugins.site_config.wiring import connect

from . import generator


def register():
    connect(signals.all_generators_finalized, generator.plan)
    connect(signals.get_generators, generator.get_generators)
