"""campaign_counter: numbers, dates, plural sentences and the goal ladder."""

from __future__ import annotations

from datetime import datetime

import pytest

from pelican.plugins.campaign_counter import formatting
from pelican.plugins.campaign_counter.ladder import ladder_steps, next_goal
from tests.test_counter_support import LANGUAGES, catalog

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    "lang,expected",
    [("de", "100.000"), ("fr", f"100{NNBSP}000"), ("ru", f"100{NBSP}000"), ("it", "100.000"), ("en", "100,000")],
)
def test_numbers_use_the_grouping_of_the_language(lang, expected):
    assert formatting.format_number(100_000, lang) == expected


@pytest.mark.parametrize(
    "n,expected",
    [
        (1, "1 подпись"),
        (2, "2 подписи"),
        (3, "3 подписи"),
        (5, "5 подписей"),
        (11, "11 подписей"),
        (21, "21 подпись"),
        (22, "22 подписи"),
        (25, "25 подписей"),
        (111, "111 подписей"),
        (0, "0 подписей"),
        (1001, f"1{NBSP}001 подпись"),
    ],
)
def test_russian_signature_plurals(n, expected):
    assert formatting.count_phrase(catalog("ru"), "signatures", n, "ru") == expected


@pytest.mark.parametrize(
    "n,expected", [(1, "1 подписант"), (2, "2 подписанта"), (5, "5 подписантов"), (21, "21 подписант"), (131, "131 подписант")]
)
def test_russian_signatory_plurals(n, expected):
    assert formatting.count_phrase(catalog("ru"), "signatories", n, "ru") == expected


@pytest.mark.parametrize(
    "lang,one,many",
    [
        ("de", "1 Unterschrift", "100.412 Unterschriften"),
        ("fr", "1 signature", f"100{NNBSP}412 signatures"),
        ("ru", "1 подпись", f"100{NBSP}412 подписей"),
        ("it", "1 firma", "100.412 firme"),
        ("en", "1 signature", "100,412 signatures"),
    ],
)
def test_count_sentence_in_every_language(lang, one, many):
    translations = catalog(lang)
    assert formatting.count_phrase(translations, "signatures", 1, lang) == one
    assert formatting.count_phrase(translations, "signatures", 100_412, lang) == many


def test_french_zero_is_singular_like_one():
    assert formatting.count_phrase(catalog("fr"), "signatures", 0, "fr") == "0 signature"


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("de", "112 von 250 Unterschriften"),
        ("fr", "112 sur 250 signatures"),
        ("ru", "112 из 250 подписей"),
        ("it", "112 su 250 firme"),
        ("en", "112 of 250 signatures"),
    ],
)
def test_progress_sentence_follows_the_goal(lang, expected):
    assert formatting.progress_phrase(catalog(lang), "signatures", 112, 250, lang) == expected


def test_russian_progress_plural_follows_the_goal_not_the_count():
    assert formatting.progress_phrase(catalog("ru"), "signatures", 2, 101, "ru") == "2 из 101 подписи"


MILESTONE = datetime.fromisoformat("2021-03-18T10:17:41+01:00")
SUMMER = datetime.fromisoformat("2021-04-02T17:59:17+02:00")


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("de", "18. März 2021, 10:17 (UTC+1)"),
        ("fr", "18 mars 2021, 10:17 (UTC+1)"),
        ("ru", f"18 марта 2021{NNBSP}г., 10:17 (UTC+1)"),
        ("it", "18 marzo 2021 10:17 (UTC+1)"),
        ("en_GB", "18 March 2021, 10:17 (UTC+1)"),
        ("be", f"18 сакавіка 2021{NNBSP}г., 10:17 (UTC+1)"),
    ],
)
def test_milestone_time_is_shown_to_the_minute_with_a_readable_utc_offset(lang, expected):
    assert formatting.format_moment(MILESTONE, lang) == expected


def test_summer_milestone_keeps_plus_two_hours():
    assert formatting.format_moment(SUMMER, "de") == "2. April 2021, 17:59 (UTC+2)"


@pytest.mark.parametrize(
    "offset,expected",
    [("+00:00", "UTC"), ("+05:30", "UTC+5:30"), ("-03:00", "UTC\u22123"), ("+02:00", "UTC+2")],
)
def test_utc_offset_is_written_as_readers_know_it(offset, expected):
    moment = datetime.fromisoformat(f"2021-03-18T10:17:41{offset}")
    assert formatting.utc_offset(moment) == expected


