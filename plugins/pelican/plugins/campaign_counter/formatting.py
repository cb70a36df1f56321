"""Localized words and figures: Babel for numbers and dates, gettext for
sentences with plural forms.

Every function takes the language code and, for sentences, a gettext
translations object (``babel.support.Translations`` or ``NullTranslations``)
of that language. The msgids below and the units' msgids (site_config's
``BUILTIN_UNITS`` and the campaign's ``CAMPAIGN_COUNTER["units"]`` in
pelicanconf.py) are extracted by ``pybabel extract`` (keywords ``gettext``,
``ngettext``, ``ngettext_noop``) into the site's catalogs.
"""

from __future__ import annotations

import logging
from datetime import datetime

from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import format_decimal, format_percent

from pelican.plugins.site_config.counter import BUILTIN_UNITS, Unit
from pelican.plugins.site_config.languages import language

logger = logging.getLogger(__name__)

# Integers tried to find an example of each CLDR plural category (for
# French/Italian "many" a million is needed).
_PLURAL_SAMPLES = (*range(0, 1001), 10**6, 2 * 10**6, 10**7)
# Stands in for the number in the templates handed to the live script.
NUM_TOKEN = "{num}"
GOAL_TOKEN = "{goal}"


def locale_of(lang: str):
    """Babel's locale for a site language tag (``zh-hk`` → zh_Hant_HK) or a
    locale identifier (``en_GB``)."""
    return language(lang).locale


def format_number(value: int, lang: str) -> str:
    return format_decimal(value, locale=locale_of(lang))


def format_ratio(value: float, lang: str) -> str:
    return format_percent(value, locale=locale_of(lang))


def utc_offset(moment: datetime) -> str:
    """``UTC+1``, ``UTC−3``, ``UTC+5:30``, ``UTC``: the offset as readers
    know it from travel and time-zone maps, not ``+0100``."""
    offset = moment.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_moment(moment: datetime, lang: str) -> str:
    """Date and time (to the minute) in the offset they were recorded in,
    e.g. ``18. März 2021, 10:17 (UTC+1)``, ``18 March 2021, 10:17 (UTC+1)``."""
    locale = locale_of(lang)
    date_text = format_date(moment, format="long", locale=locale)
    time_text = format_time(moment, format="short", locale=locale)
    pattern = get_datetime_format("long", locale=locale)
    joined = pattern.replace("'", "").replace("{0}", time_text).replace("{1}", date_text)
    zone = utc_offset(moment)
    return f"{joined} ({zone})" if zone else joined


def format_day(moment: datetime, lang: str) -> str:
    return format_date(moment, format="long", locale=locale_of(lang))


def _safe(template: str, fallback: str, values: dict) -> str:
    """``template % values``; the English msgid if a translation is broken."""
    try:
        return template % values
    except (KeyError, ValueError, TypeError):
        logger.warning(
            "campaign_counter: broken translation %r, using the English text", template
        )
        return fallback % values


def _english(pair: tuple[str, str], n: int) -> str:
    return pair[0] if n == 1 else pair[1]


def _unit(unit) -> Unit:
    """A Unit, or the built-in one of that name (tests and tools pass names)."""
    if isinstance(unit, Unit):
        return unit
    forms = BUILTIN_UNITS[unit]
    return Unit(name=unit, **{key: tuple(value) for key, value in forms.items()})


def _count_template(translations, unit, n: int, qualifier: str = "exact") -> tuple[str, str]:
    """The count sentence ("%(num)s Unterschriften") and its English fallback.
    The msgids come from the unit (settings), so each language's catalog
    gives its own plural forms. ``qualifier`` "at_least" / "more_than" when
    the figure is a lower bound (whole sentences, so that each language can
    choose its own case after "more than")."""
    unit = _unit(unit)
    if qualifier in ("at_least", "more_than"):
        pair = getattr(unit, qualifier)
        if pair is None:  # a unit without its own sentences: the count inside a generic one
            count, count_fallback = _count_template(translations, unit, n)
            if qualifier == "at_least":
                template, fallback = translations.gettext("at least %(count)s"), "at least %(count)s"
            else:
                template, fallback = translations.gettext("more than %(count)s"), "more than %(count)s"
            return template.replace("%(count)s", count), fallback.replace("%(count)s", count_fallback)
        return translations.ngettext(pair[0], pair[1], n), _english(pair, n)
    pair = unit.count
    return translations.ngettext(pair[0], pair[1], n), _english(pair, n)


