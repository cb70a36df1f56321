"""Pages that are not translated into a language yet.

Policy (MULTILANG["untranslated"]):
- "fallback" (default): /<lang>/<slug>/ shows the original text, marked
  with its own language, inside the reader's language frame, with a notice
  in the reader's language saying so. Never listed as a translation
  (hreflang, sitemap), never indexed (robots noindex, canonical → original).
- "omit": the page does not exist in that language; the switcher says so.

Nothing is silently replaced: signed texts (petition, open letter) shown
this way keep the notice and the language of the original.
"""

from __future__ import annotations

from dataclasses import dataclass

from pelican.contents import Content

from pelican.plugins.site_config.multilang import FALLBACK, OMIT, POLICIES  # noqa: F401 - re-exported

from .linking import url_in_language


@dataclass(frozen=True)
class FallbackPage:
    """The original of a page, as shown in another language's frame."""

    original: Content
    lang: str  # the frame's language (the reader's)
    kind: str  # "page" or "news"

    @property
    def url(self) -> str:
        return url_in_language(self.original, self.lang)

    @property
    def save_as(self) -> str:
        url = self.url
        return url + "index.html" if url.endswith("/") else url

    # what menus and news lists read
    @property
    def title(self):
        return self.original.title

    @property
    def menu_title(self):
        return getattr(self.original, "menu_title", None)

    @property
    def summary(self):
        return self.original.summary

    @property
    def date(self):
        return self.original.date

    @property
    def slug(self):
        return self.original.slug

    @property
    def metadata(self):
        return self.original.metadata


def plan_fallbacks(groups, languages, default_lang: str, policy: str) -> list[FallbackPage]:
    """One FallbackPage per (page, language) that has no translation."""
    if policy == OMIT:
        return []
    pages = []
    for (kind, _slug), by_lang in sorted(groups.items()):
        original = by_lang.get(default_lang)
        if original is None:
            continue  # a translation with no original: `invoke check` reports it
        for lang in languages:
            if lang not in by_lang:
                pages.append(FallbackPage(original=original, lang=lang, kind=kind))
    return pages
