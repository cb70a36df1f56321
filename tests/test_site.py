"""The site that content/ holds, built once: what a reader sees in each of its languages.

Nothing here names a page or a language of one campaign: pages come from
what the build wrote (sitemap.xml, output/), languages from site_config.
What the engine does on particular pages is tested on the fixture sites
under tests/data/ (test_open_campaign.py, test_multilang_build.py, ...).
"""

from __future__ import annotations

import pathlib
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from tests.gates import LANGUAGES, SITE, is_redirect, site_pages
from tests.sitebuild import project_settings

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def soup_of(site, url: str) -> BeautifulSoup:
    return BeautifulSoup(site.page(url), "html.parser")


def html_files(site):
    return [p for p in sorted(site.output_path.rglob("*.html")) if p.relative_to(site.output_path).parts[0] != "theme"]


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


def sitemap_pages(site) -> dict[str, list[str]]:
    """URL paths listed in sitemap.xml, by language (the root picker under "")."""
    root = ET.parse(site.output_path / "sitemap.xml").getroot()
    pages: dict[str, list[str]] = {lang: [] for lang in ("", *LANGUAGES)}
    for loc in root.iterfind("s:url/s:loc", SITEMAP_NS):
        path = urlsplit(loc.text).path
        first = path.lstrip("/").split("/", 1)[0]
        pages[first if first in LANGUAGES else ""].append(path)
    return pages


@pytest.fixture(scope="module")
def listed(built_site):
    return sitemap_pages(built_site)


def hreflang(code: str) -> str:
    return SITE.language(code).hreflang