def _progress_template(translations, unit, goal: int) -> tuple[str, str]:
    pair = _unit(unit).progress
    if pair is not None:
        return translations.ngettext(pair[0], pair[1], goal), _english(pair, goal)
    # a unit without its own sentence: the count sentence inside a generic one
    return translations.gettext("%(count)s of %(goal)s"), "%(count)s of %(goal)s"


def _milestone_template(translations, unit, n: int) -> tuple[str, str]:
    pair = _unit(unit).milestone
    if pair is not None:
        return translations.ngettext(pair[0], pair[1], n), _english(pair, n)
    return translations.gettext("%(count)s reached"), "%(count)s reached"


def count_phrase(translations, unit, n: int, lang: str, qualifier: str = "exact") -> str:
    """``100.412 Unterschriften``, ``21 подпись``, ``131 signatories``,
    ``mehr als 100.000 Unterschriften``."""
    template, fallback = _count_template(translations, unit, n, qualifier)
    return _safe(template, fallback, {"num": format_number(n, lang)})


def _values(translations, unit, n: int, lang: str, **extra) -> dict:
    """Placeholders of the progress and milestone sentences: the number, and
    the whole count sentence for the generic ones."""
    return {"num": format_number(n, lang), "count": count_phrase(translations, unit, n, lang), **extra}


def progress_phrase(translations, unit, n: int, goal: int, lang: str) -> str:
    """``112 of 250 signatures``: the plural follows the goal."""
    template, fallback = _progress_template(translations, unit, goal)
    return _safe(template, fallback, _values(translations, unit, n, lang, goal=format_number(goal, lang)))


def milestone_phrase(translations, unit, n: int, lang: str) -> str:
    template, fallback = _milestone_template(translations, unit, n)
    return _safe(template, fallback, _values(translations, unit, n, lang))


def offline_phrase(translations, n: int, lang: str) -> str:
    template = translations.ngettext(
        "of which %(num)s was gathered offline", "of which %(num)s were gathered offline", n
    )
    return _safe(template, "of which %(num)s were gathered offline", {"num": format_number(n, lang)})


# Days of the month whose number begins with a vowel sound in some languages
# (Italian "l'8 dicembre", "l'11", "l'1"): their sentences have their own
# catalog entries (msgctxt "date on the 1st, 8th or 11th of a month"), so that a translator can elide or
# change the article before the date. Languages without such a rule
# translate both entries alike.
VOWEL_DAYS = frozenset({1, 8, 11})


def ended_phrase(translations, ended_at: datetime | None, lang: str) -> str:
    if ended_at is None:
        return translations.gettext("Campaign ended")
    if ended_at.day in VOWEL_DAYS:
        template = translations.pgettext(
            "date on the 1st, 8th or 11th of a month", "Campaign ended on %(date)s"
        )
    else:
        template = translations.gettext("Campaign ended on %(date)s")
    return _safe(template, "Campaign ended on %(date)s", {"date": format_day(ended_at, lang)})


def as_of_phrase(translations, moment: datetime, lang: str) -> str:
    if moment.day in VOWEL_DAYS:
        template = translations.pgettext("date on the 1st, 8th or 11th of a month", "as of %(date)s")
    else:
        template = translations.gettext("as of %(date)s")
    return _safe(template, "as of %(date)s", {"date": format_day(moment, lang)})


def timeline_label(translations) -> str:
    return translations.gettext("Milestones")


def plural_samples(lang: str) -> dict[str, int]:
    """One example integer for every CLDR plural category the language uses
    for whole numbers, e.g. ru → {"one": 1, "few": 2, "many": 0}."""
    rule = locale_of(lang).plural_form
    samples: dict[str, int] = {}
    for n in _PLURAL_SAMPLES:
        samples.setdefault(rule(n), n)
    return samples


def plural_templates(translations, unit: str, lang: str) -> dict[str, str]:
    """Per CLDR category, the count sentence with ``{num}`` for the number:
    what the live script needs to say "22 подписи" without gettext."""
    templates = {}
    for category, sample in plural_samples(lang).items():
        template, fallback = _count_template(translations, unit, sample)
        templates[category] = _safe(template, fallback, {"num": NUM_TOKEN})
    return templates


def progress_templates(translations, unit: str, lang: str) -> dict[str, str]:
    """Per CLDR category of the goal, the progress sentence with ``{num}``
    and ``{goal}``."""
    templates = {}
    for category, sample in plural_samples(lang).items():
        template, fallback = _progress_template(translations, unit, sample)
        count_template, count_fallback = _count_template(translations, unit, sample)
        count = _safe(count_template, count_fallback, {"num": NUM_TOKEN})
        templates[category] = _safe(template, fallback, {"num": NUM_TOKEN, "goal": GOAL_TOKEN, "count": count})
    return templates
