"""cache_guard: Pelican's content cache, keyed by the code and settings that
made it and checked for damage before use. See guard.py."""

from pelican import signals

from . import guard


def register():
    signals.initialized.connect(guard.on_initialized)
    signals.finalized.connect(guard.on_finalized)
