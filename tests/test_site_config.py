"""The one configuration object: languages, URL patterns, plugin settings, validated once."""

from __future__ import annotations

import datetime

import pytest
from babel.dates import format_date

from pelican.plugins.site_config.config import ConfigError, build_config, site_config
from pelican.plugins.site_config.languages import canonical_tag, language
from tests.sitebuild import LANGUAGES, project_settings


def _settings(**extra):
    return {"LANGUAGES": ["de", "en"], "DEFAULT_LANG": "en", "PATH": "content", **extra}


@pytest.mark.parametrize("tag,hreflang,og_locale,direction", [
    ("de", "de", "de_DE", "ltr"),
    ("zh-hk", "zh-HK", "zh_HK", "ltr"),
    ("zh-tw", "zh-TW", "zh_TW", "ltr"),
    ("pt-br", "pt-BR", "pt_BR", "ltr"),
    ("sr-latn", "sr-Latn", "sr", "ltr"),
    ("eo", "eo", "eo", "ltr"),
    ("ar", "ar", "ar_EG", "rtl"),
    ("fa", "fa", "fa_IR", "rtl"),
    ("be", "be", "be_BY", "ltr"),
])
def test_one_tag_gives_every_form_of_the_language(tag, hreflang, og_locale, direction):
    lang = language(tag)
    assert (lang.code, lang.hreflang, lang.og_locale, lang.direction) == (tag, hreflang, og_locale, direction)
    assert lang.native_name  # CLDR knows its own name


@pytest.mark.parametrize("tag,canonical", [("zh-hk", "zh-HK"), ("ZH_hant_hk", "zh-Hant-HK"), ("es-419", "es-419")])
def test_tags_are_written_in_canonical_case(tag, canonical):
    assert canonical_tag(tag) == canonical


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_configured_language_is_known_to_babel(code):
    assert site_config(dict(project_settings())).language(code).locale is not None


def test_a_campaign_names_a_language_its_own_way_and_can_force_the_direction():
    config = build_config(_settings(LANGUAGES=["zh-hk", "en"], LANGUAGE_OPTIONS={
        "zh-hk": {"name": "繁體中文（香港）"}, "en": {"direction": "ltr"}}))
    assert config.language("zh-hk").native_name == "繁體中文（香港）"
    assert config.codes == ("zh-hk", "en")


def test_a_language_can_be_written_in_a_regional_variant():
    """English pages written in British English get British dates, under the plain tag."""
    config = build_config(_settings(LANGUAGES=["de", "en"], LANGUAGE_OPTIONS={"en": {"locale": "en_GB"}}))
    english = config.language("en")
    assert str(english.locale) == "en_GB"
    assert (english.native_name, english.hreflang) == ("English", "en")
    assert format_date(datetime.date(2022, 12, 9), "long", locale=english.locale) == "9 December 2022"


@pytest.mark.parametrize("extra,words", [
    ({"LANGUAGES": ["en", "xx-notalang-at-all"]}, "LANGUAGES: 'xx-notalang-at-all'"),
    ({"LANGUAGES": ["en", "d e"]}, "is not a language tag"),
    ({"LANGUAGE_OPTIONS": {"fr": {"name": "Français"}}}, "names ['fr'], which are not in LANGUAGES"),
    ({"LANGUAGE_OPTIONS": {"de": {"nmae": "Deutsch"}}}, "unknown key(s) ['nmae']"),
    ({"LANGUAGE_OPTIONS": {"de": {"direction": "up"}}}, "must be 'ltr' or 'rtl'"),
    ({"LANGUAGE_OPTIONS": {"de": {"locale": "fr_FR"}}}, "not a variant of that language"),
    ({"LANGUAGE_OPTIONS": {"de": {"locale": "de_XX_nope"}}}, "not a locale Babel knows"),
    ({"NEWS_INDEX_URL": "news/"}, "NEWS_INDEX_URL must be a path containing {lang}"),
    ({"NOT_FOUND_URL": "{lang}/{slug}.html"}, "NOT_FOUND_URL may use only {lang}"),
    ({"DEFAULT_LANG": "fr"}, "multilang: DEFAULT_LANG 'fr' is not in LANGUAGES"),
    ({"CAMPAIGN_COUNTER": {"stirct": True}}, "campaign_counter: CAMPAIGN_COUNTER has unknown key(s) 'stirct'"),
])
def test_a_wrong_setting_is_one_error_naming_it(extra, words):
    with pytest.raises(ConfigError) as caught:
        build_config(_settings(**extra))
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_url_patterns_of_generated_pages_come_from_the_settings():
    config = build_config(_settings(NEWS_INDEX_URL="{lang}/aktuelles/", NEWS_FEED_URL="{lang}/atom.xml"))
    assert config.urls.news_index("de") == "de/aktuelles/"
    assert config.urls.news_feed("de") == "de/atom.xml"
    assert config.urls.not_found("de") == "de/404.html"


def test_the_configuration_is_built_once_per_settings():
    settings = _settings()
    assert site_config(settings) is site_config(settings)


@pytest.mark.parametrize("value,words", [
    ({"embed_origins": ["http://video.example"]}, "is not an https origin"),
    ({"embed_origins": ["https://video.example/path"]}, "is not an https origin"),
    ({"embeds": []}, "unknown key(s) ['embeds']"),
])
def test_a_wrong_sanitize_setting_is_one_error_naming_it(value, words):
    with pytest.raises(ConfigError) as caught:
        build_config(_settings(SANITIZE=value))
    assert str(caught.value).startswith("sanitize: SANITIZE") and words in str(caught.value)


def test_trusted_embed_origins_are_read_once_into_the_configuration():
    config = build_config(_settings(SANITIZE={"embed_origins": ["https://Video.Example/"]}))
    assert config.sanitize.embed_origins == frozenset({"https://video.example"})