def test_late_evening_milestone_is_not_moved_to_the_next_utc_day():
    late = datetime.fromisoformat("2021-03-18T23:34:38+01:00")
    assert formatting.format_day(late, "en") == "March 18, 2021"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_as_of_and_ended_sentences_carry_a_localized_date(lang):
    translations = catalog(lang)
    day = datetime.fromisoformat("2022-12-09T09:30:00+01:00")
    as_of = formatting.as_of_phrase(translations, day, lang)
    ended = formatting.ended_phrase(translations, day, lang)
    localized = formatting.format_day(day, lang)
    assert localized in as_of and localized in ended
    assert "%(" not in as_of + ended
    if lang != "en":
        assert as_of != f"as of {localized}"


def test_milestone_sentence_russian():
    assert formatting.milestone_phrase(catalog("ru"), "signatures", 25, "ru") == "25 подписей собрано"


def test_plural_samples_cover_the_cldr_categories():
    assert formatting.plural_samples("ru") == {"many": 0, "one": 1, "few": 2}
    assert set(formatting.plural_samples("en")) == {"one", "other"}
    assert formatting.plural_samples("fr")["many"] == 1_000_000


def test_plural_templates_for_the_live_script_per_category():
    templates = formatting.plural_templates(catalog("ru"), "signatures", "ru")
    assert templates == {"many": "{num} подписей", "one": "{num} подпись", "few": "{num} подписи"}
    progress = formatting.progress_templates(catalog("de"), "signatures", "de")
    assert progress["one"] == "{num} von {goal} Unterschrift"
    assert progress["other"] == "{num} von {goal} Unterschriften"


class _BrokenTranslations:
    def ngettext(self, singular, plural, n):
        return "%(count)d Unterschriften"  # a translator's typo

    def gettext(self, message):
        return "Stand: %(datum)s"


def test_a_broken_translation_falls_back_to_english_not_a_crash():
    assert formatting.count_phrase(_BrokenTranslations(), "signatures", 3, "de") == "3 signatures"
    day = datetime.fromisoformat("2022-12-09T09:30:00+01:00")
    assert formatting.as_of_phrase(_BrokenTranslations(), day, "de") == "as of 9. Dezember 2022"


# --- ladder ----------------------------------------------------------------


def test_ladder_runs_one_two_and_a_half_five_times_ten():
    steps = ladder_steps()
    assert [next(steps) for _ in range(10)] == [100, 250, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000]


@pytest.mark.parametrize(
    "total,goal,expected",
    [
        (0, None, 100),
        (99, None, 100),
        (100, None, 250),  # reaching a goal counts as passing it
        (112, None, 250),
        (999, None, 1000),
        (1000, None, 2500),
        (100_412, None, 250_000),
        (112, 150, 150),  # the campaign's own goal first
        (150, 150, 250),  # then the ladder
        (2200, 2000, 2500),
        (40, 5000, 5000),
        (260, 120, 500),
    ],
)
def test_next_goal(total, goal, expected):
    assert next_goal(total, goal) == expected


def test_next_goal_with_a_custom_ladder():
    assert next_goal(120, None, (100, 200, 500)) == 200
    assert next_goal(5000, None, (100, 200, 500)) == 10_000


@pytest.mark.parametrize("mode, goal", [("ladder", None), ("ladder", 2000), ("ladder", 300), ("feed", 2000),
                                        ("feed", None), (5000, None), ("none", 2000)])
def test_the_goals_the_browser_reads_give_the_builds_goal_for_every_total(mode, goal):
    """The live refresh picks the first of data-cc-goals above the new total: the same goal the build shows."""
    from pelican.plugins.campaign_counter.ladder import goal_after, goals

    sequence = goals(mode, goal)
    assert list(sequence) == sorted(set(sequence))
    for total in [0, 1, 99, 100, 299, 300, 1999, 2000, 2001, 2499, 2500, 4999, 123_456, 999_999_999, 1_000_000_000]:
        if mode == "ladder":
            expected = next_goal(total, goal)
        elif mode == "feed":
            expected = goal if goal is not None and total < goal else None
        elif mode == 5000:
            expected = 5000 if total < 5000 else None
        else:
            expected = None
        assert goal_after(total, sequence) == expected, total
