"""Each language's Atom feed names itself and its language's home page.

Pelican gives every feed the site's root URL as ``<id>`` and ``<link>``, so
the feeds of all languages would share one identity and feed readers would
merge them. The listings pass the feed's language in its context
(``feed_lang``); feeds without one are left as Pelican made them.
"""

from __future__ import annotations

from pelican.plugins.site_config.config import SETTINGS_KEY

from .sitemap import absolute


def name_the_feed(context, feed) -> None:
    """feed_generated: <id> is the feed's own URL, <link> its language's home."""
    lang = context.get("feed_lang")
    if lang is None:
        return
    site = context[SETTINGS_KEY]
    siteurl = context.get("SITEURL", "")
    feed.feed["id"] = absolute(siteurl, site.urls.news_feed(lang))
    feed.feed["link"] = absolute(siteurl, site.urls.home(lang))
