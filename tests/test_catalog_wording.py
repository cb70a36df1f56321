"""What readers see from the project's catalogs: wording a native speaker writes.

Each row is a sentence as it appears on a page (rendered through the same
functions the build uses), in one language of translations/; rows for a
language the site does not publish are not collected.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from babel.messages.pofile import read_po

from pelican.plugins.campaign_counter.formatting import ended_phrase, milestone_phrase
from pelican.plugins.multilang.catalogs import get_catalogs, po_path
from pelican.plugins.signatories.model import HEADINGS
from pelican.plugins.site_config.config import site_config
from tests.gates import LANGUAGES
from tests.sitebuild import project_settings

NNBSP = "\u202f"


@pytest.fixture(scope="module")
def catalogs():
    return get_catalogs(dict(project_settings()))


def published(rows):
    return [row for row in rows if row[0] in LANGUAGES]


# The heading over a letter signed by "signatories" must not say the same
# word twice ("Unterzeichnet von 131 Unterzeichnenden").
SIGNATORY_HEADINGS = published([
    ("de", "Unterzeichnende: 131"),
    ("fr", f"Signataires{NNBSP}: 131"),
    ("it", "Firmatari: 131"),
])


@pytest.mark.parametrize(("lang", "expected"), SIGNATORY_HEADINGS)
def test_signatory_heading_names_the_signatories_once(catalogs, lang, expected):
    singular, plural = HEADINGS["signatories"]
    template = catalogs.translations(lang).ngettext(singular, plural, 131)
    assert template % {"num": "131"} == expected


# A reached milestone says that it was reached, in every plural form.
MILESTONES = published([
    ("ru", 131, "Достигнуто: 131 подписант"),
    ("ru", 132, "Достигнуто: 132 подписанта"),
    ("ru", 135, "Достигнуто: 135 подписантов"),
    ("de", 1, "Erreicht: 1 unterzeichnende Person"),
    ("de", 500, "Erreicht: 500 Unterzeichnende"),
])


@pytest.mark.parametrize(("lang", "n", "expected"), MILESTONES)
def test_reached_signatory_milestone_says_it_was_reached(catalogs, lang, n, expected):
    assert milestone_phrase(catalogs.translations(lang), "signatories", n, lang) == expected


# German puts the participle at the end: "Kampagne am 9. Dezember 2022 beendet".
ENDED = published([
    ("de", datetime(2022, 12, 9, tzinfo=UTC), "Kampagne am 9. Dezember 2022 beendet"),
    ("de", datetime(2022, 12, 8, tzinfo=UTC), "Kampagne am 8. Dezember 2022 beendet"),
])


@pytest.mark.parametrize(("lang", "ended", "expected"), ENDED)
def test_campaign_ended_reads_in_the_word_order_of_the_language(catalogs, lang, ended, expected):
    assert ended_phrase(catalogs.translations(lang), ended, lang) == expected


# Pagination under the news list: comparative words a Russian site uses.
PAGINATION = published([
    ("ru", "Newer", "Более новые"),
    ("ru", "Older", "Более ранние"),
    ("be", "Or copy the address into Signal or any other messenger:", "Або скапіюйце адрас у Signal ці іншы месенджар:"),
])


@pytest.mark.parametrize(("lang", "msgid", "expected"), PAGINATION)
def test_interface_words_are_the_ones_the_language_uses(catalogs, lang, msgid, expected):
    assert catalogs.translations(lang).gettext(msgid) == expected


FRENCH = [lang for lang in LANGUAGES if lang.split("-")[0] == "fr"]


@pytest.mark.parametrize("lang", FRENCH)
def test_french_high_punctuation_follows_a_narrow_no_break_space(lang):
    """French writes « Cap atteint : » with U+202F before : ; ! ? and never a
    plain or missing space (a line must not start with the colon)."""
    config = site_config(dict(project_settings())).multilang
    with open(po_path(config, lang), "rb") as fp:
        catalog = read_po(fp)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            for match in re.finditer(r"(.)([:;!?])(?=\s|$)", text):
                if match.group(1) != NNBSP:
                    wrong.append(text)
    assert wrong == []
