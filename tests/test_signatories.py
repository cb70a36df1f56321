"""Signatories for any letter: people or organisations, optional country,
URL and group, order by collation in the reader's language."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.signatories.collation import sort_key
from pelican.plugins.signatories.loading import SignatoriesError, load_letter

LANGS = ("en", "de", "ja")


def letter_file(tmp_path, **data):
    path = tmp_path / "x-signatories.json"
    path.write_text(json.dumps({"letter": "x", **data}), "utf-8")
    return str(path)


def names(group):
    return [member.name for member in group.members]


@pytest.mark.parametrize("words,expected", [
    (["Zoë", "Émile", "Eva", "Ångström", "Olaf", "Öl", "zebra", "Anna"],
     ["Ångström", "Anna", "Émile", "Eva", "Öl", "Olaf", "zebra", "Zoë"]),
    (["Борис", "Ёлка", "Анна", "Елена"], ["Анна", "Борис", "Елена", "Ёлка"]),
    (["東京", "北京", "あさひ", "アサヒ", "ka", "カ"], ["ka", "あさひ", "アサヒ", "カ", "北京", "東京"]),
])
def test_collation_orders_accents_with_their_letter_and_scripts_in_their_own_order(words, expected):
    assert sorted(words, key=sort_key) == expected


def test_code_point_order_would_have_been_wrong_for_these_names():
    words = ["Émile", "Eva", "Zoë", "Ångström", "Anna"]
    assert sorted(words) != sorted(words, key=sort_key)


def test_organisations_without_country_in_one_list_sorted_by_name(tmp_path):
    letter = load_letter(letter_file(tmp_path, kind="organisations", signatories=[
        {"name": "Zeta"}, {"name": "Ärzte Netz"}, {"name": "Alpha", "url": "https://alpha.example.org/"}]), LANGS, "en")
    assert letter.group_by == "none" and letter.heading_forms == ("Signed by %(num)s organisation",
                                                                  "Signed by %(num)s organisations")
    (group,) = letter.groups_in("de")
    assert (group.name, names(group)) == ("", ["Alpha", "Ärzte Netz", "Zeta"])
    assert group.members[0].url == "https://alpha.example.org/"
    assert group.members[1].country_in("de") == ""


def test_people_grouped_by_a_named_group_with_sort_as_and_list_order(tmp_path):
    data = dict(kind="people", groups={"city-b": {"en": "Berlin"}, "city-m": {"en": "Munich", "de": "München"}},
                signatories=[{"name": "Eva Zander", "sort_as": "Zander, Eva", "group": "city-b"},
                             {"name": "Max Adler", "sort_as": "Adler, Max", "group": "city-b"},
                             {"name": "Ute Ohm", "group": "city-m", "country": "DE"}])
    letter = load_letter(letter_file(tmp_path, **data), LANGS, "en")
    assert letter.group_by == "group"
    assert [(g.name, names(g)) for g in letter.groups_in("de")] == [
        ("Berlin", ["Max Adler", "Eva Zander"]), ("München", ["Ute Ohm"])]
    assert [g.name for g in letter.groups_in("ja")] == ["Berlin", "Munich"]  # no ja name: the default language's
    listed = load_letter(letter_file(tmp_path, order="list", **data), LANGS, "en")
    assert names(listed.groups_in("en")[0]) == ["Eva Zander", "Max Adler"]


def test_older_chamber_fields_still_read(tmp_path):
    letter = load_letter(letter_file(tmp_path, kind="parliamentarians", chambers={"c": {"en": "Senate"}},
                                     signatories=[{"name": "A", "country": "AT", "chamber": "c"}]), LANGS, "en")
    assert letter.group_by == "country"
    assert letter.signatories[0].chamber_in("de") == "Senate"
    assert [g.name for g in letter.by_country("de")] == ["Österreich"]


def test_heading_from_the_data_per_language(tmp_path):
    letter = load_letter(letter_file(tmp_path, heading={"en": "Our %(num)s friends", "de": "Unsere Freunde"},
                                     signatories=[{"name": "A"}]), LANGS, "en")
    assert (letter.heading_in("de"), letter.heading_in("ja")) == ("Unsere Freunde", "Our %(num)s friends")


@pytest.mark.parametrize("data,words", [
    ({"signatories": [{"name": "A", "url": "javascript:alert(1)"}]}, "signatories/0/url"),
    ({"signatories": [{"name": "A", "group": "g"}]}, "unknown group 'g'"),
    ({"group_by": "group", "signatories": [{"name": "A"}]}, "names no groups"),
    ({"kind": "votes", "signatories": [{"name": "A"}]}, "kind"),
    ({"groups": {"g": {"en": "G"}}, "chambers": {"g": {"en": "G"}}, "signatories": [{"name": "A"}]}, "not both"),
])
def test_wrong_letter_files_are_refused_naming_the_file(tmp_path, data, words):
    path = letter_file(tmp_path, **data)
    with pytest.raises(SignatoriesError, match=path) as info:
        load_letter(path, LANGS, "en")
    assert words in str(info.value)


# --- hostile or broken files --------------------------------------------------


def raw_file(tmp_path, text: str) -> str:
    path = tmp_path / "x-signatories.json"
    path.write_text(text, "utf-8")
    return str(path)


def refusal(path: str) -> str:
    with pytest.raises(SignatoriesError) as info:
        load_letter(path, LANGS, "en")
    message = str(info.value)
    assert message.startswith(path) and "\n" not in message
    return message


def test_names_roles_groups_and_headings_lose_bidi_controls_and_zero_width_characters(tmp_path):
    letter = load_letter(letter_file(
        tmp_path,
        heading={"en": "\u2067Signed by %(num)s\u2069"},
        groups={"g": {"en": "City\u200e \u202aA\u202c"}},
        signatories=[{"name": "\u202eAnna\u200b \u200dMaria\u200f", "group": "g", "sort_as": "\ufeffMaria",
                      "role": {"en": "Mayor\u2066\u200c"}}],
    ), LANGS, "en")
    person = letter.signatories[0]
    assert (person.name, person.sort_as, person.role_in("en")) == ("Anna Maria", "Maria", "Mayor")
    assert person.group_in("en") == "City A" and letter.heading_in("en") == "Signed by %(num)s"


def test_a_name_of_invisible_characters_only_is_refused(tmp_path):
    message = refusal(letter_file(tmp_path, signatories=[{"name": "\u202e\u200b"}]))
    assert "signatories/0/name: nothing is left once invisible characters are removed" in message


def test_a_url_with_invisible_characters_is_refused(tmp_path):
    message = refusal(letter_file(tmp_path, signatories=[{"name": "A", "url": "https://ex\u202eample.org/"}]))
    assert "url contains invisible or control characters" in message


def test_a_nul_character_is_refused_naming_the_file_and_the_field(tmp_path):
    assert "signatories/0/name: contains a NUL character" in refusal(
        letter_file(tmp_path, signatories=[{"name": "Anna\u0000"}])
    )
    raw = '{"letter": "x",\n "signatories": [{"name": "A\x00"}]}'
    assert refusal(raw_file(tmp_path, raw)).endswith("x-signatories.json:2: contains a NUL character; remove it")


def test_a_duplicate_key_is_refused_naming_the_file(tmp_path):
    raw = '{"letter": "x", "signatories": [{"name": "A", "country": "AT", "country": "DE"}]}'
    assert 'the key "country" appears twice in one object' in refusal(raw_file(tmp_path, raw))


@pytest.mark.parametrize("depth", [40, 200_000], ids=["deeper than the limit", "deeper than Python's recursion"])
def test_excessive_nesting_is_refused_in_one_line_naming_the_file(tmp_path, depth):
    raw = '{"letter": "x", "signatories": [{"name": "A"}], "note": ' + "[" * depth + "]" * depth + "}"
    assert "nested" in refusal(raw_file(tmp_path, raw))


_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
# the joiners ZWNJ/ZWJ may stay only inside a word, between two visible characters
_LOOSE_JOINER = re.compile("(^|\\s|[\u200c\u200d])[\u200c\u200d]|[\u200c\u200d](\\s|$)")


@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=40), role=st.text(min_size=1, max_size=20))
def test_any_name_is_shown_without_hidden_characters_or_refused_in_one_line(tmp_path, name, role):
    path = tmp_path / "x-signatories.json"
    path.write_text(json.dumps({"letter": "x", "signatories": [{"name": name or "?", "role": {"en": role}}]}), "utf-8")
    try:
        letter = load_letter(str(path), LANGS, "en")
    except SignatoriesError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        return
    person = letter.signatories[0]
    for text in (person.name, person.role_in("en")):
        assert not _HIDDEN.search(text) and not _LOOSE_JOINER.search(text) and text == text.strip()


@pytest.mark.parametrize(("name", "shown"), [
    ("Mohammad Sadeq\u200cpour", "Mohammad Sadeq\u200cpour"),   # a Persian-style joiner inside a name stays
    ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),  # می‌خواهم
    ("\u200dMaria\u200c", "Maria"),                              # at the edges they hide nothing useful: gone
    ("Anna \u200c Maria", "Anna Maria"),                         # beside a space: gone
])
def test_joiners_stay_only_inside_words(name, shown):
    from pelican.plugins.sanitize.text import clean_text

    assert clean_text(name) == shown
