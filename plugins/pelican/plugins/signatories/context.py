"""Put the letters into the template context, once per build."""

from __future__ import annotations

from pelican.generators import PagesGenerator

from .loading import load_all


def on_generator_init(generator) -> None:
    if not isinstance(generator, PagesGenerator):
        return
    settings = generator.settings
    generator.context["signatories"] = load_all(
        settings["DATA_PATH"],
        tuple(settings.get("LANGUAGES") or (settings["DEFAULT_LANG"],)),
        settings["DEFAULT_LANG"],
    )
