"""A campaign unlike the first one, built from tests/data/any-campaign:
region-tagged and one-plural-form languages with untranslated catalogs,
units and goals from settings, counts inside sentences, a sign form per
language, one CSP setting, a letter signed by organisations."""

import re

import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings

from pelican.plugins.security_headers.files import render_headers, render_nginx
from pelican.plugins.site_config.config import site_config
from tests.conftest import ANY_CAMPAIGN_SETTINGS


@pytest.fixture(scope="module")
def settings():
    return read_settings(ANY_CAMPAIGN_SETTINGS)


def soup(site, url):
    return BeautifulSoup(site.page(url), "html.parser")


def main_text(site, url):
    return " ".join(soup(site, url).find("main").get_text(" ").split())


# --- theme text in any language ----------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "tr"])
def test_untranslated_one_form_catalog_shows_english_plurals_not_the_singular(any_campaign, lang):
    page = soup(any_campaign, f"{lang}/letter/")
    assert page.select_one("#signatories-title").get_text() == "Signed by 10 organisations"
    home = main_text(any_campaign, f"{lang}/")
    assert "36,517 people" in home
    assert "36,517 person" not in home
    assert "237 organisations" in home


def test_partly_translated_catalog_uses_each_translated_entry_and_english_for_the_rest(any_campaign):
    page = soup(any_campaign, "zh-hk/")
    assert page.select_one(".cc-headline").get_text() == "36,517 人"  # translated plural entry
    assert page.select_one("a.cta-sign").get_text() == "立即聯署"  # translated
    assert page.select_one(".skip-link").get_text() == "Skip to content"  # untranslated: the original


def test_region_tagged_language_builds_with_its_own_tag_and_locale(any_campaign):
    page = soup(any_campaign, "zh-hk/")
    assert page.html["lang"] == "zh-HK"
    assert "已有 36,517 人 聯署。" in main_text(any_campaign, "zh-hk/")


def test_build_log_reports_catalog_coverage_per_language(any_campaign):
    log = any_campaign.log
    assert re.search(r"WARNING multilang\.catalogs: multilang: catalog ja: 0 of \d+ strings translated \(0%\)", log)
    assert re.search(r"catalog zh-hk: 3 of \d+ strings translated", log)
    assert "catalog de: all" in log


# --- counters for any campaign -----------------------------------------------


def test_inline_counts_are_localized_numbers_with_or_without_their_unit(any_campaign):
    assert "Join the 36,517 people and 237 organisations who signed before you: 36,517 so far." in \
        main_text(any_campaign, "en/")
    assert "Schließen Sie sich den 36.517 Personen an: bisher 36.517." in main_text(any_campaign, "de/")


def test_inline_count_in_code_is_left_as_written(any_campaign):
    assert soup(any_campaign, "en/petition/").find("code").get_text() == "[[count pmpc]]"


def test_several_counters_on_one_page_each_with_its_unit(any_campaign):
    page = soup(any_campaign, "en/petition/")
    counters = {c["data-cc-campaign"]: c for c in page.select("section.cc-counter")}
    assert set(counters) == {"pmpc", "orgs", "cards"}
    assert counters["pmpc"].select_one(".cc-headline").get_text() == "36,517 people"
    assert counters["orgs"].select_one(".cc-headline").get_text() == "237 organisations"
    assert counters["cards"].select_one(".cc-headline").get_text() == "1,204 postcards"  # the site's own unit


def test_goal_comes_only_from_the_feed_or_the_settings_never_invented(any_campaign):
    page = soup(any_campaign, "en/petition/")
    counters = {c["data-cc-campaign"]: c for c in page.select("section.cc-counter")}
    assert counters["pmpc"].find("progress") is None  # no goal anywhere: no bar
    assert counters["orgs"].find("progress")["max"] == "300"  # the feed's goal
    assert counters["orgs"].select_one(".cc-progress-text").get_text() == "237 of 300 organisations"
    assert counters["cards"].find("progress")["max"] == "2000"  # the settings' goal
    assert counters["cards"].select_one(".cc-progress-text").get_text() == "1,204 postcards of 2,000"


def test_german_counts_organisations_as_organisations(any_campaign):
    text = main_text(any_campaign, "de/letter/")
    assert "Unterzeichnet von 10 Organisationen" in text
    assert "Personen" not in text


# --- call to action ----------------------------------------------------------


