"""Localized words and figures: Babel for numbers and dates, gettext for
sentences with plural forms.

Every function takes the language code and, for sentences, a gettext
translations object (``babel.support.Translations`` or ``NullTranslations``)
of that language. The msgids below are extracted by ``pybabel extract``
(keywords ``gettext``, ``ngettext``) into the site's catalogs.
"""

from __future__ import annotations

import logging
from datetime import datetime

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

logger = logging.getLogger(__name__)

# Integers tried to find an example of each CLDR plural category (for
# French/Italian "many" a million is needed).
_PLURAL_SAMPLES = (*range(0, 1001), 10**6, 2 * 10**6, 10**7)
# Stands in for the number in the templates handed to the live script.
NUM_TOKEN = "{num}"
GOAL_TOKEN = "{goal}"


def format_number(value: int, lang: str) -> str:
    return format_decimal(value, locale=lang)


def format_ratio(value: float, lang: str) -> str:
    return format_percent(value, locale=lang)


def format_moment(moment: datetime, lang: str) -> str:
    """Date and time in the offset they were recorded in, e.g.
    ``18. März 2021, 10:17:41 +0100``."""
    return format_datetime(moment, format="long", locale=lang)


def format_day(moment: datetime, lang: str) -> str:
    return format_date(moment, format="long", locale=lang)


def _safe(template: str, fallback: str, values: dict) -> str:
    """``template % values``; the English msgid if a translation is broken."""
    try:
        return template % values
    except (KeyError, ValueError, TypeError):
        logger.warning(
            "campaign_counter: broken translation %r, using the English text", template
        )
        return fallback % values


def _count_template(translations, unit: str, n: int) -> tuple[str, str]:
    if unit == "signatories":
        return (
            translations.ngettext("%(num)s signatory", "%(num)s signatories", n),
            "%(num)s signatory" if n == 1 else "%(num)s signatories",
        )
    return (
        translations.ngettext("%(num)s signature", "%(num)s signatures", n),
        "%(num)s signature" if n == 1 else "%(num)s signatures",
    )


def _progress_template(translations, unit: str, goal: int) -> tuple[str, str]:
    if unit == "signatories":
        return (
            translations.ngettext(
                "%(num)s of %(goal)s signatory", "%(num)s of %(goal)s signatories", goal
            ),
            "%(num)s of %(goal)s signatories",
        )
    return (
        translations.ngettext(
            "%(num)s of %(goal)s signature", "%(num)s of %(goal)s signatures", goal
        ),
        "%(num)s of %(goal)s signatures",
    )


def _milestone_template(translations, unit: str, n: int) -> tuple[str, str]:
    if unit == "signatories":
        return (
            translations.ngettext(
                "%(num)s signatory reached", "%(num)s signatories reached", n
            ),
            "%(num)s signatories reached",
        )
    return (
        translations.ngettext("%(num)s signature reached", "%(num)s signatures reached", n),
        "%(num)s signatures reached",
    )


def count_phrase(translations, unit: str, n: int, lang: str) -> str:
    """``100.412 Unterschriften``, ``21 подпись``, ``131 signatories``."""
    template, fallback = _count_template(translations, unit, n)
    return _safe(template, fallback, {"num": format_number(n, lang)})


def progress_phrase(translations, unit: str, n: int, goal: int, lang: str) -> str:
    """``112 of 250 signatures``: the plural follows the goal."""
    template, fallback = _progress_template(translations, unit, goal)
    return _safe(
        template, fallback, {"num": format_number(n, lang), "goal": format_number(goal, lang)}
    )


def milestone_phrase(translations, unit: str, n: int, lang: str) -> str:
    template, fallback = _milestone_template(translations, unit, n)
    return _safe(template, fallback, {"num": format_number(n, lang)})


def offline_phrase(translations, n: int, lang: str) -> str:
    template = translations.ngettext(
        "of which %(num)s was gathered offline", "of which %(num)s were gathered offline", n
    )
    return _safe(template, "of which %(num)s were gathered offline", {"num": format_number(n, lang)})


def ended_phrase(translations, ended_at: datetime | None, lang: str) -> str:
    if ended_at is None:
        return translations.gettext("Campaign ended")
    template = translations.gettext("Campaign ended on %(date)s")
    return _safe(template, "Campaign ended on %(date)s", {"date": format_day(ended_at, lang)})


def as_of_phrase(translations, moment: datetime, lang: str) -> str:
    template = translations.gettext("as of %(date)s")
    return _safe(template, "as of %(date)s", {"date": format_day(moment, lang)})


def timeline_label(translations) -> str:
    return translations.gettext("Milestones")


def plural_samples(lang: str) -> dict[str, int]:
    """One example integer for every CLDR plural category the language uses
    for whole numbers, e.g. ru → {"one": 1, "few": 2, "many": 0}."""
    rule = Locale.parse(lang).plural_form
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
        templates[category] = _safe(template, fallback, {"num": NUM_TOKEN, "goal": GOAL_TOKEN})
    return templates
