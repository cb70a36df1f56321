"""Link the language versions of each page and article together.

The file name is the translation link: content/de/pages/petition.md and
content/fr/pages/petition.md are the same page. Pelican already groups
them by slug (SLUGIFY_SOURCE = "basename", *_TRANSLATION_ID = "slug");
this module turns each group into a complete, ordered list of alternates,
one per configured language, so that templates never link to a page that
does not exist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pelican.contents import Article, Content, Page

from pelican.plugins.site_config.languages import Language

HOME_SLUG = "index"


@dataclass(frozen=True)
class Alternate:
    language: Language
    content: Content | None  # None: not translated into this language
    fallback_url: str | None = None  # the original, shown in this language's frame
    # The real translation's URL: the only kind hreflang and the sitemap list.
    # Computed once when translations are linked (Pelican recomputes
    # content.url on every access).
    url: str | None = None

    @classmethod
    def of(cls, language: Language, content, fallback_url: str | None = None) -> Alternate:
        return cls(language, content, fallback_url, content.url if content is not None else None)


def expose_metadata(content: Content) -> None:
    """Front-matter keys with hyphens (Signed-original, Cta-link) become
    attributes templates can reach: page.signed_original, page.cta_link."""
    for key, value in content.metadata.items():
        if "-" in key:
            setattr(content, key.replace("-", "_"), value)


def set_home_urls(pages: Iterable[Page], urls) -> None:
    """content/<lang>/pages/index.md is the language's home, at the
    configured HOME_URL / HOME_SAVE_AS (default /<lang>/)."""
    for page in pages:
        if page.slug == HOME_SLUG:
            page.override_url = urls.home(page.lang)
            page.override_save_as = urls.home_save_as.format(lang=page.lang)


def freeze_urls(contents: Iterable[Content]) -> None:
    """Pelican recomputes content.url and save_as from the URL settings on
    every access (a dict of a dozen fields, paths made relative, ...): tens
    of thousands of times per build in menus, switchers and lists. Once
    every URL is final, pin it with Pelican's own override attributes."""
    for content in contents:
        content.override_url = content.url
        content.override_save_as = content.save_as


def content_kind(content: Content) -> str:
    return "news" if isinstance(content, Article) else "page"


def group_translations(contents: Iterable[Content]) -> dict[tuple[str, str], dict[str, Content]]:
    """(kind, slug) → {lang: content}: the language versions of each page."""
    groups: dict[tuple[str, str], dict[str, Content]] = defaultdict(dict)
    for content in contents:
        groups[(content_kind(content), content.slug)][content.lang] = content
    return groups


def url_in_language(content: Content, lang: str) -> str:
    """The URL the page would have in another language (URL settings all
    start with {lang}/, see pelicanconf.py)."""
    prefix = f"{content.lang}/"
    if not content.url.startswith(prefix):
        raise ValueError(f"multilang: {content.url!r} does not start with {prefix!r}: "
                         "every *_URL setting must start with {lang}/")
    return f"{lang}/{content.url[len(prefix):]}"


def link_translations(groups, languages: tuple[Language, ...], fallbacks: dict) -> None:
    """Attach `alternates` (one per language, in LANGUAGES order) and
    `translation_key` to every content object. `fallbacks` maps
    (kind, slug, lang) to the URL of a fallback page where there is one."""
    for (kind, slug), by_lang in groups.items():
        alternates = tuple(
            Alternate.of(lang, by_lang.get(lang.code), fallbacks.get((kind, slug, lang.code)))
            for lang in languages
        )
        for content in by_lang.values():
            content.alternates = alternates
            content.translation_key = f"{kind}/{slug}"


def by_language(contents: Iterable[Content], languages: tuple[str, ...]) -> dict[str, list]:
    result: dict[str, list] = {code: [] for code in languages}
    for content in contents:
        if content.lang in result:
            result[content.lang].append(content)
    return result
