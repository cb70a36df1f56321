"""Pelican memoizes each content object's HTML (``Content.get_content`` and
``get_summary``) in one dictionary per method, for the life of the process.
A process that builds more than once (the preview, the test suite) kept
every earlier build's pages alive, and a build could find an earlier one's
entries. Emptied when a build starts and when it ends."""

from pelican.contents import Content


def forget_rendered_content(_sender=None) -> None:
    """Signals ``initialized`` and ``finalized``: drop every memoized page text. Idempotent."""
    for name in ("get_content", "get_summary"):
        cache = getattr(Content.__dict__.get(name), "cache", None)
        if isinstance(cache, dict):
            cache.clear()