@pytest.mark.parametrize("lang,url", [("en", "https://sign.example.org/pmpc"),
                                      ("de", "https://sign.example.org/de/pmpc"),
                                      ("ja", "https://sign.example.org/pmpc")])
def test_open_campaign_offers_its_sign_form_in_each_language(any_campaign, lang, url):
    links = soup(any_campaign, f"{lang}/").select("main a.cta-sign")
    assert [a["href"] for a in links] == [url]


def test_closed_campaign_shows_the_ended_state_instead_of_the_sign_form(any_campaign):
    page = soup(any_campaign, "en/closed/")
    assert page.select("a.cta-sign") == []
    assert "sign.example.org/closed" not in str(page.find("main"))
    assert page.select_one(".cc-status").get_text().strip() == "Campaign ended on June 30, 2025"


# --- one CSP setting ---------------------------------------------------------


def test_every_page_header_file_and_nginx_example_carry_the_one_policy(any_campaign, settings):
    policy = site_config(settings).csp
    assert "form-action 'self' https://sign.example.org" in policy.meta
    assert "frame-src https://video.example.org" in policy.meta
    pages = sorted(any_campaign.output_path.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        meta = BeautifulSoup(path.read_text("utf-8"), "html.parser").find(
            "meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None and meta["content"] == policy.meta, path
    headers = (any_campaign.output_path / "_headers").read_text("utf-8")
    assert re.findall(r"^\s+Content-Security-Policy: (.+)$", headers, re.M) == [policy.header]
    assert policy.header == policy.meta + "; frame-ancestors 'none'"
    nginx = render_nginx(settings)
    assert re.findall(r'add_header Content-Security-Policy "(.+)" always;', nginx) == [policy.header]
    assert "~^/(?<lang>en|de|ja|zh-hk|tr)/ $lang;" in nginx
    assert render_headers(settings) == headers


# --- signatories for any letter ----------------------------------------------


def test_groups_are_headed_by_names_from_the_data_in_the_readers_language(any_campaign):
    de = [h.get_text() for h in soup(any_campaign, "de/letter/").select(".signatories h3")]
    assert de == ["Gewerkschaften (3)", "Nichtregierungsorganisationen (7)"]
    ja = [h.get_text() for h in soup(any_campaign, "ja/letter/").select(".signatories h3")]
    assert ja == ["Non-governmental organisations (7)", "Trade unions (3)"]  # no ja name: the original's


def test_signatories_sort_by_collation_with_accents_and_cjk(any_campaign):
    page = soup(any_campaign, "en/letter/")
    names = [n.get_text() for n in page.select(".signatories ul")[0].select(".name")]
    assert names == ["Alpha Network", "Ångström Society", "Eagle Trust", "Émigré Aid",
                     "あさひ会", "北京 Forum", "東京 Group"]


def test_signatory_url_country_and_markup_in_names(any_campaign):
    page = soup(any_campaign, "de/letter/")
    link = page.select_one(".signatories a")
    assert (link.get_text(), link["href"]) == ("Émigré Aid", "https://emigre.example.org/")
    items = {li.select_one(".name").get_text(): li for li in page.select(".signatories li")}
    assert items["Alpha Network"].select_one(".chamber").get_text() == "Frankreich"  # CLDR name in German
    assert items["Eagle Trust"].select_one(".chamber") is None  # no country: nothing invented
    assert page.find("b") is None and "<b>Ohm</b> Union" in items  # a name is text, never markup


_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def test_signatory_names_lose_bidi_and_zero_width_characters_and_are_isolated_in_bdi(any_campaign):
    """The fixture's "Eagle Trust" is written with a right-to-left override,
    an isolate, a zero-width space and a right-to-left mark; a role ends in a
    pop and a zero-width joiner."""
    page = soup(any_campaign, "en/letter/")
    section = page.select_one(".signatories")
    assert not _INVISIBLE.search(section.get_text()), "an invisible control character reached the page"
    items = {li.select_one(".name").get_text(): li for li in section.select("li")}
    assert items["Eagle Trust"].select_one(".name > bdi").get_text() == "Eagle Trust"
    assert items["北京 Forum"].select_one(".chamber > bdi").get_text() == "Donor"
    assert all(li.select_one(".name bdi") for li in section.select("li")), "every name is isolated"
    assert all(h3.select_one("bdi") for h3 in section.select("h3")), "every group name is isolated"
