"""cache_guard: Pelican's content cache, keyed by the code and settings that
made it and checked for damage before use. See guard.py."""

from pelican import signals

from . import guard


def register():
    signals.initialized.connect(guard.on_initialized)
    # Pelican saves each generator's cache just before it sends its
    # *_generator_finalized: record then, so a build that fails later (a
    # content error found after reading) leaves a manifest that matches.
    signals.article_generator_finalized.connect(guard.on_generator_finalized)
    signals.page_generator_finalized.connect(guard.on_generator_finalized)
    signals.finalized.connect(guard.on_finalized)