def test_the_site_has_a_page_in_every_language(listed):
    assert [lang for lang in LANGUAGES if not listed[lang]] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_listed_page_is_in_its_language_with_a_heading(built_site, listed, lang):
    for url in listed[lang]:
        soup = soup_of(built_site, url)
        assert soup.html["lang"] == hreflang(lang), url
        assert soup.html["dir"] == SITE.language(lang).direction, url
        assert soup.find("main") is not None, url
        assert soup.find("h1").get_text(strip=True), url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_404_page(built_site, lang):
    soup = soup_of(built_site, SITE.urls.not_found(lang))
    assert soup.html["lang"] == hreflang(lang)
    home = soup.find("main").find("a", href=f"/{SITE.urls.home(lang)}")
    assert home is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hreflang_alternates_point_at_the_same_page_in_that_language(built_site, listed, lang):
    known = {hreflang(code): code for code in LANGUAGES}
    for url in listed[lang]:
        soup = soup_of(built_site, url)
        alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
        assert hreflang(lang) in alternates and "x-default" in alternates, url
        assert set(alternates) - {"x-default"} <= set(known), url
        for tag, href in alternates.items():
            target = resolve(built_site, href, url)
            assert target is not None and target.is_file(), f"{url}: {href} does not exist"
            if tag != "x-default":
                other = BeautifulSoup(target.read_text("utf-8"), "html.parser")
                assert other.html["lang"] == tag, f"{url}: {href}"
                assert href.removeprefix(f"/{known[tag]}/") == url.removeprefix(f"/{lang}/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_names_each_language_in_itself_and_links_the_same_page(built_site, listed, lang):
    for url in listed[lang]:
        switcher = soup_of(built_site, url).find("nav", class_="lang-switcher")
        names = [(el["lang"], el.get_text(strip=True)) for el in switcher.select("li > [lang]")]
        assert names == [(language.hreflang, language.native_name) for language in SITE.languages], url
        current = switcher.find(attrs={"aria-current": "true"})
        assert current["lang"] == hreflang(lang)
        for link in switcher.find_all("a"):
            assert resolve(built_site, link["href"], "/").is_file(), f"{url}: {link['href']}"


def test_root_is_a_language_picker_that_works_without_javascript(built_site):
    soup = soup_of(built_site, "")
    assert soup.find("script") is None
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None
    links = soup.select("main a")
    languages = [language for language in SITE.languages
                 if (built_site.output_path / SITE.urls.home_save_as.format(lang=language.code)).is_file()]
    assert [a.find(class_="language").get_text(strip=True) for a in links] == [lang.native_name for lang in languages]
    for a in links:
        assert resolve(built_site, a["href"], "/").is_file()
        assert a.find_parent("li")["lang"] in {lang.hreflang for lang in languages}


def catalog_text(lang: str, msgid: str) -> str:
    """The theme catalog's translation of a string for a language, or the source text."""
    path = f"{SITE.multilang.translations_path}/{lang}/LC_MESSAGES/{SITE.multilang.domain}.po"
    try:
        with open(path, "rb") as fp:
            message = read_po(fp).get(msgid)
    except FileNotFoundError:
        return msgid
    return message.string if message is not None and message.string and not message.fuzzy else msgid


@pytest.mark.parametrize("lang", LANGUAGES)
def test_theme_text_is_in_the_page_language(built_site, lang):
    page = soup_of(built_site, SITE.urls.home(lang))
    assert page.find("a", class_="skip-link").get_text(strip=True) == catalog_text(lang, "Skip to content")
    assert page.find("nav", class_="lang-switcher")["aria-label"] == catalog_text(lang, "Language")


URL_ATTRS = ("href", "src", "srcset", "action", "poster", "data", "formaction")


def test_no_element_loads_anything_from_a_third_party_host(built_site):
    """Links a reader chooses to follow (<a href>: an address list, share
    links) may go elsewhere; nothing may be fetched from there."""
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
def test_pages_have_landmarks_skip_link_and_social_metadata(built_site, listed, lang):
    output = built_site.output_path
    generated = {"/" + SITE.urls.news_index(lang)}
    for url in listed[lang]:
        soup = soup_of(built_site, url)
        assert soup.find("header") and soup.find("main", id="main") and soup.find("footer"), url
        assert soup.find("a", class_="skip-link")["href"] == "#main"
        if url in generated:
            continue
        assert soup.find("meta", property="og:title")["content"] == soup.find("h1").get_text(strip=True), url
        assert soup.find("meta", property="og:locale")["content"] == SITE.language(lang).og_locale, url
        assert soup.find("meta", attrs={"name": "twitter:card"})
        assert soup.find("meta", attrs={"name": "description"})["content"], url
        image = soup.find("meta", property="og:image")["content"]
        assert (output / image.lstrip("/")).is_file()


def signed_original_of(source: pathlib.Path) -> str | None:
    for line in source.read_text("utf-8").split("\n\n", 1)[0].splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "signed-original":
            return value.strip()
    return None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_signed_original_notice_follows_the_front_matter(built_site, lang):
    """Only a text that was not itself signed says so, with a link to the signed one."""
    content = pathlib.Path(project_settings()["PATH"])
    folder = content / lang / "pages"
    for source in sorted(folder.glob("*.md")):
        url = f"{lang}/" if source.stem == "index" else f"{lang}/{source.stem}/"
        signed = signed_original_of(source)
        notice = soup_of(built_site, url).find("p", class_="signed-original")
        if signed and signed != lang:
            assert notice is not None, url
            assert notice.find("a")["href"] == f"/{signed}/{source.stem}/", url
        else:
            assert notice is None, f"{url} was signed as it is"


def test_sitemap_lists_every_page_with_its_alternates(built_site, listed):
    tree = ET.parse(built_site.output_path / "sitemap.xml")
    urls = tree.getroot().findall("s:url", SITEMAP_NS)
    locs = {u.find("s:loc", SITEMAP_NS).text for u in urls}
    assert "/" in locs, "the language picker at the root"
    for lang in LANGUAGES:
        assert "/" + SITE.urls.home(lang) in locs
    for node in urls:
        loc = node.find("s:loc", SITEMAP_NS).text
        assert resolve(built_site, loc, "/").is_file(), loc
        assert not is_redirect(built_site.output_path, loc), f"{loc}: an old URL in the sitemap"
        for link in node.findall("x:link", SITEMAP_NS):
            assert link.get("hreflang") in {hreflang(code) for code in LANGUAGES} | {"x-default"}
            assert resolve(built_site, link.get("href"), "/").is_file()
    pages = site_pages(built_site.output_path)
    unlisted_content = [url for lang in LANGUAGES for url in pages[lang]
                        if "noindex" not in built_site.page(url) and url not in locs
                        and not url.endswith("404.html") and "/page/" not in url]
    assert unlisted_content == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_news_feed_and_menu_entry_follow_the_news_setting(built_site, lang):
    output = built_site.output_path
    feed = output / SITE.urls.news_feed_save_as.format(lang=lang)
    nav = soup_of(built_site, SITE.urls.home(lang)).find("nav", class_="site-nav")
    to_news = nav.find("a", href="/" + SITE.urls.news_index(lang))
    if not SITE.multilang.news:
        assert to_news is None and not feed.exists()
        return
    assert to_news is not None
    if feed.exists():
        ns = {"a": "http://www.w3.org/2005/Atom"}
        entries = ET.parse(feed).getroot().findall("a:entry", ns)
        assert 0 < len(entries) <= SITE.multilang.feed_items
        for entry in entries:
            assert entry.find("a:link", ns).get("href").startswith(f"/{lang}/")


def test_build_log_has_no_warnings_or_errors(built_site):
    problems = [r for r in built_site.records if r.levelname in ("WARNING", "ERROR", "CRITICAL")]
    assert [f"{r.name}: {r.getMessage()}" for r in problems] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_day_and_its_month_are_never_broken_over_two_lines(built_site, listed, lang):
    """"17 September", "10. Dezember", "9 снежня": the space between the day and
    the month (in the language's own month names) is a no-break space in
    every page's written text, so a line never ends with a bare day number.
    (Dates the build formats itself, in <time>, come from Babel as they are.)"""
    months = "|".join(re.escape(name) for name in SITE.language(lang).locale.months["format"]["wide"].values())
    broken = re.compile(rf"(?<![\d.,])\d{{1,2}}\.? (?:{months})\b", re.IGNORECASE)
    found = []
    for url in listed[lang]:
        main = soup_of(built_site, url).find("main")
        for generated in main.find_all("time") if main else []:
            generated.decompose()
        found += [f"{url}: {hit}" for hit in broken.findall(main.get_text(" "))] if main else []
    assert found == []
