"""A small fixture site (tests/data/mini-site): untranslated pages,
escaping, pagination — the cases the real content does not have."""

from __future__ import annotations

import pathlib
import shutil

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.site_config.config import site_config
from tests.conftest import MINI_SETTINGS
from tests.sitebuild import build_site


def soup(site, url):
    return BeautifulSoup(site.page(url), "html.parser")


def test_titles_from_markdown_are_escaped_by_the_theme(mini_site):
    html = mini_site.page("en/only-english/")
    assert '<script>alert("owned")</script>' not in html
    assert "&lt;script&gt;alert(" in html
    page = soup(mini_site, "en/only-english/")
    assert page.find("script") is None
    assert page.find("h1").get_text() == '<script>alert("owned")</script> & "quoted" <b>bold</b>'
    assert page.find("h1").find("b") is None
    og = page.find("meta", property="og:title")
    assert og["content"] == page.find("h1").get_text()  # an attribute value, escaped
    assert page.find("meta", attrs={"name": "description"})["content"] == "A summary with in it"


@pytest.fixture(scope="module")
def mini_site_omit(tmp_path_factory):
    result = build_site(tmp_path_factory.mktemp("mini-omit") / "output",
                        {"MULTILANG": {"untranslated": "omit"}}, settings_file=MINI_SETTINGS)
    assert result.error is None, result.log
    return result


def test_untranslated_page_falls_back_to_the_original_with_a_notice(mini_site):
    switcher = soup(mini_site, "en/only-english/").find("nav", class_="lang-switcher")
    german = switcher.find("a", attrs={"lang": "de"})
    assert german["href"] == "/de/only-english/"
    assert "(not translated)" in german.find_parent("li").get_text()  # in the reader's language

    page = soup(mini_site, "de/only-english/")
    assert page.html["lang"] == "de"  # the frame is German ...
    assert page.find("div", class_="text")["lang"] == "en"  # ... the text is marked English
    assert page.find("h1")["lang"] == "en"
    notice = page.find("p", class_="notice").get_text(" ", strip=True)
    assert "noch nicht" in notice and "English" in notice
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("link", rel="canonical")["href"] == "/en/only-english/"
    assert page.find("a", class_="skip-link").get_text() == "Zum Inhalt springen"
    menu = [a for a in page.select(".site-nav a") if a["href"] == "/de/only-english/"]
    assert menu and menu[0]["lang"] == "en"


def test_omit_policy_leaves_untranslated_pages_out_and_never_links_a_404(mini_site_omit):
    assert not (mini_site_omit.output_path / "de" / "only-english").exists()
    switcher = soup(mini_site_omit, "en/only-english/").find("nav", class_="lang-switcher")
    german = switcher.find(attrs={"lang": "de"})
    assert german["href"] == "/de/"
    assert german.find_parent("li")["class"] == ["missing"]
    french = switcher.find(attrs={"lang": "fr"})
    assert french.name == "span", "a language without any page is not linked at all"
    for link in switcher.find_all("a"):
        target = mini_site_omit.output_path / link["href"].strip("/") / "index.html"
        assert target.is_file()
    menu = [a["href"] for a in soup(mini_site_omit, "de/").select(".site-nav a")]
    assert "/de/only-english/" not in menu


def test_hreflang_lists_only_real_translations(mini_site):
    page = soup(mini_site, "en/only-english/")
    hreflangs = {link["hreflang"] for link in page.select('link[rel="alternate"][hreflang]')}
    assert hreflangs == {"en", "x-default"}
    both = soup(mini_site, "de/both/")
    assert {link["hreflang"] for link in both.select('link[rel="alternate"][hreflang]')} == {"de", "en", "x-default"}


