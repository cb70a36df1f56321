"""The shared template context every language needs, built once per build
after all content has been read (signal all_generators_finalized)."""

from __future__ import annotations

import logging

from pelican.generators import ArticlesGenerator, PagesGenerator

from .languages import language
from .linking import HOME_SLUG, by_language, link_translations, set_home_urls
from .settings import MultilangSettings

logger = logging.getLogger(__name__)


def _menu_position(page) -> int:
    try:
        return int(page.metadata.get("menu", 0))
    except (TypeError, ValueError):
        return 0


def on_page_generator_finalized(generator) -> None:
    set_home_urls([*generator.pages, *generator.translations])


def on_all_generators_finalized(generators) -> None:
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_gen = next(g for g in generators if isinstance(g, PagesGenerator))
    config = MultilangSettings.from_pelican(pages_gen.settings)
    langs = config.languages

    articles = [*articles_gen.articles, *articles_gen.translations]
    pages = [*pages_gen.pages, *pages_gen.translations]
    link_translations([*articles, *pages], langs)

    news_by_lang = {
        lang: sorted(items, key=lambda a: (a.date, a.slug), reverse=True)
        for lang, items in by_language(articles, langs).items()
    }
    pages_by_lang = by_language(pages, langs)
    home_by_lang = {
        lang: next((p for p in items if p.slug == HOME_SLUG), None)
        for lang, items in pages_by_lang.items()
    }
    for lang, home in home_by_lang.items():
        if home is None:
            logger.warning(
                "multilang: %s has no home page: add content/%s/pages/index.md", lang, lang
            )
    menu_by_lang = {
        lang: sorted(
            (p for p in items if _menu_position(p) > 0),
            key=lambda p: (_menu_position(p), p.slug),
        )
        for lang, items in pages_by_lang.items()
    }
    site_name_by_lang = {
        lang: (home.title if home is not None else pages_gen.settings["SITENAME"])
        for lang, home in home_by_lang.items()
    }
    shared = {
        "languages": [language(code) for code in langs],
        "news_by_lang": news_by_lang,
        "pages_by_lang": pages_by_lang,
        "home_by_lang": home_by_lang,
        "menu_by_lang": menu_by_lang,
        "site_name_by_lang": site_name_by_lang,
        "all_content": sorted([*articles, *pages], key=lambda c: c.url),
    }
    # Every generator shares one context dict; update it once.
    pages_gen.context.update(shared)
