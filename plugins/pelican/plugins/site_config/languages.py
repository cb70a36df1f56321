"""The language model: one BCP 47 tag, every form the site needs of it.

A language is configured by its tag as it appears in the folder names of
content/ and translations/ and in URLs (``de``, ``pt-br``, ``zh-hk``,
``sr-latn``; case does not matter to Babel). From that one tag come
Babel's locale, the canonical hreflang (``zh-HK``), ``og:locale``
(``zh_HK``), the text direction and the name of the language in itself;
a campaign may override the name and the direction per language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Language:
    code: str  # the tag as written in content/, translations/ and URLs
    native_name: str  # the language named in itself, as for a menu
    english_name: str
    direction: str  # "ltr" or "rtl"
    locale: Locale
    hreflang: str  # canonical BCP 47 case: zh-HK, sr-Latn, pt-BR
    og_locale: str  # ll_CC as Open Graph wants it, or ll where CLDR knows no country


def canonical_tag(code: str) -> str:
    """BCP 47 case conventions: language lower, script title, region upper."""
    parts = re.split(r"[-_]", code)
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def _og_locale(locale: Locale) -> str:
    """ll_CC from CLDR's likely subtags (de → de_DE); ll alone when the likely
    region is not a country (Esperanto's 001, the world)."""
    likely = Locale.parse(get_global("likely_subtags").get(str(locale), str(locale)))
    territory = locale.territory or likely.territory
    if territory and len(territory) == 2 and territory.isalpha():
        return f"{locale.language}_{territory}"
    return locale.language


def _menu_case(name: str) -> str:
    """Capitalise the first letter, as CLDR's 'uiListOrMenu' context asks
    for in most languages (français → Français)."""
    return name[:1].upper() + name[1:]


@cache
def language(code: str, name: str | None = None, direction: str | None = None,
             locale_name: str | None = None) -> Language:
    """Language facts for a tag; raises ValueError for one Babel does not know.

    ``locale_name`` picks the CLDR locale for dates, numbers and names when
    the tag alone is not enough (``en`` written in British English:
    ``en_GB``, "9 December 2022"); it must be a variant of the same language.

    Cached for the life of the process: the result depends only on the
    arguments and on Babel's data, never on the site being built.
    """
    if not isinstance(code, str) or not _TAG.fullmatch(code):
        raise ValueError(f"{code!r} is not a language tag such as 'de', 'pt-BR' or 'zh-hk'")
    try:
        locale = Locale.parse(canonical_tag(code), sep="-")
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(f"{code!r} is not a language Babel knows") from exc
    named = locale  # the language is named by its tag: "English", not "English (United Kingdom)"
    if locale_name is not None:
        try:
            variant = Locale.parse(canonical_tag(str(locale_name)), sep="-")
        except (UnknownLocaleError, ValueError) as exc:
            raise ValueError(f"the locale {locale_name!r} of {code!r} is not a locale Babel knows") from exc
        if variant.language != locale.language:
            raise ValueError(f"the locale {locale_name!r} of {code!r} is not a variant of that language")
        locale = variant
    if direction not in (None, "ltr", "rtl"):
        raise ValueError(f"the direction of {code!r} must be 'ltr' or 'rtl', not {direction!r}")
    return Language(
        code=code,
        native_name=name or _menu_case(named.get_display_name(named) or code),
        english_name=named.get_display_name("en") or code,
        direction=direction or locale.text_direction,
        locale=locale,
        hreflang=canonical_tag(code),
        og_locale=_og_locale(locale),
    )
