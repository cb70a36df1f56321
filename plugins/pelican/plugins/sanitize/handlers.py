"""Wiring: sanitize each content object's HTML as Pelican creates it.

Runs on ``content_object_init``, so the sanitized HTML is what the content
cache keeps, what the campaign_counter markers are replaced in (their
trusted template output is added afterwards) and what the Atom feeds use.
What was removed is logged as ``path:line`` and kept on the object as
``sanitizer_removed`` for ``invoke check``.
"""

from __future__ import annotations

import logging
import os

from pelican.plugins.site_config.config import site_config

from .memo import memo_for

logger = logging.getLogger(__name__)

# Front matter of a page that opts in to the trusted embeds: "Embeds: trusted".
OPT_IN_KEY, OPT_IN_VALUE = "embeds", "trusted"


def embed_origins(settings) -> frozenset[str]:
    """The https origins trusted embeds may load from (also used by the CSP)."""
    return site_config(settings).sanitize.embed_origins


def source_line(path: str | None, needle: str) -> int:
    """The first line of the source file that contains ``needle`` (0: unknown)."""
    if not path or not needle:
        return 0
    try:
        with open(path, encoding="utf-8") as stream:
            for number, line in enumerate(stream, 1):
                if needle.lower() in line.lower():
                    return number
    except (OSError, UnicodeDecodeError):
        pass
    return 0


def display_path(path: str | None) -> str:
    if not path:
        return "(unknown source)"
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def on_generator_init(generator) -> None:
    """The embed origins, for the pages' Content-Security-Policy (frame-src)."""
    generator.context["embed_origins"] = " ".join(sorted(embed_origins(generator.settings)))


def on_content_object_init(instance) -> None:
    settings = getattr(instance, "settings", None) or {}
    metadata = getattr(instance, "metadata", None) or {}
    trusted = str(metadata.get(OPT_IN_KEY, "")).strip().lower() == OPT_IN_VALUE
    origins = embed_origins(settings) if trusted else None
    clean = memo_for(settings, getattr(instance, "_context", None)).clean
    removed = []
    content = getattr(instance, "_content", None)
    if content:
        instance._content, found = clean(content, origins)
        removed += found
    if isinstance(getattr(instance, "_summary", None), str):
        instance._summary, found = clean(instance._summary, origins)
        removed += found
    if isinstance(metadata.get("summary"), str):
        metadata["summary"], found = clean(metadata["summary"], origins)
        removed += found
    source = getattr(instance, "source_path", None)
    reported = []
    for removal in dict.fromkeys(removed):
        line = source_line(source, removal.needle)
        reported.append((line, removal.what))
        logger.warning(
            "sanitize: %s:%d: removed the %s (raw HTML is limited to what Markdown writes; "
            "see docs/editing.md)", display_path(source), line, removal.what,
        )
    instance.sanitizer_removed = tuple(reported)