def test_news_index_is_paginated_per_language(mini_site):
    first = soup(mini_site, "en/news/")
    assert len(first.select(".news-list > li")) == 10
    assert first.find("a", rel="next")["href"] == "/en/news/page/2/"
    second = soup(mini_site, "en/news/page/2/")
    assert [a.get_text() for a in second.select(".news-item > :is(h2, h3) > a")] == ["News number 2", "News number 1"]
    assert second.find("a", rel="prev")["href"] == "/en/news/"
    german = soup(mini_site, "de/news/")  # English news, marked as such
    first_de = german.select(".news-item > :is(h2, h3) > a")[0]
    assert first_de["href"] == "/de/news/item-12/" and first_de["lang"] == "en"
    assert "(English)" in first_de.find_parent(["h2", "h3"]).get_text()
    assert not (mini_site.output_path / "de" / "feed.atom").exists(), "feeds carry only real articles"
    assert german.find("link", type="application/atom+xml") is None, "no link to a feed that is not there"
    assert soup(mini_site, "en/news/").find("link", type="application/atom+xml")["href"] == "/en/feed.atom"


def test_root_lists_only_languages_that_have_a_home_page(mini_site_omit):
    root = BeautifulSoup((mini_site_omit.output_path / "index.html").read_text("utf-8"), "html.parser")
    assert [li["lang"] for li in root.select("main li")] == ["de", "en"]


@pytest.mark.parametrize("fixture", ["mini_site", "open_campaign"])
def test_the_servers_404_speaks_every_language_that_has_a_home_page(request, fixture):
    site = request.getfixturevalue(fixture)
    config = site_config(site.settings)
    root = soup(site, "404.html")
    sections = root.select("section.not-found")
    homes = [lang for lang in config.codes if (site.output_path / config.urls.home_save_as.format(lang=lang)).exists()]
    assert [s["lang"] for s in sections] == [config.language(lang).hreflang for lang in homes]
    assert len(root.find_all("h1")) == 1, "one main heading; the other languages are second-level"
    for section, lang in zip(sections, homes, strict=True):
        assert section["dir"] == config.language(lang).direction
        own = soup(site, config.urls.not_found_save_as.format(lang=lang))
        assert section.find(["h1", "h2"]).get_text() == own.find("h1").get_text()  # the language's own words
        assert section.find("a")["href"] == f"/{config.urls.home(lang)}"


@pytest.mark.parametrize(("policy", "href"), [("fallback", "/de/only-english/"), ("omit", "/en/only-english/")])
def test_a_filename_link_to_an_untranslated_page_follows_the_untranslated_policy(tmp_path, policy, href):
    """content/de/pages/both.md links {filename}only-english.md, which exists only in English."""
    from tests.conftest import MINI_SITE

    content = tmp_path / "content"
    shutil.copytree(MINI_SITE / "content", content)
    page = content / "de/pages/both.md"
    page.write_text(page.read_text("utf-8") + "\nSiehe [die Seite]({filename}only-english.md).\n", "utf-8")
    settings = {"MULTILANG": {"translations_path": str(MINI_SITE / "translations"), "untranslated": policy}}
    result = build_site(tmp_path / "out", settings, content_path=str(content), settings_file=MINI_SETTINGS)
    assert result.error is None, result.log
    assert "Unable to find" not in result.log
    assert f'href="{href}"' in result.page("de/both/")


def test_home_pages_follow_the_home_url_setting(tmp_path):
    settings = {"HOME_URL": "{lang}/start/", "HOME_SAVE_AS": "{lang}/start/index.html",
                "MULTILANG": {"translations_path": str(pathlib.Path(MINI_SETTINGS).parent / "translations")}}
    result = build_site(tmp_path / "out", settings, settings_file=MINI_SETTINGS)
    assert result.error is None, result.log
    assert not (tmp_path / "out" / "de" / "index.html").exists()
    home = BeautifulSoup(result.page("de/start/"), "html.parser")
    assert home.find("a", class_="site-name")["href"] == "/de/start/"
    root = BeautifulSoup(result.page(""), "html.parser")
    assert "/de/start/" in [a["href"] for a in root.select("main a")]
