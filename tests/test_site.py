"""The real site, built once: what a reader sees in each of the five languages."""

from __future__ import annotations

import pathlib
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import LANGUAGES

PAGES = ["", "petition/", "open-letter/", "contact/", "news/",
         "news/signatures-handed-over/", "news/postcard-week/"]
NATIVE = {"de": "Deutsch", "fr": "Français", "ru": "Русский", "be": "Беларуская", "it": "Italiano", "en": "English"}


def soup_of(site, url: str) -> BeautifulSoup:
    return BeautifulSoup(site.page(url), "html.parser")


def html_files(site):
    return sorted(site.output_path.rglob("*.html"))


def resolve(site, href: str, base_url: str):
    """The output file a site-internal href points at (None when external)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path
    if not path.startswith("/"):
        base = base_url if base_url.endswith("/") else base_url.rsplit("/", 1)[0] + "/"
        path = "/" + base.lstrip("/") + path
    target = site.output_path / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return target


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("url", PAGES)
def test_every_campaign_page_exists_in_every_language(built_site, lang, url):
    soup = soup_of(built_site, f"{lang}/{url}")
    assert soup.html["lang"] == lang
    assert soup.find("main") is not None
    assert soup.find("h1").get_text(strip=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_404_page(built_site, lang):
    soup = BeautifulSoup((built_site.output_path / lang / "404.html").read_text("utf-8"), "html.parser")
    assert soup.html["lang"] == lang
    home = soup.find("main").find("a", href=f"/{lang}/")
    assert home is not None


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("url", PAGES)
def test_hreflang_alternates_point_at_the_same_page_in_that_language(built_site, lang, url):
    soup = soup_of(built_site, f"{lang}/{url}")
    alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
    assert set(LANGUAGES) <= set(alternates), "every page of the campaign exists in all five languages"
    assert "x-default" in alternates
    for hreflang, href in alternates.items():
        target = resolve(built_site, href, f"/{lang}/{url}")
        assert target is not None and target.is_file(), f"{href} does not exist"
        if hreflang != "x-default":
            other = BeautifulSoup(target.read_text("utf-8"), "html.parser")
            assert other.html["lang"] == hreflang
            assert href == f"/{hreflang}/{url}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("url", PAGES)
def test_language_switcher_names_each_language_in_itself_and_links_the_same_page(built_site, lang, url):
    switcher = soup_of(built_site, f"{lang}/{url}").find("nav", class_="lang-switcher")
    names = [el.get_text(strip=True) for el in switcher.select("[lang]")]
    assert names == [NATIVE[code] for code in LANGUAGES]
    current = switcher.find(attrs={"aria-current": "true"})
    assert current["lang"] == lang
    for link in switcher.find_all("a"):
        assert link["href"] == f"/{link['hreflang']}/{url}"
        assert resolve(built_site, link["href"], "/").is_file()


def test_root_is_a_language_picker_that_works_without_javascript(built_site):
    soup = BeautifulSoup((built_site.output_path / "index.html").read_text("utf-8"), "html.parser")
    assert soup.find("script") is None
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None
    links = soup.select("main a")
    assert [a.find(class_="language").get_text(strip=True) for a in links] == [NATIVE[c] for c in LANGUAGES]
    for a in links:
        assert resolve(built_site, a["href"], "/").is_file()
        assert a.find_parent("li")["lang"] in LANGUAGES


GERMAN_UI = {"skip": "Zum Inhalt springen", "news": "Aktuelles"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_theme_text_is_in_the_page_language(built_site, lang):
    texts = {
        code: soup_of(built_site, f"{code}/petition/").find("a", class_="skip-link").get_text(strip=True)
        for code in LANGUAGES
    }
    assert texts["en"] == "Skip to content"
    if lang != "en":
        assert texts[lang] != texts["en"], f"{lang} page shows the English skip link"
    assert len(set(texts.values())) == len(LANGUAGES)


def test_german_page_shows_german_theme_strings(built_site):
    soup = soup_of(built_site, "de/petition/")
    assert soup.find("a", class_="skip-link").get_text(strip=True) == GERMAN_UI["skip"]
    assert GERMAN_UI["news"] in soup.find("nav", class_="site-nav").get_text()


NEWS_DATE = {
    "de": "9. Dezember 2022",
    "fr": "9 décembre 2022",
    "ru": "9 декабря 2022\u202fг.",
    "be": "9 снежня 2022\u202fг.",
    "it": "9 dicembre 2022",
    "en": "9 December 2022",  # British English, as the English pages are written
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_news_dates_are_localized(built_site, lang):
    soup = soup_of(built_site, f"{lang}/news/signatures-handed-over/")
    time = soup.find("main").find("time")
    assert time.get_text(strip=True) == NEWS_DATE[lang]
    assert time["datetime"].startswith("2022-12-09T09:30")


COUNTRY = {"de": ("Österreich", "Vereinigtes Königreich"), "fr": ("Autriche", "Royaume-Uni"),
           "ru": ("Австрия", "Великобритания"), "be": ("Аўстрыя", "Вялікабрытанія"),
           "it": ("Austria", "Regno Unito"),
           "en": ("Austria", "United Kingdom")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_letter_lists_all_signatories_grouped_by_localized_country(built_site, lang):
    section = soup_of(built_site, f"{lang}/open-letter/").find("section", class_="signatories")
    groups = [h3.contents[0].strip() for h3 in section.find_all("h3")]
    for country in COUNTRY[lang]:
        assert country in groups
    assert len(groups) == len(set(groups))
    names = [el.get_text(strip=True) for el in section.select(".signatory-list .name")]
    assert len(names) == 131
    assert "Ales Bialiatski" not in names
    assert "Katrin Göring-Eckardt" in names
    assert "Storting" in section.get_text() or "Стортинг" in section.get_text() or "Стортынг" in section.get_text()
    assert "Sorting" not in section.get_text()


def test_signatory_groups_are_in_alphabetical_order_ignoring_accents(built_site):
    from pelican.plugins.signatories.model import sort_key

    section = soup_of(built_site, "de/open-letter/").find("section", class_="signatories")
    groups = [h3.contents[0].strip() for h3 in section.find_all("h3")]
    assert groups == sorted(groups, key=sort_key)
    assert groups.index("Österreich") < groups.index("Polen")


URL_ATTRS = ("href", "src", "srcset", "action", "poster", "data", "formaction")


def test_no_element_loads_anything_from_a_third_party_host(built_site):
    """Links a reader chooses to follow (<a href>: the prisoners' address
    list, share links) may go elsewhere; nothing may be fetched from there."""
    offenders = []
    for path in html_files(built_site):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for tag in soup.find_all(True):
            for attr in URL_ATTRS:
                if attr == "href" and tag.name in ("a", "area"):
                    continue
                value = tag.get(attr)
                if value and re.match(r"^(https?:)?//", value.strip(), re.I):
                    offenders.append(f"{path.relative_to(built_site.output_path)}: <{tag.name} {attr}={value}>")
        for style in soup.find_all(style=True):
            if "url(" in style["style"]:
                offenders.append(f"{path}: inline style with url()")
    css = "".join(p.read_text("utf-8") for p in built_site.output_path.rglob("*.css"))
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert offenders == []


def test_pages_need_no_javascript_and_carry_no_inline_script(built_site):
    for path in html_files(built_site):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src"), f"inline script in {path}"
        for tag in soup.find_all(True):
            assert not any(attr.startswith("on") for attr in tag.attrs), f"event handler in {path}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_have_landmarks_skip_link_and_social_metadata(built_site, lang):
    soup = soup_of(built_site, f"{lang}/petition/")
    assert soup.find("header") and soup.find("main", id="main") and soup.find("footer")
    assert soup.find("a", class_="skip-link")["href"] == "#main"
    assert soup.find("meta", property="og:title")["content"] == soup.find("h1").get_text(strip=True)
    assert soup.find("meta", property="og:locale")["content"].startswith(lang + "_")
    assert soup.find("meta", attrs={"name": "twitter:card"})
    assert soup.find("meta", attrs={"name": "description"})["content"]
    image = soup.find("meta", property="og:image")["content"]
    assert (built_site.output_path / image.lstrip("/")).is_file()


def signed_notice(soup):
    """The 'this translation was not signed' notice, if any."""
    return soup.find("p", class_="signed-original")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_signed_original_notice_follows_the_front_matter(built_site, lang):
    """Only a text that was not itself signed says so, with a link to the
    signed one; the petition was signed in several languages, the open
    letter only in English."""
    root = pathlib.Path(__file__).resolve().parent.parent / "content"
    for name in ("petition", "open-letter"):
        source = (root / lang / "pages" / f"{name}.md").read_text("utf-8")
        signed = next((line.split(":", 1)[1].strip() for line in source.splitlines()
                       if line.lower().startswith("signed-original:")), None)
        notice = signed_notice(soup_of(built_site, f"{lang}/{name}/"))
        if signed and signed != lang:
            assert notice is not None, f"{lang}/{name}/"
            assert notice.find("a")["href"] == f"/{signed}/{name}/"
        else:
            assert notice is None, f"{lang}/{name}/ was signed as it is"


def test_petition_versions_that_were_signed_carry_no_signed_original_notice(built_site):
    for lang in ("de", "fr", "ru", "it", "en"):
        assert signed_notice(soup_of(built_site, f"{lang}/petition/")) is None


def test_sitemap_lists_every_page_with_its_alternates(built_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(built_site.output_path / "sitemap.xml")
    urls = tree.getroot().findall("s:url", ns)
    locs = [u.find("s:loc", ns).text for u in urls]
    for lang in LANGUAGES:
        for url in PAGES:
            assert f"/{lang}/{url}" in locs
    assert "/" in locs, "the language picker at the root"
    for node in urls:
        loc = node.find("s:loc", ns).text
        assert resolve(built_site, loc, "/").is_file(), loc
        if loc == "/":
            continue
        links = node.findall("x:link", ns)
        assert {link.get("hreflang") for link in links} == set(LANGUAGES)
        for link in links:
            assert resolve(built_site, link.get("href"), "/").is_file()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_an_atom_feed_of_its_own_news(built_site, lang):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(built_site.output_path / lang / "feed.atom").getroot()
    entries = root.findall("a:entry", ns)
    assert len(entries) == 2
    for entry in entries:
        link = entry.find("a:link", ns).get("href")
        assert link.startswith(f"/{lang}/news/")


def test_news_index_lists_newest_first(built_site):
    soup = soup_of(built_site, "en/news/")
    links = [a["href"] for a in soup.select(".news-item > :is(h2, h3) > a")]
    assert links == ["/en/news/signatures-handed-over/", "/en/news/postcard-week/"]


def test_build_log_has_no_warnings_or_errors(built_site):
    problems = [r for r in built_site.records if r.levelname in ("WARNING", "ERROR", "CRITICAL")]
    assert [f"{r.name}: {r.getMessage()}" for r in problems] == []
