"""Per-language listings written after all content is read: news index with
pagination, Atom feed, 404 page, the root language picker, redirects from
old URLs (aliases.py) and sitemap.xml.

Nothing here re-reads a source file: every listing is built from the
articles and pages that Pelican parsed once for all languages.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from pelican.generators import Generator

from pelican.plugins.site_config.config import SETTINGS_KEY

from . import aliases
from .linking import Alternate
from .sitemap import write_sitemap, x_default

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Listing:
    """A generated page that is not a content file (news index, 404)."""

    lang: str
    url: str
    save_as: str


def _alternates(listings: dict[str, Listing | None], languages) -> tuple[Alternate, ...]:
    return tuple(Alternate.of(lang, listings.get(lang.code)) for lang in languages)


class ListingsGenerator(Generator):
    """Writes the per-language listings; registered through get_generators."""

    def generate_context(self):
        pass  # the content lists come from the article and page generators

    def _write_news(self, writer, listing: Listing, articles, alternates) -> None:
        """One language's news index (paginated) and, when it has news of its own, its Atom feed."""
        ctx = self.context
        site = ctx[SETTINGS_KEY]
        lang = listing.lang
        writer.write_file(
            listing.save_as,
            self.get_template("news"),
            ctx,
            paginated={"articles": articles},
            template_name="news",
            url=listing.url,
            lang=lang,
            listing=listing,
            alternates=alternates,
        )
        # a language with no news of its own gets no feed: an empty one
        # would only announce a new <updated> time on every build
        feed_items = ctx["feed_news_by_lang"][lang][: site.multilang.feed_items]
        if feed_items:
            writer.write_feed(
                feed_items,
                dict(ctx, SITENAME=ctx["site_name_by_lang"][lang], feed_lang=lang),
                path=site.urls.news_feed_save_as.format(lang=lang),
                url=site.urls.news_feed(lang),
                feed_type="atom",
            )

    def generate_output(self, writer):
        ctx = self.context
        site = ctx[SETTINGS_KEY]  # the run's configuration, shared by site_context
        config, urls = site.multilang, site.urls
        news_by_lang = ctx["news_by_lang"]

        news_index = {
            lang: Listing(lang, urls.news_index(lang), urls.news_index_save_as.format(lang=lang))
            for lang in config.languages
        }
        news_alternates = _alternates(news_index, site.languages)
        not_found = {
            lang: Listing(lang, urls.not_found(lang), urls.not_found_save_as.format(lang=lang))
            for lang in config.languages
        }
        sitemap_entries = []
        home_url = urls.home(config.default_lang)
        root_url = "" if config.root_page else None

        def listed(url, alternates):
            sitemap_entries.append((url, alternates, x_default(alternates, config.default_lang, home_url, root_url)))

        for lang in config.languages:
            if config.news:
                self._write_news(writer, news_index[lang], news_by_lang[lang], news_alternates)
                listed(news_index[lang].url, news_alternates)

            writer.write_file(
                not_found[lang].save_as,
                self.get_template("404"),
                ctx,
                lang=lang,
                listing=not_found[lang],
                alternates=_alternates(not_found, site.languages),
            )

        for fallback in ctx["fallback_pages"]:
            original = fallback.original
            writer.write_file(
                fallback.save_as,
                self.get_template(original.template),
                ctx,
                lang=fallback.lang,
                fallback=fallback,
                **{"article" if fallback.kind == "news" else "page": original},
            )

        # The server's default 404 (any missing address: the reader's language
        # is unknown, so it speaks every language) and the site root.
        writer.write_file(
            "404.html",
            self.get_template("404"),
            ctx,
            lang=config.default_lang,
            listing=not_found[config.default_lang],
            alternates=_alternates(not_found, site.languages),
            every_language=True,
        )
        if config.root_page:
            writer.write_file("index.html", self.get_template("root"), ctx, lang=config.default_lang)
            listed("", ())

        for redirect in ctx["redirects"]:
            writer.write_file(
                redirect.save_as,
                self.get_template("redirect"),
                ctx,
                lang=redirect.target.lang,
                redirect=redirect,
                alternates=redirect.target.alternates,
            )
        if ctx["redirects"]:
            path = os.path.join(self.output_path, aliases.REDIRECTS_FILE)
            with open(path, "w", encoding="utf-8", newline="\n") as fp:
                fp.write(aliases.redirects_file(ctx["redirects"], self.settings["SITEURL"]))

        for content in ctx["all_content"]:
            listed(content.url, content.alternates)
        path = write_sitemap(self.output_path, self.settings["SITEURL"], sitemap_entries)
        logger.info("multilang: wrote %s with %d URLs", path, len(sitemap_entries))
        write_robots(self.output_path, self.settings["SITEURL"])


def robots_txt(siteurl: str) -> str:
    """Every page may be crawled (language fallbacks say noindex themselves);
    crawlers find the sitemap when the site has an absolute URL."""
    lines = ["User-agent: *", "Allow: /"]
    if siteurl.startswith(("https://", "http://")):
        lines.append(f"Sitemap: {siteurl.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def write_robots(output_path: str, siteurl: str) -> None:
    with open(os.path.join(output_path, "robots.txt"), "w", encoding="utf-8", newline="\n") as fp:
        fp.write(robots_txt(siteurl))


def get_generators(pelican):
    return ListingsGenerator
