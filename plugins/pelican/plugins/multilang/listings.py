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

    def generate_output(self, writer):
        """The listings, one step each; the sitemap collects its entries on the way."""
        site = self.context[SETTINGS_KEY]  # the run's configuration, shared by site_context
        not_found = {
            lang: Listing(lang, site.urls.not_found(lang), site.urls.not_found_save_as.format(lang=lang))
            for lang in site.multilang.languages
        }
        sitemap = _SitemapEntries(site)
        if site.multilang.news:
            self._write_news_and_feeds(writer, site, sitemap)
        self._write_not_found_pages(writer, site, not_found)
        self._write_fallback_pages(writer)
        self._write_root(writer, site, sitemap)
        self._write_redirects(writer)
        self._write_sitemap_and_robots(sitemap)

    def _write_news_and_feeds(self, writer, site, sitemap: _SitemapEntries) -> None:
        """Each language's news index and feed, listed in the sitemap."""
        urls = site.urls
        news_index = {
            lang: Listing(lang, urls.news_index(lang), urls.news_index_save_as.format(lang=lang))
            for lang in site.multilang.languages
        }
        alternates = _alternates(news_index, site.languages)
        for lang in site.multilang.languages:
            self._write_news(writer, news_index[lang], self.context["news_by_lang"][lang], alternates)
            sitemap.add(news_index[lang].url, alternates)

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

    def _write_not_found_pages(self, writer, site, not_found: dict[str, Listing]) -> None:
        """Each language's 404 page, and the server's default 404: any missing address, whose
        reader's language is unknown, so it speaks every language."""
        alternates = _alternates(not_found, site.languages)
        template = self.get_template("404")
        for lang in site.multilang.languages:
            writer.write_file(not_found[lang].save_as, template, self.context,
                              lang=lang, listing=not_found[lang], alternates=alternates)
        default = site.multilang.default_lang
        writer.write_file("404.html", template, self.context, lang=default, listing=not_found[default],
                          alternates=alternates, every_language=True)

    def _write_fallback_pages(self, writer) -> None:
        """A page not yet translated, shown in its original under the reader's language."""
        for fallback in self.context["fallback_pages"]:
            original = fallback.original
            writer.write_file(
                fallback.save_as,
                self.get_template(original.template),
                self.context,
                lang=fallback.lang,
                fallback=fallback,
                **{"article" if fallback.kind == "news" else "page": original},
            )

    def _write_root(self, writer, site, sitemap: _SitemapEntries) -> None:
        """The language picker at the site root, when the campaign has one."""
        if site.multilang.root_page:
            writer.write_file("index.html", self.get_template("root"), self.context, lang=site.multilang.default_lang)
            sitemap.add("", ())

    def _write_redirects(self, writer) -> None:
        """A static redirect page at each old URL (aliases.py), and the list of them for hosts that read one."""
        redirects = self.context["redirects"]
        for redirect in redirects:
            writer.write_file(
                redirect.save_as,
                self.get_template("redirect"),
                self.context,
                lang=redirect.target.lang,
                redirect=redirect,
                alternates=redirect.target.alternates,
            )
        if redirects:
            path = os.path.join(self.output_path, aliases.REDIRECTS_FILE)
            with open(path, "w", encoding="utf-8", newline="\n") as fp:
                fp.write(aliases.redirects_file(redirects, self.settings["SITEURL"]))

    def _write_sitemap_and_robots(self, sitemap: _SitemapEntries) -> None:
        """sitemap.xml: the listings collected so far, then every page and article; robots.txt."""
        for content in self.context["all_content"]:
            sitemap.add(content.url, content.alternates)
        path = write_sitemap(self.output_path, self.settings["SITEURL"], sitemap.entries)
        logger.info("multilang: wrote %s with %d URLs", path, len(sitemap.entries))
        write_robots(self.output_path, self.settings["SITEURL"])


class _SitemapEntries:
    """sitemap.xml's entries in the order they are listed: (url, alternates, x-default)."""

    def __init__(self, site):
        config = site.multilang
        self._default_lang = config.default_lang
        self._home_url = site.urls.home(config.default_lang)
        self._root_url = "" if config.root_page else None
        self.entries: list[tuple] = []

    def add(self, url, alternates) -> None:
        self.entries.append((url, alternates, x_default(alternates, self._default_lang, self._home_url,
                                                        self._root_url)))


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
