"""What the site needs to know about a language, from Babel's CLDR data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global


@dataclass(frozen=True)
class Language:
    code: str  # ISO code as used in content/, translations/ and URLs
    native_name: str  # the language named in itself, as for a menu
    english_name: str
    direction: str  # "ltr" or "rtl"
    locale: Locale
    hreflang: str  # BCP 47 form of the code
    og_locale: str  # ll_CC as Open Graph wants it


def _og_locale(locale: Locale) -> str:
    """ll_CC from CLDR's likely subtags (de → de_DE)."""
    likely = Locale.parse(get_global("likely_subtags").get(str(locale), str(locale)))
    territory = locale.territory or likely.territory
    return f"{locale.language}_{territory}" if territory else locale.language


def _menu_case(name: str) -> str:
    """Capitalise the first letter, as CLDR's 'uiListOrMenu' context asks
    for in the languages this site ships (français → Français)."""
    return name[:1].upper() + name[1:]


@cache
def language(code: str) -> Language:
    """Language facts for an ISO code; raises ValueError for an unknown one.

    Cached for the life of the process: the result depends only on the code
    and on Babel's data, never on the site being built.
    """
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(f"multilang: {code!r} is not a language Babel knows") from exc
    return Language(
        code=code,
        native_name=_menu_case(locale.get_display_name(locale) or code),
        english_name=locale.get_display_name("en") or code,
        direction=locale.text_direction,
        locale=locale,
        hreflang=code.replace("_", "-"),
        og_locale=_og_locale(locale),
    )
