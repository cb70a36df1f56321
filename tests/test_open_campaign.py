"""The second campaign (tests/data/open-campaign): what the engine does for a
campaign in eight languages (Arabic right to left, Japanese with one plural
form, region-tagged zh-hk), without a news section, with old URLs kept as
redirects and a language switcher that must fit a phone."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.multilang import aliases
from pelican.plugins.site_config.config import site_config
from tests.conftest import MINI_SETTINGS, OPEN_CAMPAIGN, OPEN_CAMPAIGN_SETTINGS
from tests.recorded import tree
from tests.sitebuild import build_site

pytestmark = pytest.mark.slow(seconds=9)  # about how long this module takes

LANGUAGES = ("en", "ar", "ja", "zh-hk", "el", "ca", "eu", "uk")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def soup(site, url: str) -> BeautifulSoup:
    return BeautifulSoup(site.page(url), "html.parser")


def settings_of(path: str) -> dict:
    from pelican.settings import read_settings

    return read_settings(path)


def test_the_fixture_has_the_languages_a_generator_must_handle():
    config = site_config(settings_of(OPEN_CAMPAIGN_SETTINGS))
    assert config.codes == LANGUAGES
    assert config.language("ar").direction == "rtl"
    assert config.language("zh-hk").hreflang == "zh-HK"
    assert len(config.language("ja").locale.plural_form.rules) == 0, "Japanese has one plural form"
    assert config.multilang.news is False


# --- no news section ------------------------------------------------------------

def test_a_campaign_without_news_has_no_news_pages_feeds_or_menu_entry(open_campaign):
    output = open_campaign.output_path
    assert list(output.rglob("*.atom")) == []
    assert [p for p in output.rglob("news") if p.is_dir()] == []
    for lang in LANGUAGES:
        page = soup(open_campaign, f"{lang}/")
        assert page.find("link", type="application/atom+xml") is None
        nav = page.find("nav", class_="site-nav")
        assert all("/news/" not in a["href"] for a in nav.find_all("a"))
        assert page.find(class_="latest-news") is None
    locs = [loc.text for loc in ET.parse(output / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert not any("/news/" in loc for loc in locs)


def test_a_news_file_in_a_campaign_without_news_fails_the_build_naming_it(tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(OPEN_CAMPAIGN / "content", content)
    (content / "en" / "news").mkdir()
    (content / "en" / "news" / "stray.md").write_text("Title: Stray\nDate: 2025-01-01\n\nText.\n", encoding="utf-8")
    result = build_site(tmp_path / "output", settings_file=OPEN_CAMPAIGN_SETTINGS, content_path=str(content))
    errors = [r.getMessage() for r in result.records if r.levelname == "ERROR"]
    assert any("MULTILANG['news'] is False" in e and "en/news/stray.md" in e for e in errors), result.log[-2000:]


def test_two_builds_of_the_same_inputs_write_the_same_bytes(open_campaign, tmp_path):
    again = build_site(tmp_path / "output", settings_file=OPEN_CAMPAIGN_SETTINGS)
    assert again.error is None
    first, second = tree(open_campaign.output_path), tree(again.output_path)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


# --- old URLs -------------------------------------------------------------------

@pytest.mark.parametrize("alias, target, lang", [
    ("sign/", "/en/petition/", "en"),
    ("en/sign-now/", "/en/petition/", "en"),
    ("about-us/", "/en/about/", "en"),
    ("ar/sign/", "/ar/petition/", "ar"),
    ("ja/sign/", "/ja/petition/", "ja"),
])
def test_an_old_url_is_a_static_redirect_page_in_the_language_of_its_page(open_campaign, alias, target, lang):
    page = soup(open_campaign, alias)
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == f"0; url={target}"
    assert page.find("link", rel="canonical")["href"] == target
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("main").find("a", href=target) is not None
    assert page.html["lang"] == site_config(settings_of(OPEN_CAMPAIGN_SETTINGS)).language(lang).hreflang
    assert page.find("script") is None
    target_title = soup(open_campaign, target).find("h1").get_text(strip=True)
    assert page.find("h1").get_text(strip=True) == target_title


def test_redirects_file_lists_every_old_url_for_hosts_that_read_one(open_campaign):
    lines = (open_campaign.output_path / "_redirects").read_text("utf-8").splitlines()
    assert lines == [
        "/about-us/ /en/about/ 301",
        "/ar/sign/ /ar/petition/ 301",
        "/en/sign-now/ /en/petition/ 301",
        "/ja/sign/ /ja/petition/ 301",
        "/sign/ /en/petition/ 301",
    ]


def test_a_site_without_aliases_writes_no_redirects_file(mini_site):
    assert not (mini_site.output_path / "_redirects").exists()


@pytest.mark.parametrize("value", ["https://elsewhere.example/", "//elsewhere.example/x", "/a/../b/", "old/",
                                   "/a b/", "/x?y=1", "javascript:alert(1)"])
def test_an_alias_must_be_a_path_of_this_site(value):
    with pytest.raises(aliases.AliasError, match="must be a path of this site"):
        aliases.parse(value)


@pytest.mark.parametrize("alias, save_as", [("/", "index.html"), ("/old/", "old/index.html"),
                                            ("/old", "old/index.html"), ("/a/b.html", "a/b.html")])
def test_an_alias_is_written_where_a_static_host_serves_it(alias, save_as):
    assert aliases.save_as(alias) == save_as


class _Page:
    def __init__(self, source, value, url="en/x/"):
        self.source_path = self.relative_source_path = source
        self.metadata = {"aliases": value}
        self.url = url


def test_an_alias_that_another_page_or_alias_uses_is_refused():
    redirects, problems = aliases.plan(
        [_Page("en/pages/a.md", "/old/, /en/b/"), _Page("en/pages/c.md", "/old/")], taken={"en/b/index.html"})
    assert [r.alias for r in redirects] == ["/old/"]
    assert problems == ["en/pages/a.md: alias /en/b/ is the address of another page",
                        "en/pages/c.md: alias /old/ is also claimed by en/pages/a.md"]


# --- the language switcher ------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_with_many_languages_the_switcher_shows_the_current_one_and_opens_into_all(open_campaign, lang):
    config = site_config(settings_of(OPEN_CAMPAIGN_SETTINGS))
    switcher = soup(open_campaign, f"{lang}/petition/").find("nav", class_="lang-switcher")
    details = switcher.find("details")
    assert details is not None and not details.has_attr("open")
    current = details.find("summary").find(class_="lang-current")
    assert current["lang"] == config.language(lang).hreflang
    assert current.get_text(strip=True) == config.language(lang).native_name
    listed = [el["lang"] for el in details.select("ul > li > [lang]")]
    assert listed == [config.language(code).hreflang for code in LANGUAGES]


def test_with_few_languages_the_switcher_is_one_inline_list(mini_site):
    switcher = soup(mini_site, "en/").find("nav", class_="lang-switcher")
    assert switcher.find("details") is None
    assert switcher.find("ul") is not None


def test_a_language_name_can_be_set_in_the_settings(open_campaign):
    switcher = soup(open_campaign, "en/").find("nav", class_="lang-switcher")
    assert switcher.find("a", lang="zh-HK").get_text(strip=True) == "繁體中文（香港）"


# --- right to left and region tags ------------------------------------------------

def test_arabic_pages_are_right_to_left_and_others_left_to_right(open_campaign):
    for lang in LANGUAGES:
        html = soup(open_campaign, f"{lang}/petition/").html
        assert html["dir"] == ("rtl" if lang == "ar" else "ltr")
    picker = soup(open_campaign, "")
    assert picker.find("li", lang="ar")["dir"] == "rtl"


def test_stylesheet_uses_logical_properties_so_the_layout_mirrors(open_campaign):
    css = (open_campaign.output_path / "theme" / "css" / "main.css").read_text("utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    physical = re.findall(r"(?<![-\w])(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:"
                          r"|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)", css)
    assert physical == []


def test_region_tagged_language_is_written_in_canonical_form(open_campaign):
    page = soup(open_campaign, "zh-hk/petition/")
    assert page.html["lang"] == "zh-HK"
    assert page.find("meta", property="og:locale")["content"] == "zh_HK"
    assert page.find("link", rel="alternate", hreflang="zh-HK")["href"] == "/zh-hk/petition/"


@pytest.mark.parametrize("lang, skip", [("ja", "本文へスキップ"), ("ar", "تخطَّ إلى المحتوى"), ("zh-hk", "跳到內容"),
                                        ("el", "Μετάβαση στο περιεχόμενο")])
def test_theme_text_comes_from_the_campaigns_own_catalogs(open_campaign, lang, skip):
    assert soup(open_campaign, f"{lang}/").find("a", class_="skip-link").get_text(strip=True) == skip


def test_build_log_has_no_warnings_or_errors(open_campaign):
    problems = [f"{r.name}: {r.getMessage()}" for r in open_campaign.records
                if r.levelname in ("WARNING", "ERROR", "CRITICAL")]
    assert problems == []


def test_the_mini_site_settings_stay_with_news(mini_site):
    assert site_config(settings_of(MINI_SETTINGS)).multilang.news is True
    assert (mini_site.output_path / "en" / "news" / "index.html").is_file()


# --- in a browser, at the narrowest phone width -----------------------------------

PHONE = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def phone(open_campaign, playwright_driver):
    """Headless Chromium at 320 px on the served fixture site (skips without a browser, fails in CI)."""
    from tools.screenshots import launch_chromium, serve_directory

    with serve_directory(open_campaign.output_path) as base:
        browser = launch_chromium(playwright_driver)
        context = browser.new_context(viewport=PHONE, is_mobile=True, java_script_enabled=False)
        try:
            yield base, context
        finally:
            context.close()
            browser.close()


LAYOUT = """() => {
  const box = (s) => { const r = document.querySelector(s).getBoundingClientRect();
                       return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {scrollWidth: document.documentElement.scrollWidth, direction: getComputedStyle(document.body).direction,
          name: box('.site-name'), summary: box('.lang-switcher summary'), nav: box('.site-nav'),
          h1: box('main h1')};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ar", "ja", "zh-hk", "el"])
def test_at_320_px_the_switcher_takes_one_line_and_nothing_overflows(phone, lang):
    from tests.gates import dominant_colour_share

    base, context = phone
    page = context.new_page()
    try:
        page.goto(f"{base}/{lang}/petition/")
        layout = page.evaluate(LAYOUT)
        png = page.screenshot(full_page=False, type="png")
        assert layout["scrollWidth"] <= PHONE["width"], "the page scrolls sideways"
        assert layout["summary"]["bottom"] - layout["summary"]["top"] < 48, "the closed switcher is one line"
        assert layout["nav"]["bottom"] < 240, "the header leaves most of the first screen to the page"
        share, colours = dominant_colour_share(png)
        assert colours >= 16 and share < 0.97, "blank screenshot"
        if lang == "ar":
            assert layout["direction"] == "rtl"
            # mirrored: the site name and the heading start at the right edge
            assert layout["name"]["right"] > PHONE["width"] - 24 and layout["name"]["left"] > 8
            assert layout["h1"]["right"] > PHONE["width"] - 24
        else:
            assert layout["direction"] == "ltr"
            assert layout["name"]["left"] < 24
        page.click(".lang-switcher summary")  # <details> opens without JavaScript
        links = page.locator(".lang-switcher li a")
        assert links.count() == len(LANGUAGES) - 1
        for i in range(links.count()):
            box = links.nth(i).bounding_box()
            assert box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    finally:
        page.close()


# --- engine behaviour once tested on the first campaign's pages ---------------------

@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_translated_signed_texts_point_to_the_signed_original(open_campaign, lang):
    notices = soup(open_campaign, f"{lang}/petition/").find_all("p", class_="notice")
    links = [a["href"] for notice in notices for a in notice.find_all("a")]
    assert "/en/petition/" in links
    assert soup(open_campaign, "en/petition/").find("p", class_="notice") is None


@pytest.mark.parametrize("lang, text", [("en", "January 12, 2024"), ("de", "12. Januar 2024"),
                                        ("fr", "12 janvier 2024")])
def test_news_dates_are_in_the_page_language(mini_site, lang, text):
    time = soup(mini_site, f"{lang}/news/item-12/").find("main").find("time")
    assert time.get_text(strip=True) == text
    assert time["datetime"].startswith("2024-01-12T10:00")


def test_news_index_lists_newest_first_ten_to_a_page(mini_site):
    links = [a["href"] for a in soup(mini_site, "en/news/").select(".news-item > :is(h2, h3) > a")]
    assert links == [f"/en/news/item-{n}/" for n in range(12, 2, -1)]
    second = [a["href"] for a in soup(mini_site, "en/news/page/2/").select(".news-item > :is(h2, h3) > a")]
    assert second == ["/en/news/item-2/", "/en/news/item-1/"]


def test_a_catalog_with_untranslated_strings_fails_check_only_when_complete_catalogs_are_required():
    from tests.sitebuild import ROOT
    from tools.catalog_check import check_catalog, source_strings

    po = OPEN_CAMPAIGN / "translations" / "ja" / "LC_MESSAGES" / "messages.po"
    wanted = source_strings(str(ROOT))
    lenient, stats = check_catalog(str(ROOT), str(po), "ja", wanted, complete=False)
    strict, _ = check_catalog(str(ROOT), str(po), "ja", wanted, complete=True)
    assert lenient and all(problem.warning for problem in lenient), "gaps are only warnings"
    assert stats.untranslated > 0 and stats.translated > 0
    assert any("untranslated" in problem.message for problem in strict)


def test_original_text_in_a_right_to_left_page_keeps_its_own_language_and_direction(open_campaign):
    """An untranslated page in the Arabic frame: its English title, text and menu entry are marked
    lang="en" dir="ltr", so punctuation does not flip and screen readers switch voice."""
    config = site_config(open_campaign.settings)
    rtl = [lang for lang in config.codes if config.language(lang).direction == "rtl"]
    assert rtl, "the fixture has a right-to-left language"
    checked = 0
    for path in sorted(open_campaign.output_path.rglob("*.html")):
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        own = page.html.get("lang")
        for element in page.body.find_all(attrs={"lang": True}):
            if element["lang"] == own or element.name == "html":
                continue
            code = next((c for c in config.codes if config.language(c).hreflang == element["lang"]), None)
            if code is None:
                continue
            assert element.get("dir") == config.language(code).direction, \
                f"{path.relative_to(open_campaign.output_path)}: <{element.name} lang={element['lang']}> without its dir"
            if page.html.get("dir") == "rtl" and element.get("dir") == "ltr":
                checked += 1
    assert checked >= 3, "the Arabic fallback page's title, text and menu entry"


# Where a sentence starts and ends on screen: the first and the last letter
# (not space) of the block's text, by Range client rects, against the block's
# content box.
ENDS = """(selector) => {
  const el = document.querySelector(selector);
  const nodes = []; const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) if (n.textContent.trim()) nodes.push(n);
  const rect = (node, i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                              const b = r.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top}; };
  const first = nodes[0], last = nodes[nodes.length - 1];
  const end = last.textContent.trimEnd().length - 1;
  const style = getComputedStyle(el); const box = el.getBoundingClientRect();
  return {text: el.textContent.trim(), first: rect(first, first.textContent.search(/\\S/)),
          last: rect(last, end), beforeLast: rect(last, end - 1),
          left: box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth),
          right: box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth)};
}"""

# Words the browser split over two lines (a break after a hyphen or a soft
# hyphen is where the word may break): a word whose first and last letters
# sit on different lines.
SPLIT_WORDS = """() => {
  // the line of one letter: its last rect (a range that starts after a soft
  // hyphen at a line end also covers the hyphen drawn on the line before)
  const line = (node, i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                              const rects = [...r.getClientRects()].filter(b => b.width > 0);
                              return rects.length ? Math.round(rects[rects.length - 1].top / 4) : null; };
  const split = []; const root = document.querySelector('body');
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.parentElement.checkVisibility()) continue;
    for (const m of n.textContent.matchAll(/[^\\s\\-\\u00ad\\u2010]+/g)) {
      const first = line(n, m.index), last = line(n, m.index + m[0].length - 1);
      if (first !== null && last !== null && first !== last) split.push(m[0]);
    }
  }
  return split;
}"""


@pytest.mark.browser
def test_in_a_right_to_left_page_an_untranslated_sentence_reads_left_to_right_and_arabic_right_to_left(phone):
    """The catalog's English fallback inside an Arabic page: its full stop stays
    at the end of the sentence (on the right), the sentence starts at the left
    edge; the Arabic text of the same site keeps starting at the right edge."""
    base, context = phone
    page = context.new_page()
    try:
        page.goto(f"{base}/ar/about/")
        english = page.evaluate(ENDS, ".notice")
        assert english["text"].endswith(".") and english["text"].isascii(), "the fixture's notice is untranslated"
        assert english["last"]["top"] == english["beforeLast"]["top"]
        assert english["last"]["left"] >= english["beforeLast"]["right"] - 0.5, "the full stop jumped before the text"
        assert english["first"]["left"] - english["left"] < 2, "the English sentence starts at the left edge"
        page.goto(f"{base}/ar/petition/")
        arabic = page.evaluate(ENDS, "main .text p")
        assert not arabic["text"].isascii()
        assert arabic["right"] - arabic["first"]["right"] < 2, "the Arabic paragraph starts at the right edge"
        assert arabic["first"]["left"] > arabic["left"] + 24
        label = page.evaluate(ENDS, ".cc-label")
        assert label["text"].isascii() and label["first"]["left"] - label["left"] < 2, "an English counter label"
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("url", ["ar/", "ar/about/", "ar/petition/"])
def test_at_320_px_no_word_of_a_right_to_left_page_is_split_over_two_lines(phone, url):
    base, context = phone
    page = context.new_page()
    try:
        page.goto(f"{base}/{url}")
        assert page.evaluate(SPLIT_WORDS) == []
    finally:
        page.close()
