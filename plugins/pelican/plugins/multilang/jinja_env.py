"""Gettext and Babel for the theme, in the language of the page being rendered.

One Jinja environment per generator serves all languages: the callables are
`pass_context`, so each call looks up the language of the page in the
template context (`lang`, else `article.lang`, else `page.lang`).
"""

from __future__ import annotations

import datetime as dt
import html
import re

from babel import dates, numbers
from jinja2 import pass_context
from jinja2.runtime import Context

from pelican.plugins.site_config.config import SETTINGS_KEY, site_config

from .catalogs import get_catalogs
from .template_cache import TemplateCache


def context_lang(ctx: Context) -> str:
    """The language of the page a template is rendering."""
    lang = ctx.get("lang")
    if lang:
        return lang
    for name in ("article", "page"):
        content = ctx.get(name)
        if content is not None and getattr(content, "lang", None):
            return content.lang
    return ctx["DEFAULT_LANG"]


def _translations(ctx: Context):
    return ctx.environment.multilang_catalogs.translations(context_lang(ctx))


def _locale(ctx: Context):
    return ctx[SETTINGS_KEY].language(context_lang(ctx)).locale


@pass_context
def gettext(ctx: Context, message: str) -> str:
    return _translations(ctx).gettext(message)


@pass_context
def ngettext(ctx: Context, singular: str, plural: str, n: int) -> str:
    return _translations(ctx).ngettext(singular, plural, n)


@pass_context
def pgettext(ctx: Context, context: str, message: str) -> str:
    return _translations(ctx).pgettext(context, message)


@pass_context
def npgettext(ctx: Context, context: str, singular: str, plural: str, n: int) -> str:
    return _translations(ctx).npgettext(context, singular, plural, n)


@pass_context
def page_lang(ctx: Context) -> str:
    return context_lang(ctx)


@pass_context
def language_info(ctx: Context, code: str | None = None):
    return ctx[SETTINGS_KEY].language(code or context_lang(ctx))


@pass_context
def number_filter(ctx: Context, value) -> str:
    return numbers.format_decimal(value, locale=_locale(ctx))


@pass_context
def date_filter(ctx: Context, value: dt.date, format: str = "long") -> str:
    """`{{ article.date|date }}` → 18. März 2021 / 18 марта 2021 г."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return dates.format_date(value, format=format, locale=_locale(ctx))


@pass_context
def datetime_filter(ctx: Context, value: dt.datetime, format: str = "long") -> str:
    """Date and time in the value's own time zone."""
    return dates.format_datetime(
        value, format=format, tzinfo=value.tzinfo, locale=_locale(ctx)
    )


@pass_context
def country_name(ctx: Context, code: str) -> str:
    return _locale(ctx).territories.get(code.upper(), code)


_TAG = re.compile(r"<[^>]*>")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")


def plain_text(value) -> str:
    """Text of an HTML fragment for meta tags. Unlike Jinja's `striptags`
    it keeps no-break spaces (French « … » and ` !`, Russian `2021 г.`)."""
    text = html.unescape(_TAG.sub("", str(value)))
    return _ASCII_SPACE.sub(" ", text).strip()


def install(environment, settings: dict) -> None:
    """Set up one generator's Jinja environment. Safe to call twice.

    Generators, and so environments, are created anew for every build: the
    catalogs are looked up (and reloaded if a .po changed) once here, not
    on every `_()` call.
    """
    environment.multilang_catalogs = get_catalogs(settings)
    config = site_config(settings)
    template_cache = config.template_cache_path(settings)
    if template_cache:
        environment.bytecode_cache = TemplateCache(template_cache, environment)
    environment.install_gettext_callables(
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
    # templates read the run's configuration as SITE_CONFIG
    environment.globals.update(page_lang=page_lang, language_info=language_info, **{SETTINGS_KEY: config})
    environment.filters.update(
        number=number_filter,
        date=date_filter,
        datetime=datetime_filter,
        country_name=country_name,
        plain_text=plain_text,
    )


def on_generator_init(generator) -> None:
    install(generator.env, generator.settings)
