"""The shared template context every language needs, built once per build
after all content has been read (signal all_generators_finalized)."""

from __future__ import annotations

import logging

from pelican.generators import ArticlesGenerator, PagesGenerator

from .fallback import FallbackPage, plan_fallbacks
from .freshness import assess
from pelican.plugins.site_config.config import SETTINGS_KEY, site_config
from .linking import (
    HOME_SLUG,
    by_language,
    freeze_urls,
    group_translations,
    link_translations,
    set_home_urls,
)

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
    site = site_config(pages_gen.settings)
    config = site.multilang
    langs = site.codes

    articles = [*articles_gen.articles, *articles_gen.translations]
    pages = [*pages_gen.pages, *pages_gen.translations]
    freeze_urls([*articles, *pages])
    groups = group_translations([*articles, *pages])

    fallbacks = plan_fallbacks(groups, langs, config.default_lang, config.untranslated)
    fallback_urls = {(fb.kind, fb.slug, fb.lang): fb.url for fb in fallbacks}
    link_translations(groups, site.languages, fallback_urls)

    fingerprints: dict[str, str] = {}
    for by_lang in groups.values():
        for lang, state in assess(by_lang, config.default_lang, fingerprints).items():
            by_lang[lang].freshness = state

    fallback_pages = [fb for fb in fallbacks if fb.kind == "page"]
    fallback_news = [fb for fb in fallbacks if fb.kind == "news"]
    news_by_lang = {
        lang: sorted(items, key=lambda a: (a.date, a.slug), reverse=True)
        for lang, items in by_language([*articles, *fallback_news], langs).items()
    }
    pages_by_lang = by_language([*pages, *fallback_pages], langs)
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
        "languages": list(site.languages),
        "news_by_lang": news_by_lang,
        "feed_news_by_lang": {  # feeds carry only real articles
            lang: [item for item in items if not isinstance(item, FallbackPage)]
            for lang, items in news_by_lang.items()
        },
        "pages_by_lang": pages_by_lang,
        "home_by_lang": home_by_lang,
        "menu_by_lang": menu_by_lang,
        "site_name_by_lang": site_name_by_lang,
        "fallback_pages": fallbacks,
        "all_content": sorted([*articles, *pages], key=lambda c: c.url),
        SETTINGS_KEY: site,
    }
    # Every generator shares one context dict; update it once.
    pages_gen.context.update(shared)

