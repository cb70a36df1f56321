"""The shared template context every language needs, built once per build
after all content has been read (signal all_generators_finalized)."""

from __future__ import annotations

import logging
import os

from pelican.generators import ArticlesGenerator, PagesGenerator

from pelican.plugins.site_config.config import SETTINGS_KEY, site_config

from . import aliases
from .fallback import FallbackPage, plan_fallbacks
from .freshness import assess
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


def _generated_files(site) -> set[str]:
    """The files the listings write, which no alias may overwrite."""
    urls = site.urls
    files = {"index.html", "404.html", "sitemap.xml", aliases.REDIRECTS_FILE}
    for lang in site.codes:
        files |= {urls.home_save_as.format(lang=lang), urls.not_found_save_as.format(lang=lang)}
        if site.multilang.news:
            files |= {urls.news_index_save_as.format(lang=lang), urls.news_feed_save_as.format(lang=lang)}
    return files


def on_page_generator_finalized(generator) -> None:
    set_home_urls([*generator.pages, *generator.translations], site_config(generator.settings).urls)


def link_site(articles, pages, site) -> list[FallbackPage]:
    """Step 1: pin URLs, group translations, plan the fallback pages and give
    every content object its alternates. Returns the fallback pages."""
    config = site.multilang
    freeze_urls([*articles, *pages])
    groups = group_translations([*articles, *pages])
    fallbacks = plan_fallbacks(groups, site.codes, config.default_lang, config.untranslated)
    fallback_urls = {(fb.kind, fb.slug, fb.lang): fb.url for fb in fallbacks}
    link_translations(groups, site.languages, fallback_urls)
    mark_freshness(groups, config.default_lang)
    return fallbacks


def link_untranslated(context, contents, fallbacks, site) -> None:
    """`{filename}petition.md` in content/de/ where only content/en/pages/petition.md
    exists: Pelican finds no content at de/pages/petition.md and would leave
    the link unreplaced (a dead link). Register each untranslated page under
    the path its translation would have, so the link goes to the page in
    the reader's language frame (the fallback page) or, when untranslated
    pages are omitted, to the original."""
    generated = context.setdefault("generated_content", {})
    by_path = {c.relative_source_path.replace(os.sep, "/"): c for c in contents}
    fallback_by_path = {}
    for fb in fallbacks:
        rel = fb.original.relative_source_path.replace(os.sep, "/")
        fallback_by_path[f"{fb.lang}/{rel.split('/', 1)[1]}"] = fb
    default = site.multilang.default_lang
    for lang in site.codes:
        if lang == default:
            continue
        for rel, original in by_path.items():
            head, _, tail = rel.partition("/")
            if head != default or not tail:
                continue
            path = f"{lang}/{tail}"
            if path in generated or path in by_path:
                continue
            generated[path] = fallback_by_path.get(path, original)


def mark_freshness(groups, default_lang: str) -> None:
    """Step 2: each translation learns whether its original changed since."""
    fingerprints: dict[str, str] = {}
    for by_lang in groups.values():
        for lang, state in assess(by_lang, default_lang, fingerprints).items():
            by_lang[lang].freshness = state


def news_lists(articles, fallbacks, langs) -> dict[str, list]:
    """Step 3a: each language's news, newest first (fallbacks included)."""
    fallback_news = [fb for fb in fallbacks if fb.kind == "news"]
    return {
        lang: sorted(items, key=lambda a: (a.date, a.slug), reverse=True)
        for lang, items in by_language([*articles, *fallback_news], langs).items()
    }


def home_pages(pages_by_lang: dict[str, list]) -> dict[str, object]:
    """Step 3b: each language's home page; a missing one is a warning."""
    home_by_lang = {
        lang: next((p for p in items if p.slug == HOME_SLUG), None)
        for lang, items in pages_by_lang.items()
    }
    for lang, home in home_by_lang.items():
        if home is None:
            logger.warning("multilang: %s has no home page: add content/%s/pages/index.md", lang, lang)
    return home_by_lang


def menus(pages_by_lang: dict[str, list]) -> dict[str, list]:
    """Step 3c: each language's menu, by `Menu:` position then slug."""
    return {
        lang: sorted((p for p in items if _menu_position(p) > 0), key=lambda p: (_menu_position(p), p.slug))
        for lang, items in pages_by_lang.items()
    }


def on_all_generators_finalized(generators) -> None:
    """Once all content is read: link it, then share the per-language lists
    with every template (one context dict serves all generators)."""
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_gen = next(g for g in generators if isinstance(g, PagesGenerator))
    site = site_config(pages_gen.settings)
    langs = site.codes

    articles = [*articles_gen.articles, *articles_gen.translations]
    if articles and not site.multilang.news:
        logger.error(
            "multilang: MULTILANG['news'] is False, but %s is a news item: remove it, or switch news on",
            min(a.relative_source_path for a in articles),
        )
    pages = [*pages_gen.pages, *pages_gen.translations]
    fallbacks = link_site(articles, pages, site)
    link_untranslated(pages_gen.context, [*articles, *pages], fallbacks, site)

    news_by_lang = news_lists(articles, fallbacks, langs)
    pages_by_lang = by_language([*pages, *(fb for fb in fallbacks if fb.kind == "page")], langs)
    home_by_lang = home_pages(pages_by_lang)
    taken = {c.save_as for c in [*articles, *pages, *fallbacks]} | _generated_files(site)
    redirects, problems = aliases.plan([*articles, *pages], taken)
    for problem in problems:
        logger.error("multilang: %s", problem)
    pages_gen.context.update({
        "languages": list(site.languages),
        "redirects": redirects,
        "news_by_lang": news_by_lang,
        "feed_news_by_lang": {  # feeds carry only real articles
            lang: [item for item in items if not isinstance(item, FallbackPage)]
            for lang, items in news_by_lang.items()
        },
        "pages_by_lang": pages_by_lang,
        "home_by_lang": home_by_lang,
        "menu_by_lang": menus(pages_by_lang),
        "site_name_by_lang": {
            lang: (home.title if home is not None else pages_gen.settings["SITENAME"])
            for lang, home in home_by_lang.items()
        },
        "fallback_pages": fallbacks,
        "all_content": sorted([*articles, *pages], key=lambda c: c.url),
        SETTINGS_KEY: site,
    })
