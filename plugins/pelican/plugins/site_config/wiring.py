"""Connect a plugin's signal handlers so that they run only in builds that list the plugin.

Pelican's signals are process-wide and a plugin's ``register()`` connects its
handlers for the rest of the process: after one build with a plugin, every
later build in the same process (the test suite, a tool that builds two
sites) would run its handlers too, listed or not. ``connect`` wraps each
handler once (the wrapper is kept on the handler, so registering again
connects the same receiver) in a check of the build's ``PLUGINS``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

PACKAGE_DEPTH = 3  # pelican.plugins.<name>


def settings_of(sender) -> dict | None:
    """The settings of the build a signal comes from: a Pelican run, a generator, a content object,
    the list of generators, or the context dict (feed_generated)."""
    if isinstance(sender, dict):
        return sender
    if isinstance(sender, (list, tuple)):
        return settings_of(sender[0]) if sender else None
    settings = getattr(sender, "settings", None)
    return settings if isinstance(settings, dict) else None


def listed(settings: dict | None, package: str) -> bool:
    """This build's PLUGINS name `package` (None: Pelican loads every installed plugin)."""
    if settings is None:
        return True
    plugins = settings.get("PLUGINS")
    if plugins is None:
        return True
    return package in {getattr(p, "__name__", str(p)) for p in plugins}


def plugin_of(handler: Callable) -> str:
    return ".".join(handler.__module__.split(".")[:PACKAGE_DEPTH])


def only_when_listed(handler: Callable) -> Callable:
    """`handler`, run only for builds whose PLUGINS list its plugin; the same wrapper every time."""
    wrapped = handler.__dict__.get("_only_when_listed")
    if wrapped is None:
        package = plugin_of(handler)

        @functools.wraps(handler)
        def wrapped(sender, *args, **kwargs):
            if not listed(settings_of(sender), package):
                return None
            return handler(sender, *args, **kwargs)

        handler._only_when_listed = wrapped
    return wrapped


def connect(signal, handler: Callable) -> None:
    """signal.connect(handler), for the builds that list the handler's plugin only."""
    signal.connect(only_when_listed(handler), weak=False)
