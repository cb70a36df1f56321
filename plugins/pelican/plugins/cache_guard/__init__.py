"""cache_guard: Pelican's content cache, keyed by the code and settings that
made it and checked for damage before use (guard.py), and let go of once
saved (release.py)."""

from pelican import signals

from pelican.plugins.site_config.wiring import connect

from . import guard, release


def register():
    connect(signals.initialized, guard.on_initialized)
    # Pelican saves each generator's cache just before it sends its
    # *_generator_finalized: record then, so a build that fails later (a
    # content error found after reading) leaves a manifest that matches.
    connect(signals.article_generator_finalized, guard.on_generator_finalized)
    connect(signals.page_generator_finalized, guard.on_generator_finalized)
    connect(signals.article_generator_finalized, release.on_generator_finalized)
    connect(signals.page_generator_finalized, release.on_generator_finalized)
    connect(signals.finalized, guard.on_finalized)
