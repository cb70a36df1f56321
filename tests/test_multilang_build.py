"""A small fixture site (tests/data/mini-site): untranslated pages,
escaping, pagination — the cases the real content does not have."""

from __future__ import annotations

import pathlib

import pytest
from bs4 import BeautifulSoup

from sitebuild import build_site

MINI = pathlib.Path(__file__).parent / "data" / "mini-site" / "content"


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory):
    result = build_site(
        tmp_path_factory.mktemp("mini") / "output",
        {"PLUGINS": ["multilang", "signatories"]},
        content_path=str(MINI),
    )
    assert result.error is None, result.log
    return result


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


def test_untranslated_page_is_marked_in_the_switcher_not_linked_to_a_404(mini_site):
    switcher = soup(mini_site, "en/only-english/").find("nav", class_="lang-switcher")
    german = switcher.find(attrs={"lang": "de"})
    assert german["href"] == "/de/"
    assert german.find_parent("li")["class"] == ["missing"]
    assert "not translated" in german.find_parent("li").get_text() or german.find_next_sibling("span")
    french = switcher.find(attrs={"lang": "fr"})
    assert french.name == "span", "a language without any page is not linked at all"
    for link in switcher.find_all("a"):
        target = mini_site.output_path / link["href"].strip("/") / "index.html"
        assert target.is_file()


def test_hreflang_lists_only_real_translations(mini_site):
    page = soup(mini_site, "en/only-english/")
    hreflangs = {l["hreflang"] for l in page.select('link[rel="alternate"][hreflang]')}
    assert hreflangs == {"en", "x-default"}
    both = soup(mini_site, "de/both/")
    assert {l["hreflang"] for l in both.select('link[rel="alternate"][hreflang]')} == {"de", "en", "x-default"}


def test_news_index_is_paginated_per_language(mini_site):
    first = soup(mini_site, "en/news/")
    assert len(first.select(".news-list > li")) == 10
    assert first.find("a", rel="next")["href"] == "/en/news/page/2/"
    second = soup(mini_site, "en/news/page/2/")
    assert [a.get_text() for a in second.select(".news-list h3 a")] == ["News number 2", "News number 1"]
    assert second.find("a", rel="prev")["href"] == "/en/news/"
    german = soup(mini_site, "de/news/")
    assert german.select(".news-list > li") == []


def test_root_lists_only_languages_that_have_a_home_page(mini_site):
    root = BeautifulSoup((mini_site.output_path / "index.html").read_text("utf-8"), "html.parser")
    assert [li["lang"] for li in root.select("main li")] == ["de", "en"]
