"""Unit tests for the pure parts of plugins/multilang and plugins/signatories."""

from __future__ import annotations

import datetime as dt
import json
import os
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import pytest
from jinja2 import Environment

from pelican.plugins.multilang import catalogs, jinja_env
from pelican.plugins.multilang.linking import Alternate
from pelican.plugins.multilang.listings import robots_txt
from pelican.plugins.multilang.sitemap import sitemap_xml, x_default
from pelican.plugins.signatories.loading import SignatoriesError, load_letter
from pelican.plugins.signatories.model import sort_key
from pelican.plugins.site_config.languages import language
from pelican.plugins.site_config.multilang import MultilangConfigError, MultilangSettings
from tests.sitebuild import LANGUAGES

NATIVE = {"de": "Deutsch", "fr": "Français", "ru": "Русский", "be": "Беларуская", "it": "Italiano", "en": "English"}


@pytest.mark.parametrize("code", LANGUAGES)
def test_language_is_named_in_itself_from_cldr(code):
    info = language(code)
    assert info.native_name == NATIVE[code]
    assert info.direction == "ltr"
    assert info.og_locale.startswith(code + "_")


@pytest.mark.parametrize("code", ["ar", "he", "fa"])
def test_right_to_left_languages_get_rtl_from_cldr(code):
    assert language(code).direction == "rtl"


def test_unknown_language_code_is_a_clear_error():
    with pytest.raises(ValueError, match="'xx' is not a language Babel knows"):
        language("xx")


def _settings(tmp_path, **extra):
    return {"LANGUAGES": LANGUAGES, "DEFAULT_LANG": "en", "PATH": str(tmp_path / "content"),
            "MULTILANG": {"translations_path": str(tmp_path / "translations"), **extra}}


def test_settings_reject_a_default_language_that_is_not_configured(tmp_path):
    settings = _settings(tmp_path)
    settings["DEFAULT_LANG"] = "uk"
    with pytest.raises(MultilangConfigError, match="DEFAULT_LANG 'uk' is not in LANGUAGES"):
        MultilangSettings.from_pelican(settings)


def test_settings_reject_unknown_keys(tmp_path):
    with pytest.raises(MultilangConfigError, match="unknown MULTILANG setting"):
        MultilangSettings.from_pelican(_settings(tmp_path, translation_path="typo"))


PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "News"
msgstr "{news}"
"""


def _write_po(tmp_path, lang, text):
    path = tmp_path / "translations" / lang / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_catalogs_compile_once_and_reload_when_the_po_changes(tmp_path):
    settings = _settings(tmp_path)
    po = _write_po(tmp_path, "de", PO.format(news="Aktuelles"))
    first = catalogs.get_catalogs(settings)
    assert first.translations("de").gettext("News") == "Aktuelles"
    assert catalogs.get_catalogs(settings) is first
    mo = po.with_suffix(".mo")
    assert mo.is_file()
    po.write_text(PO.format(news="Neuigkeiten"), encoding="utf-8")
    os.utime(po, (mo.stat().st_mtime + 10, mo.stat().st_mtime + 10))
    second = catalogs.get_catalogs(settings)
    assert second is not first
    assert second.translations("de").gettext("News") == "Neuigkeiten"


def test_missing_catalog_falls_back_to_source_text_with_a_warning(tmp_path, caplog):
    settings = _settings(tmp_path)
    assert catalogs.get_catalogs(settings).translations("fr").gettext("News") == "News"
    assert "multilang: no catalog for 'fr'" in caplog.text


def test_broken_po_file_is_an_error_naming_the_file(tmp_path):
    po = _write_po(tmp_path, "ru", 'msgid "News"\nmsgstr "Новости"\nthis line is not gettext\n')
    with pytest.raises(catalogs.CatalogError, match=str(po)):
        catalogs.compile_po(str(po))
    assert not po.with_suffix(".mo").exists()


def test_po_with_mismatched_placeholders_does_not_compile(tmp_path):
    po = _write_po(tmp_path, "it", PO.format(news="Notizie") +
                   '\n#, python-format\nmsgid "Page %(current)s"\nmsgstr "Pagina %(corrente)s"\n')
    with pytest.raises(catalogs.CatalogError, match=r"messages\.po:\d+: .*corrente"):
        catalogs.compile_po(str(po))


def _render(source, lang, tmp_path, **ctx):
    settings = _settings(tmp_path)
    _write_po(tmp_path, "de", PO.format(news="Aktuelles"))
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    jinja_env.install(env, settings)
    return env.from_string(source).render(DEFAULT_LANG="en", lang=lang, **ctx)


def test_gettext_follows_the_language_of_the_page_being_rendered(tmp_path):
    template = "{{ _('News') }}"
    assert _render(template, "de", tmp_path) == "Aktuelles"
    assert _render(template, "en", tmp_path) == "News"
    page = SimpleNamespace(lang="de")
    assert _render(template, None, tmp_path, page=page) == "Aktuelles"


@pytest.mark.parametrize("lang,expected", [
    ("de", "18. März 2021"), ("fr", "18 mars 2021"), ("ru", "18 марта 2021\u202fг."),
    ("it", "18 marzo 2021"), ("en", "March 18, 2021"),
])
def test_date_filter_uses_babel_in_the_page_language(tmp_path, lang, expected):
    when = dt.datetime(2021, 3, 18, 23, 34, 38, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert _render("{{ when|date }}", lang, tmp_path, when=when) == expected


@pytest.mark.parametrize("lang,expected", [
    ("de", "100.000"), ("fr", "100\u202f000"), ("ru", "100\u00a0000"), ("it", "100.000"), ("en", "100,000"),
])
def test_number_filter_groups_digits_per_language(tmp_path, lang, expected):
    assert _render("{{ 100000|number }}", lang, tmp_path) == expected


def test_sitemap_lists_alternates_only_for_real_translations():
    de, en, fr = language("de"), language("en"), language("fr")
    page_de = SimpleNamespace(url="de/petition/")
    page_en = SimpleNamespace(url="en/petition/")
    alternates = (Alternate.of(de, page_de), Alternate.of(fr, None), Alternate.of(en, page_en))
    lonely = (Alternate.of(de, None), Alternate.of(fr, None), Alternate.of(en, SimpleNamespace(url="en/only/")))
    xml = sitemap_xml("https://example.org", [("en/petition/", alternates, "en/petition/"),
                                              ("de/petition/", alternates, "en/petition/"),
                                              ("en/only/", lonely, "en/only/")])
    root = ET.fromstring(xml)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = [u.find("s:loc", ns).text for u in root]
    assert locs == sorted(locs)
    first = root[0]
    assert [link.get("hreflang") for link in first.findall("x:link", ns)] == ["de", "en", "x-default"]
    assert first.findall("x:link", ns)[-1].get("href") == "https://example.org/en/petition/"
    only = next(u for u in root if u.find("s:loc", ns).text.endswith("/en/only/"))
    assert only.findall("x:link", ns) == []
    assert sitemap_xml("https://example.org", [("a/", lonely, None), ("b/", lonely, None)]) == \
        sitemap_xml("https://example.org", [("b/", lonely, None), ("a/", lonely, None)])


@pytest.mark.parametrize(("default", "root_url", "page", "expected"), [
    ("en", "", "petition", "en/petition/"),      # the default language's version
    ("de", "", "petition", "de/petition/"),
    ("en", "", "home", ""),                      # the root language picker stands for the homes
    ("en", None, "home", "en/"),                 # a site without a picker: the default home
    ("fr", "", "petition", None),                # no version in the default language: none
])
def test_x_default_is_the_default_languages_version_or_the_root_picker(default, root_url, page, expected):
    langs = {code: language(code) for code in ("de", "en", "fr")}
    pages = {"petition": {"de": "de/petition/", "en": "en/petition/"}, "home": {"de": "de/", "en": "en/", "fr": "fr/"}}
    alternates = tuple(Alternate.of(lang, SimpleNamespace(url=pages[page][code]) if code in pages[page] else None)
                       for code, lang in langs.items())
    assert x_default(alternates, default, f"{default}/", root_url) == expected


@pytest.mark.parametrize(("siteurl", "sitemap"), [
    ("https://example.org", "Sitemap: https://example.org/sitemap.xml"),
    ("https://example.org/campaign/", "Sitemap: https://example.org/campaign/sitemap.xml"),
    ("", None),                                   # a preview has no absolute URL to name
])
def test_robots_txt_allows_everything_and_names_the_sitemap_when_the_site_has_an_address(siteurl, sitemap):
    lines = robots_txt(siteurl).splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert (lines[2:] or [None]) == [sitemap]


def test_sort_key_ignores_accents_and_case():
    names = ["Polen", "Österreich", "Deutschland", "Estland", "Irland"]
    assert sorted(names, key=sort_key) == ["Deutschland", "Estland", "Irland", "Österreich", "Polen"]


def _letter_file(tmp_path, data):
    path = tmp_path / "x-signatories.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


GOOD = {"letter": "x", "chambers": {"c": {lang: f"Chamber {lang}" for lang in LANGUAGES}},
        "signatories": [{"name": "A", "country": "AT", "chamber": "c"}]}


def test_signatories_file_with_bad_json_names_file_and_line(tmp_path):
    path = _letter_file(tmp_path, '{\n  "letter": "x",\n  oops\n}')
    with pytest.raises(SignatoriesError, match=rf"{path}:3: not valid JSON"):
        load_letter(str(path), tuple(LANGUAGES), "en")


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d["signatories"][0].update(country="Austria"), "signatories/0/country"),
    (lambda d: d["signatories"][0].update(chamber="nope"), "unknown chamber 'nope'"),
    (lambda d: d["signatories"][0].update(country="ZZ"),  "unknown country code 'ZZ'"),
    (lambda d: d.pop("signatories"), "'signatories' is a required property"),
    (lambda d: d["signatories"][0].update(extra=1), "Additional properties"),
])
def test_invalid_signatories_file_is_an_error_naming_the_problem(tmp_path, mutate, message):
    data = json.loads(json.dumps(GOOD))
    mutate(data)
    path = _letter_file(tmp_path, data)
    with pytest.raises(SignatoriesError, match=str(path)) as info:
        load_letter(str(path), tuple(LANGUAGES), "en")
    assert message in str(info.value)


def test_signatories_are_grouped_by_country_name_in_each_language(tmp_path):
    data = json.loads(json.dumps(GOOD))
    data["signatories"] += [{"name": "B", "country": "DE", "chamber": "c"},
                            {"name": "C", "country": "AT", "chamber": "c"}]
    letter = load_letter(str(_letter_file(tmp_path, data)), tuple(LANGUAGES), "en")
    assert [(g.name, [m.name for m in g.members]) for g in letter.by_country("de")] == \
        [("Deutschland", ["B"]), ("Österreich", ["A", "C"])]
    assert [g.name for g in letter.by_country("en")] == ["Austria", "Germany"]
    assert [g.name for g in letter.by_country("ru")] == ["Австрия", "Германия"]
    assert letter.signatories[0].chamber_in("fr") == "Chamber fr"
