"""The multilang plugin's settings (part of the site configuration, config.py).

All defaults live here. Pelican settings used: LANGUAGES, DEFAULT_LANG,
PATH and the MULTILANG dict. News pages per index page: Pelican's
DEFAULT_PAGINATION.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# untranslated-page policies (multilang/fallback.py)
FALLBACK = "fallback"
OMIT = "omit"
POLICIES = (FALLBACK, OMIT)

DEFAULTS = {
    "translations_path": "translations",
    "domain": "messages",
    "root_page": True,
    "feed_items": 20,
    "home_news": 3,
    # untranslated pages: "fallback" (original text with a notice) or "omit"
    "untranslated": "fallback",
    # show a notice on translations whose original changed since
    "outdated_notice": True,
    # the news section (content/<lang>/news/): news index, menu entry, Atom
    # feeds; False for a campaign without news, which then has none of them
    "news": True,
    # up to this many languages the switcher lists them all in one line;
    # with more, it shows the current one and opens into the full list
    "switcher_inline": 6,
    # `invoke check` fails for untranslated, fuzzy or missing catalog strings
    # (otherwise warnings: readers see the original text for those)
    "complete_catalogs": False,
}


class MultilangConfigError(ValueError):
    """A configuration mistake that makes a correct build impossible."""


@dataclass(frozen=True)
class MultilangSettings:
    languages: tuple[str, ...]
    default_lang: str
    translations_path: str
    domain: str
    root_page: bool
    feed_items: int
    home_news: int
    untranslated: str
    outdated_notice: bool
    news: bool
    switcher_inline: int
    complete_catalogs: bool

    @classmethod
    def from_pelican(cls, settings: dict) -> MultilangSettings:
        raw = {**DEFAULTS, **(settings.get("MULTILANG") or {})}
        unknown = set(raw) - set(DEFAULTS)
        if unknown:
            raise MultilangConfigError(
                "multilang: unknown MULTILANG setting(s): " + ", ".join(sorted(unknown))
            )
        languages = tuple(settings.get("LANGUAGES") or (settings["DEFAULT_LANG"],))
        default_lang = settings["DEFAULT_LANG"]
        if default_lang not in languages:
            raise MultilangConfigError(
                f"multilang: DEFAULT_LANG {default_lang!r} is not in LANGUAGES {list(languages)}"
            )
        if len(set(languages)) != len(languages):
            raise MultilangConfigError(f"multilang: LANGUAGES lists a language twice: {list(languages)}")
        if raw["untranslated"] not in POLICIES:
            raise MultilangConfigError(
                f"multilang: MULTILANG['untranslated'] must be 'fallback' or 'omit', not {raw['untranslated']!r}"
            )
        path = raw["translations_path"]
        if not os.path.isabs(path):
            path = os.path.join(os.path.dirname(os.path.abspath(settings["PATH"])), path)
        return cls(
            languages=languages,
            default_lang=default_lang,
            translations_path=path,
            domain=raw["domain"],
            root_page=bool(raw["root_page"]),
            feed_items=int(raw["feed_items"]),
            home_news=int(raw["home_news"]),
            untranslated=raw["untranslated"],
            outdated_notice=bool(raw["outdated_notice"]),
            news=bool(raw["news"]),
            switcher_inline=int(raw["switcher_inline"]),
            complete_catalogs=bool(raw["complete_catalogs"]),
        )
